"""Backups and restores as the administrator runs them: `kinerja-bot cadangkan -o FILE` while the
bot works, `kinerja-bot pulihkan FILE` into a new, empty database, and the round going on there.

Each test's database is the one conftest gives it; the database restored into is a new one of
the same kind (a file beside it, or a new database on the same PostgreSQL server). The
PostgreSQL round trip at the end runs only when KINERJA_TEST_DATABASE_URL names a server.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text, update
from sqlalchemy.engine import make_url

from bot import texts
from bot.cli import main
from bot.config import load_settings
from bot.emulator.samples import pdf
from bot.states import RoundState
from bot.workflow import approvals, bukti, files, master
from bot.workflow.context import Ctx, build_context
from storage.db import make_engine, make_sessions, upgrade
from storage.models import Document, Round
from tests.conftest import (
    DAFDUK,
    KABID_DAFDUK,
    KASUBAG,
    KEPALA,
    OPERATOR,
    SEKRETARIS,
    Office,
    database_rows,
)

TEST_DATABASE = os.environ.get("KINERJA_TEST_DATABASE_URL")


@contextmanager
def new_database(like: str, folder: Path) -> Iterator[str]:
    """The URL of a new, empty database of the same kind as `like`, removed afterwards."""
    url = make_url(like)
    if url.get_backend_name() == "sqlite":
        yield f"sqlite:///{folder / f'baru-{uuid.uuid4().hex[:8]}.db'}"
        return
    name = f"kinerja_pulih_{uuid.uuid4().hex[:12]}"
    server = create_engine(url, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


def started(url: str, like: Ctx) -> Ctx:
    """The context a bot started on `url` has (a start migrates), with `like`'s clock."""
    engine = make_engine(url)
    upgrade(engine)
    settings = like.settings.model_copy(update={"database_url": url})
    return Ctx(make_sessions(engine), like.clock, like.calendar, settings)


@contextmanager
def restored_copy(office: Office, administrator: pytest.MonkeyPatch, folder: Path) -> Iterator[Ctx]:
    """The office backed up with `cadangkan` and restored with `pulihkan` into a new, empty
    database of the same kind: a bot's context there."""
    backup = folder / "salinan.cadangan"
    assert main(["cadangkan", "-o", str(backup)]) == 0
    with new_database(office.ctx.settings.database_url, folder) as url:
        administrator.setenv("KINERJA_DATABASE_URL", url)
        assert main(["pulihkan", str(backup)]) == 0
        restored = started(url, office.ctx)
        try:
            yield restored
        finally:
            restored.sessions.kw["bind"].dispose()


@pytest.fixture
def administrator(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, office: Office
) -> pytest.MonkeyPatch:
    """The CLI pointed at the office's database, from a folder without a .env."""
    folder = tmp_path / "admin"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.delenv("KINERJA_CADANGAN_FOLDER", raising=False)
    monkeypatch.setenv("KINERJA_DATABASE_URL", office.ctx.settings.database_url)
    return monkeypatch


def test_a_round_continues_after_its_backup_is_restored_into_a_new_empty_database(
    office: Office,
    administrator: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    at_kasubag = office.walk(at_step=7)
    backup = tmp_path / "cadangan" / "kinerja-sebelum-paraf"
    assert main(["cadangkan", "-o", str(backup)]) == 0
    said = capsys.readouterr().out
    assert said.startswith(f"Cadangan ditulis ke {backup} (") and "buku kerja final" in said

    with new_database(office.ctx.settings.database_url, tmp_path) as url:
        administrator.setenv("KINERJA_DATABASE_URL", url)
        assert main(["pulihkan", str(backup)]) == 0
        assert capsys.readouterr().out.startswith(f"Cadangan {backup} dipulihkan ke ")
        there = Office(started(url, office.ctx), office.clock)
        assert database_rows(there.ctx) == database_rows(office.ctx)

        rid = at_kasubag.id
        for approver in (KASUBAG, SEKRETARIS, KEPALA):
            office.clock.advance(minutes=5)
            there.press(approvals.approve, approver, rid)
        office.clock.advance(minutes=5)
        finalised = there.press(approvals.finalise, OPERATOR, rid)

        assert finalised.state == RoundState.SILAKIP
        with there.ctx.read() as session:
            assert session.scalars(select(Document.kind).where(Document.round_id == rid)).all()
        assert office.round(rid).state == at_kasubag.state, "the backed-up office did not move"
        there.ctx.sessions.kw["bind"].dispose()


def test_the_final_workbook_travels_in_the_backup(
    office: Office,
    administrator: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    office.walk(at_step=11)
    final = files.compiled_for(office.ctx, actor=None, tahun=2026, triwulan=2)
    with restored_copy(office, administrator, tmp_path) as restored:
        assert files.compiled_for(restored, actor=None, tahun=2026, triwulan=2) == final


def test_evidence_files_travel_in_the_backup(
    office: Office,
    administrator: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """Issue 14: a bukti dukung's bytes are in the database, so the backup carries them."""
    round_ = office.walk(at_step=4)
    submission = office.submission(round_.id, DAFDUK)
    report = pdf("Laporan perekaman KTP-el Juni 2026")
    kept = office.attach(KABID_DAFDUK, submission, office.items(submission)[0].indicator_id, report)
    with restored_copy(office, administrator, tmp_path) as restored:
        opened = bukti.opened(restored, actor=OPERATOR, bukti_id=kept.file.id)
        assert opened == ("laporan.pdf", report)


def test_a_backup_taken_during_a_write_holds_only_what_was_committed(
    office: Office,
    administrator: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    round_ = office.walk(at_step=2)
    backup = tmp_path / "tengah-transaksi"
    with office.ctx.sessions() as writing:
        writing.execute(update(Round).where(Round.id == round_.id).values(version=999))
        writing.flush()
        assert main(["cadangkan", "-o", str(backup)]) == 0
        writing.rollback()
    with new_database(office.ctx.settings.database_url, tmp_path) as url:
        administrator.setenv("KINERJA_DATABASE_URL", url)
        assert main(["pulihkan", str(backup)]) == 0
        restored = Office(started(url, office.ctx), office.clock)
        assert restored.round(round_.id).version == round_.version
        restored.ctx.sessions.kw["bind"].dispose()


def test_a_database_holding_data_is_never_restored_over(
    office: Office,
    administrator: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    backup = tmp_path / "cadangan"
    assert main(["cadangkan", "-o", str(backup)]) == 0
    capsys.readouterr()
    office.walk(at_step=2)
    before = database_rows(office.ctx)
    assert main(["pulihkan", str(backup)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Gagal: Basis data tujuan sudah berisi data (antara lain tabel ")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert database_rows(office.ctx) == before


def test_a_database_a_bot_only_migrated_counts_as_empty(
    office: Office,
    administrator: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    backup = tmp_path / "cadangan"
    assert main(["cadangkan", "-o", str(backup)]) == 0
    with new_database(office.ctx.settings.database_url, tmp_path) as url:
        migrated = started(url, office.ctx)
        administrator.setenv("KINERJA_DATABASE_URL", url)
        assert main(["pulihkan", str(backup)]) == 0
        assert master.get_office(migrated).nama == master.get_office(office.ctx).nama
        migrated.sessions.kw["bind"].dispose()


def test_a_file_that_is_not_a_backup_or_is_missing_is_refused_in_one_sentence(
    office: Office,
    administrator: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    stranger = tmp_path / "catatan.txt"
    stranger.write_text("bukan cadangan", encoding="utf-8")
    missing = tmp_path / "tidak-ada.db"
    with new_database(office.ctx.settings.database_url, tmp_path) as url:
        administrator.setenv("KINERJA_DATABASE_URL", url)
        assert main(["pulihkan", str(stranger)]) == 1
        assert main(["pulihkan", str(missing)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"Gagal: {texts.cadangan_tak_dikenal(str(stranger))}",
        f"Gagal: {texts.cadangan_tidak_ada(str(missing))}",
    ]


def test_a_sqlite_backup_is_not_restored_into_postgresql(
    office: Office,
    administrator: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if make_url(office.ctx.settings.database_url).get_backend_name() != "sqlite":
        pytest.skip("the office's database is PostgreSQL itself")
    backup = tmp_path / "sqlite.cadangan"
    assert main(["cadangkan", "-o", str(backup)]) == 0
    administrator.setenv("KINERJA_DATABASE_URL", "postgresql+psycopg://kinerja@127.0.0.1:9/baru")
    assert main(["pulihkan", str(backup)]) == 1
    assert capsys.readouterr().err == (
        f"Gagal: {texts.cadangan_beda_jenis(str(backup), 'sqlite', 'postgresql')}\n"
    )


def test_without_pg_dump_a_postgresql_backup_says_so_in_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH with no pg_dump on it
    monkeypatch.setenv("KINERJA_DATABASE_URL", "postgresql+psycopg://kinerja:rahasia@db/kinerja")
    assert main(["cadangkan", "-o", str(tmp_path / "kinerja.dump")]) == 1
    err = capsys.readouterr().err
    assert err == f"Gagal: {texts.perkakas_tidak_ada('pg_dump')}\n"
    assert "apt install postgresql-client" in err and "rahasia" not in err
    assert not (tmp_path / "kinerja.dump").exists()


@pytest.mark.skipif(TEST_DATABASE is None, reason="KINERJA_TEST_DATABASE_URL is not set")
def test_a_postgresql_office_is_backed_up_with_pg_dump_and_restored_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert TEST_DATABASE is not None
    monkeypatch.chdir(tmp_path)
    backup = tmp_path / "kinerja.dump"
    with new_database(TEST_DATABASE, tmp_path) as source:
        monkeypatch.setenv("KINERJA_DATABASE_URL", source)
        assert main(["init", "--contoh", "--kabupaten", "Musi Rawas"]) == 0
        assert main(["undang", "--peran", "operator"]) == 0
        assert main(["cadangkan", "-o", str(backup)]) == 0
        assert backup.read_bytes().startswith(b"PGDMP")
        assert main(["pulihkan", str(backup)]) == 1
        with new_database(TEST_DATABASE, tmp_path) as target:
            monkeypatch.setenv("KINERJA_DATABASE_URL", target)
            assert main(["pulihkan", str(backup)]) == 0
            kept, restored = (
                build_context(load_settings(database_url=u)) for u in (source, target)
            )
            assert database_rows(restored) == database_rows(kept)
            assert len(database_rows(restored)["indicators"]) == 30
            for ctx in (kept, restored):
                ctx.sessions.kw["bind"].dispose()
    assert "Gagal: Basis data tujuan sudah berisi data" in capsys.readouterr().err

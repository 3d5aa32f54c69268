"""`kinerja-bot db status|upgrade`, and a database that cannot be used, as an administrator sees
them: Indonesian lines, one sentence on failure, never the database password."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.cli import main
from storage.db import make_engine, schema_status
from tests.database import Databases, on_postgresql

PASSWORD = "RAHASIA-sandi-basis-data"
MIGRATIONS = (
    "  0001 — skema awal",
    "  0002 — peran: pelaksana tugas, surat, pencabutan; salinan definisi indikator per putaran",
    "  0003 — kartu langkah: pesan keluar yang menjadi kartu langkah, dan suntingan kartu terkirim",
    "  0004 — beberapa proses: identitas proses, sewa polling, pemegang sewa outbox",
    "  0005 — silakip per bidang: centang setiap bidang yang sudah diinput ke SILAKIP (langkah 11)",
    "  0006 — bukti dukung dan analisis: berkas bukti, faktor penghambat, upaya, faktor pendorong",
)
HEAD = "0006"


@pytest.fixture(autouse=True)
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in ("TELEGRAM_BOT_TOKEN", "KINERJA_DATABASE_URL", "KINERJA_CLOCK_FILE"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def _use(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("KINERJA_DATABASE_URL", url)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_status_of_a_new_database_lists_every_migration_and_changes_nothing(
    databases: Databases, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    url = databases.url("baru", migrated=False)
    _use(monkeypatch, url)

    assert main(["db", "status"]) == 0

    lines = capsys.readouterr().out.splitlines()
    assert lines[1:] == [
        "Versi skema: belum ada (basis data kosong)",
        f"Belum diterapkan ({len(MIGRATIONS)} migrasi):",
        *MIGRATIONS,
        "Terapkan dengan «kinerja-bot db upgrade» (atau mulai bot: ia menerapkannya sendiri).",
    ]
    if not on_postgresql():
        assert not (databases.folder / "baru.db").exists(), "status must not create the file"


def test_upgrade_applies_what_status_listed_and_a_second_upgrade_has_nothing_to_do(
    databases: Databases, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    _use(monkeypatch, databases.url("baru", migrated=False))

    assert main(["db", "upgrade"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        *("Diterapkan:" + migration.removeprefix(" ") for migration in MIGRATIONS),
        f"Skema sudah terbaru (versi {HEAD}).",
    ]
    assert main(["db", "upgrade"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "Tidak ada migrasi yang perlu diterapkan.",
        f"Skema sudah terbaru (versi {HEAD}).",
    ]
    assert main(["db", "status"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        f"Versi skema: {HEAD}",
        f"Skema sudah terbaru (versi {HEAD}).",
    ]


def test_a_database_migrated_by_a_newer_program_is_one_sentence_for_every_command(
    databases: Databases, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    url = databases.url()
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()
    _use(monkeypatch, url)

    for command in (["db", "status"], ["db", "upgrade"], ["pengguna"]):
        assert main(command) == 1
        captured = capsys.readouterr()
        assert captured.err.endswith(
            "sudah dimigrasi oleh kinerja-bot yang lebih baru (versi skema 0099): pasang versi "
            "kinerja-bot itu atau yang lebih baru, lalu jalankan lagi.\n"
        ), command
        assert captured.err.startswith("Gagal: Basis data ") and captured.err.count("\n") == 1


@pytest.mark.parametrize("command", [["db", "status"], ["db", "upgrade"], ["init"]])
def test_an_unreachable_server_is_one_sentence_without_the_password(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, command: list[str]
) -> None:
    port = _closed_port()
    _use(monkeypatch, f"postgresql://kinerja:{PASSWORD}@127.0.0.1:{port}/kinerja")

    assert main(command) == 1

    captured = capsys.readouterr()
    assert PASSWORD not in captured.out + captured.err
    assert captured.err == (
        f"Gagal: Basis data postgresql+psycopg://kinerja:***@127.0.0.1:{port}/kinerja tidak "
        "dapat dibuka (server mati, alamat, nama basis data, pengguna atau sandi salah, atau "
        "berkas SQLite tidak dapat ditulis): periksa KINERJA_DATABASE_URL, lalu jalankan lagi.\n"
    )


def test_postgresql_without_the_driver_says_which_extra_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if the extra was never installed
    _use(monkeypatch, f"postgresql+psycopg://kinerja:{PASSWORD}@localhost/kinerja")

    assert main(["db", "status"]) == 1

    assert capsys.readouterr().err == (
        "Gagal: Basis data postgresql+psycopg://kinerja:***@localhost/kinerja memerlukan driver "
        "PostgreSQL (psycopg) yang belum terpasang: pasang dengan «pip install "
        "'kinerja-bot[postgres]'», lalu jalankan lagi.\n"
    )


@pytest.mark.parametrize(
    "url", [f"mysql://kinerja:{PASSWORD}@localhost/kinerja", f"bukan url {PASSWORD}"]
)
def test_a_url_of_no_supported_database_names_the_variable_and_never_its_value(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, url: str
) -> None:
    _use(monkeypatch, url)

    assert main(["db", "status"]) == 1

    assert capsys.readouterr().err == (
        "Gagal: Konfigurasi KINERJA_DATABASE_URL tidak valid: harus URL basis data SQLite atau "
        "PostgreSQL, mis. sqlite:///data/kinerja.db atau "
        "postgresql+psycopg://pengguna:sandi@server:5432/kinerja.\n"
    )


def test_the_demo_takes_only_a_postgresql_server(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as refused:
        main(["demo", "--database-url", f"sqlite:///{PASSWORD}.db"])

    assert refused.value.code == 2
    err = capsys.readouterr().err
    assert "argumen --database-url: harus URL server PostgreSQL" in err
    assert PASSWORD not in err


def test_alembic_by_hand_migrates_the_database_the_bot_is_configured_with(
    databases: Databases,
) -> None:
    url = databases.url("tangan", migrated=False)
    config = Path(__file__).resolve().parent.parent / "storage" / "alembic.ini"
    environment = {**os.environ, "KINERJA_DATABASE_URL": url}

    def alembic(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "alembic", "-c", str(config), *args],
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout + done.stderr

    assert "Running upgrade 0001 -> 0002" in alembic("upgrade", "head")
    assert f"{HEAD} (head)" in alembic("current")
    assert schema_status(url).up_to_date

"""`kinerja-bot ekspor`: the compiled workbook from the command line, in Indonesian."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from bot.cli import main
from storage.models import Document
from tests.conftest import Office


@pytest.fixture(autouse=True)
def cli_env(office: Office, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line works on the same database as the office fixture."""
    monkeypatch.chdir(tmp_path)
    for name in ("TELEGRAM_BOT_TOKEN", "KINERJA_CLOCK_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KINERJA_DATABASE_URL", office.ctx.settings.database_url)


def test_ekspor_writes_the_draft_workbook(
    office: Office, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    office.walk(at_step=7)
    target = tmp_path / "keluar" / "data-tw2.xlsx"
    assert main(["ekspor", "--tahun", "2026", "--triwulan", "II", "-o", str(target)]) == 0
    assert capsys.readouterr().out == (
        f"Data Kinerja Triwulan II 2026 ditulis ke {target} (data-kinerja-tw2-2026-DRAFT.xlsx).\n"
    )
    book = openpyxl.load_workbook(target)
    assert book.sheetnames[:4] == [
        "Rekap",
        "Sekretariat",
        "Pelayanan Pendaftaran Penduduk",
        "Pelayanan Pencatatan Sipil",
    ]
    assert book["Rekap"].oddHeader.center.text == "DRAFT"


def test_ekspor_after_final_writes_the_stored_final(office: Office, tmp_path: Path) -> None:
    office.walk(at_step=11)
    target = tmp_path / "final.xlsx"
    assert main(["ekspor", "--tahun", "2026", "--triwulan", "2", "-o", str(target)]) == 0
    with office.ctx.read() as session:
        stored = session.scalars(select(Document)).one()
    assert target.read_bytes() == stored.content


def test_ekspor_of_a_round_not_opened_fails_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["ekspor", "--tahun", "2026", "--triwulan", "3", "-o", "x.xlsx"]) == 1
    assert capsys.readouterr().err == "Gagal: Putaran Triwulan III 2026 belum dibuka.\n"
    assert not (tmp_path / "x.xlsx").exists()


def test_ekspor_refuses_a_bad_triwulan_in_indonesian(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["ekspor", "--tahun", "2026", "--triwulan", "5", "-o", "x.xlsx"])
    assert exit_.value.code == 2
    assert "triwulan «5» harus 1–4 atau I–IV" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["ekspor", "--help"])
    assert "Menulis buku kerja data kinerja" in capsys.readouterr().out

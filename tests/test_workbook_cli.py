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


def test_ekspor_tahunan_writes_the_years_workbook(
    office: Office, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    office.walk(at_step=7)
    target = tmp_path / "keluar" / "tahun-2026.xlsx"
    assert main(["ekspor", "--tahunan", "--tahun", "2026", "-o", str(target)]) == 0
    assert capsys.readouterr().out == (
        f"Data Kinerja Tahun 2026 ditulis ke {target} (data-kinerja-tahun-2026-DRAFT.xlsx).\n"
    )
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["Data Tahunan", "Keterangan", "Bukti Dukung"]
    assert book["Data Tahunan"]["A5"].value == "DATA KINERJA TAHUN 2026 — SELURUH BIDANG"
    assert book["Data Tahunan"].oddHeader.center.text == "DRAFT"


def test_ekspor_tahunan_of_a_year_without_indicators_fails_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["ekspor", "--tahunan", "--tahun", "2025", "-o", "x.xlsx"]) == 1
    assert capsys.readouterr().err == (
        "Gagal: Belum ada indikator untuk tahun 2025. Impor dulu dengan "
        "«kinerja-bot import-indikator FILE.xlsx --tahun 2025».\n"
    )
    assert not (tmp_path / "x.xlsx").exists()


def test_ekspor_takes_a_triwulan_or_tahunan_not_both_nor_neither(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["ekspor", "--tahun", "2026", "-o", "x.xlsx"])
    assert exit_.value.code == 2
    assert "argumen wajib belum diisi: salah satu dari --triwulan --tahunan" in (
        capsys.readouterr().err
    )
    with pytest.raises(SystemExit) as exit_:
        main(["ekspor", "--tahun", "2026", "--triwulan", "2", "--tahunan", "-o", "x.xlsx"])
    assert exit_.value.code == 2
    assert "argumen --tahunan: tidak boleh bersama argumen --triwulan" in capsys.readouterr().err

"""The "Bukti Dukung" sheet (issue 14): every evidence file of the data, by bidang and indicator,
with who sent it, when, and its SHA-256, so a printed page proves which file was meant.

The compiled workbook of a quarter and the year's workbook both carry it, laid out alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from openpyxl.worksheet.worksheet import Worksheet

from bot import texts
from bot.documents.workbook import layout, page
from bot.documents.workbook.layout import Column
from bot.documents.workbook.model import BuktiDukung, Kop

BUKTI: Final = "Bukti Dukung"
COLUMNS: Final = (
    Column("No", 5, "no"),
    Column("Indikator", 36),
    Column("Triwulan", 9),
    Column("Nama berkas", 30),
    Column("Diunggah oleh", 20),
    Column("Waktu", 16),
    Column("SHA-256", 36),
)
TANPA_BUKTI: Final = "Belum ada bukti dukung yang diunggah."


def write_bukti(
    sheet: Worksheet,
    *,
    kop: Kop,
    keadaan: str,
    title: str,
    bidang: Sequence[str],
    bukti: Sequence[BuktiDukung],
    final: bool,
    footer: str,
) -> None:
    """The files under a heading per bidang (in the order of `bidang`), or a line saying there
    are none; printed like the data sheets (kop, DRAFT until final)."""
    ncols = len(COLUMNS)
    header = layout.write_heading(sheet, kop, [title], ncols, keadaan)
    layout.write_header(sheet, header, COLUMNS)
    groups = [
        (
            nama,
            [
                (b.nomor, b.indikator, texts.tw(b.triwulan), b.berkas, b.oleh, b.waktu, b.sha256)
                for b in bukti
                if b.bidang == nama
            ],
        )
        for nama in bidang
    ]
    row = layout.write_groups(sheet, header + 1, COLUMNS, groups, TANPA_BUKTI)
    page.print_setup(
        sheet, header_row=header, ncols=ncols, last_row=row, draft=not final, footer=footer
    )

"""The "Lembar Kendali": every SOP step of the round, who did it, when, and whether in time.

The paper SOP's control sheet, kept by the bot: one row per activation of a step (a return makes
a step run twice, and steps 4–5 run per bidang), with the allotted time and the working time it
actually took, counted on the office calendar (DESIGN §5, Deadlines).
"""

from __future__ import annotations

from typing import Final

from openpyxl.styles import PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from bot.documents.workbook import layout, page
from bot.documents.workbook.layout import Column
from bot.documents.workbook.model import Report

KENDALI: Final = "Lembar Kendali"
_LATE: Final = PatternFill("solid", fgColor="FFC7CE")
_ON_TIME: Final = PatternFill("solid", fgColor="C6EFCE")
COLUMNS: Final = (
    Column("Langkah", 8, "no"),
    Column("Kegiatan", 34),
    Column("Pelaksana", 16),
    Column("Bidang", 22),
    Column("Dikerjakan oleh", 18),
    Column("Mulai", 16),
    Column("Selesai", 16),
    Column("Batas waktu", 16),
    Column("Waktu SOP", 11),
    Column("Waktu kerja terpakai", 13),
    Column("Keterangan", 20),
)


def write_kendali(sheet: Worksheet, report: Report) -> None:
    ncols = len(COLUMNS)
    header = layout.write_heading(
        sheet,
        report.kop,
        ["LEMBAR KENDALI PENGUMPULAN DATA KINERJA", report.periode.judul],
        ncols,
        report.keadaan,
    )
    layout.write_header(sheet, header, COLUMNS)
    widths = [c.width for c in COLUMNS]
    row = header
    for entry in report.kendali:
        row += 1
        cells = (
            entry.langkah,
            entry.kegiatan,
            entry.pelaksana,
            entry.bidang,
            entry.oleh,
            entry.mulai,
            entry.selesai,
            entry.batas,
            entry.jatah,
            entry.terpakai,
            ", ".join(filter(None, (entry.status, entry.dirangkap))),
        )
        for index, (column, value) in enumerate(zip(COLUMNS, cells, strict=True), start=1):
            layout.put(sheet, row, index, value, column.kind)
        if entry.terlambat is not None:
            sheet.cell(row, ncols).fill = _LATE if entry.terlambat else _ON_TIME
        sheet.row_dimensions[row].height = layout.fit_height(cells, widths)
    notes = [
        "Waktu dihitung dalam waktu kerja: jam kantor, tanpa akhir pekan, libur nasional dan "
        "cuti bersama. Langkah yang dikembalikan tercatat lebih dari sekali."
    ]
    if any(entry.dirangkap for entry in report.kendali):
        notes.append(
            "Dirangkap: pelaksana langkah itu juga mengerjakan langkah sebelumnya, sebagai "
            "Plt./Plh. atau karena tidak ada pemegang peran lain."
        )
    row = layout.write_notes(sheet, row + 2, notes, ncols, sum(widths))
    page.print_setup(
        sheet,
        header_row=header,
        ncols=ncols,
        last_row=row,
        draft=not report.final,
        footer=f"Lembar kendali {report.periode.tw} {report.periode.tahun}",
    )

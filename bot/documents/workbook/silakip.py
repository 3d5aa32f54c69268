"""The SILAKIP-ready export of step 11: one row per indicator, in the order of SILAKIP's
realisation form (indikator, satuan, target, realisasi, capaian, keterangan), then the analysis
SILAKIP asks with it (faktor penghambat, upaya / tindak lanjut, faktor pendorong: issue 14).

The same rows go into the "SILAKIP" sheet of the final workbook, a separate xlsx, and a CSV.
The CSV is written for Excel set to Indonesian: ";" between fields, a decimal comma and no
thousands mark ("1234,5"), UTF-8 with a BOM so Excel reads the accents, capaian with two
decimals and no "%". A text that Excel would run as a formula (it starts with "=", "+", "-",
"@", a tab or a carriage return) gets a leading apostrophe, which Excel shows as plain text;
number columns are written as numbers, so a negative realisation stays "-3,5". Nothing in the
bot reads the CSV back.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Final

from openpyxl.worksheet.worksheet import Worksheet

from bot import capaian as rules
from bot.documents.workbook import layout, page
from bot.documents.workbook.layout import Column
from bot.documents.workbook.model import ANALISIS_HEADERS, Report

SILAKIP: Final = "SILAKIP"
_FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")


def columns(tw: str) -> tuple[Column, ...]:
    return (
        Column("No", 5, "no"),
        Column("Bidang", 24),
        Column("Sasaran", 30),
        Column("Indikator Kinerja", 40),
        Column("Satuan", 10),
        Column(f"Target {tw}", 11, "number"),
        Column(f"Realisasi {tw}", 11, "number"),
        Column("Capaian (%)", 10, "percent"),
        Column("Keterangan", 36),
        *(Column(header, 36) for header in ANALISIS_HEADERS),
    )


def _rows(report: Report) -> list[tuple[object, ...]]:
    """The rows in column order: five texts (no, bidang, sasaran, indikator, satuan), three
    figures (target, realisasi, capaian), then the keterangan and the analysis."""
    return [
        (
            row.nomor,
            bidang.nama,
            row.sasaran,
            row.indikator,
            row.satuan,
            row.ini.target,
            row.ini.realisasi,
            row.capaian_tw,
            row.keterangan,
            *row.analisis.cells,
        )
        for bidang in report.bidang
        for row in bidang.rows
    ]


def write_silakip_sheet(sheet: Worksheet, report: Report) -> None:
    """Headers on the first row and nothing above, so the rows copy straight into SILAKIP."""
    cols = columns(report.periode.tw)
    layout.write_header(sheet, 1, cols)
    widths = [c.width for c in cols]
    for number, cells in enumerate(_rows(report), start=2):
        for index, (column, value) in enumerate(zip(cols, cells, strict=True), start=1):
            layout.put(sheet, number, index, value, column.kind)
        sheet.row_dimensions[number].height = layout.fit_height(cells, widths)
    page.print_setup(
        sheet,
        header_row=1,
        ncols=len(cols),
        last_row=max(sheet.max_row, 1),
        draft=not report.final,
        footer=f"SILAKIP {report.periode.tw} {report.periode.tahun} — {report.kop.instansi}",
    )


def silakip_workbook(report: Report) -> bytes:
    workbook = layout.new_workbook(f"SILAKIP {report.periode.tw} {report.periode.tahun}")
    write_silakip_sheet(workbook.create_sheet(SILAKIP), report)
    return layout.to_bytes(workbook)


def silakip_csv(report: Report) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([column.header for column in columns(report.periode.tw)])
    for cells in _rows(report):
        text, (target, realisasi, pct), notes = cells[:5], cells[5:8], cells[8:]
        writer.writerow(
            [
                *map(_teks, text),
                _angka(target),  # type: ignore[arg-type]
                _angka(realisasi),  # type: ignore[arg-type]
                _persen(pct),  # type: ignore[arg-type]
                *map(_teks, notes),
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


def _teks(value: object) -> object:
    """A text as typed, with an apostrophe before it where Excel would run it as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _angka(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f").replace(".", ",")


def _persen(pct: Decimal | None) -> str:
    return "" if pct is None else _angka(rules.bulatkan(pct))

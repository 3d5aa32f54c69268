"""The compiled workbook's pictures: capaian per indicator ("Grafik") and the year so far ("Tren").

Charts read their own small tables on these sheets, where a missing capaian is an empty cell:
a "–" in the printed table would be plotted by Excel as a zero bar, the very fault DESIGN §5
forbids (a blank is never 0 %, never 100 %).
"""

from __future__ import annotations

import math
from typing import Final

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.worksheet.worksheet import Worksheet

from bot import texts
from bot.documents.cells import merge_row, write_cell
from bot.documents.workbook import layout, page
from bot.documents.workbook.layout import Column
from bot.documents.workbook.model import KOSONG, Report, ReportRow, mean

GRAFIK: Final = "Grafik"
TREN: Final = "Tren"
_GRAFIK_COLUMNS: Final = 17
"""The table takes A–D and the 18 cm chart F–Q; kop and print area span them all."""
_LABEL: Final = 40
_ROW_CM: Final = 0.53
_BAR_CM: Final = 0.6


def _label(row: ReportRow) -> str:
    text = f"{row.nomor}. {row.indikator}"
    return text if len(text) <= _LABEL else text[: _LABEL - 1] + "…"


def write_grafik(sheet: Worksheet, report: Report) -> None:
    """Per bidang: a table of capaian this quarter and a bar chart of it, side by side."""
    tw = report.periode.tw
    header = layout.write_heading(
        sheet,
        report.kop,
        [f"GRAFIK CAPAIAN {tw} PER INDIKATOR", report.periode.judul],
        _GRAFIK_COLUMNS,
        report.keadaan,
    )
    cols = (
        Column("No", 5, "no"),
        Column("Indikator", _LABEL),
        Column(f"Capaian {tw} (%)", 12, "percent"),
        Column("Kategori", 13, "kategori"),
    )
    row = header
    for bidang in report.bidang:
        write_cell(sheet, row, 1, bidang.nama).font = layout.BOLD
        layout.write_header(sheet, row + 1, cols)
        first = row + 2
        for offset, item in enumerate(bidang.rows):
            pct = item.capaian_tw
            cells = (item.nomor, _label(item), pct, item.kategori)
            for index, (column, value) in enumerate(zip(cols, cells, strict=True), start=1):
                layout.put(sheet, first + offset, index, value, column.kind)
            if pct is None:
                write_cell(sheet, first + offset, 3, None)
        last = first + len(bidang.rows) - 1
        height = max(6.0, 2.0 + _BAR_CM * len(bidang.rows))
        if bidang.rows:
            sheet.add_chart(
                _bar_chart(sheet, bidang.nama, row + 1, last, tw, height), f"F{row + 1}"
            )
        row = max(last, row + 1 + math.ceil(height / _ROW_CM)) + 2
    page.print_setup(
        sheet,
        header_row=header,
        ncols=_GRAFIK_COLUMNS,
        last_row=row,
        draft=not report.final,
        footer=f"Grafik capaian {tw} {report.periode.tahun}",
    )
    sheet.freeze_panes = None


def _bar_chart(
    sheet: Worksheet, title: str, header: int, last: int, tw: str, height: float
) -> BarChart:
    chart = BarChart()
    chart.type = "bar"
    chart.style = 10
    chart.title = title
    chart.legend = None
    chart.add_data(Reference(sheet, min_col=3, min_row=header, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=2, min_row=header + 1, max_row=last))
    # Only the value: LibreOffice otherwise adds the series and category names to each bar.
    chart.dataLabels = DataLabelList(
        showVal=True, showSerName=False, showCatName=False, showLegendKey=False, showPercent=False
    )
    chart.y_axis.numFmt = "0%"
    chart.y_axis.title = f"Capaian {tw}"
    _from_zero(chart, sheet, 3, header + 1, last)
    # The first indicator on top, as in the table beside it.
    chart.x_axis.scaling.orientation = "maxMin"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.width = 18
    chart.height = height
    return chart


def _from_zero(
    chart: BarChart | LineChart,
    sheet: Worksheet,
    min_col: int,
    min_row: int,
    max_row: int,
    max_col: int | None = None,
) -> None:
    """The value axis starts at 0 %: left to Excel, one bidang's axis started at 94 %, which
    drew 99 % as half of 107 %. A negative capaian (possible with a "turun" formula) keeps the
    automatic minimum, so no bar is cut off."""
    values = [
        cell.value
        for row in sheet.iter_rows(min_row, max_row, min_col, max_col or min_col)
        for cell in row
        if isinstance(cell.value, int | float)
    ]
    if all(value >= 0 for value in values):
        chart.y_axis.scaling.min = 0


def write_tren(sheet: Worksheet, report: Report) -> None:
    """Target, realisation and capaian of every quarter of the year so far, per indicator."""
    quarters = range(1, report.periode.triwulan + 1)
    cols = [Column("No", 5, "no"), Column("Indikator", 40), Column("Satuan", 9)]
    for k in quarters:
        name = texts.tw(k)
        cols += [
            Column(f"Target {name}", 10, "number"),
            Column(f"Realisasi {name}", 11, "number"),
            Column(f"Capaian {name} (%)", 10, "percent"),
        ]
    ncols = len(cols)
    header = layout.write_heading(
        sheet,
        report.kop,
        [f"TREN DATA KINERJA TAHUN {report.periode.tahun}", f"TW I s.d. {report.periode.tw}"],
        ncols,
        report.keadaan,
    )
    layout.write_header(sheet, header, cols)
    row = header + 1
    riwayat = False
    for bidang in report.bidang:
        merge_row(sheet, row, 1, ncols)
        cell = write_cell(sheet, row, 1, bidang.nama)
        cell.font, cell.fill = layout.BOLD, layout.GROUP_FILL
        row += 1
        for item in bidang.rows:
            cells: list[object] = [item.nomor, item.indikator, item.satuan]
            for kuartal in item.kuartal:
                cells += [kuartal.target, kuartal.realisasi, item.capaian_kuartal(kuartal)]
            for index, (column, value) in enumerate(zip(cols, cells, strict=True), start=1):
                layout.put(sheet, row, index, value, column.kind)
            for position, kuartal in enumerate(item.kuartal):
                if kuartal.dari_riwayat:
                    riwayat = True
                    sheet.cell(row, 5 + 3 * position).font = layout.MUTED
            sheet.row_dimensions[row].height = layout.fit_height(cells, [c.width for c in cols])
            row += 1
    notes = [f"«{KOSONG}»: nilai tidak tersedia atau capaian tidak dapat dihitung."]
    if riwayat:
        notes.append(layout.RIWAYAT_NOTE)
    row = layout.write_notes(sheet, row + 1, notes, ncols, sum(c.width for c in cols))
    row = _means(sheet, row + 1, report, list(quarters))
    page.print_setup(
        sheet,
        header_row=header,
        ncols=ncols,
        last_row=row,
        draft=not report.final,
        footer=f"Tren data kinerja {report.periode.tahun}",
    )


def _means(sheet: Worksheet, row: int, report: Report, quarters: list[int]) -> int:
    """The average capaian of each bidang per quarter, and a line chart of it."""
    write_cell(sheet, row, 2, "Rata-rata capaian per triwulan").font = layout.BOLD
    header = row + 1
    labels = ["", "Bidang", *(texts.tw(k) for k in quarters)]
    for column, label in enumerate(labels, start=1):
        if label:
            cell = write_cell(sheet, header, column, label)
            cell.font, cell.fill, cell.border = layout.BOLD, layout.HEADER_FILL, layout.BOX
    row = header
    for bidang in report.bidang:
        row += 1
        layout.put(sheet, row, 2, bidang.nama, "text")
        for position in range(len(quarters)):
            found = [
                pct
                for item in bidang.rows
                if (pct := item.capaian_kuartal(item.kuartal[position])) is not None
            ]
            average = mean(found)
            layout.put(sheet, row, 3 + position, average, "percent")
            if average is None:
                write_cell(sheet, row, 3 + position, None)
    if report.bidang:
        chart = LineChart()
        chart.title = "Rata-rata capaian per triwulan"
        chart.style = 2
        end = 2 + len(quarters)
        data = Reference(sheet, min_col=2, max_col=end, min_row=header + 1, max_row=row)
        chart.add_data(data, from_rows=True, titles_from_data=True)
        chart.set_categories(
            Reference(sheet, min_col=3, max_col=end, min_row=header, max_row=header)
        )
        for series in chart.series:
            # A bidang with one quarter of data is a single point: without a marker it is
            # invisible.
            series.marker.symbol = "circle"
            series.smooth = False
        chart.y_axis.numFmt = "0%"
        _from_zero(chart, sheet, 3, header + 1, row, max_col=end)
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        chart.width = 18
        chart.height = 8
        sheet.add_chart(chart, f"B{row + 2}")
        row += 2 + math.ceil(8 / _ROW_CM)
    return row

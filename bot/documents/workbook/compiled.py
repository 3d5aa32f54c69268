"""The compiled workbook (steps 6–10, `/unduh`, `kinerja-bot ekspor`): the document that is
printed, initialled, signed, and then typed into SILAKIP.

Sheets: "Rekap" (every bidang, a category summary, the signature block), one sheet per bidang,
"Grafik" (capaian per indicator), "Tren" (the year's quarters, when earlier ones have data),
"Lembar Kendali" (every SOP step: who, when, allotted and actual time), "Bukti Dukung" (the
evidence files), and in the final workbook "SILAKIP". Before the round is final every sheet
says DRAFT in its page header.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from openpyxl.worksheet.worksheet import Worksheet

from bot.documents.cells import merge_row, write_cell
from bot.documents.workbook import grafik, kendali, layout, page, silakip
from bot.documents.workbook.bukti_sheet import BUKTI, write_bukti
from bot.documents.workbook.layout import Column
from bot.documents.workbook.model import (
    ANALISIS_HEADERS,
    BELUM_DIISI,
    KATEGORI,
    TANPA_CAPAIAN,
    BidangReport,
    Report,
    ReportRow,
)
from bot.documents.workbook.page import SignaturePlace

REKAP: Final = "Rekap"
FIXED_SHEETS: Final = (
    REKAP,
    grafik.GRAFIK,
    grafik.TREN,
    kendali.KENDALI,
    BUKTI,
    silakip.SILAKIP,
)
SIGNATURE: Final = SignaturePlace(jabatan=2, nama=3, paraf=(4, 6), ttd=(15, 17))


def columns(tw: str) -> tuple[Column, ...]:
    """The issue's columns, in its order; "s.d." and annual figures follow the sifat."""
    return (
        Column("No", 5, "no"),
        Column("Sasaran", 20),
        Column("Indikator", 32),
        Column("Satuan", 9),
        Column("Target tahunan", 11, "number"),
        Column(f"Target {tw}", 10, "number"),
        Column(f"Realisasi {tw}", 11, "number"),
        Column(f"Capaian {tw} (%)", 10, "percent"),
        Column("Kategori", 13, "kategori"),
        Column(f"Target s.d. {tw}", 11, "number"),
        Column(f"Realisasi s.d. {tw}", 11, "number"),
        Column(f"Capaian s.d. {tw} (%)", 10, "percent"),
        Column("Capaian tahunan (%)", 10, "percent"),
        Column("Keterangan", 24),
        *(Column(header, 24) for header in ANALISIS_HEADERS),
    )


def values(row: ReportRow) -> tuple[object, ...]:
    """A row's cells in column order; None prints as "–", a blank realisation as words."""
    realisasi = row.ini.realisasi if row.ini.realisasi is not None else BELUM_DIISI
    return (
        row.nomor,
        row.sasaran,
        row.indikator,
        row.satuan,
        row.target_tahunan,
        row.ini.target,
        realisasi,
        row.capaian_tw,
        row.kategori,
        row.target_sd,
        row.realisasi_sd,
        row.capaian_sd,
        row.capaian_tahunan,
        row.keterangan,
        *row.analisis.cells,
    )


def compiled_workbook(report: Report) -> bytes:
    periode = report.periode
    workbook = layout.new_workbook(f"Data Kinerja {periode.tw} {periode.tahun}")
    taken = set(FIXED_SHEETS)
    write_rekap(workbook.create_sheet(REKAP), report)
    for bidang in report.bidang:
        sheet = workbook.create_sheet(layout.sheet_title(bidang.nama, taken))
        write_bidang(sheet, report, bidang)
    grafik.write_grafik(workbook.create_sheet(grafik.GRAFIK), report)
    if report.has_history:
        grafik.write_tren(workbook.create_sheet(grafik.TREN), report)
    kendali.write_kendali(workbook.create_sheet(kendali.KENDALI), report)
    write_bukti(
        workbook.create_sheet(BUKTI),
        kop=report.kop,
        keadaan=report.keadaan,
        title=f"BUKTI DUKUNG DATA KINERJA {report.periode.judul} — {report.lingkup}",
        bidang=[bidang.nama for bidang in report.bidang],
        bukti=report.bukti,
        final=report.final,
        footer=_footer(report),
    )
    if report.final:
        silakip.write_silakip_sheet(workbook.create_sheet(silakip.SILAKIP), report)
    return layout.to_bytes(workbook)


def write_rekap(sheet: Worksheet, report: Report) -> None:
    titles = [f"DATA KINERJA {report.periode.judul}", f"REKAPITULASI {report.lingkup}"]
    groups = [(bidang.nama, bidang) for bidang in report.bidang]
    _document(sheet, report, titles, groups, summary=True)


def write_bidang(sheet: Worksheet, report: Report, bidang: BidangReport) -> None:
    titles = [f"DATA KINERJA {report.periode.judul}", bidang.nama.upper()]
    _document(sheet, report, titles, [(None, bidang)], summary=False)


def _document(
    sheet: Worksheet,
    report: Report,
    titles: Sequence[str],
    groups: Sequence[tuple[str | None, BidangReport]],
    *,
    summary: bool,
) -> None:
    """Kop, table, footnotes, (on the Rekap) the category summary, then signature and paraf."""
    cols = columns(report.periode.tw)
    ncols = len(cols)
    header = layout.write_heading(sheet, report.kop, titles, ncols, report.keadaan)
    layout.write_header(sheet, header, cols)
    row, notes = _table(sheet, header + 1, cols, groups, report.periode.tw)
    width = sum(c.width for c in cols)
    row = layout.write_notes(sheet, row + 1, notes, ncols, width)
    if summary:
        row = _summary(sheet, row + 1, report, [bidang for _, bidang in groups])
    block = row + 1
    row = page.signature(
        sheet, block, report.kop, report.penandatangan, report.tanggal, report.paraf, SIGNATURE
    )
    page.keep_together(sheet, block, row, header, [c.width for c in cols])
    page.print_setup(
        sheet,
        header_row=header,
        ncols=ncols,
        last_row=row,
        draft=not report.final,
        footer=_footer(report),
    )


def _footer(report: Report) -> str:
    return f"Data Kinerja {report.periode.tw} {report.periode.tahun} — {report.kop.instansi}"


def _table(
    sheet: Worksheet,
    row: int,
    cols: Sequence[Column],
    groups: Sequence[tuple[str | None, BidangReport]],
    tw: str,
) -> tuple[int, list[str]]:
    """The indicator rows, under a heading row per bidang when the sheet has several."""
    notes: list[str] = []
    for heading, bidang in groups:
        if heading is not None:
            layout.group_heading(sheet, row, len(cols), heading)
            row += 1
        for item in bidang.rows:
            layout.write_row(sheet, row, cols, values(item))
            why = item.catatan(tw)
            if why:
                where = f"{heading}, no. {item.nomor}" if heading else f"No. {item.nomor}"
                notes.append(f"{where}: {'; '.join(why)} (ditulis «–»).")
            row += 1
    return row, notes


def _summary(sheet: Worksheet, row: int, report: Report, bidang: Sequence[BidangReport]) -> int:
    """How many indicators fall in each category, per bidang and in all (Permendagri 86/2017)."""
    title = f"Rekapitulasi kategori capaian {report.periode.tw}"
    write_cell(sheet, row, 1, title).font = layout.BOLD
    row += 1
    labels = ("No", "Bidang", "", *KATEGORI, TANPA_CAPAIAN, "Jumlah")
    for column, label in enumerate(labels, start=1):
        cell = write_cell(sheet, row, column, label)
        cell.font, cell.fill, cell.border = layout.BOLD, layout.HEADER_FILL, layout.BOX
        cell.alignment = layout.CENTER
        if label in layout.KATEGORI_FILL:
            cell.fill = layout.KATEGORI_FILL[label]
    merge_row(sheet, row, 2, 3)
    sheet.row_dimensions[row].height = 27
    totals = [0] * (len(KATEGORI) + 2)
    for number, item in enumerate(bidang, start=1):
        row += 1
        counts = list(item.kategori_count().values())
        counts.append(sum(counts))
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        _summary_row(sheet, row, number, item.nama, counts)
    row += 1
    _summary_row(sheet, row, None, "Jumlah", totals)
    for column in range(1, len(labels) + 1):
        sheet.cell(row, column).font = layout.BOLD
    return row + 1


def _summary_row(
    sheet: Worksheet, row: int, number: int | None, nama: str, counts: Sequence[int]
) -> None:
    layout.put(sheet, row, 1, number, "no")
    layout.put(sheet, row, 2, nama, "text")
    sheet.cell(row, 3).border = layout.BOX
    merge_row(sheet, row, 2, 3)
    for column, count in enumerate(counts, start=4):
        layout.put(sheet, row, column, count, "no")

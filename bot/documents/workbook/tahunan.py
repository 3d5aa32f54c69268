"""The year's workbook (`/unduh tahunan`, `kinerja-bot ekspor --tahunan`): what the LKjIP is
written from, printed like the compiled workbook (kop, A4 landscape, header rows repeated, page
numbers, DRAFT on every sheet until every quarter is final).

Sheets: "Data Tahunan" (every indicator with TW I–IV side by side, the annual realisation and
capaian by sifat, and the signature block once the TW IV round is signed), "Keterangan" (what
was written with each quarter's value: its keterangan and analysis), and "Bukti Dukung" (the
evidence files per indicator, `bukti_sheet`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from openpyxl.worksheet.worksheet import Worksheet

from bot import texts
from bot.documents.workbook import layout, page
from bot.documents.workbook.bukti_sheet import BUKTI, write_bukti
from bot.documents.workbook.layout import Column
from bot.documents.workbook.model import (
    ANALISIS_HEADERS,
    BELUM_DIISI,
    KOSONG,
    TRIWULAN,
    TahunReport,
    TahunRow,
)
from bot.documents.workbook.page import SignaturePlace

DATA: Final = "Data Tahunan"
KETERANGAN: Final = "Keterangan"
SIGNATURE: Final = SignaturePlace(jabatan=2, nama=3, paraf=(4, 6), ttd=(16, 21))
FIRST_QUARTER_COLUMN: Final = 7
"""Target TW I; each quarter takes three columns (target, realisasi, capaian)."""

COLUMNS: Final = (
    Column("No", 5, "no"),
    Column("Sasaran", 18),
    Column("Indikator", 30),
    Column("Satuan", 8),
    Column("Sifat", 10),
    Column("Target tahunan", 10, "number"),
    *(
        column
        for k in TRIWULAN
        for column in (
            Column(f"Target {texts.tw(k)}", 9, "number"),
            Column(f"Realisasi {texts.tw(k)}", 10, "number"),
            Column(f"Capaian {texts.tw(k)} (%)", 9, "percent"),
        )
    ),
    Column("Realisasi tahunan", 10, "number"),
    Column("Capaian tahunan (%)", 10, "percent"),
    Column("Kategori tahunan", 12, "kategori"),
)
KETERANGAN_COLUMNS: Final = (
    Column("No", 5, "no"),
    Column("Indikator", 40),
    Column("Triwulan", 9),
    Column("Realisasi", 11, "number"),
    Column("Capaian (%)", 10, "percent"),
    Column("Keterangan", 34),
    *(Column(header, 30) for header in ANALISIS_HEADERS),
)
SIFAT_NOTE: Final = (
    "Realisasi tahunan menurut sifat indikator: kumulatif = jumlah TW I–IV, rata-rata = "
    "rata-rata TW I–IV, akhir = TW IV; capaian tahunan membandingkannya dengan target tahunan."
)
TANPA_KETERANGAN: Final = "Tidak ada keterangan atau analisis yang ditulis pada tahun ini."


def tahunan_workbook(report: TahunReport) -> bytes:
    workbook = layout.new_workbook(f"Data Kinerja Tahun {report.tahun}")
    write_data(workbook.create_sheet(DATA), report)
    write_keterangan(workbook.create_sheet(KETERANGAN), report)
    write_bukti(
        workbook.create_sheet(BUKTI),
        kop=report.kop,
        keadaan=report.keadaan,
        title=f"BUKTI DUKUNG {report.judul} — {report.lingkup}",
        bidang=[bidang.nama for bidang in report.bidang],
        bukti=report.bukti,
        final=report.final,
        footer=_footer(report),
    )
    return layout.to_bytes(workbook)


def values(row: TahunRow) -> list[object]:
    """A row's cells in column order; None prints as "–", a blank asked for as words."""
    cells: list[object] = [
        row.nomor,
        row.sasaran,
        row.indikator,
        row.satuan,
        row.sifat,
        row.target_tahunan,
    ]
    for kuartal in row.kuartal:
        asked = kuartal.dari_putaran and kuartal.target is not None
        realisasi = BELUM_DIISI if kuartal.realisasi is None and asked else kuartal.realisasi
        cells += [kuartal.target, realisasi, row.capaian_kuartal(kuartal)]
    cells += [row.realisasi_tahunan, row.capaian_tahunan, row.kategori_tahunan]
    return cells


def _heading(sheet: Worksheet, report: TahunReport, titles: Sequence[str], ncols: int) -> int:
    return layout.write_heading(sheet, report.kop, titles, ncols, report.keadaan)


def _print(sheet: Worksheet, report: TahunReport, header: int, ncols: int, last: int) -> None:
    page.print_setup(
        sheet,
        header_row=header,
        ncols=ncols,
        last_row=last,
        draft=not report.final,
        footer=_footer(report),
    )


def _footer(report: TahunReport) -> str:
    return f"Data Kinerja Tahun {report.tahun} — {report.kop.instansi}"


def write_data(sheet: Worksheet, report: TahunReport) -> None:
    """Kop, the year's table by bidang, footnotes, then (once signed) signature and paraf."""
    ncols = len(COLUMNS)
    titles = [f"{report.judul} — {report.lingkup}", "TRIWULAN I S.D. IV DAN CAPAIAN TAHUNAN"]
    header = _heading(sheet, report, titles, ncols)
    layout.write_header(sheet, header, COLUMNS)
    row = header + 1
    notes: list[str] = []
    riwayat = False
    for bidang in report.bidang:
        layout.group_heading(sheet, row, ncols, bidang.nama)
        row += 1
        for item in bidang.rows:
            layout.write_row(sheet, row, COLUMNS, values(item))
            for position, kuartal in enumerate(item.kuartal):
                if kuartal.dari_riwayat:
                    riwayat = True
                    sheet.cell(row, FIRST_QUARTER_COLUMN + 1 + 3 * position).font = layout.MUTED
            why = item.catatan(report.kosong)
            if why:
                notes.append(f"{bidang.nama}, no. {item.nomor}: {'; '.join(why)} (ditulis «–»).")
            row += 1
    general = [SIFAT_NOTE]
    if report.kosong:
        names = ", ".join(texts.tw(k) for k in sorted(report.kosong))
        general.append(
            f"{names}: belum ada putaran dan tidak ada riwayat di master indikator; kolomnya "
            f"ditulis «{KOSONG}», begitu pula nilai tahunan yang memerlukannya."
        )
    if riwayat:
        general.append(layout.RIWAYAT_NOTE)
    width = sum(c.width for c in COLUMNS)
    row = layout.write_notes(sheet, row + 1, [*general, *notes], ncols, width)
    if report.tanda_tangan is not None:
        ttd = report.tanda_tangan
        block = row + 1
        row = page.signature(
            sheet, block, report.kop, ttd.penandatangan, ttd.tanggal, ttd.paraf, SIGNATURE
        )
        page.keep_together(sheet, block, row, header, [c.width for c in COLUMNS])
    _print(sheet, report, header, ncols, row)
    # 21 columns do not fit a screen: No, Sasaran and Indikator stay in view while scrolling.
    sheet.freeze_panes = f"D{header + 1}"


def write_keterangan(sheet: Worksheet, report: TahunReport) -> None:
    """Every keterangan and analysis written with a value, by bidang, indicator and quarter."""
    ncols = len(KETERANGAN_COLUMNS)
    header = _heading(sheet, report, [f"KETERANGAN {report.judul} — {report.lingkup}"], ncols)
    layout.write_header(sheet, header, KETERANGAN_COLUMNS)
    groups = [
        (
            bidang.nama,
            [
                (
                    item.nomor,
                    item.indikator,
                    texts.tw(kuartal.triwulan),
                    kuartal.realisasi,
                    item.capaian_kuartal(kuartal),
                    kuartal.keterangan,
                    *kuartal.analisis.cells,
                )
                for item in bidang.rows
                for kuartal in item.kuartal
                if kuartal.keterangan or kuartal.analisis
            ],
        )
        for bidang in report.bidang
    ]
    row = layout.write_groups(sheet, header + 1, KETERANGAN_COLUMNS, groups, TANPA_KETERANGAN)
    _print(sheet, report, header, ncols, row)

"""The format of step 3: one sheet per bidang that the Kabid may fill in Excel and send back.

Only Realisasi, Keterangan and the three analysis columns (faktor penghambat, upaya / tindak
lanjut, faktor pendorong: issue 14) can be edited (sheet protection; workbook structure
locked), the Realisasi cells only take numbers (data validation), and a very hidden sheet names
the round,
the bidang and the submission's version, so `bot.documents.workbook.upload` can match a returned
file to its data and refuse one that is stale or altered. The same layout, without protection or
marker, is the draft the Kasubag corrects at step 2.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from openpyxl.styles import Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from bot.documents.cells import write_cell
from bot.documents.workbook import layout, page
from bot.documents.workbook.layout import Column
from bot.documents.workbook.model import FormatDoc, Marker

SHEET: Final = "Format"
MARKER_SHEET: Final = "_kinerja"
MARKER_TAG: Final = "kinerja-bot format-data-kinerja"
MARKER_SCHEMA: Final = 2
"""Bumped when the layout changes, so a file of an older layout is recognised as such
(2: the three analysis columns)."""
MARKER_KEYS: Final = ("putaran", "bidang", "versi")
HEADER_ROW: Final = 9
"""Where the column headers sit: the reader finds the table here and nowhere else."""
NCOLS: Final = 10
REALISASI_COL: Final = 6
KETERANGAN_COL: Final = 7
PENGHAMBAT_COL: Final = 8
UPAYA_COL: Final = 9
PENDORONG_COL: Final = 10
TEXT_COLS: Final = (KETERANGAN_COL, PENGHAMBAT_COL, UPAYA_COL, PENDORONG_COL)
"""The columns of free text a Kabid writes, each held to the keterangan's length."""
_UNLOCKED: Final = Protection(locked=False)
_LIMIT: Final = "1000000000000000"


def columns(tw: str) -> tuple[Column, ...]:
    """The format's columns; the reader checks an upload's header row against these labels."""
    return (
        Column("No", 5, "no"),
        Column("Sasaran", 28),
        Column("Indikator Kinerja", 40),
        Column("Satuan", 10),
        Column(f"Target {tw}", 12, "number"),
        Column(f"Realisasi {tw}", 14, "number"),
        Column("Keterangan", 32),
        Column("Faktor penghambat", 32),
        Column("Upaya / tindak lanjut", 32),
        Column("Faktor pendorong", 32),
    )


def format_workbook(doc: FormatDoc) -> bytes:
    """The bidang's format to fill (doc.marker set), protected and marked for the upload."""
    if doc.marker is None:
        raise ValueError("a format to fill needs its marker")
    workbook = layout.new_workbook(f"Format Data Kinerja {doc.periode.tw} {doc.periode.tahun}")
    sheet = workbook.create_sheet(SHEET)
    _write(sheet, doc)
    _write_marker(workbook.create_sheet(MARKER_SHEET), doc.marker)
    workbook.active = 0
    workbook.security = WorkbookProtection(lockStructure=True)
    return layout.to_bytes(workbook)


def draft_workbook(docs: Sequence[FormatDoc]) -> bytes:
    """Step 2: every bidang's draft format in one workbook, for the Kasubag to correct."""
    first = docs[0].periode if docs else None
    title = f"Draft Format Data Kinerja {first.tw} {first.tahun}" if first else "Draft Format"
    workbook = layout.new_workbook(title)
    taken: set[str] = set()
    for doc in docs:
        _write(workbook.create_sheet(layout.sheet_title(doc.bidang, taken)), doc)
    if not docs:
        workbook.create_sheet(SHEET)
    return layout.to_bytes(workbook)


def _write(sheet: Worksheet, doc: FormatDoc) -> None:
    cols = columns(doc.periode.tw)
    filling = doc.marker is not None
    prefix = "" if filling else "DRAFT "
    if filling:
        status = (
            f"Isi kolom Realisasi {doc.periode.tw} (angka), Keterangan, dan untuk capaian di "
            "bawah 100 % Faktor penghambat serta Upaya / tindak lanjut (Faktor pendorong untuk "
            "yang tercapai); kolom lain dikunci. Simpan, lalu kirim berkas ini kembali ke bot. "
            "Bukti dukung dikirim lewat chat, pada kartu indikatornya."
        )
        if any(row.perlu_perbaikan for row in doc.rows):
            status += " Baris yang diwarnai jingga perlu diperbaiki."
    else:
        status = "DRAFT — untuk dikoreksi Kasubag PKA (langkah 2)"
    header = layout.write_heading(
        sheet,
        doc.kop,
        [f"{prefix}FORMAT DATA KINERJA {doc.periode.judul}", doc.bidang.upper()],
        NCOLS,
        status,
    )
    if header != HEADER_ROW:
        raise AssertionError(f"format header row moved to {header}")
    layout.write_header(sheet, HEADER_ROW, cols)
    widths = [c.width for c in cols]
    for offset, item in enumerate(doc.rows, start=1):
        row = HEADER_ROW + offset
        values = (
            item.nomor,
            item.sasaran,
            item.indikator,
            item.satuan,
            item.target,
            item.realisasi,
            item.keterangan,
            item.faktor_penghambat,
            item.upaya,
            item.faktor_pendorong,
        )
        for index, (column, value) in enumerate(zip(cols, values, strict=True), start=1):
            if index == REALISASI_COL or index in TEXT_COLS:
                _input(sheet, row, index, value, item.perlu_perbaikan, filling)
            else:
                layout.put(sheet, row, index, value, column.kind)
        sheet.row_dimensions[row].height = layout.fit_height(values, widths)
    last = HEADER_ROW + max(len(doc.rows), 1)
    if filling:
        _validate(sheet, doc)
        sheet.protection.sheet = True
        # Widening a column or a row on a phone is harmless and often needed.
        sheet.protection.formatColumns = False
        sheet.protection.formatRows = False
    page.print_setup(
        sheet,
        header_row=HEADER_ROW,
        ncols=NCOLS,
        last_row=last,
        draft=not filling,
        footer=f"Format Data Kinerja {doc.periode.tw} {doc.periode.tahun} — {doc.bidang}",
    )


def _input(
    sheet: Worksheet, row: int, column: int, value: object, perlu_perbaikan: bool, filling: bool
) -> None:
    """A Realisasi or a text cell (Keterangan, the analysis): blank until answered; in a format
    to fill, unlocked and tinted (orange where the operator asked for a correction)."""
    cell = write_cell(sheet, row, column, None if value is None or value == "" else value)
    realisasi = column == REALISASI_COL
    fill = layout.FIX_FILL if perlu_perbaikan else layout.INPUT_FILL
    layout.style(
        cell,
        f"input:{realisasi}:{perlu_perbaikan}:{filling}",
        alignment=layout.RIGHT if realisasi else layout.WRAP,
        fill=fill if filling else None,
        protection=_UNLOCKED if filling else None,
    )


def _validate(sheet: Worksheet, doc: FormatDoc) -> None:
    """Excel refuses a non-number (or a forbidden negative) before the bot ever sees it."""
    tw = doc.periode.tw
    not_negative = DataValidation(
        type="decimal",
        operator="between",
        formula1="0",
        formula2=_LIMIT,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Bukan angka",
        error="Isi dengan angka 0 atau lebih, misalnya 94,5.",
        showInputMessage=True,
        promptTitle=f"Realisasi {tw}",
        prompt="Ketik angkanya saja, misalnya 94,5.",
    )
    any_sign = DataValidation(
        type="decimal",
        operator="between",
        formula1=f"-{_LIMIT}",
        formula2=_LIMIT,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Bukan angka",
        error="Isi dengan angka, misalnya 2,5 atau -1,5.",
        showInputMessage=True,
        promptTitle=f"Realisasi {tw}",
        prompt="Ketik angkanya saja; nilai negatif diperbolehkan untuk indikator ini.",
    )
    keterangan = DataValidation(
        type="textLength",
        operator="lessThanOrEqual",
        formula1=str(doc.maks_keterangan),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Teks terlalu panjang",
        error=f"Keterangan dan analisis paling banyak {doc.maks_keterangan} karakter.",
    )
    realisasi = get_column_letter(REALISASI_COL)
    texts = f"{get_column_letter(TEXT_COLS[0])}{{row}}:{get_column_letter(TEXT_COLS[-1])}{{row}}"
    for offset, item in enumerate(doc.rows, start=1):
        row = HEADER_ROW + offset
        (any_sign if item.boleh_negatif else not_negative).add(f"{realisasi}{row}")
        keterangan.add(texts.format(row=row))
    for validation in (not_negative, any_sign, keterangan):
        if validation.sqref:
            sheet.add_data_validation(validation)


def _write_marker(sheet: Worksheet, marker: Marker) -> None:
    rows = (
        (MARKER_TAG, MARKER_SCHEMA),
        (MARKER_KEYS[0], marker.round_id),
        (MARKER_KEYS[1], marker.bidang_id),
        (MARKER_KEYS[2], marker.version),
    )
    for number, (key, value) in enumerate(rows, start=1):
        write_cell(sheet, number, 1, key)
        write_cell(sheet, number, 2, value)
    # Very hidden: Excel's "Unhide" does not list it, and the locked structure keeps it so.
    sheet.sheet_state = "veryHidden"
    sheet.protection.sheet = True

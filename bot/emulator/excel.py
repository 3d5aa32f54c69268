"""The scripted office's Excel: a Kabid filling the format, and the final workbook read back.

Both find their way as a person does, by the column titles and the indicator names rather
than by the bot's own cell coordinates, so a layout change that a reader would not notice
does not break them, and one that loses or moves a figure does.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from decimal import Decimal

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from bot.emulator.office import KASUBAG, OFFICE, SEKRETARIS, VALUES, Value

Figures = tuple[object, object, object]
"""What a compiled sheet prints for one indicator: realisasi, capaian (a fraction), keterangan."""


class WorkbookMismatch(AssertionError):
    """The final workbook differs from what was typed; the message lists every difference."""


def fill_format(content: bytes, values: Mapping[str, Value]) -> bytes:
    """The format as a Kabid fills it in Excel: the Realisasi (and Keterangan) of each
    indicator typed on its row, everything else left as the bot wrote it."""
    book = load_workbook(io.BytesIO(content))
    sheet = book.worksheets[0]
    header, columns = _header(sheet, "Indikator Kinerja")
    realisasi = next(c for title, c in columns.items() if title.startswith("Realisasi"))
    for row in range(header + 1, sheet.max_row + 1):
        value = values.get(str(sheet.cell(row, columns["Indikator Kinerja"]).value).strip())
        if value is not None:
            sheet.cell(row, realisasi, value.typed)
            if value.keterangan:
                sheet.cell(row, columns["Keterangan"], value.keterangan)
    saved = io.BytesIO()
    book.save(saved)
    return saved.getvalue()


def check_final_workbook(content: bytes) -> int:
    """The final workbook against what the Kabid typed, cell by cell: realisasi, capaian
    and keterangan of every indicator on the Rekap and on its bidang's sheet; FINAL and no
    DRAFT on any sheet; the paraf boxes filled; the head's signature block (jabatan, name
    underlined, pangkat, NIP grouped). Returns the number of indicators checked."""
    book = load_workbook(io.BytesIO(content))
    problems: list[str] = []
    every = {name: value for values in VALUES.values() for name, value in values.items()}
    rekap = book.worksheets[0]
    problems += _compare(rekap.title, _figures(rekap), every)
    for bidang, values in VALUES.items():
        sheet = next((s for s in book.worksheets if _shows(s, bidang.upper())), None)
        if sheet is None:
            problems.append(f"lembar {bidang} tidak ada")
        else:
            problems += _compare(sheet.title, _figures(sheet), values)
    for sheet in book.worksheets:
        if "DRAFT" in (sheet.oddHeader.center.text or "") or any(
            "DRAFT" in text for text in _texts(sheet)
        ):
            problems.append(f"lembar {sheet.title} masih bertanda DRAFT")
    texts = _texts(rekap)
    if not any(text.startswith("FINAL") for text in texts):
        problems.append("Rekap tidak menyatakan FINAL")
    for expected in (
        f"KEPALA {OFFICE.instansi.upper()}",
        OFFICE.kepala_pangkat,
        f"NIP. {OFFICE.kepala_nip_dicetak}",
        KASUBAG.nama,
        SEKRETARIS.nama,
    ):
        if expected not in texts:
            problems.append(f"blok tanda tangan dan paraf Rekap tanpa «{expected}»")
    head = [c for row in rekap.iter_rows() for c in row if c.value == OFFICE.kepala_nama]
    if not head or head[0].font.underline != "single":
        problems.append(f"nama Kepala Dinas «{OFFICE.kepala_nama}» tidak tertulis bergaris bawah")
    if problems:
        raise WorkbookMismatch("Buku kerja final tidak sesuai:\n" + "\n".join(problems))
    return len(every)


def _compare(sheet: str, found: Mapping[str, Figures], expected: Mapping[str, Value]) -> list[str]:
    problems = []
    for name, value in expected.items():
        if name not in found:
            problems.append(f"{sheet}: «{name}» tidak ada")
            continue
        realisasi, capaian, keterangan = found[name]
        if Decimal(str(realisasi)) != Decimal(value.realisasi):
            problems.append(f"{sheet}: «{name}» realisasi {realisasi}, bukan {value.realisasi}")
        percent = (Decimal(str(capaian)) * 100).quantize(Decimal("0.01"))
        if str(percent) != value.capaian:
            problems.append(f"{sheet}: «{name}» capaian {percent}, bukan {value.capaian}")
        if value.keterangan and keterangan != value.keterangan:
            problems.append(f"{sheet}: «{name}» keterangan «{keterangan}»")
    return problems


def _figures(sheet: Worksheet) -> dict[str, Figures]:
    """Each indicator row of a compiled sheet by indicator name."""
    header, columns = _header(sheet, "Indikator")
    wanted = [columns[t] for t in ("Realisasi TW II", "Capaian TW II (%)", "Keterangan")]
    rows: dict[str, Figures] = {}
    for row in range(header + 1, sheet.max_row + 1):
        name = sheet.cell(row, columns["Indikator"]).value
        if isinstance(name, str):
            realisasi, capaian, keterangan = (sheet.cell(row, c).value for c in wanted)
            rows[name.strip()] = (realisasi, capaian, keterangan)
    return rows


def _header(sheet: Worksheet, title: str) -> tuple[int, dict[str, int]]:
    """The row of column titles (the one holding `title`), and each title's column."""
    for row in sheet.iter_rows(min_row=1, max_row=40):
        titles = {c.value.strip(): c.column for c in row if isinstance(c.value, str)}
        if title in titles:
            return row[0].row, titles
    raise WorkbookMismatch(f"judul kolom «{title}» tidak ditemukan di lembar {sheet.title}")


def _texts(sheet: Worksheet) -> list[str]:
    return [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]


def _shows(sheet: Worksheet, title: str) -> bool:
    """A bidang's sheet names the bidang, in capitals, among its title lines."""
    return any(c.value == title for row in sheet.iter_rows(max_row=10) for c in row)

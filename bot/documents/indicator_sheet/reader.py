"""Reading a filled indicator sheet into `IndicatorRow`s, checking every cell on the way.

The reader trusts nothing about the file: headers are found by their labels wherever they are,
cell types are checked rather than assumed, and every problem in the file is reported at once, so
the operator fixes the sheet in one pass instead of one upload per mistake.
"""

import io
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import Final, TypeVar, get_args

from openpyxl import load_workbook
from openpyxl.cell.read_only import EmptyCell, ReadOnlyCell

from bot.capaian import Arah, Rumus, Sifat
from bot.documents.cells import BLANK_MARKS, EMPTY, Cell, cell_decimal, cell_text, read_cell
from bot.documents.indicator_sheet.columns import (
    ANY_TARGET_TW,
    ARAH,
    BIDANG,
    BOLEH_NEGATIF,
    COLUMNS,
    INDIKATOR,
    MAX_LENGTH,
    NUMBER_COLUMNS,
    REALISASI_TW,
    RUMUS,
    SASARAN,
    SATUAN,
    SHEET,
    SIFAT,
    TARGET_TAHUNAN,
    TARGET_TW,
    TIDAK,
    WAJIB_BUKTI,
    YA,
    either,
)
from bot.documents.indicator_sheet.rows import IndicatorRow, IndicatorSheetError, RowProblem

_HEADER_SEARCH_ROWS: Final = 20
_MAX_COLUMNS: Final = 60
"""Columns read per row: far beyond the template, and a bound on a sheet formatted to XFD."""
_MIN_HEADER_LABELS: Final = 3
"""Labels a row needs to count as the header row, so a title mentioning "Bidang" does not."""
_T = TypeVar("_T", bound=str)


def _label(value: object) -> str:
    """A header cell as compared: any case, any spacing; not a label unless it is text."""
    return " ".join(value.split()).casefold() if isinstance(value, str) else ""


_LABELS: Final = {
    _label(label): column.header for column in COLUMNS for label in (column.header, *column.aliases)
}


@dataclass(frozen=True)
class _Sheet:
    """The part of a workbook the reader needs, copied out while the file is open."""

    header_row: int
    columns: dict[str, int]
    """Header → 0-based position, first occurrence."""
    repeated: list[str]
    """Headers that appear more than once."""
    rows: list[tuple[int, tuple[Cell, ...]]]
    """Rows below the header, numbered as in Excel, empty ones already left out."""


def read_indicator_rows(path: Path) -> list[IndicatorRow]:
    """The indicators in the filled template at `path`, in sheet order.

    Reads the sheet named "Indikator" (else the first sheet with the header row). The header row
    is found by its labels (any case or spacing, title rows above it, any column order); rows
    with nothing in the known columns are skipped. Numbers may be numeric cells (a cell formatted
    as percent counts as it shows: 95 % is 95) or text in Indonesian or international form.

    Raises IndicatorSheetError listing every problem found (unreadable file, missing or repeated
    columns, each bad cell, duplicate indicators, no indicators at all); nothing is returned
    unless the whole sheet is good.
    """
    sheet = _open(path.read_bytes())
    problems = [
        RowProblem(
            sheet.header_row, header, "judul kolom ini muncul lebih dari sekali; hapus salah satu"
        )
        for header in sheet.repeated
    ]
    problems += [
        RowProblem(
            sheet.header_row,
            column.header,
            f"kolom ini tidak ditemukan di baris judul; tambahkan kolom berjudul '{column.header}'",
        )
        for column in COLUMNS
        if column.required and column.header not in sheet.columns
    ]
    indicators: list[IndicatorRow] = []
    first_row_of: dict[tuple[str, ...], int] = {}
    for number, values in sheet.rows:
        cells = {header: values[position] for header, position in sheet.columns.items()}
        if all(_is_blank(value) for value, _ in cells.values()):
            continue
        indicator = _RowReader(number, cells, problems).indicator()
        key = tuple(
            cell_text(cells.get(column, EMPTY)[0]).casefold() for column in (BIDANG, INDIKATOR)
        )
        first = first_row_of.setdefault(key, number) if all(key) else number
        if first != number:
            message = f"indikator ini sudah ada di baris {first} untuk bidang yang sama"
            problems.append(RowProblem(number, INDIKATOR, message))
        if indicator is not None:
            indicators.append(indicator)
    if problems:
        raise IndicatorSheetError(problems)
    if not indicators:
        raise IndicatorSheetError(
            [
                RowProblem(
                    0, "", f"belum ada indikator di bawah baris judul (baris {sheet.header_row})"
                )
            ]
        )
    return indicators


def _open(content: bytes) -> _Sheet:
    """The indicator sheet of the workbook in `content`, or IndicatorSheetError saying why not."""
    try:
        # openpyxl warns about Excel features it skips (extensions, slicers); none matter here.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            candidates = sorted(
                workbook.worksheets, key=lambda ws: ws.title.strip().casefold() != SHEET.casefold()
            )
            for worksheet in candidates:
                sheet = _read_sheet(worksheet.iter_rows(max_col=_MAX_COLUMNS))
                if sheet is not None:
                    return sheet
        finally:
            workbook.close()
    # A damaged or foreign file fails deep inside zipfile, the XML parser or openpyxl with many
    # exception types; to the operator they all mean the same thing.
    except Exception as error:
        raise IndicatorSheetError(
            [
                RowProblem(
                    0,
                    "",
                    "berkas tidak dapat dibaca sebagai berkas Excel (.xlsx). Simpan ulang dari "
                    "Excel atau LibreOffice dengan format .xlsx lalu kirim lagi.",
                )
            ]
        ) from error
    labels = ", ".join(column.header for column in COLUMNS if column.required)
    raise IndicatorSheetError(
        [RowProblem(0, "", f"baris judul kolom tidak ditemukan; templat memakai kolom {labels}")]
    )


def _read_sheet(rows: Iterable[Sequence[ReadOnlyCell | EmptyCell]]) -> _Sheet | None:
    """Finds the header row among the first rows and copies the non-empty rows below it."""
    numbered = enumerate(((read_cell(cell) for cell in row) for row in rows), start=1)
    top = [(number, tuple(cells)) for number, cells in islice(numbered, _HEADER_SEARCH_ROWS)]
    best: tuple[int, dict[str, int], list[str]] | None = None
    for number, cells in top:
        columns: dict[str, int] = {}
        repeated: list[str] = []
        for position, (value, _) in enumerate(cells):
            header = _LABELS.get(_label(value))
            if header is None:
                continue
            if header in columns:
                repeated.append(header)
            else:
                columns[header] = position
        if len(columns) >= _MIN_HEADER_LABELS and (best is None or len(columns) > len(best[1])):
            best = (number, columns, repeated)
    if best is None:
        return None
    header_row, columns, repeated = best
    width = max(columns.values()) + 1
    below = [
        *((number, cells) for number, cells in top if number > header_row),
        *((number, tuple(cells)) for number, cells in numbered),
    ]
    body = [
        (number, cells[:width] + (EMPTY,) * (width - len(cells)))
        for number, cells in below
        if not all(_is_blank(value) for value, _ in cells)
    ]
    return _Sheet(header_row, columns, repeated, body)


class _RowReader:
    """Reads one data row, noting every problem in it instead of stopping at the first."""

    def __init__(self, row: int, cells: Mapping[str, Cell], problems: list[RowProblem]) -> None:
        self.row = row
        self.cells = cells
        self.problems = problems
        self.bad: set[str] = set()
        """Columns already reported, so a follow-on check does not report them twice."""

    def indicator(self) -> IndicatorRow | None:
        """The row as an IndicatorRow, or None when it has problems (they are in `problems`)."""
        bidang = self.text(BIDANG)
        sasaran = self.text(SASARAN)
        indikator = self.text(INDIKATOR)
        satuan = self.text(SATUAN)
        arah = self.choice(ARAH, get_args(Arah), required=True)
        rumus = self.choice(RUMUS, get_args(Rumus), required=False)
        sifat = self.choice(SIFAT, get_args(Sifat), required=True)
        boleh_negatif = self.flag(BOLEH_NEGATIF)
        wajib_bukti = self.flag(WAJIB_BUKTI)
        numbers = {header: self.number(header, boleh_negatif) for header in NUMBER_COLUMNS}
        if rumus is not None and arah == "naik":
            self.problem(RUMUS, "rumus hanya untuk arah turun; kosongkan untuk arah naik")
        self.check_targets(numbers)
        annual = numbers[TARGET_TAHUNAN]
        # A column missing from the sheet leaves its values None or blank without a problem here:
        # it is reported once at the header row, and that alone refuses the file.
        if self.bad or arah is None or sifat is None or annual is None:
            return None
        target_tw = tuple(numbers[header] for header in TARGET_TW)
        realisasi_tw = tuple(numbers[header] for header in REALISASI_TW)
        return IndicatorRow(
            row=self.row,
            bidang=bidang,
            sasaran=sasaran,
            indikator=indikator,
            satuan=satuan,
            arah=arah,
            rumus=rumus,
            sifat=sifat,
            boleh_negatif=bool(boleh_negatif),
            target_tahunan=annual,
            target_tw=(target_tw[0], target_tw[1], target_tw[2], target_tw[3]),
            realisasi_tw=(realisasi_tw[0], realisasi_tw[1], realisasi_tw[2], realisasi_tw[3]),
            wajib_bukti=bool(wajib_bukti),
        )

    def problem(self, column: str, message: str) -> None:
        self.problems.append(RowProblem(self.row, column, message))
        self.bad.add(column)

    def present(self, column: str) -> bool:
        """Whether the sheet has this column; a missing one is reported once, at the header."""
        return column in self.cells

    def text(self, column: str) -> str:
        value = cell_text(self.cells.get(column, EMPTY)[0])
        if not value and self.present(column):
            self.problem(column, "wajib diisi")
        elif len(value) > MAX_LENGTH.get(column, len(value)):
            self.problem(column, f"terlalu panjang; paling banyak {MAX_LENGTH[column]} karakter")
        return value

    def choice(self, column: str, allowed: tuple[_T, ...], *, required: bool) -> _T | None:
        written = cell_text(self.cells.get(column, EMPTY)[0])
        if not written:
            if required and self.present(column):
                self.problem(column, f"wajib diisi: {either(allowed)}")
            return None
        chosen = _match(written, allowed)
        if chosen is None:
            self.problem(column, f"harus {either(allowed)}, bukan '{written}'")
        return chosen

    def flag(self, column: str) -> bool | None:
        """Ya/Tidak, blank meaning Tidak; None when unreadable (already reported)."""
        value = self.cells.get(column, EMPTY)[0]
        if isinstance(value, bool):
            return value
        written = cell_text(value)
        if not written:
            return False
        chosen = _match(written, (YA, TIDAK))
        if chosen is None:
            self.problem(
                column, f"harus {either((YA, TIDAK))} (kosong berarti Tidak), bukan '{written}'"
            )
            return None
        return chosen == YA

    def number(self, column: str, boleh_negatif: bool | None) -> Decimal | None:
        value, number_format = self.cells.get(column, EMPTY)
        try:
            number = cell_decimal(value, number_format)
        except ValueError as refusal:
            self.problem(column, str(refusal))
            return None
        # Unreadable Boleh negatif is already reported; guessing it would add a doubtful problem.
        if number is not None and number < 0 and boleh_negatif is False:
            self.problem(
                column,
                "tidak boleh negatif; isi 'Ya' di kolom Boleh negatif bila nilainya memang bisa "
                "negatif",
            )
        return number

    def check_targets(self, numbers: Mapping[str, Decimal | None]) -> None:
        """The annual target is required, one quarter at least is measured, history fits."""
        annual_blank = numbers[TARGET_TAHUNAN] is None and TARGET_TAHUNAN not in self.bad
        if annual_blank and self.present(TARGET_TAHUNAN):
            self.problem(TARGET_TAHUNAN, "wajib diisi")
        measured = [header for header in TARGET_TW if numbers[header] is not None]
        given = [header for header in TARGET_TW if self.present(header)]
        if given and not measured and not self.bad.intersection(TARGET_TW):
            self.problem(
                ANY_TARGET_TW,
                "isi target paling sedikit satu triwulan; target kosong berarti tidak diukur "
                "pada triwulan itu",
            )
        for target, realisasi in zip(TARGET_TW, REALISASI_TW, strict=True):
            unmeasured = numbers[target] is None and target not in self.bad
            if numbers[realisasi] is not None and unmeasured:
                self.problem(
                    realisasi,
                    f"ada realisasi padahal {target} kosong (tidak diukur); isi targetnya atau "
                    "kosongkan realisasinya",
                )


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip() in BLANK_MARKS)


def _squash(text: str) -> str:
    return re.sub(r"[\s_-]+", "", text.casefold())


def _match(written: str, allowed: tuple[_T, ...]) -> _T | None:
    """The allowed value meant, ignoring case, spaces and dashes ("Rata rata" is "rata-rata")."""
    return next((value for value in allowed if _squash(value) == _squash(written)), None)

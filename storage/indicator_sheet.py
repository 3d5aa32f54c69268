"""The indicator master spreadsheet: the template the operator fills, and the reader that checks it.

Offices already keep each bidang's indicators (sasaran strategis, satuan, arah, rumus, sifat,
targets) in Excel, so the master comes in as a workbook. `write_template` makes the documented
template (dropdowns, notes and a "Petunjuk" sheet, so the sheet explains itself);
`read_indicator_rows` turns a filled one into plain `IndicatorRow`s. No database code lives here:
the loader that stores the rows sits on top.

The reader trusts nothing about the file: headers are found by their labels wherever they are,
cell types are checked rather than assumed, and every problem in the file is reported at once, so
the operator fixes the sheet in one pass instead of one upload per mistake.

The committed sample (`SAMPLE_PATH`) was made by `write_template`; after a change to the template,
regenerate it from itself: `write_template(SAMPLE_PATH, read_indicator_rows(SAMPLE_PATH))`.
"""

import io
import math
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import Final, TypeVar, get_args

from openpyxl import Workbook, load_workbook
from openpyxl.cell.read_only import EmptyCell, ReadOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from bot.capaian import Arah, Rumus, Sifat
from bot.numbers import parse_number

SAMPLE_PATH: Final = Path(__file__).with_name("samples") / "indikator-contoh.xlsx"
"""A filled example for a Dinas Dukcapil kabupaten, to show operators and to seed a demo."""

SHEET: Final = "Indikator"
GUIDE_SHEET: Final = "Petunjuk"

BIDANG: Final = "Bidang"
SASARAN: Final = "Sasaran Strategis"
INDIKATOR: Final = "Indikator Kinerja"
SATUAN: Final = "Satuan"
ARAH: Final = "Arah"
RUMUS: Final = "Rumus (turun)"
SIFAT: Final = "Sifat"
BOLEH_NEGATIF: Final = "Boleh negatif"
TARGET_TAHUNAN: Final = "Target Tahunan"
TRIWULAN: Final = ("I", "II", "III", "IV")
TARGET_TW: Final = tuple(f"Target TW {tw}" for tw in TRIWULAN)
REALISASI_TW: Final = tuple(f"Realisasi TW {tw}" for tw in TRIWULAN)
_ANY_TARGET_TW: Final = "Target TW I–IV"
"""Names the four quarterly target columns together in a problem about all of them."""

_MONTHS: Final = ("Januari–Maret", "April–Juni", "Juli–September", "Oktober–Desember")
_TITLE_ROW: Final = 1
_HEADER_ROW: Final = 3
_FIRST_DATA_ROW: Final = _HEADER_ROW + 1
_VALIDATED_ROWS: Final = 500
"""Empty rows below the written ones that still get dropdowns, room for the operator to add."""
_HEADER_SEARCH_ROWS: Final = 20
_MAX_COLUMNS: Final = 60
"""Columns read per row: far beyond the template, and a bound on a sheet formatted to XFD."""
_MIN_HEADER_LABELS: Final = 3
"""Labels a row needs to count as the header row, so a title mentioning "Bidang" does not."""
_MAX_LENGTH: Final = {BIDANG: 200, SATUAN: 50}
"""Lengths of the database columns (storage.models) that hold these texts."""
_BLANK_MARKS: Final = frozenset({"", "-", "–", "—"})
"""Texts that mean "nothing here": offices often type a dash for a quarter without a target."""


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator as the operator wrote it; quarter tuples run TW I to TW IV."""

    row: int
    bidang: str
    sasaran: str
    indikator: str
    satuan: str
    arah: Arah
    rumus: Rumus | None
    """`None` for "naik", and for "turun" left blank: the office default applies."""
    sifat: Sifat
    boleh_negatif: bool
    target_tahunan: Decimal
    target_tw: tuple[Decimal | None, Decimal | None, Decimal | None, Decimal | None]
    """`None`: the indicator is not measured that quarter."""
    realisasi_tw: tuple[Decimal | None, Decimal | None, Decimal | None, Decimal | None]
    """History for quarters before the bot was used; later quarters come through the bot."""


@dataclass(frozen=True)
class RowProblem:
    """One thing to fix; `row` 0 means the file as a whole, `column` "" no single column."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        place = []
        if self.row:
            place.append(f"Baris {self.row}")
        if self.column:
            place.append(f"kolom {self.column}")
        if not place:
            return f"{self.message[:1].upper()}{self.message[1:]}"
        where = ", ".join(place)
        return f"{where[0].upper()}{where[1:]}: {self.message}"


class IndicatorSheetError(ValueError):
    """The sheet cannot be used as it is; `str()` lists every problem for the operator."""

    def __init__(self, problems: Sequence[RowProblem]) -> None:
        self.problems = list(problems)
        lines = [f"Daftar indikator belum dapat dipakai. Perbaiki {len(self.problems)} hal ini:"]
        lines += [f"- {problem}" for problem in self.problems]
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class _Column:
    header: str
    width: float
    note: str
    """Shown as the header's comment and in the Petunjuk sheet: one text, two places."""
    required: bool = True
    aliases: tuple[str, ...] = ()
    """Other labels the reader accepts, for sheets the office made before the template."""


_COLUMNS: Final = (
    _Column(
        BIDANG,
        28,
        "Nama bidang atau sekretariat pemilik indikator, ditulis sama persis untuk semua "
        "indikatornya, misalnya 'Bidang Pelayanan Pencatatan Sipil'.",
    ),
    _Column(
        SASARAN,
        36,
        "Sasaran strategis (Renstra) yang didukung indikator ini.",
        aliases=("Sasaran",),
    ),
    _Column(
        INDIKATOR,
        44,
        "Nama indikator kinerja. Dalam satu bidang tidak boleh ada dua indikator bernama sama.",
        aliases=("Indikator",),
    ),
    _Column(SATUAN, 11, "Satuan nilai, misalnya %, lembar, keping, hari, nilai, dokumen."),
    _Column(
        ARAH,
        9,
        "'naik' bila makin tinggi makin baik: capaian = realisasi ÷ target × 100. "
        "'turun' bila makin rendah makin baik, misalnya waktu layanan atau jumlah keluhan; "
        "rumusnya dipilih di kolom Rumus (turun).",
    ),
    _Column(
        RUMUS,
        11,
        "Hanya untuk arah 'turun'. 'selisih': capaian = (2 × target − realisasi) ÷ target × 100, "
        "paling kecil 0. 'rasio': capaian = target ÷ realisasi × 100. Kosongkan untuk memakai "
        "rumus bawaan kantor; kosongkan juga untuk arah 'naik'.",
        required=False,
        aliases=("Rumus",),
    ),
    _Column(
        SIFAT,
        12,
        "Cara menggabungkan triwulan menjadi nilai s.d. triwulan dan tahunan: 'kumulatif' "
        "menjumlahkan triwulan (misalnya jumlah akta terbit), 'rata-rata' merata-ratakannya, "
        "'akhir' memakai nilai triwulan terakhir (misalnya persentase cakupan).",
    ),
    _Column(
        BOLEH_NEGATIF,
        10,
        "'Ya' bila nilai indikator memang bisa negatif (misalnya laju pertumbuhan). "
        "Kosong berarti 'Tidak': angka negatif ditolak.",
        required=False,
    ),
    _Column(
        TARGET_TAHUNAN,
        11,
        "Target satu tahun, wajib diisi. Untuk sifat 'kumulatif' biasanya jumlah target TW I–IV; "
        "untuk 'akhir' sama dengan target triwulan terakhir.",
    ),
    *(
        _Column(
            header,
            10,
            f"Target triwulan {tw} ({months}). Kosongkan bila indikator tidak diukur pada "
            "triwulan ini; paling sedikit satu triwulan harus bertarget.",
            aliases=(f"Target TW {number}",),
        )
        for number, (header, tw, months) in enumerate(
            zip(TARGET_TW, TRIWULAN, _MONTHS, strict=True), start=1
        )
    ),
    *(
        _Column(
            header,
            10,
            f"Realisasi triwulan {tw}, hanya untuk triwulan sebelum bot dipakai (riwayat). "
            "Triwulan berikutnya diisi kepala bidang lewat bot; biarkan kosong.",
            required=False,
            aliases=(f"Realisasi TW {number}",),
        )
        for number, (header, tw) in enumerate(zip(REALISASI_TW, TRIWULAN, strict=True), start=1)
    ),
)
_NUMBER_COLUMNS: Final = (TARGET_TAHUNAN, *TARGET_TW, *REALISASI_TW)

_YA: Final = "Ya"
_TIDAK: Final = "Tidak"
_HEADER_FILL: Final = PatternFill("solid", fgColor="DDEBF7")
_THIN: Final = Side(style="thin", color="9BA7B4")
_BOX: Final = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP_TOP: Final = Alignment(wrap_text=True, vertical="top")


# --- writing -------------------------------------------------------------------------------------


def write_template(path: Path, rows: Sequence[IndicatorRow] = ()) -> None:
    """Write the template to `path`, filled with `rows` (none: an empty template to hand out).

    The rows are written in order from the first data row; their `row` numbers are not used.
    The result reads back with `read_indicator_rows` into the same rows.
    """
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new Workbook always has its first sheet
    sheet.title = SHEET
    _write_indicator_sheet(sheet, rows)
    _write_guide_sheet(workbook.create_sheet(GUIDE_SHEET))
    workbook.properties.title = "Daftar Indikator Kinerja"
    workbook.properties.creator = "kinerja-bot"
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)


def _write_indicator_sheet(sheet: Worksheet, rows: Sequence[IndicatorRow]) -> None:
    last_column = get_column_letter(len(_COLUMNS))
    sheet["A1"] = "DAFTAR INDIKATOR KINERJA PER BIDANG"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = (
        "Isi satu baris per indikator, mulai di bawah judul kolom. Arahkan penunjuk ke judul "
        f"kolom untuk penjelasannya; petunjuk lengkap ada di lembar '{GUIDE_SHEET}'."
    )
    sheet["A2"].font = Font(italic=True)
    sheet.merge_cells(f"A{_TITLE_ROW}:{last_column}{_TITLE_ROW}")
    sheet.merge_cells(f"A2:{last_column}2")

    for index, column in enumerate(_COLUMNS, start=1):
        cell = sheet.cell(_HEADER_ROW, index, column.header)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BOX
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        cell.comment = Comment(column.note, "kinerja-bot", width=320, height=150)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.row_dimensions[_HEADER_ROW].height = 32

    for offset, indicator in enumerate(rows):
        for index, value in enumerate(_cells_of(indicator), start=1):
            cell = sheet.cell(_FIRST_DATA_ROW + offset, index, value)
            cell.alignment = _WRAP_TOP
            cell.border = _BOX

    last_row = _FIRST_DATA_ROW + len(rows) + _VALIDATED_ROWS
    for validation, headers in _validations():
        for header in headers:
            letter = get_column_letter(_column_number(header))
            validation.add(f"{letter}{_FIRST_DATA_ROW}:{letter}{last_row}")
        sheet.add_data_validation(validation)

    sheet.freeze_panes = sheet.cell(_FIRST_DATA_ROW, 1)
    sheet.auto_filter.ref = (
        f"A{_HEADER_ROW}:{last_column}{max(_HEADER_ROW + 1, _HEADER_ROW + len(rows))}"
    )
    sheet.print_title_rows = f"{_HEADER_ROW}:{_HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"


def _cells_of(indicator: IndicatorRow) -> list[object]:
    by_header: dict[str, object] = {
        BIDANG: indicator.bidang,
        SASARAN: indicator.sasaran,
        INDIKATOR: indicator.indikator,
        SATUAN: indicator.satuan,
        ARAH: indicator.arah,
        RUMUS: indicator.rumus,
        SIFAT: indicator.sifat,
        BOLEH_NEGATIF: _YA if indicator.boleh_negatif else _TIDAK,
        TARGET_TAHUNAN: indicator.target_tahunan,
        **dict(zip(TARGET_TW, indicator.target_tw, strict=True)),
        **dict(zip(REALISASI_TW, indicator.realisasi_tw, strict=True)),
    }
    return [by_header[column.header] for column in _COLUMNS]


def _validations() -> list[tuple[DataValidation, tuple[str, ...]]]:
    """Dropdowns and number checks, so Excel stops most mistakes before the bot sees them."""
    choices = (
        (ARAH, get_args(Arah), "naik: makin tinggi makin baik; turun: makin rendah makin baik."),
        (RUMUS, get_args(Rumus), "Hanya untuk arah turun; kosong = rumus bawaan kantor."),
        (SIFAT, get_args(Sifat), "kumulatif: dijumlah; rata-rata: dirata-rata; akhir: terakhir."),
        (BOLEH_NEGATIF, (_YA, _TIDAK), "Ya bila nilainya bisa negatif; kosong = Tidak."),
    )
    number = DataValidation(
        type="decimal",
        operator="between",
        formula1="-1000000000000",
        formula2="1000000000000",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Bukan angka",
        error="Isi dengan angka, misalnya 95 atau 1234,5. Kosongkan target triwulan yang tidak "
        "diukur.",
    )
    return [(_dropdown(values, prompt), (header,)) for header, values, prompt in choices] + [
        (number, _NUMBER_COLUMNS)
    ]


def _dropdown(values: Sequence[str], prompt: str) -> DataValidation:
    return DataValidation(
        type="list",
        formula1='"' + ",".join(values) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Pilihan tidak dikenal",
        error=f"Pilih salah satu: {_either(values)}.",
        showInputMessage=True,
        prompt=prompt,
    )


def _column_number(header: str) -> int:
    return next(index for index, column in enumerate(_COLUMNS, start=1) if column.header == header)


def _write_guide_sheet(sheet: Worksheet) -> None:
    sheet["A1"] = "PETUNJUK PENGISIAN DAFTAR INDIKATOR KINERJA"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 10
    sheet.column_dimensions["C"].width = 95

    rows: list[tuple[str, str, str]] = [("Kolom", "Wajib", "Penjelasan")]
    rows += [(c.header, _YA if c.required else _TIDAK, c.note) for c in _COLUMNS]
    rows += [
        ("", "", ""),
        ("Cara menghitung capaian", "", ""),
        ("naik", "", "Capaian = realisasi ÷ target × 100."),
        (
            "turun, selisih",
            "",
            "Capaian = (2 × target − realisasi) ÷ target × 100, paling kecil 0. Bila kolom "
            "Rumus (turun) kosong, dipakai rumus bawaan kantor (biasanya selisih).",
        ),
        ("turun, rasio", "", "Capaian = target ÷ realisasi × 100 (realisasi 0: tanpa persentase)."),
        ("kumulatif", "", "Nilai s.d. triwulan dan tahunan = jumlah nilai triwulan."),
        ("rata-rata", "", "Nilai s.d. triwulan dan tahunan = rata-rata nilai triwulan."),
        ("akhir", "", "Nilai s.d. triwulan dan tahunan = nilai triwulan terakhir."),
        ("", "", ""),
        ("Catatan", "", ""),
        (
            "Target TW kosong",
            "",
            "Indikator tidak diukur pada triwulan itu dan tidak dihitung capaiannya.",
        ),
        (
            "Realisasi TW",
            "",
            "Isi hanya untuk triwulan sebelum bot dipakai. Realisasi triwulan berikutnya diisi "
            "kepala bidang lewat bot.",
        ),
        (
            "Angka",
            "",
            "Tulis angka biasa (95; 1234,5). Angka yang diketik sebagai teks juga dibaca, baik "
            "1.234,5 maupun 1,234.5. Sel berformat persen dibaca sesuai tampilannya (95%).",
        ),
        (
            "Baris dan urutan kolom",
            "",
            "Baris kosong dilewati. Urutan kolom boleh diubah asalkan judul kolom tetap sama.",
        ),
    ]
    for offset, (label, wajib, text) in enumerate(rows, start=3):
        sheet.cell(offset, 1, label)
        sheet.cell(offset, 2, wajib)
        sheet.cell(offset, 3, text).alignment = _WRAP_TOP
        sheet.cell(offset, 1).alignment = _WRAP_TOP
        if offset == 3 or label in ("Cara menghitung capaian", "Catatan"):
            for column in (1, 2, 3):
                sheet.cell(offset, column).font = Font(bold=True)


# --- reading -------------------------------------------------------------------------------------

_Cell = tuple[object, str]
"""A cell as read: its value (any type the file chose) and its number format."""
_EMPTY: Final[_Cell] = (None, "")
_T = TypeVar("_T", bound=str)


def _label(value: object) -> str:
    """A header cell as compared: any case, any spacing; not a label unless it is text."""
    return " ".join(value.split()).casefold() if isinstance(value, str) else ""


_LABELS: Final = {
    _label(label): column.header
    for column in _COLUMNS
    for label in (column.header, *column.aliases)
}


@dataclass(frozen=True)
class _Sheet:
    """The part of a workbook the reader needs, copied out while the file is open."""

    header_row: int
    columns: dict[str, int]
    """Header → 0-based position, first occurrence."""
    repeated: list[str]
    """Headers that appear more than once."""
    rows: list[tuple[int, tuple[_Cell, ...]]]
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
        for column in _COLUMNS
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
            _text(cells.get(column, _EMPTY)[0]).casefold() for column in (BIDANG, INDIKATOR)
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
    labels = ", ".join(column.header for column in _COLUMNS if column.required)
    raise IndicatorSheetError(
        [RowProblem(0, "", f"baris judul kolom tidak ditemukan; templat memakai kolom {labels}")]
    )


def _read_sheet(rows: Iterable[Sequence[ReadOnlyCell | EmptyCell]]) -> _Sheet | None:
    """Finds the header row among the first rows and copies the non-empty rows below it."""
    numbered = enumerate(((_cell(cell) for cell in row) for row in rows), start=1)
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
        (number, cells[:width] + (_EMPTY,) * (width - len(cells)))
        for number, cells in below
        if not all(_is_blank(value) for value, _ in cells)
    ]
    return _Sheet(header_row, columns, repeated, body)


def _cell(cell: ReadOnlyCell | EmptyCell) -> _Cell:
    return cell.value, cell.number_format or ""


class _RowReader:
    """Reads one data row, noting every problem in it instead of stopping at the first."""

    def __init__(self, row: int, cells: Mapping[str, _Cell], problems: list[RowProblem]) -> None:
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
        numbers = {header: self.number(header, boleh_negatif) for header in _NUMBER_COLUMNS}
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
        )

    def problem(self, column: str, message: str) -> None:
        self.problems.append(RowProblem(self.row, column, message))
        self.bad.add(column)

    def present(self, column: str) -> bool:
        """Whether the sheet has this column; a missing one is reported once, at the header."""
        return column in self.cells

    def text(self, column: str) -> str:
        value = _text(self.cells.get(column, _EMPTY)[0])
        if not value and self.present(column):
            self.problem(column, "wajib diisi")
        elif len(value) > _MAX_LENGTH.get(column, len(value)):
            self.problem(column, f"terlalu panjang; paling banyak {_MAX_LENGTH[column]} karakter")
        return value

    def choice(self, column: str, allowed: tuple[_T, ...], *, required: bool) -> _T | None:
        written = _text(self.cells.get(column, _EMPTY)[0])
        if not written:
            if required and self.present(column):
                self.problem(column, f"wajib diisi: {_either(allowed)}")
            return None
        chosen = _match(written, allowed)
        if chosen is None:
            self.problem(column, f"harus {_either(allowed)}, bukan '{written}'")
        return chosen

    def flag(self, column: str) -> bool | None:
        """Ya/Tidak, blank meaning Tidak; None when unreadable (already reported)."""
        value = self.cells.get(column, _EMPTY)[0]
        if isinstance(value, bool):
            return value
        written = _text(value)
        if not written:
            return False
        chosen = _match(written, (_YA, _TIDAK))
        if chosen is None:
            self.problem(
                column, f"harus {_either((_YA, _TIDAK))} (kosong berarti Tidak), bukan '{written}'"
            )
            return None
        return chosen == _YA

    def number(self, column: str, boleh_negatif: bool | None) -> Decimal | None:
        value, number_format = self.cells.get(column, _EMPTY)
        try:
            number = _decimal(value, number_format)
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
                _ANY_TARGET_TW,
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


def _text(value: object) -> str:
    """A text cell's content with runs of spaces and line breaks made one space."""
    return "" if value is None else " ".join(str(value).split())


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip() in _BLANK_MARKS)


def _squash(text: str) -> str:
    return re.sub(r"[\s_-]+", "", text.casefold())


def _match(written: str, allowed: tuple[_T, ...]) -> _T | None:
    """The allowed value meant, ignoring case, spaces and dashes ("Rata rata" is "rata-rata")."""
    return next((value for value in allowed if _squash(value) == _squash(written)), None)


def _either(allowed: Sequence[str]) -> str:
    quoted = [f"'{value}'" for value in allowed]
    return f"{', '.join(quoted[:-1])} atau {quoted[-1]}"


def _decimal(value: object, number_format: str) -> Decimal | None:
    """The exact number in a cell, whatever type the file gave it; None for a blank.

    Raises ValueError with an Indonesian message for a cell that holds no number.
    """
    if isinstance(value, str):
        written = value.strip()
        return None if written in _BLANK_MARKS else parse_number(written)
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
        # repr gives the shortest text that reads back as this float, which is what was typed:
        # Decimal(95.5) would be exact but Decimal(0.1) would carry binary noise.
        number = Decimal(int(value)) if value.is_integer() else Decimal(repr(value))
    else:
        raise ValueError("bukan angka")
    if _shows_percent(number_format):
        scaled = number.scaleb(2)
        return scaled.quantize(Decimal(1)) if scaled.as_tuple().exponent > 0 else scaled
    return number


def _shows_percent(number_format: str) -> bool:
    """Whether Excel shows the cell as a percentage (a quoted or escaped "%" is only text)."""
    return "%" in re.sub(r'"[^"]*"|\\.', "", number_format)

"""Writing the indicator template: the sheet the operator fills (headers with notes, dropdowns,
number checks) and its "Petunjuk" sheet, so the workbook explains itself.

The committed sample (`SAMPLE_PATH`) was made by `write_template`; after a change to the template,
regenerate it from itself: `write_template(SAMPLE_PATH, read_indicator_rows(SAMPLE_PATH))`.
"""

from collections.abc import Sequence
from pathlib import Path
from typing import Final, get_args

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from bot.capaian import Arah, Rumus, Sifat
from bot.documents.cells import merge_row, write_cell
from bot.documents.indicator_sheet.columns import (
    ARAH,
    BIDANG,
    BOLEH_NEGATIF,
    COLUMNS,
    GUIDE_SHEET,
    INDIKATOR,
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
from bot.documents.indicator_sheet.rows import IndicatorRow

SAMPLE_PATH: Final = Path(__file__).parent.parent / "samples" / "indikator-contoh.xlsx"
"""A filled example for a Dinas Dukcapil kabupaten, to show operators and to seed a demo."""

_TITLE_ROW: Final = 1
_HEADER_ROW: Final = 3
_FIRST_DATA_ROW: Final = _HEADER_ROW + 1
_VALIDATED_ROWS: Final = 500
"""Empty rows below the written ones that still get dropdowns, room for the operator to add."""
_HEADER_FILL: Final = PatternFill("solid", fgColor="DDEBF7")
_THIN: Final = Side(style="thin", color="9BA7B4")
_BOX: Final = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP_TOP: Final = Alignment(wrap_text=True, vertical="top")


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
    last_column = get_column_letter(len(COLUMNS))
    title = write_cell(sheet, _TITLE_ROW, 1, "DAFTAR INDIKATOR KINERJA PER BIDANG")
    title.font = Font(bold=True, size=14)
    help_line = (
        "Isi satu baris per indikator, mulai di bawah judul kolom. Arahkan penunjuk ke judul "
        f"kolom untuk penjelasannya; petunjuk lengkap ada di lembar '{GUIDE_SHEET}'."
    )
    write_cell(sheet, 2, 1, help_line).font = Font(italic=True)
    merge_row(sheet, _TITLE_ROW, 1, len(COLUMNS))
    merge_row(sheet, 2, 1, len(COLUMNS))

    for index, column in enumerate(COLUMNS, start=1):
        cell = write_cell(sheet, _HEADER_ROW, index, column.header)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BOX
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        cell.comment = Comment(column.note, "kinerja-bot", width=320, height=150)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.row_dimensions[_HEADER_ROW].height = 32

    for offset, indicator in enumerate(rows):
        for index, value in enumerate(_cells_of(indicator), start=1):
            cell = write_cell(sheet, _FIRST_DATA_ROW + offset, index, value)
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
        BOLEH_NEGATIF: YA if indicator.boleh_negatif else TIDAK,
        WAJIB_BUKTI: YA if indicator.wajib_bukti else TIDAK,
        TARGET_TAHUNAN: indicator.target_tahunan,
        **dict(zip(TARGET_TW, indicator.target_tw, strict=True)),
        **dict(zip(REALISASI_TW, indicator.realisasi_tw, strict=True)),
    }
    return [by_header[column.header] for column in COLUMNS]


def _validations() -> list[tuple[DataValidation, tuple[str, ...]]]:
    """Dropdowns and number checks, so Excel stops most mistakes before the bot sees them."""
    choices = (
        (ARAH, get_args(Arah), "naik: makin tinggi makin baik; turun: makin rendah makin baik."),
        (RUMUS, get_args(Rumus), "Hanya untuk arah turun; kosong = rumus bawaan kantor."),
        (SIFAT, get_args(Sifat), "kumulatif: dijumlah; rata-rata: dirata-rata; akhir: terakhir."),
        (BOLEH_NEGATIF, (YA, TIDAK), "Ya bila nilainya bisa negatif; kosong = Tidak."),
        (WAJIB_BUKTI, (YA, TIDAK), "Ya bila wajib dilampiri bukti dukung; kosong = Tidak."),
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
        (number, NUMBER_COLUMNS)
    ]


def _dropdown(values: Sequence[str], prompt: str) -> DataValidation:
    return DataValidation(
        type="list",
        formula1='"' + ",".join(values) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Pilihan tidak dikenal",
        error=f"Pilih salah satu: {either(values)}.",
        showInputMessage=True,
        prompt=prompt,
    )


def _column_number(header: str) -> int:
    return next(index for index, column in enumerate(COLUMNS, start=1) if column.header == header)


def _write_guide_sheet(sheet: Worksheet) -> None:
    title = write_cell(sheet, 1, 1, "PETUNJUK PENGISIAN DAFTAR INDIKATOR KINERJA")
    title.font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 10
    sheet.column_dimensions["C"].width = 95

    rows: list[tuple[str, str, str]] = [("Kolom", "Wajib", "Penjelasan")]
    rows += [(c.header, YA if c.required else TIDAK, c.note) for c in COLUMNS]
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
        write_cell(sheet, offset, 1, label).alignment = _WRAP_TOP
        write_cell(sheet, offset, 2, wajib)
        write_cell(sheet, offset, 3, text).alignment = _WRAP_TOP
        if offset == 3 or label in ("Cara menghitung capaian", "Catatan"):
            for column in (1, 2, 3):
                sheet.cell(offset, column).font = Font(bold=True)

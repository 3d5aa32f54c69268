"""The indicator master spreadsheet: the template round trip, the sample, and every refusal."""

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from bot.documents.indicator_sheet import (
    REALISASI_TW,
    SAMPLE_PATH,
    TARGET_TW,
    IndicatorRow,
    IndicatorSheetError,
    RowProblem,
    read_indicator_rows,
    write_template,
)
from tests.workbooks import as_excel_wrote

HEADERS = (
    "Bidang",
    "Sasaran Strategis",
    "Indikator Kinerja",
    "Satuan",
    "Arah",
    "Rumus (turun)",
    "Sifat",
    "Boleh negatif",
    "Target Tahunan",
    *TARGET_TW,
    *REALISASI_TW,
)
"""The columns of a sheet made by hand before the template had "Wajib bukti dukung" (issue 14):
it still reads, every indicator requiring no evidence."""
TEMPLATE_HEADERS = (*HEADERS[:8], "Wajib bukti dukung", *HEADERS[8:])
_HEADER_BY_NAME = {
    header.replace(" ", "_").replace("(", "").replace(")", ""): header for header in HEADERS
}
PENCATATAN_SIPIL = "Bidang Pelayanan Pencatatan Sipil"
CAKUPAN = "Meningkatnya cakupan kepemilikan dokumen pencatatan sipil"


def an_indicator(row: int = 0, **changes: object) -> IndicatorRow:
    """A plain "naik, kumulatif" indicator of Pencatatan Sipil, changed where a test says."""
    indicator = IndicatorRow(
        row=row,
        bidang=PENCATATAN_SIPIL,
        sasaran=CAKUPAN,
        indikator="Jumlah akta kelahiran yang diterbitkan",
        satuan="lembar",
        arah="naik",
        rumus=None,
        sifat="kumulatif",
        boleh_negatif=False,
        target_tahunan=Decimal(8000),
        target_tw=(Decimal(2500), Decimal(2000), Decimal(2000), Decimal(1500)),
        realisasi_tw=(None, None, None, None),
    )
    return replace(indicator, **changes)


def a_sheet(
    path: Path, rows: Sequence[Sequence[object]], *, headers: Sequence[str] = HEADERS
) -> Path:
    """A workbook as an office might make it by hand: a title row, headers in row 2, `rows`."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Indikator"
    sheet.append(["Daftar Indikator Kinerja Dinas Dukcapil Kabupaten Musi Rawas"])
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def a_row(**cells: object) -> list[object]:
    """The cells of `an_indicator()` in HEADERS order, changed by header ("Rumus_turun")."""
    values: dict[str, object] = {
        "Bidang": PENCATATAN_SIPIL,
        "Sasaran Strategis": CAKUPAN,
        "Indikator Kinerja": "Jumlah akta kelahiran yang diterbitkan",
        "Satuan": "lembar",
        "Arah": "naik",
        "Sifat": "kumulatif",
        "Target Tahunan": 8000,
        "Target TW I": 2500,
        "Target TW II": 2000,
        "Target TW III": 2000,
        "Target TW IV": 1500,
    }
    values.update({_HEADER_BY_NAME[name]: value for name, value in cells.items()})
    return [values.get(header) for header in HEADERS]


def problems_of(path: Path) -> list[RowProblem]:
    with pytest.raises(IndicatorSheetError) as refused:
        read_indicator_rows(path)
    return refused.value.problems


def test_template_filled_with_indicators_reads_back_the_same(tmp_path: Path) -> None:
    indicators = [
        an_indicator(4),
        an_indicator(
            5,
            bidang="Bidang Pelayanan Pendaftaran Penduduk",
            indikator="Rata-rata waktu penerbitan KK",
            satuan="hari",
            arah="turun",
            rumus="selisih",
            sifat="rata-rata",
            target_tahunan=Decimal(2),
            target_tw=(Decimal("2.5"), Decimal(2), Decimal(2), Decimal("1.5")),
            realisasi_tw=(Decimal("2.75"), None, None, None),
        ),
        an_indicator(
            6,
            indikator="Persentase keluhan layanan",
            satuan="%",
            arah="turun",
            sifat="akhir",
            target_tahunan=Decimal("4.5"),
            target_tw=(None, Decimal("0.1"), Decimal("5"), Decimal("4.5")),
        ),
        an_indicator(
            7,
            indikator="Laju pertumbuhan pengguna IKD",
            satuan="%",
            sifat="akhir",
            boleh_negatif=True,
            target_tahunan=Decimal("-1.25"),
            target_tw=(Decimal("1234.56"), None, None, Decimal("-1.25")),
        ),
    ]
    path = tmp_path / "indikator.xlsx"

    write_template(path, indicators)

    assert read_indicator_rows(path) == indicators


def test_an_indicator_may_be_marked_as_requiring_evidence(tmp_path: Path) -> None:
    """Issue 14: "Wajib bukti dukung" Ya keeps Kirim back until a file is sent."""
    path = tmp_path / "indikator.xlsx"
    indicators = [an_indicator(4, wajib_bukti=True), an_indicator(5, indikator="Jumlah akta")]

    write_template(path, indicators)

    assert [i.wajib_bukti for i in read_indicator_rows(path)] == [True, False]
    sheet = load_workbook(path)["Indikator"]
    header = next(row for row in sheet.iter_rows() if row[0].value == "Bidang")
    column = next(c.column for c in header if c.value == "Wajib bukti dukung")
    assert [sheet.cell(r, column).value for r in (4, 5)] == ["Ya", "Tidak"]


def test_a_sheet_made_before_the_evidence_column_reads_as_requiring_none(tmp_path: Path) -> None:
    path = a_sheet(tmp_path / "lama.xlsx", [a_row(), a_row(Indikator_Kinerja="Jumlah akta")])

    assert [i.wajib_bukti for i in read_indicator_rows(path)] == [False, False]


def test_wajib_bukti_takes_ya_or_tidak_and_names_a_wrong_word(tmp_path: Path) -> None:
    headers = (*HEADERS, "Wajib bukti")
    rows = [[*a_row(), "ya"], [*a_row(Indikator_Kinerja="Jumlah akta"), "mungkin"]]
    path = a_sheet(tmp_path / "wajib.xlsx", rows, headers=headers)

    assert problems_of(path) == [
        RowProblem(
            4,
            "Wajib bukti dukung",
            "harus 'Ya' atau 'Tidak' (kosong berarti Tidak), bukan 'mungkin'",
        )
    ]


def test_sample_marks_the_jemput_bola_activity_as_requiring_evidence() -> None:
    required = [i.indikator for i in read_indicator_rows(SAMPLE_PATH) if i.wajib_bukti]
    assert required == [
        "Jumlah kegiatan jemput bola perekaman KTP-el di sekolah, panti dan rumah sakit"
    ]


def test_empty_template_explains_itself_with_notes_dropdowns_and_a_guide(tmp_path: Path) -> None:
    path = tmp_path / "templat.xlsx"

    write_template(path)

    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Indikator", "Petunjuk"]
    sheet = workbook["Indikator"]
    header_row = next(row for row in sheet.iter_rows() if row[0].value == "Bidang")
    assert tuple(cell.value for cell in header_row) == TEMPLATE_HEADERS
    assert all(cell.comment is not None and cell.comment.text for cell in header_row)
    assert sheet.freeze_panes == f"A{header_row[0].row + 1}"
    dropdowns = {v.formula1 for v in sheet.data_validations.dataValidation if v.type == "list"}
    assert dropdowns == {
        '"naik,turun"',
        '"selisih,rasio"',
        '"kumulatif,rata-rata,akhir"',
        '"Ya,Tidak"',
    }
    assert any(v.type == "decimal" for v in sheet.data_validations.dataValidation)
    guide = " ".join(str(cell.value) for row in workbook["Petunjuk"].iter_rows() for cell in row)
    assert "(2 × target − realisasi) ÷ target × 100, paling kecil 0" in guide
    assert "target ÷ realisasi × 100" in guide
    assert "sebelum bot dipakai" in guide
    assert problems_of(path) == [
        RowProblem(0, "", "belum ada indikator di bawah baris judul (baris 3)")
    ]


def test_sample_reads_cleanly_with_five_bidang_and_every_kind_of_indicator() -> None:
    indicators = read_indicator_rows(SAMPLE_PATH)

    per_bidang: dict[str, int] = {}
    for indicator in indicators:
        per_bidang[indicator.bidang] = per_bidang.get(indicator.bidang, 0) + 1
    assert set(per_bidang) == {
        "Sekretariat",
        "Bidang Pelayanan Pendaftaran Penduduk",
        "Bidang Pelayanan Pencatatan Sipil",
        "Bidang Pengelolaan Informasi Administrasi Kependudukan",
        "Bidang Pemanfaatan Data dan Inovasi Pelayanan",
    }
    assert all(4 <= count <= 8 for count in per_bidang.values())
    assert {i.arah for i in indicators} == {"naik", "turun"}
    turun = [i for i in indicators if i.arah == "turun"]
    assert {i.rumus for i in turun} == {"selisih", "rasio"}
    assert {i.sifat for i in turun} == {"kumulatif", "rata-rata", "akhir"}
    assert any(i.target_tw[0] is None for i in indicators)
    assert any(i.realisasi_tw[0] is not None for i in indicators)
    for i in indicators:
        if i.sifat == "kumulatif":
            assert sum(t for t in i.target_tw if t is not None) == i.target_tahunan, i.indikator


def test_every_problem_in_the_file_is_listed_with_its_row_and_column(tmp_path: Path) -> None:
    without_sifat = tuple(header for header in HEADERS if header != "Sifat")

    def row(**cells: object) -> list[object]:
        full = dict(zip(HEADERS, a_row(**cells), strict=True))
        return [full[header] for header in without_sifat]

    path = a_sheet(
        tmp_path / "salah.xlsx",
        [
            row(),
            row(Indikator_Kinerja="Jumlah akta kematian", Arah="atas"),
            row(Indikator_Kinerja="Jumlah akta perkawinan", Satuan=None),
            row(Indikator_Kinerja="Jumlah akta perceraian", Target_TW_I="sembilan"),
            row(Indikator_Kinerja="Jumlah akta pengakuan anak", Target_Tahunan=-5),
            row(),
        ],
        headers=without_sifat,
    )

    problems = problems_of(path)

    assert [(p.row, p.column) for p in problems] == [
        (2, "Sifat"),
        (4, "Arah"),
        (5, "Satuan"),
        (6, "Target TW I"),
        (7, "Target Tahunan"),
        (8, "Indikator Kinerja"),
    ]
    assert "tidak ditemukan di baris judul" in problems[0].message
    assert problems[1].message == "harus 'naik' atau 'turun', bukan 'atas'"
    assert problems[2].message == "wajib diisi"
    assert "«sembilan» belum bisa dibaca sebagai angka" in problems[3].message
    assert problems[4].message.startswith("tidak boleh negatif")
    assert problems[5].message == "indikator ini sudah ada di baris 3 untuk bidang yang sama"


def test_error_text_is_one_readable_line_per_problem(tmp_path: Path) -> None:
    path = a_sheet(tmp_path / "salah.xlsx", [a_row(), a_row(Arah="atas")])

    with pytest.raises(IndicatorSheetError) as refused:
        read_indicator_rows(path)

    assert str(refused.value).splitlines() == [
        "Daftar indikator belum dapat dipakai. Perbaiki 2 hal ini:",
        "- Baris 4, kolom Arah: harus 'naik' atau 'turun', bukan 'atas'",
        "- Baris 4, kolom Indikator Kinerja: indikator ini sudah ada di baris 3 untuk bidang "
        "yang sama",
    ]


def test_numbers_typed_as_text_in_indonesian_or_international_form_are_read(
    tmp_path: Path,
) -> None:
    path = a_sheet(
        tmp_path / "teks.xlsx",
        [
            a_row(
                Target_Tahunan="1.234,5",
                Target_TW_I="1,234.5",
                Target_TW_II="95%",
                Target_TW_III=" 95,5 ",
                Target_TW_IV="-",
            )
        ],
    )

    (indicator,) = read_indicator_rows(path)

    assert indicator.target_tahunan == Decimal("1234.5")
    assert indicator.target_tw == (Decimal("1234.5"), Decimal(95), Decimal("95.5"), None)


def test_numeric_cells_keep_the_decimals_typed_and_percent_cells_read_as_shown(
    tmp_path: Path,
) -> None:
    path = a_sheet(
        tmp_path / "angka.xlsx",
        [a_row(Target_Tahunan=95.5, Target_TW_I=0.1, Target_TW_II=0.955, Target_TW_III=100.0)],
    )
    workbook = load_workbook(path)
    workbook["Indikator"]["K3"].number_format = "0.0%"
    workbook.save(path)

    (indicator,) = read_indicator_rows(path)

    assert str(indicator.target_tahunan) == "95.5"
    assert indicator.target_tw[:3] == (Decimal("0.1"), Decimal("95.5"), Decimal(100))
    assert str(indicator.target_tw[2]) == "100"


def test_numeric_cells_are_read_as_excel_keeps_them_without_float_noise(
    tmp_path: Path,
) -> None:
    path = a_sheet(
        tmp_path / "noise.xlsx",
        [a_row(Target_Tahunan=111, Target_TW_I=222, Target_TW_II=333, Target_TW_III=1e14)],
    )
    written = {111: "999999999999999", 222: "0.30000000000000004", 333: "12345.678900000001"}
    path.write_bytes(as_excel_wrote(path.read_bytes(), written))

    (indicator,) = read_indicator_rows(path)

    assert str(indicator.target_tahunan) == "999999999999999"
    assert [str(t) for t in indicator.target_tw[:3]] == ["0.3", "12345.6789", "100000000000000"]


def test_numbers_beyond_fifteen_digits_before_or_six_after_the_comma_are_refused(
    tmp_path: Path,
) -> None:
    path = a_sheet(
        tmp_path / "batas.xlsx",
        [
            a_row(
                Target_Tahunan=111, Target_TW_I=1e40, Target_TW_II=0.1234567, Target_TW_III="1" * 16
            )
        ],
    )
    path.write_bytes(as_excel_wrote(path.read_bytes(), {111: "1.7976931348623157E308"}))

    too_large = "Maaf, angka ini terlalu besar; paling banyak 15 angka sebelum koma."
    too_fine = (
        "Maaf, angka ini terlalu rinci; paling banyak 6 angka sesudah koma. Bulatkan dulu, "
        "misalnya 94,5."
    )
    assert problems_of(path) == [
        RowProblem(3, "Target Tahunan", too_large),
        RowProblem(3, "Target TW I", too_large),
        RowProblem(3, "Target TW II", too_fine),
        RowProblem(3, "Target TW III", too_large),
    ]


def test_bidang_and_satuan_longer_than_their_columns_are_refused_naming_the_limit(
    tmp_path: Path,
) -> None:
    path = a_sheet(
        tmp_path / "panjang.xlsx",
        [
            a_row(Bidang="B" * 201, Satuan="s" * 51),
            a_row(Bidang="B" * 200, Satuan="s" * 50, Indikator_Kinerja="I" * 5000),
        ],
    )

    assert problems_of(path) == [
        RowProblem(3, "Bidang", "terlalu panjang; paling banyak 200 karakter"),
        RowProblem(3, "Satuan", "terlalu panjang; paling banyak 50 karakter"),
    ]


def test_a_file_that_is_not_excel_is_refused_cleanly(tmp_path: Path) -> None:
    text_file = tmp_path / "indikator.xlsx"
    text_file.write_text("Bidang;Indikator\nSekretariat;Nilai SAKIP\n")

    (problem,) = problems_of(text_file)

    assert problem.row == 0
    assert "tidak dapat dibaca sebagai berkas Excel" in problem.message
    assert str(problem).startswith("Berkas tidak dapat dibaca")


def test_a_real_workbook_is_read_whatever_its_file_name(tmp_path: Path) -> None:
    path = a_sheet(tmp_path / "unggahan.bin", [a_row()])

    assert read_indicator_rows(path) == [an_indicator(3)]


def test_empty_rows_are_skipped_and_row_numbers_stay_those_of_the_sheet(tmp_path: Path) -> None:
    blank = [None] * len(HEADERS)
    spaces = ["  "] * len(HEADERS)
    path = a_sheet(
        tmp_path / "kosong.xlsx",
        [blank, a_row(), spaces, blank, a_row(Indikator_Kinerja="Jumlah akta kematian"), blank],
    )

    indicators = read_indicator_rows(path)

    assert [(i.row, i.indikator) for i in indicators] == [
        (4, "Jumlah akta kelahiran yang diterbitkan"),
        (7, "Jumlah akta kematian"),
    ]


def test_header_is_found_under_titles_in_any_case_spacing_and_order(tmp_path: Path) -> None:
    shuffled = list(reversed(HEADERS))
    messy = [
        f"  {header.upper()}\n" if i % 2 else header.lower() for i, header in enumerate(shuffled)
    ]
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["PEMERINTAH KABUPATEN MUSI RAWAS"])
    sheet.append(["DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL"])
    sheet.append([])
    sheet.append(messy)
    sheet.append(list(reversed(a_row())))
    path = tmp_path / "acak.xlsx"
    workbook.save(path)

    assert read_indicator_rows(path) == [an_indicator(5)]


def test_choices_ignore_case_and_accept_rata_rata_written_loosely(tmp_path: Path) -> None:
    path = a_sheet(
        tmp_path / "pilihan.xlsx",
        [
            a_row(Arah=" Turun", Rumus_turun="RASIO", Sifat="Rata rata", Boleh_negatif="ya"),
            a_row(Indikator_Kinerja="Dua", Sifat="ratarata", Boleh_negatif="TIDAK"),
        ],
    )

    first, second = read_indicator_rows(path)

    assert (first.arah, first.rumus, first.sifat, first.boleh_negatif) == (
        "turun",
        "rasio",
        "rata-rata",
        True,
    )
    assert (second.sifat, second.boleh_negatif) == ("rata-rata", False)


def test_rumus_is_only_for_turun_and_must_be_known(tmp_path: Path) -> None:
    path = a_sheet(
        tmp_path / "rumus.xlsx",
        [
            a_row(Rumus_turun="selisih"),
            a_row(Indikator_Kinerja="Dua", Arah="turun", Rumus_turun="bagi"),
        ],
    )

    assert problems_of(path) == [
        RowProblem(3, "Rumus (turun)", "rumus hanya untuk arah turun; kosongkan untuk arah naik"),
        RowProblem(4, "Rumus (turun)", "harus 'selisih' atau 'rasio', bukan 'bagi'"),
    ]


def test_targets_need_an_annual_value_a_measured_quarter_and_history_only_where_measured(
    tmp_path: Path,
) -> None:
    no_quarter = {f"Target_TW_{tw}": None for tw in ("I", "II", "III", "IV")}
    path = a_sheet(
        tmp_path / "target.xlsx",
        [
            a_row(Target_Tahunan=None),
            a_row(Indikator_Kinerja="Dua", **no_quarter),
            a_row(Indikator_Kinerja="Tiga", Target_TW_I=None, Realisasi_TW_I=2400),
        ],
    )

    assert [(p.row, p.column) for p in problems_of(path)] == [
        (3, "Target Tahunan"),
        (4, "Target TW I–IV"),
        (5, "Realisasi TW I"),
    ]


def test_cells_that_only_look_like_numbers_are_refused(tmp_path: Path) -> None:
    path = a_sheet(
        tmp_path / "jenis.xlsx",
        [a_row(Target_TW_I=True, Target_TW_II=datetime(2025, 1, 5), Boleh_negatif="mungkin")],
    )

    assert problems_of(path) == [
        RowProblem(
            3, "Boleh negatif", "harus 'Ya' atau 'Tidak' (kosong berarti Tidak), bukan 'mungkin'"
        ),
        RowProblem(3, "Target TW I", "berisi nilai logika (TRUE/FALSE), bukan angka"),
        RowProblem(
            3,
            "Target TW II",
            "berisi tanggal atau jam, bukan angka; ubah format selnya menjadi Angka",
        ),
    ]


def test_workbook_without_a_header_row_is_told_which_columns_the_template_uses(
    tmp_path: Path,
) -> None:
    path = a_sheet(tmp_path / "lain.xlsx", [["Sekretariat", "Nilai SAKIP", 70]], headers=["No"])

    (problem,) = problems_of(path)

    assert problem.row == 0
    assert problem.message.startswith("baris judul kolom tidak ditemukan")
    assert "Bidang, Sasaran Strategis, Indikator Kinerja, Satuan, Arah, Sifat" in problem.message


def test_a_column_given_twice_is_reported_at_the_header(tmp_path: Path) -> None:
    path = a_sheet(tmp_path / "ganda.xlsx", [[*a_row(), 1]], headers=[*HEADERS, "satuan"])

    assert problems_of(path) == [
        RowProblem(2, "Satuan", "judul kolom ini muncul lebih dari sekali; hapus salah satu")
    ]

"""What numbers, dates and times look like to the people using the bot (DESIGN §1, CHAT.md)."""

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from bot import texts
from bot.formatting import (
    MAX_MESSAGE,
    angka,
    continuation,
    durasi_kerja,
    jam,
    nilai,
    nip,
    persen,
    split_message,
    stempel,
    tanggal,
    waktu_lengkap,
)

WIB = ZoneInfo("Asia/Jakarta")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("1234.5"), "1.234,5"),
        (Decimal("94.20"), "94,20"),
        (Decimal("1234"), "1.234"),
        (Decimal("1234567.891"), "1.234.567,891"),
        (Decimal("0.125"), "0,125"),
        (Decimal("-3.5"), "-3,5"),
        (Decimal("-0.00"), "0,00"),
        (Decimal("1E+3"), "1.000"),
        (1234, "1.234"),
        (0, "0"),
    ],
)
def test_angka_keeps_the_decimals_the_value_carries(value: Decimal | int, shown: str) -> None:
    assert angka(value) == shown


@pytest.mark.parametrize(
    ("value", "decimals", "shown"),
    [
        (Decimal("2.345"), 2, "2,35"),
        (Decimal("2.335"), 2, "2,34"),
        (Decimal("-2.345"), 2, "-2,35"),
        (Decimal("95"), 2, "95,00"),
        (Decimal("1234.5"), 0, "1.235"),
        (Decimal("-0.004"), 2, "0,00"),
        (7, 1, "7,0"),
    ],
)
def test_angka_rounds_half_up_to_the_decimals_asked(
    value: Decimal | int, decimals: int, shown: str
) -> None:
    assert angka(value, decimals) == shown


def test_angka_prints_long_values_whole() -> None:
    value = Decimal("123456789012345678901234567890.1234")

    assert angka(value) == "123.456.789.012.345.678.901.234.567.890,1234"


def test_angka_refuses_nan() -> None:
    with pytest.raises(ValueError):
        angka(Decimal("NaN"))


@pytest.mark.parametrize(
    ("pct", "shown"),
    [
        (Decimal("99.15789473684210526315789474"), "99,16"),
        (Decimal("107.142857"), "107,14"),
        (Decimal("87.5"), "87,50"),
        (Decimal("90.995"), "91,00"),
        (Decimal("50.505"), "50,51"),
        (Decimal("0"), "0,00"),
        (None, "-"),
    ],
)
def test_persen_has_two_decimals_half_up_and_no_sign(pct: Decimal | None, shown: str) -> None:
    assert persen(pct) == shown


@pytest.mark.parametrize(
    ("value", "satuan", "shown"),
    [
        (Decimal("94.2"), "%", "94,2 %"),
        (Decimal("94.20"), "%", "94,20 %"),
        (Decimal("94.2"), "persen", "94,2 %"),
        (Decimal("94.2"), "Persen", "94,2 %"),
        (Decimal("1234"), "keping", "1.234 keping"),
        (Decimal("5"), "hari", "5 hari"),
        (Decimal("12.5"), " dokumen ", "12,5 dokumen"),
        (Decimal("3"), "", "3"),
    ],
)
def test_nilai_is_the_value_with_its_satuan(value: Decimal, satuan: str, shown: str) -> None:
    assert nilai(value, satuan) == shown
    assert texts.nilai(value, satuan) == shown


@pytest.mark.parametrize("satuan", ["%", "keping"])
def test_a_blank_value_is_belum_diisi_never_zero(satuan: str) -> None:
    assert texts.nilai(None, satuan) == "belum diisi"


def test_tanggal_is_day_month_name_year() -> None:
    assert tanggal(date(2026, 7, 9)) == "9 Juli 2026"


@pytest.mark.parametrize(
    ("month", "name"),
    list(
        enumerate(
            [
                "Januari",
                "Februari",
                "Maret",
                "April",
                "Mei",
                "Juni",
                "Juli",
                "Agustus",
                "September",
                "Oktober",
                "November",
                "Desember",
            ],
            start=1,
        )
    ),
)
def test_month_names_are_the_indonesian_ones(month: int, name: str) -> None:
    assert tanggal(date(2026, month, 1)) == f"1 {name} 2026"


@pytest.mark.parametrize(
    ("day", "name"),
    # 6 July 2026 is a Monday.
    list(enumerate(["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"], start=6)),
)
def test_day_names_are_the_indonesian_ones(day: int, name: str) -> None:
    assert waktu_lengkap(datetime(2026, 7, day, 9, 0, tzinfo=WIB)).startswith(f"{name}, ")


def test_waktu_lengkap_is_written_in_full_in_office_time() -> None:
    nine_utc = datetime(2026, 7, 9, 9, 0, tzinfo=UTC)

    assert waktu_lengkap(nine_utc) == "Kamis, 9 Juli 2026 pukul 16.00 WIB"


@pytest.mark.parametrize(
    ("tz", "shown"),
    [
        ("Asia/Jakarta", "Kamis, 9 Juli 2026 pukul 16.00 WIB"),
        ("Asia/Pontianak", "Kamis, 9 Juli 2026 pukul 16.00 WIB"),
        ("Asia/Makassar", "Kamis, 9 Juli 2026 pukul 17.00 WITA"),
        ("Asia/Jayapura", "Kamis, 9 Juli 2026 pukul 18.00 WIT"),
        ("Asia/Kolkata", "Kamis, 9 Juli 2026 pukul 14.30 UTC+5.30"),
        ("America/Sao_Paulo", "Kamis, 9 Juli 2026 pukul 06.00 UTC-3"),
        ("UTC", "Kamis, 9 Juli 2026 pukul 09.00 UTC"),
    ],
)
def test_waktu_lengkap_names_the_zone(tz: str, shown: str) -> None:
    assert waktu_lengkap(datetime(2026, 7, 9, 9, 0, tzinfo=UTC), tz) == shown


def test_waktu_lengkap_converts_across_midnight() -> None:
    late_utc = datetime(2026, 7, 8, 23, 30, tzinfo=timezone(timedelta(0)))

    assert waktu_lengkap(late_utc) == "Kamis, 9 Juli 2026 pukul 06.30 WIB"


def test_stempel_is_short_for_history_lines() -> None:
    assert stempel(datetime(2026, 7, 3, 14, 2, tzinfo=WIB)) == "Jumat 3 Juli 14.02"
    assert stempel(datetime(2026, 7, 3, 7, 2, tzinfo=UTC)) == "Jumat 3 Juli 14.02"


def test_jam_is_the_clock_time_with_a_dot() -> None:
    assert jam(datetime(2026, 7, 1, 10, 22, tzinfo=WIB)) == "10.22"
    assert jam(datetime(2026, 7, 1, 0, 5, tzinfo=UTC)) == "07.05"
    assert jam(datetime(2026, 7, 1, 0, 5, tzinfo=UTC), "Asia/Jayapura") == "09.05"


@pytest.mark.parametrize("formatter", [waktu_lengkap, stempel, jam])
def test_a_naive_datetime_is_refused_because_its_zone_is_a_guess(
    formatter: Callable[[datetime], str],
) -> None:
    with pytest.raises(ValueError):
        formatter(datetime(2026, 7, 9, 16, 0))


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("197001011995031001", "19700101 199503 1 001"),
        ("  197001011995031001 ", "19700101 199503 1 001"),
        ("19700101 199503 1 001", "19700101 199503 1 001"),
        (" 12345 ", "12345"),
        ("1970010119950310012", "1970010119950310012"),
        ("19700101-199503-1-001", "19700101-199503-1-001"),
        ("", ""),
    ],
)
def test_nip_is_grouped_8_6_1_3(typed: str, shown: str) -> None:
    assert nip(typed) == shown


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [
        (0, "0 menit"),
        (10, "10 menit"),
        (59, "59 menit"),
        (60, "1 jam"),
        (120, "2 jam"),
        (125, "2 jam 5 menit"),
        (25 * 60 + 30, "25 jam 30 menit"),
    ],
)
def test_durasi_kerja_counts_hours_and_minutes(minutes: int, shown: str) -> None:
    assert durasi_kerja(minutes) == shown


def test_durasi_kerja_refuses_a_negative_duration() -> None:
    with pytest.raises(ValueError):
        durasi_kerja(-1)


def test_an_edit_of_a_long_card_carries_on_from_its_last_part_as_sent() -> None:
    card = "\n".join(f"{n}. indikator {n} " + "x" * 90 for n in range(1, 61))
    *above, pressed = split_message(card)
    edited = continuation(card + "\nTerkirim pukul 14.02.", pressed)
    assert edited == pressed + "\nTerkirim pukul 14.02."
    assert "\n".join([*above, edited]) == card + "\nTerkirim pukul 14.02."
    assert len(card) > MAX_MESSAGE


def test_an_edit_whose_card_changed_shows_the_new_text_whole() -> None:
    assert continuation("Verifikasi\n1. a — 95\n✅ oleh Andi", "1. a — 95 %") == (
        "Verifikasi\n1. a — 95\n✅ oleh Andi"
    )

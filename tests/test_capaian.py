"""Capaian rules of DESIGN §5: formulas, rounding, categories and values to date."""

from decimal import Context, Decimal, Inexact, localcontext

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.capaian import (
    SKALA_DEFAULT,
    akumulasi,
    bulatkan,
    capaian,
    capaian_sd,
    capaian_tahunan,
    jauh_dari_target,
    kategori,
    tercapai,
)

D = Decimal


def shown(pct: Decimal | None) -> Decimal | None:
    return None if pct is None else bulatkan(pct)


# --- The worked examples of DESIGN §5 ---


@pytest.mark.parametrize(
    ("target", "realisasi", "arah", "rumus", "expected"),
    [
        ("90", "85.5", "naik", "selisih", D("95.00")),
        ("7", "6.5", "turun", "selisih", D("107.14")),
        ("8", "9", "turun", "selisih", D("87.50")),
        ("162", "186", "turun", "rasio", D("87.10")),
    ],
)
def test_worked_examples_of_design_are_shown_with_two_decimals(
    target, realisasi, arah, rumus, expected
):
    assert shown(capaian(D(target), D(realisasi), arah, rumus)) == expected


def test_capaian_is_kept_unrounded():
    pct = capaian(D(7), D("6.5"), "turun", "selisih")
    assert pct is not None
    assert pct != bulatkan(pct)
    assert pct.as_tuple().exponent < -2


def test_shown_value_rounds_half_up():
    assert bulatkan(D("87.505")) == D("87.51")
    assert bulatkan(D("87.515")) == D("87.52")
    assert bulatkan(D("87.5049999")) == D("87.50")


# --- The formulas ---


def test_naik_is_realisasi_over_target():
    assert capaian(D(200), D(250), "naik") == D(125)
    assert capaian(D(200), D(100), "naik") == D(50)


def test_naik_ignores_rumus():
    assert capaian(D(90), D("85.5"), "naik", "rasio") == capaian(D(90), D("85.5"), "naik")


def test_turun_defaults_to_selisih():
    assert capaian(D(8), D(9), "turun") == D("87.5")


def test_turun_selisih_rewards_a_lower_realisasi():
    assert capaian(D(10), D(5), "turun", "selisih") == D(150)
    assert capaian(D(10), D(10), "turun", "selisih") == D(100)


def test_turun_rasio_rewards_a_lower_realisasi():
    assert capaian(D(10), D(5), "turun", "rasio") == D(200)
    assert capaian(D(10), D(20), "turun", "rasio") == D(50)


def test_turun_selisih_is_floored_at_zero():
    assert capaian(D(5), D(20), "turun", "selisih") == D(0)
    assert capaian(D(5), D(10), "turun", "selisih") == D(0)


# --- No percentage, never a crash ---


@pytest.mark.parametrize(
    "arah,rumus", [("naik", "selisih"), ("turun", "selisih"), ("turun", "rasio")]
)
def test_zero_or_missing_target_gives_no_percentage(arah, rumus):
    assert capaian(D(0), D(5), arah, rumus) is None
    assert capaian(None, D(5), arah, rumus) is None


def test_zero_realisasi_naik_is_zero_percent():
    assert capaian(D(90), D(0), "naik") == D(0)


def test_zero_realisasi_rasio_gives_no_percentage():
    assert capaian(D(90), D(0), "turun", "rasio") is None


def test_zero_realisasi_selisih_is_two_hundred_percent():
    assert capaian(D(90), D(0), "turun", "selisih") == D(200)


@pytest.mark.parametrize(
    "arah,rumus", [("naik", "selisih"), ("turun", "selisih"), ("turun", "rasio")]
)
def test_blank_realisasi_is_belum_diisi_not_zero_and_never_achieved(arah, rumus):
    pct = capaian(D(90), None, arah, rumus)
    assert pct is None
    assert not tercapai(pct)
    assert not jauh_dari_target(pct)


# --- Inputs ---


def test_string_and_int_inputs_count_like_decimals():
    assert capaian("90", "85.5", "naik") == capaian(D(90), D("85.5"), "naik")
    assert capaian(162, 186, "turun", "rasio") == capaian(D(162), D(186), "turun", "rasio")
    assert capaian(" 8 ", 9, "turun") == D("87.5")


def test_float_input_is_refused():
    with pytest.raises(TypeError):
        capaian(90.0, D(85), "naik")
    with pytest.raises(TypeError):
        capaian(D(90), 85.5, "naik")


def test_bool_input_is_refused():
    with pytest.raises(TypeError):
        capaian(True, D(1), "naik")


@pytest.mark.parametrize("bad", ["abc", "85,5", "", "NaN", "Infinity", D("NaN"), D("-Infinity")])
def test_non_numeric_or_infinite_input_is_refused(bad):
    with pytest.raises(ValueError):
        capaian(D(90), bad, "naik")


def test_unknown_arah_or_rumus_is_refused():
    with pytest.raises(ValueError, match="arah"):
        capaian(D(90), D(85), "naek")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="rumus"):
        capaian(D(90), D(85), "turun", "selisi")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="rumus"):
        capaian(D(90), D(85), "naik", "selisi")  # type: ignore[arg-type]


# --- Categories (Permendagri 86/2017), on the shown value ---


@pytest.mark.parametrize(
    ("pct", "expected"),
    [
        ("50", "Sangat Rendah"),
        ("50.50", "Sangat Rendah"),
        ("50.994", "Sangat Rendah"),
        ("50.995", "Rendah"),
        ("51", "Rendah"),
        ("65.99", "Rendah"),
        ("66", "Sedang"),
        ("75.99", "Sedang"),
        ("76", "Tinggi"),
        ("90.99", "Tinggi"),
        ("90.994", "Tinggi"),
        ("90.995", "Sangat Tinggi"),
        ("91", "Sangat Tinggi"),
        ("250", "Sangat Tinggi"),
        ("0", "Sangat Rendah"),
        ("-20", "Sangat Rendah"),
    ],
)
def test_kategori_edges_follow_the_shown_value(pct, expected):
    assert kategori(D(pct)) == expected


def test_kategori_takes_another_scale_in_any_order():
    skala = ((D(0), "Kurang"), (D(100), "Baik"))
    assert kategori(D("99.994"), skala) == "Kurang"
    assert kategori(D("99.995"), skala) == "Baik"


def test_kategori_refuses_a_value_below_the_scale():
    with pytest.raises(ValueError):
        kategori(D(-1), ((D(0), "Kurang"), (D(100), "Baik")))


def test_default_scale_is_permendagri_86_2017():
    assert [bawah for bawah, _ in SKALA_DEFAULT[:-1]] == [D(91), D(76), D(66), D(51)]


# --- Achieved and far from target ---


def test_tercapai_at_shown_hundred():
    assert tercapai(D(100))
    assert tercapai(D("99.995"))
    assert not tercapai(D("99.994"))
    assert not tercapai(None)


@pytest.mark.parametrize(
    ("pct", "expected"),
    [
        ("49.99", True),
        ("49.995", False),
        ("50", False),
        ("150", False),
        ("150.004", False),
        ("150.01", True),
        ("0", True),
        ("200", True),
    ],
)
def test_capaian_far_from_target_asks_for_keterangan(pct, expected):
    assert jauh_dari_target(D(pct)) is expected


def test_no_capaian_needs_no_keterangan():
    assert not jauh_dari_target(None)


# --- Values to date, by sifat ---


def test_kumulatif_sums_the_quarters():
    assert akumulasi([D(10), D(20), D("5.5")], "kumulatif") == D("35.5")


def test_rata_rata_averages_the_quarters():
    assert akumulasi([D(90), D(80), D(85)], "rata-rata") == D(85)
    assert akumulasi([D(1), D(2)], "rata-rata") == D("1.5")


def test_akhir_takes_the_latest_quarter():
    assert akumulasi([D(70), D(75), D(72)], "akhir") == D(72)


@pytest.mark.parametrize("sifat", ["kumulatif", "rata-rata"])
def test_missing_quarter_gives_no_sum_or_mean(sifat):
    assert akumulasi([D(10), None, D(20)], sifat) is None
    assert akumulasi([D(10), D(20), None], sifat) is None


def test_akhir_needs_only_the_latest_quarter():
    assert akumulasi([None, None, D(72)], "akhir") == D(72)
    assert akumulasi([D(70), D(75), None], "akhir") is None


def test_akumulasi_accepts_string_and_int_values():
    assert akumulasi(["10.5", 20], "kumulatif") == D("30.5")


def test_akumulasi_keeps_many_digits_exact():
    nilai = [D("1234567890123456789.123456789")] * 4
    assert akumulasi(nilai, "kumulatif") == D("4938271560493827156.493827156")


def test_akumulasi_refuses_no_quarters_and_unknown_sifat():
    with pytest.raises(ValueError):
        akumulasi([], "kumulatif")
    with pytest.raises(ValueError, match="sifat"):
        akumulasi([D(1)], "total")  # type: ignore[arg-type]


# --- Capaian s.d. triwulan and annual ---


def test_capaian_sd_kumulatif_compares_sums_to_date():
    # Targets 25 per quarter, 60 akta issued in TW I–II against 50 to date.
    pct = capaian_sd([D(25), D(25)], [D(30), D(30)], "naik", "selisih", "kumulatif")
    assert pct == D(120)


def test_capaian_sd_rata_rata_compares_means_to_date():
    pct = capaian_sd([D(8), D(8), D(8)], [D(9), D(8), D(7)], "turun", "selisih", "rata-rata")
    assert pct == D(100)


def test_capaian_sd_akhir_compares_latest_quarter():
    pct = capaian_sd([D(70), D(80)], [D(50), D(76)], "naik", "selisih", "akhir")
    assert pct == D(95)


def test_capaian_sd_with_a_quarter_not_measured_gives_no_percentage():
    assert capaian_sd([None, D(25)], [None, D(30)], "naik", "selisih", "kumulatif") is None


def test_capaian_sd_with_a_blank_quarter_is_not_achieved():
    pct = capaian_sd([D(25), D(25)], [D(60), None], "naik", "selisih", "kumulatif")
    assert pct is None
    assert not tercapai(pct)


def test_capaian_sd_refuses_unequal_quarter_counts():
    with pytest.raises(ValueError):
        capaian_sd([D(25)] * 4, [D(30), D(30)], "naik", "selisih", "kumulatif")


def test_capaian_tahunan_kumulatif_compares_sum_to_date_with_annual_target():
    assert capaian_tahunan(D(100), [D(30), D(30)], "naik", "selisih", "kumulatif") == D(60)


def test_capaian_tahunan_akhir_uses_the_latest_quarter():
    pct = capaian_tahunan(D(162), [D(200), D(186)], "turun", "rasio", "akhir")
    assert shown(pct) == D("87.10")


def test_capaian_tahunan_without_annual_target_gives_no_percentage():
    assert capaian_tahunan(None, [D(30)], "naik", "selisih", "kumulatif") is None


# --- Properties ---

# Targets whose reciprocal terminates (mantissa 2^a·5^b), so realisasi/target×100 is a finite
# decimal and "exact" can be checked; a target like 3 has no exact Decimal quotient at all.
targets_terminating = st.builds(
    lambda a, b, e: D(2**a * 5**b).scaleb(-e),
    st.integers(0, 12),
    st.integers(0, 12),
    st.integers(0, 4),
)
realisasi_values = st.builds(
    lambda n, e: D(n).scaleb(-e), st.integers(-(10**12), 10**12), st.integers(0, 4)
)


@given(targets_terminating, realisasi_values)
def test_naik_capaian_times_target_gives_back_realisasi_exactly(target, realisasi):
    pct = capaian(target, realisasi, "naik")
    assert pct is not None
    with localcontext(Context(prec=200, traps=[Inexact])):
        assert pct * target / 100 == realisasi


@given(targets_terminating, realisasi_values)
def test_selisih_mirrors_naik_around_hundred_and_never_goes_negative(target, realisasi):
    naik = capaian(target, realisasi, "naik")
    selisih = capaian(target, realisasi, "turun", "selisih")
    assert naik is not None
    assert selisih is not None
    assert selisih >= 0
    with localcontext(Context(prec=200, traps=[Inexact])):
        assert selisih == max(200 - naik, D(0))

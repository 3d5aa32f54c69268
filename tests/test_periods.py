"""Reading "[tahun] [triwulan]" after /putaran and /unduh: what is taken, and what is blamed."""

from __future__ import annotations

import pytest

from bot.errors import InvalidInput
from bot.periods import TAHUN_TERAKHIR, TAHUN_TERAWAL, check_period, parse_period

DEFAULT = (2026, 2)


@pytest.mark.parametrize(
    ("typed", "period"),
    [
        ("", (2026, 2)),
        ("2026 II", (2026, 2)),
        ("II 2026", (2026, 2)),
        ("2025 4", (2025, 4)),
        ("tw3", (2026, 3)),
        ("TW IV", (2026, 4)),
        ("i", (2026, 1)),
        ("2027", (2027, 2)),
        (f"{TAHUN_TERAWAL} 1", (TAHUN_TERAWAL, 1)),
        (f"{TAHUN_TERAKHIR} 1", (TAHUN_TERAKHIR, 1)),
    ],
)
def test_a_period_is_read_in_any_order_and_what_is_left_out_is_the_default(
    typed: str, period: tuple[int, int]
) -> None:
    assert parse_period(typed.split(), DEFAULT) == period


@pytest.mark.parametrize(
    ("typed", "blamed"),
    [
        ("99999 2", "Tahun «99999» tidak dikenal; tulis tahun 2000–2100."),
        ("2 99999", "Tahun «99999» tidak dikenal; tulis tahun 2000–2100."),
        (f"{TAHUN_TERAWAL - 1}", "Tahun «1999» tidak dikenal; tulis tahun 2000–2100."),
        (f"{TAHUN_TERAKHIR + 1} II", "Tahun «2101» tidak dikenal; tulis tahun 2000–2100."),
        ("26 II", "Tahun «26» tidak dikenal; tulis tahun 2000–2100."),
        ("2026 5", "Triwulan «5» tidak dikenal; tulis 1–4 atau I–IV."),
        ("2026 0", "Triwulan «0» tidak dikenal; tulis 1–4 atau I–IV."),
        ("2026 V", "Triwulan «V» tidak dikenal; tulis 1–4 atau I–IV."),
        ("tw5", "Triwulan «tw5» tidak dikenal; tulis 1–4 atau I–IV."),
        ("juli", "«juli» bukan tahun atau triwulan."),
        ("2026²", "«2026²» bukan tahun atau triwulan."),
        ("2026 II III", "«III» berlebih; tulis satu tahun dan satu triwulan saja."),
        ("2026 2027", "«2027» berlebih; tulis satu tahun dan satu triwulan saja."),
    ],
)
def test_the_word_that_is_wrong_is_named_and_blamed_for_what_it_is(typed: str, blamed: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_period(typed.split(), DEFAULT)
    assert refused.value.message == blamed


def test_a_long_wrong_word_is_shortened_in_the_answer() -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_period(["a" * 500], DEFAULT)
    assert refused.value.message == f"«{'a' * 39}…» bukan tahun atau triwulan."


def test_a_round_outside_the_years_or_quarters_is_refused() -> None:
    check_period(2026, 4)
    with pytest.raises(InvalidInput, match="Tahun «99999»"):
        check_period(99999, 2)
    with pytest.raises(InvalidInput, match="Triwulan «5»"):
        check_period(2026, 5)

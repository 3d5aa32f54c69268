"""Capaian (achievement) rules of DESIGN §5: the formulas, the sifat rules and the category scale.

Pure functions, no I/O: every report, chat summary and workbook computes capaian here, so the
office's choices (the formula for "turun", the Permendagri 86/2017 scale) live in one place.

Values are ``Decimal`` throughout. ``capaian()`` returns the exact, unrounded percentage; only
``bulatkan()`` makes the two-decimal value a person sees, and every judgement on a percentage
(``kategori``, ``tercapai``, ``jauh_dari_target``) is made on that shown value, so the word
printed next to a number never contradicts it.

``None`` means "no value": a blank realisation ("belum diisi") or a quarter without a target.
It is never treated as zero — other SAKIP tools show a blank as 100 %, which DESIGN §5 rules out.
"""

from collections.abc import Sequence
from decimal import (
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
)
from functools import reduce
from typing import Final, Literal, get_args

__all__ = [
    "RUMUS_DEFAULT",
    "SKALA_DEFAULT",
    "Arah",
    "Nilai",
    "Rumus",
    "Sifat",
    "akumulasi",
    "bulatkan",
    "capaian",
    "capaian_sd",
    "capaian_tahunan",
    "jauh_dari_target",
    "kategori",
    "tercapai",
]

Arah = Literal["naik", "turun"]
"""Whether a higher ("naik") or a lower ("turun") realisation is better."""

Rumus = Literal["selisih", "rasio"]
"""The formula for "turun" indicators, on which offices disagree (DESIGN §5)."""

Sifat = Literal["kumulatif", "rata-rata", "akhir"]
"""How quarter values add up to a value to date: summed, averaged, or the latest one."""

Nilai = Decimal | int | str
"""A value as it arrives from storage or a workbook: Decimal, int, or a Decimal-syntax string.

Floats are refused (TypeError): a binary float such as 0.1 is not the number a person typed, and
DESIGN §4 keeps every value exact. Strings use Decimal syntax ("85.5"); Indonesian forms typed in
chat ("85,5") are parsed before they get here.
"""

RUMUS_DEFAULT: Final[Rumus] = "selisih"
"""Office-wide default for "turun": PermenPANRB's guidance and most provincial LKjIPs use it."""

SKALA_DEFAULT: Final[tuple[tuple[Decimal, str], ...]] = (
    (Decimal(91), "Sangat Tinggi"),
    (Decimal(76), "Tinggi"),
    (Decimal(66), "Sedang"),
    (Decimal(51), "Rendah"),
    (Decimal("-Infinity"), "Sangat Rendah"),
)
"""Permendagri 86/2017 scale as (inclusive lower bound, category) pairs.

The bottom band starts at -Infinity so that every percentage, even a negative one from a negative
realisation, has a category; a replacement scale should do the same.
"""

_SERATUS: Final = Decimal(100)
_SEN: Final = Decimal("0.01")

# 50 significant digits: far beyond any value an office types, so the quotients below are exact
# whenever the decimal expansion terminates; "unrounded" in DESIGN §5 means "not yet rounded to
# two decimals", which this honours. Traps turn a silent NaN or Infinity into an exception.
_KONTEKS: Final = Context(
    prec=50,
    rounding=ROUND_HALF_EVEN,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)


def _angka(nilai: Nilai | None) -> Decimal | None:
    """Turn an accepted input into a finite Decimal, keeping None as "no value"."""
    if nilai is None:
        return None
    # bool is an int subclass, but True as a target is a bug upstream, not the number 1.
    if isinstance(nilai, float | bool) or not isinstance(nilai, Decimal | int | str):
        raise TypeError(
            f"a value must be a Decimal, an int or a numeric str, not {type(nilai).__name__}: "
            f"{nilai!r}"
        )
    try:
        angka = Decimal(nilai)
    except InvalidOperation:
        raise ValueError(f"not a number: {nilai!r}") from None
    if not angka.is_finite():
        raise ValueError(f"a value must be finite, not {nilai!r}")
    return angka


def _periksa(nama: str, nilai: str, jenis: object) -> None:
    """Refuse a misspelt arah/rumus/sifat at once instead of computing with a wrong formula."""
    pilihan = get_args(jenis)
    if nilai not in pilihan:
        raise ValueError(f"unknown {nama}: {nilai!r} (one of: {', '.join(pilihan)})")


def capaian(
    target: Nilai | None,
    realisasi: Nilai | None,
    arah: Arah,
    rumus: Rumus = RUMUS_DEFAULT,
) -> Decimal | None:
    """Exact capaian in percent, or None when there is no percentage to give.

    - naik: realisasi / target × 100.
    - turun, selisih: (2 × target − realisasi) / target × 100, floored at 0.
    - turun, rasio: target / realisasi × 100; realisasi 0 gives None.
    ``rumus`` only matters for "turun" but is checked always, so a wrong setting shows up early.

    Returns None when the target is 0 or None (no target this quarter: shown as "-", never a
    crash) and when the realisation is None ("belum diisi" is not zero). The result is not
    rounded; use ``bulatkan`` for display.

    Raises TypeError for a float input, ValueError for a non-numeric or infinite input and for an
    unknown ``arah`` or ``rumus``.
    """
    _periksa("arah", arah, Arah)
    _periksa("rumus", rumus, Rumus)
    t = _angka(target)
    r = _angka(realisasi)
    if t is None or r is None or t.is_zero():
        return None
    k = _KONTEKS
    if arah == "naik":
        return k.divide(k.multiply(r, _SERATUS), t)
    if rumus == "selisih":
        persen = k.divide(k.multiply(k.subtract(k.multiply(2, t), r), _SERATUS), t)
        return max(persen, Decimal(0))
    if r.is_zero():
        return None
    return k.divide(k.multiply(t, _SERATUS), r)


def bulatkan(pct: Decimal) -> Decimal:
    """The shown value: two decimals, rounded half up (DESIGN §5), e.g. 107,142857… → 107,14."""
    return pct.quantize(_SEN, rounding=ROUND_HALF_UP, context=_KONTEKS)


def kategori(pct: Decimal, skala: Sequence[tuple[Decimal, str]] = SKALA_DEFAULT) -> str:
    """The category of a capaian on ``skala`` (default: Permendagri 86/2017).

    The input is rounded with ``bulatkan`` first, so the category matches the printed number:
    90,99 is "Tinggi" but 90,995 is shown as 91,00 and so is "Sangat Tinggi". Lower bounds are
    inclusive; the band with the highest lower bound not above the shown value wins, whatever
    the order of ``skala``.

    Raises ValueError when no band of ``skala`` reaches down to the value.
    """
    tampil = bulatkan(pct)
    cocok = [pita for pita in skala if pita[0] <= tampil]
    if not cocok:
        raise ValueError(f"the kategori scale has no band for capaian {tampil}")
    return max(cocok, key=lambda pita: pita[0])[1]


def tercapai(pct: Decimal | None) -> bool:
    """Whether the target is achieved: the shown capaian is at least 100.

    None (a blank or no target) is never achieved — the fault DESIGN §5 warns about.
    """
    return pct is not None and bulatkan(pct) >= _SERATUS


def jauh_dari_target(pct: Decimal | None) -> bool:
    """Whether the shown capaian is below 50 or above 150.

    Such a value is most often a slip (a thousands mark, a wrong column): its echo asks the
    filler to check the number. Its explanation is the analysis every value below target is
    asked for (issue 14, in place of DESIGN §5's keterangan). None has nothing to check yet.
    """
    if pct is None:
        return False
    tampil = bulatkan(pct)
    return tampil < 50 or tampil > 150


def akumulasi(values: Sequence[Nilai | None], sifat: Sifat) -> Decimal | None:
    """The value to date from quarter values TW I..TW n (n = the current triwulan), by ``sifat``.

    - kumulatif: the sum (e.g. the number of akta issued);
    - rata-rata: the mean;
    - akhir: the latest quarter's value (e.g. a coverage percentage or a stock).

    Used alike for realisations and for quarter targets. Returns None when a needed value is
    missing: for "akhir" only the latest quarter counts; for "kumulatif" and "rata-rata" any
    missing quarter gives None, because a partial sum or mean would look like a real value to
    date. A quarter target of None means "tidak diukur TW ini", so a target to date that includes
    it is None as well; a quarter that counts but expects nothing should carry target 0 instead.

    Raises ValueError for an empty sequence or an unknown ``sifat``.
    """
    _periksa("sifat", sifat, Sifat)
    if not values:
        raise ValueError("no quarter values to accumulate")
    if sifat == "akhir":
        return _angka(values[-1])
    angka = [_angka(nilai) for nilai in values]
    terisi = [nilai for nilai in angka if nilai is not None]
    if len(terisi) < len(angka):
        return None
    # Added in _KONTEKS, not with sum(), whose default 28-digit context could round.
    jumlah = reduce(_KONTEKS.add, terisi, Decimal(0))
    if sifat == "kumulatif":
        return jumlah
    return _KONTEKS.divide(jumlah, len(terisi))


def capaian_sd(
    targets_tw: Sequence[Nilai | None],
    realisasi_tw: Sequence[Nilai | None],
    arah: Arah,
    rumus: Rumus,
    sifat: Sifat,
) -> Decimal | None:
    """Capaian s.d. triwulan: the realisation to date against the target to date.

    Both sequences run TW I..TW n and must be equally long (ValueError otherwise), so a target
    for a quarter not yet reported is never counted. Missing values give None as in
    ``akumulasi``.
    """
    if len(targets_tw) != len(realisasi_tw):
        raise ValueError(
            f"{len(targets_tw)} quarter targets against {len(realisasi_tw)} quarter realisations"
        )
    return capaian(akumulasi(targets_tw, sifat), akumulasi(realisasi_tw, sifat), arah, rumus)


def capaian_tahunan(
    target_tahunan: Nilai | None,
    realisasi_tw: Sequence[Nilai | None],
    arah: Arah,
    rumus: Rumus,
    sifat: Sifat,
) -> Decimal | None:
    """Annual capaian: the realisation to date (TW I..TW n, by ``sifat``) against the annual
    target, which for "rata-rata" and "akhir" is itself a mean or an end-of-year value.
    """
    return capaian(target_tahunan, akumulasi(realisasi_tw, sifat), arah, rumus)

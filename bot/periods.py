"""Reading "[tahun] [triwulan]" as typed after /putaran and /unduh ("2026 II", "2", "IV").

A word that is not taken is named and blamed for what it looks like: four digits are a year,
one digit or a Roman numeral a triwulan, so "/unduh 99999 2" blames the year, not the triwulan.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from bot import texts
from bot.errors import InvalidInput

TAHUN_TERAWAL: Final = 2000
TAHUN_TERAKHIR: Final = 2100
"""The years a round may be of: a slip such as 20266 is refused rather than opened."""

_TRIWULAN = {"1": 1, "2": 2, "3": 3, "4": 4, "i": 1, "ii": 2, "iii": 3, "iv": 4}
_ROMAN = set("ivx")


def check_period(tahun: int, triwulan: int) -> None:
    """Refuses a year outside TAHUN_TERAWAL–TAHUN_TERAKHIR or a triwulan other than 1–4."""
    if not TAHUN_TERAWAL <= tahun <= TAHUN_TERAKHIR:
        raise _wrong_year(str(tahun))
    if triwulan not in _TRIWULAN.values():
        raise InvalidInput(texts.triwulan_salah(str(triwulan)))


def _wrong_year(word: str) -> InvalidInput:
    return InvalidInput(texts.tahun_salah(word, TAHUN_TERAWAL, TAHUN_TERAKHIR))


def parse_period(args: Sequence[str], default: tuple[int, int]) -> tuple[int, int]:
    """(tahun, triwulan); either may be left out, and then comes from `default`.

    Refuses (InvalidInput naming the word) a year or triwulan out of range, a word that is
    neither, and a second year or triwulan. "TW" before a triwulan, as cards write it, is
    allowed ("TW II", "tw2").
    """
    tahun, triwulan = default
    seen: set[str] = set()
    for word in (w.strip() for w in args):
        key = word.lower().removeprefix("tw")
        if not key:
            continue
        number = key.isascii() and key.isdigit()
        if key in _TRIWULAN:
            part, triwulan = "triwulan", _TRIWULAN[key]
        elif number and len(key) > 1:
            if not TAHUN_TERAWAL <= int(key) <= TAHUN_TERAKHIR:
                raise _wrong_year(word)
            part, tahun = "tahun", int(key)
        elif number or set(key) <= _ROMAN:
            raise InvalidInput(texts.triwulan_salah(word))
        else:
            raise InvalidInput(texts.bukan_periode(word))
        if part in seen:
            raise InvalidInput(texts.periode_berlebih(word))
        seen.add(part)
    return tahun, triwulan


def parse_year(args: Sequence[str], default: int) -> int:
    """The year typed after "/unduh tahunan" (`default` when none is); a triwulan there, or
    anything else, is refused as `parse_period` refuses it."""
    tahun, _ = parse_period(args, (default, 1))
    if any(w.strip().lower().removeprefix("tw") in _TRIWULAN for w in args):
        raise InvalidInput(texts.periode_berlebih(" ".join(args)))
    return tahun

"""Reading "[tahun] [triwulan]" as typed after /putaran and /unduh ("2026 II", "2", "IV")."""

from __future__ import annotations

from collections.abc import Sequence

from bot import texts
from bot.errors import InvalidInput

_TRIWULAN = {"1": 1, "2": 2, "3": 3, "4": 4, "i": 1, "ii": 2, "iii": 3, "iv": 4}


def parse_period(args: Sequence[str], default: tuple[int, int]) -> tuple[int, int]:
    """(tahun, triwulan); either may be left out, and then comes from `default`."""
    tahun, triwulan = default
    words = [w.strip().lower().removeprefix("tw") for w in args if w.strip()]
    if len(words) > 2:
        raise InvalidInput(texts.triwulan_salah())
    for word in words:
        if word in _TRIWULAN:
            triwulan = _TRIWULAN[word]
        elif word.isdigit() and len(word) == 4 and 2000 <= int(word) <= 2100:
            tahun = int(word)
        else:
            raise InvalidInput(texts.triwulan_salah())
    return tahun, triwulan

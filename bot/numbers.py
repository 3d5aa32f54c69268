"""Reading a number a person typed in chat (DESIGN §5 "Numbers typed in chat").

Kabid type realisations on phones, some with the Indonesian habit ("1.234,5") and some with the
international one ("1,234.5"). `parse_number` accepts both where the reading is certain, reads
the ambiguous shapes the way DESIGN §5 fixes them ("1.234" is 1234, "1,234" is just over 1), and
refuses everything else with a short Indonesian message the handler shows as is. The value keeps
the decimals typed, so the echo ("Tercatat: 94,20 %") shows what the person wrote.

`check_range` is the one rule on how large and how fine a realisation or a target may be;
typed values, cells of an uploaded format or indicator sheet (bot.documents.cells) and the workflow
all go through it.
"""

import re
from decimal import Decimal
from enum import StrEnum
from typing import Final

from bot import texts

MAX_LENGTH = 30
"""Longest input (after trimming) still read as one number; anything longer is a pasted text."""

MAX_WHOLE_DIGITS: Final = 15
"""Digits a value may have before the decimal separator: a trillion rupiah still fits, and so
does the value in Excel, which keeps 15 significant digits."""
MAX_DECIMALS: Final = 6
"""Digits a value may have after the decimal separator."""

_TOO_LARGE: Final = Decimal(10) ** MAX_WHOLE_DIGITS

# Only ASCII digits: str.isdigit() and \d would also let Arabic-Indic or full-width digits in,
# which Decimal accepts but no person here means.
_NUMBER_SHAPE = re.compile(r"(?P<sign>-?)(?P<body>[0-9.,]+)")
_DIGIT_RUN = re.compile(r"[0-9]+(?:[.,][0-9]+)*")
_PERCENT = re.compile(r"\s*%\Z")
_THOUSANDS_LEADER = re.compile(r"[1-9][0-9]{0,2}")
_MINUS_SIGNS = str.maketrans({"\u2212": "-"})


class Refusal(StrEnum):
    """Why a text is not a number; lets a caller (or a test) tell the cases apart."""

    EMPTY = "empty"
    NOT_A_NUMBER = "not_a_number"
    SEVERAL_NUMBERS = "several_numbers"
    TOO_LONG = "too_long"
    UNCLEAR_SEPARATORS = "unclear_separators"
    TOO_LARGE = "too_large"
    TOO_PRECISE = "too_precise"


class NumberNotUnderstood(ValueError):
    """A typed text that is not one number; `str()` is the message to show the user."""

    def __init__(self, reason: Refusal, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


def parse_number(text: str) -> Decimal:
    """The finite Decimal a person meant by `text`, keeping the decimals typed.

    Accepts "95", "95,5", "1.234,5", "1,234.5", "95%", "95 %", "  96 ", "-3,5" (a leading
    minus, also the typographic "−", is part of the number: refusing a negative realisation is
    the workflow's job). Separators follow DESIGN §5: with both kinds the last is the decimal
    mark; a single comma is decimal; dots are thousands only when every group after the first
    has three digits and the first is 1–3 digits not starting with 0. "94,20" gives
    Decimal("94.20"), so the echo can repeat the two decimals; "-0" gives 0.

    Raises NumberNotUnderstood (a ValueError) with an Indonesian message for empty input,
    words (NaN and Infinity included), more than one number, input over MAX_LENGTH characters,
    separators that do not read one way only, and a value `check_range` refuses.
    """
    stripped = text.strip()
    if not stripped:
        raise NumberNotUnderstood(Refusal.EMPTY, texts.angka_kosong())
    if len(stripped) > MAX_LENGTH:
        raise NumberNotUnderstood(Refusal.TOO_LONG, texts.angka_terlalu_panjang(MAX_LENGTH))
    candidate = _PERCENT.sub("", stripped.translate(_MINUS_SIGNS))
    shape = _NUMBER_SHAPE.fullmatch(candidate)
    if shape is None:
        # Words around digits ("90 persen", "1e3") ask for the number alone, not for one of two.
        has_words = any(c.isalpha() for c in candidate)
        if not has_words and len(_DIGIT_RUN.findall(candidate)) >= 2:
            raise NumberNotUnderstood(
                Refusal.SEVERAL_NUMBERS, texts.lebih_dari_satu_angka(stripped)
            )
        raise _not_a_number(stripped)
    if not any(c.isdigit() for c in shape["body"]):
        raise _not_a_number(stripped)
    value = Decimal(shape["sign"] + _plain_digits(shape["body"], stripped))
    # "-0" and "-0,00" are zero; a minus on it would only confuse the echo.
    return check_range(value.copy_abs() if value.is_zero() else value)


def check_range(value: Decimal) -> Decimal:
    """`value` itself when it has at most MAX_WHOLE_DIGITS digits before the decimal separator
    and MAX_DECIMALS after it (decimals written count, so 94,5000000 is refused too).

    Raises NumberNotUnderstood with an Indonesian message naming the limit otherwise, and for
    NaN or Infinity, which no person means.
    """
    if not value.is_finite():
        raise _not_a_number(str(value))
    if abs(value) >= _TOO_LARGE:
        raise NumberNotUnderstood(Refusal.TOO_LARGE, texts.angka_terlalu_besar(MAX_WHOLE_DIGITS))
    if -int(value.as_tuple().exponent) > MAX_DECIMALS:
        raise NumberNotUnderstood(Refusal.TOO_PRECISE, texts.angka_terlalu_rinci(MAX_DECIMALS))
    return value


def _plain_digits(body: str, typed: str) -> str:
    """`body` (digits, dots and commas) rewritten as "1234.5" for Decimal, or a refusal."""
    if body[0] in ".,":
        digits = body[1:]
        raise _unclear(typed, texts.tanpa_nol_di_depan(digits if digits.isdigit() else None))
    if body[-1] in ".,":
        digits = body[:-1]
        hint = texts.tanpa_angka_setelah_pemisah(digits if digits.isdigit() else None)
        raise _unclear(typed, hint)
    groups = re.split(r"[.,]", body)
    separators = re.sub(r"[0-9]", "", body)
    if "" in groups:
        raise _unclear(typed, texts.PETUNJUK_PEMISAH)
    if not separators:
        return body

    if "." in separators and "," in separators:
        decimal_mark = separators[-1]
        if decimal_mark in separators[:-1] or not _is_grouping(groups[:-1]):
            raise _unclear(typed, texts.PETUNJUK_PEMISAH)
        return "".join(groups[:-1]) + "." + groups[-1]

    if separators == ",":
        return groups[0] + "." + groups[1]
    if _is_grouping(groups):
        return "".join(groups)
    if separators == ".":
        return groups[0] + "." + groups[1]
    raise _unclear(typed, texts.PETUNJUK_PEMISAH)


def _is_grouping(groups: list[str]) -> bool:
    """Whether the groups read as thousands: "1", "234", "567" — a short leader, then threes."""
    return _THOUSANDS_LEADER.fullmatch(groups[0]) is not None and all(
        len(group) == 3 for group in groups[1:]
    )


def _unclear(typed: str, hint: str) -> NumberNotUnderstood:
    return NumberNotUnderstood(Refusal.UNCLEAR_SEPARATORS, texts.penulisan_belum_jelas(typed, hint))


def _not_a_number(typed: str) -> NumberNotUnderstood:
    return NumberNotUnderstood(Refusal.NOT_A_NUMBER, texts.bukan_angka(typed))

"""How numbers, dates and times look to the people using the bot (DESIGN §1, CHAT.md).

Every value a person sees is written the Indonesian way: "1.234,5", "94,2 %", "Kamis, 9 Juli
2026 pukul 16.00 WIB", "Jumat 3 Juli 14.02", NIP "19700101 199503 1 001". Grouping and the
month and day names come from Babel's CLDR data for locale "id" (which spells them as the
office does: Senin … Minggu with "Jumat", Januari … Desember; tests pin that). Times use a dot
("16.00"), as Indonesian official writing does. Nothing here knows Telegram.
"""

from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, localcontext
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.numbers import format_decimal

from bot.limits import nip_digits

LOCALE = "id"
OFFICE_TZ = "Asia/Jakarta"

ZONE_ABBREVIATIONS: dict[str, str] = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Ujung_Pandang": "WITA",
    "Asia/Jayapura": "WIT",
}
"""Indonesia's own names for its three zones; any other zone is written as its UTC offset."""

_PERCENT_UNITS = frozenset({"%", "persen"})


def angka(value: Decimal | int, decimals: int | None = None) -> str:
    """`value` written the Indonesian way: "1.234,5", "-3,5".

    With `decimals=None` the value keeps the decimals it carries, so a realisation typed as
    "94,20" is echoed as "94,20" and Decimal("1234") as "1.234". With `decimals` it is rounded
    half up (the rule for every percentage in DESIGN §5). Zero never shows a minus.
    """
    number = Decimal(value)
    if not number.is_finite():
        raise ValueError(f"angka() needs a finite number, got {number!r}")
    if decimals is not None and decimals < 0:
        raise ValueError(f"decimals must not be negative, got {decimals}")
    places = max(0, -int(number.as_tuple().exponent)) if decimals is None else decimals
    # Room for every digit: Babel and quantize work in the current context, whose default
    # 28-digit precision would fail on a long value instead of printing it.
    with localcontext() as ctx:
        ctx.prec = max(28, max(number.adjusted(), 0) + places + 2)
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        if number.is_zero():
            number = number.copy_abs()
        pattern = "#,##0" + ("." + "0" * places if places else "")
        return format_decimal(number, format=pattern, locale=LOCALE)


def persen(pct: Decimal | None) -> str:
    """A percentage (capaian) with two decimals, half up: "99,16"; None (no capaian) is "-".

    No "%" sign, so a caller can write "capaian 99,16 %" or put the number in a table column.
    """
    if pct is None:
        return "-"
    return angka(pct, 2)


def nilai(value: Decimal, satuan: str) -> str:
    """A realisation or target with its unit, as a person reads it: "94,2 %", "1.234 keping".

    The decimals typed are kept (Tercatat: "94,20 %"). Satuan "%" or "persen" is written "%".
    A blank realisation is not zero; its words are the texts' (`texts.nilai`).
    """
    unit = satuan.strip()
    if unit.casefold() in _PERCENT_UNITS:
        unit = "%"
    return f"{angka(value)} {unit}" if unit else angka(value)


def tanggal(d: date) -> str:
    """A date in full: "9 Juli 2026"."""
    return format_date(d, "d MMMM y", locale=LOCALE)


def waktu_lengkap(dt: datetime, tz: str = OFFICE_TZ) -> str:
    """A moment in full, for deadlines on cards and reminders: "Kamis, 9 Juli 2026 pukul 16.00 WIB".

    `dt` must be time-zone aware; it is shown in the office zone `tz`, named WIB/WITA/WIT or
    else by its UTC offset. Naive datetimes are refused (ValueError): their zone is a guess.
    """
    local = _local(dt, tz)
    day = format_date(local.date(), "EEEE, d MMMM y", locale=LOCALE)
    return f"{day} pukul {_clock(local)} {_zone_name(local, tz)}"


def stempel(dt: datetime, tz: str = OFFICE_TZ) -> str:
    """A short history stamp, for "dikirim …" lines: "Jumat 3 Juli 14.02" (office zone)."""
    local = _local(dt, tz)
    return f"{format_date(local.date(), 'EEEE d MMMM', locale=LOCALE)} {_clock(local)}"


def stempel_cetak(dt: datetime, tz: str = OFFICE_TZ) -> str:
    """ "9 Juli 2026 10.40": a stamp in a printed document, which carries the year, unlike a
    chat stamp (office zone)."""
    local = _local(dt, tz)
    return f"{tanggal(local.date())} {_clock(local)}"


def jam(dt: datetime, tz: str = OFFICE_TZ) -> str:
    """The clock time alone, for events of the same day: "10.22" (office zone, aware dt)."""
    return _clock(_local(dt, tz))


def jam_zona(dt: datetime, tz: str = OFFICE_TZ) -> str:
    """The clock time with its zone, for a same-day deadline: "10.25 WIB"."""
    local = _local(dt, tz)
    return f"{_clock(local)} {_zone_name(local, tz)}"


def nip(value: str) -> str:
    """An 18-digit NIP grouped 8-6-1-3 as on official documents: "19700101 199503 1 001".

    Spaces are ignored, so an already grouped NIP stays the same. Anything that is not 18
    digits is returned trimmed but otherwise as given, rather than grouped wrongly.
    """
    digits = nip_digits(value)
    if digits is None:
        return value.strip()
    return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"


def durasi_kerja(minutes: int) -> str:
    """Working time elapsed or overdue: "10 menit", "2 jam", "2 jam 5 menit", "25 jam 30 menit".

    Only hours and minutes: counting it in working days depends on the office calendar, so a
    caller that wants "1 hari kerja" decides that itself. Negative durations are refused.
    """
    if minutes < 0:
        raise ValueError(f"durasi_kerja() needs minutes >= 0, got {minutes}")
    hours, rest = divmod(minutes, 60)
    if hours == 0:
        return f"{rest} menit"
    if rest == 0:
        return f"{angka(hours)} jam"
    return f"{angka(hours)} jam {rest} menit"


def _local(dt: datetime, tz: str) -> datetime:
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"a time-zone aware datetime is needed, got naive {dt!r}")
    return dt.astimezone(ZoneInfo(tz))


def _clock(local: datetime) -> str:
    return f"{local.hour:02d}.{local.minute:02d}"


def _zone_name(local: datetime, tz: str) -> str:
    if tz in ZONE_ABBREVIATIONS:
        return ZONE_ABBREVIATIONS[tz]
    offset = local.utcoffset() or timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    hours, seconds = divmod(int(abs(offset).total_seconds()), 3600)
    if hours == 0 and seconds == 0:
        return "UTC"
    minutes = seconds // 60
    return f"UTC{sign}{hours}" + (f".{minutes:02d}" if minutes else "")


MAX_MESSAGE = 4096
"""Telegram's limit on one message's text."""


def split_message(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """A long card in parts at line boundaries (one indicator per line), each within the limit."""
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            parts.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            parts.append(current)
            current = line
        else:
            current = candidate
    parts.append(current)
    return [part for part in parts if part]


def continuation(text: str, shown: str) -> str:
    """What the last part of a card sent in parts reads after an edit: `text` from where
    `shown` (that part as it is on screen) begins in it.

    A press can edit only the message it was pressed on: the card's last part, with the
    earlier parts still on screen above it. When the lines of `shown` recur unchanged in
    `text`, the lines before them are those parts, so the edit carries on from there and
    nothing is shown twice; otherwise the whole of `text` is new and is shown whole.
    """
    lines, kept = text.split("\n"), shown.split("\n")
    for start in range(len(lines) - len(kept) + 1):
        if lines[start : start + len(kept)] == kept:
            return "\n".join(lines[start:])
    return text

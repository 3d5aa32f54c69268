"""/unduh and the Unduh button: the compiled workbook, DRAFT until final (DESIGN §9)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot import texts
from bot.chat import decisions
from bot.periods import parse_period, parse_year
from bot.workflow import files, lookup
from bot.workflow.context import Ctx

YEARLY = "tahunan"


def workbook(ctx: Ctx, telegram_id: int, words: Sequence[str]) -> tuple[str, bytes]:
    """/unduh [tahun] [triwulan]: by default the newest open round, else the last quarter;
    /unduh tahunan [tahun]: the year's workbook (TW I–IV), by default of that round's year.
    Builds the file: the handler runs it off the event loop."""
    lookup.person(ctx, telegram_id)
    default = lookup.default_period(ctx)
    if words and words[0].casefold() == YEARLY:
        with decisions.arguments_of("unduh", f"{YEARLY} {default[0]}"):
            tahun = parse_year(words[1:], default[0])
        return files.yearly_for(ctx, actor=telegram_id, tahun=tahun)
    with decisions.arguments_of("unduh", texts.contoh_periode(*default)):
        tahun, triwulan = parse_period(words, default)
    return files.compiled_for(ctx, actor=telegram_id, tahun=tahun, triwulan=triwulan)


def checked_round(ctx: Ctx, telegram_id: int, round_id: int) -> tuple[int, int]:
    """Unduh on a card: who may have that round is checked before the press is answered."""
    round_ = files.downloadable_round(ctx, actor=telegram_id, round_id=round_id)
    return round_.tahun, round_.triwulan


def of_round(ctx: Ctx, telegram_id: int, tahun: int, triwulan: int) -> tuple[str, bytes]:
    return files.compiled_for(ctx, actor=telegram_id, tahun=tahun, triwulan=triwulan)


def picture(ctx: Ctx, attachment: dict[str, Any]) -> tuple[str, bytes] | None:
    """Draws a picture a reply names (a round's chart). Heavy: run it in a thread."""
    return files.render(ctx, attachment)

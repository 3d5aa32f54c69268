"""P1 answer latency: how long a Kabid waits for a typed value to be confirmed.

Ours: `kinerja-bot run` polling the emulator over HTTP, a round of 20 bidang × 60 indicators
at step 4; one Kabid types the target of an indicator (parse, save, audit, capaian, reply) and
is timed from the moment the message reaches "Telegram" to the moment the echo («✅ Tercatat …»)
is there; then they go back to it (Sebelumnya) and type it again. Floor: the bare echo bot
(bench.echo_bot) with the same rate limiter, over its own emulator in the same run, one of its
samples after each of ours. Values go `pause` seconds apart, a brisk typist's pace: each costs
the bot four or five Bot API calls, and without a pause the 30-a-second limiter would be timed
instead of the answer.

    python -m bench.p1_answer_latency [--quick]
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from bench.common import (
    Backend,
    Figure,
    Goal,
    Stat,
    backends,
    close,
    fresh_database,
    office_context,
    scratch,
    script,
)
from bench.live import answer_times, live
from bench.office import answer_to, enrol_people, filling_round, load_master, mark_delivered
from bot.clock import FixedClock
from bot.emulator.phone import NoAnswer
from bot.emulator.scenario import echo_then, is_card, reply_with
from bot.workflow.context import Ctx
from tests.conftest import ROUND_OPENS

NAME = "P1 answer latency"
GOAL = Goal(1.5)
ECHOED = re.compile(r"Tercatat")
"""The echo, however its wording around the word changes («✅ Tercatat 2/6: …»)."""
FLOOR_PERSON = 1
FLOOR_TEXT = "97,1"
WAIT = 30.0


@dataclass(frozen=True)
class Size:
    bidang: int
    indicators: int
    warmup: int
    runs: int
    pause: float


FULL = Size(20, 60, warmup=10, runs=100, pause=0.2)
QUICK = Size(2, 3, warmup=1, runs=3, pause=0.05)


ANSWERED_AT = ROUND_OPENS + timedelta(minutes=10)
"""When the Kabid types: the round is open for filling, nothing of building it is queued."""


def build_office(ctx: Ctx, size: Size) -> int:
    """P1's office on `ctx`: the master, the staff, a round at step 4 with its messages
    counted as delivered; the Telegram id of the first bidang's Kabid, who types."""
    load_master(ctx, size.bidang, size.indicators)
    _, kabid = enrol_people(ctx)[0]
    filling_round(ctx)
    mark_delivered(ctx)
    return kabid


async def measure(backend: Backend, folder: Path, size: Size) -> Figure:
    with fresh_database(backend, folder, "p1") as url:
        ctx = office_context(url, FixedClock(ROUND_OPENS))
        kabid = build_office(ctx, size)
        close(ctx)
        now = ANSWERED_AT
        async with live(folder, url, now, [(kabid, "Kabid")], [FLOOR_PERSON]) as bots:
            phone = bots.phone(kabid, "Kabid", WAIT)
            first = f"1/{size.indicators} · "
            value = answer_to((await phone.type("/isi", reply_with(first))).text)
            echoes: list[float] = []
            floors: list[float] = []
            for run in range(size.warmup + size.runs):
                await asyncio.sleep(size.pause)
                mark = bots.world.mark()
                echo = await answer_times(bots.world, {kabid: value}, ECHOED.search, WAIT)
                await phone.wait(echo_then(is_card), after=mark)
                await phone.press("Sebelumnya", reply_with(first))
                await asyncio.sleep(size.pause)
                floor = await answer_times(
                    bots.floor_world, {FLOOR_PERSON: FLOOR_TEXT}, FLOOR_TEXT.__eq__, WAIT
                )
                if kabid not in echo or FLOOR_PERSON not in floor:
                    raise NoAnswer(f"{NAME}: jawaban tidak datang dalam {WAIT:g} detik")
                if run >= size.warmup:
                    echoes.append(echo[kabid] * 1000)
                    floors.append(floor[FLOOR_PERSON] * 1000)
    return Figure(
        backend.label(NAME),
        "ms",
        Stat.of(echoes),
        Stat.of(floors),
        GOAL,
        note=f"{size.bidang} bidang × {size.indicators} indicators; {size.runs} values "
        f"{size.pause:g} s apart after {size.warmup} warm-up",
    )


def run(folder: Path, quick: bool) -> list[Figure]:
    size = QUICK if quick else FULL
    return [asyncio.run(measure(b, scratch(folder, b.name), size)) for b in backends()]


if __name__ == "__main__":
    script(run, __doc__)

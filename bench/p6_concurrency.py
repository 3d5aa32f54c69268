"""P6 concurrency: 200 Kabid answering at once, none lost, none waiting much longer than on a
bare bot.

Ours: `kinerja-bot run` polling the emulator over HTTP, 200 bidang at step 4, each Kabid on
their indicator card (/isi). In each turn all 200 type their answer at the same moment, so their
updates reach the bot interleaved; each is timed until their echo («✅ Tercatat …»). Floor: the
bare echo bot with the same rate limiter, the same 200 people typing at once. An answer is lost
when no echo comes, or when the value is not in the database afterwards.

    python -m bench.p6_concurrency [--quick]
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

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
from bench.live import answer_times, live, settle
from bench.office import answer_to, enrol_people, filling_round, load_master, mark_delivered
from bot.clock import FixedClock
from bot.emulator.model import Kind
from bot.emulator.scenario import CARD
from bot.emulator.world import BotApiWorld
from storage.db import make_engine
from storage.models import Realisation
from tests.conftest import ROUND_OPENS

NAME = "P6 concurrency"
GOAL = Goal(1.5, on="p99")
ECHOED = "Tercatat"
FLOOR_TEXT = "97,1"
WAIT = 300.0


@dataclass(frozen=True)
class Size:
    kabid: int
    indicators: int
    """Each turn answers the next indicator, so there are fewer turns than indicators."""
    warmup: int
    runs: int


FULL = Size(200, 6, warmup=1, runs=4)
QUICK = Size(10, 3, warmup=1, runs=1)


def answers(world: BotApiWorld, kabid: list[int]) -> dict[int, str]:
    """What each Kabid types for the card they see last."""
    return {person: answer_to(world.bot_texts(person)[-1]) for person in kabid}


def messages_since(world: BotApiWorld, mark: int) -> int:
    """Messages the bot sent after event `mark` (edits and answers to presses aside)."""
    return sum(1 for event in world.events[mark:] if event.kind is Kind.SENT)


def saved_values(url: str) -> int:
    """How many realisations hold a value."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            query = select(func.count()).where(Realisation.value.is_not(None))
            return int(connection.scalar(query) or 0)
    finally:
        engine.dispose()


async def measure(backend: Backend, folder: Path, size: Size) -> Figure:
    with fresh_database(backend, folder, "p6") as url:
        ctx = office_context(url, FixedClock(ROUND_OPENS))
        load_master(ctx, size.kabid, size.indicators)
        kabid = [person for _, person in enrol_people(ctx)]
        filling_round(ctx)
        mark_delivered(ctx)
        close(ctx)
        people = [(person, f"Kabid {person}") for person in kabid]
        floor_people = list(range(1, size.kabid + 1))
        now = ROUND_OPENS + timedelta(minutes=10)
        ours: list[float] = []
        floor: list[float] = []
        lost = 0
        async with live(folder, url, now, people, floor_people) as bots:
            shown = await answer_times(
                bots.world, dict.fromkeys(kabid, "/isi"), lambda t: bool(CARD.match(t)), WAIT
            )
            lost += len(kabid) - len(shown)
            sent = {"ours": 0, "floor": 0}
            for turn in range(size.warmup + size.runs):
                marks = (bots.world.mark(), bots.floor_world.mark())
                echoes = await answer_times(
                    bots.world, answers(bots.world, kabid), lambda t: ECHOED in t, WAIT
                )
                await settle(bots.world)
                floors = await answer_times(
                    bots.floor_world,
                    dict.fromkeys(floor_people, FLOOR_TEXT),
                    FLOOR_TEXT.__eq__,
                    WAIT,
                )
                lost += 2 * len(kabid) - len(echoes) - len(floors)
                sent["ours"] += messages_since(bots.world, marks[0])
                sent["floor"] += messages_since(bots.floor_world, marks[1])
                if turn >= size.warmup:
                    ours += [seconds * 1000 for seconds in echoes.values()]
                    floor += [seconds * 1000 for seconds in floors.values()]
        answered = len(kabid) * (size.warmup + size.runs)
        missing = answered - saved_values(url)
    return Figure(
        backend.label(NAME),
        "ms",
        Stat.of(ours),
        Stat.of(floor),
        GOAL,
        checks=(("0 answers lost", lost == 0 and missing == 0),),
        note=f"{size.kabid} Kabid at once, {size.runs} turns after {size.warmup} warm-up; "
        f"{lost} echoes and {missing} saved values missing; per answer the bot sent "
        f"{sent['ours'] / answered:.1f} messages through the rate limiter, the floor "
        f"{sent['floor'] / answered:.1f}",
    )


def run(folder: Path, quick: bool) -> list[Figure]:
    size = QUICK if quick else FULL
    return [asyncio.run(measure(b, scratch(folder, b.name), size)) for b in backends()]


if __name__ == "__main__":
    script(run, __doc__)

"""P4 reminder tick: one scheduler tick must cost what is due, not what is past.

A tick is what the scheduler runs every KINERJA_INTERVAL_PENGINGAT_DETIK: the reminder check
(`reminders.send_due`, writing its messages to the outbox) and the quarterly opening check.
Three offices, each in a fresh database, with TW II 2026 at step 4 and every Kabid late:

- floor: 1 year of finished rounds as history, 6 bidang × 30 indicators open;
- history: the same with 10 years of history (10× what is past);
- open: 1 year of history, 60 bidang × 30 indicators open (10× what is due).

Every finished round went the whole SOP through the core (Kabid late and reminded, filled,
verified, initialled, signed, final, SILAKIP). The ticks run on successive working mornings,
the three offices taking turns; the first mornings (the notices and escalations) are the
warm-up, after that each tick sends every late Kabid their daily reminder.

    python -m bench.p4_reminder_tick [--quick]
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from bench.common import (
    Backend,
    Figure,
    Goal,
    Stat,
    alternate,
    backends,
    close,
    fresh_database,
    office_context,
    scratch,
    script,
)
from bench.office import (
    TAHUN,
    enrol_people,
    filling_round,
    load_master,
    mark_delivered,
    quarter_ends,
)
from bot.clock import FixedClock
from bot.emulator.office import KASUBAG, KEPALA, OPERATOR, SEKRETARIS
from bot.workflow import approvals, silakip, verification
from bot.workflow.context import Ctx
from scheduler import opening, reminders
from storage import queries
from tests.conftest import ROUND_OPENS, Office

HISTORY = "P4 reminder tick, 10× history"
OPEN = "P4 reminder tick, 10× open bidang"
HISTORY_GOAL = Goal(1.2)
OPEN_GOAL = Goal(10.0)


@dataclass(frozen=True)
class Size:
    bidang: int
    indicators: int
    rounds: int
    """Finished rounds (quarters) of the floor's history; the history office has ten times
    as many."""
    warmup: int
    runs: int


FULL = Size(6, 30, rounds=4, warmup=3, runs=10)
QUICK = Size(2, 3, rounds=1, warmup=3, runs=2)


def finished_round(office: Office, kabid: dict[str, int], tahun: int, triwulan: int) -> None:
    """One quarter the whole SOP through, its Kabid a few days late and reminded."""
    ctx, clock = office.ctx, office.clock
    clock.set(ctx.calendar.opening_on_or_after(quarter_ends(tahun, triwulan)))
    round_id = filling_round(ctx, tahun, triwulan).id
    clock.advance(days=6)
    reminders.send_due(ctx)
    with ctx.read() as session:
        bidang = [s.bidang.nama for s in queries.submissions(session, round_id)]
    for nama in bidang:
        office.fill_all(round_id, nama, kabid[nama])
    for nama in bidang:
        submission = office.submission(round_id, nama)
        verification.verify(
            ctx,
            actor=OPERATOR.telegram_id,
            submission_id=submission.id,
            expected_version=submission.version,
        )
    for action, actor in (
        (approvals.submit_compiled, OPERATOR),
        (approvals.approve, KASUBAG),
        (approvals.approve, SEKRETARIS),
        (approvals.approve, KEPALA),
        (approvals.finalise, OPERATOR),
    ):
        clock.advance(minutes=5)
        office.press(action, actor.telegram_id, round_id)
    clock.advance(minutes=5)
    silakip.tick_all(ctx, actor=OPERATOR.telegram_id, round_id=round_id)
    mark_delivered(ctx)


def quarters_before(tahun: int, triwulan: int, count: int) -> list[tuple[int, int]]:
    """The `count` quarters before this one, oldest first."""
    index = tahun * 4 + triwulan - 1
    return [(i // 4, i % 4 + 1) for i in range(index - count, index)]


def late_office(url: str, size: Size, *, rounds: int, open_bidang: int) -> Ctx:
    """`rounds` finished quarters of `size.bidang` bidang, then TW II 2026 open for
    `open_bidang` bidang, all of it delivered."""
    history = quarters_before(TAHUN, 2, rounds)
    first = history[0][0] if history else TAHUN
    clock = FixedClock(ROUND_OPENS.replace(year=first - 1))  # people enrolled before it all
    ctx = office_context(url, clock)
    for tahun in sorted({tahun for tahun, _ in history} - {TAHUN}):
        load_master(ctx, size.bidang, size.indicators, tahun)
    load_master(ctx, open_bidang, size.indicators, TAHUN)
    kabid = dict(enrol_people(ctx))
    office = Office(ctx, clock)
    for tahun, triwulan in history:
        finished_round(office, kabid, tahun, triwulan)
    clock.set(ROUND_OPENS)
    filling_round(ctx)
    mark_delivered(ctx)
    return ctx


def tick(ctx: Ctx) -> None:
    """What the scheduler's interval runs (scheduler.jobs: _remind and _open_quarter)."""
    reminders.send_due(ctx)
    opening.open_due_quarter(ctx)


def mornings(ctx: Ctx, after: datetime) -> Iterator[datetime]:
    """A minute past opening, on each working day after `after`."""
    day = after.astimezone(ctx.calendar.tz).date()
    while True:
        day = ctx.calendar.next_working_day(day)
        yield ctx.calendar.opening_on_or_after(day) + timedelta(minutes=1)


def measure(backend: Backend, folder: Path, size: Size) -> list[Figure]:
    offices = {
        "floor": (size.rounds, size.bidang),
        "history": (10 * size.rounds, size.bidang),
        "open": (size.rounds, 10 * size.bidang),
    }
    with (
        fresh_database(backend, folder, "p4_floor") as floor_url,
        fresh_database(backend, folder, "p4_history") as history_url,
        fresh_database(backend, folder, "p4_open") as open_url,
    ):
        urls = {"floor": floor_url, "history": history_url, "open": open_url}
        contexts = {
            name: late_office(urls[name], size, rounds=rounds, open_bidang=open_bidang)
            for name, (rounds, open_bidang) in offices.items()
        }
        days = mornings(contexts["floor"], ROUND_OPENS)

        def next_morning() -> None:
            moment = next(days)
            for ctx in contexts.values():
                ctx.clock.set(moment)  # type: ignore[attr-defined]

        sides = {name: (lambda c=ctx: tick(c)) for name, ctx in contexts.items()}
        seconds: dict[str, list[float]] = {name: [] for name in sides}
        for turn in range(size.warmup + size.runs):
            next_morning()
            measured = alternate(sides, warmup=0, runs=1)
            if turn >= size.warmup:
                for name, taken in measured.items():
                    seconds[name].append(taken[0] * 1000)
        for ctx in contexts.values():
            close(ctx)
    floor = Stat.of(seconds["floor"])
    shape = f"{size.bidang} bidang × {size.indicators} indicators"
    return [
        Figure(
            backend.label(HISTORY),
            "ms",
            Stat.of(seconds["history"]),
            floor,
            HISTORY_GOAL,
            note=f"{10 * size.rounds} finished rounds vs {size.rounds}; {shape} open; "
            f"{size.runs} working mornings after {size.warmup} warm-up",
        ),
        Figure(
            backend.label(OPEN),
            "ms",
            Stat.of(seconds["open"]),
            floor,
            OPEN_GOAL,
            note=f"{10 * size.bidang} bidang open vs {size.bidang} "
            f"({size.indicators} indicators each), {size.rounds} finished rounds",
        ),
    ]


def run(folder: Path, quick: bool) -> list[Figure]:
    size = QUICK if quick else FULL
    return [figure for b in backends() for figure in measure(b, scratch(folder, b.name), size)]


if __name__ == "__main__":
    script(run, __doc__)

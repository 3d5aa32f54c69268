"""The processes serving one bot (bot.instances): each recorded with a heartbeat, the dead found
and what they held freed, and the polling lease that only one of them may hold.

"Processes" here are contexts on the same database, each with its own engine; the clock is the
tests' own, moved by hand, so a lease runs out without waiting for it.
"""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from bot import instances
from bot.clock import FixedClock
from bot.emulator.world import BotApiWorld
from bot.instances import LEASE, POLLING, Instance, LeaseHeld
from bot.workflow.context import Ctx
from scheduler import jobs
from storage.models import BotInstance, Lease, Outbox
from tests.chatkit import jobs_application
from tests.test_outbox import queue, render
from tests.test_reminders import second_process


def records(ctx: Ctx) -> list[int]:
    with ctx.read() as session:
        return list(session.scalars(select(BotInstance.id).order_by(BotInstance.id)))


def lease_holder(ctx: Ctx) -> int | None:
    with ctx.read() as session:
        lease = session.get(Lease, POLLING)
        return lease.holder_id if lease is not None else None


def test_a_process_is_recorded_with_its_host_pid_and_start(ctx: Ctx, clock: FixedClock) -> None:
    me = instances.register(ctx)
    with ctx.read() as session:
        row = session.get(BotInstance, me.id)
        assert row is not None
        assert (row.pid, row.started_at, row.heartbeat_at) == (me.pid, clock.now(), clock.now())
        assert row.host == me.host and row.host
    clock.advance(seconds=20)
    assert instances.beat(ctx, me) == frozenset()
    with ctx.read() as session:
        assert session.get(BotInstance, me.id).heartbeat_at == clock.now()  # type: ignore[union-attr]
    instances.leave(ctx, me)
    assert records(ctx) == []


def test_a_second_poller_is_refused_while_the_first_holds_the_lease(
    ctx: Ctx, clock: FixedClock
) -> None:
    first, second = instances.register(ctx), instances.register(ctx)
    instances.take(ctx, first)
    with pytest.raises(LeaseHeld) as refused:
        instances.take(ctx, second)
    assert refused.value.holder == first
    assert instances.holder(ctx) == first
    # The first beats, so its lease never runs out however long it runs.
    for _ in range(10):
        clock.advance(seconds=20)
        assert instances.beat(ctx, first) == {POLLING}
        instances.beat(ctx, second)
        with pytest.raises(LeaseHeld):
            instances.take(ctx, second)


def test_a_clean_stop_releases_the_lease_at_once(ctx: Ctx) -> None:
    first, second = instances.register(ctx), instances.register(ctx)
    instances.take(ctx, first)
    instances.leave(ctx, first)
    assert instances.holder(ctx) is None
    instances.take(ctx, second)
    assert lease_holder(ctx) == second.id


def test_the_lease_of_a_poller_that_stopped_beating_is_taken_over_once_it_runs_out(
    ctx: Ctx, clock: FixedClock
) -> None:
    first, second = instances.register(ctx), instances.register(ctx)
    instances.take(ctx, first)
    clock.advance(seconds=59)
    instances.beat(ctx, second)
    with pytest.raises(LeaseHeld):
        instances.take(ctx, second)
    clock.advance(seconds=1)
    instances.take(ctx, second)
    assert lease_holder(ctx) == second.id
    assert first.id not in records(ctx), "a heartbeat a lease old is a dead process"
    # The first was only stalled: its next beat writes it down again, without the lease.
    assert instances.beat(ctx, first) == frozenset()
    assert first.id in records(ctx)


def test_a_process_gone_from_this_machine_is_dead_at_once(ctx: Ctx) -> None:
    live = instances.register(ctx)
    gone = instances.register(ctx)
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], check=True, capture_output=True
    )
    with ctx.unit() as session:
        session.execute(
            update(BotInstance).where(BotInstance.id == gone.id).values(pid=int(ended.stdout))
        )
    instances.take(ctx, gone)
    row = queue(ctx, 1, "kartu yang sedang dikirim")
    with ctx.unit() as session:
        session.execute(
            update(Outbox)
            .where(Outbox.id == row)
            .values(locked_by=gone.id, locked_until=ctx.now() + LEASE)
        )

    restarted = instances.register(ctx)

    assert records(ctx) == [live.id, restarted.id], "this process's pid still runs"
    assert instances.holder(ctx) is None
    with ctx.read() as session:
        assert session.get(Outbox, row).locked_by is None  # type: ignore[union-attr]


def test_processes_racing_for_the_lease_leave_exactly_one_holder(
    ctx: Ctx, clock: FixedClock
) -> None:
    others = [second_process(ctx, clock.now()) for _ in range(4)]
    contenders = [(other, instances.register(other)) for other in others]

    def take(contender: tuple[Ctx, Instance]) -> bool:
        try:
            instances.take(*contender)
        except LeaseHeld:
            return False
        return True

    with ThreadPoolExecutor(len(contenders)) as pool:
        taken = list(pool.map(take, contenders))
    assert taken.count(True) == 1
    assert lease_holder(ctx) == contenders[taken.index(True)][1].id


async def test_a_poller_whose_lease_was_taken_over_stops_and_says_why(
    ctx: Ctx, clock: FixedClock
) -> None:
    me, other = instances.register(ctx), instances.register(ctx)
    instances.take(ctx, me)
    app = jobs_application(BotApiWorld())
    jobs.install(app, ctx, render, me, polling=True)
    [beat] = app.job_queue.get_jobs_by_name(jobs.BEAT_JOB)
    await app.initialize()
    try:
        await beat.run(app)
        assert jobs.STOPPED not in app.bot_data
        clock.advance(seconds=LEASE.total_seconds() + 1)  # this process stalled meanwhile
        instances.take(ctx, other)
        await beat.run(app)
    finally:
        await app.shutdown()
    assert app.bot_data[jobs.STOPPED].startswith("Bot berhenti: sewa polling di basis data")


async def test_the_beat_renews_the_outbox_leases_of_the_running_batch(
    ctx: Ctx, clock: FixedClock
) -> None:
    me, other = instances.register(ctx), instances.register(ctx)
    mine, theirs, done = (queue(ctx, chat, "pesan") for chat in (1, 2, 3))
    with ctx.unit() as session:
        for row_id, holder in ((mine, me), (theirs, other), (done, me)):
            session.execute(
                update(Outbox)
                .where(Outbox.id == row_id)
                .values(locked_by=holder.id, locked_until=clock.now() + LEASE)
            )
        session.execute(update(Outbox).where(Outbox.id == done).values(sent_at=clock.now()))
    app = jobs_application(BotApiWorld())
    jobs.install(app, ctx, render, me)
    [beat] = app.job_queue.get_jobs_by_name(jobs.BEAT_JOB)
    assert beat.job.trigger.interval == timedelta(seconds=20)
    started = clock.now()
    clock.advance(seconds=20)
    await app.initialize()
    try:
        await beat.run(app)
    finally:
        await app.shutdown()
    with ctx.read() as session:
        until = {r.id: r.locked_until for r in session.scalars(select(Outbox))}
    assert until[mine] == clock.now() + LEASE
    assert until[theirs] == until[done] == started + LEASE

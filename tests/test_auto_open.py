"""The quarterly opening (DESIGN §5, "Rounds") and the jobs that run it all on PTB's JobQueue."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import pytest

from bot import instances
from bot.emulator.world import BotApiWorld
from bot.workflow import rounds
from bot.workflow.context import Ctx
from scheduler import jobs
from scheduler.opening import open_due_quarter
from storage import queries
from storage.db import make_engine, make_sessions
from tests.chatkit import jobs_application, office_world
from tests.conftest import OPERATOR, WIB, Office
from tests.database import Databases
from tests.test_outbox import render
from tests.test_reminders import second_process


def wib(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=WIB)


def opened_quarters(ctx: Ctx) -> list[tuple[int, int, int | None]]:
    with ctx.read() as session:
        return [(r.tahun, r.triwulan, r.opened_by_id) for r in queries.open_rounds(session)]


def test_opens_at_the_first_opening_after_the_quarter_ends(office: Office) -> None:
    office.clock.set(wib(2026, 6, 30, 23))
    assert open_due_quarter(office.ctx) is None
    office.clock.set(wib(2026, 7, 1, 7, 29))
    assert open_due_quarter(office.ctx) is None
    office.clock.set(wib(2026, 7, 1, 7, 30))
    opened = open_due_quarter(office.ctx)
    assert opened is not None
    assert opened.due == wib(2026, 7, 3, 7, 30)
    assert opened_quarters(office.ctx) == [(2026, 2, None)]
    [card] = office.outbox_for(OPERATOR)
    assert card.startswith("Putaran Triwulan II 2026 dibuka (Rabu 1 Juli 07.30).")
    office.clock.advance(minutes=1)
    assert open_due_quarter(office.ctx) is None


def test_a_bot_started_later_opens_the_quarter_at_once(office: Office) -> None:
    office.clock.set(wib(2026, 8, 20, 19))
    assert open_due_quarter(office.ctx) is not None
    assert opened_quarters(office.ctx) == [(2026, 2, None)]


def test_fourth_quarter_waits_for_new_year_and_the_weekend(office: Office) -> None:
    # 1 January 2027 is a Friday holiday; the office opens again on Monday 4 January.
    for closed in (wib(2027, 1, 1, 10), wib(2027, 1, 3, 10), wib(2027, 1, 4, 7, 29)):
        office.clock.set(closed)
        assert open_due_quarter(office.ctx) is None
    office.clock.set(wib(2027, 1, 4, 7, 30))
    assert open_due_quarter(office.ctx) is not None
    assert opened_quarters(office.ctx) == [(2026, 4, None)]


def test_switched_off_it_opens_nothing(office: Office) -> None:
    ctx = office.ctx
    off = Ctx(
        ctx.sessions,
        ctx.clock,
        ctx.calendar,
        ctx.settings.model_copy(update={"buka_otomatis": False}),
    )
    office.clock.set(wib(2026, 7, 1, 7, 30))
    assert open_due_quarter(off) is None
    assert opened_quarters(ctx) == []


def test_a_year_without_indicators_is_left_alone(office: Office) -> None:
    office.clock.set(wib(2027, 4, 1, 7, 30))
    assert open_due_quarter(office.ctx) is None
    assert opened_quarters(office.ctx) == []


def test_a_quarter_whose_realisation_was_imported_was_collected_before_the_bot(
    office: Office,
) -> None:
    office.clock.set(wib(2026, 4, 1, 7, 30))  # the master carries a TW I realisation
    assert open_due_quarter(office.ctx) is None
    assert opened_quarters(office.ctx) == []


def test_a_round_the_operator_opened_is_not_opened_again(office: Office) -> None:
    office.clock.set(wib(2026, 7, 1, 7, 30))
    rounds.open_round(office.ctx, actor=OPERATOR, tahun=2026, triwulan=2)
    office.clock.advance(minutes=1)
    assert open_due_quarter(office.ctx) is None
    assert len(opened_quarters(office.ctx)) == 1


def test_two_processes_open_it_once(office: Office) -> None:
    moment = wib(2026, 7, 1, 7, 30)
    processes = [second_process(office.ctx, moment) for _ in range(3)]
    with ThreadPoolExecutor(len(processes)) as pool:
        results = list(pool.map(open_due_quarter, processes))
    assert len([r for r in results if r is not None]) == 1
    assert opened_quarters(office.ctx) == [(2026, 2, None)]
    assert len(office.outbox_for(OPERATOR)) == 1


# --- The jobs on PTB's JobQueue ------------------------------------------------------


async def test_install_registers_the_jobs_and_the_wake_up(office: Office) -> None:
    app = jobs_application(BotApiWorld())
    jobs.install(app, office.ctx, render, instances.register(office.ctx))
    queue = app.job_queue
    registered = {job.name: job.job.trigger.interval for job in queue.jobs()}
    assert registered == {
        jobs.BEAT_JOB: instances.BEAT,
        jobs.OUTBOX_JOB: timedelta(seconds=jobs.OUTBOX_INTERVAL_SECONDS),
        jobs.REMINDER_JOB: timedelta(seconds=office.ctx.settings.interval_pengingat_detik),
        jobs.OPENING_JOB: timedelta(seconds=office.ctx.settings.interval_pengingat_detik),
        jobs.HANDOVER_JOB: timedelta(seconds=office.ctx.settings.interval_pengingat_detik),
    }
    app.bot_data["wake_outbox"]()
    assert len(queue.get_jobs_by_name(jobs.OUTBOX_WAKE_JOB)) == 1


async def test_wake_without_installed_jobs_does_nothing() -> None:
    app = jobs_application(BotApiWorld())
    jobs.wake_outbox(app)
    assert app.job_queue.jobs() == ()


async def test_the_opening_job_opens_wakes_the_sender_and_the_card_is_delivered(
    office: Office,
) -> None:
    world = office_world()
    app = jobs_application(world)
    jobs.install(app, office.ctx, render, instances.register(office.ctx))
    await app.initialize()
    try:
        office.clock.set(wib(2026, 7, 1, 7, 30))
        await app.job_queue.get_jobs_by_name(jobs.OPENING_JOB)[0].run(app)
        [wake] = app.job_queue.get_jobs_by_name(jobs.OUTBOX_WAKE_JOB)
        await wake.run(app)
        assert world.bot_texts(OPERATOR)[-1].startswith("Putaran Triwulan II 2026 dibuka")
        await app.job_queue.get_jobs_by_name(jobs.REMINDER_JOB)[0].run(app)
    finally:
        await app.shutdown()


async def test_a_failing_job_logs_and_never_raises(
    databases: Databases, office: Office, caplog: pytest.LogCaptureFixture
) -> None:
    ctx = office.ctx
    # A database without the schema: every query of the jobs fails.
    broken = Ctx(
        make_sessions(make_engine(databases.url("kosong", migrated=False))),
        ctx.clock,
        ctx.calendar,
        ctx.settings,
    )
    app = jobs_application(BotApiWorld())
    jobs.install(app, broken, render, instances.register(ctx))
    await app.initialize()
    try:
        with caplog.at_level(logging.ERROR, logger="scheduler.jobs"):
            for job in app.job_queue.jobs():
                await job.run(app)
    finally:
        await app.shutdown()
    assert len(caplog.records) == len(app.job_queue.jobs()) == 5

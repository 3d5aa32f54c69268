"""The daily backup (KINERJA_CADANGAN_FOLDER): made at the office's closing time on each working
day, once, keeping the newest KINERJA_CADANGAN_SIMPAN — with the clock moved by hand."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from bot import instances
from bot.emulator.world import BotApiWorld
from bot.workflow.context import Ctx
from scheduler import jobs
from scheduler.backup import back_up_if_due, daily_name
from storage.backup import backup_kind, kind_of, restore
from storage.db import make_engine, make_sessions
from tests.chatkit import jobs_application
from tests.conftest import WIB, Office, database_rows
from tests.test_backup import new_database
from tests.test_outbox import render

FOLDER = "cadangan"


def wib(day: int, hour: int, minute: int = 0, month: int = 7) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=WIB)


@pytest.fixture
def daily(office: Office, tmp_path: Path) -> Ctx:
    """The office with a backup folder, keeping three."""
    settings = office.ctx.settings.model_copy(
        update={"cadangan_folder": tmp_path / FOLDER, "cadangan_simpan": 3}
    )
    return replace(office.ctx, settings=settings)


def named(ctx: Ctx, day: int) -> str:
    """The daily backup's name for that day of July 2026: .db for SQLite, .dump for PostgreSQL."""
    return daily_name(date(2026, 7, day), kind_of(ctx.settings.database_url))


def backups_in(ctx: Ctx) -> list[str]:
    folder = ctx.settings.cadangan_folder
    assert folder is not None
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def at(office: Office, ctx: Ctx, moment: datetime) -> Path | None:
    office.clock.set(moment)
    return back_up_if_due(ctx)


def test_the_backup_is_made_at_closing_time_and_once_that_day(office: Office, daily: Ctx) -> None:
    assert at(office, daily, wib(1, 15, 59)) is None
    assert backups_in(daily) == []
    made = at(office, daily, wib(1, 16))
    assert made is not None and made.name == named(daily, 1)
    for later in (wib(1, 16, 1), wib(1, 23, 59)):
        assert at(office, daily, later) is None
    assert backups_in(daily) == [named(daily, 1)]


def test_the_backup_is_the_whole_database_of_that_moment(
    office: Office, daily: Ctx, tmp_path: Path
) -> None:
    office.walk(at_step=3)
    made = at(office, daily, wib(1, 16))
    assert made is not None and backup_kind(made) == kind_of(daily.settings.database_url)
    with new_database(daily.settings.database_url, tmp_path) as copy:
        restore(copy, made)
        engine = make_engine(copy)
        restored = replace(office.ctx, sessions=make_sessions(engine))
        assert database_rows(restored) == database_rows(office.ctx)
        engine.dispose()


def test_friday_closes_later_and_weekends_and_holidays_make_none(
    office: Office, daily: Ctx
) -> None:
    assert at(office, daily, wib(3, 16, 15)) is None, "Friday closes at 16.30"
    assert at(office, daily, wib(3, 16, 30)) is not None
    assert at(office, daily, wib(4, 17)) is None, "Saturday"
    assert at(office, daily, wib(5, 17)) is None, "Sunday"
    assert at(office, daily, wib(17, 17, month=8)) is None, "Hari Kemerdekaan"
    assert backups_in(daily) == [named(daily, 3)]


def test_a_bot_started_after_closing_makes_that_days_backup_but_not_missed_days(
    office: Office, daily: Ctx
) -> None:
    made = at(office, daily, wib(7, 20))
    assert made is not None and made.name == named(daily, 7)
    assert at(office, daily, wib(8, 7)) is None, "the next morning, before closing"
    assert backups_in(daily) == [named(daily, 7)]


def test_only_the_newest_are_kept_and_the_administrators_files_are_left_alone(
    office: Office, daily: Ctx
) -> None:
    folder = daily.settings.cadangan_folder
    assert folder is not None
    folder.mkdir()
    (folder / "catatan.txt").write_text("cadangan manual ada di lemari", encoding="utf-8")
    (folder / "kinerja-sebelum-upgrade.db").write_bytes(b"")
    day = wib(1, 16)
    for _ in range(5):
        at(office, daily, day)
        day = daily.calendar.hours(daily.calendar.next_working_day(day.date()))[1]  # type: ignore[index]
    assert backups_in(daily) == [
        "catatan.txt",
        named(daily, 3),
        named(daily, 6),
        named(daily, 7),
        "kinerja-sebelum-upgrade.db",
    ]


async def test_the_job_runs_on_the_reminder_tick_only_with_a_folder(
    office: Office, daily: Ctx
) -> None:
    plain = jobs_application(BotApiWorld())
    jobs.install(plain, office.ctx, render, instances.register(office.ctx))
    assert plain.job_queue.get_jobs_by_name(jobs.BACKUP_JOB) == ()

    app = jobs_application(BotApiWorld())
    jobs.install(app, daily, render, instances.register(daily))
    [job] = app.job_queue.get_jobs_by_name(jobs.BACKUP_JOB)
    assert job.job.trigger.interval == timedelta(seconds=daily.settings.interval_pengingat_detik)
    await app.initialize()
    try:
        office.clock.set(wib(1, 16))
        await job.run(app)
    finally:
        await app.shutdown()
    assert backups_in(daily) == [named(daily, 1)]


async def test_a_failed_backup_is_logged_in_one_sentence_and_tried_again(
    office: Office, daily: Ctx, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    missing = daily.settings.model_copy(
        update={"database_url": f"sqlite:///{tmp_path / 'hilang.db'}"}
    )
    app = jobs_application(BotApiWorld())
    jobs.install(app, replace(daily, settings=missing), render, instances.register(daily))
    [job] = app.job_queue.get_jobs_by_name(jobs.BACKUP_JOB)
    await app.initialize()
    try:
        office.clock.set(wib(1, 16))
        with caplog.at_level(logging.ERROR, logger="scheduler.jobs"):
            await job.run(app)
            await job.run(app)
    finally:
        await app.shutdown()
    assert [r.getMessage() for r in caplog.records] == 2 * [
        "cadangan harian gagal, dicoba lagi pada putaran berikutnya: Berkas "
        f"{tmp_path / 'hilang.db'} belum ada: jalankan «kinerja-bot init», atau periksa "
        "KINERJA_DATABASE_URL."
    ]
    assert backups_in(daily) == []

"""The timeliness report: each step's allotted time, the working time it took, on time or late."""

from __future__ import annotations

from datetime import datetime

from bot.calendar import WorkCalendar
from bot.sop import Allotted
from bot.timeliness import ON_TIME, Lateness, lateness, report
from bot.workflow import rounds
from tests.conftest import KASUBAG, OPERATOR, WIB, Office

CALENDAR = WorkCalendar()


def wib(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=WIB)


def test_not_past_due_is_on_time() -> None:
    assert lateness(CALENDAR, wib(8, 14, 10), wib(8, 14, 10)) == ON_TIME
    assert lateness(CALENDAR, wib(8, 14, 10), wib(8, 14, 9)) == ON_TIME


def test_past_due_at_night_is_late_by_no_working_minute_yet() -> None:
    assert lateness(CALENDAR, wib(8, 14, 16, 30), wib(8, 14, 20)) == Lateness(True, 0, 0)


def test_lateness_counts_working_days_over_weekend_and_independence_day() -> None:
    due = wib(8, 14, 10)  # Friday; the office reopens on Tuesday 18 August
    assert lateness(CALENDAR, due, wib(8, 17, 12)) == Lateness(True, 390, 0)
    assert lateness(CALENDAR, due, wib(8, 18, 9, 59)) == Lateness(True, 539, 0)
    assert lateness(CALENDAR, due, wib(8, 18, 10)) == Lateness(True, 540, 1)
    assert lateness(CALENDAR, due, wib(8, 20, 10)).days == 3


def test_report_of_a_round_with_a_return(office: Office) -> None:
    ctx = office.ctx
    office.clock.set(wib(7, 1, 7, 30))
    rid = rounds.open_round(ctx, actor=OPERATOR, tahun=2026, triwulan=2).round.id
    office.clock.set(wib(7, 3, 9))  # step 1 was due Friday 07.30
    rounds.submit_draft(
        ctx, actor=OPERATOR, round_id=rid, expected_version=office.round(rid).version
    )
    office.clock.set(wib(7, 3, 9, 5))
    rounds.return_draft(
        ctx,
        actor=KASUBAG,
        round_id=rid,
        expected_version=office.round(rid).version,
        reason="Target KTP-el keliru",
    )
    office.clock.set(wib(7, 3, 9, 20))
    rounds.submit_draft(
        ctx, actor=OPERATOR, round_id=rid, expected_version=office.round(rid).version
    )
    office.clock.set(wib(7, 3, 9, 35))  # 15 minutes for a 10-minute correction
    rounds.approve_draft(
        ctx, actor=KASUBAG, round_id=rid, expected_version=office.round(rid).version
    )

    with ctx.read() as session:
        timings = report(session, ctx.calendar, rid, wib(7, 6, 9))
        later = report(session, ctx.calendar, rid, wib(7, 6, 10))
    summary = [
        (t.step, t.activation, t.taken_minutes, t.on_time, t.late.minutes, t.is_open)
        for t in timings
    ]
    assert summary == [
        (1, 1, 510 + 510 + 90, False, 90, False),
        (2, 1, 5, True, 0, False),
        (1, 2, 15, False, 110, False),  # the clock ran on from the round's opening
        (2, 2, 15, False, 5, False),
        (3, 1, 415 + 90, True, 0, True),  # still open: measured up to now
    ]
    assert timings[0].allotted == Allotted(days=2)
    assert timings[0].name == "Membuat draft format data kinerja"
    assert timings[4].due_at == wib(7, 6, 9, 35)
    assert later[4].late == Lateness(True, 25, 0)
    assert later[:4] == timings[:4]  # what is done stays as it was

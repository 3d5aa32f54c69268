"""How each step of a round kept its SOP time: allotted, taken, on time or late, late by how much.

Every step activation (a StepDeadline row: per bidang for steps 4–5, and a new one each time a
return restarts a clock) is measured in working time with the office calendar, so a weekend or a
holiday never counts against anyone. /status shows lateness from it, the reminders say "terlambat
1 hari kerja" from it, and the workbook's control sheet can print the whole report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.calendar import WorkCalendar
from bot.sop import Allotted, step
from bot.views import Lateness
from storage import queries
from storage.models import StepDeadline

ON_TIME = Lateness(past_due=False, minutes=0, days=0)


def lateness(calendar: WorkCalendar, due_at: datetime, at: datetime) -> Lateness:
    """How late something due at `due_at` is at `at` (both aware)."""
    if at <= due_at:
        return ON_TIME
    days = 0
    while calendar.add_working_time(due_at, days=days + 1) <= at:
        days += 1
    return Lateness(True, calendar.working_minutes_between(due_at, at), days)


@dataclass(frozen=True)
class StepTiming:
    """One activation of one step, measured; an open one is measured up to `now`."""

    step: int
    bidang_id: int | None
    bidang: str | None
    activation: int
    """1 the first time this step ran (for this bidang), 2 after the first return, and so on."""
    allotted: Allotted
    starts_at: datetime
    due_at: datetime
    done_at: datetime | None
    taken_minutes: int
    """Working minutes from start to done, or to `now` while the step is open."""
    late: Lateness

    @property
    def name(self) -> str:
        return step(self.step).name

    @property
    def is_open(self) -> bool:
        return self.done_at is None

    @property
    def on_time(self) -> bool:
        """Done by the due time, or (while open) not yet past it."""
        return not self.late.past_due


def timing(
    calendar: WorkCalendar,
    deadline: StepDeadline,
    now: datetime,
    *,
    bidang: str | None = None,
    activation: int = 1,
) -> StepTiming:
    """One deadline row measured: up to its done time, or up to `now` while it runs."""
    end = deadline.done_at or now
    return StepTiming(
        step=deadline.step,
        bidang_id=deadline.bidang_id,
        bidang=bidang,
        activation=activation,
        allotted=step(deadline.step).allotted,
        starts_at=deadline.starts_at,
        due_at=deadline.due_at,
        done_at=deadline.done_at,
        taken_minutes=calendar.working_minutes_between(deadline.starts_at, end),
        late=lateness(calendar, deadline.due_at, end),
    )


def report(
    session: Session, calendar: WorkCalendar, round_id: int, now: datetime
) -> list[StepTiming]:
    """Every step activation of the round in the order they started, measured at `now`."""
    names = {bidang.id: bidang.nama for bidang in queries.all_bidang(session)}
    seen: dict[tuple[int, int | None], int] = {}
    result = []
    for deadline in queries.deadlines(session, round_id):
        key = (deadline.step, deadline.bidang_id)
        seen[key] = seen.get(key, 0) + 1
        result.append(
            timing(
                calendar,
                deadline,
                now,
                bidang=names.get(deadline.bidang_id) if deadline.bidang_id else None,
                activation=seen[key],
            )
        )
    return result

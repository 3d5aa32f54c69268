"""Reminders and escalation of SOP deadlines (DESIGN §5, "Reminders"), computed from the database.

Which reminders a running step clock has, and when each may go out, is a pure function of its
StepDeadline, the office calendar and `now` (`plan`, `due`), so tests can walk any minute of a
quarter without sleeping. The job (`send_due`) records each reminder in ReminderSent in the same
transaction as the outbox rows that carry it; the unique key (deadline, kind) makes a restart, a
clock jump or two jobs at once unable to send one twice.

Decisions where DESIGN §5 leaves room:

- The notice "when the step starts" is the step's own card, queued by the workflow in the very
  transaction that starts the step. The job records it (kind "mulai", at the start) so the record
  of notices per step is complete, and sends nothing more.
- A reminder whose moment is not after the start is skipped: it has passed, or it coincides
  with that card.
- At most one reminder per audience (holder; superior) goes out at a time. When several are due
  together — at one moment, or because the bot was down — only the last in DESIGN's list is sent,
  since the earlier ones ("jatuh tempo besok") are no longer true by then. Waking after an outage
  thus sends the holder the current state and the superior the escalation, once each.
- Out of office hours nothing is sent (unless KINERJA_PENGINGAT_DI_LUAR_JAM_KERJA); a reminder
  that falls due at night goes at the next opening, and the daily reminders start the working
  day after the escalation actually went out.
- When nobody holds the role, the reminder is still recorded: there is nobody to tell, and
  sending it later when someone is bound would be stale (/status shows the step as late).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import partial

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot import buttons, texts
from bot.calendar import WorkCalendar
from bot.sop import SUPERIOR, Role, StepNo, step
from bot.timeliness import lateness
from bot.workflow import common
from bot.workflow.context import Ctx
from storage import queries
from storage.models import Bidang, Round, StepDeadline, Submission


class Kind(StrEnum):
    """The reminders of one step clock, in DESIGN §5's order (a later one wins a tie)."""

    MULAI = "mulai"
    SEHARI_SEBELUM = "sehari_sebelum"
    HARI_TENGGAT = "hari_tenggat"
    LEWAT = "lewat"
    ESKALASI = "eskalasi"
    HARIAN = "harian"


@dataclass(frozen=True)
class Reminder:
    kind: Kind
    at: datetime
    """The moment DESIGN §5 names."""
    goes_at: datetime
    """When it may go out: `at`, or the next opening when `at` is out of office hours."""

    @property
    def key(self) -> str:
        """What ReminderSent records: the kind, and for a daily reminder also its day."""
        if self.kind is Kind.HARIAN:
            return f"{self.kind.value}:{self.at.date().isoformat()}"
        return self.kind.value

    @property
    def to_superior(self) -> bool:
        return self.kind is Kind.ESKALASI


def plan(
    deadline: StepDeadline, calendar: WorkCalendar, *, until: datetime, out_of_hours: bool
) -> list[Reminder]:
    """Every reminder of a running step clock, in DESIGN's order, skipped ones left out.

    The daily overdue reminders never end while the step runs, so they are listed up to `until`.
    """

    def goes(moment: datetime) -> datetime:
        return moment if out_of_hours else calendar.next_opening(moment)

    allotted = step(deadline.step).allotted
    due_at = deadline.due_at.astimezone(calendar.tz)
    moments: list[tuple[Kind, datetime]] = []
    if allotted.days:
        day_before = calendar.previous_working_day(due_at.date())
        moments.append((Kind.SEHARI_SEBELUM, calendar.opening_on_or_after(day_before)))
        moments.append((Kind.HARI_TENGGAT, calendar.opening_on_or_after(due_at.date())))
    moments.append((Kind.LEWAT, due_at))
    escalation = (
        calendar.add_working_time(due_at, minutes=60)
        if allotted.is_short
        else calendar.add_working_time(due_at, days=1)
    )
    moments.append((Kind.ESKALASI, escalation))
    day = calendar.next_working_day(goes(escalation).astimezone(calendar.tz).date())
    while (opening := calendar.opening_on_or_after(day)) <= until:
        moments.append((Kind.HARIAN, opening))
        day = calendar.next_working_day(day)
    return [
        Reminder(kind, moment, goes(moment))
        for kind, moment in moments
        if moment > deadline.starts_at
    ]


def due(
    deadline: StepDeadline,
    sent: Collection[str],
    calendar: WorkCalendar,
    now: datetime,
    *,
    out_of_hours: bool,
) -> list[Reminder]:
    """The reminders to send at `now`: per audience the latest one due, unless already sent."""
    if not out_of_hours and not calendar.is_open(now):
        return []
    latest: dict[bool, Reminder] = {}
    for reminder in plan(deadline, calendar, until=now, out_of_hours=out_of_hours):
        if reminder.goes_at <= now:
            latest[reminder.to_superior] = reminder
    return [reminder for reminder in latest.values() if reminder.key not in sent]


def send_due(ctx: Ctx) -> int:
    """Queue every reminder due now in the outbox, each once; returns how many were queued.

    One transaction for the tick, each reminder in a savepoint of its own: a reminder another
    process recorded first (the unique key) is given up alone, and a morning that reminds
    many bidang commits once.
    """
    now = ctx.now()
    queued = 0
    with ctx.unit() as session:
        running = queries.open_deadlines(session)
        sent = queries.reminder_keys(session, [deadline.id for deadline in running])
        for deadline in running:
            if Kind.MULAI not in sent[deadline.id]:
                _record_once(session, deadline, Kind.MULAI.value, deadline.starts_at)
            for reminder in due(
                deadline,
                sent[deadline.id],
                ctx.calendar,
                now,
                out_of_hours=ctx.settings.pengingat_di_luar_jam_kerja,
            ):
                write = partial(_queue_messages, ctx=ctx, reminder=reminder, now=now)
                queued += _record_once(session, deadline, reminder.key, now, write)
    return queued


def _record_once(
    session: Session,
    deadline: StepDeadline,
    key: str,
    at: datetime,
    write: Callable[[Session, StepDeadline], None] | None = None,
) -> bool:
    """Record a reminder and `write` its messages together, unless it was already recorded
    (by another job, or before a restart) or the step was done meanwhile."""
    try:
        with session.begin_nested():
            if not queries.record_reminder(session, deadline.id, key, at):
                return False
            if write is not None:
                write(session, deadline)
            return True
    except IntegrityError:
        return False


def _queue_messages(
    session: Session, deadline: StepDeadline, *, ctx: Ctx, reminder: Reminder, now: datetime
) -> None:
    """The reminder's text to the step's holders, or the escalation to their superior."""
    tz = ctx.settings.zona_waktu
    round_ = session.get(Round, deadline.round_id)
    assert round_ is not None
    number = deadline.step
    role = step(number).role
    bidang = session.get(Bidang, deadline.bidang_id) if deadline.bidang_id else None
    holder_bidang = deadline.bidang_id if role is Role.KABID else None
    holders = queries.holders(session, role, now, holder_bidang)
    submission = (
        queries.submission_for(session, round_.id, deadline.bidang_id)
        if number == StepNo.PENGISIAN and deadline.bidang_id is not None
        else None
    )
    progres = _progress(session, ctx, submission) if submission else None
    late = lateness(ctx.calendar, deadline.due_at, now)
    about = (round_.tahun, round_.triwulan, number, bidang.nama if bidang else None)
    if reminder.to_superior:
        text = texts.eskalasi(
            *about,
            deadline.due_at,
            tz,
            texts.lama_terlambat(late.minutes, late.days),
            texts.pemegang_langkah(role, [user.nama for user in holders]),
            progres,
        )
        for user in queries.holders(session, SUPERIOR[role], now):
            common.notify(session, now, user, text)
        return
    if reminder.kind is Kind.LEWAT:
        terlambat = texts.lama_terlambat(late.minutes, late.days) if late.minutes else None
        text = texts.tenggat_lewat(*about, deadline.due_at, tz, terlambat, progres)
    elif reminder.kind is Kind.HARIAN:
        terlambat = texts.lama_terlambat(late.minutes, late.days)
        text = texts.masih_terlambat(*about, deadline.due_at, tz, terlambat, progres)
    else:
        text = texts.pengingat_tenggat(*about, deadline.due_at, tz, progres)
    rows = buttons.continue_filling(submission.id) if submission else buttons.NONE
    for user in holders:
        common.notify(session, now, user, text, rows)


def _progress(session: Session, ctx: Ctx, submission: Submission) -> str:
    """ "2 dari 7 indikator sudah diisi": values given and not waiting for a correction;
    counted by the database, since a tick may remind many bidang at once."""
    filled, total = queries.filling_progress(session, submission.round_id, submission.id)
    return texts.progres_isi(filled, total)

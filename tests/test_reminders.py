"""Reminders and escalation (DESIGN §5, "Reminders"): the right moments, the right people, once.

The pure selection is swept minute by minute around every moment of interest (and every quarter
of an hour in between), across weekends, Hari Kemerdekaan and the Christmas cuti bersama; the job
runs against a real database while a round walks through its steps across a weekend, Hari
Kemerdekaan (Monday 17 August 2026) and Maulid Nabi (Tuesday 25 August 2026).
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from bot.calendar import WorkCalendar
from bot.callbacks import Act, encode
from bot.clock import FixedClock
from bot.sop import step
from bot.workflow import filling, rounds, verification
from bot.workflow.context import Ctx
from scheduler.reminders import Kind, due, plan, send_due
from storage import queries
from storage.db import make_engine, make_sessions
from storage.models import Outbox, ReminderSent, StepDeadline
from tests.conftest import (
    CAPIL,
    DAFDUK,
    KABID_CAPIL,
    KABID_DAFDUK,
    KABID_SEKRETARIAT,
    KASUBAG,
    KEPALA,
    OPERATOR,
    SEKRETARIAT,
    SEKRETARIS,
    WIB,
    Office,
)

CALENDAR = WorkCalendar()


def wib(month: int, day: int, hour: int, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=WIB)


def clock_of(number: int, starts_at: datetime) -> StepDeadline:
    """A running step clock, its due time counted as the workflow counts it."""
    allotted = step(number).allotted
    due_at = CALENDAR.add_working_time(starts_at, days=allotted.days, minutes=allotted.minutes)
    return StepDeadline(step=number, starts_at=starts_at, due_at=due_at)


def instants(start: datetime, end: datetime, around: list[datetime]) -> Iterator[datetime]:
    """Every quarter hour from `start` to `end`, and every minute within 10 of each moment."""
    moments = set()
    moment = start
    while moment <= end:
        moments.add(moment)
        moment += timedelta(minutes=15)
    for centre in around:
        moments.update(centre + timedelta(minutes=m) for m in range(-10, 11))
    return iter(sorted(m for m in moments if start <= m <= end))


def sweep(
    deadline: StepDeadline,
    end: datetime,
    expected: list[tuple[str, datetime]],
    *,
    out_of_hours: bool = False,
) -> list[tuple[str, datetime]]:
    """What a job running at every instant (several times each) would send, and when."""
    sent: set[str] = set()
    log: list[tuple[str, datetime]] = []
    for now in instants(deadline.starts_at, end, [at for _, at in expected]):
        for _ in range(2):
            for reminder in due(deadline, sent, CALENDAR, now, out_of_hours=out_of_hours):
                sent.add(reminder.key)
                log.append((reminder.key, now))
    return log


def test_two_day_step_over_weekend_and_independence_day() -> None:
    # Opened Thursday 13 August: 2 working days skip the weekend and Monday 17 August.
    draft = clock_of(1, wib(8, 13, 7, 30))
    assert draft.due_at == wib(8, 18, 7, 30)
    expected = [
        ("sehari_sebelum", wib(8, 14, 7, 30)),
        # The due-day reminder falls at the deadline itself: the overdue notice wins.
        ("lewat", wib(8, 18, 7, 30)),
        ("eskalasi", wib(8, 19, 7, 30)),
        ("harian:2026-08-20", wib(8, 20, 7, 30)),
        ("harian:2026-08-21", wib(8, 21, 7, 30)),
        ("harian:2026-08-24", wib(8, 24, 7, 30)),
    ]
    assert sweep(draft, wib(8, 24, 12), expected) == expected


def test_day_step_started_after_the_day_before_opening_skips_that_reminder() -> None:
    distribution = clock_of(3, wib(7, 1, 10, 22))
    expected = [
        ("hari_tenggat", wib(7, 2, 7, 30)),
        ("lewat", wib(7, 2, 10, 22)),
        ("eskalasi", wib(7, 3, 10, 22)),
        ("harian:2026-07-06", wib(7, 6, 7, 30)),
    ]
    assert sweep(distribution, wib(7, 6, 12), expected) == expected


def test_ten_minute_paraf_escalates_after_sixty_working_minutes_over_the_holiday() -> None:
    # Friday 16.25: five minutes before closing, five after the next opening (Tuesday 18).
    paraf = clock_of(7, wib(8, 14, 16, 25))
    expected = [
        ("lewat", wib(8, 18, 7, 35)),
        ("eskalasi", wib(8, 18, 8, 35)),
        ("harian:2026-08-19", wib(8, 19, 7, 30)),
    ]
    assert sweep(paraf, wib(8, 19, 12), expected) == expected


def test_overdue_at_closing_time_goes_at_next_opening() -> None:
    paraf = clock_of(7, wib(7, 6, 15, 50))
    assert paraf.due_at == wib(7, 6, 16)
    expected = [
        ("lewat", wib(7, 7, 7, 30)),
        ("eskalasi", wib(7, 7, 8, 30)),
        ("harian:2026-07-08", wib(7, 8, 7, 30)),
    ]
    assert sweep(paraf, wib(7, 8, 12), expected) == expected


def test_out_of_hours_setting_sends_at_the_moment_itself() -> None:
    paraf = clock_of(7, wib(7, 6, 15, 50))
    expected = [
        ("lewat", wib(7, 6, 16)),
        ("eskalasi", wib(7, 7, 8, 30)),
        ("harian:2026-07-08", wib(7, 8, 7, 30)),
    ]
    assert sweep(paraf, wib(7, 8, 12), expected, out_of_hours=True) == expected


def test_filling_over_cuti_bersama_and_christmas() -> None:
    # Thursday 24 December 2026 is cuti bersama, Friday 25 Christmas, 1 January New Year.
    filling_clock = clock_of(4, wib(12, 21, 10))
    assert filling_clock.due_at == wib(12, 28, 10)
    expected = [
        ("sehari_sebelum", wib(12, 23, 7, 30)),
        ("hari_tenggat", wib(12, 28, 7, 30)),
        ("lewat", wib(12, 28, 10)),
        ("eskalasi", wib(12, 29, 10)),
        ("harian:2026-12-30", wib(12, 30, 7, 30)),
        ("harian:2026-12-31", wib(12, 31, 7, 30)),
        ("harian:2027-01-04", datetime(2027, 1, 4, 7, 30, tzinfo=WIB)),
    ]
    assert sweep(filling_clock, datetime(2027, 1, 4, 12, tzinfo=WIB), expected) == expected


def test_after_an_outage_only_the_current_reminder_and_the_escalation_go() -> None:
    draft = clock_of(1, wib(8, 13, 7, 30))
    woke = wib(8, 19, 10)
    sent = [r.key for r in due(draft, set(), CALENDAR, woke, out_of_hours=False)]
    assert sent == ["lewat", "eskalasi"]
    assert due(draft, set(sent), CALENDAR, woke + timedelta(hours=2), out_of_hours=False) == []


def test_nothing_goes_at_night_even_when_overdue() -> None:
    draft = clock_of(1, wib(8, 13, 7, 30))
    assert due(draft, set(), CALENDAR, wib(8, 18, 20), out_of_hours=False) == []
    assert [r.key for r in due(draft, set(), CALENDAR, wib(8, 18, 20), out_of_hours=True)] == [
        "lewat"
    ]


def test_clock_restarted_past_its_due_skips_what_already_passed() -> None:
    # A return gives step 1 back with its first due time (CHAT.md): already past.
    restarted = StepDeadline(step=1, starts_at=wib(8, 18, 9), due_at=wib(8, 18, 7, 30))
    kinds = [r.kind for r in plan(restarted, CALENDAR, until=wib(8, 21, 12), out_of_hours=False)]
    assert kinds == [Kind.ESKALASI, Kind.HARIAN, Kind.HARIAN]


# --- The job against the database -------------------------------------------------------


class Outboxes:
    """The messages queued since the last look, per chat."""

    def __init__(self, ctx: Ctx) -> None:
        self.ctx = ctx
        self.seen = 0

    def new(self) -> list[Outbox]:
        with self.ctx.read() as session:
            rows = list(
                session.scalars(select(Outbox).where(Outbox.id > self.seen).order_by(Outbox.id))
            )
        if rows:
            self.seen = rows[-1].id
        return rows


def run_at(office: Office, outbox: Outboxes, moment: datetime) -> list[tuple[int, str]]:
    """Run the job at `moment` (three times: it must be idempotent); what it queued."""
    office.clock.set(moment)
    for _ in range(3):
        send_due(office.ctx)
    return [(row.chat_id, row.text) for row in outbox.new()]


def version(office: Office, round_id: int) -> int:
    return office.round(round_id).version


def test_round_walk_across_weekend_and_holidays(office: Office) -> None:
    """Hari Kemerdekaan (Monday 17 August) and Maulid Nabi (Tuesday 25 August) are closed."""
    ctx = office.ctx
    outbox = Outboxes(ctx)
    office.clock.set(wib(8, 13, 7, 30))
    rid = rounds.open_round(ctx, actor=OPERATOR, tahun=2026, triwulan=2).round.id
    outbox.new()
    assert run_at(office, outbox, wib(8, 13, 7, 30)) == []

    # Step 1 (2 days, due Tuesday 18 August 07.30): the day before is Friday 14.
    assert run_at(office, outbox, wib(8, 14, 7, 29)) == []
    assert run_at(office, outbox, wib(8, 14, 7, 30)) == [
        (
            OPERATOR,
            "⏰ Pengingat: pembuatan draft format data kinerja Triwulan II 2026 (langkah 1) "
            "jatuh tempo Selasa, 18 Agustus 2026 pukul 07.30 WIB.",
        )
    ]
    assert run_at(office, outbox, wib(8, 14, 7, 31)) == []

    # Step 2 (10 minutes) from 10.00; the Kasubag answers at 10.30, twenty minutes late.
    office.clock.set(wib(8, 14, 10))
    rounds.submit_draft(ctx, actor=OPERATOR, round_id=rid, expected_version=version(office, rid))
    outbox.new()
    assert run_at(office, outbox, wib(8, 14, 10, 9)) == []
    assert run_at(office, outbox, wib(8, 14, 10, 10)) == [
        (
            KASUBAG,
            "⚠️ Batas waktu koreksi format data kinerja Triwulan II 2026 (langkah 2) sudah "
            "lewat: Jumat, 14 Agustus 2026 pukul 10.10 WIB. Mohon segera diselesaikan.",
        )
    ]
    office.clock.set(wib(8, 14, 10, 30))
    rounds.approve_draft(ctx, actor=KASUBAG, round_id=rid, expected_version=version(office, rid))
    outbox.new()
    # Done before its escalation, so none comes; step 1 stopped with the submission.
    assert run_at(office, outbox, wib(8, 14, 11, 10)) == []

    # Step 3 (1 day) from Friday 10.30 is due Tuesday 10.30: nothing over the long weekend.
    for quiet in (wib(8, 14, 16, 29), wib(8, 15, 10), wib(8, 16, 10), wib(8, 17, 7, 30)):
        assert run_at(office, outbox, quiet) == []
    assert run_at(office, outbox, wib(8, 17, 10, 30)) == []
    assert run_at(office, outbox, wib(8, 18, 7, 30)) == [
        (
            OPERATOR,
            "⏰ Pengingat: penggandaan dan penyerahan format ke Kabid Triwulan II 2026 "
            "(langkah 3) jatuh tempo Selasa, 18 Agustus 2026 pukul 10.30 WIB.",
        )
    ]
    assert [chat for chat, _ in run_at(office, outbox, wib(8, 18, 10, 30))] == [OPERATOR]
    assert run_at(office, outbox, wib(8, 19, 10, 29)) == []
    assert run_at(office, outbox, wib(8, 19, 10, 30)) == [
        (
            KASUBAG,
            "⚠️ Eskalasi: penggandaan dan penyerahan format ke Kabid Triwulan II 2026 "
            "(langkah 3) terlambat 1 hari kerja (batas Selasa, 18 Agustus 2026 pukul 10.30 WIB)."
            "\nPemegang langkah: Andi (Operator Subbag Perencanaan).",
        )
    ]
    assert run_at(office, outbox, wib(8, 20, 7, 30)) == [
        (
            OPERATOR,
            "⏰ Penggandaan dan penyerahan format ke Kabid Triwulan II 2026 (langkah 3) "
            "terlambat 1 hari kerja (batas Selasa, 18 Agustus 2026 pukul 10.30 WIB). "
            "Mohon segera diselesaikan.",
        )
    ]

    # Step 4 (3 days per bidang) from Thursday 20 at 09.00: Friday, Monday, and — Tuesday 25
    # being Maulid Nabi — Wednesday 26 at 09.00.
    office.clock.set(wib(8, 20, 9))
    rounds.distribute(ctx, actor=OPERATOR, round_id=rid, expected_version=version(office, rid))
    dafduk = office.submission(rid, DAFDUK)
    office.clock.set(wib(8, 20, 9, 30))
    filling.save_value(
        ctx,
        actor=KABID_DAFDUK,
        submission_id=dafduk.id,
        indicator_id=indicator_ids(office, dafduk.id)[0],
        value=Decimal(95),
    )
    office.clock.set(wib(8, 21, 10))
    office.fill_all(rid, SEKRETARIAT, KABID_SEKRETARIAT)
    outbox.new()
    assert run_at(office, outbox, wib(8, 21, 10, 30)) == []  # step 3 is done: no daily one

    monday = dict(run_at(office, outbox, wib(8, 24, 7, 30)))
    assert set(monday) == {OPERATOR, KABID_DAFDUK, KABID_CAPIL}
    assert monday[KABID_DAFDUK] == (
        "⏰ Pengingat: pengisian data kinerja Triwulan II 2026 — Bidang Pelayanan Pendaftaran "
        "Penduduk (langkah 4) jatuh tempo Rabu, 26 Agustus 2026 pukul 09.00 WIB.\n"
        "1 dari 3 indikator sudah diisi."
    )
    assert monday[KABID_CAPIL].endswith("0 dari 2 indikator sudah diisi.")
    # Sekretariat sent on Friday 10.00: its verification (1 day) is due today, 10.00.
    assert monday[OPERATOR] == (
        "⏰ Pengingat: verifikasi data kinerja Triwulan II 2026 — Sekretariat (langkah 5) "
        "jatuh tempo Senin, 24 Agustus 2026 pukul 10.00 WIB."
    )
    with ctx.read() as session:
        reminder = session.scalars(
            select(Outbox).where(Outbox.chat_id == KABID_DAFDUK).order_by(Outbox.id.desc())
        ).first()
    assert reminder is not None
    assert reminder.buttons == [
        [{"label": "Lanjutkan isi", "data": encode(Act.MULAI_ISI, dafduk.id)}]
    ]
    sekretariat = office.submission(rid, SEKRETARIAT)
    office.clock.set(wib(8, 24, 9))
    verification.verify(
        ctx, actor=OPERATOR, submission_id=sekretariat.id, expected_version=sekretariat.version
    )
    outbox.new()

    assert run_at(office, outbox, wib(8, 25, 7, 30)) == []  # Maulid Nabi
    assert run_at(office, outbox, wib(8, 25, 9)) == []
    due_day = run_at(office, outbox, wib(8, 26, 7, 30))
    assert sorted(chat for chat, _ in due_day) == [KABID_DAFDUK, KABID_CAPIL]
    assert run_at(office, outbox, wib(8, 26, 8, 59)) == []
    overdue = dict(run_at(office, outbox, wib(8, 26, 9)))
    assert set(overdue) == {KABID_DAFDUK, KABID_CAPIL}
    assert "sudah lewat: Rabu, 26 Agustus 2026 pukul 09.00 WIB" in overdue[KABID_CAPIL]
    office.clock.set(wib(8, 26, 10))
    office.fill_all(rid, CAPIL, KABID_CAPIL)
    outbox.new()

    # The operator is reminded of Capil's verification, due Thursday 10.00; one working day
    # late, the Sekretaris hears of Dafduk only, since Capil has sent.
    assert run_at(office, outbox, wib(8, 27, 7, 30)) == [
        (
            OPERATOR,
            "⏰ Pengingat: verifikasi data kinerja Triwulan II 2026 — Bidang Pelayanan "
            "Pencatatan Sipil (langkah 5) jatuh tempo Kamis, 27 Agustus 2026 pukul 10.00 WIB.",
        )
    ]
    assert run_at(office, outbox, wib(8, 27, 9)) == [
        (
            SEKRETARIS,
            "⚠️ Eskalasi: pengisian data kinerja Triwulan II 2026 — Bidang Pelayanan "
            "Pendaftaran Penduduk (langkah 4) terlambat 1 hari kerja (batas Rabu, 26 Agustus "
            "2026 pukul 09.00 WIB).\nPemegang langkah: Sari (Kepala Bidang).\n"
            "1 dari 3 indikator sudah diisi.",
        )
    ]


def indicator_ids(office: Office, submission_id: int) -> list[int]:
    with office.ctx.read() as session:
        return sorted(queries.realisations(session, submission_id))


def test_kepala_late_to_sign_is_told_to_the_operator(office: Office) -> None:
    round_ = office.walk(at_step=9)
    with office.ctx.read() as session:
        signing = queries.open_deadline(session, round_.id, 9)
    assert signing is not None
    outbox = Outboxes(office.ctx)
    outbox.new()
    escalation = CALENDAR.add_working_time(signing.due_at, minutes=60)
    assert [chat for chat, _ in run_at(office, outbox, signing.due_at)] == [KEPALA]
    assert run_at(office, outbox, escalation - timedelta(minutes=1)) == []
    [(chat, text)] = run_at(office, outbox, escalation)
    assert chat == OPERATOR
    assert text.startswith("⚠️ Eskalasi: tanda tangan Kepala Dinas Triwulan II 2026 (langkah 9) ")
    assert "terlambat 1 jam kerja" in text
    assert "Pemegang langkah: Dr. Ahmad (Kepala Dinas)." in text


def test_the_step_card_is_the_start_notice_and_is_only_recorded(office: Office) -> None:
    round_ = office.walk(at_step=2)
    before = office.outbox_for(KASUBAG)
    send_due(office.ctx)
    assert office.outbox_for(KASUBAG) == before
    with office.ctx.read() as session:
        recorded = session.execute(
            select(StepDeadline.step, ReminderSent.kind, ReminderSent.at)
            .join(StepDeadline, StepDeadline.id == ReminderSent.deadline_id)
            .where(StepDeadline.round_id == round_.id)
        ).all()
        started = queries.open_deadline(session, round_.id, 2)
    assert started is not None
    assert [(number, kind) for number, kind, _ in recorded] == [(2, "mulai")]
    assert recorded[0].at == started.starts_at


def test_a_done_step_records_no_reminder(office: Office) -> None:
    round_ = office.walk(at_step=3)
    with office.ctx.unit() as session:
        correction = queries.deadlines(session, round_.id)[1]
        assert correction.step == 2 and correction.done_at is not None
        assert not queries.record_reminder(session, correction.id, "lewat", office.clock.now())


def second_process(ctx: Ctx, at: datetime) -> Ctx:
    """Another process on the same database file: its own engine, sessions and clock."""
    engine = make_engine(ctx.settings.database_url)
    return Ctx(make_sessions(engine), FixedClock(at), ctx.calendar, ctx.settings)


def reminders_of(ctx: Ctx) -> int:
    with ctx.read() as session:
        return session.scalar(select(func.count()).select_from(ReminderSent)) or 0


def test_restart_between_due_and_sent_sends_it_once(office: Office) -> None:
    office.walk(at_step=2)
    due_at = office.clock.now() + timedelta(minutes=10)
    send_due(office.ctx)
    # The process dies before the job runs at the deadline; a new one starts half an hour later.
    restarted = second_process(office.ctx, due_at + timedelta(minutes=30))
    send_due(restarted)
    send_due(restarted)
    texts = office.outbox_for(KASUBAG)
    assert texts[-1].startswith("⚠️ Batas waktu koreksi format")
    assert texts[-1].endswith("(terlambat 30 menit kerja). Mohon segera diselesaikan.")
    office.clock.set(due_at + timedelta(minutes=31))
    send_due(office.ctx)
    assert office.outbox_for(KASUBAG) == texts


def test_two_jobs_at_once_send_each_reminder_once(office: Office) -> None:
    round_ = office.walk(at_step=4)
    with office.ctx.read() as session:
        filling_due = queries.open_deadline(session, round_.id, 4, office.bidang_id(CAPIL))
    assert filling_due is not None
    moment = filling_due.due_at + timedelta(days=1)
    send_due(office.ctx)  # records each step card as its start notice
    recorded = reminders_of(office.ctx)
    processes = [second_process(office.ctx, moment) for _ in range(4)]
    with ThreadPoolExecutor(len(processes)) as pool:
        queued = list(pool.map(send_due, processes))
    # Per bidang: the overdue notice to the Kabid and the escalation to the Sekretaris.
    assert sum(queued) == 6
    assert reminders_of(office.ctx) == recorded + 6
    assert len([t for t in office.outbox_for(SEKRETARIS) if "Eskalasi" in t]) == 3

"""Fixtures that speak the domain: an office with people in every role, and rounds at any step.

Every test gets its own database, migrated by the real Alembic migrations (SQLite, or PostgreSQL
when KINERJA_TEST_DATABASE_URL names a server: tests/database.py), and a clock it moves by hand
(no real sleeping).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, TypeVar
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import delete, select

from bot.clock import FixedClock
from bot.config import Settings
from bot.documents.indicator_sheet import IndicatorRow
from bot.emulator.office import OFFICE
from bot.errors import WorkflowError
from bot.sop import Acting, Role
from bot.workflow import (
    approvals,
    bukti,
    filling,
    master,
    registration,
    rounds,
    silakip,
    verification,
)
from bot.workflow.context import Ctx, calendar_from
from bot.workflow.views import FillItem, fill_items
from storage import queries
from storage.db import make_engine, make_sessions
from storage.models import Approval, AuditEvent, Base, Outbox, Round, StepDeadline, Submission
from tests.people import (  # re-exported: tests import them from here
    CAPIL,
    DAFDUK,
    KABID_CAPIL,
    KABID_DAFDUK,
    KABID_SEKRETARIAT,
    KASUBAG,
    KEPALA,
    OPERATOR,
    PERENCANA,
    SEKRETARIAT,
    SEKRETARIS,
)

if TYPE_CHECKING:
    from tests.database import Databases

pytest_plugins = ("tests.database",)  # the `databases` fixture every database comes from

_T = TypeVar("_T")

WIB = ZoneInfo("Asia/Jakarta")
ROUND_OPENS = datetime(2026, 7, 1, 7, 30, tzinfo=WIB)
"""Wednesday 1 July 2026, 07.30 WIB: the first opening after Triwulan II ends (CHAT.md)."""


def indicator(
    bidang: str,
    nama: str,
    satuan: str = "%",
    arah: str = "naik",
    sifat: str = "akhir",
    targets: tuple[str | None, ...] = ("90", "95", "97", "100"),
    rumus: str | None = None,
    tahunan: str = "100",
    realisasi: tuple[str | None, ...] = (None, None, None, None),
    boleh_negatif: bool = False,
) -> IndicatorRow:
    return IndicatorRow(
        row=0,
        bidang=bidang,
        sasaran="Meningkatnya kualitas pelayanan administrasi kependudukan",
        indikator=nama,
        satuan=satuan,
        arah=arah,  # type: ignore[arg-type]
        rumus=rumus,  # type: ignore[arg-type]
        sifat=sifat,  # type: ignore[arg-type]
        boleh_negatif=boleh_negatif,
        target_tahunan=Decimal(tahunan),
        target_tw=tuple(Decimal(t) if t is not None else None for t in targets),  # type: ignore[arg-type]
        realisasi_tw=tuple(Decimal(r) if r is not None else None for r in realisasi),  # type: ignore[arg-type]
    )


KTP = "Persentase penduduk wajib KTP-el yang telah merekam"

SMALL_MASTER = (
    indicator(
        SEKRETARIAT, "Nilai SAKIP", satuan="nilai", targets=("70", "72", "74", "75"), tahunan="75"
    ),
    indicator(
        SEKRETARIAT,
        "Persentase realisasi anggaran",
        sifat="kumulatif",
        targets=("20", "25", "25", "30"),
        realisasi=("21", None, None, None),
    ),
    indicator(DAFDUK, KTP),
    indicator(
        DAFDUK,
        "Rata-rata waktu penerbitan KK",
        satuan="hari",
        arah="turun",
        sifat="rata-rata",
        targets=("7", "7", "6", "6"),
        rumus="selisih",
        tahunan="6",
    ),
    indicator(
        DAFDUK,
        "Persentase keluhan layanan",
        arah="turun",
        rumus="rasio",
        targets=("5", "5", "4", "4"),
        tahunan="4",
    ),
    indicator(
        CAPIL,
        "Jumlah akta kelahiran yang diterbitkan",
        satuan="lembar",
        sifat="kumulatif",
        targets=("1000", "1200", "1200", "1600"),
        tahunan="5000",
    ),
    indicator(
        CAPIL,
        "Cakupan kepemilikan akta kelahiran anak",
        targets=(None, "80", "85", "90"),
        tahunan="90",
    ),
)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(ROUND_OPENS)


@pytest.fixture
def ctx(databases: Databases, clock: FixedClock) -> Iterator[Ctx]:
    settings = Settings(database_url=databases.url(), _env_file=None)
    engine = make_engine(settings.database_url)
    context = Ctx(make_sessions(engine), clock, calendar_from(settings), settings)
    master.set_office(
        context,
        nama=OFFICE.instansi,
        kabupaten=OFFICE.kabupaten,
        alamat=OFFICE.alamat,
        tempat=OFFICE.tempat,
        kepala_nama=OFFICE.kepala_nama,
        kepala_pangkat=OFFICE.kepala_pangkat,
        kepala_nip=OFFICE.kepala_nip,
    )
    yield context
    engine.dispose()


KABIDS = ((SEKRETARIAT, KABID_SEKRETARIAT), (DAFDUK, KABID_DAFDUK), (CAPIL, KABID_CAPIL))


@dataclass
class Office:
    ctx: Ctx
    clock: FixedClock
    kabids: tuple[tuple[str, int], ...] = KABIDS
    """Each bidang of the master and its Kabid, who fills it in `walk`."""

    def bidang_id(self, nama: str) -> int:
        with self.ctx.read() as session:
            found = queries.bidang_by_name(session, nama)
            assert found is not None
            return found.id

    def round(self, round_id: int) -> Round:
        with self.ctx.read() as session:
            found = session.get(Round, round_id)
            assert found is not None
            return found

    def submission(self, round_id: int, bidang: str) -> Submission:
        with self.ctx.read() as session:
            found = queries.submission_for(session, round_id, self.bidang_id(bidang))
            assert found is not None
            return found

    def outbox_for(self, telegram_id: int) -> list[str]:
        with self.ctx.read() as session:
            return list(
                session.scalars(
                    select(Outbox.text).where(Outbox.chat_id == telegram_id).order_by(Outbox.id)
                )
            )

    def press(self, action: Callable[..., _T], actor: int, round_id: int, **fields: object) -> _T:
        """A button of the round's card, pressed by `actor` on the round's current version."""
        version = self.round(round_id).version
        return action(self.ctx, actor=actor, round_id=round_id, expected_version=version, **fields)

    def items(self, submission: Submission) -> list[FillItem]:
        """The indicators of a bidang's format as its Kabid sees them, in order."""
        with self.ctx.read() as session:
            return fill_items(session, self.ctx, submission)

    def type_value(
        self, kabid: int, submission: Submission, indicator_id: int, value: str | int
    ) -> filling.Saved:
        """The Kabid types `value` for one indicator, as in chat."""
        return filling.save_value(
            self.ctx,
            actor=kabid,
            submission_id=submission.id,
            indicator_id=indicator_id,
            value=Decimal(value),
        )

    def attach(
        self,
        kabid: int,
        submission: Submission,
        indicator_id: int,
        content: bytes,
        filename: str | None = "laporan.pdf",
    ) -> bukti.Attached:
        """The Kabid sends `content` as a bukti dukung on one indicator's card, as in chat (a
        photo has no `filename`: it is kept as "foto-7")."""
        return bukti.attach(
            self.ctx,
            actor=kabid,
            submission_id=submission.id,
            indicator_id=indicator_id,
            content=content,
            filename=filename,
            fallback="foto-7",
        )

    def fill_all(self, round_id: int, bidang: str, kabid: int, value: str = "95") -> Submission:
        """A Kabid answers every indicator with `value`, explaining deviations, and sends."""
        submission = self.submission(round_id, bidang)
        for item in self.items(submission):
            saved = self.type_value(kabid, submission, item.indicator_id, value)
            if saved.far_from_target:
                filling.save_keterangan(
                    self.ctx,
                    actor=kabid,
                    submission_id=submission.id,
                    indicator_id=item.indicator_id,
                    text="Sesuai kondisi lapangan",
                )
        submission = self.submission(round_id, bidang)
        return filling.send(
            self.ctx,
            actor=kabid,
            submission_id=submission.id,
            expected_version=submission.version,
        )

    def walk(self, at_step: int, triwulan: int = 2, value: str = "95") -> Round:
        """A round of 2026 (TW II unless told) brought to the start of SOP step `at_step`,
        every Kabid answering `value` to every indicator."""
        opened = rounds.open_round(self.ctx, actor=OPERATOR, tahun=2026, triwulan=triwulan)
        return self.advance(opened.round.id, at_step, value=value)

    def advance(self, rid: int, at_step: int, *, after: int = 1, value: str = "95") -> Round:
        """Round `rid`, standing at the start of step `after`, brought on to the start of step
        `at_step` as `walk` does (five minutes a step)."""

        def press(action: Callable[..., object], actor: int) -> Callable[[], object]:
            return lambda: self.press(action, actor, rid)

        plan: list[tuple[int, Callable[[], object]]] = [
            (2, press(rounds.submit_draft, OPERATOR)),
            (3, press(rounds.approve_draft, KASUBAG)),
            (4, press(rounds.distribute, OPERATOR)),
            (5, lambda: [self.fill_all(rid, b, k, value) for b, k in self.kabids]),
            (
                6,
                lambda: [
                    verification.verify(
                        self.ctx, actor=OPERATOR, submission_id=s.id, expected_version=s.version
                    )
                    for s in (self.submission(rid, b) for b, _ in self.kabids)
                ],
            ),
            (7, press(approvals.submit_compiled, OPERATOR)),
            (8, press(approvals.approve, KASUBAG)),
            (9, press(approvals.approve, SEKRETARIS)),
            (10, press(approvals.approve, KEPALA)),
            (11, press(approvals.finalise, OPERATOR)),
            (12, lambda: silakip.tick_all(self.ctx, actor=OPERATOR, round_id=rid)),
        ]
        for number, action in plan:
            if number <= after:
                continue
            if number > at_step:
                break
            self.clock.advance(minutes=5)
            action()
        return self.round(rid)



def enrol(
    ctx: Ctx,
    telegram_id: int,
    nama: str,
    role: Role,
    bidang: str | None = None,
    acting: Acting | None = None,
) -> None:
    """`telegram_id` gets `role` through a CLI invite; an acting one (Plt./Plh.) for 30 days
    by a letter, as the administrator must give it."""
    terms = {}
    if acting is not None:
        terms = {
            "acting": acting,
            "valid_to": ctx.now() + timedelta(days=30),
            "surat": "800/1/DUKCAPIL/2026",
            "nama": nama,
        }
    invite = registration.create_invite(ctx, actor=None, role=role, bidang=bidang, **terms)
    registration.redeem_invite(ctx, telegram_id=telegram_id, nama=nama, code=invite.code)


def distributed_round(
    ctx: Ctx, tahun: int, triwulan: int, operator: int = OPERATOR, kasubag: int = KASUBAG
) -> Round:
    """Another round taken through steps 1–3 at once (no time passes): open for filling."""
    round_ = rounds.open_round(ctx, actor=operator, tahun=tahun, triwulan=triwulan).round
    round_ = rounds.submit_draft(
        ctx, actor=operator, round_id=round_.id, expected_version=round_.version
    )
    round_ = rounds.approve_draft(
        ctx, actor=kasubag, round_id=round_.id, expected_version=round_.version
    )
    return rounds.distribute(
        ctx, actor=operator, round_id=round_.id, expected_version=round_.version
    ).round


@pytest.fixture
def office(ctx: Ctx, clock: FixedClock) -> Office:
    """The small master of three bidang, and one person in every role."""
    master.load_indicators(ctx, SMALL_MASTER, 2026)
    enrol(ctx, OPERATOR, "Andi", Role.OPERATOR)
    enrol(ctx, KASUBAG, "Budi", Role.KASUBAG)
    enrol(ctx, SEKRETARIS, "Citra", Role.SEKRETARIS)
    enrol(ctx, KEPALA, "Dr. Ahmad", Role.KEPALA)
    enrol(ctx, PERENCANA, "Eka", Role.PERENCANA)
    enrol(ctx, KABID_SEKRETARIAT, "Fitri", Role.KABID, SEKRETARIAT)
    enrol(ctx, KABID_DAFDUK, "Sari", Role.KABID, DAFDUK)
    enrol(ctx, KABID_CAPIL, "Rina", Role.KABID, CAPIL)
    clear_outbox(ctx)
    return Office(ctx, clock)


def widened(office: Office, extra: int) -> Office:
    """The office with `extra` more bidang after its own, one indicator and one Kabid each
    (Telegram ids from 2101): a round of many bidang, as step 11's checklist pages them."""
    more = tuple((f"Bidang Tambahan {n:02d}", 2_100 + n) for n in range(1, extra + 1))
    rows = SMALL_MASTER + tuple(indicator(nama, f"Cakupan layanan {nama}") for nama, _ in more)
    master.load_indicators(office.ctx, rows, 2026)
    for nama, telegram_id in more:
        enrol(office.ctx, telegram_id, f"Kabid {nama}", Role.KABID, nama)
    clear_outbox(office.ctx)
    return replace(office, kabids=office.kabids + more)


def clear_outbox(ctx: Ctx) -> None:
    """The messages queued so far are taken as delivered and out of the way, so a test sees
    what comes after (the operator hears of every registration, for one)."""
    with ctx.unit() as session:
        session.execute(delete(Outbox))


# --- Helpers for the workflow tests ---


def database_rows(ctx: Ctx) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in key order: what "nothing changed" is checked against."""
    with ctx.read() as session:
        return {
            table.name: [
                tuple(row)
                for row in session.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in Base.metadata.sorted_tables
        }


def row_counts(ctx: Ctx) -> dict[str, int]:
    """How many rows each table holds."""
    return {name: len(rows) for name, rows in database_rows(ctx).items()}


@contextmanager
def refused(
    ctx: Ctx, error: type[WorkflowError], match: str | None = None
) -> Iterator[pytest.ExceptionInfo[WorkflowError]]:
    """The action inside is refused with `error` (its message matching `match`) and the
    database is left exactly as it was: no state, version, audit event or outbox row moved."""
    before = database_rows(ctx)
    with pytest.raises(error, match=match) as info:
        yield info
    assert isinstance(info.value.message, str) and info.value.message
    assert database_rows(ctx) == before, "a refused action must change nothing"


def outbox_messages(ctx: Ctx, telegram_id: int | None = None) -> list[Outbox]:
    """The queued messages (to one chat, if given), oldest first."""
    query = select(Outbox).order_by(Outbox.id)
    if telegram_id is not None:
        query = query.where(Outbox.chat_id == telegram_id)
    with ctx.read() as session:
        return list(session.scalars(query))


def labels(message: Outbox) -> list[str]:
    """The button labels of a queued message, row after row."""
    return [button["label"] for row in message.buttons for button in row]


def audit_trail(ctx: Ctx) -> list[AuditEvent]:
    with ctx.read() as session:
        return list(session.scalars(select(AuditEvent).order_by(AuditEvent.id)))


def approvals_of(ctx: Ctx, round_id: int) -> list[Approval]:
    with ctx.read() as session:
        return queries.approvals(session, round_id)


def deadlines_of(
    ctx: Ctx, round_id: int, step: int, bidang: int | None = None
) -> list[StepDeadline]:
    """Every activation of a step (for one bidang id, if given), oldest first."""
    with ctx.read() as session:
        return [
            d
            for d in queries.deadlines(session, round_id)
            if d.step == step and (bidang is None or d.bidang_id == bidang)
        ]


def user_id(ctx: Ctx, telegram_id: int) -> int:
    with ctx.read() as session:
        found = queries.user_by_telegram(session, telegram_id)
        assert found is not None
        return found.id


from tests.chatfixtures import bare_chat, chat  # noqa: E402, F401  (chat tests share these)

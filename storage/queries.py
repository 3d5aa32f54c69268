"""Queries the core needs. They take a session and never commit: the use case does, once."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Row,
    Select,
    String,
    bindparam,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session

from storage.models import (
    Approval,
    Bidang,
    BuktiDukung,
    Indicator,
    Instansi,
    Invite,
    Realisation,
    ReminderSent,
    RoleGrant,
    Round,
    RoundIndicator,
    SilakipEntry,
    StepDeadline,
    Submission,
    User,
    UtcDateTime,
)


def user_by_telegram(session: Session, telegram_id: int) -> User | None:
    return session.scalars(select(User).where(User.telegram_id == telegram_id)).one_or_none()


def grants_in_force(session: Session, user: User, now: datetime) -> list[RoleGrant]:
    return [
        grant
        for grant in user.grants
        if grant.valid_from <= now and (grant.valid_to is None or now < grant.valid_to)
    ]


def grants_to_settle(session: Session, now: datetime) -> list[RoleGrant]:
    """Grants whose end has passed and whose end has not been settled yet, oldest end first."""
    return list(
        session.scalars(
            select(RoleGrant)
            .where(RoleGrant.valid_to <= now, RoleGrant.end_settled_at.is_(None))
            .order_by(RoleGrant.valid_to, RoleGrant.id)
        )
    )


def _invite_open(now: datetime) -> tuple[ColumnElement[bool], ...]:
    """An invite that can still be redeemed: not used, not cancelled, not expired."""
    return Invite.used_at.is_(None), Invite.cancelled_at.is_(None), Invite.expires_at > now


def open_invites(session: Session, now: datetime) -> list[Invite]:
    """Invites that can still be redeemed at `now`, oldest first."""
    return list(session.scalars(select(Invite).where(*_invite_open(now)).order_by(Invite.id)))


def claim_invite(session: Session, invite_id: int, now: datetime) -> bool:
    """Marks an open invite used, in one statement that re-reads it under the write lock.

    Of two accounts redeeming one code at once only one gets True: the other's UPDATE waits
    for the first to commit and then matches no row. It must be the unit's first write, so
    that on SQLite it starts the write transaction on the newest data.
    """
    claimed = session.execute(
        update(Invite)
        .where(Invite.id == invite_id, *_invite_open(now))
        .values(used_at=now)
        .execution_options(synchronize_session="evaluate")
    )
    return claimed.rowcount == 1  # type: ignore[attr-defined]


def holders(session: Session, role: str, now: datetime, bidang_id: int | None = None) -> list[User]:
    """Everyone who holds `role` (for that bidang, if given) at `now`, in a stable order."""
    query = (
        select(User)
        .join(RoleGrant, RoleGrant.user_id == User.id)
        .where(
            RoleGrant.role == role,
            RoleGrant.valid_from <= now,
            or_(RoleGrant.valid_to.is_(None), RoleGrant.valid_to > now),
        )
        .order_by(User.id)
        .distinct()
    )
    if bidang_id is not None:
        query = query.where(RoleGrant.bidang_id == bidang_id)
    return list(session.scalars(query))


def all_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.nama)))


def instansi(session: Session) -> Instansi | None:
    return session.scalars(select(Instansi).order_by(Instansi.id)).first()


def bidang_by_name(session: Session, nama: str) -> Bidang | None:
    wanted = " ".join(nama.split()).casefold()
    for bidang in session.scalars(select(Bidang)):
        if bidang.nama.casefold() == wanted:
            return bidang
    return None


def bidang_name(session: Session, bidang_id: int) -> str | None:
    found = session.get(Bidang, bidang_id)
    return found.nama if found is not None else None


def all_bidang(session: Session) -> list[Bidang]:
    return list(session.scalars(select(Bidang).order_by(Bidang.urutan, Bidang.id)))


def indicators_of_year(session: Session, tahun: int) -> list[Indicator]:
    return list(
        session.scalars(
            select(Indicator)
            .join(Bidang, Bidang.id == Indicator.bidang_id)
            .where(Indicator.tahun == tahun, Indicator.aktif.is_(True))
            .order_by(Bidang.urutan, Bidang.id, Indicator.urutan)
        )
    )


def round_by_period(session: Session, tahun: int, triwulan: int) -> Round | None:
    return session.scalars(
        select(Round).where(Round.tahun == tahun, Round.triwulan == triwulan)
    ).one_or_none()


def open_rounds(session: Session) -> list[Round]:
    return list(
        session.scalars(
            select(Round).where(Round.closed_at.is_(None)).order_by(Round.tahun, Round.triwulan)
        )
    )


def round_indicators(
    session: Session, round_id: int, bidang_id: int | None = None, *, only_measured: bool = False
) -> list[RoundIndicator]:
    query = (
        select(RoundIndicator)
        .join(Bidang, Bidang.id == RoundIndicator.bidang_id)
        .where(RoundIndicator.round_id == round_id)
        .order_by(Bidang.urutan, Bidang.id, RoundIndicator.urutan)
    )
    if bidang_id is not None:
        query = query.where(RoundIndicator.bidang_id == bidang_id)
    if only_measured:
        query = query.where(RoundIndicator.diukur.is_(True))
    return list(session.scalars(query))


@functools.cache
def _format_statement(history_tw: int) -> Select[Any]:
    """Built once per quarter of history: a Kabid's every answer runs it, and building a
    statement costs more than running it."""
    history = (
        getattr(Indicator, f"realisasi_tw{history_tw}") if history_tw else literal(None)
    ).label("riwayat")
    history_target = (
        getattr(Indicator, f"target_tw{history_tw}") if history_tw else literal(None)
    ).label("riwayat_target")
    return (
        select(
            RoundIndicator.indicator_id,
            RoundIndicator.nama,
            RoundIndicator.sasaran,
            RoundIndicator.satuan,
            RoundIndicator.arah,
            RoundIndicator.rumus,
            RoundIndicator.sifat,
            RoundIndicator.boleh_negatif,
            RoundIndicator.wajib_bukti,
            RoundIndicator.target,
            RoundIndicator.target_tahunan,
            Realisation.value,
            Realisation.keterangan,
            Realisation.faktor_penghambat,
            Realisation.upaya,
            Realisation.faktor_pendorong,
            Realisation.perlu_perbaikan,
            history,
            history_target,
        )
        .join(Indicator, Indicator.id == RoundIndicator.indicator_id)
        .outerjoin(
            Realisation,
            (Realisation.submission_id == bindparam("submission_id"))
            & (Realisation.indicator_id == RoundIndicator.indicator_id),
        )
        .where(
            RoundIndicator.round_id == bindparam("round_id"),
            RoundIndicator.bidang_id == bindparam("bidang_id"),
            RoundIndicator.diukur.is_(True),
        )
        .order_by(RoundIndicator.urutan, RoundIndicator.id)
    )


def format_rows(
    session: Session, round_id: int, bidang_id: int, submission_id: int, history_tw: int
) -> list[Row[Any]]:
    """A bidang's measured indicators of a round in format order, as plain rows: the round's
    copy of each definition and target, what was answered (value, keterangan, the analysis,
    perlu_perbaikan; None when nothing was), and the master's realisation and target of quarter
    `history_tw` (None when `history_tw` is 0). One query: a Kabid's every answer reads this."""
    given = {"round_id": round_id, "bidang_id": bidang_id, "submission_id": submission_id}
    return list(session.execute(_format_statement(history_tw), given))


@functools.cache
def _quarter_before_statement() -> Select[Any]:
    return (
        select(
            RoundIndicator.indicator_id,
            RoundIndicator.target,
            RoundIndicator.diukur,
            Realisation.id.label("realisation_id"),
            Realisation.value,
        )
        .join(Round, Round.id == RoundIndicator.round_id)
        .outerjoin(
            Submission,
            (Submission.round_id == Round.id) & (Submission.bidang_id == RoundIndicator.bidang_id),
        )
        .outerjoin(
            Realisation,
            (Realisation.submission_id == Submission.id)
            & (Realisation.indicator_id == RoundIndicator.indicator_id),
        )
        .where(
            RoundIndicator.bidang_id == bindparam("bidang_id"),
            Round.tahun == bindparam("tahun"),
            Round.triwulan == bindparam("triwulan"),
        )
    )


def quarter_before(
    session: Session, bidang_id: int, tahun: int, triwulan: int
) -> dict[int, Row[Any]]:
    """A bidang's indicators in its round of (tahun, triwulan), by indicator id: the target that
    round gave (`diukur` false: not measured) and what was answered (`realisation_id` None:
    nothing), for the card's quarter before and the change in capaian since."""
    given = {"bidang_id": bidang_id, "tahun": tahun, "triwulan": triwulan}
    return {row.indicator_id: row for row in session.execute(_quarter_before_statement(), given)}


def filling_progress(session: Session, round_id: int, submission_id: int) -> tuple[int, int]:
    """(answered, measured) of a bidang's format: values given and not waiting for a
    correction, of the indicators its round measures."""
    submission = session.get(Submission, submission_id)
    assert submission is not None
    answered = func.count(Realisation.id).filter(
        Realisation.value.is_not(None), Realisation.perlu_perbaikan.is_(False)
    )
    row = session.execute(
        select(func.count(RoundIndicator.id), answered)
        .outerjoin(
            Realisation,
            (Realisation.submission_id == submission_id)
            & (Realisation.indicator_id == RoundIndicator.indicator_id),
        )
        .where(
            RoundIndicator.round_id == round_id,
            RoundIndicator.bidang_id == submission.bidang_id,
            RoundIndicator.diukur.is_(True),
        )
    ).one()
    return int(row[1]), int(row[0])


def submissions(session: Session, round_id: int) -> list[Submission]:
    return list(
        session.scalars(
            select(Submission)
            .join(Bidang, Bidang.id == Submission.bidang_id)
            .where(Submission.round_id == round_id)
            .order_by(Bidang.urutan, Bidang.id)
        )
    )


def submission_for(session: Session, round_id: int, bidang_id: int) -> Submission | None:
    return session.scalars(
        select(Submission).where(Submission.round_id == round_id, Submission.bidang_id == bidang_id)
    ).one_or_none()


def realisations(session: Session, submission_id: int) -> dict[int, Realisation]:
    """The submission's realisations by indicator id."""
    rows = session.scalars(select(Realisation).where(Realisation.submission_id == submission_id))
    return {row.indicator_id: row for row in rows}


def realisation(session: Session, submission_id: int, indicator_id: int) -> Realisation | None:
    return session.scalars(
        select(Realisation).where(
            Realisation.submission_id == submission_id, Realisation.indicator_id == indicator_id
        )
    ).one_or_none()


def realisations_of_round(session: Session, round_id: int) -> dict[int, Realisation]:
    rows = session.scalars(
        select(Realisation)
        .join(Submission, Submission.id == Realisation.submission_id)
        .where(Submission.round_id == round_id)
    )
    return {row.indicator_id: row for row in rows}


def earlier_values(
    session: Session, indicator_ids: Sequence[int], tahun: int, before_triwulan: int
) -> dict[tuple[int, int], Realisation]:
    """Realisations of the same indicators in this year's earlier rounds, by (indicator, TW)."""
    if not indicator_ids or before_triwulan <= 1:
        return {}
    rows = session.execute(
        select(Round.triwulan, Realisation)
        .join(Submission, Submission.round_id == Round.id)
        .join(Realisation, Realisation.submission_id == Submission.id)
        .where(
            Round.tahun == tahun,
            Round.triwulan < before_triwulan,
            Realisation.indicator_id.in_(indicator_ids),
        )
    )
    return {(row.Realisation.indicator_id, row.triwulan): row.Realisation for row in rows}


def bukti_rows(
    session: Session,
    *,
    submission_id: int | None = None,
    round_id: int | None = None,
    tahun: int | None = None,
) -> list[Row[Any]]:
    """Evidence files without their content: of one submission, one round or one year, oldest
    first, each with its indicator, bidang, quarter and the name of whoever sent it."""
    query = (
        select(
            BuktiDukung.id,
            BuktiDukung.filename,
            BuktiDukung.jenis,
            BuktiDukung.size,
            BuktiDukung.sha256,
            BuktiDukung.uploaded_at,
            User.nama.label("oleh"),
            Realisation.indicator_id,
            Realisation.submission_id,
            Submission.bidang_id,
            Round.triwulan,
        )
        .join(Realisation, Realisation.id == BuktiDukung.realisation_id)
        .join(Submission, Submission.id == Realisation.submission_id)
        .join(Round, Round.id == Submission.round_id)
        .outerjoin(User, User.id == BuktiDukung.uploaded_by_id)
        .order_by(Round.triwulan, BuktiDukung.id)
    )
    if submission_id is not None:
        query = query.where(Realisation.submission_id == submission_id)
    if round_id is not None:
        query = query.where(Submission.round_id == round_id)
    if tahun is not None:
        query = query.where(Round.tahun == tahun)
    return list(session.execute(query))


def bukti_from_message(session: Session, user_id: int, message_id: int) -> bool:
    """Whether the file of `user_id`'s Telegram message `message_id` is kept."""
    found = session.scalar(
        select(BuktiDukung.id).where(
            BuktiDukung.uploaded_by_id == user_id, BuktiDukung.message_id == message_id
        )
    )
    return found is not None


def bukti_count(session: Session, submission_id: int) -> int:
    """How many evidence files a bidang's data holds (the limit is per bidang and round)."""
    found = session.scalar(
        select(func.count(BuktiDukung.id))
        .join(Realisation, Realisation.id == BuktiDukung.realisation_id)
        .where(Realisation.submission_id == submission_id)
    )
    return int(found or 0)


def open_deadline(
    session: Session, round_id: int, step: int, bidang_id: int | None = None
) -> StepDeadline | None:
    return session.scalars(
        select(StepDeadline)
        .where(
            StepDeadline.round_id == round_id,
            StepDeadline.step == step,
            StepDeadline.bidang_id.is_(None)
            if bidang_id is None
            else StepDeadline.bidang_id == bidang_id,
            StepDeadline.done_at.is_(None),
        )
        .order_by(StepDeadline.id.desc())
    ).first()


def last_done_deadline(
    session: Session, round_id: int, step: int, bidang_id: int | None = None
) -> StepDeadline | None:
    """The latest finished activation of a step (of one bidang, when given): who did it last."""
    query = select(StepDeadline).where(
        StepDeadline.round_id == round_id,
        StepDeadline.step == step,
        StepDeadline.done_at.is_not(None),
    )
    if bidang_id is not None:
        query = query.where(StepDeadline.bidang_id == bidang_id)
    return session.scalars(
        query.order_by(StepDeadline.done_at.desc(), StepDeadline.id.desc())
    ).first()


def deadlines(session: Session, round_id: int) -> list[StepDeadline]:
    return list(
        session.scalars(
            select(StepDeadline)
            .where(StepDeadline.round_id == round_id)
            .order_by(StepDeadline.starts_at, StepDeadline.id)
        )
    )


def approvals(session: Session, round_id: int, *, in_force: bool = False) -> list[Approval]:
    query = select(Approval).where(Approval.round_id == round_id).order_by(Approval.id)
    if in_force:
        query = query.where(Approval.voided_at.is_(None))
    return list(session.scalars(query))


def last_approval(
    session: Session, round_id: int, step: int, bidang_id: int | None = None
) -> Approval | None:
    query = select(Approval).where(Approval.round_id == round_id, Approval.step == step)
    if bidang_id is not None:
        query = query.where(Approval.bidang_id == bidang_id)
    return session.scalars(query.order_by(Approval.id.desc())).first()


def silakip_entries(session: Session, round_id: int) -> dict[int, SilakipEntry]:
    """The bidang of a round ticked as entered into SILAKIP (step 11), by bidang id."""
    rows = session.scalars(select(SilakipEntry).where(SilakipEntry.round_id == round_id))
    return {entry.bidang_id: entry for entry in rows}


def open_deadlines(session: Session) -> list[StepDeadline]:
    """Every running step clock of the open rounds: what the reminder job looks at."""
    return list(
        session.scalars(
            select(StepDeadline)
            .join(Round, Round.id == StepDeadline.round_id)
            .where(StepDeadline.done_at.is_(None), Round.closed_at.is_(None))
            .order_by(StepDeadline.id)
        )
    )


def reminder_keys(session: Session, deadline_ids: Sequence[int]) -> dict[int, set[str]]:
    """The reminders already recorded, by deadline id."""
    found: dict[int, set[str]] = {deadline_id: set() for deadline_id in deadline_ids}
    if deadline_ids:
        rows = session.execute(
            select(ReminderSent.deadline_id, ReminderSent.kind).where(
                ReminderSent.deadline_id.in_(deadline_ids)
            )
        )
        for deadline_id, kind in rows:
            found[deadline_id].add(kind)
    return found


def record_reminder(session: Session, deadline_id: int, kind: str, at: datetime) -> bool:
    """Records a reminder of a step that is still running, in one statement.

    False when the step was done meanwhile. A second record of the same (deadline, kind)
    raises IntegrityError (the unique key), so two senders racing never both go on to write
    the message: the caller's transaction, outbox rows included, rolls back.

    Whether a row went in is read from RETURNING, not from the row count: for INSERT … SELECT
    psycopg 3 under SQLAlchemy reports −1, which would count a finished step as recorded.
    """
    inserted = session.execute(
        insert(ReminderSent)
        .from_select(
            ["deadline_id", "kind", "at"],
            select(
                StepDeadline.id,
                literal(kind, String()),
                literal(at, UtcDateTime()),
            ).where(StepDeadline.id == deadline_id, StepDeadline.done_at.is_(None)),
        )
        .returning(ReminderSent.id)
    )
    return inserted.first() is not None

"""Pieces every transition shares: who may act, the audit trail, the outbox, step clocks,
stale-state explanations and the content hash of approved data."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from bot import texts
from bot.errors import InvalidInput, NotFound, NotRegistered, Stale
from bot.limits import MAX_ALASAN
from bot.numbers import NumberNotUnderstood, check_range
from bot.sop import Role, StepNo, step
from bot.states import RoundState, SubmissionState
from bot.workflow import authority, definitions
from bot.workflow.context import Ctx
from storage import queries
from storage.db import held_row
from storage.models import (
    Approval,
    AuditEvent,
    Outbox,
    Round,
    StepDeadline,
    Submission,
    User,
)

_O = TypeVar("_O")

Buttons = Sequence[Sequence[tuple[str, str]]]
"""Rows of (label, callback data); the sender turns them into an inline keyboard."""


def actor(session: Session, telegram_id: int) -> User:
    """The registered user behind a Telegram account, or NotRegistered; looked up once per unit
    of work, since every check of one update asks for the same person."""
    known: dict[int, User] = session.info.setdefault("actors", {})
    user = known.get(telegram_id) or queries.user_by_telegram(session, telegram_id)
    if user is None:
        raise NotRegistered(texts.BELUM_TERDAFTAR)
    known[telegram_id] = user
    return user


def roles_of(session: Session, user: User, now: datetime) -> set[Role]:
    return {Role(grant.role) for grant in queries.grants_in_force(session, user, now)}


def kabid_bidang_ids(session: Session, user: User, now: datetime) -> set[int]:
    return {
        grant.bidang_id
        for grant in queries.grants_in_force(session, user, now)
        if grant.role == Role.KABID and grant.bidang_id is not None
    }


def require_role(
    session: Session, user: User, role: Role, now: datetime, bidang_id: int | None = None
) -> None:
    """Refuses (NotAllowed) unless `user` holds `role` now (for `bidang_id`, when the role is
    per bidang), saying so when the role has ended for them."""
    authority.holding(session, user, role, now, bidang_id)


def hold(session: Session, found: _O) -> _O:
    """Keeps `found` for the rest of the unit of work. The session's identity map holds
    objects weakly: one that no caller keeps would be read again by the next check of the same
    update, which asks for the same rows."""
    session.info.setdefault("held", []).append(found)
    return found


def get_round(session: Session, round_id: int) -> Round:
    found = session.get(Round, round_id)
    if found is None:
        raise NotFound(texts.PUTARAN_TIDAK_ADA)
    return hold(session, found)


def get_submission(
    session: Session, submission_id: int, *, for_writing: bool = False
) -> Submission:
    """`for_writing`: held against every other unit that writes the bidang's data until this
    one ends (storage.db.held_row), so two Kabid of one bidang, or a value and a Kirim, never
    both act on what each read before the other committed."""
    found = (
        held_row(session, Submission, submission_id)
        if for_writing
        else session.get(Submission, submission_id)
    )
    if found is None:
        raise NotFound(texts.DATA_BIDANG_TIDAK_ADA)
    return hold(session, found)


def expect_round(
    session: Session,
    round_: Round,
    states: Sequence[str],
    expected_version: int | None,
    tz: str,
) -> None:
    """Refuses an action on a round that moved on: a double tap, a race, or an old button."""
    if round_.state not in states or (
        expected_version is not None and round_.version != expected_version
    ):
        raise Stale(explain_round(session, round_, states, tz))


def explain_round(session: Session, round_: Round, states: Sequence[str], tz: str) -> str:
    """What happened instead, for the person pressing an old button ("sudah diparaf oleh …")."""
    wanted = RoundState(states[0]).step
    if wanted is not None:
        last = queries.last_approval(session, round_.id, wanted)
        # A voided decision was taken back (a return or a data change): the step is open again.
        if last is not None and last.bidang_id is None and last.voided_at is None:
            return texts.sudah_ditangani(last.action, nama_of(last.actor), last.at, tz)
    return texts.putaran_berpindah(round_.tahun, round_.triwulan, RoundState(round_.state))


def expect_submission(
    session: Session,
    round_: Round,
    submission: Submission,
    states: Sequence[str],
    expected_version: int | None,
    tz: str,
) -> None:
    """Refuses an action on a bidang's data that moved on, saying what became of it: the
    verification decision taken meanwhile ("sudah diverifikasi oleh …"), else its state."""
    if submission.state in states and (
        expected_version is None or submission.version == expected_version
    ):
        return
    last = queries.last_approval(session, round_.id, StepNo.VERIFIKASI, submission.bidang_id)
    if last is not None:
        raise Stale(texts.sudah_ditangani(last.action, nama_of(last.actor), last.at, tz))
    raise Stale(
        texts.status_bidang_berubah(submission.bidang.nama, SubmissionState(submission.state))
    )


def nama_of(user: User | None) -> str:
    return user.nama if user is not None else "sistem"


def bump(subject: Round | Submission) -> None:
    """Moves the version a card's buttons carry, so a press on an older card is refused."""
    subject.version += 1


def audit(
    session: Session,
    now: datetime,
    user: User | None,
    action: str,
    round_: Round | None = None,
    **detail: Any,
) -> AuditEvent:
    event = AuditEvent(
        at=now,
        actor_id=user.id if user else None,
        round_id=round_.id if round_ else None,
        action=action,
        detail={key: _jsonable(value) for key, value in detail.items()},
    )
    session.add(event)
    return event


def _jsonable(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, int | float | str | bool) or value is None:
        return value
    return str(value)


def notify(
    session: Session,
    now: datetime,
    user: User,
    text: str,
    buttons: Buttons = (),
    attachment: dict[str, Any] | None = None,
    not_before: datetime | None = None,
    deadline_id: int | None = None,
) -> None:
    """Queue a message in the outbox, in the same transaction as the change it tells of;
    `deadline_id` marks a step card with the activation of the step it asks to do."""
    session.add(
        Outbox(
            chat_id=user.telegram_id,
            text=text,
            buttons=[[{"label": label, "data": data} for label, data in row] for row in buttons],
            attachment=attachment,
            created_at=now,
            not_before=not_before or now,
            deadline_id=deadline_id,
        )
    )


def notify_role(
    session: Session,
    now: datetime,
    role: Role,
    text: str,
    buttons: Buttons = (),
    *,
    exclude: User | None = None,
    bidang_id: int | None = None,
    attachment: dict[str, Any] | None = None,
) -> list[User]:
    """Tell everyone holding `role` except the person who acted (the handler answers them)."""
    told = [
        user
        for user in queries.holders(session, role, now, bidang_id)
        if exclude is None or user.id != exclude.id
    ]
    for user in told:
        notify(session, now, user, text, buttons, attachment)
    return told


def start_step(
    session: Session,
    ctx: Ctx,
    round_: Round,
    number: int,
    now: datetime,
    bidang_id: int | None = None,
    due_at: datetime | None = None,
) -> StepDeadline:
    """Start a step's clock; its due time is counted in working time (DESIGN §5)."""
    earlier = queries.open_deadline(session, round_.id, number, bidang_id)
    if earlier is not None:
        earlier.done_at = now
    allotted = step(number).allotted
    deadline = StepDeadline(
        round_id=round_.id,
        step=number,
        bidang_id=bidang_id,
        starts_at=now,
        due_at=due_at
        or ctx.calendar.add_working_time(now, days=allotted.days, minutes=allotted.minutes),
    )
    session.add(deadline)
    session.flush()
    return deadline


def finish_step(
    session: Session,
    round_: Round,
    number: int,
    now: datetime,
    user: User | None,
    bidang_id: int | None = None,
) -> StepDeadline | None:
    """Stop a step's clock; its reminders stop with it."""
    deadline = queries.open_deadline(session, round_.id, number, bidang_id)
    if deadline is not None:
        deadline.done_at = now
        deadline.done_by_id = user.id if user else None
    return deadline


def record_approval(
    session: Session,
    round_: Round,
    number: int,
    user: User,
    allowed: authority.Authority,
    action: str,
    now: datetime,
    *,
    reason: str | None = None,
    bidang_id: int | None = None,
) -> Approval:
    """A decision on step `number` under the grant `allowed` names, with the SHA-256 of the
    data it concerns; marked "dirangkap" when its actor also did the step before."""
    approval = Approval(
        round_id=round_.id,
        step=number,
        bidang_id=bidang_id,
        actor_id=user.id,
        action=action,
        reason=reason,
        content_hash=content_hash(session, round_),
        grant_id=allowed.grant.id,
        dirangkap=allowed.dirangkap,
        at=now,
    )
    approval.actor = user
    session.add(approval)
    return approval


def void_approvals(
    session: Session, round_: Round, steps: Sequence[int], now: datetime, why: str
) -> list[Approval]:
    voided = [
        approval
        for approval in queries.approvals(session, round_.id, in_force=True)
        if approval.step in steps and approval.action != "kembalikan"
    ]
    for approval in voided:
        approval.voided_at = now
        approval.void_reason = why
    return voided


def content_hash(session: Session, round_: Round) -> str:
    """SHA-256 of everything an approver vouches for, as printed: the round's indicator
    definitions and bidang membership, targets, values and explanations, and since issue 14
    the analysis and the evidence files (by their own SHA-256) and which indicators require
    evidence.

    Those later parts join an indicator's row only when it has any, so the hash of data
    without them is the one an approval given before them recorded: an upgrade voids no paraf.
    """
    values = queries.realisations_of_round(session, round_.id)
    evidence: dict[int, list[str]] = {}
    for file in queries.bukti_rows(session, round_id=round_.id):
        evidence.setdefault(file.indicator_id, []).append(file.sha256)
    rows = []
    for item in queries.round_indicators(session, round_.id):
        realisation = values.get(item.indicator_id)
        row: list[object] = [
            item.indicator_id,
            item.diukur,
            *(_canonical(getattr(item, name)) for name in definitions.DEFINITION),
            _canonical(item.target),
            _canonical(realisation.value if realisation else None),
            realisation.keterangan if realisation else "",
        ]
        beyond = [
            item.wajib_bukti,
            *(
                (realisation.faktor_penghambat, realisation.upaya, realisation.faktor_pendorong)
                if realisation
                else ("", "", "")
            ),
            sorted(evidence.get(item.indicator_id, [])),
        ]
        if any(beyond):
            row.append(beyond)
        rows.append(row)
    canonical = json.dumps(
        {"tahun": round_.tahun, "triwulan": round_.triwulan, "data": rows},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _canonical(value: object) -> object:
    """A value as the hash sees it: decimals as their exact text, the rest as JSON has it."""
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


def check_number(value: Decimal) -> Decimal:
    """A realisation or target held to the range of a typed number (`bot.numbers.check_range`)
    whoever passes it; refused (InvalidInput) with the message naming the limit."""
    try:
        return check_range(value)
    except NumberNotUnderstood as refusal:
        raise InvalidInput(refusal.message) from None


def clean_text(text: str, limit: int, too_long: str) -> str:
    """A text as stored: on one line, trimmed, refused (InvalidInput with `too_long`) beyond
    `limit` characters, before it reaches a column that would cut or refuse it."""
    cleaned = " ".join(text.split())
    if len(cleaned) > limit:
        raise InvalidInput(too_long)
    return cleaned


def clean_reason(text: str) -> str:
    """A return reason is required and kept short enough for a card (DESIGN §2)."""
    reason = clean_text(text, MAX_ALASAN, texts.ALASAN_PANJANG)
    if len(reason) < 3:
        raise InvalidInput(texts.ALASAN_KOSONG)
    return reason

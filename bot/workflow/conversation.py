"""What a person's next typed text means, kept in the database (DESIGN §9).

PTB keeps conversation state in memory; a restart would forget that the Kabid was answering
indicator 3 or that the Kasubag was typing a reason. Here it survives restarts and can be read
by any process serving the bot.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import or_, update
from sqlalchemy.orm import Session

from bot import texts
from bot.errors import NotAllowed, NotFound, Stale
from bot.workflow import approvals, common, filling, rounds, verification
from bot.workflow.context import Ctx
from storage.models import PendingInput, User


class Expect(StrEnum):
    NILAI = "nilai"
    KETERANGAN = "keterangan"
    TARGET = "target"
    ALASAN_DRAFT = "alasan_draft"
    ALASAN_BIDANG = "alasan_bidang"
    ALASAN_PUTARAN = "alasan_putaran"
    PILIH_KEMBALI = "pilih_kembali"


@dataclass(frozen=True)
class Pending:
    kind: Expect
    payload: dict[str, Any]


def expect(ctx: Ctx, telegram_id: int, kind: Expect, **payload: Any) -> None:
    """Remember what the next text of this person answers; replaces what was expected."""
    with ctx.unit() as session:
        user = common.actor(session, telegram_id)
        row = session.get(PendingInput, user.id)
        if row is None:
            row = PendingInput(user_id=user.id, kind=kind, payload=payload, created_at=ctx.now())
            session.add(row)
        else:
            row.kind = kind
            row.payload = payload
            row.created_at = ctx.now()


def expected(ctx: Ctx, telegram_id: int) -> Pending | None:
    with ctx.read() as session:
        user = common.actor(session, telegram_id)
        row = session.get(PendingInput, user.id)
        return Pending(Expect(row.kind), dict(row.payload)) if row else None


@dataclass(frozen=True)
class Dropped:
    """A question that no longer stands, dropped; `message` tells the person why, once."""

    message: str


def awaited(ctx: Ctx, telegram_id: int) -> Pending | Dropped | None:
    """What a text this person types now answers, if the question still stands.

    A question belongs to a card: a value of one bidang's data, a reason for a return of a
    round or a bidang in the version the card showed. When the card moved on by another path
    (Benar pressed after Kembalikan, the data sent or verified meanwhile), the answer would
    be refused, and every later text with it until /batal; so the question is dropped here,
    in the core, with the core's own account of what happened, and the next text is read
    afresh.
    """
    with ctx.unit() as session:
        user = common.actor(session, telegram_id)
        row = session.get(PendingInput, user.id)
        if row is None:
            return None
        pending = Pending(Expect(row.kind), dict(row.payload))
        try:
            _still_asked(session, ctx, telegram_id, pending)
        except (Stale, NotAllowed, NotFound) as gone:
            session.delete(row)
            return Dropped(texts.pertanyaan_gugur(pending.kind, gone.message))
        return pending


def drop_if_gone(session: Session, ctx: Ctx, user: User) -> bool:
    """Drops what `user` was asked to type when the question no longer stands for them (their
    role ended, the card moved on); True when something was dropped."""
    row = session.get(PendingInput, user.id)
    if row is None:
        return False
    try:
        _still_asked(session, ctx, user.telegram_id, Pending(Expect(row.kind), dict(row.payload)))
    except (Stale, NotAllowed, NotFound):
        session.delete(row)
        return True
    return False


def _still_asked(session: Session, ctx: Ctx, telegram_id: int, pending: Pending) -> None:
    """Raises what the use case answering `pending` would refuse before reading the text."""
    given = pending.payload
    match pending.kind:
        case Expect.NILAI | Expect.KETERANGAN:
            filling.fillable(session, ctx, telegram_id, given["submission_id"])
        case Expect.TARGET:
            rounds.draft_item(session, ctx, telegram_id, given["round_id"], given["indicator_id"])
        case Expect.ALASAN_DRAFT:
            rounds.in_correction(session, ctx, telegram_id, given["round_id"], given["version"])
        case Expect.ALASAN_BIDANG | Expect.PILIH_KEMBALI:
            verification.returnable(
                session, ctx, telegram_id, given["submission_id"], given["version"]
            )
        case Expect.ALASAN_PUTARAN:
            approvals.awaiting_approval(
                session, ctx, telegram_id, given["round_id"], given["version"]
            )


def forget(ctx: Ctx, telegram_id: int) -> bool:
    """/batal: leave the current conversation; nothing saved is touched."""
    with ctx.unit() as session:
        user = common.actor(session, telegram_id)
        row = session.get(PendingInput, user.id)
        if row is None:
            return False
        session.delete(row)
        return True


def take_text(ctx: Ctx, telegram_id: int, message_id: int) -> bool:
    """Claims a typed message as an answer once; False for a repeat delivery.

    Message ids only grow within a private chat, so anything not newer than the last one taken
    was handled already, or is older than one that was (it arrived late, through another
    process). Claimed before the answer is saved: after a crash in between the person sees no
    echo and types again, whereas a replayed "95" saved as the next indicator's value would be
    wrong silently. The comparison is in the UPDATE itself, so a claim racing another never
    moves the mark back.
    """
    with ctx.unit() as session:
        user = common.actor(session, telegram_id)
        claimed = session.execute(
            update(User)
            .where(
                User.id == user.id,
                or_(User.last_text_id.is_(None), User.last_text_id < message_id),
            )
            .values(last_text_id=message_id)
        )
        return bool(claimed.rowcount)  # type: ignore[attr-defined]

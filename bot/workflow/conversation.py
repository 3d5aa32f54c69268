"""What a person's next typed text means, kept in the database (DESIGN §9).

PTB keeps conversation state in memory; a restart would forget that the Kabid was answering
indicator 3 or that the Kasubag was typing a reason. Here it survives restarts and can be read
by any process serving the bot. The chat's use cases set and clear it inside their own unit of
work (`ask`, `pending_of`, `clear`), so what comes next is decided in the same commit as the
answer that led to it.
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
from bot.workflow.context import Ctx, unit_of_work
from storage.models import PendingInput, User


class Expect(StrEnum):
    NILAI = "nilai"
    KETERANGAN = "keterangan"
    PENGHAMBAT = "penghambat"
    UPAYA = "upaya"
    PENDORONG = "pendorong"
    TARGET = "target"
    ALASAN_DRAFT = "alasan_draft"
    ALASAN_BIDANG = "alasan_bidang"
    ALASAN_PUTARAN = "alasan_putaran"
    PILIH_KEMBALI = "pilih_kembali"


FILLING = frozenset(
    {Expect.NILAI, Expect.KETERANGAN, Expect.PENGHAMBAT, Expect.UPAYA, Expect.PENDORONG}
)
"""What is asked on an indicator's card (step 4): its value, its keterangan, its analysis.
A file sent meanwhile is that indicator's evidence."""
ANALISIS = (Expect.PENGHAMBAT, Expect.UPAYA, Expect.PENDORONG)
"""The analysis questions, in the order a value below target asks the first two."""


@dataclass(frozen=True)
class Pending:
    kind: Expect
    payload: dict[str, Any]

    def indicator_card(self) -> tuple[int, int] | None:
        """(submission, indicator) of the card the person is on, when a filling question is
        open; None otherwise."""
        if self.kind not in FILLING:
            return None
        return int(self.payload["submission_id"]), int(self.payload["indicator_id"])


@dataclass(frozen=True)
class Dropped:
    """A question that no longer stands, dropped; `message` tells the person why, once."""

    message: str


# --- Inside a unit of work ---


def ask(session: Session, ctx: Ctx, user: User, kind: Expect, **payload: Any) -> None:
    """Remember what the next text of `user` answers; replaces what was expected."""
    row = session.get(PendingInput, user.id)
    if row is None:
        session.add(PendingInput(user_id=user.id, kind=kind, payload=payload, created_at=ctx.now()))
        return
    row.kind, row.payload, row.created_at = kind, payload, ctx.now()


def pending_of(session: Session, user: User) -> Pending | None:
    row = session.get(PendingInput, user.id)
    if row is not None:
        common.hold(session, row)
    return Pending(Expect(row.kind), dict(row.payload)) if row else None


def clear(session: Session, user: User) -> bool:
    """Nothing is asked of `user` any more; True when something was."""
    row = session.get(PendingInput, user.id)
    if row is None:
        return False
    session.delete(row)
    return True


def claim(session: Session, user: User, message_id: int) -> bool:
    """Claims a typed message as an answer once; False for a repeat or a late older message.

    Message ids only grow within a private chat, so anything not newer than the last one taken
    was handled already (or was overtaken: an older message arriving late is not the answer to
    the question asked since). The claim commits with the answer it leads to; the comparison
    is in the UPDATE itself, so a claim racing another (two processes) never moves the mark
    back.
    """
    claimed = session.execute(
        update(User)
        .where(
            User.id == user.id,
            or_(User.last_text_id.is_(None), User.last_text_id < message_id),
        )
        .values(last_text_id=message_id)
        .execution_options(synchronize_session="evaluate")
    )
    return bool(claimed.rowcount)  # type: ignore[attr-defined]


def still_asked(session: Session, ctx: Ctx, user: User) -> Pending | Dropped | None:
    """What a text `user` types now answers, if the question still stands.

    A question belongs to a card: a value of one bidang's data, a reason for a return of a
    round or a bidang in the version the card showed. When the card moved on by another path
    (Benar pressed after Kembalikan, the data sent or verified meanwhile), the answer would
    be refused, and every later text with it until /batal; so the question is dropped, with
    the core's own account of what happened, and the next text is read afresh.
    """
    pending = pending_of(session, user)
    if pending is None:
        return None
    try:
        _check(session, ctx, user.telegram_id, pending)
    except (Stale, NotAllowed, NotFound) as gone:
        clear(session, user)
        return Dropped(texts.pertanyaan_gugur(pending.kind, gone.message))
    return pending


def drop_if_gone(session: Session, ctx: Ctx, user: User) -> bool:
    """Drops what `user` was asked to type when the question no longer stands for them (their
    role ended, the card moved on); True when something was dropped."""
    return isinstance(still_asked(session, ctx, user), Dropped)


def _check(session: Session, ctx: Ctx, telegram_id: int, pending: Pending) -> None:
    """Raises what the use case answering `pending` would refuse before reading the text."""
    given = pending.payload
    match pending.kind:
        case kind if kind in FILLING:
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


# --- As use cases of their own (the CLI, tests) ---


@unit_of_work
def expect(session: Session, ctx: Ctx, telegram_id: int, kind: Expect, **payload: Any) -> None:
    ask(session, ctx, common.actor(session, telegram_id), kind, **payload)


def expected(ctx: Ctx, telegram_id: int) -> Pending | None:
    with ctx.read() as session:
        return pending_of(session, common.actor(session, telegram_id))


@unit_of_work
def awaited(session: Session, ctx: Ctx, telegram_id: int) -> Pending | Dropped | None:
    return still_asked(session, ctx, common.actor(session, telegram_id))


@unit_of_work
def take_text(session: Session, ctx: Ctx, telegram_id: int, message_id: int) -> bool:
    return claim(session, common.actor(session, telegram_id), message_id)

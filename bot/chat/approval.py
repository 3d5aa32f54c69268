"""Steps 6–11 in chat: compile and submit, paraf, signature, returns, final, SILAKIP."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from bot.chat import decisions
from bot.chat.reply import Reply
from bot.texts import labels
from bot.workflow import approvals
from bot.workflow.context import Ctx, update_of
from bot.workflow.conversation import Expect
from storage.models import User

_DONE = {"paraf": labels.DIPARAF, "tandatangan": labels.DITANDATANGANI}


@update_of
def submit(session: Session, ctx: Ctx, telegram_id: int, round_id: int, version: int) -> Reply:
    """Susun dan serahkan (step 6 → 7)."""
    approvals.submit_compiled.within(
        session, ctx, actor=telegram_id, round_id=round_id, expected_version=version
    )
    return decisions.decided(session, ctx, telegram_id, labels.DISERAHKAN)


@update_of
def paraf(session: Session, ctx: Ctx, telegram_id: int, round_id: int, version: int) -> Reply:
    """Paraf (steps 7–8) or Tandatangani (step 9): one tap; the card keeps its chain above
    the verdict. Data changed under an earlier paraf voids it instead, and the press says so."""
    done = approvals.press_approval.within(
        session, ctx, actor=telegram_id, round_id=round_id, expected_version=version
    )
    if done.changed:
        return Reply(alert=done.refusal, wake=True)
    return decisions.decided(session, ctx, telegram_id, _DONE[done.action], keep=True)


@update_of
def ask_return(
    session: Session, ctx: Ctx, telegram_id: int, round_id: int, version: int, card: int
) -> Reply:
    """Kembalikan at steps 7–9: checked first, then the reason is asked."""
    user, _, _ = approvals.awaiting_approval(session, ctx, telegram_id, round_id, version)
    return decisions.ask_reason(
        session, ctx, user, Expect.ALASAN_PUTARAN, card, round_id=round_id, version=version
    )


def returned(session: Session, ctx: Ctx, user: User, given: dict[str, Any], typed: str) -> Reply:
    """The reason for returning the compiled data, typed (pending ALASAN_PUTARAN)."""
    approvals.return_round.within(
        session,
        ctx,
        actor=user.telegram_id,
        round_id=given["round_id"],
        expected_version=given["version"],
        reason=typed,
    )
    return decisions.reason_recorded(
        session, ctx, user, given, typed, labels.DIKEMBALIKAN_KE_OPERATOR
    )


@update_of
def finalise(session: Session, ctx: Ctx, telegram_id: int, round_id: int, version: int) -> Reply:
    """Finalkan (step 10 → 11): builds and stores the final workbook, so the handler runs it
    off the event loop."""
    approvals.finalise.within(
        session, ctx, actor=telegram_id, round_id=round_id, expected_version=version
    )
    return decisions.decided(session, ctx, telegram_id, labels.DIFINALKAN)


@update_of
def silakip(session: Session, ctx: Ctx, telegram_id: int, round_id: int, version: int) -> Reply:
    """Sudah diinput SILAKIP: the round ends."""
    approvals.silakip_done.within(
        session, ctx, actor=telegram_id, round_id=round_id, expected_version=version
    )
    return decisions.decided(session, ctx, telegram_id, labels.SUDAH_SILAKIP)

"""Steps 6–11 in chat: compile and submit, paraf, signature, returns, final, SILAKIP."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from bot import texts
from bot.chat import decisions
from bot.chat.reply import Edit, Reply
from bot.sop import StepNo
from bot.texts import labels
from bot.workflow import approvals, cards, common, silakip
from bot.workflow.context import Ctx, update_of
from bot.workflow.conversation import Expect
from bot.workflow.silakip import Ticked
from bot.workflow.views import silakip_checklist
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


# --- Step 11: the SILAKIP checklist ---


def _checklist(session: Session, ctx: Ctx, telegram_id: int, done: Ticked, page: int) -> Reply:
    """The card pressed, redrawn in place: the checklist on the same page; once the round has
    closed, every tick with the verdict below it and no buttons (others are told: wake)."""
    round_ = done.round
    if not done.closed:
        card = cards.for_step(session, ctx, round_, StepNo.SILAKIP, page=page)
        return Reply(edit=Edit(card.text, card.buttons))
    tz = ctx.settings.zona_waktu
    user = common.actor(session, telegram_id)
    shown = texts.silakip_selesai(
        round_.tahun, round_.triwulan, silakip_checklist(session, round_.id), tz
    )
    verdict = texts.keputusan(labels.SUDAH_SILAKIP, user.nama, ctx.now(), tz)
    return Reply(edit=Edit(f"{shown}\n\n{verdict}"), wake=True)


@update_of
def silakip_tick(
    session: Session, ctx: Ctx, telegram_id: int, round_id: int, bidang_id: int, page: int
) -> Reply:
    """A bidang's name pressed: its data is in SILAKIP; the last one ends the round."""
    done = silakip.tick.within(
        session, ctx, actor=telegram_id, round_id=round_id, bidang_id=bidang_id
    )
    return _checklist(session, ctx, telegram_id, done, page)


@update_of
def silakip_all(session: Session, ctx: Ctx, telegram_id: int, round_id: int) -> Reply:
    """Semua: every bidang left is in SILAKIP, and the round ends."""
    done = silakip.tick_all.within(session, ctx, actor=telegram_id, round_id=round_id)
    return _checklist(session, ctx, telegram_id, done, 0)


@update_of
def silakip_page(session: Session, ctx: Ctx, telegram_id: int, round_id: int, page: int) -> Reply:
    """Sebelumnya/Berikutnya: another page of the checklist, checked as a tick would be."""
    press = silakip.pressed(session, ctx, telegram_id, round_id)
    card = cards.for_step(session, ctx, press.round, StepNo.SILAKIP, page=page)
    return Reply(edit=Edit(card.text, card.buttons))

"""A typed text: what it answers is looked up in the database (a value, a reason, a target),
and the answer, what comes next and the claim on the message commit together."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from bot import texts
from bot.chat import approval, draft, filling, verification
from bot.chat.reply import Reply, text
from bot.workflow import common, conversation
from bot.workflow.context import Ctx, update_of
from bot.workflow.conversation import Dropped, Expect
from storage.models import User

Route = Callable[[Session, Ctx, User, dict[str, Any], str], Reply]

ROUTES: dict[Expect, Route] = {
    Expect.NILAI: filling.value,
    Expect.KETERANGAN: filling.keterangan,
    Expect.PENGHAMBAT: filling.penghambat,
    Expect.UPAYA: filling.upaya,
    Expect.PENDORONG: filling.pendorong,
    Expect.TARGET: draft.target,
    Expect.ALASAN_DRAFT: draft.returned,
    Expect.ALASAN_BIDANG: verification.returned,
    Expect.ALASAN_PUTARAN: approval.returned,
}


@update_of
def receive(session: Session, ctx: Ctx, telegram_id: int, message_id: int, typed: str) -> Reply:
    """Takes a typed message once (a repeat delivery, or an older message arriving late,
    changes nothing) and answers what it was asked for, if that question still stands."""
    user = common.actor(session, telegram_id)
    if not conversation.claim(session, user, message_id):
        return Reply()
    pending = conversation.still_asked(session, ctx, user)
    if isinstance(pending, Dropped):
        return text(pending.message)
    route = ROUTES.get(pending.kind) if pending is not None else None
    if pending is None or route is None:
        roles = list(common.roles_of(session, user, ctx.now()))
        return text(texts.TIDAK_DIMENGERTI + "\n" + texts.bantuan(roles))
    return route(session, ctx, user, pending.payload, typed)

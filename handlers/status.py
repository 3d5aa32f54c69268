"""/status: the open rounds, who holds each step, deadlines and lateness."""

from __future__ import annotations

from telegram import Update

from bot import texts
from bot.workflow import status
from handlers.common import Context, ctx_of, guarded, reply, tz_of, user_id


@guarded
async def show(update: Update, context: Context) -> None:
    rounds = status.overview(ctx_of(context), user_id(update))
    await reply(update, context, texts.status(rounds, tz_of(context)))

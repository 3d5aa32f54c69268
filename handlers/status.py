"""/status: the open rounds, who holds each step, deadlines and lateness; /tugas: the cards
waiting for this person, sent again."""

from __future__ import annotations

from telegram import Update

from bot import texts
from bot.workflow import handover, status
from handlers.common import Context, ctx_of, guarded, reply, tz_of, user_id, wake_outbox


@guarded
async def show(update: Update, context: Context) -> None:
    rounds = status.overview(ctx_of(context), user_id(update))
    await reply(update, context, texts.status(rounds, tz_of(context)))


@guarded
async def tugas(update: Update, context: Context) -> None:
    """/tugas: every card this person can act on now comes again, newest state (DESIGN §9)."""
    count = handover.resend_tasks(ctx_of(context), user_id(update))
    await reply(update, context, texts.tugas_dikirim(count) if count else texts.TIDAK_ADA_TUGAS)
    wake_outbox(context)

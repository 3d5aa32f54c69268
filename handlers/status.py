"""/status: the open rounds, who holds each step, deadlines and lateness; /tugas: the cards
waiting for this person, sent again."""

from __future__ import annotations

from telegram import Update

from bot.chat import people
from handlers.common import Context, ctx_of, guarded, render, user_id


@guarded
async def show(update: Update, context: Context) -> None:
    await render(update, context, people.where_we_stand(ctx_of(context), user_id(update)))


@guarded
async def tugas(update: Update, context: Context) -> None:
    """/tugas: every card this person can act on now comes again, newest state (DESIGN §9)."""
    await render(update, context, people.tasks(ctx_of(context), user_id(update)))

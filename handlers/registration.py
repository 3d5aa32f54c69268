"""/start with an invite, /bantuan, /batal, /undang, and the command menus per role."""

from __future__ import annotations

from telegram import Update

from bot.chat import people
from handlers.common import Context, ctx_of, guarded, render, user_id


@guarded
async def start(update: Update, context: Context) -> None:
    assert update.effective_user is not None
    code = context.args[0] if context.args else ""
    answer = people.start(
        ctx_of(context), update.effective_user.id, update.effective_user.full_name, code
    )
    await render(update, context, answer)


@guarded
async def bantuan(update: Update, context: Context) -> None:
    await render(update, context, people.help_for(ctx_of(context), user_id(update)))


@guarded
async def batal(update: Update, context: Context) -> None:
    await render(update, context, people.cancel(ctx_of(context), user_id(update)))


@guarded
async def undang(update: Update, context: Context) -> None:
    answer = people.invite(ctx_of(context), user_id(update), context.args or [])
    await render(update, context, answer)

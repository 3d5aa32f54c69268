"""/unduh and the Unduh button: the compiled workbook, DRAFT until final."""

from __future__ import annotations

import asyncio

from telegram import Update

from bot.chat import download
from handlers.common import Context, answered, ctx_of, guarded, ids, send_file, user_id


@guarded
async def unduh(update: Update, context: Context) -> None:
    """/unduh [tahun] [triwulan]: by default the newest open round, else the last quarter."""
    assert update.effective_chat is not None
    name, content = await asyncio.to_thread(
        download.workbook, ctx_of(context), user_id(update), context.args or []
    )
    await send_file(context, update.effective_chat.id, name, content)


@guarded
async def unduh_tombol(update: Update, context: Context) -> None:
    """Unduh on a card: who may have that round is checked before the press is answered."""
    assert update.effective_chat is not None
    (round_id,) = ids(update, 1)
    ctx = ctx_of(context)
    tahun, triwulan = download.checked_round(ctx, user_id(update), round_id)
    await answered(update)
    name, content = await asyncio.to_thread(
        download.of_round, ctx, user_id(update), tahun, triwulan
    )
    await send_file(context, update.effective_chat.id, name, content)

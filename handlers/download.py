"""/unduh and the Unduh button: the compiled workbook, DRAFT until final."""

from __future__ import annotations

import asyncio

from telegram import Update

from bot.workflow import files, lookup
from handlers.arguments import typed_period
from handlers.common import Context, answered, ctx_of, guarded, ids, send_file, user_id


async def _send(update: Update, context: Context, tahun: int, triwulan: int) -> None:
    assert update.effective_chat is not None
    ctx = ctx_of(context)
    name, content = await asyncio.to_thread(
        files.compiled_for, ctx, actor=user_id(update), tahun=tahun, triwulan=triwulan
    )
    await send_file(context, update.effective_chat.id, name, content)


@guarded
async def unduh(update: Update, context: Context) -> None:
    """/unduh [tahun] [triwulan]: by default the newest open round, else the last quarter."""
    ctx = ctx_of(context)
    lookup.person(ctx, user_id(update))
    tahun, triwulan = typed_period(context, "unduh", lookup.default_period(ctx))
    await _send(update, context, tahun, triwulan)


@guarded
async def unduh_tombol(update: Update, context: Context) -> None:
    """Unduh on a card: who may have that round is checked before the press is answered."""
    (round_id,) = ids(update, 1)
    round_ = files.downloadable_round(ctx_of(context), actor=user_id(update), round_id=round_id)
    await answered(update)
    await _send(update, context, round_.tahun, round_.triwulan)

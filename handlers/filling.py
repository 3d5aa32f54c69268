"""Step 4 in chat: the Kabid's presses and uploaded file; typed values go through `text`."""

from __future__ import annotations

import asyncio

from telegram import Update

from bot import texts
from bot.chat import filling
from handlers.common import Context, ctx_of, guarded, ids, render, reply, user_id


@guarded
async def isi(update: Update, context: Context) -> None:
    """/isi: continue at the first indicator that needs an answer."""
    await render(update, context, filling.isi(ctx_of(context), user_id(update)))


@guarded
async def mulai_isi(update: Update, context: Context) -> None:
    (sid,) = ids(update, 1)
    await render(update, context, filling.start(ctx_of(context), user_id(update), sid))


@guarded
async def lewati(update: Update, context: Context) -> None:
    sid, iid = ids(update, 2)
    await render(update, context, filling.skip(ctx_of(context), user_id(update), sid, iid))


@guarded
async def sebelumnya(update: Update, context: Context) -> None:
    sid, iid = ids(update, 2)
    await render(update, context, filling.previous(ctx_of(context), user_id(update), sid, iid))


@guarded
async def ubah(update: Update, context: Context) -> None:
    sid, iid = ids(update, 2)
    await render(update, context, filling.change(ctx_of(context), user_id(update), sid, iid))


@guarded
async def ubah_pilih(update: Update, context: Context) -> None:
    (sid,) = ids(update, 1)
    await render(update, context, filling.pick_to_change(ctx_of(context), user_id(update), sid))


@guarded
async def ya_benar(update: Update, context: Context) -> None:
    sid, iid = ids(update, 2)
    await render(update, context, filling.confirm(ctx_of(context), user_id(update), sid, iid))


@guarded
async def tambah_keterangan(update: Update, context: Context) -> None:
    sid, iid = ids(update, 2)
    answer = filling.ask_keterangan(ctx_of(context), user_id(update), sid, iid)
    await render(update, context, answer)


@guarded
async def kirim(update: Update, context: Context) -> None:
    sid, version = ids(update, 2)
    await render(update, context, filling.send(ctx_of(context), user_id(update), sid, version))


@guarded
async def upload(update: Update, context: Context) -> None:
    """The filled format sent back as a file: saved only when the whole file is valid."""
    assert update.message is not None and update.message.document is not None
    ctx = ctx_of(context)
    document = update.message.document
    limit = ctx.settings.maks_unggah_mb * 1024 * 1024
    if document.file_size is not None and document.file_size > limit:
        await reply(update, context, texts.berkas_terlalu_besar(ctx.settings.maks_unggah_mb))
        return
    telegram_file = await context.bot.get_file(document.file_id)
    content = bytes(await telegram_file.download_as_bytearray())
    answer = await asyncio.to_thread(
        filling.receive_file, ctx, user_id(update), content, document.file_name or "format.xlsx"
    )
    await render(update, context, answer)

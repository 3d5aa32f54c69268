"""Step 4 in chat: the Kabid's presses, and the files sent (the filled format, or a photo or a
document as bukti dukung); typed values go through `text`."""

from __future__ import annotations

import asyncio

from telegram import Update

from bot import texts
from bot.chat import filling, uploads
from bot.limits import MAX_BUKTI_BYTES, MAX_BUKTI_MB
from bot.workflow.bukti import megabytes
from handlers.common import (
    Context,
    answered,
    ctx_of,
    guarded,
    ids,
    render,
    reply,
    send_file,
    user_id,
)


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
async def lewati_analisis(update: Update, context: Context) -> None:
    sid, iid, step = ids(update, 3)
    answer = filling.skip_analysis(ctx_of(context), user_id(update), sid, iid, step)
    await render(update, context, answer)


@guarded
async def tambah_pendorong(update: Update, context: Context) -> None:
    sid, iid, current = ids(update, 3)
    answer = filling.add_pendorong(ctx_of(context), user_id(update), sid, iid, current)
    await render(update, context, answer)


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
async def kirim_tanpa_analisis(update: Update, context: Context) -> None:
    sid, version = ids(update, 2)
    answer = filling.send_anyway(ctx_of(context), user_id(update), sid, version)
    await render(update, context, answer)


@guarded
async def upload(update: Update, context: Context) -> None:
    """A document or a photo: the filled format, or a bukti dukung of the card open. Nothing
    is fetched for one who has no file to give, nor anything larger than it may be (a photo is
    never a format)."""
    message = update.message
    assert message is not None
    ctx = ctx_of(context)
    refused = await asyncio.to_thread(uploads.may_send, ctx, user_id(update))
    if refused is not None:
        await reply(update, context, refused)
        return
    format_mb = ctx.settings.maks_unggah_mb
    if message.photo:
        sent, filename = message.photo[-1], None  # the largest size Telegram made of it
        limit = MAX_BUKTI_BYTES
    else:
        assert message.document is not None
        sent, filename = message.document, message.document.file_name
        limit = max(format_mb * 1024 * 1024, MAX_BUKTI_BYTES)
    if sent.file_size is not None and sent.file_size > limit:
        size = megabytes(sent.file_size)
        await reply(
            update,
            context,
            texts.bukti_terlalu_besar(size, MAX_BUKTI_MB)
            if message.photo
            else texts.berkas_melebihi(size, format_mb, MAX_BUKTI_MB),
        )
        return
    telegram_file = await context.bot.get_file(sent.file_id)
    content = bytes(await telegram_file.download_as_bytearray())
    answer = await asyncio.to_thread(
        uploads.receive_file, ctx, user_id(update), message.message_id, content, filename
    )
    await render(update, context, answer)


@guarded
async def hapus_bukti(update: Update, context: Context) -> None:
    (bukti_id,) = ids(update, 1)
    answer = uploads.remove_file(ctx_of(context), user_id(update), bukti_id)
    await render(update, context, answer)


@guarded
async def bukti(update: Update, context: Context) -> None:
    """An evidence file's button: who may see it is checked before the press is answered."""
    assert update.effective_chat is not None
    (bukti_id,) = ids(update, 1)
    filename, content = await asyncio.to_thread(
        uploads.open_file, ctx_of(context), user_id(update), bukti_id
    )
    await answered(update)
    await send_file(context, update.effective_chat.id, filename, content)

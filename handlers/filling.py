"""Step 4 in chat, the heart: one indicator per card, each answer saved the moment it is typed.

Where the Kabid is (which indicator a typed number answers) lives in the database, so /isi
or Mulai isi after a pause, another command or a restart resumes at the first unanswered one.
"""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import Update

from bot import texts
from bot.errors import NotFound
from bot.numbers import parse_number
from bot.workflow import conversation, filling, lookup
from bot.workflow import upload as upload_format
from bot.workflow.conversation import Expect
from bot.workflow.lookup import FillState
from bot.workflow.views import FillItem, next_to_answer
from handlers import keyboards
from handlers.common import (
    Context,
    answered,
    ctx_of,
    edit,
    guarded,
    ids,
    reply,
    strip_buttons,
    tz_of,
    user_id,
    wake_outbox,
)


def _item(state: FillState, indicator_id: int) -> FillItem:
    for item in state.items:
        if item.indicator_id == indicator_id:
            return item
    raise NotFound(texts.INDIKATOR_BUKAN_BIDANG_ANDA)


async def show_card(update: Update, context: Context, state: FillState, item: FillItem) -> None:
    conversation.expect(
        ctx_of(context),
        user_id(update),
        Expect.NILAI,
        submission_id=state.submission.id,
        indicator_id=item.indicator_id,
    )
    await reply(
        update,
        context,
        texts.kartu_indikator(item, len(state.items), state.round.triwulan),
        keyboards.indicator_card(state.submission, item),
    )


async def show_summary(update: Update, context: Context, state: FillState) -> None:
    conversation.forget(ctx_of(context), user_id(update))
    lines = [texts.ringkasan_judul(state.bidang, state.round.tahun, state.round.triwulan)]
    lines += [texts.ringkasan_baris(item) for item in state.items]
    can_change = state.submission.state in ("diisi", "dikembalikan")
    await reply(
        update, context, "\n".join(lines), keyboards.summary(state.submission) if can_change else ()
    )


async def show_next(
    update: Update, context: Context, state: FillState, after: int | None, skip: int | None = None
) -> None:
    """The next indicator needing an answer after position `after`, or the summary."""
    candidates = [i for i in state.items if i.nomor != skip]
    item = next_to_answer(candidates, after)
    if item is None or state.submission.state not in ("diisi", "dikembalikan"):
        await show_summary(update, context, state)
    else:
        await show_card(update, context, state, item)


@guarded
async def isi(update: Update, context: Context) -> None:
    """/isi: continue at the first indicator that needs an answer."""
    state = lookup.fill_state(ctx_of(context), user_id(update))
    await show_next(update, context, state, after=None)


@guarded
async def mulai_isi(update: Update, context: Context) -> None:
    (submission_id,) = ids(update, 1)
    state = lookup.fill_state(ctx_of(context), user_id(update), submission_id)
    await answered(update)
    await show_next(update, context, state, after=None)


async def receive_value(update: Update, context: Context, payload: dict[str, Any]) -> None:
    """A typed realisation: echoed as understood, with its capaian; far from target asks again."""
    assert update.message is not None and update.message.text is not None
    ctx = ctx_of(context)
    sid, iid = payload["submission_id"], payload["indicator_id"]
    try:
        value = parse_number(update.message.text)
    except ValueError as error:
        state = lookup.fill_state(ctx, user_id(update), sid)
        await reply(update, context, str(error))
        await show_card(update, context, state, _item(state, iid))
        return
    saved = filling.save_value(
        ctx, actor=user_id(update), submission_id=sid, indicator_id=iid, value=value
    )
    await reply(update, context, texts.tercatat(saved.item, saved.total, saved.replaced))
    state = lookup.fill_state(ctx, user_id(update), sid)
    if saved.far_from_target:
        await reply(
            update,
            context,
            texts.jauh_dari_target(saved.item, saved.total, value),
            keyboards.far_from_target(state.submission, saved.item),
        )
        return
    await show_next(update, context, state, after=saved.item.nomor)


@guarded
async def upload(update: Update, context: Context) -> None:
    """The filled format sent back as a file: saved only when the whole file is valid."""
    assert update.message is not None and update.message.document is not None
    ctx = ctx_of(context)
    lookup.person(ctx, user_id(update))
    document = update.message.document
    limit = ctx.settings.maks_unggah_mb * 1024 * 1024
    if document.file_size is not None and document.file_size > limit:
        await reply(update, context, texts.berkas_terlalu_besar(ctx.settings.maks_unggah_mb))
        return
    telegram_file = await context.bot.get_file(document.file_id)
    content = bytes(await telegram_file.download_as_bytearray())
    result = await asyncio.to_thread(
        upload_format.apply_upload,
        ctx,
        actor=user_id(update),
        content=content,
        filename=document.file_name or "format.xlsx",
    )
    await reply(update, context, result.message)
    await show_summary(
        update, context, lookup.fill_state(ctx, user_id(update), result.submission.id)
    )


@guarded
async def ya_benar(update: Update, context: Context) -> None:
    sid, iid = ids(update, 2)
    ctx = ctx_of(context)
    state = lookup.fill_state(ctx, user_id(update), sid)
    _item(state, iid)
    conversation.expect(
        ctx, user_id(update), Expect.KETERANGAN, submission_id=sid, indicator_id=iid
    )
    await answered(update)
    await strip_buttons(update)
    await reply(update, context, texts.TULIS_KETERANGAN_JAUH)


@guarded
async def tambah_keterangan(update: Update, context: Context) -> None:
    sid, iid = ids(update, 2)
    ctx = ctx_of(context)
    item = _item(lookup.fill_state(ctx, user_id(update), sid), iid)
    conversation.expect(
        ctx, user_id(update), Expect.KETERANGAN, submission_id=sid, indicator_id=iid
    )
    await answered(update)
    await reply(update, context, texts.minta_keterangan(item))


async def receive_keterangan(update: Update, context: Context, payload: dict[str, Any]) -> None:
    assert update.message is not None and update.message.text is not None
    ctx = ctx_of(context)
    sid, iid = payload["submission_id"], payload["indicator_id"]
    item = filling.save_keterangan(
        ctx, actor=user_id(update), submission_id=sid, indicator_id=iid, text=update.message.text
    )
    await reply(update, context, texts.KETERANGAN_TERSIMPAN)
    await show_next(update, context, lookup.fill_state(ctx, user_id(update), sid), after=item.nomor)


@guarded
async def ubah(update: Update, context: Context) -> None:
    """Ubah on a far-from-target card or a pick from the summary: that indicator's card."""
    sid, iid = ids(update, 2)
    state = lookup.fill_state(ctx_of(context), user_id(update), sid)
    item = _item(state, iid)
    await answered(update)
    await strip_buttons(update)
    await show_card(update, context, state, item)


@guarded
async def lewati(update: Update, context: Context) -> None:
    """Lewati: on to the next unanswered one; skipped ones come back before the summary."""
    sid, iid = ids(update, 2)
    state = lookup.fill_state(ctx_of(context), user_id(update), sid)
    item = _item(state, iid)
    await answered(update)
    await strip_buttons(update)
    await show_next(update, context, state, after=item.nomor, skip=item.nomor)


@guarded
async def sebelumnya(update: Update, context: Context) -> None:
    sid, iid = ids(update, 2)
    state = lookup.fill_state(ctx_of(context), user_id(update), sid)
    item = _item(state, iid)
    previous = state.items[max(item.nomor - 2, 0)]
    await answered(update)
    await strip_buttons(update)
    await show_card(update, context, state, previous)


@guarded
async def ubah_pilih(update: Update, context: Context) -> None:
    (sid,) = ids(update, 1)
    state = lookup.fill_state(ctx_of(context), user_id(update), sid)
    await answered(update)
    await reply(
        update,
        context,
        texts.pilih_ubah(),
        keyboards.pick_to_change(state.submission, state.items),
    )


@guarded
async def kirim(update: Update, context: Context) -> None:
    sid, version = ids(update, 2)
    ctx = ctx_of(context)
    filling.send(ctx, actor=user_id(update), submission_id=sid, expected_version=version)
    wake_outbox(context)
    conversation.forget(ctx, user_id(update))
    await answered(update)
    state = lookup.fill_state(ctx, user_id(update), sid)
    lines = [texts.ringkasan_judul(state.bidang, state.round.tahun, state.round.triwulan)]
    lines += [texts.ringkasan_baris(item) for item in state.items]
    lines.append(texts.terkirim(ctx.now(), tz_of(context)))
    await edit(update.callback_query, "\n".join(lines))

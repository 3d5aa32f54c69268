"""Typed text: what it answers is looked up in the database (a value, a reason, a target)."""

from __future__ import annotations

from telegram import Update

from bot import texts
from bot.workflow import conversation, lookup
from bot.workflow.conversation import Expect
from handlers import approval, draft, filling, verification
from handlers.common import Context, ctx_of, guarded, refuse, reply, user_id

ROUTES = {
    Expect.NILAI: filling.receive_value,
    Expect.KETERANGAN: filling.receive_keterangan,
    Expect.TARGET: draft.receive_target,
    Expect.ALASAN_DRAFT: draft.receive_draft_reason,
    Expect.ALASAN_BIDANG: verification.receive_reason,
    Expect.ALASAN_PUTARAN: approval.receive_reason,
}


@guarded
async def receive(update: Update, context: Context) -> None:
    ctx = ctx_of(context)
    assert update.message is not None
    if not conversation.take_text(ctx, user_id(update), update.message.message_id):
        return
    pending = conversation.awaited(ctx, user_id(update))
    if isinstance(pending, conversation.Dropped):
        await reply(update, context, pending.message)
        return
    route = ROUTES.get(pending.kind) if pending else None
    if pending is None or route is None:
        person = lookup.person(ctx, user_id(update))
        await reply(
            update,
            context,
            texts.TIDAK_DIMENGERTI + "\n" + texts.bantuan(list(person.roles)),
        )
        return
    await route(update, context, pending.payload)


@guarded
async def unknown_command(update: Update, context: Context) -> None:
    person = lookup.person(ctx_of(context), user_id(update))
    await reply(update, context, texts.TIDAK_DIMENGERTI + "\n" + texts.bantuan(list(person.roles)))


@guarded
async def unknown_button(update: Update, context: Context) -> None:
    """A forged or outdated button: answered, and nothing changes (`guarded` has already
    refused anyone who is not one of the office)."""
    await refuse(update, context, texts.TOMBOL_TIDAK_DIKENAL)


@guarded
async def unsupported(update: Update, context: Context) -> None:
    """A photo, a sticker, a voice note: say what the bot can take instead of staying silent."""
    lookup.person(ctx_of(context), user_id(update))
    await reply(update, context, texts.JENIS_PESAN_TIDAK_DIDUKUNG)


@guarded
async def edited(update: Update, context: Context) -> None:
    """An edited message is not taken again: say so, so nobody believes the edit was saved."""
    lookup.person(ctx_of(context), user_id(update))
    await reply(update, context, texts.PESAN_DIUBAH_TIDAK_DIPROSES)

"""Typed text, and what is neither a command nor a button: the core decides what it answers."""

from __future__ import annotations

from telegram import Update

from bot import texts
from bot.chat import people, text
from handlers.common import Context, ctx_of, guarded, refuse, render, user_id


@guarded
async def receive(update: Update, context: Context) -> None:
    assert update.message is not None and update.message.text is not None
    answer = text.receive(
        ctx_of(context), user_id(update), update.message.message_id, update.message.text
    )
    await render(update, context, answer)


@guarded
async def unknown_command(update: Update, context: Context) -> None:
    await render(update, context, people.not_understood(ctx_of(context), user_id(update)))


@guarded
async def unknown_button(update: Update, context: Context) -> None:
    """A forged or outdated button: answered, and nothing changes (`guarded` has already
    refused anyone who is not one of the office)."""
    await refuse(update, context, texts.TOMBOL_TIDAK_DIKENAL)


@guarded
async def unsupported(update: Update, context: Context) -> None:
    """A photo, a sticker, a voice note: say what the bot can take instead of staying silent."""
    answer = people.told(ctx_of(context), user_id(update), texts.JENIS_PESAN_TIDAK_DIDUKUNG)
    await render(update, context, answer)


@guarded
async def edited(update: Update, context: Context) -> None:
    """An edited message is not taken again: say so, so nobody believes the edit was saved."""
    answer = people.told(ctx_of(context), user_id(update), texts.PESAN_DIUBAH_TIDAK_DIPROSES)
    await render(update, context, answer)

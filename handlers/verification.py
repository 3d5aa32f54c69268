"""Step 5 in chat (and reopening a bidang at step 6): verify, or return with picked indicators."""

from __future__ import annotations

from telegram import Update

from bot.chat import verification
from handlers.common import Context, card_of, ctx_of, guarded, ids, render, user_id


@guarded
async def daftar(update: Update, context: Context) -> None:
    """/verifikasi: the bidang waiting for verification."""
    await render(update, context, verification.waiting(ctx_of(context), user_id(update)))


@guarded
async def buka(update: Update, context: Context) -> None:
    (sid,) = ids(update, 1)
    await render(update, context, verification.open_one(ctx_of(context), user_id(update), sid))


@guarded
async def terverifikasi(update: Update, context: Context) -> None:
    sid, version = ids(update, 2)
    answer = verification.verify(ctx_of(context), user_id(update), sid, version)
    await render(update, context, answer)


@guarded
async def kembalikan(update: Update, context: Context) -> None:
    """Kembalikan (step 5) or a bidang picked to reopen (step 6): first pick the indicators."""
    sid, version = ids(update, 2)
    answer = verification.start_return(ctx_of(context), user_id(update), sid, version)
    await render(update, context, answer)


@guarded
async def pilih(update: Update, context: Context) -> None:
    sid, version, iid = ids(update, 3)
    answer = verification.toggle(ctx_of(context), user_id(update), sid, version, iid)
    await render(update, context, answer)


@guarded
async def lanjut(update: Update, context: Context) -> None:
    sid, version = ids(update, 2)
    answer = verification.ask_reason(
        ctx_of(context), user_id(update), sid, version, card_of(update)
    )
    await render(update, context, answer)


@guarded
async def buka_kembali(update: Update, context: Context) -> None:
    """After a return at steps 7–9: pick a verified bidang to reopen."""
    round_id, _version = ids(update, 2)
    answer = verification.reopen_list(ctx_of(context), user_id(update), round_id)
    await render(update, context, answer)

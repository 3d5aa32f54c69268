"""Steps 6–11 in chat: compile and submit, paraf, signature, returns, final, SILAKIP."""

from __future__ import annotations

import asyncio

from telegram import Update

from bot.chat import approval
from handlers.common import Context, card_of, ctx_of, guarded, ids, render, user_id


@guarded
async def susun(update: Update, context: Context) -> None:
    """Susun dan serahkan (step 6): the compiled data goes to the Kasubag PKA."""
    round_id, version = ids(update, 2)
    answer = approval.submit(ctx_of(context), user_id(update), round_id, version)
    await render(update, context, answer)


@guarded
async def paraf(update: Update, context: Context) -> None:
    """Paraf (steps 7–8) or Tandatangani (step 9): one tap, re-checked on the server."""
    round_id, version = ids(update, 2)
    answer = approval.paraf(ctx_of(context), user_id(update), round_id, version)
    await render(update, context, answer)


@guarded
async def kembalikan(update: Update, context: Context) -> None:
    round_id, version = ids(update, 2)
    answer = approval.ask_return(
        ctx_of(context), user_id(update), round_id, version, card_of(update)
    )
    await render(update, context, answer)


@guarded
async def finalkan(update: Update, context: Context) -> None:
    round_id, version = ids(update, 2)
    # Finalising builds and stores the final workbook: heavy, so off the event loop.
    answer = await asyncio.to_thread(
        approval.finalise, ctx_of(context), user_id(update), round_id, version
    )
    await render(update, context, answer)


@guarded
async def silakip_bidang(update: Update, context: Context) -> None:
    """A bidang's name on step 11's checklist: entered into SILAKIP; the card is redrawn."""
    round_id, bidang_id, page = ids(update, 3)
    answer = approval.silakip_tick(ctx_of(context), user_id(update), round_id, bidang_id, page)
    await render(update, context, answer)


@guarded
async def silakip_halaman(update: Update, context: Context) -> None:
    """Sebelumnya/Berikutnya on step 11's checklist."""
    round_id, page = ids(update, 2)
    answer = approval.silakip_page(ctx_of(context), user_id(update), round_id, page)
    await render(update, context, answer)


@guarded
async def silakip_semua(update: Update, context: Context) -> None:
    """Semua on step 11's checklist: every bidang left, and the round ends."""
    (round_id,) = ids(update, 1)
    answer = approval.silakip_all(ctx_of(context), user_id(update), round_id)
    await render(update, context, answer)

"""Steps 6–11 in chat: compile and submit, paraf, signature, returns, final, SILAKIP."""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import Update

from bot.workflow import approvals
from bot.workflow.conversation import Expect
from handlers.common import (
    Context,
    ask_reason,
    ctx_of,
    decided,
    guarded,
    ids,
    reason_recorded,
    typed,
    user_id,
)

_DONE = {"paraf": "✍️ Diparaf", "tandatangan": "✍️ Ditandatangani"}


@guarded
async def susun(update: Update, context: Context) -> None:
    """Susun dan serahkan (step 6): the compiled data goes to the Kasubag PKA."""
    round_id, version = ids(update, 2)
    approvals.submit_compiled(
        ctx_of(context), actor=user_id(update), round_id=round_id, expected_version=version
    )
    await decided(update, context, "📨 Data kinerja disusun dan diserahkan ke Kasubag PKA")


@guarded
async def paraf(update: Update, context: Context) -> None:
    """Paraf (steps 7–8) or Tandatangani (step 9): one tap, re-checked on the server."""
    round_id, version = ids(update, 2)
    done = approvals.approve(
        ctx_of(context), actor=user_id(update), round_id=round_id, expected_version=version
    )
    await decided(update, context, _DONE[done.action], keep_card=True)


@guarded
async def kembalikan(update: Update, context: Context) -> None:
    round_id, version = ids(update, 2)
    approvals.check_return_round(
        ctx_of(context), actor=user_id(update), round_id=round_id, expected_version=version
    )
    await ask_reason(update, context, Expect.ALASAN_PUTARAN, round_id=round_id, version=version)


async def receive_reason(update: Update, context: Context, payload: dict[str, Any]) -> None:
    approvals.return_round(
        ctx_of(context),
        actor=user_id(update),
        round_id=payload["round_id"],
        expected_version=payload["version"],
        reason=typed(update),
    )
    await reason_recorded(update, context, payload, "↩️ Dikembalikan ke operator")


@guarded
async def finalkan(update: Update, context: Context) -> None:
    round_id, version = ids(update, 2)
    # Finalising builds and stores the final workbook: heavy, so off the event loop.
    await asyncio.to_thread(
        approvals.finalise,
        ctx_of(context),
        actor=user_id(update),
        round_id=round_id,
        expected_version=version,
    )
    await decided(update, context, "🔒 Data kinerja difinalkan")


@guarded
async def silakip(update: Update, context: Context) -> None:
    round_id, version = ids(update, 2)
    approvals.silakip_done(
        ctx_of(context), actor=user_id(update), round_id=round_id, expected_version=version
    )
    await decided(update, context, "✅ Sudah diinput ke SILAKIP")

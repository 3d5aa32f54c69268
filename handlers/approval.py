"""Steps 6–11 in chat: compile and submit, paraf, signature, returns, final, SILAKIP."""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import ForceReply, Update

from bot import texts_chat
from bot.workflow import approvals, conversation, lookup
from bot.workflow.conversation import Expect
from handlers.common import (
    Context,
    answered,
    ctx_of,
    edit,
    edit_card,
    guarded,
    ids,
    reply,
    tz_of,
    user_id,
    wake_outbox,
)

_DONE = {"paraf": "✍️ Diparaf", "tandatangan": "✍️ Ditandatangani"}


@guarded
async def susun(update: Update, context: Context) -> None:
    """Susun dan serahkan (step 6): the compiled data goes to the Kasubag PKA."""
    round_id, version = ids(update, 2)
    ctx = ctx_of(context)
    approvals.submit_compiled(
        ctx, actor=user_id(update), round_id=round_id, expected_version=version
    )
    wake_outbox(context)
    await answered(update)
    person = lookup.person(ctx, user_id(update))
    await edit(
        update.callback_query,
        texts_chat.keputusan(
            "📨 Data kinerja disusun dan diserahkan ke Kasubag PKA",
            person.nama,
            ctx.now(),
            tz_of(context),
        ),
    )


@guarded
async def paraf(update: Update, context: Context) -> None:
    """Paraf (steps 7–8) or Tandatangani (step 9): one tap, re-checked on the server."""
    round_id, version = ids(update, 2)
    ctx = ctx_of(context)
    done = approvals.approve(
        ctx, actor=user_id(update), round_id=round_id, expected_version=version
    )
    wake_outbox(context)
    await answered(update)
    person = lookup.person(ctx, user_id(update))
    assert update.callback_query is not None and update.callback_query.message is not None
    before = getattr(update.callback_query.message, "text", "") or ""
    await edit(
        update.callback_query,
        before
        + "\n\n"
        + texts_chat.keputusan(_DONE[done.action], person.nama, ctx.now(), tz_of(context)),
    )


@guarded
async def kembalikan(update: Update, context: Context) -> None:
    round_id, version = ids(update, 2)
    ctx = ctx_of(context)
    lookup.person(ctx, user_id(update))
    assert update.callback_query is not None and update.callback_query.message is not None
    conversation.expect(
        ctx,
        user_id(update),
        Expect.ALASAN_PUTARAN,
        round_id=round_id,
        version=version,
        chat_id=update.callback_query.message.chat.id,
        message_id=update.callback_query.message.message_id,
    )
    await answered(update)
    await reply(update, context, texts_chat.TULIS_ALASAN, reply_markup=ForceReply(selective=True))


async def receive_reason(update: Update, context: Context, payload: dict[str, Any]) -> None:
    assert update.message is not None and update.message.text is not None
    ctx = ctx_of(context)
    approvals.return_round(
        ctx,
        actor=user_id(update),
        round_id=payload["round_id"],
        expected_version=payload["version"],
        reason=update.message.text,
    )
    conversation.forget(ctx, user_id(update))
    wake_outbox(context)
    person = lookup.person(ctx, user_id(update))
    done = texts_chat.keputusan(
        "↩️ Dikembalikan ke operator",
        person.nama,
        ctx.now(),
        tz_of(context),
        " ".join(update.message.text.split()),
    )
    await edit_card(context, payload, done)
    await reply(update, context, done)


@guarded
async def finalkan(update: Update, context: Context) -> None:
    round_id, version = ids(update, 2)
    ctx = ctx_of(context)
    # Finalising builds and stores the final workbook: heavy, so off the event loop.
    await asyncio.to_thread(
        approvals.finalise, ctx, actor=user_id(update), round_id=round_id, expected_version=version
    )
    wake_outbox(context)
    await answered(update)
    person = lookup.person(ctx, user_id(update))
    await edit(
        update.callback_query,
        texts_chat.keputusan("🔒 Data kinerja difinalkan", person.nama, ctx.now(), tz_of(context)),
    )


@guarded
async def silakip(update: Update, context: Context) -> None:
    round_id, version = ids(update, 2)
    ctx = ctx_of(context)
    approvals.silakip_done(ctx, actor=user_id(update), round_id=round_id, expected_version=version)
    wake_outbox(context)
    await answered(update)
    person = lookup.person(ctx, user_id(update))
    await edit(
        update.callback_query,
        texts_chat.keputusan("✅ Sudah diinput ke SILAKIP", person.nama, ctx.now(), tz_of(context)),
    )

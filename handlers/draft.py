"""Steps 1–3 in chat: /putaran, the draft per bidang, Kasubag's correction, distribution."""

from __future__ import annotations

from telegram import Update

from bot.chat import draft
from handlers.common import Context, card_of, ctx_of, guarded, ids, render, user_id


@guarded
async def putaran(update: Update, context: Context) -> None:
    """/putaran [tahun] [triwulan]: opens the round, or shows where it stands."""
    answer = draft.putaran(ctx_of(context), user_id(update), context.args or [])
    await render(update, context, answer)


@guarded
async def lihat_draft(update: Update, context: Context) -> None:
    (round_id,) = ids(update, 1)
    await render(update, context, draft.view(ctx_of(context), user_id(update), round_id))


@guarded
async def pilih_bidang(update: Update, context: Context) -> None:
    round_id, bidang_id = ids(update, 2)
    answer = draft.pick_bidang(ctx_of(context), user_id(update), round_id, bidang_id)
    await render(update, context, answer)


@guarded
async def pilih_indikator(update: Update, context: Context) -> None:
    round_id, indicator_id = ids(update, 2)
    answer = draft.pick_indicator(ctx_of(context), user_id(update), round_id, indicator_id)
    await render(update, context, answer)


@guarded
async def ubah_target(update: Update, context: Context) -> None:
    round_id, indicator_id = ids(update, 2)
    answer = draft.ask_target(ctx_of(context), user_id(update), round_id, indicator_id)
    await render(update, context, answer)


@guarded
async def tidak_diukur(update: Update, context: Context) -> None:
    round_id, indicator_id = ids(update, 2)
    answer = draft.not_measured(ctx_of(context), user_id(update), round_id, indicator_id)
    await render(update, context, answer)


@guarded
async def kirim_draft(update: Update, context: Context) -> None:
    round_id, version = ids(update, 2)
    answer = draft.send_draft(ctx_of(context), user_id(update), round_id, version)
    await render(update, context, answer)


@guarded
async def benar(update: Update, context: Context) -> None:
    round_id, version = ids(update, 2)
    await render(
        update, context, draft.correct(ctx_of(context), user_id(update), round_id, version)
    )


@guarded
async def kembalikan_draft(update: Update, context: Context) -> None:
    round_id, version = ids(update, 2)
    answer = draft.ask_return(ctx_of(context), user_id(update), round_id, version, card_of(update))
    await render(update, context, answer)


@guarded
async def bagikan(update: Update, context: Context) -> None:
    round_id, version = ids(update, 2)
    answer = draft.distribute(ctx_of(context), user_id(update), round_id, version)
    await render(update, context, answer)

"""Steps 1–3 in chat: /putaran, the draft per bidang, Kasubag's correction, distribution."""

from __future__ import annotations

from typing import Any

from telegram import Update

from bot import texts
from bot.errors import NotFound
from bot.workflow import conversation, lookup, rounds, status
from bot.workflow.conversation import Expect
from handlers import keyboards
from handlers.arguments import typed_period
from handlers.common import (
    Context,
    answered,
    ask_reason,
    ctx_of,
    decided,
    edit,
    guarded,
    ids,
    reason_recorded,
    reply,
    typed,
    tz_of,
    user_id,
    wake_outbox,
)


@guarded
async def putaran(update: Update, context: Context) -> None:
    """/putaran [tahun] [triwulan]: opens the round, or shows where it stands."""
    ctx = ctx_of(context)
    tahun, triwulan = typed_period(
        context, "putaran", rounds.quarter_just_ended(ctx.now(), tz_of(context))
    )
    existing = lookup.round_of_period(ctx, tahun, triwulan)
    if existing is not None:
        shown = [s for s in status.overview(ctx, user_id(update)) if s.round.id == existing.id]
        await reply(
            update,
            context,
            texts.putaran_sudah_ada(tahun, triwulan) + "\n\n" + texts.status(shown, tz_of(context)),
        )
        return
    opened = rounds.open_round(ctx, actor=user_id(update), tahun=tahun, triwulan=triwulan)
    wake_outbox(context)
    text = texts.putaran_dibuka(
        tahun, triwulan, opened.round.opened_at, opened.due, opened.per_bidang, tz_of(context)
    )
    await reply(update, context, text, keyboards.draft_actions(opened.round))


@guarded
async def lihat_draft(update: Update, context: Context) -> None:
    (round_id,) = ids(update, 1)
    draft = lookup.draft(ctx_of(context), user_id(update), round_id)
    await answered(update)
    bidang = [
        (bidang_id, f"{nama} ({sum(1 for i in items if i.diukur)})")
        for bidang_id, nama, items in draft.bidang
    ]
    await reply(update, context, texts.PILIH_BIDANG, keyboards.draft_bidang(draft.round, bidang))


@guarded
async def pilih_bidang(update: Update, context: Context) -> None:
    round_id, bidang_id = ids(update, 2)
    draft = lookup.draft(ctx_of(context), user_id(update), round_id)
    for found_id, nama, items in draft.bidang:
        if found_id == bidang_id:
            await answered(update)
            await reply(
                update,
                context,
                texts.draft_bidang(nama, items, draft.round.triwulan),
                keyboards.draft_items(draft.round, items),
            )
            return
    raise NotFound(texts.DATA_BIDANG_TIDAK_ADA)


def _draft_item(
    context: Context, update: Update, round_id: int, indicator_id: int
) -> tuple[lookup.Draft, lookup.DraftItem]:
    draft = lookup.draft(ctx_of(context), user_id(update), round_id)
    for _, _, items in draft.bidang:
        for item in items:
            if item.indicator_id == indicator_id:
                return draft, item
    raise NotFound(texts.INDIKATOR_TIDAK_ADA)


@guarded
async def pilih_indikator(update: Update, context: Context) -> None:
    round_id, indicator_id = ids(update, 2)
    draft, item = _draft_item(context, update, round_id, indicator_id)
    await answered(update)
    await reply(
        update,
        context,
        texts.draft_indikator(item, draft.round.triwulan),
        keyboards.draft_item(draft.round, item),
    )


@guarded
async def ubah_target(update: Update, context: Context) -> None:
    round_id, indicator_id = ids(update, 2)
    rounds.check_draft_item(
        ctx_of(context), actor=user_id(update), round_id=round_id, indicator_id=indicator_id
    )
    draft, item = _draft_item(context, update, round_id, indicator_id)
    conversation.expect(
        ctx_of(context),
        user_id(update),
        Expect.TARGET,
        round_id=round_id,
        indicator_id=indicator_id,
    )
    await answered(update)
    await reply(update, context, texts.minta_target(item.nama, draft.round.triwulan))


async def receive_target(update: Update, context: Context, payload: dict) -> None:
    """The operator typed the corrected target (pending TARGET)."""
    from bot.numbers import parse_number

    assert update.message is not None and update.message.text is not None
    ctx = ctx_of(context)
    try:
        value = parse_number(update.message.text)
    except ValueError as error:
        await reply(update, context, str(error))
        return
    item = rounds.set_target(
        ctx,
        actor=user_id(update),
        round_id=payload["round_id"],
        indicator_id=payload["indicator_id"],
        target=value,
    )
    conversation.forget(ctx, user_id(update))
    round_ = lookup.round_for(ctx, payload["round_id"])
    await reply(
        update,
        context,
        texts.target_diubah(item.nama, value),
        keyboards.draft_actions(round_),
    )


@guarded
async def tidak_diukur(update: Update, context: Context) -> None:
    round_id, indicator_id = ids(update, 2)
    item = rounds.set_measured(
        ctx_of(context),
        actor=user_id(update),
        round_id=round_id,
        indicator_id=indicator_id,
        diukur=False,
    )
    await answered(update)
    round_ = lookup.round_for(ctx_of(context), round_id)
    await edit(
        update.callback_query,
        texts.tidak_diukur(item.nama),
        keyboards.draft_actions(round_),
    )


@guarded
async def kirim_draft(update: Update, context: Context) -> None:
    round_id, version = ids(update, 2)
    rounds.submit_draft(
        ctx_of(context), actor=user_id(update), round_id=round_id, expected_version=version
    )
    wake_outbox(context)
    await answered(update)
    await edit(update.callback_query, texts.draft_terkirim(ctx_of(context).now(), tz_of(context)))


@guarded
async def benar(update: Update, context: Context) -> None:
    round_id, version = ids(update, 2)
    rounds.approve_draft(
        ctx_of(context), actor=user_id(update), round_id=round_id, expected_version=version
    )
    await decided(update, context, "✅ Format dinyatakan benar")


@guarded
async def kembalikan_draft(update: Update, context: Context) -> None:
    round_id, version = ids(update, 2)
    rounds.check_return_draft(
        ctx_of(context), actor=user_id(update), round_id=round_id, expected_version=version
    )
    await ask_reason(update, context, Expect.ALASAN_DRAFT, round_id=round_id, version=version)


async def receive_draft_reason(update: Update, context: Context, payload: dict[str, Any]) -> None:
    rounds.return_draft(
        ctx_of(context),
        actor=user_id(update),
        round_id=payload["round_id"],
        expected_version=payload["version"],
        reason=typed(update),
    )
    await reason_recorded(update, context, payload, "↩️ Dikembalikan")


@guarded
async def bagikan(update: Update, context: Context) -> None:
    round_id, version = ids(update, 2)
    done = rounds.distribute(
        ctx_of(context), actor=user_id(update), round_id=round_id, expected_version=version
    )
    wake_outbox(context)
    await answered(update)
    await edit(update.callback_query, texts.dibagikan(done.bidang_count, done.without_kabid))

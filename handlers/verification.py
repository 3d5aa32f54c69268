"""Step 5 in chat (and reopening a bidang at step 6): verify, or return with picked indicators."""

from __future__ import annotations

from typing import Any

from telegram import Update

from bot import formatting as fmt
from bot import texts
from bot.callbacks import Act
from bot.errors import Stale
from bot.states import SubmissionState
from bot.workflow import conversation, lookup, verification
from bot.workflow.conversation import Expect
from handlers import keyboards
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
)


def _card(waiting: lookup.Waiting, tz: str) -> str:
    submission = waiting.submission
    period = texts.putaran(waiting.round.tahun, waiting.round.triwulan)
    head = f"Verifikasi — {waiting.bidang}, {period}"
    if submission.submitted_at is not None:
        head += f" (dikirim {fmt.stempel(submission.submitted_at, tz)})"
    return "\n".join([head, *(texts.ringkasan_baris(i) for i in waiting.items)])


@guarded
async def daftar(update: Update, context: Context) -> None:
    """/verifikasi: the bidang waiting for verification."""
    waiting = lookup.submissions_in(ctx_of(context), user_id(update), (SubmissionState.DIKIRIM,))
    if not waiting:
        await reply(update, context, texts.TIDAK_ADA_VERIFIKASI)
        return
    entries = [
        (texts.bidang_putaran(w.bidang, w.round.tahun, w.round.triwulan), [w.submission.id])
        for w in waiting
    ]
    await reply(
        update,
        context,
        texts.daftar_verifikasi(len(waiting)),
        keyboards.bidang_list(Act.VERIFIKASI_BIDANG, entries),
    )


@guarded
async def buka(update: Update, context: Context) -> None:
    (sid,) = ids(update, 1)
    waiting = lookup.waiting_one(ctx_of(context), user_id(update), sid)
    await answered(update)
    rows = (
        keyboards.verification(waiting.submission)
        if waiting.submission.state == SubmissionState.DIKIRIM
        else ()
    )
    await reply(update, context, _card(waiting, tz_of(context)), rows)


@guarded
async def terverifikasi(update: Update, context: Context) -> None:
    sid, version = ids(update, 2)
    ctx = ctx_of(context)
    verification.verify(ctx, actor=user_id(update), submission_id=sid, expected_version=version)
    # The card as the operator read it, whether from the outbox or /verifikasi, stays above
    # the verdict: it is the data they vouched for.
    await decided(update, context, "✅ Terverifikasi", keep_card=True)


async def _show_picks(
    update: Update,
    context: Context,
    sid: int,
    version: int,
    picked: list[int],
    *,
    in_place: bool = False,
) -> None:
    """The toggle card of a return; a toggle redraws the same card rather than a new one."""
    ctx = ctx_of(context)
    waiting = lookup.waiting_one(ctx, user_id(update), sid)
    if waiting.submission.version != version:
        raise Stale(texts.versi_berubah())
    conversation.expect(
        ctx,
        user_id(update),
        Expect.PILIH_KEMBALI,
        submission_id=sid,
        version=version,
        picked=picked,
    )
    text = texts.pilih_kembali(
        waiting.bidang, [i.nomor for i in waiting.items if i.indicator_id in picked]
    )
    rows = keyboards.pick_returned(waiting.submission, waiting.items, picked)
    if in_place and update.callback_query is not None:
        await edit(update.callback_query, text, rows)
    else:
        await reply(update, context, text, rows)


@guarded
async def kembalikan(update: Update, context: Context) -> None:
    """Kembalikan (step 5) or a bidang picked to reopen (step 6): first pick the indicators."""
    sid, version = ids(update, 2)
    await _show_picks(update, context, sid, version, [])
    await answered(update)


@guarded
async def pilih(update: Update, context: Context) -> None:
    sid, version, iid = ids(update, 3)
    picked = _picked(context, update, sid, version)
    picked = [p for p in picked if p != iid] if iid in picked else [*picked, iid]
    await _show_picks(update, context, sid, version, picked, in_place=True)
    await answered(update)


def _picked(context: Context, update: Update, sid: int, version: int) -> list[int]:
    """The indicators picked so far for a return of this bidang's data, kept with the pending
    input; picks made on another bidang's card never carry over."""
    pending = conversation.expected(ctx_of(context), user_id(update))
    if (
        pending is None
        or pending.kind != Expect.PILIH_KEMBALI
        or pending.payload.get("submission_id") != sid
        or pending.payload.get("version") != version
    ):
        return []
    return list(pending.payload.get("picked", []))


@guarded
async def lanjut(update: Update, context: Context) -> None:
    sid, version = ids(update, 2)
    verification.check_return_submission(
        ctx_of(context), actor=user_id(update), submission_id=sid, expected_version=version
    )
    await ask_reason(
        update,
        context,
        Expect.ALASAN_BIDANG,
        submission_id=sid,
        version=version,
        picked=_picked(context, update, sid, version),
    )


async def receive_reason(update: Update, context: Context, payload: dict[str, Any]) -> None:
    submission = verification.return_submission(
        ctx_of(context),
        actor=user_id(update),
        submission_id=payload["submission_id"],
        expected_version=payload["version"],
        reason=typed(update),
        indicator_ids=payload.get("picked", []),
    )
    await reason_recorded(update, context, payload, f"↩️ {submission.bidang.nama} dikembalikan")


@guarded
async def buka_kembali(update: Update, context: Context) -> None:
    """After a return at steps 7–9: pick a verified bidang to reopen."""
    round_id, _version = ids(update, 2)
    waiting = lookup.submissions_in(
        ctx_of(context), user_id(update), (SubmissionState.TERVERIFIKASI,), round_id
    )
    await answered(update)
    entries = [(w.bidang, [w.submission.id, w.submission.version]) for w in waiting]
    await reply(
        update, context, texts.PILIH_BIDANG, keyboards.bidang_list(Act.BUKA_BIDANG, entries)
    )

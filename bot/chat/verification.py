"""Step 5 in chat (and reopening a bidang at step 6): verify, or return with picked indicators."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from bot import buttons, texts
from bot.callbacks import Act
from bot.chat import decisions
from bot.chat.reply import Edit, Reply, Say, say, text
from bot.errors import Stale
from bot.states import SubmissionState
from bot.texts import labels
from bot.workflow import common, conversation, lookup, verification
from bot.workflow.context import Ctx, update_of
from bot.workflow.conversation import Expect
from storage.models import User


@update_of
def waiting(session: Session, ctx: Ctx, telegram_id: int) -> Reply:
    """/verifikasi: the bidang waiting for verification, one button each."""
    found = lookup.submissions_in(session, ctx, telegram_id, (SubmissionState.DIKIRIM,))
    if not found:
        return text(texts.TIDAK_ADA_VERIFIKASI)
    entries = [
        (texts.bidang_putaran(w.bidang, w.round.tahun, w.round.triwulan), [w.submission.id])
        for w in found
    ]
    rows = buttons.bidang_list(Act.VERIFIKASI_BIDANG, entries)
    return say(Say(texts.daftar_verifikasi(len(found)), rows))


@update_of
def open_one(session: Session, ctx: Ctx, telegram_id: int, sid: int) -> Reply:
    """A bidang picked from /verifikasi: its data, with the decision buttons while it waits,
    and a button per evidence file to open it."""
    one = lookup.waiting_one(session, ctx, telegram_id, sid)
    sub = one.submission
    card = texts.kartu_verifikasi(
        one.bidang,
        one.round.tahun,
        one.round.triwulan,
        sub.submitted_at,
        one.items,
        ctx.settings.zona_waktu,
    )
    rows = (
        buttons.verification(sub.id, sub.version, one.items)
        if sub.state == SubmissionState.DIKIRIM
        else buttons.evidence_files(one.items)
    )
    return say(Say(card, rows))


@update_of
def verify(session: Session, ctx: Ctx, telegram_id: int, sid: int, version: int) -> Reply:
    """Terverifikasi. The card as the operator read it stays above the verdict: it is the
    data they vouched for."""
    verification.verify.within(
        session, ctx, actor=telegram_id, submission_id=sid, expected_version=version
    )
    return decisions.decided(session, ctx, telegram_id, labels.TERVERIFIKASI, keep=True)


def _picks(
    session: Session,
    ctx: Ctx,
    telegram_id: int,
    sid: int,
    version: int,
    picked: list[int],
) -> tuple[str, buttons.Rows]:
    """The toggle card of a return, with `picked` remembered for Lanjut."""
    one = lookup.waiting_one(session, ctx, telegram_id, sid)
    if one.submission.version != version:
        raise Stale(texts.versi_berubah())
    user = common.actor(session, telegram_id)
    conversation.ask(
        session, ctx, user, Expect.PILIH_KEMBALI, submission_id=sid, version=version, picked=picked
    )
    card = texts.pilih_kembali(one.bidang, [i.nomor for i in one.items if i.indicator_id in picked])
    items = [(i.nomor, i.indicator_id) for i in one.items]
    return card, buttons.pick_returned(sid, version, items, picked)


@update_of
def start_return(session: Session, ctx: Ctx, telegram_id: int, sid: int, version: int) -> Reply:
    """Kembalikan (step 5), or a bidang picked to reopen (step 6): first pick the indicators."""
    card, rows = _picks(session, ctx, telegram_id, sid, version, [])
    return say(Say(card, rows))


def _picked(session: Session, user: User, sid: int, version: int) -> list[int]:
    """The indicators picked so far for a return of this bidang's data; picks made on another
    bidang's card never carry over."""
    pending = conversation.pending_of(session, user)
    if (
        pending is None
        or pending.kind != Expect.PILIH_KEMBALI
        or pending.payload.get("submission_id") != sid
        or pending.payload.get("version") != version
    ):
        return []
    return list(pending.payload.get("picked", []))


@update_of
def toggle(session: Session, ctx: Ctx, telegram_id: int, sid: int, version: int, iid: int) -> Reply:
    """A number pressed on the toggle card: picked or unpicked, the same card redrawn."""
    picked = _picked(session, common.actor(session, telegram_id), sid, version)
    picked = [p for p in picked if p != iid] if iid in picked else [*picked, iid]
    card, rows = _picks(session, ctx, telegram_id, sid, version, picked)
    return Reply(edit=Edit(card, rows))


@update_of
def ask_reason(
    session: Session, ctx: Ctx, telegram_id: int, sid: int, version: int, card: int
) -> Reply:
    """Lanjut: checked first, then the reason is asked."""
    user, _, _, _ = verification.returnable(session, ctx, telegram_id, sid, version)
    return decisions.ask_reason(
        session,
        ctx,
        user,
        Expect.ALASAN_BIDANG,
        card,
        submission_id=sid,
        version=version,
        picked=_picked(session, user, sid, version),
    )


def returned(session: Session, ctx: Ctx, user: User, given: dict[str, Any], typed: str) -> Reply:
    """The reason for returning a bidang's data, typed (pending ALASAN_BIDANG)."""
    submission = verification.return_submission.within(
        session,
        ctx,
        actor=user.telegram_id,
        submission_id=given["submission_id"],
        expected_version=given["version"],
        reason=typed,
        indicator_ids=given.get("picked", []),
    )
    verb = texts.bidang_dikembalikan_oleh(submission.bidang.nama)
    return decisions.reason_recorded(session, ctx, user, given, typed, verb)


@update_of
def reopen_list(session: Session, ctx: Ctx, telegram_id: int, round_id: int) -> Reply:
    """Buka kembali bidang, after a return at steps 7–9: pick a verified bidang to reopen."""
    found = lookup.submissions_in(
        session, ctx, telegram_id, (SubmissionState.TERVERIFIKASI,), round_id
    )
    entries = [(w.bidang, [w.submission.id, w.submission.version]) for w in found]
    return say(Say(texts.PILIH_BIDANG, buttons.bidang_list(Act.BUKA_BIDANG, entries)))

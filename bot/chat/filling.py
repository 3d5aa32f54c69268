"""Step 4 in chat, the heart: one indicator per card, each answer saved the moment it is typed.

Every answer is one unit of work that saves the value, decides what comes next and asks it:
the echo and the next card in one message ("✅ Tercatat 3/7 …" then card 4/7); on the last
indicator the echo and the summary; far from target the echo and the warning with its
buttons, the next card coming after "Ya, benar" or the corrected value; after a keterangan,
"tersimpan" and the next card. Lewati, Sebelumnya and Ubah are decided here too. A press on
a card already answered changes nothing (only the current card is actionable).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from bot import buttons, texts
from bot.chat.reply import Edit, Reply, Say, say
from bot.errors import NotFound, Stale
from bot.numbers import parse_number
from bot.states import SubmissionState
from bot.views import FillItem
from bot.workflow import common, conversation, filling, lookup, upload
from bot.workflow.context import Ctx, update_of
from bot.workflow.conversation import Expect
from bot.workflow.lookup import FillState
from bot.workflow.views import next_to_answer
from storage.models import User

_FILLING = (Expect.NILAI, Expect.KETERANGAN)


def _item(state: FillState, indicator_id: int) -> FillItem:
    for item in state.items:
        if item.indicator_id == indicator_id:
            return item
    raise NotFound(texts.INDIKATOR_BUKAN_BIDANG_ANDA)


def _card(session: Session, ctx: Ctx, user: User, state: FillState, item: FillItem) -> Say:
    """Indicator `item`'s card; the next number typed answers it."""
    conversation.ask(
        session,
        ctx,
        user,
        Expect.NILAI,
        submission_id=state.submission.id,
        indicator_id=item.indicator_id,
    )
    return Say(
        texts.kartu_indikator(item, len(state.items), state.round.triwulan),
        buttons.indicator_card(state.submission.id, item.indicator_id, first=item.nomor == 1),
        card=True,
    )


def _summary_text(state: FillState) -> str:
    lines = [texts.ringkasan_judul(state.bidang, state.round.tahun, state.round.triwulan)]
    lines += [texts.ringkasan_baris(item) for item in state.items]
    return "\n".join(lines)


def _can_change(state: FillState) -> bool:
    return SubmissionState(state.submission.state).can_fill


def _summary(session: Session, user: User, state: FillState) -> Say:
    conversation.clear(session, user)
    rows = (
        buttons.summary(state.submission.id, state.submission.version)
        if _can_change(state)
        else buttons.NONE
    )
    return Say(_summary_text(state), rows)


def _next(
    session: Session,
    ctx: Ctx,
    user: User,
    state: FillState,
    after: int | None,
    skip: int | None = None,
) -> Say:
    """The next indicator needing an answer after position `after` (skipped ones come back
    after the last, before the summary), or the summary."""
    item = next_to_answer([i for i in state.items if i.nomor != skip], after)
    if item is None or not _can_change(state):
        return _summary(session, user, state)
    return _card(session, ctx, user, state, item)


def _then(first: str, following: Say) -> Say:
    """One message: what was understood, and what is asked next."""
    return Say(f"{first}\n\n{following.text}", following.buttons, following.ask, following.card)


def _state(session: Session, ctx: Ctx, telegram_id: int, sid: int | None) -> FillState:
    return lookup.fill_state_in(session, ctx, telegram_id, sid)


def _on_current_card(session: Session, user: User, sid: int, iid: int) -> None:
    """Refuses a press on an indicator card already answered: the conversation has moved on."""
    pending = conversation.pending_of(session, user)
    if (
        pending is not None
        and pending.kind in _FILLING
        and pending.payload.get("submission_id") == sid
        and pending.payload.get("indicator_id") != iid
    ):
        raise Stale(texts.KARTU_SUDAH_TERJAWAB)


# --- Commands and presses ---


@update_of
def isi(session: Session, ctx: Ctx, telegram_id: int) -> Reply:
    """/isi: continue at the first indicator that needs an answer."""
    state = _state(session, ctx, telegram_id, None)
    return say(_next(session, ctx, common.actor(session, telegram_id), state, after=None))


@update_of
def start(session: Session, ctx: Ctx, telegram_id: int, sid: int) -> Reply:
    """Mulai isi (or Lanjutkan isi on a reminder)."""
    state = _state(session, ctx, telegram_id, sid)
    return say(_next(session, ctx, common.actor(session, telegram_id), state, after=None))


def _press(
    session: Session, ctx: Ctx, telegram_id: int, sid: int, iid: int
) -> tuple[User, FillState, FillItem]:
    state = _state(session, ctx, telegram_id, sid)
    item = _item(state, iid)
    user = common.actor(session, telegram_id)
    _on_current_card(session, user, sid, iid)
    return user, state, item


@update_of
def skip(session: Session, ctx: Ctx, telegram_id: int, sid: int, iid: int) -> Reply:
    """Lewati: on to the next unanswered one; skipped ones come back before the summary."""
    user, state, item = _press(session, ctx, telegram_id, sid, iid)
    return say(_next(session, ctx, user, state, after=item.nomor, skip=item.nomor), strip=True)


@update_of
def previous(session: Session, ctx: Ctx, telegram_id: int, sid: int, iid: int) -> Reply:
    """Sebelumnya: the card of the indicator before this one."""
    user, state, item = _press(session, ctx, telegram_id, sid, iid)
    earlier = state.items[max(item.nomor - 2, 0)]
    return say(_card(session, ctx, user, state, earlier), strip=True)


@update_of
def change(session: Session, ctx: Ctx, telegram_id: int, sid: int, iid: int) -> Reply:
    """Ubah, on a far-from-target warning or a pick from the summary: that indicator's card."""
    user, state, item = _press(session, ctx, telegram_id, sid, iid)
    return say(_card(session, ctx, user, state, item), strip=True)


@update_of
def pick_to_change(session: Session, ctx: Ctx, telegram_id: int, sid: int) -> Reply:
    """Ubah on the summary: which indicator, by its number."""
    state = _state(session, ctx, telegram_id, sid)
    items = [(i.nomor, i.indicator_id) for i in state.items]
    return say(Say(texts.pilih_ubah(), buttons.pick_to_change(sid, items)))


@update_of
def confirm(session: Session, ctx: Ctx, telegram_id: int, sid: int, iid: int) -> Reply:
    """Ya, benar on a far-from-target warning: the value stands; now its keterangan."""
    user, _, _ = _press(session, ctx, telegram_id, sid, iid)
    conversation.ask(session, ctx, user, Expect.KETERANGAN, submission_id=sid, indicator_id=iid)
    return say(Say(texts.TULIS_KETERANGAN_JAUH, ask=True), strip=True)


@update_of
def ask_keterangan(session: Session, ctx: Ctx, telegram_id: int, sid: int, iid: int) -> Reply:
    """Tambah keterangan: the next text is this indicator's keterangan."""
    user, _, item = _press(session, ctx, telegram_id, sid, iid)
    conversation.ask(session, ctx, user, Expect.KETERANGAN, submission_id=sid, indicator_id=iid)
    return say(Say(texts.minta_keterangan(item), ask=True))


@update_of
def send(session: Session, ctx: Ctx, telegram_id: int, sid: int, version: int) -> Reply:
    """Kirim: step 4 → 5; the summary card, as the Kabid read it, says when it went."""
    filling.send.within(
        session, ctx, actor=telegram_id, submission_id=sid, expected_version=version
    )
    conversation.clear(session, common.actor(session, telegram_id))
    return Reply(
        edit=Edit(texts.terkirim(ctx.now(), ctx.settings.zona_waktu), keep=True), wake=True
    )


@update_of
def receive_file(
    session: Session, ctx: Ctx, telegram_id: int, content: bytes, filename: str
) -> Reply:
    """The filled format sent back as a file: saved only when the whole file is valid."""
    result = upload.apply_upload.within(
        session, ctx, actor=telegram_id, content=content, filename=filename
    )
    state = _state(session, ctx, telegram_id, result.submission.id)
    user = common.actor(session, telegram_id)
    return say(Say(result.message), _summary(session, user, state))


# --- Typed answers (`bot.chat.text` routes them here) ---


def value(session: Session, ctx: Ctx, user: User, given: dict[str, Any], typed: str) -> Reply:
    """A typed realisation: echoed as understood with its capaian, and what comes next."""
    sid, iid = given["submission_id"], given["indicator_id"]
    try:
        number = parse_number(typed)
    except ValueError as error:
        state = _state(session, ctx, user.telegram_id, sid)
        return say(_then(str(error), _card(session, ctx, user, state, _item(state, iid))))
    saved = filling.save_value.within(
        session, ctx, actor=user.telegram_id, submission_id=sid, indicator_id=iid, value=number
    )
    echo = texts.tercatat(saved.item, saved.total, saved.replaced)
    if saved.far_from_target:
        warning = texts.jauh_dari_target(saved.item, saved.total, Decimal(number))
        return say(Say(f"{echo}\n\n{warning}", buttons.far_from_target(sid, iid), card=True))
    state = FillState(saved.round, saved.submission, saved.submission.bidang.nama, saved.items)
    return say(_then(echo, _next(session, ctx, user, state, after=saved.item.nomor)))


def keterangan(session: Session, ctx: Ctx, user: User, given: dict[str, Any], typed: str) -> Reply:
    sid, iid = given["submission_id"], given["indicator_id"]
    item = filling.save_keterangan.within(
        session, ctx, actor=user.telegram_id, submission_id=sid, indicator_id=iid, text=typed
    )
    state = _state(session, ctx, user.telegram_id, sid)
    following = _next(session, ctx, user, state, after=item.nomor)
    return say(_then(texts.KETERANGAN_TERSIMPAN, following))

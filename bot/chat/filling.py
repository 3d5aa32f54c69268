"""Step 4 in chat, the heart: one indicator per card, each answer saved the moment it is typed.

Every answer is one unit of work that saves the value, decides what comes next and asks it:
the echo and the next card in one message ("✅ Tercatat 3/7 …" then card 4/7); on the last
indicator the echo and the summary. A value below target asks for its analysis (issue 14):
the echo and "Faktor penghambat?", then "Upaya / tindak lanjut?", each with Lewati, and then
the next card; a value at or above target has "Tambah faktor pendorong" under its echo. After a
keterangan or an analysis text, "tersimpan" and what comes next. Lewati, Sebelumnya and Ubah
are decided here too, and Kirim reminds of analysis left out before it sends. A press on a
card already answered changes nothing (only the current card is actionable). Files sent on a
card are `bot.chat.uploads`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from bot import buttons, texts
from bot.chat.reply import Edit, Reply, Say, say
from bot.errors import NotFound, Stale
from bot.numbers import parse_number
from bot.states import SubmissionState
from bot.views import FillItem
from bot.workflow import common, conversation, filling, lookup
from bot.workflow.context import Ctx, update_of
from bot.workflow.conversation import FILLING, Expect, Pending
from bot.workflow.lookup import FillState
from bot.workflow.views import next_to_answer
from storage.models import User


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
        buttons.indicator_card(
            state.submission.id, item.indicator_id, first=item.nomor == 1, files=item.bukti
        ),
        card=True,
    )


def _question(
    session: Session, ctx: Ctx, user: User, state: FillState, item: FillItem, kind: str
) -> Say:
    """ "Faktor penghambat?" (or upaya, pendorong) of `item`; the next text answers it."""
    conversation.ask(
        session,
        ctx,
        user,
        Expect(kind),
        submission_id=state.submission.id,
        indicator_id=item.indicator_id,
    )
    return Say(
        texts.tanya_analisis(kind, item, len(state.items)),
        buttons.analysis_question(state.submission.id, item.indicator_id, kind),
        card=True,
    )


def again(session: Session, ctx: Ctx, user: User, state: FillState, pending: Pending) -> Say:
    """The question `pending` stands for, asked again as it was (after a file was kept)."""
    _, indicator_id = pending.indicator_card() or (0, 0)
    item = _item(state, indicator_id)
    if pending.kind == Expect.NILAI:
        return _card(session, ctx, user, state, item)
    if pending.kind == Expect.KETERANGAN:
        return Say(texts.minta_keterangan(item), ask=True)
    return _question(session, ctx, user, state, item, pending.kind.value)


def _summary_text(state: FillState) -> str:
    lines = [texts.ringkasan_judul(state.bidang, state.round.tahun, state.round.triwulan)]
    lines += [texts.ringkasan_baris(item) for item in state.items]
    return "\n".join(lines)


def _can_change(state: FillState) -> bool:
    return SubmissionState(state.submission.state).can_fill


def summary(session: Session, user: User, state: FillState) -> Say:
    """The step-4 summary with Ubah and Kirim while the data can change; nothing is asked."""
    return _summary(session, user, state)


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
    item = _upcoming(state, after, skip)
    if item is None:
        return _summary(session, user, state)
    return _card(session, ctx, user, state, item)


def _upcoming(state: FillState, after: int | None, skip: int | None = None) -> FillItem | None:
    """The indicator whose card comes next, None for the summary."""
    item = next_to_answer([i for i in state.items if i.nomor != skip], after)
    return item if item is not None and _can_change(state) else None


def then(first: str, following: Say, more: buttons.Rows = ()) -> Say:
    """One message: what was understood, and what is asked next (`more` buttons below its
    own, for what was understood)."""
    return Say(
        f"{first}\n\n{following.text}",
        (*following.buttons, *more),
        following.ask,
        following.card,
    )


def _state(session: Session, ctx: Ctx, telegram_id: int, sid: int | None) -> FillState:
    return lookup.fill_state_in(session, ctx, telegram_id, sid)


def _on_current_card(session: Session, user: User, sid: int, iid: int) -> None:
    """Refuses a press on an indicator card already answered: the conversation has moved on."""
    pending = conversation.pending_of(session, user)
    if (
        pending is not None
        and pending.kind in FILLING
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
    """Ubah, on an analysis question after a value (the value may be the slip) or a pick from
    the summary: that indicator's card."""
    user, state, item = _press(session, ctx, telegram_id, sid, iid)
    return say(_card(session, ctx, user, state, item), strip=True)


@update_of
def pick_to_change(session: Session, ctx: Ctx, telegram_id: int, sid: int) -> Reply:
    """Ubah on the summary: which indicator, by its number."""
    state = _state(session, ctx, telegram_id, sid)
    items = [(i.nomor, i.indicator_id) for i in state.items]
    return say(Say(texts.pilih_ubah(), buttons.pick_to_change(sid, items)))


@update_of
def skip_analysis(
    session: Session, ctx: Ctx, telegram_id: int, sid: int, iid: int, step: int
) -> Reply:
    """Lewati on an analysis question: the faktor penghambat leads to the upaya, the upaya
    and the faktor pendorong to what comes next. What is skipped stays as it was; Kirim
    reminds of it."""
    user, state, item = _press(session, ctx, telegram_id, sid, iid)
    kinds = buttons.ANALISIS_STEPS
    if not 1 <= step <= len(kinds):
        raise NotFound(texts.TOMBOL_TIDAK_DIKENAL)
    if kinds[step - 1] == "penghambat":
        return say(_question(session, ctx, user, state, item, "upaya"), strip=True)
    return say(_next(session, ctx, user, state, after=item.nomor), strip=True)


@update_of
def add_pendorong(
    session: Session, ctx: Ctx, telegram_id: int, sid: int, iid: int, current: int
) -> Reply:
    """Tambah faktor pendorong, under the echo of a value at or above target: the next text
    is that indicator's faktor pendorong; then the card that came with the echo again.
    `current` is that card's indicator (0: the summary), so an older echo's button is
    refused as a card already answered."""
    state = _state(session, ctx, telegram_id, sid)
    item = _item(state, iid)
    user = common.actor(session, telegram_id)
    pending = conversation.pending_of(session, user)
    card = pending.indicator_card() if pending is not None else None
    if (card[1] if card is not None and card[0] == sid else 0) != current:
        raise Stale(texts.KARTU_SUDAH_TERJAWAB)
    return say(_question(session, ctx, user, state, item, "pendorong"), strip=True)


@update_of
def ask_keterangan(session: Session, ctx: Ctx, telegram_id: int, sid: int, iid: int) -> Reply:
    """Tambah keterangan: the next text is this indicator's keterangan."""
    user, _, item = _press(session, ctx, telegram_id, sid, iid)
    conversation.ask(session, ctx, user, Expect.KETERANGAN, submission_id=sid, indicator_id=iid)
    return say(Say(texts.minta_keterangan(item), ask=True))


@update_of
def send(session: Session, ctx: Ctx, telegram_id: int, sid: int, version: int) -> Reply:
    """Kirim: step 4 → 5, unless values below target still lack their analysis: then a
    reminder naming them comes first, with Ubah and a Kirim that sends as it is."""
    state = _state(session, ctx, telegram_id, sid)
    filling.fillable(session, ctx, telegram_id, sid)
    filling.check_sendable(state.items)
    lacking = [item for item in state.items if item.analisis_kurang]
    if lacking:
        reminder = Say(texts.pengingat_analisis(lacking), buttons.send_anyway(sid, version))
        return say(reminder, strip=True)
    return _sent(session, ctx, telegram_id, sid, version)


@update_of
def send_anyway(session: Session, ctx: Ctx, telegram_id: int, sid: int, version: int) -> Reply:
    """Kirim under the reminder: sent with the analysis left out."""
    return _sent(session, ctx, telegram_id, sid, version)


def _sent(session: Session, ctx: Ctx, telegram_id: int, sid: int, version: int) -> Reply:
    """Step 4 → 5; the card pressed, as the Kabid read it, says when it went."""
    filling.send.within(
        session, ctx, actor=telegram_id, submission_id=sid, expected_version=version
    )
    conversation.clear(session, common.actor(session, telegram_id))
    return Reply(
        edit=Edit(texts.terkirim(ctx.now(), ctx.settings.zona_waktu), keep=True), wake=True
    )


# --- Typed answers (`bot.chat.text` routes them here) ---


def value(session: Session, ctx: Ctx, user: User, given: dict[str, Any], typed: str) -> Reply:
    """A typed realisation: echoed as understood with its capaian and its change from the
    quarter before, and what comes next: below target, its faktor penghambat; otherwise the
    next card, with "Tambah faktor pendorong" for this one."""
    sid, iid = given["submission_id"], given["indicator_id"]
    try:
        number = parse_number(typed)
    except ValueError as error:
        state = _state(session, ctx, user.telegram_id, sid)
        return say(then(str(error), _card(session, ctx, user, state, _item(state, iid))))
    saved = filling.save_value.within(
        session, ctx, actor=user.telegram_id, submission_id=sid, indicator_id=iid, value=number
    )
    echo = texts.tercatat(saved.item, saved.total, saved.replaced, saved.round.triwulan)
    state = FillState(saved.round, saved.submission, saved.submission.bidang.nama, saved.items)
    if saved.asks_analysis:
        return say(then(echo, _question(session, ctx, user, state, saved.item, "penghambat")))
    upcoming = _upcoming(state, after=saved.item.nomor)
    following = _next(session, ctx, user, state, after=saved.item.nomor)
    more = (
        buttons.add_pendorong(sid, iid, upcoming.indicator_id if upcoming else 0)
        if saved.item.capaian is not None
        else buttons.NONE
    )
    return say(then(echo, following, more))


def keterangan(session: Session, ctx: Ctx, user: User, given: dict[str, Any], typed: str) -> Reply:
    sid, iid = given["submission_id"], given["indicator_id"]
    item = filling.save_keterangan.within(
        session, ctx, actor=user.telegram_id, submission_id=sid, indicator_id=iid, text=typed
    )
    state = _state(session, ctx, user.telegram_id, sid)
    following = _next(session, ctx, user, state, after=item.nomor)
    return say(then(texts.KETERANGAN_TERSIMPAN, following))


def _analysis(
    kind: str, session: Session, ctx: Ctx, user: User, given: dict[str, Any], typed: str
) -> Reply:
    """A typed faktor penghambat, upaya or faktor pendorong: saved, then the upaya after the
    penghambat, else what comes next. A bare number is no analysis: it is the indicator's
    value typed again (a slip seen in the echo), and taken as such."""
    try:
        parse_number(typed)
    except ValueError:
        pass
    else:
        return value(session, ctx, user, given, typed)
    sid, iid = given["submission_id"], given["indicator_id"]
    item = filling.save_analisis.within(
        session,
        ctx,
        actor=user.telegram_id,
        submission_id=sid,
        indicator_id=iid,
        kind=kind,
        text=typed,
    )
    state = _state(session, ctx, user.telegram_id, sid)
    if kind == "penghambat":
        following = _question(session, ctx, user, state, item, "upaya")
    else:
        following = _next(session, ctx, user, state, after=item.nomor)
    return say(then(texts.analisis_tersimpan(kind), following))


def penghambat(session: Session, ctx: Ctx, user: User, given: dict[str, Any], typed: str) -> Reply:
    return _analysis("penghambat", session, ctx, user, given, typed)


def upaya(session: Session, ctx: Ctx, user: User, given: dict[str, Any], typed: str) -> Reply:
    return _analysis("upaya", session, ctx, user, given, typed)


def pendorong(session: Session, ctx: Ctx, user: User, given: dict[str, Any], typed: str) -> Reply:
    return _analysis("pendorong", session, ctx, user, given, typed)

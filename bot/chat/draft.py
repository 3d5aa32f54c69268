"""Steps 1–3 in chat: /putaran, the draft per bidang, the Kasubag's correction, distribution."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from bot import buttons, texts
from bot.chat import decisions
from bot.chat.reply import Edit, Reply, Say, say, text
from bot.errors import NotFound
from bot.numbers import parse_number
from bot.periods import parse_period
from bot.texts import labels
from bot.workflow import common, conversation, lookup, rounds, status
from bot.workflow.context import Ctx, update_of
from bot.workflow.conversation import Expect
from bot.workflow.lookup import Draft, DraftItem
from storage.models import Round, User


@update_of
def putaran(session: Session, ctx: Ctx, telegram_id: int, words: Sequence[str]) -> Reply:
    """/putaran [tahun] [triwulan]: opens the round (the quarter just ended by default), or
    shows where it stands when it is open already."""
    default = rounds.quarter_just_ended(ctx.now(), ctx.settings.zona_waktu)
    with decisions.arguments_of("putaran", texts.contoh_periode(*default)):
        tahun, triwulan = parse_period(words, default)
    existing = lookup.round_of_period_in(session, tahun, triwulan)
    if existing is not None:
        shown = [
            s for s in status.overview_in(session, ctx, telegram_id) if s.round.id == existing.id
        ]
        tz = ctx.settings.zona_waktu
        return text(texts.putaran_sudah_ada(tahun, triwulan) + "\n\n" + texts.status(shown, tz))
    opened = rounds.open_round.within(
        session, ctx, actor=telegram_id, tahun=tahun, triwulan=triwulan
    )
    card = texts.putaran_dibuka(
        tahun,
        triwulan,
        opened.round.opened_at,
        opened.due,
        opened.per_bidang,
        ctx.settings.zona_waktu,
    )
    return say(Say(card, buttons.draft(opened.round.id, opened.round.version)), wake=True)


def _draft(session: Session, ctx: Ctx, telegram_id: int, round_id: int) -> Draft:
    return lookup.draft_in(session, ctx, telegram_id, round_id)


@update_of
def view(session: Session, ctx: Ctx, telegram_id: int, round_id: int) -> Reply:
    """Lihat per bidang (or Perbaiki draft): the bidang of the draft, each with its count."""
    draft = _draft(session, ctx, telegram_id, round_id)
    bidang = [
        (bidang_id, f"{nama} ({sum(1 for i in items if i.diukur)})")
        for bidang_id, nama, items in draft.bidang
    ]
    rows = buttons.draft_bidang(draft.round.id, draft.round.version, bidang)
    return say(Say(texts.PILIH_BIDANG, rows))


@update_of
def pick_bidang(
    session: Session, ctx: Ctx, telegram_id: int, round_id: int, bidang_id: int
) -> Reply:
    draft = _draft(session, ctx, telegram_id, round_id)
    for found_id, nama, items in draft.bidang:
        if found_id == bidang_id:
            picks = [(i.nomor, i.indicator_id) for i in items]
            return say(
                Say(
                    texts.draft_bidang(nama, items, draft.round.triwulan),
                    buttons.draft_items(draft.round.id, picks),
                )
            )
    raise NotFound(texts.DATA_BIDANG_TIDAK_ADA)


def _item(draft: Draft, indicator_id: int) -> DraftItem:
    for _, _, items in draft.bidang:
        for item in items:
            if item.indicator_id == indicator_id:
                return item
    raise NotFound(texts.INDIKATOR_TIDAK_ADA)


@update_of
def pick_indicator(
    session: Session, ctx: Ctx, telegram_id: int, round_id: int, indicator_id: int
) -> Reply:
    draft = _draft(session, ctx, telegram_id, round_id)
    item = _item(draft, indicator_id)
    return say(
        Say(
            texts.draft_indikator(item, draft.round.triwulan),
            buttons.draft_item(draft.round.id, item.indicator_id, item.diukur),
        )
    )


@update_of
def ask_target(
    session: Session, ctx: Ctx, telegram_id: int, round_id: int, indicator_id: int
) -> Reply:
    """Ubah target: refused before it is asked when the draft went on meanwhile."""
    user, round_, _ = rounds.draft_item(session, ctx, telegram_id, round_id, indicator_id)
    item = _item(_draft(session, ctx, telegram_id, round_id), indicator_id)
    conversation.ask(
        session, ctx, user, Expect.TARGET, round_id=round_id, indicator_id=indicator_id
    )
    return say(Say(texts.minta_target(item.nama, round_.triwulan), ask=True))


def _actions(round_: Round) -> buttons.Rows:
    return buttons.draft(round_.id, round_.version)


def target(session: Session, ctx: Ctx, user: User, given: dict[str, Any], typed: str) -> Reply:
    """The corrected target, typed (pending TARGET); words are refused and asked again."""
    try:
        number = parse_number(typed)
    except ValueError as error:
        return text(str(error))
    item = rounds.set_target.within(
        session,
        ctx,
        actor=user.telegram_id,
        round_id=given["round_id"],
        indicator_id=given["indicator_id"],
        target=number,
    )
    conversation.clear(session, user)
    round_ = common.get_round(session, given["round_id"])
    return say(Say(texts.target_diubah(item.nama, number), _actions(round_)))


@update_of
def not_measured(
    session: Session, ctx: Ctx, telegram_id: int, round_id: int, indicator_id: int
) -> Reply:
    """Tidak diukur TW ini."""
    item = rounds.set_measured.within(
        session, ctx, actor=telegram_id, round_id=round_id, indicator_id=indicator_id, diukur=False
    )
    round_ = common.get_round(session, round_id)
    return Reply(edit=Edit(texts.tidak_diukur(item.nama), _actions(round_)))


@update_of
def send_draft(session: Session, ctx: Ctx, telegram_id: int, round_id: int, version: int) -> Reply:
    """Kirim ke Kasubag (step 1 → 2)."""
    rounds.submit_draft.within(
        session, ctx, actor=telegram_id, round_id=round_id, expected_version=version
    )
    done = texts.draft_terkirim(ctx.now(), ctx.settings.zona_waktu)
    return Reply(edit=Edit(done), wake=True)


@update_of
def correct(session: Session, ctx: Ctx, telegram_id: int, round_id: int, version: int) -> Reply:
    """Benar (step 2 → 3)."""
    rounds.approve_draft.within(
        session, ctx, actor=telegram_id, round_id=round_id, expected_version=version
    )
    return decisions.decided(session, ctx, telegram_id, labels.FORMAT_BENAR)


@update_of
def ask_return(
    session: Session, ctx: Ctx, telegram_id: int, round_id: int, version: int, card: int
) -> Reply:
    """Kembalikan at step 2: checked first, then the reason is asked."""
    user, _ = rounds.in_correction(session, ctx, telegram_id, round_id, version)
    return decisions.ask_reason(
        session, ctx, user, Expect.ALASAN_DRAFT, card, round_id=round_id, version=version
    )


def returned(session: Session, ctx: Ctx, user: User, given: dict[str, Any], typed: str) -> Reply:
    """The reason for returning the draft, typed (pending ALASAN_DRAFT)."""
    rounds.return_draft.within(
        session,
        ctx,
        actor=user.telegram_id,
        round_id=given["round_id"],
        expected_version=given["version"],
        reason=typed,
    )
    return decisions.reason_recorded(session, ctx, user, given, typed, labels.DIKEMBALIKAN)


@update_of
def distribute(session: Session, ctx: Ctx, telegram_id: int, round_id: int, version: int) -> Reply:
    """Bagikan ke Kabid (step 3 → 4)."""
    done = rounds.distribute.within(
        session, ctx, actor=telegram_id, round_id=round_id, expected_version=version
    )
    return Reply(edit=Edit(texts.dibagikan(done.bidang_count, done.without_kabid)), wake=True)

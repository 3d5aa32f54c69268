"""Step 4: a Kabid fills their bidang's realisations, one saved answer at a time, then sends.

An answer is a value, a keterangan, or the analysis the LKjIP asks for (issue 14): a faktor
penghambat and an upaya / tindak lanjut for a value below target, a faktor pendorong for one
that reached it. Evidence files come through `bot.workflow.bukti`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from bot import capaian as rules
from bot import texts
from bot.errors import InvalidInput, NotAllowed, NotFound, Stale
from bot.limits import MAX_ANALISIS, MAX_KETERANGAN
from bot.sop import Role, StepNo
from bot.states import RoundState, SubmissionState
from bot.views import ANALISIS
from bot.workflow import cards, common, transitions
from bot.workflow.context import Ctx, unit_of_work
from bot.workflow.views import FillItem, fill_items
from storage import queries
from storage.models import Realisation, Round, Submission, User


@dataclass(frozen=True)
class Saved:
    """What the Kabid is told after an answer: which indicator, the value as understood and
    its capaian, and the value it replaced, so no earlier answer is overwritten unnoticed."""

    item: FillItem
    total: int
    """How many indicators the format has: the echo says "2/6"."""
    far_from_target: bool
    """Capaian below 50 or above 150: the echo asks to check the number (a slip of a
    thousands mark shows so)."""
    replaced: Decimal | None
    """The value stored before, when this answer changed it (an equal value is no change)."""
    round: Round
    submission: Submission
    items: list[FillItem]
    """The whole format as it stands after the answer, for what comes next."""

    @property
    def asks_analysis(self) -> bool:
        """Below target: the faktor penghambat and the upaya come next."""
        return self.item.below_target


def fillable(
    session: Session, ctx: Ctx, actor: int, submission_id: int
) -> tuple[User, Round, Submission]:
    """The Kabid, round and submission of an answer, typed or uploaded.

    Refuses (NotAllowed) a person who is not this bidang's Kabid and (Stale) a submission that
    cannot be changed now: sent, verified, or in a round past filling.
    """
    now = ctx.now()
    user = common.actor(session, actor)
    submission = common.get_submission(session, submission_id, for_writing=True)
    try:
        common.require_role(session, user, Role.KABID, now, submission.bidang_id)
    except NotAllowed:
        raise NotAllowed(texts.bukan_bidang_anda()) from None
    round_ = common.get_round(session, submission.round_id)
    if round_.state != RoundState.PENGISIAN or not SubmissionState(submission.state).can_fill:
        raise Stale(
            texts.tidak_bisa_diisi(submission.bidang.nama, SubmissionState(submission.state))
        )
    return user, round_, submission


def check_value(item: FillItem, value: Decimal) -> None:
    """The rules a realisation meets however it arrives, typed in chat or uploaded in the format.

    Refuses (InvalidInput) a value outside the range of a number (15 digits before the decimal
    separator, 6 after) and a negative value for an indicator that cannot be negative.
    """
    common.check_number(value)
    if value < 0 and not item.boleh_negatif:
        raise InvalidInput(texts.nilai_negatif(item.nama))


def clean_keterangan(text: str) -> str:
    """A keterangan as stored: one line, refused (InvalidInput) beyond MAX_KETERANGAN."""
    return common.clean_text(text, MAX_KETERANGAN, texts.KETERANGAN_PANJANG)


def clean_analisis(kind: str, text: str) -> str:
    """A faktor penghambat, upaya or faktor pendorong as stored: one line, refused
    (InvalidInput, naming what was too long) beyond MAX_ANALISIS."""
    return common.clean_text(text, MAX_ANALISIS, texts.analisis_panjang(kind))


def record_value(realisation: Realisation, value: Decimal, user: User, now: datetime) -> None:
    """Stores an accepted value; answering a returned indicator clears "perlu diperbaiki"."""
    realisation.value = value
    realisation.perlu_perbaikan = False
    realisation.updated_at = now
    realisation.updated_by_id = user.id


def record_keterangan(realisation: Realisation, keterangan: str, user: User, now: datetime) -> None:
    realisation.keterangan = keterangan
    realisation.updated_at = now
    realisation.updated_by_id = user.id


def record_analisis(
    realisation: Realisation, kind: str, text: str, user: User, now: datetime
) -> None:
    setattr(realisation, ANALISIS[kind], text)
    realisation.updated_at = now
    realisation.updated_by_id = user.id


def _realisation(session: Session, submission: Submission, indicator_id: int) -> Realisation:
    found = queries.realisation(session, submission.id, indicator_id)
    if found is None:
        raise NotFound(texts.INDIKATOR_TIDAK_ADA)
    return found


def _position(items: list[FillItem], indicator_id: int) -> int:
    for index, item in enumerate(items):
        if item.indicator_id == indicator_id:
            return index
    raise NotFound(texts.INDIKATOR_TIDAK_ADA)


def _item(session: Session, ctx: Ctx, submission: Submission, indicator_id: int) -> FillItem:
    items = fill_items(session, ctx, submission)
    return items[_position(items, indicator_id)]


@unit_of_work
def save_value(
    session: Session, ctx: Ctx, *, actor: int, submission_id: int, indicator_id: int, value: Decimal
) -> Saved:
    """Saves a typed realisation at once; a restart never loses it (DESIGN §6)."""
    now = ctx.now()
    user, round_, submission = fillable(session, ctx, actor, submission_id)
    realisation = _realisation(session, submission, indicator_id)
    items = fill_items(session, ctx, submission)
    position = _position(items, indicator_id)
    check_value(items[position], value)
    before = realisation.value
    record_value(realisation, value, user, now)
    common.audit(
        session,
        now,
        user,
        "realisasi.isi",
        round_,
        bidang=submission.bidang_id,
        indikator=indicator_id,
        sebelum=before,
        sesudah=value,
    )
    # The format as it now stands, without reading it again: only this value changed.
    item = replace(items[position], value=value, perlu_perbaikan=False)
    items = [*items[:position], item, *items[position + 1 :]]
    replaced = before if before is not None and before != value else None
    far = rules.jauh_dari_target(item.capaian)
    return Saved(item, len(items), far, replaced, round_, submission, items)


@unit_of_work
def save_keterangan(
    session: Session, ctx: Ctx, *, actor: int, submission_id: int, indicator_id: int, text: str
) -> FillItem:
    """The explanation the LKjIP needs for a deviation; may be added to any indicator."""
    now = ctx.now()
    keterangan = clean_keterangan(text)
    user, round_, submission = fillable(session, ctx, actor, submission_id)
    realisation = _realisation(session, submission, indicator_id)
    record_keterangan(realisation, keterangan, user, now)
    common.audit(
        session,
        now,
        user,
        "realisasi.keterangan",
        round_,
        bidang=submission.bidang_id,
        indikator=indicator_id,
    )
    session.flush()
    return _item(session, ctx, submission, indicator_id)


@unit_of_work
def save_analisis(
    session: Session,
    ctx: Ctx,
    *,
    actor: int,
    submission_id: int,
    indicator_id: int,
    kind: str,
    text: str,
) -> FillItem:
    """A faktor penghambat, upaya / tindak lanjut or faktor pendorong (`kind`: a key of
    ANALISIS) of one indicator; may be given for any indicator, whatever its capaian."""
    now = ctx.now()
    analisis = clean_analisis(kind, text)
    user, round_, submission = fillable(session, ctx, actor, submission_id)
    realisation = _realisation(session, submission, indicator_id)
    record_analisis(realisation, kind, analisis, user, now)
    common.audit(
        session,
        now,
        user,
        f"realisasi.{kind}",
        round_,
        bidang=submission.bidang_id,
        indikator=indicator_id,
    )
    session.flush()
    return _item(session, ctx, submission, indicator_id)


def check_sendable(items: list[FillItem]) -> None:
    """What Kirim refuses (InvalidInput, saying which ones): a value missing, one to
    correct, evidence required and not sent (naming the indicator). Analysis left out is
    only reminded of."""
    missing = [i.nomor for i in items if i.value is None]
    if missing:
        raise InvalidInput(texts.masih_kosong(missing))
    to_fix = [i.nomor for i in items if i.perlu_perbaikan]
    if to_fix:
        raise InvalidInput(texts.masih_perlu_perbaikan(to_fix))
    without = [(i.nomor, i.nama) for i in items if i.needs_bukti]
    if without:
        raise InvalidInput(texts.perlu_bukti(without))


@unit_of_work
def send(
    session: Session, ctx: Ctx, *, actor: int, submission_id: int, expected_version: int
) -> Submission:
    """Step 4 → 5 for one bidang ("Kirim"): refused while anything still needs an answer
    or evidence it requires (`check_sendable`)."""
    now = ctx.now()
    user, round_, submission = fillable(session, ctx, actor, submission_id)
    if submission.version != expected_version:
        raise Stale(texts.versi_berubah())
    check_sendable(fill_items(session, ctx, submission))
    transitions.apply(
        session,
        ctx,
        transitions.SEND_BIDANG,
        round_,
        user=user,
        seen_version=expected_version,
        now=now,
        submission=submission,
    )
    submission.submitted_at = now
    submission.submitted_by_id = user.id
    cards.announce(session, ctx, round_, StepNo.VERIFIKASI, now, submission.bidang_id)
    return submission

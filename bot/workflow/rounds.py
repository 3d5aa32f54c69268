"""Steps 1–3: opening a round, the draft format, its correction and its distribution."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from bot import texts
from bot.errors import InvalidInput, NotFound, Stale
from bot.periods import check_period
from bot.sop import Role, StepNo
from bot.states import RoundState, SubmissionState
from bot.workflow import cards, common, definitions, transitions
from bot.workflow.context import Ctx, unit_of_work
from storage import queries
from storage.models import Realisation, Round, RoundIndicator, Submission, User


@dataclass(frozen=True)
class Opened:
    round: Round
    due: datetime
    per_bidang: list[tuple[str, int]]


def quarter_just_ended(now: datetime, tz: str) -> tuple[int, int]:
    """The default round of /putaran: the quarter before the one `now` falls in."""
    from zoneinfo import ZoneInfo

    local = now.astimezone(ZoneInfo(tz))
    current = (local.month - 1) // 3 + 1
    return (local.year, current - 1) if current > 1 else (local.year - 1, 4)


@unit_of_work
def open_round(
    session: Session, ctx: Ctx, *, actor: int | None, tahun: int, triwulan: int
) -> Opened:
    """Step 1 starts: the round's draft is built from the indicator master of that year.

    `actor` None is the bot itself opening the quarter (DESIGN §5, Rounds); then every
    operator is told, otherwise the operator who typed /putaran gets the card as the answer.
    """
    check_period(tahun, triwulan)
    now = ctx.now()
    user = common.actor(session, actor) if actor is not None else None
    if user is not None:
        common.require_role(session, user, Role.OPERATOR, now)
    if queries.round_by_period(session, tahun, triwulan) is not None:
        raise Stale(texts.putaran_sudah_ada(tahun, triwulan))
    indicators = queries.indicators_of_year(session, tahun)
    if not indicators:
        raise NotFound(texts.tidak_ada_indikator(tahun))
    round_ = Round(
        tahun=tahun,
        triwulan=triwulan,
        state=RoundState.DRAFT,
        version=1,
        opened_at=now,
        opened_by_id=user.id if user else None,
    )
    session.add(round_)
    session.flush()
    for indicator in indicators:
        session.add(definitions.new_item(round_.id, indicator, triwulan))
    deadline = common.start_step(session, ctx, round_, StepNo.DRAFT, now)
    common.audit(session, now, user, transitions.OPEN.code, round_, tahun=tahun, triwulan=triwulan)
    cards.announce(session, ctx, round_, StepNo.DRAFT, now, besides=user)
    return Opened(round_, deadline.due_at, cards.count_per_bidang(session, round_.id))


def draft_item(
    session: Session, ctx: Ctx, actor: int, round_id: int, indicator_id: int
) -> tuple[User, Round, RoundIndicator]:
    """The operator, round and draft indicator a step-1 change acts on (a target typed, "Tidak
    diukur"): refused unless the actor is an operator and the round is still a draft."""
    now = ctx.now()
    user = common.actor(session, actor)
    common.require_role(session, user, Role.OPERATOR, now)
    round_ = common.get_round(session, round_id)
    common.expect_round(session, round_, [RoundState.DRAFT], None, ctx.settings.zona_waktu)
    for item in queries.round_indicators(session, round_id):
        if item.indicator_id == indicator_id:
            return user, round_, item
    raise NotFound(texts.INDIKATOR_TIDAK_ADA)


def check_draft_item(ctx: Ctx, *, actor: int, round_id: int, indicator_id: int) -> None:
    """Ubah target is checked before the new target is asked, so nobody types a value that
    `set_target` would refuse (the draft went on to the Kasubag meanwhile)."""
    with ctx.read() as session:
        draft_item(session, ctx, actor, round_id, indicator_id)


@unit_of_work
def set_target(
    session: Session, ctx: Ctx, *, actor: int, round_id: int, indicator_id: int, target: Decimal
) -> RoundIndicator:
    """Step 1: the operator corrects this quarter's target in the draft.

    Refuses (InvalidInput) a target outside the range of a number and a negative target for an
    indicator that cannot be negative.
    """
    common.check_number(target)
    user, round_, item = draft_item(session, ctx, actor, round_id, indicator_id)
    if target < 0 and not item.boleh_negatif:
        raise InvalidInput(texts.TARGET_NEGATIF)
    before = item.target
    item.target = target
    item.diukur = True
    common.bump(round_)
    common.audit(
        session,
        ctx.now(),
        user,
        "draft.target",
        round_,
        indikator=indicator_id,
        sebelum=before,
        sesudah=target,
    )
    return item


@unit_of_work
def set_measured(
    session: Session, ctx: Ctx, *, actor: int, round_id: int, indicator_id: int, diukur: bool
) -> RoundIndicator:
    """Step 1: an indicator is left out of this quarter ("Tidak diukur TW ini") or put back."""
    user, round_, item = draft_item(session, ctx, actor, round_id, indicator_id)
    if diukur and item.target is None:
        raise InvalidInput(texts.ISI_TARGET_DULU)
    item.diukur = diukur
    common.bump(round_)
    common.audit(
        session, ctx.now(), user, "draft.diukur", round_, indikator=indicator_id, diukur=diukur
    )
    return item


@unit_of_work
def submit_draft(
    session: Session, ctx: Ctx, *, actor: int, round_id: int, expected_version: int
) -> Round:
    """Step 1 → 2: the draft goes to the Kasubag PKA for correction."""
    now = ctx.now()
    user = common.actor(session, actor)
    round_ = common.get_round(session, round_id)
    by = transitions.authorise(session, transitions.SEND_DRAFT, user, round_, now)
    transitions.expect(
        session, transitions.SEND_DRAFT, round_, expected_version, ctx.settings.zona_waktu
    )
    if not cards.count_per_bidang(session, round_.id):
        raise InvalidInput(texts.DRAFT_TANPA_INDIKATOR)
    transitions.apply(
        session,
        ctx,
        transitions.SEND_DRAFT,
        round_,
        user=user,
        seen_version=expected_version,
        now=now,
        checked=by,
    )
    cards.announce(session, ctx, round_, StepNo.KOREKSI, now)
    return round_


def in_correction(
    session: Session, ctx: Ctx, actor: int, round_id: int, expected_version: int
) -> tuple[User, Round]:
    """The Kasubag PKA and the round a step-2 decision (Benar, or Kembalikan with its reason)
    acts on: refused unless the actor is the Kasubag PKA and the round is still at step 2 in
    the version their card showed."""
    user = common.actor(session, actor)
    round_ = common.get_round(session, round_id)
    transitions.authorise(session, transitions.APPROVE_DRAFT, user, round_, ctx.now())
    transitions.expect(
        session, transitions.APPROVE_DRAFT, round_, expected_version, ctx.settings.zona_waktu
    )
    return user, round_


@unit_of_work
def approve_draft(
    session: Session, ctx: Ctx, *, actor: int, round_id: int, expected_version: int
) -> Round:
    """Step 2 → 3: the Kasubag PKA finds the format correct ("Benar")."""
    now = ctx.now()
    user, round_ = in_correction(session, ctx, actor, round_id, expected_version)
    transitions.apply(
        session,
        ctx,
        transitions.APPROVE_DRAFT,
        round_,
        user=user,
        seen_version=expected_version,
        now=now,
    )
    cards.announce(session, ctx, round_, StepNo.DISTRIBUSI, now)
    return round_


def check_return_draft(ctx: Ctx, *, actor: int, round_id: int, expected_version: int) -> None:
    """Kembalikan at step 2 is checked before its reason is asked, so nobody types a reason
    for a press `return_draft` would refuse."""
    with ctx.read() as session:
        in_correction(session, ctx, actor, round_id, expected_version)


@unit_of_work
def return_draft(
    session: Session, ctx: Ctx, *, actor: int, round_id: int, expected_version: int, reason: str
) -> Round:
    """Step 2 → 1 with a reason. Step 1's clock runs on from the round's opening (CHAT.md)."""
    now = ctx.now()
    reason = common.clean_reason(reason)
    user, round_ = in_correction(session, ctx, actor, round_id, expected_version)
    first_due = min(
        d.due_at for d in queries.deadlines(session, round_.id) if d.step == StepNo.DRAFT
    )
    transitions.apply(
        session,
        ctx,
        transitions.RETURN_DRAFT,
        round_,
        user=user,
        seen_version=expected_version,
        now=now,
        reason=reason,
        due_at=first_due,
    )
    cards.announce(session, ctx, round_, StepNo.DRAFT, now)
    return round_


@dataclass(frozen=True)
class Distributed:
    round: Round
    without_kabid: list[str]
    bidang_count: int


@unit_of_work
def distribute(
    session: Session, ctx: Ctx, *, actor: int, round_id: int, expected_version: int
) -> Distributed:
    """Step 3 → 4: every bidang gets its format; each bidang's filling clock starts."""
    now = ctx.now()
    user = common.actor(session, actor)
    round_ = common.get_round(session, round_id)
    applied = transitions.apply(
        session,
        ctx,
        transitions.DISTRIBUTE,
        round_,
        user=user,
        seen_version=expected_version,
        now=now,
    )
    by_bidang: dict[int, list[RoundIndicator]] = {}
    for item in queries.round_indicators(session, round_.id, only_measured=True):
        by_bidang.setdefault(item.bidang_id, []).append(item)
    without_kabid = []
    for bidang_id, items in by_bidang.items():
        submission = Submission(
            round_id=round_.id, bidang_id=bidang_id, state=SubmissionState.DIISI, version=1
        )
        session.add(submission)
        session.flush()
        for item in items:
            session.add(Realisation(submission_id=submission.id, indicator_id=item.indicator_id))
        common.start_step(session, ctx, round_, StepNo.PENGISIAN, now, bidang_id)
        if not cards.announce(session, ctx, round_, StepNo.PENGISIAN, now, bidang_id):
            without_kabid.append(items[0].bidang.nama)
    assert applied.event is not None
    applied.event.detail = {"tanpa_kabid": without_kabid}
    return Distributed(round_, without_kabid, len(by_bidang))

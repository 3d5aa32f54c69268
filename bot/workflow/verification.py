"""Step 5 (and reopening from step 6): the operator verifies or returns one bidang's data."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from bot import texts
from bot.errors import InvalidInput
from bot.sop import StepNo
from bot.states import RoundState, SubmissionState
from bot.workflow import cards, common, transitions
from bot.workflow.context import Ctx, unit_of_work
from bot.workflow.views import fill_items
from storage import queries
from storage.models import Round, Submission, User


@unit_of_work
def verify(
    session: Session, ctx: Ctx, *, actor: int, submission_id: int, expected_version: int
) -> Submission:
    """Step 5 for one bidang ("Terverifikasi"); the last one opens step 6."""
    now = ctx.now()
    user = common.actor(session, actor)
    submission = common.get_submission(session, submission_id)
    round_ = common.get_round(session, submission.round_id)
    transitions.apply(
        session,
        ctx,
        transitions.VERIFY,
        round_,
        user=user,
        seen_version=expected_version,
        now=now,
        submission=submission,
    )
    submission.verified_at = now
    submission.verified_by_id = user.id
    states = {s.state for s in queries.submissions(session, round_.id)}
    if states == {SubmissionState.TERVERIFIKASI}:
        transitions.apply(
            session,
            ctx,
            transitions.ALL_VERIFIED,
            round_,
            user=user,
            seen_version=None,
            now=now,
        )
        cards.announce(session, ctx, round_, StepNo.PENYUSUNAN, now)
    return submission


def returnable(
    session: Session, ctx: Ctx, actor: int, submission_id: int, expected_version: int
) -> tuple[User, Round, Submission, bool]:
    """The operator, round and submission a return acts on, and whether it reopens a verified
    bidang (step 6) rather than returning a sent one (step 5).

    Refused unless the actor is an operator and the bidang's data is still as their card
    showed it: sent (or verified, when reopening) and of the same version.
    """
    tz = ctx.settings.zona_waktu
    user = common.actor(session, actor)
    submission = common.get_submission(session, submission_id)
    round_ = common.get_round(session, submission.round_id)
    reopening = round_.state == RoundState.PENYUSUNAN
    t = transitions.REOPEN_BIDANG if reopening else transitions.RETURN_BIDANG
    transitions.decide(
        session,
        t,
        user,
        round_,
        ctx.now(),
        tz,
        seen_version=expected_version,
        submission=submission,
    )
    return user, round_, submission, reopening


def check_return_submission(
    ctx: Ctx, *, actor: int, submission_id: int, expected_version: int
) -> None:
    """Lanjut is checked before the reason is asked, so nobody types a reason for a return
    `return_submission` would refuse (the bidang was verified meanwhile)."""
    with ctx.read() as session:
        returnable(session, ctx, actor, submission_id, expected_version)


@unit_of_work
def return_submission(
    session: Session,
    ctx: Ctx,
    *,
    actor: int,
    submission_id: int,
    expected_version: int,
    reason: str,
    indicator_ids: Sequence[int] = (),
) -> Submission:
    """Back to step 4 for this bidang only, with a reason (DESIGN §2).

    From step 5 (a sent bidang), or from step 6 when the operator reopens a verified bidang
    after a return at steps 7–9 (and the round goes back to filling with it). Only the picked
    indicators reopen; none picked means all. The values are kept, marked "perlu diperbaiki".
    """
    now = ctx.now()
    reason = common.clean_reason(reason)
    user, round_, submission, reopening = returnable(
        session, ctx, actor, submission_id, expected_version
    )
    known = {item.indicator_id for item in fill_items(session, ctx, submission)}
    if any(indicator_id not in known for indicator_id in indicator_ids):
        raise InvalidInput(texts.INDIKATOR_TIDAK_ADA)
    values = queries.realisations(session, submission.id)
    for indicator_id in list(indicator_ids) or list(known):
        values[indicator_id].perlu_perbaikan = True
    transitions.apply(
        session,
        ctx,
        transitions.REOPEN_BIDANG if reopening else transitions.RETURN_BIDANG,
        round_,
        user=user,
        seen_version=expected_version,
        now=now,
        submission=submission,
        reason=reason,
        detail={"indikator": list(indicator_ids)},
    )
    if reopening:
        transitions.apply(
            session, ctx, transitions.REFILL, round_, user=user, seen_version=None, now=now
        )
    submission.return_reason = reason
    cards.announce(session, ctx, round_, StepNo.PENGISIAN, now, submission.bidang_id)
    return submission

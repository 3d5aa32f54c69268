"""/status: where each open round stands, who holds it, its deadline and how late it is.

A Kabid sees the round and their own bidang only (DESIGN §9), the progress of step 11 (how many
bidang are entered into SILAKIP) included.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.sop import Role, StepNo, step
from bot.states import RoundState, SubmissionState
from bot.timeliness import lateness
from bot.views import BidangLine, Clock, RoundRef, RoundStatus
from bot.workflow import common
from bot.workflow.context import Ctx
from bot.workflow.views import fill_items, silakip_checklist
from storage import queries
from storage.models import StepDeadline


def _clock(ctx: Ctx, deadline: StepDeadline | None, now: datetime) -> Clock | None:
    if deadline is None:
        return None
    return Clock(deadline.due_at, lateness(ctx.calendar, deadline.due_at, now))


def overview(ctx: Ctx, telegram_id: int) -> list[RoundStatus]:
    with ctx.read() as session:
        return overview_in(session, ctx, telegram_id)


def overview_in(session: Session, ctx: Ctx, telegram_id: int) -> list[RoundStatus]:
    """`overview` inside the caller's unit of work."""
    now = ctx.now()
    user = common.actor(session, telegram_id)
    roles = common.roles_of(session, user, now)
    sees_all = bool(roles - {Role.KABID})
    own = common.kabid_bidang_ids(session, user, now)
    result = []
    for round_ in queries.open_rounds(session):
        state = RoundState(round_.state)
        number = state.step
        holders: list[str] = []
        clock = None
        if number is not None and number != StepNo.PENGISIAN:
            holders = [u.nama for u in queries.holders(session, step(number).role, now)]
            clock = _clock(ctx, queries.open_deadline(session, round_.id, number), now)
        lines = []
        for submission in queries.submissions(session, round_.id):
            if not sees_all and submission.bidang_id not in own:
                continue
            items = fill_items(session, ctx, submission)
            sub_state = SubmissionState(submission.state)
            active = (
                StepNo.VERIFIKASI
                if sub_state == SubmissionState.DIKIRIM
                else (StepNo.PENGISIAN if sub_state.can_fill else None)
            )
            deadline = (
                queries.open_deadline(session, round_.id, active, submission.bidang_id)
                if active is not None and state == RoundState.PENGISIAN
                else None
            )
            lines.append(
                BidangLine(
                    submission.bidang.nama,
                    sub_state,
                    sum(1 for i in items if i.value is not None and not i.perlu_perbaikan),
                    len(items),
                    submission.verified_at or submission.submitted_at,
                    _clock(ctx, deadline, now),
                )
            )
        silakip = None
        if state == RoundState.SILAKIP:
            checklist = silakip_checklist(session, round_.id)
            ticks = [t.ticked for t in checklist if sees_all or t.bidang_id in own]
            silakip = (sum(ticks), len(ticks))
        result.append(
            RoundStatus(
                RoundRef(round_.id, round_.tahun, round_.triwulan),
                state,
                holders,
                clock,
                lines,
                silakip,
            )
        )
    return result

"""Who may do a step of a round: the role held now, the appointment it is held under, and
separation of duties (DESIGN §3).

Nobody performs two consecutive steps of one round (1→2, 4→5 for their own bidang, 7→8→9)
except as an acting holder (Plt./Plh.) of the later role, or where nobody else holds it; then
the approval is marked "dirangkap", and the person gets the next card like anyone who may act.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot import texts
from bot.errors import NotAllowed
from bot.sop import Role, StepNo, step
from storage import queries
from storage.models import RoleGrant, Round, User

TUNGGAL = "tunggal"
"""The mark of a step done by the performer of the step before, since nobody else held it."""


@dataclass(frozen=True)
class Authority:
    """A person allowed to do a step now, the grant they act under, and why it is "dirangkap"."""

    user: User
    grant: RoleGrant
    dirangkap: str | None = None


def _previous_performers(
    session: Session, round_: Round, number: int, bidang_id: int | None
) -> set[int]:
    """Who did the step(s) that `number` may not be done by the same person after."""
    if number == StepNo.KOREKSI:
        done = [
            d.done_by_id
            for d in queries.deadlines(session, round_.id)
            if d.step == StepNo.DRAFT and d.done_by_id is not None
        ]
        return set(done[-1:])
    if number == StepNo.VERIFIKASI and bidang_id is not None:
        submission = queries.submission_for(session, round_.id, bidang_id)
        sender = submission.submitted_by_id if submission is not None else None
        return {sender} if sender is not None else set()
    if number in (StepNo.PARAF_SEKRETARIS, StepNo.TANDATANGAN):
        return {
            a.actor_id
            for a in queries.approvals(session, round_.id, in_force=True)
            if StepNo.PARAF_KASUBAG <= a.step < number
            and a.action in ("paraf", "tandatangan")
            and a.actor_id is not None
        }
    return set()


def authorise(
    session: Session,
    user: User,
    round_: Round,
    number: int,
    now: datetime,
    bidang_id: int | None = None,
) -> Authority:
    """The grant under which `user` may do step `number` now, or NotAllowed saying why not."""
    role = step(number).role
    grants = [
        g
        for g in queries.grants_in_force(session, user, now)
        if g.role == role and (role != Role.KABID or g.bidang_id == bidang_id)
    ]
    if not grants:
        raise NotAllowed(texts.tidak_berhak(role))
    regular = sorted(grants, key=lambda g: g.acting is not None)
    if user.id not in _previous_performers(session, round_, number, bidang_id):
        return Authority(user, regular[0])
    acting = [g for g in grants if g.acting is not None]
    if acting:
        return Authority(user, acting[0], acting[0].acting)
    per_bidang = bidang_id if role == Role.KABID else None
    others = [h for h in queries.holders(session, role, now, per_bidang) if h.id != user.id]
    if not others:
        return Authority(user, regular[0], TUNGGAL)
    raise NotAllowed(texts.pemisahan_tugas(number))


def eligible(
    session: Session, round_: Round, number: int, now: datetime, bidang_id: int | None = None
) -> list[Authority]:
    """Everyone who may do step `number` now: the people its card goes to."""
    role = step(number).role
    per_bidang = bidang_id if role == Role.KABID else None
    found = []
    for holder in queries.holders(session, role, now, per_bidang):
        try:
            found.append(authorise(session, holder, round_, number, now, bidang_id))
        except NotAllowed:
            continue
    return found

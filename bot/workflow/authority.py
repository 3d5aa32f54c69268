"""Who may do a step of a round: the role held now, the appointment it is held under, and
separation of duties (DESIGN §3).

Nobody performs two consecutive steps of one round (each step's `apart_from` in bot/sop.py:
1→2, 4→5 for their own bidang, 7→8→9) except as an acting holder (Plt./Plh.) of the later
role, or where nobody else holds it; then the approval is marked "dirangkap", and the person
gets the next card like anyone who may act.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.orm import Session

from bot import texts
from bot.errors import NotAllowed
from bot.sop import Acting, Role, step
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


def holding(
    session: Session, user: User, role: Role, now: datetime, bidang_id: int | None = None
) -> Authority:
    """`user`'s grant of `role` now (for `bidang_id`, a Kabid's), a definitive one before an
    acting one; NotAllowed otherwise, saying so when the role has ended for them."""
    grants = [
        g
        for g in queries.grants_in_force(session, user, now)
        if g.role == role and (role != Role.KABID or bidang_id is None or g.bidang_id == bidang_id)
    ]
    if not grants:
        raise NotAllowed(_refusal(session, user, role, now, bidang_id))
    return Authority(user, sorted(grants, key=lambda g: g.acting is not None)[0])


def _refusal(session: Session, user: User, role: Role, now: datetime, bidang_id: int | None) -> str:
    """Why `user` may not act as `role`: they held it and it ended, or they never did."""
    ended = [
        g
        for g in user.grants
        if g.role == role
        and (bidang_id is None or g.bidang_id == bidang_id)
        and g.valid_to is not None
        and g.valid_to <= now
    ]
    if not ended:
        return texts.tidak_berhak(role)
    last = max(ended, key=lambda g: (g.valid_to, g.id))
    bidang = queries.bidang_name(session, last.bidang_id) if last.bidang_id else None
    jabatan = texts.jabatan(role, bidang, Acting(last.acting) if last.acting else None)
    return texts.tidak_lagi_memegang(jabatan)


def previous_performers(
    session: Session, round_: Round, number: int, bidang_id: int | None
) -> set[int]:
    """Who last did each step that step `number` must be kept apart from in this round."""
    found: set[int] = set()
    for earlier in step(number).apart_from:
        per_bidang = bidang_id if step(earlier).per_bidang else None
        done = queries.last_done_deadline(session, round_.id, earlier, per_bidang)
        if done is not None and done.done_by_id is not None:
            found.add(done.done_by_id)
    return found


def separated(
    session: Session,
    by: Authority,
    round_: Round,
    number: int,
    now: datetime,
    bidang_id: int | None = None,
) -> Authority:
    """`by`, marked "dirangkap" when they also did the step before, or NotAllowed when
    separation of duties forbids them: they hold the role neither as Plt./Plh. nor alone."""
    if by.user.id not in previous_performers(session, round_, number, bidang_id):
        return by
    role = step(number).role
    per_bidang = bidang_id if role == Role.KABID else None
    acting = [
        g
        for g in queries.grants_in_force(session, by.user, now)
        if g.role == role and g.acting is not None and g.bidang_id == per_bidang
    ]
    if acting:
        return Authority(by.user, acting[0], acting[0].acting)
    others = [h for h in queries.holders(session, role, now, per_bidang) if h.id != by.user.id]
    if not others:
        return replace(by, dirangkap=TUNGGAL)
    raise NotAllowed(texts.pemisahan_tugas(number))


def authorise(
    session: Session,
    user: User,
    round_: Round,
    number: int,
    now: datetime,
    bidang_id: int | None = None,
) -> Authority:
    """The grant under which `user` may do step `number` now, or NotAllowed saying why not."""
    held = holding(session, user, step(number).role, now, bidang_id)
    return separated(session, held, round_, number, now, bidang_id)


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

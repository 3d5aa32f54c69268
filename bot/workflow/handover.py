"""When a grant ends, and /tugas: the step a person held passes on, and nobody loses a card.

A grant ends by `kinerja-bot cabut` or when its term («sampai», an acting period) runs out,
with or without anyone writing to the bot: the scheduler's tick settles every grant whose end
has passed, once (`RoleGrant.end_settled_at`). Settling tells the person, drops what they
were typing if it no longer stands, takes back their copies of the cards of that role, hands
every open step of the role to whoever may do it now and has no copy yet, and tells the
operators of an expiry (a revocation they heard of when it was made) and of a step that is
left with nobody. The person's command menu is the scheduler's to change (it returns who).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot import texts
from bot.sop import Role, step
from bot.workflow import authority, cards, common, conversation, grants
from bot.workflow.context import Ctx, unit_of_work
from storage import queries
from storage.models import RoleGrant, Round


@dataclass(frozen=True)
class Settled:
    """Someone whose roles changed: their command menu is to show `roles` from now on."""

    telegram_id: int
    roles: frozenset[Role]


def settle_ended(ctx: Ctx) -> list[Settled]:
    """Settles every grant whose end has passed and was not settled yet; returns who changed."""
    now = ctx.now()
    tz = ctx.settings.zona_waktu
    with ctx.unit() as session:
        ended = queries.grants_to_settle(session, now)
        names = grants.bidang_names(session)
        changed: dict[int, Settled] = {}
        for grant in ended:
            grant.end_settled_at = now
            user = grant.user
            assert grant.valid_to is not None
            jabatan = grants.jabatan_of(grant, names)
            common.notify(session, now, user, texts.peran_berakhir(jabatan, grant.valid_to, tz))
            if grant.revoked_at is None:
                grants.tell_operators(
                    session,
                    now,
                    texts.peran_habis_masa(user.nama, jabatan, grant.valid_to, tz),
                    besides=user,
                )
            conversation.drop_if_gone(session, ctx, user)
            for round_ in queries.open_rounds(session):
                _hand_on(session, ctx, round_, grant, now, texts.kartu_tidak_berlaku(jabatan))
            common.audit(session, now, None, "peran.berakhir", pengguna=user.id, peran=grant.role)
            roles = frozenset(common.roles_of(session, user, now))
            changed[user.telegram_id] = Settled(user.telegram_id, roles)
        return list(changed.values())


def _hand_on(
    session: Session, ctx: Ctx, round_: Round, grant: RoleGrant, now: datetime, note: str
) -> None:
    """The open steps of `round_` that `grant`'s role does pass to who may do them now."""
    for number, bidang_id in cards.open_steps(session, round_):
        if step(number).role != grant.role:
            continue
        if grant.role == Role.KABID and bidang_id != grant.bidang_id:
            continue
        deadline = queries.open_deadline(session, round_.id, number, bidang_id)
        if deadline is None:
            continue
        still = {a.user.id for a in authority.eligible(session, round_, number, now, bidang_id)}
        if grant.user_id not in still:
            cards.withdraw(session, deadline.id, grant.user, note, now)
        cards.hand_on(session, ctx, round_, number, now, bidang_id)
        if not still:
            _tell_nobody_holds(session, round_, number, now)


def _tell_nobody_holds(session: Session, round_: Round, number: int, now: datetime) -> None:
    role = step(number).role
    text = texts.langkah_tanpa_pemegang(
        number, step(number).name, texts.putaran(round_.tahun, round_.triwulan), role.label
    )
    for operator in queries.holders(session, Role.OPERATOR, now):
        common.notify(session, now, operator, text)


@unit_of_work
def resend_tasks(session: Session, ctx: Ctx, telegram_id: int) -> int:
    """/tugas: every card this person can act on now, queued anew; returns how many."""
    now = ctx.now()
    user = common.actor(session, telegram_id)
    found = cards.actionable(session, ctx, user, now)
    for card in found:
        cards.deliver(session, now, user, card)
    return len(found)

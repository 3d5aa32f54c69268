"""Step 11: the operator ticks each bidang as entered into SILAKIP; the last tick ends the
round (issue 14).

Each tick is a change of the round (`transitions.SILAKIP_TICK`, audited with its bidang) and a
row with who and when (`SilakipEntry`). It moves the round's version, so ticks racing are a
compare-and-set like every state change: the loser runs again on what is there now
(`context.once`) and is refused with who ticked, when it was the same bidang, or ticks its own
when it was another. Whichever tick finds every bidang ticked applies SILAKIP_DONE in the same
unit: the step's clock stops, its decision is recorded, the other operators' copies of the card
say so, and the round closes. A tick is not taken back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot import texts
from bot.errors import NotFound, Stale
from bot.sop import Role
from bot.workflow import common, transitions
from bot.workflow.authority import Authority
from bot.workflow.context import Ctx, unit_of_work
from bot.workflow.views import silakip_checklist
from storage.models import Round, SilakipEntry, User


@dataclass(frozen=True)
class Ticked:
    """What a tick (or Semua) did: the round as it is now, and whether it closed with it."""

    round: Round
    closed: bool


@dataclass(frozen=True)
class Press:
    """Who pressed step 11's checklist, under which grant, and the round it names."""

    user: User
    by: Authority
    round: Round


def pressed(session: Session, ctx: Ctx, telegram_id: int, round_id: int) -> Press:
    """The operator and the round a press on step 11's checklist acts on, refused as a tick
    would be: NotAllowed for anyone but an operator, Stale once the round has left step 11
    ("sudah dicatat sudah diinput ke SILAKIP oleh …"). Writes nothing."""
    user = common.actor(session, telegram_id)
    round_ = common.get_round(session, round_id)
    by = transitions.decide(
        session, transitions.SILAKIP_TICK, user, round_, ctx.now(), ctx.settings.zona_waktu
    )
    return Press(user, by, round_)


@unit_of_work
def tick(session: Session, ctx: Ctx, *, actor: int, round_id: int, bidang_id: int) -> Ticked:
    """One bidang's data entered into SILAKIP, by this operator, now.

    Refused (Stale) for a bidang ticked already — a double tap, or another operator was first —
    saying who ticked it and when; NotFound for a bidang that is not in the round.
    """
    now = ctx.now()
    press = pressed(session, ctx, actor, round_id)
    line = next((i for i in silakip_checklist(session, round_id) if i.bidang_id == bidang_id), None)
    if line is None:
        raise NotFound(texts.DATA_BIDANG_TIDAK_ADA)
    if line.at is not None:
        raise Stale(
            texts.silakip_sudah_dicentang(
                line.nama, line.oleh or "", line.at, ctx.settings.zona_waktu
            )
        )
    _tick(session, ctx, press, bidang_id, now)
    return Ticked(press.round, _close_when_all_ticked(session, ctx, press, now))


@unit_of_work
def tick_all(session: Session, ctx: Ctx, *, actor: int, round_id: int) -> Ticked:
    """Semua: every bidang not ticked yet, by this operator, now; the round closes."""
    now = ctx.now()
    press = pressed(session, ctx, actor, round_id)
    for line in silakip_checklist(session, round_id):
        if not line.ticked:
            _tick(session, ctx, press, line.bidang_id, now)
    closed = _close_when_all_ticked(session, ctx, press, now)
    assert closed, "every bidang was just ticked"
    return Ticked(press.round, closed)


def _tick(session: Session, ctx: Ctx, press: Press, bidang_id: int, now: datetime) -> None:
    transitions.apply(
        session,
        ctx,
        transitions.SILAKIP_TICK,
        press.round,
        user=press.user,
        seen_version=None,
        now=now,
        checked=press.by,
        detail={"bidang": bidang_id},
    )
    # The round's compare-and-set is written first, so a tick racing another loses there and
    # runs again, rather than failing on the row's unique key.
    session.flush()
    session.add(
        SilakipEntry(
            round_id=press.round.id,
            bidang_id=bidang_id,
            actor=press.user,
            grant=press.by.grant,
            at=now,
        )
    )


def _close_when_all_ticked(session: Session, ctx: Ctx, press: Press, now: datetime) -> bool:
    """Step 11 is done once every bidang is ticked: the round closes (SILAKIP_DONE) and the
    other operators hear of it."""
    round_, user = press.round, press.user
    if not all(line.ticked for line in silakip_checklist(session, round_.id)):
        return False
    transitions.apply(
        session,
        ctx,
        transitions.SILAKIP_DONE,
        round_,
        user=user,
        seen_version=None,
        now=now,
        checked=press.by,
    )
    common.notify_role(
        session,
        now,
        Role.OPERATOR,
        texts.putaran_selesai(
            round_.tahun, round_.triwulan, user.nama, now, ctx.settings.zona_waktu
        ),
        exclude=user,
    )
    return True

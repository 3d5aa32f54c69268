"""Steps 6–10: compile and submit, paraf, signature, returns, final (step 11, the SILAKIP
checklist the final opens: `bot.workflow.silakip`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot import texts
from bot.errors import Stale
from bot.sop import Role, StepNo
from bot.states import RoundState
from bot.workflow import cards, common, files, transitions
from bot.workflow.context import Ctx, unit_of_work
from bot.workflow.transitions import APPROVE
from storage import queries
from storage.models import Round, User


@unit_of_work
def submit_compiled(
    session: Session, ctx: Ctx, *, actor: int, round_id: int, expected_version: int
) -> Round:
    """Step 6 → 7: the compiled data goes to the Kasubag PKA ("Susun dan serahkan")."""
    now = ctx.now()
    user = common.actor(session, actor)
    round_ = common.get_round(session, round_id)
    transitions.apply(
        session,
        ctx,
        transitions.SUBMIT_COMPILED,
        round_,
        user=user,
        seen_version=expected_version,
        now=now,
    )
    cards.announce(session, ctx, round_, StepNo.PARAF_KASUBAG, now)
    return round_


def _approval_pressed(
    session: Session, round_: Round, user: User, expected_version: int, ctx: Ctx
) -> RoundState:
    """The approval state a Paraf/Tandatangani/Kembalikan press acts on, after its checks.

    On the current card the person must hold the step's role (NotAllowed). An older card — a
    double tap, a press racing another approver, a card the round has left — is refused as
    Stale, explained by what became of the step this person approves ("Data ini sudah diparaf
    oleh Budi …"), rather than judged against the role of the step the round has reached.
    """
    now, tz = ctx.now(), ctx.settings.zona_waktu
    state = RoundState(round_.state)
    if state in APPROVE and round_.version == expected_version:
        transitions.authorise(session, APPROVE[state], user, round_, now)
        return state
    held = common.roles_of(session, user, now)
    mine = [t.step for t in APPROVE.values() if t.role in held]
    if not mine:
        # They hold no approver role now: refused as such (or as a role that has ended).
        first = APPROVE.get(state, transitions.PARAF_KASUBAG)
        common.require_role(session, user, first.role, now)
    decided = [a for a in queries.approvals(session, round_.id, in_force=True) if a.step in mine]
    if decided:
        last = decided[-1]
        raise Stale(texts.sudah_ditangani(last.action, common.nama_of(last.actor), last.at, tz))
    raise Stale(texts.putaran_berpindah(round_.tahun, round_.triwulan, state))


def awaiting_approval(
    session: Session, ctx: Ctx, actor: int, round_id: int, expected_version: int
) -> tuple[User, Round, RoundState]:
    """The approver, round and approval state a Paraf/Tandatangani, or a Kembalikan with its
    reason, acts on; refused as `_approval_pressed` says."""
    user = common.actor(session, actor)
    round_ = common.get_round(session, round_id)
    return user, round_, _approval_pressed(session, round_, user, expected_version, ctx)


@dataclass(frozen=True)
class Approved:
    """A Paraf/Tandatangani press: what was given, by whom, when; or, when the data had changed
    under an earlier approval, that those approvals are void instead (`changed`)."""

    round: Round
    step: int
    action: str
    nama: str
    at: datetime
    changed: bool = False

    @property
    def refusal(self) -> str:
        """What the approver is told when the data had changed: nothing was given."""
        return texts.data_berubah_setelah_paraf(self.round.tahun, self.round.triwulan)


def _data_changed(session: Session, round_: Round) -> bool:
    """Whether the data differs from what the compilation and the approvals since vouched for."""
    current = common.content_hash(session, round_)
    return any(
        a.content_hash != current
        for a in queries.approvals(session, round_.id, in_force=True)
        if a.step in transitions.VOIDED_BY_RETURN and a.action != "kembalikan"
    )


@unit_of_work
def press_approval(
    session: Session, ctx: Ctx, *, actor: int, round_id: int, expected_version: int
) -> Approved:
    """Steps 7–9: paraf Kasubag, paraf Sekretaris, signature of the Kepala Dinas.

    Records the SHA-256 of the data approved. If the data changed since an earlier approval,
    those approvals are void and the round goes back to the operator (DESIGN §6): that is
    committed, and the result says so (`changed`).
    """
    now = ctx.now()
    user, round_, state = awaiting_approval(session, ctx, actor, round_id, expected_version)
    t = APPROVE[state]
    if _data_changed(session, round_):
        t = transitions.DATA_CHANGED[state]
        transitions.apply(
            session,
            ctx,
            t,
            round_,
            user=user,
            seen_version=expected_version,
            now=now,
            void_reason=texts.BATAL_DATA_BERUBAH,
        )
        cards.announce(session, ctx, round_, StepNo.PENYUSUNAN, now)
        return Approved(round_, t.step, "", user.nama, now, changed=True)
    transitions.apply(session, ctx, t, round_, user=user, seen_version=expected_version, now=now)
    assert t.starts is not None
    cards.announce(session, ctx, round_, t.starts, now)
    return Approved(round_, t.step, t.decision or "", user.nama, now)


def approve(ctx: Ctx, *, actor: int, round_id: int, expected_version: int) -> Approved:
    """`press_approval`, refused (Stale) after its commit when the data had changed."""
    done = press_approval(ctx, actor=actor, round_id=round_id, expected_version=expected_version)
    if done.changed:
        raise Stale(done.refusal)
    return done


def check_return_round(ctx: Ctx, *, actor: int, round_id: int, expected_version: int) -> None:
    """Kembalikan at steps 7–9 is checked before its reason is asked, so nobody types a reason
    for a press `return_round` would refuse (another approver acted meanwhile)."""
    with ctx.read() as session:
        awaiting_approval(session, ctx, actor, round_id, expected_version)


@unit_of_work
def return_round(
    session: Session, ctx: Ctx, *, actor: int, round_id: int, expected_version: int, reason: str
) -> Round:
    """Steps 7–9 → 6 with a reason; the operator may reopen any bidang (DESIGN §2)."""
    now = ctx.now()
    reason = common.clean_reason(reason)
    user, round_, state = awaiting_approval(session, ctx, actor, round_id, expected_version)
    transitions.apply(
        session,
        ctx,
        transitions.RETURN_ROUND[state],
        round_,
        user=user,
        seen_version=expected_version,
        now=now,
        reason=reason,
    )
    cards.announce(session, ctx, round_, StepNo.PENYUSUNAN, now)
    return round_


@unit_of_work
def finalise(
    session: Session, ctx: Ctx, *, actor: int, round_id: int, expected_version: int
) -> Round:
    """Step 10 → 11: the round is locked and the final workbook goes to everyone concerned."""
    now = ctx.now()
    tz = ctx.settings.zona_waktu
    user = common.actor(session, actor)
    round_ = common.get_round(session, round_id)
    transitions.apply(
        session,
        ctx,
        transitions.FINALISE,
        round_,
        user=user,
        seen_version=expected_version,
        now=now,
    )
    # Built here, in the transaction that locks the data, so the file everyone receives is
    # exactly what was signed and is never regenerated differently.
    files.store_final(session, ctx, round_)
    final_text = texts.data_final(round_.tahun, round_.triwulan, user.nama, now, tz)
    told: set[int] = set()
    for role in (Role.OPERATOR, Role.KASUBAG, Role.SEKRETARIS, Role.KEPALA, Role.PERENCANA):
        for holder in queries.holders(session, role, now):
            if holder.id not in told:
                told.add(holder.id)
                common.notify(
                    session,
                    now,
                    holder,
                    final_text,
                    attachment={"kind": "final", "round_id": round_.id},
                )
    common.notify_role(
        session,
        now,
        Role.OPERATOR,
        texts.silakip_csv(round_.tahun, round_.triwulan),
        attachment={"kind": "silakip", "round_id": round_.id, "format": "csv"},
    )
    cards.announce(session, ctx, round_, StepNo.SILAKIP, now)
    return round_

"""Steps 6–11: compile and submit, paraf, signature, returns, final, SILAKIP."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot import texts
from bot.callbacks import Act, encode
from bot.errors import NotAllowed, Stale
from bot.sop import APPROVAL_STEPS, Role, StepNo
from bot.states import RoundState
from bot.workflow import common, files
from bot.workflow.context import Ctx
from bot.workflow.verification import compile_buttons
from bot.workflow.views import rekap
from storage import queries
from storage.models import Round, User

APPROVER: dict[RoundState, tuple[int, Role, str, RoundState]] = {
    RoundState.PARAF_KASUBAG: (
        StepNo.PARAF_KASUBAG,
        Role.KASUBAG,
        "paraf",
        RoundState.PARAF_SEKRETARIS,
    ),
    RoundState.PARAF_SEKRETARIS: (
        StepNo.PARAF_SEKRETARIS,
        Role.SEKRETARIS,
        "paraf",
        RoundState.TANDATANGAN,
    ),
    RoundState.TANDATANGAN: (StepNo.TANDATANGAN, Role.KEPALA, "tandatangan", RoundState.FINALISASI),
}
"""Who approves at each approval state, with which word, and where the round goes next."""

CHAIN = (
    (StepNo.PARAF_KASUBAG, "Paraf Kasubag PKA"),
    (StepNo.PARAF_SEKRETARIS, "Paraf Sekretaris"),
    (StepNo.TANDATANGAN, "Tanda tangan Kepala Dinas"),
)


def _approval_card(session: Session, ctx: Ctx, round_: Round, number: int, due: datetime) -> str:
    in_force = {
        a.step: a
        for a in queries.approvals(session, round_.id, in_force=True)
        if a.action in ("paraf", "tandatangan")
    }
    chain = []
    for step_no, label in CHAIN:
        if step_no >= number:
            break
        approval = in_force.get(step_no)
        chain.append(
            (
                label,
                common.nama_of(approval.actor) if approval else None,
                approval.at if approval else None,
            )
        )
    counts = rekap(session, ctx, round_)
    total = sum(counts.values())
    summary = f"{total} indikator · " + " · ".join(f"{k} {v}" for k, v in counts.items())
    return texts.kartu_persetujuan(
        round_.tahun, round_.triwulan, number, chain, summary, due, ctx.settings.zona_waktu
    )


def approval_buttons(round_: Round, number: int) -> list[list[tuple[str, str]]]:
    word = "✍️ Tandatangani" if number == StepNo.TANDATANGAN else "✍️ Paraf"
    return [
        [
            (word, encode(Act.PARAF, round_.id, round_.version)),
            ("↩️ Kembalikan", encode(Act.KEMBALIKAN_PUTARAN, round_.id, round_.version)),
        ],
        [("Unduh", encode(Act.UNDUH, round_.id))],
    ]


def _ask_approver(
    session: Session, ctx: Ctx, round_: Round, state: RoundState, now: datetime
) -> None:
    number = APPROVER[state][0]
    deadline = common.start_step(session, ctx, round_, number, now)
    common.notify_step(
        session,
        round_,
        number,
        now,
        _approval_card(session, ctx, round_, number, deadline.due_at),
        approval_buttons(round_, number),
        attachment={"kind": "rekap", "round_id": round_.id},
    )


def submit_compiled(ctx: Ctx, *, actor: int, round_id: int, expected_version: int) -> Round:
    """Step 6 → 7: the compiled data goes to the Kasubag PKA ("Susun dan serahkan")."""
    now = ctx.now()
    tz = ctx.settings.zona_waktu
    with ctx.unit() as session:
        user = common.actor(session, actor)
        common.require_role(session, user, Role.OPERATOR, now)
        round_ = common.get_round(session, round_id)
        common.expect_round(session, round_, [RoundState.PENYUSUNAN], expected_version, tz)
        common.record_approval(session, round_, StepNo.PENYUSUNAN, user, "serahkan", now)
        common.finish_step(session, round_, StepNo.PENYUSUNAN, now, user)
        round_.state = RoundState.PARAF_KASUBAG
        common.bump(round_)
        common.audit(session, now, user, "putaran.serahkan", round_)
        _ask_approver(session, ctx, round_, RoundState.PARAF_KASUBAG, now)
        return round_


def _approval_pressed(
    session: Session, round_: Round, user: User, expected_version: int, now: datetime, tz: str
) -> RoundState:
    """The approval state a Paraf/Tandatangani/Kembalikan press acts on, after its checks.

    On the current card the person must hold the step's role (NotAllowed). An older card — a
    double tap, a press racing another approver, a card the round has left — is refused as
    Stale, explained by what became of the step this person approves ("Data ini sudah diparaf
    oleh Budi …"), rather than judged against the role of the step the round has reached.
    """
    state = RoundState(round_.state)
    if state in APPROVER and round_.version == expected_version:
        common.require_role(session, user, APPROVER[state][1], now)
        return state
    held = common.roles_of(session, user, now)
    mine = [number for number, role, _, _ in APPROVER.values() if role in held]
    if not mine:
        needed = APPROVER[state][1] if state in APPROVER else Role.KASUBAG
        raise NotAllowed(texts.tidak_berhak(needed))
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
    state = _approval_pressed(
        session, round_, user, expected_version, ctx.now(), ctx.settings.zona_waktu
    )
    return user, round_, state


@dataclass(frozen=True)
class Approved:
    round: Round
    step: int
    action: str


def approve(ctx: Ctx, *, actor: int, round_id: int, expected_version: int) -> Approved:
    """Steps 7–9: paraf Kasubag, paraf Sekretaris, signature of the Kepala Dinas.

    Records the SHA-256 of the data approved. If the data changed since an earlier approval,
    those approvals are void and the round goes back to the operator (DESIGN §6).
    """
    now = ctx.now()
    tz = ctx.settings.zona_waktu
    changed = False
    with ctx.unit() as session:
        user, round_, state = awaiting_approval(session, ctx, actor, round_id, expected_version)
        number, _, action, following = APPROVER[state]
        current = common.content_hash(session, round_)
        earlier = [
            a
            for a in queries.approvals(session, round_.id, in_force=True)
            if a.step in (StepNo.PENYUSUNAN, *APPROVAL_STEPS) and a.action != "kembalikan"
        ]
        if any(a.content_hash != current for a in earlier):
            changed = True
            _back_to_operator(session, ctx, round_, now, user, "data berubah setelah paraf")
            common.notify_role(
                session,
                now,
                Role.OPERATOR,
                texts.data_berubah_setelah_paraf(round_.tahun, round_.triwulan),
                compile_buttons(round_),
            )
        else:
            common.record_approval(session, round_, number, user, action, now)
            common.finish_step(session, round_, number, now, user)
            round_.state = following
            common.bump(round_)
            common.audit(session, now, user, f"putaran.{action}", round_, langkah=number)
            if following in APPROVER:
                _ask_approver(session, ctx, round_, following, now)
            else:
                common.start_step(session, ctx, round_, StepNo.FINALISASI, now)
                common.notify_role(
                    session,
                    now,
                    Role.OPERATOR,
                    texts.ditandatangani(round_.tahun, round_.triwulan, user.nama, now, tz),
                    [[("Finalkan", encode(Act.FINALKAN, round_.id, round_.version))]],
                )
    if changed:
        raise Stale(texts.data_berubah_setelah_paraf(round_.tahun, round_.triwulan))
    return Approved(round_, number, action)


def _back_to_operator(
    session: Session, ctx: Ctx, round_: Round, now: datetime, user: User, why: str
) -> list[str]:
    """Steps 7–9 → 6: every approval since the compilation is void and must be given again."""
    state = RoundState(round_.state)
    if state in APPROVER:
        common.finish_step(session, round_, APPROVER[state][0], now, user)
    voided = common.void_approvals(session, round_, (StepNo.PENYUSUNAN, *APPROVAL_STEPS), now, why)
    common.start_step(session, ctx, round_, StepNo.PENYUSUNAN, now)
    round_.state = RoundState.PENYUSUNAN
    common.bump(round_)
    common.audit(session, now, user, "putaran.persetujuan_batal", round_, alasan=why)
    labels = dict(CHAIN)
    return [f"{labels[a.step]} ({common.nama_of(a.actor)})" for a in voided if a.step in labels]


def check_return_round(ctx: Ctx, *, actor: int, round_id: int, expected_version: int) -> None:
    """Kembalikan at steps 7–9 is checked before its reason is asked, so nobody types a reason
    for a press `return_round` would refuse (another approver acted meanwhile)."""
    with ctx.read() as session:
        awaiting_approval(session, ctx, actor, round_id, expected_version)


def return_round(
    ctx: Ctx, *, actor: int, round_id: int, expected_version: int, reason: str
) -> Round:
    """Steps 7–9 → 6 with a reason; the operator may reopen any bidang (DESIGN §2)."""
    now = ctx.now()
    tz = ctx.settings.zona_waktu
    reason = common.clean_reason(reason)
    with ctx.unit() as session:
        user, round_, state = awaiting_approval(session, ctx, actor, round_id, expected_version)
        number, role, _, _ = APPROVER[state]
        common.record_approval(session, round_, number, user, "kembalikan", now, reason=reason)
        voided = _back_to_operator(session, ctx, round_, now, user, f"dikembalikan: {reason}")
        common.audit(
            session, now, user, "putaran.kembalikan", round_, langkah=number, alasan=reason
        )
        common.notify_role(
            session,
            now,
            Role.OPERATOR,
            texts.putaran_dikembalikan(
                round_.tahun, round_.triwulan, user.nama, role, now, reason, voided, tz
            ),
            compile_buttons(round_),
        )
        return round_


def finalise(ctx: Ctx, *, actor: int, round_id: int, expected_version: int) -> Round:
    """Step 10 → 11: the round is locked and the final workbook goes to everyone concerned."""
    now = ctx.now()
    tz = ctx.settings.zona_waktu
    with ctx.unit() as session:
        user = common.actor(session, actor)
        common.require_role(session, user, Role.OPERATOR, now)
        round_ = common.get_round(session, round_id)
        common.expect_round(session, round_, [RoundState.FINALISASI], expected_version, tz)
        common.record_approval(session, round_, StepNo.FINALISASI, user, "final", now)
        common.finish_step(session, round_, StepNo.FINALISASI, now, user)
        deadline = common.start_step(session, ctx, round_, StepNo.SILAKIP, now)
        round_.state = RoundState.SILAKIP
        common.bump(round_)
        common.audit(session, now, user, "putaran.final", round_)
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
        common.notify_role(
            session,
            now,
            Role.OPERATOR,
            texts.langkah_silakip(round_.tahun, round_.triwulan, deadline.due_at, tz),
            [[("Sudah diinput SILAKIP", encode(Act.SILAKIP, round_.id, round_.version))]],
            attachment={"kind": "silakip", "round_id": round_.id},
        )
        return round_


def silakip_done(ctx: Ctx, *, actor: int, round_id: int, expected_version: int) -> Round:
    """Step 11 ends the round: the operator confirms the data is in SILAKIP."""
    now = ctx.now()
    tz = ctx.settings.zona_waktu
    with ctx.unit() as session:
        user = common.actor(session, actor)
        common.require_role(session, user, Role.OPERATOR, now)
        round_ = common.get_round(session, round_id)
        common.expect_round(session, round_, [RoundState.SILAKIP], expected_version, tz)
        common.record_approval(session, round_, StepNo.SILAKIP, user, "silakip", now)
        common.finish_step(session, round_, StepNo.SILAKIP, now, user)
        round_.state = RoundState.SELESAI
        round_.closed_at = now
        common.bump(round_)
        common.audit(session, now, user, "putaran.silakip", round_)
        common.notify_role(
            session,
            now,
            Role.OPERATOR,
            texts.putaran_selesai(round_.tahun, round_.triwulan, user.nama, now, tz),
            exclude=user,
        )
        return round_

"""The workflow's transitions in one table, and the one function that applies them.

Every change of a round's or a submission's state is a row of TABLE: its audit code, the
states it leaves, the state it reaches, the SOP step whose holder performs it (and so the
role allowed and the separation of duties, `bot.sop.Step`), the step it finishes and the
one it starts, the decision it records and the approvals it voids.
`apply` carries one out inside the caller's unit of work: authorise, check state and
version, record the decision, move the step clocks, void, change state, audit, and retire the
copies of the finished step's card that other holders received. The use cases in approvals,
rounds, filling and verification only choose the transition and say what comes next.

A write cannot race: the round and the submission carry a version column, so their UPDATE
matches no row when another unit changed them since they were read (LostRace), and the use
case runs again on what is there now (`context.once`), where it refuses as a double tap
would.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy.orm import Session

from bot import texts
from bot.sop import APPROVAL_STEPS, Role, StepNo, step
from bot.states import RoundState, SubmissionState
from bot.texts import labels
from bot.workflow import authority, cards, common
from bot.workflow.authority import Authority
from bot.workflow.context import Ctx
from storage.models import Approval, AuditEvent, Round, StepDeadline, Submission, User

VOIDED_BY_RETURN = (StepNo.PENYUSUNAN, *APPROVAL_STEPS)
"""What a return from steps 7–9 (or a data change after paraf) voids: the compilation and
every paraf and signature given on it (DESIGN §2)."""


class Subject(StrEnum):
    ROUND = "putaran"
    SUBMISSION = "bidang"


@dataclass(frozen=True)
class Transition:
    code: str
    """The audit event's action."""
    subject: Subject
    sources: tuple[str, ...]
    target: str
    step: int
    """The SOP step whose holder performs it: its role is the one allowed."""
    finishes: int | None
    starts: int | None
    decision: str | None = None
    """The Approval action recorded (benar, paraf, kembalikan, …); None records none."""
    voids: tuple[int, ...] = ()
    done: str | None = None
    """How the other holders' copies of the finished step's card say it was done."""
    by_holder: bool = True
    """Done by a holder of the step's role, who is authorised; otherwise the bot does it in
    the course of another action (whose actor the audit trail names)."""
    audited: bool = True
    """Whether it is an event of its own in the audit trail; a consequence that always
    follows another transition (step 6 opening on the last verification) is that one's."""
    round_states: tuple[str, ...] = ()
    """For a change of a bidang's data: the states its round must be in."""

    @property
    def role(self) -> Role:
        return step(self.step).role

    @property
    def apart_from(self) -> tuple[int, ...]:
        """Separation of duties, the step's own rule (`bot.sop.Step.apart_from`): whoever
        performed these steps of the round may not do this, unless acting in the role or
        alone in it (`authority.authorise`)."""
        return step(self.step).apart_from


_R, _S = Subject.ROUND, Subject.SUBMISSION
_APPROVING = (RoundState.PARAF_KASUBAG, RoundState.PARAF_SEKRETARIS, RoundState.TANDATANGAN)

OPEN = Transition("putaran.buka", _R, (), RoundState.DRAFT, StepNo.DRAFT, None, StepNo.DRAFT)
SEND_DRAFT = Transition(
    "draft.kirim", _R, (RoundState.DRAFT,), RoundState.KOREKSI, 1, 1, 2, done=labels.DRAFT_DIKIRIM
)
APPROVE_DRAFT = Transition(
    "koreksi.benar",
    _R,
    (RoundState.KOREKSI,),
    RoundState.DISTRIBUSI,
    StepNo.KOREKSI,
    StepNo.KOREKSI,
    StepNo.DISTRIBUSI,
    decision="benar",
    done=labels.FORMAT_BENAR,
)
RETURN_DRAFT = Transition(
    "koreksi.kembalikan",
    _R,
    (RoundState.KOREKSI,),
    RoundState.DRAFT,
    StepNo.KOREKSI,
    StepNo.KOREKSI,
    StepNo.DRAFT,
    decision="kembalikan",
    done=labels.DIKEMBALIKAN,
)
DISTRIBUTE = Transition(
    "format.bagikan",
    _R,
    (RoundState.DISTRIBUSI,),
    RoundState.PENGISIAN,
    StepNo.DISTRIBUSI,
    StepNo.DISTRIBUSI,
    None,
    done=labels.FORMAT_DIBAGIKAN,
)
SEND_BIDANG = Transition(
    "bidang.kirim",
    _S,
    (SubmissionState.DIISI, SubmissionState.DIKEMBALIKAN),
    SubmissionState.DIKIRIM,
    StepNo.PENGISIAN,
    StepNo.PENGISIAN,
    StepNo.VERIFIKASI,
    round_states=(RoundState.PENGISIAN,),
)
VERIFY = Transition(
    "bidang.verifikasi",
    _S,
    (SubmissionState.DIKIRIM,),
    SubmissionState.TERVERIFIKASI,
    StepNo.VERIFIKASI,
    StepNo.VERIFIKASI,
    None,
    decision="verifikasi",
    done=labels.TERVERIFIKASI,
    round_states=(RoundState.PENGISIAN,),
)
RETURN_BIDANG = Transition(
    "bidang.kembalikan",
    _S,
    (SubmissionState.DIKIRIM,),
    SubmissionState.DIKEMBALIKAN,
    StepNo.VERIFIKASI,
    StepNo.VERIFIKASI,
    StepNo.PENGISIAN,
    decision="kembalikan",
    done=labels.DIKEMBALIKAN,
    round_states=(RoundState.PENGISIAN,),
)
REOPEN_BIDANG = Transition(
    "bidang.buka_kembali",
    _S,
    (SubmissionState.TERVERIFIKASI,),
    SubmissionState.DIKEMBALIKAN,
    StepNo.VERIFIKASI,
    None,
    StepNo.PENGISIAN,
    decision="kembalikan",
    round_states=(RoundState.PENYUSUNAN,),
)
"""At step 6 after a return at steps 7–9: the operator takes back the verification of one
bidang, which returns to its Kabid; the round goes back to filling with it (REFILL)."""
REFILL = Transition(
    "putaran.isi_ulang",
    _R,
    (RoundState.PENYUSUNAN,),
    RoundState.PENGISIAN,
    StepNo.PENYUSUNAN,
    StepNo.PENYUSUNAN,
    None,
    by_holder=False,
    audited=False,
)
ALL_VERIFIED = Transition(
    "putaran.terverifikasi",
    _R,
    (RoundState.PENGISIAN,),
    RoundState.PENYUSUNAN,
    StepNo.VERIFIKASI,
    None,
    StepNo.PENYUSUNAN,
    by_holder=False,
    audited=False,
)
"""Follows the last bidang's verification in the same unit: step 6 opens."""
SUBMIT_COMPILED = Transition(
    "putaran.serahkan",
    _R,
    (RoundState.PENYUSUNAN,),
    RoundState.PARAF_KASUBAG,
    StepNo.PENYUSUNAN,
    StepNo.PENYUSUNAN,
    StepNo.PARAF_KASUBAG,
    decision="serahkan",
    done=labels.DISERAHKAN,
)
PARAF_KASUBAG = Transition(
    "putaran.paraf",
    _R,
    (RoundState.PARAF_KASUBAG,),
    RoundState.PARAF_SEKRETARIS,
    StepNo.PARAF_KASUBAG,
    StepNo.PARAF_KASUBAG,
    StepNo.PARAF_SEKRETARIS,
    decision="paraf",
    done=labels.DIPARAF,
)
PARAF_SEKRETARIS = Transition(
    "putaran.paraf",
    _R,
    (RoundState.PARAF_SEKRETARIS,),
    RoundState.TANDATANGAN,
    StepNo.PARAF_SEKRETARIS,
    StepNo.PARAF_SEKRETARIS,
    StepNo.TANDATANGAN,
    decision="paraf",
    done=labels.DIPARAF,
)
SIGN = Transition(
    "putaran.tandatangan",
    _R,
    (RoundState.TANDATANGAN,),
    RoundState.FINALISASI,
    StepNo.TANDATANGAN,
    StepNo.TANDATANGAN,
    StepNo.FINALISASI,
    decision="tandatangan",
    done=labels.DITANDATANGANI,
)
RETURN_ROUND = {
    state: Transition(
        "putaran.kembalikan",
        _R,
        (state,),
        RoundState.PENYUSUNAN,
        number,
        number,
        StepNo.PENYUSUNAN,
        decision="kembalikan",
        voids=VOIDED_BY_RETURN,
        done=labels.DIKEMBALIKAN,
    )
    for state, number in (
        (RoundState.PARAF_KASUBAG, StepNo.PARAF_KASUBAG),
        (RoundState.PARAF_SEKRETARIS, StepNo.PARAF_SEKRETARIS),
        (RoundState.TANDATANGAN, StepNo.TANDATANGAN),
    )
}
"""Kembalikan at steps 7–9, by the step's holder, with a reason: back to step 6."""
VOIDED = "putaran.persetujuan_batal"
"""The audit code of approvals voided, by a return or by a change of the data under them."""
DATA_CHANGED = {
    state: Transition(
        VOIDED,
        _R,
        (state,),
        RoundState.PENYUSUNAN,
        number,
        number,
        StepNo.PENYUSUNAN,
        voids=VOIDED_BY_RETURN,
        by_holder=False,
    )
    for state, number in (
        (RoundState.PARAF_KASUBAG, StepNo.PARAF_KASUBAG),
        (RoundState.PARAF_SEKRETARIS, StepNo.PARAF_SEKRETARIS),
        (RoundState.TANDATANGAN, StepNo.TANDATANGAN),
        (RoundState.FINALISASI, StepNo.FINALISASI),
    )
}
"""The data under a paraf changed (found at the next approval), or the administrator applied
new indicator definitions with --paksa: the step in hand stops, every approval since the
compilation is void, and the round is back at step 6."""
FINALISE = Transition(
    "putaran.final",
    _R,
    (RoundState.FINALISASI,),
    RoundState.SILAKIP,
    StepNo.FINALISASI,
    StepNo.FINALISASI,
    StepNo.SILAKIP,
    decision="final",
    done=labels.DIFINALKAN,
)
SILAKIP_TICK = Transition(
    "silakip.centang",
    _R,
    (RoundState.SILAKIP,),
    RoundState.SILAKIP,
    StepNo.SILAKIP,
    None,
    None,
)
"""Step 11, one bidang ticked as entered into SILAKIP (its row: `bot.workflow.silakip`). The
round stays at step 11 but its version moves, so two ticks at once are a compare-and-set and
exactly one of them is the last."""
SILAKIP_DONE = Transition(
    "putaran.silakip",
    _R,
    (RoundState.SILAKIP,),
    RoundState.SELESAI,
    StepNo.SILAKIP,
    StepNo.SILAKIP,
    None,
    decision="silakip",
    done=labels.SUDAH_SILAKIP,
)
"""Follows the tick of the round's last bidang in the same unit, by the operator who gave it:
step 11 is done and the round closes."""

APPROVE: dict[str, Transition] = {
    RoundState.PARAF_KASUBAG: PARAF_KASUBAG,
    RoundState.PARAF_SEKRETARIS: PARAF_SEKRETARIS,
    RoundState.TANDATANGAN: SIGN,
}
"""The approval a Paraf/Tandatangani press gives, by the state the round is in."""

TABLE: tuple[Transition, ...] = (
    OPEN,
    SEND_DRAFT,
    APPROVE_DRAFT,
    RETURN_DRAFT,
    DISTRIBUTE,
    SEND_BIDANG,
    VERIFY,
    RETURN_BIDANG,
    REOPEN_BIDANG,
    REFILL,
    ALL_VERIFIED,
    SUBMIT_COMPILED,
    PARAF_KASUBAG,
    PARAF_SEKRETARIS,
    SIGN,
    *RETURN_ROUND.values(),
    *DATA_CHANGED.values(),
    FINALISE,
    SILAKIP_TICK,
    SILAKIP_DONE,
)


@dataclass(frozen=True)
class Applied:
    """What a transition did: under which grant, the decision recorded, the clock started and
    the approvals voided (for the texts that say so)."""

    by: Authority | None
    approval: Approval | None
    started: StepDeadline | None
    voided: list[Approval]
    event: AuditEvent | None


def authorise(
    session: Session,
    t: Transition,
    user: User,
    round_: Round,
    now: datetime,
    bidang_id: int | None = None,
) -> Authority:
    """The grant `user` may do `t` under as far as the role goes, or NotAllowed; separation of
    duties is checked after the state (`expect`), since it depends on who did the step before
    in this round."""
    return authority.holding(session, user, t.role, now, bidang_id)


def expect(
    session: Session,
    t: Transition,
    round_: Round,
    seen_version: int | None,
    tz: str,
    submission: Submission | None = None,
) -> None:
    """Refuses (Stale) a transition from a state or version other than the card showed: a
    double tap, a race lost, an old button; the refusal says what happened instead."""
    if t.subject is Subject.SUBMISSION:
        assert submission is not None
        if round_.state not in t.round_states:
            common.expect_round(session, round_, t.round_states, None, tz)
        common.expect_submission(session, round_, submission, t.sources, seen_version, tz)
    else:
        common.expect_round(session, round_, t.sources, seen_version, tz)


def decide(
    session: Session,
    t: Transition,
    user: User,
    round_: Round,
    now: datetime,
    tz: str,
    *,
    seen_version: int | None = None,
    submission: Submission | None = None,
) -> Authority:
    """Whether `user` may do `t` now, and under which grant: the role first (NotAllowed), then
    the state and version (Stale), then separation of duties (NotAllowed). Writes nothing;
    `apply` decides the same way before it changes anything."""
    bidang_id = submission.bidang_id if submission is not None else None
    by = authorise(session, t, user, round_, now, bidang_id)
    expect(session, t, round_, seen_version, tz, submission)
    return authority.separated(session, by, round_, t.step, now, bidang_id)


def apply(
    session: Session,
    ctx: Ctx,
    t: Transition,
    round_: Round,
    *,
    user: User | None,
    seen_version: int | None,
    now: datetime,
    submission: Submission | None = None,
    reason: str | None = None,
    void_reason: str | None = None,
    due_at: datetime | None = None,
    checked: Authority | None = None,
    detail: Mapping[str, object] | None = None,
) -> Applied:
    """Carries out `t` in the caller's unit of work, by `user` (None: the bot itself).

    `checked` is the authority a caller established already (`authorise`), so a unit that
    first chooses its transition does not check the person twice; `void_reason` is what the
    approvals `t` voids record (the reason of a return, by default); `detail` adds to the
    audit event.
    """
    tz = ctx.settings.zona_waktu
    bidang_id = submission.bidang_id if submission is not None else None
    by = checked
    if t.by_holder and user is not None and by is None:
        by = authorise(session, t, user, round_, now, bidang_id)
    expect(session, t, round_, seen_version, tz, submission)
    if t.by_holder and by is not None:
        by = authority.separated(session, by, round_, t.step, now, bidang_id)
    elif t.by_holder:
        raise AssertionError(f"{t.code} is a holder's and needs the person who does it")
    approval = None
    if t.decision is not None:
        assert user is not None and by is not None
        approval = common.record_approval(
            session, round_, t.step, user, by, t.decision, now, reason=reason, bidang_id=bidang_id
        )
    step_bidang = bidang_id if t.finishes is not None and step(t.finishes).per_bidang else None
    if t.finishes is not None:
        finished = common.finish_step(session, round_, t.finishes, now, user, step_bidang)
        if finished is not None and user is not None and t.done is not None:
            cards.retire(session, ctx, finished, user, t.done, now)
    voided = []
    if t.voids:
        why = void_reason or texts.batal_karena_dikembalikan(reason or "")
        voided = common.void_approvals(session, round_, t.voids, now, why)
        if t.code != VOIDED:
            common.audit(session, now, user, VOIDED, round_, alasan=why)
    subject = submission if t.subject is Subject.SUBMISSION else round_
    assert subject is not None
    subject.state = t.target
    if t.target == RoundState.SELESAI:
        round_.closed_at = now
    common.bump(subject)
    if subject is not round_:
        common.bump(round_)
    started = None
    if t.starts is not None:
        start_bidang = bidang_id if step(t.starts).per_bidang else None
        started = common.start_step(session, ctx, round_, t.starts, now, start_bidang, due_at)
    facts: dict[str, object] = {}
    if bidang_id is not None:
        facts["bidang"] = bidang_id
    if t.subject is Subject.ROUND and t.by_holder and t.step in APPROVAL_STEPS:
        facts["langkah"] = t.step
    if t.code == VOIDED:
        facts["alasan"] = void_reason
    elif reason is not None:
        facts["alasan"] = reason
    if by is not None and by.grant.acting:
        facts["sebagai"] = by.grant.acting
    if by is not None and by.dirangkap:
        facts["dirangkap"] = by.dirangkap
    facts.update(detail or {})
    event = common.audit(session, now, user, t.code, round_, **facts) if t.audited else None
    return Applied(by, approval, started, voided, event)


def sources_of(transitions: Sequence[Transition]) -> tuple[str, ...]:
    """Every state any of `transitions` leaves, in table order."""
    return tuple(dict.fromkeys(state for t in transitions for state in t.sources))

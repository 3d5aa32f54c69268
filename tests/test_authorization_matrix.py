"""Who may do what, when (issue 10): every holder's transition of the table, by every kind of
person, at every state of a quarter, against the rights DESIGN §3 gives each role.

The expected outcome of a cell is read off the declarations below, not off the code: which
roles each person holds (RIGHTS), whose role has ended (ENDED), and the cells where separation
of duties applies (APART). `transitions.decide` is what every use case asks before it writes.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from bot.errors import NotAllowed, Stale
from bot.sop import Acting, Role
from bot.states import RoundState, SubmissionState
from bot.workflow import grants, registration, transitions
from bot.workflow.transitions import Subject, Transition
from storage import queries
from storage.models import RoleGrant, Round, Submission
from tests.conftest import (
    CAPIL,
    DAFDUK,
    KABID_CAPIL,
    KABID_DAFDUK,
    KASUBAG,
    KEPALA,
    OPERATOR,
    PERENCANA,
    SEKRETARIS,
    Office,
    enrol,
    user_id,
)

OPERATOR_2 = 9_101
PLH_KEPALA = 9_102
ENDED_SEKRETARIS = 9_103
EXPIRED_PLT_KASUBAG = 9_104
STRANGER = 9_199

RIGHTS: dict[int, set[Role]] = {
    OPERATOR: {Role.OPERATOR},
    OPERATOR_2: {Role.OPERATOR},
    KASUBAG: {Role.KASUBAG, Role.SEKRETARIS},  # and Plh. Sekretaris by letter
    SEKRETARIS: {Role.SEKRETARIS, Role.KEPALA},  # a second definitive grant, held anyway
    KEPALA: {Role.KEPALA},
    PLH_KEPALA: {Role.KEPALA},
    PERENCANA: {Role.PERENCANA},
    KABID_DAFDUK: {Role.KABID},
    KABID_CAPIL: {Role.KABID},
    ENDED_SEKRETARIS: set(),
    EXPIRED_PLT_KASUBAG: set(),
}
"""What each person holds now. The Kabid's rights are for their own bidang: the data in the
matrix is Dafduk's."""

OWN_BIDANG = {KABID_DAFDUK: DAFDUK, KABID_CAPIL: CAPIL}
ENDED = {ENDED_SEKRETARIS: Role.SEKRETARIS, EXPIRED_PLT_KASUBAG: Role.KASUBAG}
"""Roles these people held until they ended: by `cabut`, and by an acting term running out."""

APART: dict[tuple[int, Transition], str] = {
    # The Kasubag gave the paraf of step 7; as Plh. Sekretaris they may give step 8's too.
    (KASUBAG, transitions.PARAF_SEKRETARIS): "ok:plh",
    (KASUBAG, transitions.RETURN_ROUND[RoundState.PARAF_SEKRETARIS]): "ok:plh",
    # The Sekretaris gave step 8's paraf; a definitive Kepala exists, so they may not sign.
    (SEKRETARIS, transitions.SIGN): "pisah",
    (SEKRETARIS, transitions.RETURN_ROUND[RoundState.TANDATANGAN]): "pisah",
}

STAGES = {
    1: (RoundState.DRAFT, None),
    2: (RoundState.KOREKSI, None),
    3: (RoundState.DISTRIBUSI, None),
    4: (RoundState.PENGISIAN, SubmissionState.DIISI),
    5: (RoundState.PENGISIAN, SubmissionState.DIKIRIM),
    6: (RoundState.PENYUSUNAN, SubmissionState.TERVERIFIKASI),
    7: (RoundState.PARAF_KASUBAG, SubmissionState.TERVERIFIKASI),
    8: (RoundState.PARAF_SEKRETARIS, SubmissionState.TERVERIFIKASI),
    9: (RoundState.TANDATANGAN, SubmissionState.TERVERIFIKASI),
    10: (RoundState.FINALISASI, SubmissionState.TERVERIFIKASI),
    11: (RoundState.SILAKIP, SubmissionState.TERVERIFIKASI),
    12: (RoundState.SELESAI, SubmissionState.TERVERIFIKASI),
}
"""office.walk(at_step=N): where the round and Dafduk's data stand."""

BY_HOLDERS = [t for t in transitions.TABLE if t.by_holder and t is not transitions.OPEN]


def expected(person: int, t: Transition, stage: int) -> str:
    round_state, data_state = STAGES[stage]
    if person == STRANGER:
        return "tak terdaftar"
    held = RIGHTS[person]
    if t.role not in held or (t.role == Role.KABID and OWN_BIDANG.get(person) != DAFDUK):
        return "berakhir" if ENDED.get(person) == t.role else "peran"
    state = data_state if t.subject is Subject.SUBMISSION else round_state
    if state not in t.sources or (t.round_states and round_state not in t.round_states):
        return "keadaan"
    return APART.get((person, t), "ok")


def outcome(
    session: Session, office: Office, person: int, t: Transition, round_: Round, data
) -> str:
    user = queries.user_by_telegram(session, person)
    if user is None:
        return "tak terdaftar"
    try:
        allowed = transitions.decide(
            session,
            t,
            user,
            round_,
            office.ctx.now(),
            office.ctx.settings.zona_waktu,
            seen_version=data.version if t.subject is Subject.SUBMISSION else round_.version,
            submission=data if t.subject is Subject.SUBMISSION else None,
        )
    except NotAllowed as refused:
        if "pemisahan tugas" in refused.message:
            return "pisah"
        return "berakhir" if "tidak lagi memegang" in refused.message else "peran"
    except Stale:
        return "keadaan"
    return f"ok:{allowed.dirangkap}" if allowed.dirangkap else "ok"


def everyone(office: Office) -> None:
    """The office of conftest, and the people the matrix needs besides."""
    ctx = office.ctx
    enrol(ctx, OPERATOR_2, "Gita", Role.OPERATOR)
    enrol(ctx, PLH_KEPALA, "Hadi", Role.KEPALA, acting=Acting.PLH)
    enrol(ctx, KASUBAG, "Budi", Role.SEKRETARIS, acting=Acting.PLH)
    with ctx.unit() as session:
        session.add(
            RoleGrant(user_id=user_id(ctx, SEKRETARIS), role=Role.KEPALA, valid_from=ctx.now())
        )
    enrol(ctx, ENDED_SEKRETARIS, "Indra", Role.SEKRETARIS)
    grants.revoke(ctx, user_id=user_id(ctx, ENDED_SEKRETARIS), role=Role.SEKRETARIS)
    invite = registration.create_invite(
        ctx,
        actor=None,
        role=Role.KASUBAG,
        acting=Acting.PLT,
        valid_to=ctx.now() + timedelta(hours=1),
        surat="800/2/DUKCAPIL/2026",
        nama="Joko",
    )
    registration.redeem_invite(ctx, telegram_id=EXPIRED_PLT_KASUBAG, nama="Joko", code=invite.code)
    office.clock.advance(hours=2)


@pytest.mark.parametrize("stage", list(STAGES), ids=lambda n: f"langkah-{n}")
def test_every_person_and_transition_at_this_stage_gets_what_the_rights_say(
    office: Office, stage: int
) -> None:
    everyone(office)
    round_ = office.walk(at_step=stage)
    assert (RoundState(round_.state), _data_state(office, round_)) == STAGES[stage]

    cells: dict[tuple[int, str], tuple[str, str]] = {}
    with office.ctx.read() as session:
        round_now = session.get(Round, round_.id)
        data = queries.submission_for(session, round_.id, office.bidang_id(DAFDUK))
        for t in BY_HOLDERS:
            if t.subject is Subject.SUBMISSION and data is None:
                continue
            for person in (*RIGHTS, STRANGER):
                got = outcome(session, office, person, t, round_now, data)
                cells[(person, f"{t.code}@{t.step}")] = (got, expected(person, t, stage))

    wrong = {cell: pair for cell, pair in cells.items() if pair[0] != pair[1]}
    assert wrong == {}, wrong
    assert any(got.startswith("ok") for got, _ in cells.values()) or stage == 12


def _data_state(office: Office, round_: Round) -> SubmissionState | None:
    with office.ctx.read() as session:
        found: Submission | None = queries.submission_for(
            session, round_.id, office.bidang_id(DAFDUK)
        )
        return SubmissionState(found.state) if found is not None else None


def test_step_11s_tick_and_the_close_it_brings_are_cells_of_the_matrix() -> None:
    """A bidang ticked as entered into SILAKIP is a holder's transition of its own (issue 14),
    so the matrix checks every person's tick at every stage, beside the close it leads to."""
    assert transitions.SILAKIP_TICK in BY_HOLDERS and transitions.SILAKIP_DONE in BY_HOLDERS
    assert transitions.SILAKIP_TICK.role == Role.OPERATOR
    assert transitions.SILAKIP_TICK.sources == (RoundState.SILAKIP,)

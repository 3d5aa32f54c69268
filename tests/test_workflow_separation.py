"""Separation of duties (DESIGN §3): nobody does two consecutive steps of one round, except as
an acting holder (Plt./Plh.) of the later role or where nobody else holds it; then the step is
marked "dirangkap" and the person gets the next card instead of a stuck round."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from bot.errors import NotAllowed
from bot.sop import Acting, Role
from bot.states import RoundState
from bot.workflow import approvals, rounds, verification
from storage.models import RoleGrant
from tests.conftest import (
    DAFDUK,
    KABID_DAFDUK,
    KASUBAG,
    KEPALA,
    OPERATOR,
    SEKRETARIS,
    Office,
    approvals_of,
    audit_trail,
    enrol,
    labels,
    outbox_messages,
    user_id,
)

SECOND_OPERATOR = 9_001


def grant_too(office: Office, telegram_id: int, role: Role, acting: str | None, bidang=None):
    """`telegram_id` also holds `role` (acting as Plt./Plh. when `acting` is given)."""
    enrol(office.ctx, telegram_id, "x", role, bidang, Acting(acting) if acting else None)


def held_anyway(office: Office, telegram_id: int, role: Role) -> None:
    """A second definitive approver role, which no invite gives (grants' rule) but older data
    or a hand-edited database may hold: the core must still keep the duties apart."""
    with office.ctx.unit() as session:
        session.add(
            RoleGrant(
                user_id=user_id(office.ctx, telegram_id),
                role=role,
                valid_from=office.ctx.now(),
            )
        )


def marks(office: Office, round_id: int) -> dict[int, str | None]:
    return {a.step: a.dirangkap for a in approvals_of(office.ctx, round_id) if a.voided_at is None}


def test_a_sekretaris_who_is_plh_kepala_parafs_and_signs_without_a_deadlock(
    office: Office,
) -> None:
    grant_too(office, SEKRETARIS, Role.KEPALA, "plh")
    round_ = office.walk(at_step=8)
    office.press(approvals.approve, SEKRETARIS, round_.id)

    cards = [m for m in outbox_messages(office.ctx, SEKRETARIS) if "langkah 9" in m.text]
    assert len(cards) == 1 and labels(cards[0])[0] == "✍️ Tandatangani"
    assert [m for m in outbox_messages(office.ctx, KEPALA) if "langkah 9" in m.text]
    office.press(approvals.approve, SEKRETARIS, round_.id)
    assert office.round(round_.id).state == RoundState.FINALISASI
    assert marks(office, round_.id)[8] is None and marks(office, round_.id)[9] == "plh"
    signed = [e for e in audit_trail(office.ctx) if e.action == "putaran.tandatangan"]
    assert signed[-1].detail == {"langkah": 9, "sebagai": "plh", "dirangkap": "plh"}


def test_the_kepala_and_a_plh_kepala_both_get_the_card_and_the_first_press_wins(
    office: Office,
) -> None:
    grant_too(office, KASUBAG + 500, Role.KEPALA, "plh")
    round_ = office.walk(at_step=9)
    for holder in (KEPALA, KASUBAG + 500):
        assert [m for m in outbox_messages(office.ctx, holder) if "langkah 9" in m.text]
    office.press(approvals.approve, KASUBAG + 500, round_.id)
    with pytest.raises(Exception, match="sudah"):
        office.press(approvals.approve, KEPALA, round_.id)


@pytest.mark.parametrize(
    ("at_step", "second_role", "action", "actor"),
    [
        (8, Role.SEKRETARIS, approvals.approve, KASUBAG),
        (9, Role.KEPALA, approvals.approve, SEKRETARIS),
        (9, Role.KEPALA, approvals.approve, KASUBAG),
    ],
)
def test_one_person_gives_at_most_one_of_the_paraf_and_the_signature(
    office: Office, at_step: int, second_role: Role, action, actor: int
) -> None:
    """Held anyway, a second non-acting grant does not let the same person approve twice while
    someone else holds the role."""
    held_anyway(office, actor, second_role)
    round_ = office.walk(at_step=at_step)
    with pytest.raises(NotAllowed, match="pemisahan tugas"):
        office.press(action, actor, round_.id)
    after = office.round(round_.id)
    assert (after.state, after.version) == (round_.state, round_.version)


def test_the_operator_who_sent_the_draft_may_not_find_it_correct_unless_acting(
    office: Office,
) -> None:
    held_anyway(office, OPERATOR, Role.KASUBAG)
    round_ = office.walk(at_step=2)
    with pytest.raises(NotAllowed, match="pemisahan tugas"):
        office.press(rounds.approve_draft, OPERATOR, round_.id)
    assert office.round(round_.id).state == RoundState.KOREKSI
    assert not [m for m in outbox_messages(office.ctx, OPERATOR) if "Koreksi format" in m.text]


def test_an_operator_who_is_plh_kasubag_corrects_their_own_draft_marked_plh(
    office: Office,
) -> None:
    grant_too(office, OPERATOR, Role.KASUBAG, "plh")
    round_ = office.walk(at_step=2)
    assert [m for m in outbox_messages(office.ctx, OPERATOR) if "Koreksi format" in m.text]
    office.press(rounds.approve_draft, OPERATOR, round_.id)
    assert office.round(round_.id).state == RoundState.DISTRIBUSI
    assert marks(office, round_.id)[2] == "plh"


def _kabid_dafduk_is_also_operator(office: Office) -> None:
    grant_too(office, KABID_DAFDUK, Role.OPERATOR, None)


def test_nobody_verifies_their_own_bidang_while_another_operator_can(office: Office) -> None:
    _kabid_dafduk_is_also_operator(office)
    round_ = office.walk(at_step=5)
    sub = office.submission(round_.id, DAFDUK)
    own = [
        m for m in outbox_messages(office.ctx, KABID_DAFDUK) if "Terverifikasi" in str(m.buttons)
    ]
    assert own and not [m for m in own if DAFDUK in m.text]
    with pytest.raises(NotAllowed, match="pemisahan tugas"):
        verification.verify(
            office.ctx, actor=KABID_DAFDUK, submission_id=sub.id, expected_version=sub.version
        )
    verification.verify(
        office.ctx, actor=OPERATOR, submission_id=sub.id, expected_version=sub.version
    )


def test_the_only_operator_verifies_their_own_bidang_marked_tidak_ada_pemegang_lain(
    office: Office,
) -> None:
    _kabid_dafduk_is_also_operator(office)
    with office.ctx.unit() as session:
        session.execute(
            update(RoleGrant)
            .where(RoleGrant.user_id == user_id(office.ctx, OPERATOR))
            .values(valid_to=office.ctx.now())
        )
    round_ = rounds.open_round(office.ctx, actor=KABID_DAFDUK, tahun=2026, triwulan=2).round
    for press, who in (
        (rounds.submit_draft, KABID_DAFDUK),
        (rounds.approve_draft, KASUBAG),
        (rounds.distribute, KABID_DAFDUK),
    ):
        round_ = office.round(round_.id)
        office.press(press, who, round_.id)
    office.fill_all(round_.id, DAFDUK, KABID_DAFDUK)
    sub = office.submission(round_.id, DAFDUK)
    assert [
        m for m in outbox_messages(office.ctx, KABID_DAFDUK) if "Terverifikasi" in str(m.buttons)
    ]
    verification.verify(
        office.ctx, actor=KABID_DAFDUK, submission_id=sub.id, expected_version=sub.version
    )
    assert [a.dirangkap for a in approvals_of(office.ctx, round_.id) if a.step == 5] == ["tunggal"]

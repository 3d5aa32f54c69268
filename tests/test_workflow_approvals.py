"""SOP steps 6–11: compile and submit, paraf, signature, returns, final and SILAKIP (its
checklist per bidang: test_workflow_silakip)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from decimal import Decimal

import pytest
from sqlalchemy import update

from bot.clock import FixedClock
from bot.errors import InvalidInput, NotAllowed, Stale, WorkflowError
from bot.sop import Role, StepNo
from bot.states import RoundState, SubmissionState
from bot.workflow import approvals, common, filling, silakip, verification
from bot.workflow.views import FillItem
from storage import queries
from storage.models import Realisation, Round, Submission
from tests.conftest import (
    CAPIL,
    DAFDUK,
    KABID_DAFDUK,
    KASUBAG,
    KEPALA,
    KTP,
    OPERATOR,
    PERENCANA,
    SEKRETARIAT,
    SEKRETARIS,
    WIB,
    Office,
    approvals_of,
    audit_trail,
    deadlines_of,
    enrol,
    labels,
    outbox_messages,
    refused,
    user_id,
)

APPROVER = {7: KASUBAG, 8: SEKRETARIS, 9: KEPALA}
NAMA = {KASUBAG: "Budi", SEKRETARIS: "Citra", KEPALA: "Dr. Ahmad"}


def approve(office: Office, round_id: int, telegram_id: int) -> approvals.Approved:
    return office.press(approvals.approve, telegram_id, round_id)


def give_back(office: Office, round_id: int, telegram_id: int, reason: str) -> Round:
    return office.press(approvals.return_round, telegram_id, round_id, reason=reason)


def submit(office: Office, round_id: int) -> Round:
    return office.press(approvals.submit_compiled, OPERATOR, round_id)


def approval_card_refused(
    office: Office,
    round_id: int,
    error: type[WorkflowError],
    match: str | None = None,
    *,
    actor: int,
    version: int,
    reason: str,
) -> pytest.ExceptionInfo[WorkflowError]:
    """Both buttons of an approval card, Paraf (or Tandatangani) and Kembalikan, are refused
    alike; the first refusal is returned for a closer look at its message."""
    with refused(office.ctx, error, match) as first:
        approvals.approve(office.ctx, actor=actor, round_id=round_id, expected_version=version)
    with refused(office.ctx, error, match):
        approvals.return_round(
            office.ctx, actor=actor, round_id=round_id, expected_version=version, reason=reason
        )
    return first


def ktp_of(office: Office, submission: Submission) -> FillItem:
    return next(i for i in office.items(submission) if i.nama == KTP)


def in_force(office: Office, round_id: int) -> list[tuple[int, str]]:
    """(step, action) of the approvals not voided, from step 6 on."""
    return [
        (a.step, a.action)
        for a in approvals_of(office.ctx, round_id)
        if a.step >= StepNo.PENYUSUNAN and a.voided_at is None
    ]


def current_hash(office: Office, round_id: int) -> str:
    with office.ctx.read() as session:
        return common.content_hash(session, office.round(round_id))


def change_realisation_behind_the_workflow(office: Office, round_id: int, value: str) -> None:
    """Someone edits a value in the database directly, after the paraf (DESIGN §6)."""
    submission = office.submission(round_id, DAFDUK)
    ktp = ktp_of(office, submission)
    with office.ctx.unit() as session:
        session.execute(
            update(Realisation)
            .where(
                Realisation.submission_id == submission.id,
                Realisation.indicator_id == ktp.indicator_id,
            )
            .values(value=Decimal(value))
        )


# --- Step 6 → 7: compile and submit ---


def test_operator_submits_compiled_data_to_kasubag(office: Office, clock: FixedClock) -> None:
    round_ = office.walk(at_step=6)

    submitted = submit(office, round_.id)

    assert submitted.state == RoundState.PARAF_KASUBAG
    (serahkan,) = [a for a in approvals_of(office.ctx, round_.id) if a.step == 6]
    assert serahkan.action == "serahkan"
    assert serahkan.actor_id == user_id(office.ctx, OPERATOR)
    (step_6,) = deadlines_of(office.ctx, round_.id, StepNo.PENYUSUNAN)
    assert step_6.done_at == clock.now()
    (step_7,) = deadlines_of(office.ctx, round_.id, StepNo.PARAF_KASUBAG)
    assert step_7.starts_at == clock.now()
    card = outbox_messages(office.ctx, KASUBAG)[-1]
    assert card.text.startswith("Data Kinerja Triwulan II 2026 — paraf Kasubag PKA (langkah 7)")
    assert "Rekap: 7 indikator" in card.text
    assert labels(card) == ["✍️ Paraf", "↩️ Kembalikan", "Unduh"]
    assert card.attachment == {"kind": "rekap", "round_id": round_.id}


def test_compiling_before_every_bidang_is_verified_is_refused(office: Office) -> None:
    round_ = office.walk(at_step=5)

    with refused(office.ctx, Stale, "sekarang di langkah 4"):
        submit(office, round_.id)


def test_only_the_operator_submits_compiled_data(office: Office) -> None:
    round_ = office.walk(at_step=6)

    with refused(office.ctx, NotAllowed, "hanya untuk Operator"):
        approvals.submit_compiled(
            office.ctx, actor=KASUBAG, round_id=round_.id, expected_version=round_.version
        )


def test_submitting_compiled_data_twice_is_refused_naming_who_did_it(office: Office) -> None:
    round_ = office.walk(at_step=6)
    submit(office, round_.id)

    with refused(office.ctx, Stale, "sudah diserahkan ke Kasubag PKA oleh Andi"):
        approvals.submit_compiled(
            office.ctx, actor=OPERATOR, round_id=round_.id, expected_version=round_.version
        )


# --- Steps 7–9: paraf and signature ---


def test_kasubag_sekretaris_and_kepala_approve_in_turn(office: Office, clock: FixedClock) -> None:
    round_ = office.walk(at_step=7)

    clock.set(datetime(2026, 7, 9, 9, 12, tzinfo=WIB))
    paraf_1 = approve(office, round_.id, KASUBAG)
    assert (paraf_1.step, paraf_1.action) == (7, "paraf")
    assert office.round(round_.id).state == RoundState.PARAF_SEKRETARIS
    card = outbox_messages(office.ctx, SEKRETARIS)[-1]
    assert card.text.startswith("Data Kinerja Triwulan II 2026 — paraf Sekretaris (langkah 8)")
    assert "Paraf Kasubag PKA: ✅ Budi, Kamis 9 Juli 09.12" in card.text
    assert labels(card) == ["✍️ Paraf", "↩️ Kembalikan", "Unduh"]

    clock.advance(minutes=3)
    paraf_2 = approve(office, round_.id, SEKRETARIS)
    assert (paraf_2.step, paraf_2.action) == (8, "paraf")
    assert office.round(round_.id).state == RoundState.TANDATANGAN
    card = outbox_messages(office.ctx, KEPALA)[-1]
    assert "tanda tangan Kepala Dinas (langkah 9)" in card.text
    assert "Paraf Sekretaris: ✅ Citra, Kamis 9 Juli 09.15" in card.text
    assert labels(card) == ["✍️ Tandatangani", "↩️ Kembalikan", "Unduh"]

    clock.advance(minutes=4)
    signed = approve(office, round_.id, KEPALA)
    assert (signed.step, signed.action) == (9, "tandatangan")
    assert office.round(round_.id).state == RoundState.FINALISASI
    card = outbox_messages(office.ctx, OPERATOR)[-1]
    assert "ditandatangani Kepala Dinas (Dr. Ahmad, 09.19). Langkah 10" in card.text
    assert labels(card) == ["Finalkan"]
    assert in_force(office, round_.id) == [
        (6, "serahkan"),
        (7, "paraf"),
        (8, "paraf"),
        (9, "tandatangan"),
    ]
    for number in (7, 8, 9):
        (deadline,) = deadlines_of(office.ctx, round_.id, number)
        assert deadline.done_by_id == user_id(office.ctx, APPROVER[number])
    (step_10,) = deadlines_of(office.ctx, round_.id, StepNo.FINALISASI)
    assert step_10.done_at is None


def test_approval_steps_take_ten_working_minutes(office: Office, clock: FixedClock) -> None:
    round_ = office.walk(at_step=6)
    clock.set(datetime(2026, 7, 9, 15, 55, tzinfo=WIB))

    submit(office, round_.id)

    (step_7,) = deadlines_of(office.ctx, round_.id, StepNo.PARAF_KASUBAG)
    # Five minutes before closing; the other five on Friday's opening.
    assert step_7.due_at == datetime(2026, 7, 10, 7, 35, tzinfo=WIB)


@pytest.mark.parametrize(
    ("at_step", "intruder", "needed"),
    [
        (7, SEKRETARIS, "Kasubag PKA"),
        (7, KEPALA, "Kasubag PKA"),
        (7, KABID_DAFDUK, "Kasubag PKA"),
        (7, OPERATOR, "Kasubag PKA"),
        (7, PERENCANA, "Kasubag PKA"),
        (8, KASUBAG, "Sekretaris"),
        (8, KABID_DAFDUK, "Sekretaris"),
        (9, SEKRETARIS, "Kepala Dinas"),
        (9, OPERATOR, "Kepala Dinas"),
    ],
)
def test_approval_by_the_wrong_role_is_refused(
    office: Office, at_step: int, intruder: int, needed: str
) -> None:
    round_ = office.walk(at_step=at_step)

    approval_card_refused(
        office,
        round_.id,
        NotAllowed,
        f"hanya untuk {needed}",
        actor=intruder,
        version=round_.version,
        reason="Bukan giliran saya",
    )
    assert office.round(round_.id).state == round_.state
    assert office.round(round_.id).version == round_.version


def test_double_tap_on_paraf_is_refused_naming_who_initialled(office: Office) -> None:
    round_ = office.walk(at_step=7)
    approvals.approve(
        office.ctx, actor=KASUBAG, round_id=round_.id, expected_version=round_.version
    )

    refusal = approval_card_refused(
        office,
        round_.id,
        Stale,
        "sudah diparaf oleh Budi",
        actor=KASUBAG,
        version=round_.version,
        reason="Maaf, salah tekan",
    )
    assert re.search(r"pada \w+ \d+ Juli \d\d\.\d\d", refusal.value.message)
    assert office.round(round_.id).state == RoundState.PARAF_SEKRETARIS


def test_double_tap_on_tandatangani_is_refused_naming_who_signed(office: Office) -> None:
    round_ = office.walk(at_step=9)
    approvals.approve(office.ctx, actor=KEPALA, round_id=round_.id, expected_version=round_.version)

    with refused(office.ctx, Stale, "sudah ditandatangani oleh Dr. Ahmad"):
        approvals.approve(
            office.ctx, actor=KEPALA, round_id=round_.id, expected_version=round_.version
        )


def test_two_approvers_holding_the_same_role_press_at_once(office: Office) -> None:
    enrol(office.ctx, 1012, "Plh. Gita", Role.KASUBAG)
    round_ = office.walk(at_step=7)
    approvals.approve(office.ctx, actor=1012, round_id=round_.id, expected_version=round_.version)

    with refused(office.ctx, Stale, "sudah diparaf oleh Plh. Gita"):
        approvals.approve(
            office.ctx, actor=KASUBAG, round_id=round_.id, expected_version=round_.version
        )


def test_approval_from_a_card_of_another_version_is_refused(office: Office) -> None:
    round_ = office.walk(at_step=7)

    for version in (round_.version - 1, round_.version + 1):
        approval_card_refused(
            office, round_.id, Stale, actor=KASUBAG, version=version, reason="Kartu lama"
        )


def test_approval_before_the_data_is_submitted_is_refused(office: Office) -> None:
    round_ = office.walk(at_step=6)

    with refused(office.ctx, Stale, "sekarang di langkah 6"):
        approvals.approve(
            office.ctx, actor=KASUBAG, round_id=round_.id, expected_version=round_.version
        )


# --- Returns from steps 7–9 ---


@pytest.mark.parametrize("at_step", [7, 8, 9])
def test_approver_returns_round_to_operator_and_approvals_are_voided(
    office: Office, clock: FixedClock, at_step: int
) -> None:
    round_ = office.walk(at_step=at_step)
    approver = APPROVER[at_step]
    clock.advance(minutes=2)

    returned = give_back(office, round_.id, approver, "Realisasi KTP-el belum sesuai SIAK")

    assert returned.state == RoundState.PENYUSUNAN
    assert returned.version == round_.version + 1
    given = [
        a for a in approvals_of(office.ctx, round_.id) if a.step >= 6 and a.action != "kembalikan"
    ]
    assert [a.step for a in given] == list(range(6, at_step))
    for approval in given:
        assert approval.voided_at == clock.now()
        assert approval.void_reason == "dikembalikan: Realisasi KTP-el belum sesuai SIAK"
    kembali = approvals_of(office.ctx, round_.id)[-1]
    assert (kembali.step, kembali.action, kembali.actor_id) == (
        at_step,
        "kembalikan",
        user_id(office.ctx, approver),
    )
    assert kembali.reason == "Realisasi KTP-el belum sesuai SIAK"
    card = outbox_messages(office.ctx, OPERATOR)[-1]
    assert f"dikembalikan oleh {NAMA[approver]}" in card.text
    assert "Realisasi KTP-el belum sesuai SIAK" in card.text
    assert labels(card) == ["Susun dan serahkan", "Buka kembali bidang"]
    (step,) = deadlines_of(office.ctx, round_.id, at_step)
    assert step.done_at == clock.now()
    step_6 = deadlines_of(office.ctx, round_.id, StepNo.PENYUSUNAN)[-1]
    assert (step_6.starts_at, step_6.done_at) == (clock.now(), None)
    actions = [e.action for e in audit_trail(office.ctx)[-2:]]
    assert actions == ["putaran.persetujuan_batal", "putaran.kembalikan"]


def test_return_at_signature_lists_the_voided_paraf_for_the_operator(office: Office) -> None:
    round_ = office.walk(at_step=9)

    give_back(office, round_.id, KEPALA, "Capaian Capil perlu penjelasan")

    card = outbox_messages(office.ctx, OPERATOR)[-1]
    assert "dikembalikan oleh Dr. Ahmad (Kepala Dinas)" in card.text
    assert (
        "Persetujuan yang dibatalkan: Paraf Kasubag PKA (Budi); Paraf Sekretaris (Citra)."
        in card.text
    )


@pytest.mark.parametrize("reason", ["", "  ", "ok"])
def test_return_without_a_reason_is_refused(office: Office, reason: str) -> None:
    round_ = office.walk(at_step=8)

    with refused(office.ctx, InvalidInput, "Alasan pengembalian wajib diisi"):
        approvals.return_round(
            office.ctx,
            actor=SEKRETARIS,
            round_id=round_.id,
            expected_version=round_.version,
            reason=reason,
        )


def test_round_is_approved_again_after_a_return_and_a_fix(office: Office) -> None:
    round_ = office.walk(at_step=8)
    give_back(office, round_.id, SEKRETARIS, "Mohon dicek ulang")

    submit(office, round_.id)
    approve(office, round_.id, KASUBAG)
    approve(office, round_.id, SEKRETARIS)
    approve(office, round_.id, KEPALA)

    assert office.round(round_.id).state == RoundState.FINALISASI
    assert in_force(office, round_.id) == [
        (8, "kembalikan"),
        (6, "serahkan"),
        (7, "paraf"),
        (8, "paraf"),
        (9, "tandatangan"),
    ]
    voided = [a for a in approvals_of(office.ctx, round_.id) if a.voided_at is not None]
    assert [(a.step, a.action) for a in voided] == [(6, "serahkan"), (7, "paraf")]


def test_old_approval_card_after_a_return_is_refused_as_moved_on(office: Office) -> None:
    round_ = office.walk(at_step=8)
    old_card = round_.version
    give_back(office, round_.id, SEKRETARIS, "Mohon dicek ulang")

    with refused(office.ctx, Stale, "sudah dikembalikan oleh Citra"):
        approvals.approve(
            office.ctx, actor=SEKRETARIS, round_id=round_.id, expected_version=old_card
        )
    with refused(office.ctx, Stale, "sekarang di langkah 6"):
        approvals.approve(office.ctx, actor=KASUBAG, round_id=round_.id, expected_version=old_card)
    with refused(office.ctx, Stale, "sekarang di langkah 6"):
        approvals.submit_compiled(
            office.ctx, actor=OPERATOR, round_id=round_.id, expected_version=old_card - 2
        )


def test_operator_reopens_a_verified_bidang_from_step_6(office: Office, clock: FixedClock) -> None:
    round_ = office.walk(at_step=8)
    give_back(office, round_.id, SEKRETARIS, "Realisasi KTP-el belum sesuai SIAK")
    submission = office.submission(round_.id, DAFDUK)
    ktp = ktp_of(office, submission)
    clock.advance(minutes=5)

    reopened = verification.return_submission(
        office.ctx,
        actor=OPERATOR,
        submission_id=submission.id,
        expected_version=submission.version,
        reason="Sesuaikan KTP-el dengan SIAK",
        indicator_ids=[ktp.indicator_id],
    )

    assert reopened.state == SubmissionState.DIKEMBALIKAN
    assert office.round(round_.id).state == RoundState.PENGISIAN
    for other in (SEKRETARIAT, CAPIL):
        assert office.submission(round_.id, other).state == SubmissionState.TERVERIFIKASI
    step_6 = deadlines_of(office.ctx, round_.id, StepNo.PENYUSUNAN)[-1]
    assert step_6.done_at == clock.now()
    step_4 = deadlines_of(office.ctx, round_.id, StepNo.PENGISIAN, reopened.bidang_id)[-1]
    assert (step_4.starts_at, step_4.done_at) == (clock.now(), None)
    for other in (SEKRETARIAT, CAPIL):
        bidang = office.submission(round_.id, other).bidang_id
        assert deadlines_of(office.ctx, round_.id, StepNo.PENGISIAN, bidang)[-1].done_at
    assert "Sesuaikan KTP-el dengan SIAK" in outbox_messages(office.ctx, KABID_DAFDUK)[-1].text

    office.type_value(KABID_DAFDUK, submission, ktp.indicator_id, "93.1")
    resent = filling.send(
        office.ctx,
        actor=KABID_DAFDUK,
        submission_id=submission.id,
        expected_version=reopened.version,
    )
    verification.verify(
        office.ctx, actor=OPERATOR, submission_id=submission.id, expected_version=resent.version
    )
    assert office.round(round_.id).state == RoundState.PENYUSUNAN
    submit(office, round_.id)
    approve(office, round_.id, KASUBAG)
    approve(office, round_.id, SEKRETARIS)
    approve(office, round_.id, KEPALA)
    assert office.round(round_.id).state == RoundState.FINALISASI


def test_operator_cannot_reopen_a_bidang_once_the_data_is_with_the_approvers(
    office: Office,
) -> None:
    round_ = office.walk(at_step=7)
    submission = office.submission(round_.id, DAFDUK)

    with refused(office.ctx, Stale, "sekarang di langkah 7"):
        verification.return_submission(
            office.ctx,
            actor=OPERATOR,
            submission_id=submission.id,
            expected_version=submission.version,
            reason="Ada yang salah",
        )


# --- The content hash: changing data after a paraf voids it ---


def test_each_approval_records_the_sha256_of_the_data_it_approved(office: Office) -> None:
    round_ = office.walk(at_step=10)

    expected = current_hash(office, round_.id)
    assert re.fullmatch(r"[0-9a-f]{64}", expected)
    given = [a for a in approvals_of(office.ctx, round_.id) if a.step >= 6]
    assert [a.step for a in given] == [6, 7, 8, 9]
    assert {a.content_hash for a in given} == {expected}


def test_content_hash_follows_values_targets_and_keterangan(office: Office) -> None:
    round_ = office.walk(at_step=6)
    before = current_hash(office, round_.id)

    change_realisation_behind_the_workflow(office, round_.id, "94.3")
    after_value = current_hash(office, round_.id)
    with office.ctx.unit() as session:
        session.execute(update(Realisation).values(keterangan="diubah"))
    after_keterangan = current_hash(office, round_.id)

    assert len({before, after_value, after_keterangan}) == 3


def test_data_changed_after_paraf_voids_approvals_and_goes_back_to_operator(
    office: Office, clock: FixedClock
) -> None:
    round_ = office.walk(at_step=8)
    change_realisation_behind_the_workflow(office, round_.id, "12")
    clock.advance(minutes=1)
    version = office.round(round_.id).version

    with pytest.raises(Stale, match="berubah setelah diparaf"):
        approvals.approve(
            office.ctx, actor=SEKRETARIS, round_id=round_.id, expected_version=version
        )

    after = office.round(round_.id)
    assert after.state == RoundState.PENYUSUNAN
    assert after.version > version
    given = [a for a in approvals_of(office.ctx, round_.id) if a.step >= 6]
    assert [(a.step, a.action) for a in given] == [(6, "serahkan"), (7, "paraf")]
    for approval in given:
        assert approval.voided_at == clock.now()
        assert approval.void_reason == "data berubah setelah paraf"
    card = outbox_messages(office.ctx, OPERATOR)[-1]
    assert "berubah setelah diparaf" in card.text
    assert labels(card) == ["Susun dan serahkan", "Buka kembali bidang"]
    assert audit_trail(office.ctx)[-1].action == "putaran.persetujuan_batal"
    assert not [a for a in approvals_of(office.ctx, round_.id) if a.step == 8]

    submit(office, round_.id)
    approve(office, round_.id, KASUBAG)
    approve(office, round_.id, SEKRETARIS)
    assert office.round(round_.id).state == RoundState.TANDATANGAN


def test_data_changed_after_submission_is_caught_at_the_first_paraf(office: Office) -> None:
    round_ = office.walk(at_step=7)
    change_realisation_behind_the_workflow(office, round_.id, "12")

    with pytest.raises(Stale, match="berubah setelah diparaf"):
        approve(office, round_.id, KASUBAG)

    assert office.round(round_.id).state == RoundState.PENYUSUNAN
    assert in_force(office, round_.id) == []


# --- Steps 10–11: final and SILAKIP ---


def test_operator_finalises_and_everyone_concerned_gets_the_final_workbook(
    office: Office, clock: FixedClock
) -> None:
    round_ = office.walk(at_step=10)

    final = approvals.finalise(
        office.ctx, actor=OPERATOR, round_id=round_.id, expected_version=round_.version
    )

    assert final.state == RoundState.SILAKIP
    assert RoundState(final.state).is_final
    for person in (KASUBAG, SEKRETARIS, KEPALA, PERENCANA):
        card = outbox_messages(office.ctx, person)[-1]
        assert "Data Kinerja Triwulan II 2026 FINAL (Andi" in card.text
        assert card.attachment == {"kind": "final", "round_id": round_.id}
    assert all("FINAL" not in m.text for m in outbox_messages(office.ctx, KABID_DAFDUK))
    (step_10,) = deadlines_of(office.ctx, round_.id, StepNo.FINALISASI)
    assert step_10.done_at == clock.now()
    (step_11,) = deadlines_of(office.ctx, round_.id, StepNo.SILAKIP)
    assert step_11.starts_at == clock.now()
    assert [a.action for a in approvals_of(office.ctx, round_.id)][-1] == "final"


def test_finalising_before_the_signature_is_refused(office: Office) -> None:
    round_ = office.walk(at_step=9)

    with refused(office.ctx, Stale, "sekarang di langkah 9"):
        approvals.finalise(
            office.ctx, actor=OPERATOR, round_id=round_.id, expected_version=round_.version
        )


def test_only_the_operator_finalises(office: Office) -> None:
    round_ = office.walk(at_step=10)

    with refused(office.ctx, NotAllowed, "hanya untuk Operator"):
        approvals.finalise(
            office.ctx, actor=KEPALA, round_id=round_.id, expected_version=round_.version
        )


def test_closed_round_refuses_every_further_action(office: Office) -> None:
    round_ = office.walk(at_step=12)
    submission = office.submission(round_.id, DAFDUK)

    with refused(office.ctx, Stale, "sudah dicatat sudah diinput ke SILAKIP oleh Andi"):
        silakip.tick_all(office.ctx, actor=OPERATOR, round_id=round_.id)
    with refused(office.ctx, Stale):
        approvals.approve(
            office.ctx, actor=KEPALA, round_id=round_.id, expected_version=round_.version
        )
    with refused(office.ctx, Stale, "tidak dapat diubah"):
        office.type_value(KABID_DAFDUK, submission, 1, "1")


def test_approvals_are_recorded_with_who_and_when(office: Office) -> None:
    round_ = office.walk(at_step=12)

    rows = approvals_of(office.ctx, round_.id)
    assert [(a.step, a.action) for a in rows] == [
        (2, "benar"),
        (5, "verifikasi"),
        (5, "verifikasi"),
        (5, "verifikasi"),
        (6, "serahkan"),
        (7, "paraf"),
        (8, "paraf"),
        (9, "tandatangan"),
        (10, "final"),
        (11, "silakip"),
    ]
    assert all(a.at is not None and a.actor_id is not None for a in rows)


def test_a_reimport_at_step_8_changes_nothing_in_the_round_and_its_paraf_stands(
    office: Office,
) -> None:
    from bot.workflow import master
    from tests.conftest import SMALL_MASTER

    round_ = office.walk(at_step=7)
    approve(office, round_.id, KASUBAG)
    with office.ctx.read() as session:
        before = common.content_hash(session, office.round(round_.id))
    turned = [
        row if row.indikator != KTP else replace(row, arah="turun", rumus="selisih", satuan="‰")
        for row in SMALL_MASTER
    ]
    master.load_indicators(office.ctx, turned, 2026)

    with office.ctx.read() as session:
        round_now = office.round(round_.id)
        assert common.content_hash(session, round_now) == before
        item = next(i for i in queries.round_indicators(session, round_.id) if i.nama == KTP)
        assert (item.arah, item.rumus, item.satuan) == ("naik", None, "%")
    approve(office, round_.id, SEKRETARIS)
    assert office.round(round_.id).state == RoundState.TANDATANGAN
    assert in_force(office, round_.id)[-2:] == [(7, "paraf"), (8, "paraf")]

"""SOP steps 4–5: each Kabid fills their bidang's realisations, the operator verifies or returns."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from bot.clock import FixedClock
from bot.errors import InvalidInput, NotAllowed, NotFound, Stale, WorkflowError
from bot.sop import Role, StepNo
from bot.states import RoundState, SubmissionState
from bot.workflow import filling, master, verification
from bot.workflow.views import FillItem
from storage import queries
from storage.models import Round, Submission
from tests.conftest import (
    CAPIL,
    DAFDUK,
    KABID_CAPIL,
    KABID_DAFDUK,
    KABID_SEKRETARIAT,
    KTP,
    OPERATOR,
    SEKRETARIAT,
    SMALL_MASTER,
    WIB,
    Office,
    approvals_of,
    audit_trail,
    deadlines_of,
    enrol,
    indicator,
    labels,
    outbox_messages,
    refused,
    user_id,
)

KK = "Rata-rata waktu penerbitan KK"
KELUHAN = "Persentase keluhan layanan"
OTHER_OPERATOR = 1011


def items_of(office: Office, submission: Submission) -> dict[str, FillItem]:
    return {item.nama: item for item in office.items(submission)}


def save(office: Office, submission: Submission, nama: str, value: str, kabid: int = KABID_DAFDUK):
    return office.type_value(
        kabid, submission, items_of(office, submission)[nama].indicator_id, value
    )


def analyse(office: Office, submission: Submission, nama: str, kind: str, text: str) -> FillItem:
    return filling.save_analisis(
        office.ctx,
        actor=KABID_DAFDUK,
        submission_id=submission.id,
        indicator_id=items_of(office, submission)[nama].indicator_id,
        kind=kind,
        text=text,
    )


def explain(office: Office, submission: Submission, nama: str, text: str) -> FillItem:
    return filling.save_keterangan(
        office.ctx,
        actor=KABID_DAFDUK,
        submission_id=submission.id,
        indicator_id=items_of(office, submission)[nama].indicator_id,
        text=text,
    )


def send(
    office: Office,
    round_id: int,
    bidang: str = DAFDUK,
    kabid: int = KABID_DAFDUK,
    version: int | None = None,
):
    """Kirim, from the summary of `version` (the current one unless given)."""
    submission = office.submission(round_id, bidang)
    return filling.send(
        office.ctx,
        actor=kabid,
        submission_id=submission.id,
        expected_version=submission.version if version is None else version,
    )


def fill_dafduk(office: Office, round_id: int) -> Submission:
    """Sari answers her three indicators with values near their targets."""
    submission = office.submission(round_id, DAFDUK)
    save(office, submission, KTP, "94.2")
    save(office, submission, KK, "6.5")
    save(office, submission, KELUHAN, "5")
    return submission


def verify(office: Office, round_id: int, bidang: str) -> Submission:
    submission = office.submission(round_id, bidang)
    return verification.verify(
        office.ctx, actor=OPERATOR, submission_id=submission.id, expected_version=submission.version
    )


def give_back(
    office: Office, round_id: int, bidang: str, reason: str, picked: tuple[str, ...] = ()
) -> Submission:
    submission = office.submission(round_id, bidang)
    by_name = items_of(office, submission)
    return verification.return_submission(
        office.ctx,
        actor=OPERATOR,
        submission_id=submission.id,
        expected_version=submission.version,
        reason=reason,
        indicator_ids=[by_name[n].indicator_id for n in picked],
    )


def verification_card_refused(
    office: Office,
    submission: Submission,
    error: type[WorkflowError],
    match: str,
    *,
    version: int,
    reason: str,
    actor: int = OPERATOR,
) -> None:
    """Both buttons of the verification card, Terverifikasi and Kembalikan, are refused alike."""
    with refused(office.ctx, error, match):
        verification.verify(
            office.ctx, actor=actor, submission_id=submission.id, expected_version=version
        )
    with refused(office.ctx, error, match):
        verification.return_submission(
            office.ctx,
            actor=actor,
            submission_id=submission.id,
            expected_version=version,
            reason=reason,
        )


def sent_dafduk(office: Office) -> Round:
    """A round at step 4 in which Sari has filled and sent Bidang Dafduk."""
    round_ = office.walk(at_step=4)
    fill_dafduk(office, round_.id)
    send(office, round_.id)
    return office.round(round_.id)


# --- Step 4: filling ---


def test_kabid_value_is_saved_at_once_and_echoed_with_its_capaian(
    office: Office, clock: FixedClock
) -> None:
    round_ = office.walk(at_step=4)
    submission = office.submission(round_.id, DAFDUK)

    saved = save(office, submission, KTP, "94.20")

    assert saved.item.value == Decimal("94.20")
    assert saved.item.capaian is not None and round(saved.item.capaian, 2) == Decimal("99.16")
    assert saved.item.kategori == "Sangat Tinggi"
    assert saved.far_from_target is False
    with office.ctx.read() as session:
        row = queries.realisations(session, submission.id)[saved.item.indicator_id]
    assert str(row.value) == "94.20"
    assert row.updated_at == clock.now()
    assert row.updated_by_id == user_id(office.ctx, KABID_DAFDUK)
    event = audit_trail(office.ctx)[-1]
    assert (event.action, event.round_id) == ("realisasi.isi", round_.id)
    assert event.detail["sesudah"] == "94.20"


def test_kabid_may_change_a_saved_value_before_sending(office: Office) -> None:
    round_ = office.walk(at_step=4)
    submission = office.submission(round_.id, DAFDUK)
    save(office, submission, KTP, "94.2")

    save(office, submission, KTP, "96")

    assert items_of(office, submission)[KTP].value == Decimal("96")
    assert audit_trail(office.ctx)[-1].detail["sebelum"] == "94.2"


def test_negative_value_is_refused_for_an_indicator_that_cannot_be_negative(
    office: Office,
) -> None:
    round_ = office.walk(at_step=4)
    submission = office.submission(round_.id, DAFDUK)

    with refused(office.ctx, InvalidInput, "tidak boleh negatif"):
        save(office, submission, KTP, "-1")
    assert items_of(office, submission)[KTP].value is None


@pytest.mark.parametrize(
    ("value", "limit"),
    [
        ("1E+40", "paling banyak 15 angka sebelum koma"),
        ("1000000000000000", "paling banyak 15 angka sebelum koma"),
        ("0.1234567", "paling banyak 6 angka sesudah koma"),
    ],
)
def test_value_beyond_the_range_of_a_number_is_refused_and_nothing_saved(
    office: Office, value: str, limit: str
) -> None:
    round_ = office.walk(at_step=4)
    submission = office.submission(round_.id, DAFDUK)

    with refused(office.ctx, InvalidInput, limit):
        save(office, submission, KTP, value)
    assert save(office, submission, KTP, "999999999999999.999999").item.value == Decimal(
        "999999999999999.999999"
    )


def test_negative_value_is_accepted_where_the_indicator_allows_it(office: Office) -> None:
    laju = indicator(DAFDUK, "Laju pertumbuhan penduduk", boleh_negatif=True)
    master.load_indicators(office.ctx, (*SMALL_MASTER, laju), 2026)
    round_ = office.walk(at_step=4)
    submission = office.submission(round_.id, DAFDUK)

    saved = save(office, submission, "Laju pertumbuhan penduduk", "-0.4")

    assert saved.item.value == Decimal("-0.4")


def test_value_below_target_asks_for_analysis_that_kirim_does_not_require(
    office: Office,
) -> None:
    """Issue 14 supersedes the far-from-target keterangan (DESIGN §5): below 100 % the bot asks
    for a faktor penghambat and an upaya; leaving them out is reminded of, never refused."""
    round_ = office.walk(at_step=4)
    submission = fill_dafduk(office, round_.id)

    saved = save(office, submission, KTP, "38")

    assert saved.far_from_target is True
    assert saved.asks_analysis is True
    assert saved.item.analisis_kurang == ("penghambat", "upaya")
    assert save(office, submission, KTP, "95").asks_analysis is False
    save(office, submission, KTP, "38")
    analysed = analyse(office, submission, KTP, "penghambat", "  Server SIAK\n gangguan 3 minggu ")
    assert analysed.faktor_penghambat == "Server SIAK gangguan 3 minggu"
    assert analysed.analisis_kurang == ("upaya",)
    assert analyse(office, submission, KTP, "upaya", "Perekaman keliling").analisis_kurang == ()
    assert audit_trail(office.ctx)[-1].action == "realisasi.upaya"

    assert send(office, round_.id).state == SubmissionState.DIKIRIM


def test_a_value_below_target_may_be_sent_without_its_analysis(office: Office) -> None:
    round_ = office.walk(at_step=4)
    fill_dafduk(office, round_.id)
    submission = office.submission(round_.id, DAFDUK)
    save(office, submission, KTP, "38")

    assert send(office, round_.id).state == SubmissionState.DIKIRIM


def test_overlong_analysis_is_refused_naming_what_and_the_limit(office: Office) -> None:
    round_ = office.walk(at_step=4)
    submission = office.submission(round_.id, DAFDUK)

    with refused(office.ctx, InvalidInput, "Faktor penghambat terlalu panjang"):
        analyse(office, submission, KTP, "penghambat", "x" * 1001)
    assert analyse(office, submission, KTP, "pendorong", "x" * 1000).faktor_pendorong == "x" * 1000


def test_value_above_one_and_a_half_times_target_is_also_far_from_target(office: Office) -> None:
    round_ = office.walk(at_step=4)
    submission = office.submission(round_.id, DAFDUK)

    assert save(office, submission, KTP, "150").far_from_target is True
    assert save(office, submission, KTP, "142.5").far_from_target is False


def test_overlong_keterangan_is_refused(office: Office) -> None:
    round_ = office.walk(at_step=4)
    submission = office.submission(round_.id, DAFDUK)

    with refused(office.ctx, InvalidInput, "Keterangan terlalu panjang"):
        explain(office, submission, KTP, "x" * 1001)


def test_keterangan_of_a_thousand_characters_is_kept_and_the_refusal_names_the_limit(
    office: Office,
) -> None:
    round_ = office.walk(at_step=4)
    submission = office.submission(round_.id, DAFDUK)

    assert explain(office, submission, KTP, "x" * 1000).keterangan == "x" * 1000
    with refused(office.ctx, InvalidInput, r"maksimal 1\.000 karakter"):
        explain(office, submission, KTP, "y" * 1001)


def test_return_reason_over_five_hundred_characters_is_refused_naming_the_limit(
    office: Office,
) -> None:
    round_ = sent_dafduk(office)

    with refused(office.ctx, InvalidInput, r"Alasan terlalu panjang \(maksimal 500 karakter\)"):
        give_back(office, round_.id, DAFDUK, "x" * 501)
    assert give_back(office, round_.id, DAFDUK, "x" * 500).state == SubmissionState.DIKEMBALIKAN


def test_send_with_missing_values_is_refused_listing_their_numbers(office: Office) -> None:
    round_ = office.walk(at_step=4)
    submission = office.submission(round_.id, DAFDUK)
    save(office, submission, KTP, "94.2")

    with refused(office.ctx, InvalidInput, r"Masih ada 2 indikator belum diisi \(no\. 2, 3\)"):
        send(office, round_.id)
    assert office.submission(round_.id, DAFDUK).state == SubmissionState.DIISI


def test_kabid_of_another_bidang_is_refused(office: Office) -> None:
    round_ = office.walk(at_step=4)
    submission = office.submission(round_.id, DAFDUK)
    ktp = items_of(office, submission)[KTP].indicator_id

    for outsider in (KABID_CAPIL, KABID_SEKRETARIAT, OPERATOR):
        with refused(office.ctx, NotAllowed, "bidang Anda sendiri"):
            office.type_value(outsider, submission, ktp, "90")
        with refused(office.ctx, NotAllowed, "bidang Anda sendiri"):
            filling.save_keterangan(
                office.ctx,
                actor=outsider,
                submission_id=submission.id,
                indicator_id=ktp,
                text="Bukan bidang saya",
            )
        with refused(office.ctx, NotAllowed, "bidang Anda sendiri"):
            filling.send(
                office.ctx, actor=outsider, submission_id=submission.id, expected_version=1
            )


def test_indicator_of_another_bidang_cannot_be_filled_through_own_submission(
    office: Office,
) -> None:
    round_ = office.walk(at_step=4)
    own = office.submission(round_.id, DAFDUK)
    akta = items_of(office, office.submission(round_.id, CAPIL))[
        "Jumlah akta kelahiran yang diterbitkan"
    ].indicator_id

    with refused(office.ctx, NotFound, "tidak ada dalam format"):
        office.type_value(KABID_DAFDUK, own, akta, "1")


def test_kabid_sends_filled_data_and_operator_is_asked_to_verify(
    office: Office, clock: FixedClock
) -> None:
    round_ = office.walk(at_step=4)
    fill_dafduk(office, round_.id)
    clock.set(datetime(2026, 7, 3, 14, 2, tzinfo=WIB))

    sent = send(office, round_.id)

    assert sent.state == SubmissionState.DIKIRIM
    assert sent.version == 2
    assert sent.submitted_at == clock.now()
    assert sent.submitted_by_id == user_id(office.ctx, KABID_DAFDUK)
    card = outbox_messages(office.ctx, OPERATOR)[-1]
    assert card.text.startswith(f"Verifikasi — {DAFDUK}, Triwulan II 2026")
    assert "dikirim Sari, Jumat 3 Juli 14.02" in card.text
    assert "batas verifikasi: Senin, 6 Juli 2026 pukul 14.02 WIB" in card.text
    assert f"1. {KTP} — 94,2 %" in card.text
    assert labels(card) == ["✅ Terverifikasi", "↩️ Kembalikan"]
    bidang = sent.bidang_id
    (step_4,) = deadlines_of(office.ctx, round_.id, StepNo.PENGISIAN, bidang)
    assert step_4.done_at == clock.now()
    (step_5,) = deadlines_of(office.ctx, round_.id, StepNo.VERIFIKASI, bidang)
    assert step_5.due_at == datetime(2026, 7, 6, 14, 2, tzinfo=WIB)
    assert office.round(round_.id).state == RoundState.PENGISIAN


def test_values_cannot_change_once_sent(office: Office) -> None:
    round_ = sent_dafduk(office)
    submission = office.submission(round_.id, DAFDUK)

    with refused(office.ctx, Stale, "statusnya dikirim"):
        save(office, submission, KTP, "90")
    with refused(office.ctx, Stale, "statusnya dikirim"):
        explain(office, submission, KTP, "Ralat")


def test_sending_twice_is_refused(office: Office) -> None:
    round_ = office.walk(at_step=4)
    fill_dafduk(office, round_.id)
    send(office, round_.id, version=1)

    with refused(office.ctx, Stale, "statusnya dikirim"):
        send(office, round_.id, version=1)


def test_sending_from_a_summary_older_than_the_last_return_is_refused(office: Office) -> None:
    round_ = sent_dafduk(office)
    give_back(office, round_.id, DAFDUK, "Cek ulang KTP-el", (KTP,))
    submission = office.submission(round_.id, DAFDUK)
    save(office, submission, KTP, "94.2")

    with refused(office.ctx, Stale, "sudah berubah"):
        send(office, round_.id, version=1)


def test_nothing_can_be_filled_once_the_round_moved_past_filling(office: Office) -> None:
    round_ = office.walk(at_step=6)
    submission = office.submission(round_.id, DAFDUK)

    with refused(office.ctx, Stale, "tidak dapat diubah"):
        save(office, submission, KTP, "90")


# --- Step 5: verification ---


def test_operator_verifies_a_bidang(office: Office, clock: FixedClock) -> None:
    round_ = sent_dafduk(office)
    clock.advance(minutes=30)

    verified = verify(office, round_.id, DAFDUK)

    assert verified.state == SubmissionState.TERVERIFIKASI
    assert verified.verified_at == clock.now()
    assert verified.verified_by_id == user_id(office.ctx, OPERATOR)
    (approval,) = [a for a in approvals_of(office.ctx, round_.id) if a.step == 5]
    assert (approval.action, approval.bidang_id) == ("verifikasi", verified.bidang_id)
    (step_5,) = deadlines_of(office.ctx, round_.id, StepNo.VERIFIKASI, verified.bidang_id)
    assert step_5.done_at == clock.now()
    assert office.round(round_.id).state == RoundState.PENGISIAN


def test_last_verification_moves_the_round_to_penyusunan(office: Office, clock: FixedClock) -> None:
    enrol(office.ctx, OTHER_OPERATOR, "Dewi", Role.OPERATOR)
    round_ = office.walk(at_step=5)
    verify(office, round_.id, SEKRETARIAT)
    verify(office, round_.id, DAFDUK)
    assert office.round(round_.id).state == RoundState.PENGISIAN
    assert deadlines_of(office.ctx, round_.id, StepNo.PENYUSUNAN) == []

    verify(office, round_.id, CAPIL)

    assert office.round(round_.id).state == RoundState.PENYUSUNAN
    (step_6,) = deadlines_of(office.ctx, round_.id, StepNo.PENYUSUNAN)
    assert step_6.starts_at == clock.now()
    card = outbox_messages(office.ctx, OTHER_OPERATOR)[-1]
    assert "Semua bidang Triwulan II 2026 terverifikasi" in card.text
    assert labels(card) == ["Susun dan serahkan", "Buka kembali bidang"]
    assert card.attachment == {"kind": "rekap", "round_id": round_.id}


def test_verifying_twice_is_refused_naming_who_verified(office: Office) -> None:
    round_ = sent_dafduk(office)
    submission = office.submission(round_.id, DAFDUK)
    verification.verify(office.ctx, actor=OPERATOR, submission_id=submission.id, expected_version=2)

    verification_card_refused(
        office,
        submission,
        Stale,
        "sudah diverifikasi oleh Andi",
        version=2,
        reason="Terlambat menekan",
    )


def test_bidang_still_being_filled_cannot_be_verified(office: Office) -> None:
    round_ = office.walk(at_step=4)
    submission = office.submission(round_.id, DAFDUK)

    verification_card_refused(
        office, submission, Stale, "sedang diisi", version=1, reason="Belum dikirim"
    )


def test_only_the_operator_verifies(office: Office) -> None:
    round_ = sent_dafduk(office)
    submission = office.submission(round_.id, DAFDUK)

    with refused(office.ctx, NotAllowed, "hanya untuk Operator"):
        verification.verify(
            office.ctx, actor=KABID_DAFDUK, submission_id=submission.id, expected_version=2
        )
    with refused(office.ctx, NotAllowed, "hanya untuk Operator"):
        verification.return_submission(
            office.ctx,
            actor=KABID_CAPIL,
            submission_id=submission.id,
            expected_version=2,
            reason="Bukan wewenang",
        )


def test_operator_returns_picked_indicators_and_only_those_reopen(
    office: Office, clock: FixedClock
) -> None:
    round_ = sent_dafduk(office)
    clock.advance(minutes=20)

    returned = give_back(office, round_.id, DAFDUK, "Rata-rata KK tidak sesuai laporan", (KK,))

    assert returned.state == SubmissionState.DIKEMBALIKAN
    assert returned.version == 3
    assert returned.return_reason == "Rata-rata KK tidak sesuai laporan"
    items = items_of(office, returned)
    assert [n for n, i in items.items() if i.perlu_perbaikan] == [KK]
    assert {n: i.value for n, i in items.items()} == {
        KTP: Decimal("94.2"),
        KK: Decimal("6.5"),
        KELUHAN: Decimal("5"),
    }
    card = outbox_messages(office.ctx, KABID_DAFDUK)[-1]
    assert "dikembalikan oleh Andi: Rata-rata KK tidak sesuai laporan" in card.text
    assert "Indikator yang perlu diperbaiki: no. 2." in card.text
    assert "Nilai yang sudah diisi tetap tersimpan" in card.text
    assert labels(card) == ["Mulai isi"]
    kembali = approvals_of(office.ctx, round_.id)[-1]
    assert (kembali.step, kembali.action, kembali.bidang_id) == (
        5,
        "kembalikan",
        returned.bidang_id,
    )
    assert kembali.reason == "Rata-rata KK tidak sesuai laporan"
    event = audit_trail(office.ctx)[-1]
    assert event.action == "bidang.kembalikan"
    assert event.detail["indikator"] == [items[KK].indicator_id]


def test_operator_returns_whole_bidang_when_no_indicator_is_picked(office: Office) -> None:
    round_ = sent_dafduk(office)

    returned = give_back(office, round_.id, DAFDUK, "Mohon diperiksa semua")

    assert all(i.perlu_perbaikan for i in items_of(office, returned).values())
    assert all(i.value is not None for i in items_of(office, returned).values())
    card = outbox_messages(office.ctx, KABID_DAFDUK)[-1]
    assert "Semua indikator dibuka kembali untuk diperiksa." in card.text


def test_return_touches_no_other_bidang(office: Office) -> None:
    round_ = office.walk(at_step=5)
    verify(office, round_.id, SEKRETARIAT)
    before = {b: office.submission(round_.id, b) for b in (SEKRETARIAT, CAPIL)}

    give_back(office, round_.id, DAFDUK, "Mohon diperiksa semua")

    for bidang, submission in before.items():
        now = office.submission(round_.id, bidang)
        assert (now.state, now.version) == (submission.state, submission.version)
        assert not any(i.perlu_perbaikan for i in items_of(office, now).values())
    assert office.round(round_.id).state == RoundState.PENGISIAN


def test_send_is_refused_while_a_returned_indicator_is_not_fixed(office: Office) -> None:
    round_ = sent_dafduk(office)
    give_back(office, round_.id, DAFDUK, "Cek ulang dua indikator", (KK, KELUHAN))
    submission = office.submission(round_.id, DAFDUK)
    save(office, submission, KK, "6.4")

    with refused(office.ctx, InvalidInput, r"1 indikator yang perlu diperbaiki \(no\. 3\)"):
        send(office, round_.id)

    save(office, submission, KELUHAN, "5")
    resent = send(office, round_.id)
    assert resent.state == SubmissionState.DIKIRIM
    assert not any(i.perlu_perbaikan for i in items_of(office, resent).values())


def test_step_4_clock_restarts_after_a_return(office: Office, clock: FixedClock) -> None:
    round_ = sent_dafduk(office)
    clock.set(datetime(2026, 7, 3, 9, 0, tzinfo=WIB))

    returned = give_back(office, round_.id, DAFDUK, "Cek ulang KTP-el", (KTP,))

    first, again = deadlines_of(office.ctx, round_.id, StepNo.PENGISIAN, returned.bidang_id)
    assert first.done_at is not None
    assert again.starts_at == clock.now()
    assert again.due_at == datetime(2026, 7, 8, 9, 0, tzinfo=WIB)
    assert again.done_at is None
    (step_5,) = deadlines_of(office.ctx, round_.id, StepNo.VERIFIKASI, returned.bidang_id)
    assert step_5.done_at == clock.now()
    assert "Rabu, 8 Juli 2026 pukul 09.00 WIB" in outbox_messages(office.ctx, KABID_DAFDUK)[-1].text


@pytest.mark.parametrize("reason", ["", "  ", "no"])
def test_return_without_a_reason_is_refused(office: Office, reason: str) -> None:
    round_ = sent_dafduk(office)
    submission = office.submission(round_.id, DAFDUK)

    with refused(office.ctx, InvalidInput, "Alasan pengembalian wajib diisi"):
        verification.return_submission(
            office.ctx,
            actor=OPERATOR,
            submission_id=submission.id,
            expected_version=2,
            reason=reason,
        )


def test_return_picking_an_indicator_outside_the_bidang_is_refused(office: Office) -> None:
    round_ = sent_dafduk(office)
    submission = office.submission(round_.id, DAFDUK)
    akta = items_of(office, office.submission(round_.id, CAPIL))[
        "Jumlah akta kelahiran yang diterbitkan"
    ].indicator_id

    with refused(office.ctx, InvalidInput, "tidak ada dalam format"):
        verification.return_submission(
            office.ctx,
            actor=OPERATOR,
            submission_id=submission.id,
            expected_version=2,
            reason="Salah pilih",
            indicator_ids=[akta],
        )


def test_returned_bidang_is_fixed_resent_and_verified(office: Office) -> None:
    round_ = office.walk(at_step=5)
    verify(office, round_.id, SEKRETARIAT)
    verify(office, round_.id, CAPIL)
    give_back(office, round_.id, DAFDUK, "Cek ulang KTP-el", (KTP,))
    save(office, office.submission(round_.id, DAFDUK), KTP, "96")
    send(office, round_.id)

    verify(office, round_.id, DAFDUK)

    assert office.round(round_.id).state == RoundState.PENYUSUNAN
    assert items_of(office, office.submission(round_.id, DAFDUK))[KTP].value == Decimal("96")

"""SOP steps 1–3: the round opens, the draft format is corrected, and it goes to every Kabid."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from bot.clock import FixedClock
from bot.errors import InvalidInput, NotAllowed, NotFound, NotRegistered, Stale, WorkflowError
from bot.sop import Role, StepNo
from bot.states import RoundState, SubmissionState
from bot.workflow import master, rounds
from bot.workflow.context import Ctx
from storage import queries
from storage.models import Round, RoundIndicator
from tests.conftest import (
    CAPIL,
    DAFDUK,
    KABID_CAPIL,
    KABID_DAFDUK,
    KABID_SEKRETARIAT,
    KASUBAG,
    KEPALA,
    KTP,
    OPERATOR,
    ROUND_OPENS,
    SEKRETARIAT,
    SMALL_MASTER,
    WIB,
    Office,
    approvals_of,
    audit_trail,
    clear_outbox,
    deadlines_of,
    enrol,
    indicator,
    labels,
    outbox_messages,
    refused,
    user_id,
)

OTHER_OPERATOR = 1011
UNKNOWN = 9999
PENGAWASAN = "Bidang Pengelolaan Informasi Administrasi Kependudukan"
KABID_PIAK = 2004


def open_tw2(ctx: Ctx, actor: int | None = OPERATOR) -> Round:
    return rounds.open_round(ctx, actor=actor, tahun=2026, triwulan=2).round


def draft_items(ctx: Ctx, round_id: int) -> dict[str, RoundIndicator]:
    """The round's draft by indicator name."""
    with ctx.read() as session:
        return {item.indicator.nama: item for item in queries.round_indicators(session, round_id)}


def indicator_id(ctx: Ctx, round_id: int, nama: str) -> int:
    return draft_items(ctx, round_id)[nama].indicator_id


def submit(office: Office, round_id: int) -> Round:
    return office.press(rounds.submit_draft, OPERATOR, round_id)


def approve(office: Office, round_id: int) -> Round:
    return office.press(rounds.approve_draft, KASUBAG, round_id)


def give_back(office: Office, round_id: int, reason: str) -> Round:
    """The Kasubag returns the draft (Kembalikan on the correction card) with `reason`."""
    return office.press(rounds.return_draft, KASUBAG, round_id, reason=reason)


def distribute(office: Office, round_id: int) -> rounds.Distributed:
    return office.press(rounds.distribute, OPERATOR, round_id)


def set_target(
    office: Office, round_id: int, indicator_id: int, target: str, actor: int = OPERATOR
) -> RoundIndicator:
    """Ubah target in the draft."""
    return rounds.set_target(
        office.ctx,
        actor=actor,
        round_id=round_id,
        indicator_id=indicator_id,
        target=Decimal(target),
    )


def set_measured(
    office: Office, round_id: int, indicator_id: int, diukur: bool, actor: int = OPERATOR
) -> RoundIndicator:
    """Tidak diukur TW ini (or back to measured) in the draft."""
    return rounds.set_measured(
        office.ctx, actor=actor, round_id=round_id, indicator_id=indicator_id, diukur=diukur
    )


def correction_card_refused(
    office: Office,
    round_id: int,
    error: type[WorkflowError],
    match: str,
    *,
    actor: int,
    version: int,
) -> None:
    """Both buttons of the correction card, Benar and Kembalikan, are refused alike."""
    with refused(office.ctx, error, match):
        rounds.approve_draft(office.ctx, actor=actor, round_id=round_id, expected_version=version)
    with refused(office.ctx, error, match):
        rounds.return_draft(
            office.ctx,
            actor=actor,
            round_id=round_id,
            expected_version=version,
            reason="Target salah",
        )


def with_bidang_without_kabid(ctx: Ctx) -> None:
    """The master gains a fourth bidang whose Kabid is not enrolled yet."""
    extra = indicator(PENGAWASAN, "Persentase database kependudukan yang mutakhir")
    master.load_indicators(ctx, (*SMALL_MASTER, extra), 2026)


# --- Step 1: the round opens ---


def test_operator_opens_round_and_draft_is_built_from_master(office: Office) -> None:
    opened = rounds.open_round(office.ctx, actor=OPERATOR, tahun=2026, triwulan=2)

    round_ = office.round(opened.round.id)
    assert (round_.tahun, round_.triwulan) == (2026, 2)
    assert round_.state == RoundState.DRAFT
    assert round_.version == 1
    assert round_.opened_by_id == user_id(office.ctx, OPERATOR)
    assert opened.per_bidang == [(SEKRETARIAT, 2), (DAFDUK, 3), (CAPIL, 2)]
    items = draft_items(office.ctx, round_.id)
    assert items["Nilai SAKIP"].target == Decimal("72")
    assert items["Rata-rata waktu penerbitan KK"].target == Decimal("7")
    assert all(item.diukur for item in items.values())


def test_step_1_clock_starts_when_round_opens(office: Office) -> None:
    opened = rounds.open_round(office.ctx, actor=OPERATOR, tahun=2026, triwulan=2)

    (deadline,) = deadlines_of(office.ctx, opened.round.id, StepNo.DRAFT)
    assert deadline.starts_at == ROUND_OPENS
    # Two working days from Wednesday 07.30: Friday 07.30 (CHAT.md).
    assert deadline.due_at == datetime(2026, 7, 3, 7, 30, tzinfo=WIB)
    assert opened.due == deadline.due_at
    assert deadline.done_at is None


def test_operator_who_opens_round_is_answered_by_handler_other_operators_are_told(
    office: Office,
) -> None:
    enrol(office.ctx, OTHER_OPERATOR, "Dewi", Role.OPERATOR)
    clear_outbox(office.ctx)

    open_tw2(office.ctx)

    assert outbox_messages(office.ctx, OPERATOR) == []
    (told,) = outbox_messages(office.ctx, OTHER_OPERATOR)
    assert "Putaran Triwulan II 2026 dibuka" in told.text
    assert labels(told) == ["Lihat per bidang", "Kirim ke Kasubag"]


def test_bot_opens_round_by_itself_and_tells_every_operator(office: Office) -> None:
    enrol(office.ctx, OTHER_OPERATOR, "Dewi", Role.OPERATOR)
    clear_outbox(office.ctx)

    opened = rounds.open_round(office.ctx, actor=None, tahun=2026, triwulan=2)

    assert office.round(opened.round.id).opened_by_id is None
    for operator in (OPERATOR, OTHER_OPERATOR):
        (card,) = outbox_messages(office.ctx, operator)
        assert "Putaran Triwulan II 2026 dibuka" in card.text
        assert "Jumat, 3 Juli 2026 pukul 07.30 WIB" in card.text
        assert "3 bidang, 7 indikator" in card.text
        assert labels(card) == ["Lihat per bidang", "Kirim ke Kasubag"]
    for somebody_else in (KASUBAG, KEPALA, KABID_DAFDUK):
        assert outbox_messages(office.ctx, somebody_else) == []
    event = audit_trail(office.ctx)[-1]
    assert (event.action, event.actor_id, event.round_id) == ("putaran.buka", None, opened.round.id)


def test_opening_the_same_round_twice_is_refused(office: Office) -> None:
    round_ = open_tw2(office.ctx)

    with refused(office.ctx, Stale, "sudah dibuka"):
        rounds.open_round(office.ctx, actor=OPERATOR, tahun=2026, triwulan=2)
    with refused(office.ctx, Stale, "sudah dibuka"):
        rounds.open_round(office.ctx, actor=None, tahun=2026, triwulan=2)
    assert office.round(round_.id).version == 1


def test_round_of_a_year_without_indicators_is_refused(office: Office) -> None:
    with refused(office.ctx, NotFound, "Belum ada indikator untuk tahun 2027"):
        rounds.open_round(office.ctx, actor=OPERATOR, tahun=2027, triwulan=1)


def test_triwulan_outside_one_to_four_or_a_year_out_of_range_is_refused(office: Office) -> None:
    with refused(office.ctx, InvalidInput, "Triwulan «5» tidak dikenal; tulis 1–4"):
        rounds.open_round(office.ctx, actor=OPERATOR, tahun=2026, triwulan=5)
    with refused(office.ctx, InvalidInput, "Tahun «20266» tidak dikenal; tulis tahun 2000–2100"):
        rounds.open_round(office.ctx, actor=OPERATOR, tahun=20266, triwulan=2)


def test_only_an_operator_opens_a_round(office: Office) -> None:
    with refused(office.ctx, NotAllowed, "hanya untuk Operator"):
        rounds.open_round(office.ctx, actor=KASUBAG, tahun=2026, triwulan=2)
    with refused(office.ctx, NotAllowed):
        rounds.open_round(office.ctx, actor=KABID_DAFDUK, tahun=2026, triwulan=2)
    with refused(office.ctx, NotRegistered, "belum terdaftar"):
        rounds.open_round(office.ctx, actor=UNKNOWN, tahun=2026, triwulan=2)


def test_indicator_without_target_this_quarter_is_left_out_of_draft(office: Office) -> None:
    opened = rounds.open_round(office.ctx, actor=OPERATOR, tahun=2026, triwulan=1)

    cakupan = draft_items(office.ctx, opened.round.id)["Cakupan kepemilikan akta kelahiran anak"]
    assert cakupan.target is None
    assert cakupan.diukur is False
    assert opened.per_bidang == [(SEKRETARIAT, 2), (DAFDUK, 3), (CAPIL, 1)]


def test_several_rounds_may_be_open_at_once(office: Office) -> None:
    late = rounds.open_round(office.ctx, actor=OPERATOR, tahun=2026, triwulan=1).round
    current = open_tw2(office.ctx)

    with office.ctx.read() as session:
        assert [r.id for r in queries.open_rounds(session)] == [late.id, current.id]


def test_default_round_is_the_quarter_that_just_ended() -> None:
    assert rounds.quarter_just_ended(ROUND_OPENS, "Asia/Jakarta") == (2026, 2)
    new_year = datetime(2027, 1, 4, 7, 30, tzinfo=WIB)
    assert rounds.quarter_just_ended(new_year, "Asia/Jakarta") == (2026, 4)


# --- Step 1: the operator adjusts the draft ---


def test_operator_corrects_a_target_in_the_draft(office: Office) -> None:
    round_ = open_tw2(office.ctx)
    ktp = indicator_id(office.ctx, round_.id, KTP)

    set_target(office, round_.id, ktp, "96.5")

    item = draft_items(office.ctx, round_.id)[KTP]
    assert item.target == Decimal("96.5")
    assert office.round(round_.id).version == 2
    event = audit_trail(office.ctx)[-1]
    assert event.action == "draft.target"
    assert event.detail == {"indikator": ktp, "sebelum": "95", "sesudah": "96.5"}


def test_negative_target_is_refused_for_an_indicator_that_cannot_be_negative(
    office: Office,
) -> None:
    round_ = open_tw2(office.ctx)
    ktp = indicator_id(office.ctx, round_.id, KTP)

    with refused(office.ctx, InvalidInput, "tidak boleh negatif"):
        set_target(office, round_.id, ktp, "-1")


@pytest.mark.parametrize(
    ("target", "limit"),
    [
        ("1E+40", "paling banyak 15 angka sebelum koma"),
        ("-1000000000000000", "paling banyak 15 angka sebelum koma"),
        ("96.1234567", "paling banyak 6 angka sesudah koma"),
    ],
)
def test_target_beyond_the_range_of_a_number_is_refused(
    office: Office, target: str, limit: str
) -> None:
    round_ = open_tw2(office.ctx)
    ktp = indicator_id(office.ctx, round_.id, KTP)

    with refused(office.ctx, InvalidInput, limit):
        set_target(office, round_.id, ktp, target)


def test_negative_target_is_accepted_for_an_indicator_that_may_be_negative(
    office: Office,
) -> None:
    laju = indicator(DAFDUK, "Laju pertumbuhan penduduk", boleh_negatif=True)
    master.load_indicators(office.ctx, (*SMALL_MASTER, laju), 2026)
    round_ = open_tw2(office.ctx)
    laju_id = indicator_id(office.ctx, round_.id, "Laju pertumbuhan penduduk")

    set_target(office, round_.id, laju_id, "-0.5")

    assert draft_items(office.ctx, round_.id)["Laju pertumbuhan penduduk"].target == Decimal("-0.5")


def test_operator_leaves_an_indicator_out_of_the_quarter_and_puts_it_back(office: Office) -> None:
    round_ = open_tw2(office.ctx)
    akta = indicator_id(office.ctx, round_.id, "Jumlah akta kelahiran yang diterbitkan")

    set_measured(office, round_.id, akta, False)
    assert (
        draft_items(office.ctx, round_.id)["Jumlah akta kelahiran yang diterbitkan"].diukur is False
    )
    set_measured(office, round_.id, akta, True)

    assert (
        draft_items(office.ctx, round_.id)["Jumlah akta kelahiran yang diterbitkan"].diukur is True
    )
    assert office.round(round_.id).version == 3
    assert [e.action for e in audit_trail(office.ctx)[-2:]] == ["draft.diukur", "draft.diukur"]


def test_indicator_without_target_cannot_be_measured_until_it_gets_one(office: Office) -> None:
    round_ = rounds.open_round(office.ctx, actor=OPERATOR, tahun=2026, triwulan=1).round
    cakupan = indicator_id(office.ctx, round_.id, "Cakupan kepemilikan akta kelahiran anak")

    with refused(office.ctx, InvalidInput, "Isi dulu target"):
        set_measured(office, round_.id, cakupan, True)
    set_target(office, round_.id, cakupan, "75")

    item = draft_items(office.ctx, round_.id)["Cakupan kepemilikan akta kelahiran anak"]
    assert (item.target, item.diukur) == (Decimal("75"), True)


def test_only_the_operator_adjusts_the_draft(office: Office) -> None:
    round_ = open_tw2(office.ctx)
    ktp = indicator_id(office.ctx, round_.id, KTP)

    with refused(office.ctx, NotAllowed):
        set_target(office, round_.id, ktp, "1", actor=KASUBAG)
    with refused(office.ctx, NotAllowed):
        set_measured(office, round_.id, ktp, False, actor=KABID_DAFDUK)


def test_draft_cannot_be_adjusted_once_it_went_to_kasubag(office: Office) -> None:
    round_ = open_tw2(office.ctx)
    ktp = indicator_id(office.ctx, round_.id, KTP)
    submit(office, round_.id)

    with refused(office.ctx, Stale, "langkah 2"):
        set_target(office, round_.id, ktp, "1")
    with refused(office.ctx, Stale, "langkah 2"):
        set_measured(office, round_.id, ktp, False)
    assert office.round(round_.id).state == RoundState.KOREKSI


def test_indicator_outside_the_round_is_not_found(office: Office) -> None:
    round_ = open_tw2(office.ctx)

    with refused(office.ctx, NotFound, "tidak ada dalam format"):
        set_target(office, round_.id, 9999, "1")
    with refused(office.ctx, NotFound, "tidak ditemukan"):
        set_target(office, 9999, 1, "1")


# --- Step 1 → 2: the draft goes to the Kasubag PKA ---


def test_operator_submits_draft_to_kasubag(office: Office, clock: FixedClock) -> None:
    round_ = open_tw2(office.ctx)
    clock.set(datetime(2026, 7, 1, 10, 15, tzinfo=WIB))

    submitted = submit(office, round_.id)

    assert submitted.state == RoundState.KOREKSI
    assert office.round(round_.id).version == 2
    (card,) = outbox_messages(office.ctx, KASUBAG)
    assert card.text.startswith("Koreksi format — Triwulan II 2026")
    assert "batas 10 menit kerja: 10.25 WIB" in card.text
    assert "Diajukan oleh Andi (operator)" in card.text
    assert labels(card) == ["✅ Benar", "↩️ Kembalikan"]
    assert card.attachment == {"kind": "draft", "round_id": round_.id}
    (step_1,) = deadlines_of(office.ctx, round_.id, StepNo.DRAFT)
    assert step_1.done_at == clock.now()
    assert step_1.done_by_id == user_id(office.ctx, OPERATOR)
    (step_2,) = deadlines_of(office.ctx, round_.id, StepNo.KOREKSI)
    assert step_2.starts_at == clock.now()
    assert step_2.due_at == datetime(2026, 7, 1, 10, 25, tzinfo=WIB)


def test_draft_with_nothing_measured_cannot_be_submitted(office: Office) -> None:
    round_ = open_tw2(office.ctx)
    for item in draft_items(office.ctx, round_.id).values():
        set_measured(office, round_.id, item.indicator_id, False)

    with refused(office.ctx, InvalidInput, "tidak berisi indikator"):
        submit(office, round_.id)
    assert office.round(round_.id).state == RoundState.DRAFT


def test_submitting_draft_from_a_card_older_than_the_last_change_is_refused(
    office: Office,
) -> None:
    round_ = open_tw2(office.ctx)
    ktp = indicator_id(office.ctx, round_.id, KTP)
    set_target(office, round_.id, ktp, "96")

    with refused(office.ctx, Stale):
        rounds.submit_draft(office.ctx, actor=OPERATOR, round_id=round_.id, expected_version=1)
    assert office.round(round_.id).state == RoundState.DRAFT


def test_only_the_operator_submits_the_draft(office: Office) -> None:
    round_ = open_tw2(office.ctx)

    with refused(office.ctx, NotAllowed, "hanya untuk Operator"):
        rounds.submit_draft(office.ctx, actor=KASUBAG, round_id=round_.id, expected_version=1)


def test_submitting_the_draft_twice_is_refused(office: Office) -> None:
    round_ = open_tw2(office.ctx)
    rounds.submit_draft(office.ctx, actor=OPERATOR, round_id=round_.id, expected_version=1)

    with refused(office.ctx, Stale, "sekarang di langkah 2"):
        rounds.submit_draft(office.ctx, actor=OPERATOR, round_id=round_.id, expected_version=1)


# --- Step 2: the Kasubag PKA corrects the format ---


def test_kasubag_finds_format_correct_and_operator_is_asked_to_distribute(
    office: Office, clock: FixedClock
) -> None:
    round_ = open_tw2(office.ctx)
    submit(office, round_.id)
    clock.set(datetime(2026, 7, 1, 10, 22, tzinfo=WIB))

    approved = approve(office, round_.id)

    assert approved.state == RoundState.DISTRIBUSI
    (card,) = outbox_messages(office.ctx, OPERATOR)
    assert card.text.startswith("Format benar (Budi, 10.22)")
    assert "Kamis, 2 Juli 2026 pukul 10.22 WIB" in card.text
    assert labels(card) == ["Bagikan ke Kabid"]
    (benar,) = approvals_of(office.ctx, round_.id)
    assert (benar.step, benar.action, benar.actor_id) == (2, "benar", user_id(office.ctx, KASUBAG))
    (step_2,) = deadlines_of(office.ctx, round_.id, StepNo.KOREKSI)
    assert step_2.done_at == clock.now()
    (step_3,) = deadlines_of(office.ctx, round_.id, StepNo.DISTRIBUSI)
    assert step_3.due_at == datetime(2026, 7, 2, 10, 22, tzinfo=WIB)


def test_only_kasubag_corrects_the_format(office: Office) -> None:
    round_ = open_tw2(office.ctx)
    submitted = submit(office, round_.id)

    for somebody in (OPERATOR, KEPALA, KABID_DAFDUK):
        correction_card_refused(
            office,
            round_.id,
            NotAllowed,
            "hanya untuk Kasubag PKA",
            actor=somebody,
            version=submitted.version,
        )


def test_double_tap_on_benar_is_refused_naming_who_found_it_correct(office: Office) -> None:
    round_ = open_tw2(office.ctx)
    submitted = submit(office, round_.id)
    rounds.approve_draft(
        office.ctx, actor=KASUBAG, round_id=round_.id, expected_version=submitted.version
    )

    correction_card_refused(
        office,
        round_.id,
        Stale,
        "sudah dinyatakan benar oleh Budi",
        actor=KASUBAG,
        version=submitted.version,
    )


def test_kasubag_returns_draft_with_reason_back_to_operator(
    office: Office, clock: FixedClock
) -> None:
    opened = rounds.open_round(office.ctx, actor=OPERATOR, tahun=2026, triwulan=2)
    rid = opened.round.id
    clock.set(datetime(2026, 7, 1, 10, 15, tzinfo=WIB))
    submitted = submit(office, rid)
    clock.set(datetime(2026, 7, 1, 10, 21, tzinfo=WIB))

    returned = give_back(office, rid, "  Target TW II KTP-el\nseharusnya 95  ")

    assert returned.state == RoundState.DRAFT
    assert office.round(rid).version == submitted.version + 1
    (card,) = outbox_messages(office.ctx, OPERATOR)
    assert "dikembalikan oleh Budi (Kasubag PKA) pukul 10.21" in card.text
    assert "Target TW II KTP-el seharusnya 95" in card.text
    assert labels(card) == ["Perbaiki draft", "Kirim ke Kasubag"]
    (kembali,) = approvals_of(office.ctx, rid)
    assert (kembali.step, kembali.action) == (2, "kembalikan")
    assert kembali.reason == "Target TW II KTP-el seharusnya 95"
    event = audit_trail(office.ctx)[-1]
    assert event.action == "koreksi.kembalikan"
    assert event.actor_id == user_id(office.ctx, KASUBAG)
    assert event.detail == {"alasan": "Target TW II KTP-el seharusnya 95"}
    (step_2,) = deadlines_of(office.ctx, rid, StepNo.KOREKSI)
    assert step_2.done_at == clock.now()


def test_returned_draft_keeps_step_1_original_due_time(office: Office, clock: FixedClock) -> None:
    opened = rounds.open_round(office.ctx, actor=OPERATOR, tahun=2026, triwulan=2)
    rid = opened.round.id
    clock.set(datetime(2026, 7, 2, 14, 0, tzinfo=WIB))
    submit(office, rid)
    clock.advance(minutes=8)

    give_back(office, rid, "Salah")

    first, again = deadlines_of(office.ctx, rid, StepNo.DRAFT)
    assert first.done_at is not None
    assert again.done_at is None
    assert again.starts_at == clock.now()
    assert again.due_at == opened.due == datetime(2026, 7, 3, 7, 30, tzinfo=WIB)
    (card,) = outbox_messages(office.ctx, OPERATOR)
    assert "batas langkah 1: Jumat, 3 Juli 2026 pukul 07.30 WIB" in card.text


@pytest.mark.parametrize("reason", ["", "   ", "ok", " \n a \t"])
def test_return_without_a_real_reason_is_refused_and_nothing_changes(
    office: Office, reason: str
) -> None:
    round_ = open_tw2(office.ctx)
    submitted = submit(office, round_.id)

    with refused(office.ctx, InvalidInput, "Alasan pengembalian wajib diisi"):
        give_back(office, round_.id, reason)
    assert office.round(round_.id).state == RoundState.KOREKSI
    assert office.round(round_.id).version == submitted.version


def test_overlong_reason_is_refused(office: Office) -> None:
    round_ = open_tw2(office.ctx)
    submit(office, round_.id)

    with refused(office.ctx, InvalidInput, "terlalu panjang"):
        give_back(office, round_.id, "x" * 1001)


def test_operator_fixes_returned_draft_and_kasubag_then_finds_it_correct(office: Office) -> None:
    round_ = open_tw2(office.ctx)
    submit(office, round_.id)
    give_back(office, round_.id, "Target TW II KTP-el seharusnya 96")
    ktp = indicator_id(office.ctx, round_.id, KTP)
    set_target(office, round_.id, ktp, "96")

    assert submit(office, round_.id).state == RoundState.KOREKSI
    assert approve(office, round_.id).state == RoundState.DISTRIBUSI
    assert [k.step for k in deadlines_of(office.ctx, round_.id, StepNo.KOREKSI)] == [2, 2]
    assert [a.action for a in approvals_of(office.ctx, round_.id)] == ["kembalikan", "benar"]


# --- Step 3 → 4: the format goes to every Kabid ---


def test_operator_distributes_format_and_each_kabid_gets_own_bidang(
    office: Office, clock: FixedClock
) -> None:
    round_ = open_tw2(office.ctx)
    submit(office, round_.id)
    approve(office, round_.id)
    clock.set(datetime(2026, 7, 1, 10, 30, tzinfo=WIB))

    distributed = distribute(office, round_.id)

    assert distributed.round.state == RoundState.PENGISIAN
    assert distributed.without_kabid == []
    for bidang, kabid, count in (
        (SEKRETARIAT, KABID_SEKRETARIAT, 2),
        (DAFDUK, KABID_DAFDUK, 3),
        (CAPIL, KABID_CAPIL, 2),
    ):
        submission = office.submission(round_.id, bidang)
        assert submission.state == SubmissionState.DIISI
        with office.ctx.read() as session:
            assert len(queries.realisations(session, submission.id)) == count
        (card,) = outbox_messages(office.ctx, kabid)
        assert card.text.startswith(f"Format Data Kinerja Triwulan II 2026 — {bidang}")
        assert f"{count} indikator" in card.text
        assert "Senin, 6 Juli 2026 pukul 10.30 WIB" in card.text
        assert labels(card) == ["Mulai isi"]
        assert card.attachment == {"kind": "format", "submission_id": submission.id}
        (step_4,) = deadlines_of(office.ctx, round_.id, StepNo.PENGISIAN, submission.bidang_id)
        assert step_4.due_at == datetime(2026, 7, 6, 10, 30, tzinfo=WIB)
    (step_3,) = deadlines_of(office.ctx, round_.id, StepNo.DISTRIBUSI)
    assert step_3.done_at == clock.now()


def test_distribution_creates_submissions_only_for_bidang_with_measured_indicators(
    office: Office,
) -> None:
    round_ = open_tw2(office.ctx)
    for item in draft_items(office.ctx, round_.id).values():
        if item.indicator.bidang.nama == CAPIL:
            set_measured(office, round_.id, item.indicator_id, False)
    submit(office, round_.id)
    approve(office, round_.id)

    distribute(office, round_.id)

    with office.ctx.read() as session:
        names = [s.bidang.nama for s in queries.submissions(session, round_.id)]
    assert names == [SEKRETARIAT, DAFDUK]
    assert outbox_messages(office.ctx, KABID_CAPIL) == []
    assert len(outbox_messages(office.ctx, KABID_DAFDUK)) == 1


def test_indicator_not_measured_this_quarter_is_not_in_the_kabid_format(office: Office) -> None:
    round_ = open_tw2(office.ctx)
    keluhan = indicator_id(office.ctx, round_.id, "Persentase keluhan layanan")
    set_measured(office, round_.id, keluhan, False)
    submit(office, round_.id)
    approve(office, round_.id)

    distribute(office, round_.id)

    submission = office.submission(round_.id, DAFDUK)
    with office.ctx.read() as session:
        assert keluhan not in queries.realisations(session, submission.id)
        assert len(queries.realisations(session, submission.id)) == 2
    (card,) = outbox_messages(office.ctx, KABID_DAFDUK)
    assert "2 indikator" in card.text


def test_distribution_names_bidang_without_a_kabid(office: Office) -> None:
    with_bidang_without_kabid(office.ctx)
    round_ = open_tw2(office.ctx)
    submit(office, round_.id)
    approve(office, round_.id)

    distributed = distribute(office, round_.id)

    assert distributed.without_kabid == [PENGAWASAN]
    assert office.submission(round_.id, PENGAWASAN).state == SubmissionState.DIISI
    assert audit_trail(office.ctx)[-1].detail == {"tanpa_kabid": [PENGAWASAN]}


def test_kabid_enrolled_while_round_is_filling_gets_the_format(office: Office) -> None:
    with_bidang_without_kabid(office.ctx)
    round_ = open_tw2(office.ctx)
    submit(office, round_.id)
    approve(office, round_.id)
    distribute(office, round_.id)

    enrol(office.ctx, KABID_PIAK, "Yusuf", Role.KABID, PENGAWASAN)

    submission = office.submission(round_.id, PENGAWASAN)
    (card,) = outbox_messages(office.ctx, KABID_PIAK)
    assert card.text.startswith(f"Format Data Kinerja Triwulan II 2026 — {PENGAWASAN}")
    assert labels(card) == ["Mulai isi"]
    assert card.attachment == {"kind": "format", "submission_id": submission.id}


def test_second_kabid_enrolled_later_does_not_send_the_format_again_to_the_first(
    office: Office,
) -> None:
    round_ = office.walk(at_step=4)
    plt = 2102

    enrol(office.ctx, plt, "Plt. Hendra", Role.KABID, DAFDUK)

    assert len(outbox_messages(office.ctx, plt)) == 1
    assert len(outbox_messages(office.ctx, KABID_DAFDUK)) == 1
    assert office.round(round_.id).state == RoundState.PENGISIAN


def test_kabid_enrolled_before_distribution_gets_the_format_only_at_distribution(
    office: Office,
) -> None:
    with_bidang_without_kabid(office.ctx)
    round_ = open_tw2(office.ctx)
    enrol(office.ctx, KABID_PIAK, "Yusuf", Role.KABID, PENGAWASAN)
    assert outbox_messages(office.ctx, KABID_PIAK) == []
    submit(office, round_.id)
    approve(office, round_.id)

    distribute(office, round_.id)

    assert len(outbox_messages(office.ctx, KABID_PIAK)) == 1


def test_kabid_enrolled_after_the_bidang_sent_its_data_gets_no_format(office: Office) -> None:
    round_ = office.walk(at_step=4)
    office.fill_all(round_.id, DAFDUK, KABID_DAFDUK)

    enrol(office.ctx, 2102, "Plt. Hendra", Role.KABID, DAFDUK)

    assert outbox_messages(office.ctx, 2102) == []


def test_distributing_twice_is_refused(office: Office) -> None:
    round_ = open_tw2(office.ctx)
    submit(office, round_.id)
    approved = approve(office, round_.id)
    rounds.distribute(
        office.ctx, actor=OPERATOR, round_id=round_.id, expected_version=approved.version
    )

    with refused(office.ctx, Stale, "sekarang di langkah 4"):
        rounds.distribute(
            office.ctx, actor=OPERATOR, round_id=round_.id, expected_version=approved.version
        )


def test_distribution_before_the_format_is_correct_is_refused(office: Office) -> None:
    round_ = open_tw2(office.ctx)
    submitted = submit(office, round_.id)

    with refused(office.ctx, Stale, "sekarang di langkah 2"):
        rounds.distribute(
            office.ctx, actor=OPERATOR, round_id=round_.id, expected_version=submitted.version
        )


def test_only_the_operator_distributes(office: Office) -> None:
    round_ = open_tw2(office.ctx)
    submit(office, round_.id)
    approved = approve(office, round_.id)

    with refused(office.ctx, NotAllowed, "hanya untuk Operator"):
        rounds.distribute(
            office.ctx, actor=KASUBAG, round_id=round_.id, expected_version=approved.version
        )


def test_steps_one_to_three_take_as_long_as_the_sop_allows(office: Office) -> None:
    round_ = office.walk(at_step=4)

    for number, allotted in ((StepNo.DRAFT, 2), (StepNo.DISTRIBUSI, 1)):
        (deadline,) = deadlines_of(office.ctx, round_.id, number)
        expected = office.ctx.calendar.add_working_time(deadline.starts_at, days=allotted)
        assert deadline.due_at == expected
    (koreksi,) = deadlines_of(office.ctx, round_.id, StepNo.KOREKSI)
    assert koreksi.due_at - koreksi.starts_at == timedelta(minutes=10)

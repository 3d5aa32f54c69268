"""The audit trail: every transition leaves an AuditEvent naming who did it, in which round;
a refused transition leaves nothing at all (DESIGN §6)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from sqlalchemy import update

from bot.errors import WorkflowError
from bot.sop import Role
from bot.states import RoundState
from bot.workflow import approvals, filling, registration, rounds, silakip, verification
from storage import queries
from storage.models import AuditEvent, Realisation
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
    SEKRETARIAT,
    SEKRETARIS,
    Office,
    audit_trail,
    row_counts,
    user_id,
)


class Trail:
    """Reads the audit events written since the last look."""

    def __init__(self, office: Office) -> None:
        self.office = office
        self.seen = len(audit_trail(office.ctx))

    def new(self) -> list[AuditEvent]:
        events = audit_trail(self.office.ctx)
        fresh, self.seen = events[self.seen :], len(events)
        return fresh

    def expect(self, actor: int | None, round_id: int, *actions: str) -> list[AuditEvent]:
        """The events since the last look are exactly `actions`, by `actor`, in the round, now."""
        fresh = self.new()
        assert [e.action for e in fresh] == list(actions)
        who = user_id(self.office.ctx, actor) if actor is not None else None
        for event in fresh:
            assert event.actor_id == who
            assert event.round_id == round_id
            assert event.at == self.office.clock.now()
        return fresh


def version(office: Office, round_id: int) -> int:
    return office.round(round_id).version


def indicator_of(office: Office, round_id: int, bidang: str, nama: str) -> int:
    submission = office.submission(round_id, bidang)
    return next(i.indicator_id for i in office.items(submission) if i.nama == nama)


def save_ktp(office: Office, round_id: int, kabid: int, value: str) -> object:
    """`kabid` types `value` for Dafduk's KTP-el indicator."""
    submission = office.submission(round_id, DAFDUK)
    return office.type_value(kabid, submission, indicator_of(office, round_id, DAFDUK, KTP), value)


def test_every_transition_of_a_quarter_is_audited_with_actor_and_round(office: Office) -> None:
    ctx = office.ctx
    trail = Trail(office)

    rid = rounds.open_round(ctx, actor=OPERATOR, tahun=2026, triwulan=2).round.id
    (opened,) = trail.expect(OPERATOR, rid, "putaran.buka")
    assert opened.detail == {"tahun": 2026, "triwulan": 2}

    with ctx.read() as session:
        keluhan = next(
            i.indicator_id
            for i in queries.round_indicators(session, rid)
            if i.indicator.nama == "Persentase keluhan layanan"
        )
    rounds.set_target(ctx, actor=OPERATOR, round_id=rid, indicator_id=keluhan, target=Decimal(4))
    trail.expect(OPERATOR, rid, "draft.target")
    rounds.set_measured(ctx, actor=OPERATOR, round_id=rid, indicator_id=keluhan, diukur=True)
    trail.expect(OPERATOR, rid, "draft.diukur")

    office.press(rounds.submit_draft, OPERATOR, rid)
    trail.expect(OPERATOR, rid, "draft.kirim")
    office.press(rounds.return_draft, KASUBAG, rid, reason="Target keluhan kembali ke 5")
    (returned,) = trail.expect(KASUBAG, rid, "koreksi.kembalikan")
    assert returned.detail == {"alasan": "Target keluhan kembali ke 5"}
    office.press(rounds.submit_draft, OPERATOR, rid)
    trail.expect(OPERATOR, rid, "draft.kirim")
    office.press(rounds.approve_draft, KASUBAG, rid)
    trail.expect(KASUBAG, rid, "koreksi.benar")
    office.press(rounds.distribute, OPERATOR, rid)
    trail.expect(OPERATOR, rid, "format.bagikan")

    office.clock.advance(minutes=5)
    dafduk = office.submission(rid, DAFDUK)
    ktp = indicator_of(office, rid, DAFDUK, KTP)
    save_ktp(office, rid, KABID_DAFDUK, "38")
    (isi,) = trail.expect(KABID_DAFDUK, rid, "realisasi.isi")
    assert isi.detail == {
        "bidang": dafduk.bidang_id,
        "indikator": ktp,
        "sebelum": None,
        "sesudah": "38",
    }
    filling.save_keterangan(
        ctx, actor=KABID_DAFDUK, submission_id=dafduk.id, indicator_id=ktp, text="Server SIAK"
    )
    trail.expect(KABID_DAFDUK, rid, "realisasi.keterangan")

    for bidang, kabid in ((SEKRETARIAT, KABID_SEKRETARIAT), (DAFDUK, KABID_DAFDUK)):
        office.fill_all(rid, bidang, kabid)
        assert trail.new()[-1].action == "bidang.kirim"
    office.fill_all(rid, CAPIL, KABID_CAPIL)
    fresh = trail.new()
    assert fresh[-1].action == "bidang.kirim"
    assert fresh[-1].actor_id == user_id(ctx, KABID_CAPIL)
    assert fresh[-1].detail == {"bidang": office.bidang_id(CAPIL)}

    dafduk = office.submission(rid, DAFDUK)
    verification.return_submission(
        ctx,
        actor=OPERATOR,
        submission_id=dafduk.id,
        expected_version=dafduk.version,
        reason="Cek KTP-el",
        indicator_ids=[ktp],
    )
    (back,) = trail.expect(OPERATOR, rid, "bidang.kembalikan")
    assert back.detail == {"bidang": dafduk.bidang_id, "alasan": "Cek KTP-el", "indikator": [ktp]}
    save_ktp(office, rid, KABID_DAFDUK, "94")
    filling.send(
        ctx,
        actor=KABID_DAFDUK,
        submission_id=dafduk.id,
        expected_version=office.submission(rid, DAFDUK).version,
    )
    trail.expect(KABID_DAFDUK, rid, "realisasi.isi", "bidang.kirim")

    for bidang in (SEKRETARIAT, DAFDUK, CAPIL):
        submission = office.submission(rid, bidang)
        verification.verify(
            ctx, actor=OPERATOR, submission_id=submission.id, expected_version=submission.version
        )
        (verified,) = trail.expect(OPERATOR, rid, "bidang.verifikasi")
        assert verified.detail == {"bidang": submission.bidang_id}
    assert office.round(rid).state == RoundState.PENYUSUNAN

    office.press(approvals.submit_compiled, OPERATOR, rid)
    trail.expect(OPERATOR, rid, "putaran.serahkan")
    office.press(approvals.approve, KASUBAG, rid)
    (paraf,) = trail.expect(KASUBAG, rid, "putaran.paraf")
    assert paraf.detail == {"langkah": 7}
    office.press(approvals.return_round, SEKRETARIS, rid, reason="Lampiran kurang")
    voided, returned = trail.expect(
        SEKRETARIS, rid, "putaran.persetujuan_batal", "putaran.kembalikan"
    )
    assert returned.detail == {"langkah": 8, "alasan": "Lampiran kurang"}
    assert voided.detail == {"alasan": "dikembalikan: Lampiran kurang"}

    office.press(approvals.submit_compiled, OPERATOR, rid)
    trail.expect(OPERATOR, rid, "putaran.serahkan")
    for approver, action, step in (
        (KASUBAG, "putaran.paraf", 7),
        (SEKRETARIS, "putaran.paraf", 8),
        (KEPALA, "putaran.tandatangan", 9),
    ):
        office.press(approvals.approve, approver, rid)
        (event,) = trail.expect(approver, rid, action)
        assert event.detail == {"langkah": step}
    office.press(approvals.finalise, OPERATOR, rid)
    trail.expect(OPERATOR, rid, "putaran.final")
    silakip.tick(office.ctx, actor=OPERATOR, round_id=rid, bidang_id=office.bidang_id(DAFDUK))
    (ticked,) = trail.expect(OPERATOR, rid, "silakip.centang")
    assert ticked.detail == {"bidang": office.bidang_id(DAFDUK)}
    silakip.tick_all(office.ctx, actor=OPERATOR, round_id=rid)
    rest = trail.expect(OPERATOR, rid, "silakip.centang", "silakip.centang", "putaran.silakip")
    assert [e.detail.get("bidang") for e in rest[:2]] == [
        office.bidang_id(SEKRETARIAT),
        office.bidang_id(CAPIL),
    ]


def test_round_opened_by_the_bot_is_audited_without_a_person(office: Office) -> None:
    trail = Trail(office)

    rid = rounds.open_round(office.ctx, actor=None, tahun=2026, triwulan=2).round.id

    trail.expect(None, rid, "putaran.buka")


def test_voiding_by_a_data_change_is_audited_against_the_approver_who_found_it(
    office: Office,
) -> None:
    round_ = office.walk(at_step=8)
    dafduk = office.submission(round_.id, DAFDUK)
    with office.ctx.unit() as session:
        session.execute(
            update(Realisation)
            .where(Realisation.submission_id == dafduk.id)
            .values(keterangan="diubah di belakang")
        )
    trail = Trail(office)

    with pytest.raises(WorkflowError):
        approvals.approve(
            office.ctx, actor=SEKRETARIS, round_id=round_.id, expected_version=round_.version
        )

    (voided,) = trail.expect(SEKRETARIS, round_.id, "putaran.persetujuan_batal")
    assert voided.detail == {"alasan": "data berubah setelah paraf"}


def test_invites_are_audited(office: Office) -> None:
    trail = Trail(office)

    new = registration.create_invite(office.ctx, actor=OPERATOR, role=Role.KABID, bidang=DAFDUK)
    registered = registration.redeem_invite(
        office.ctx, telegram_id=3001, nama="Wulan", code=new.code
    )

    created, used = trail.new()
    assert (created.action, created.actor_id) == ("undangan.buat", user_id(office.ctx, OPERATOR))
    assert created.detail == {"peran": "kabid", "bidang": DAFDUK}
    assert (used.action, used.actor_id) == ("undangan.pakai", registered.user.id)


# --- Refusals leave no trace ---

Refusal = Callable[[Office, int], object]


def _wrong_role_submits_draft(office: Office, rid: int) -> object:
    return rounds.submit_draft(office.ctx, actor=KASUBAG, round_id=rid, expected_version=1)


def _duplicate_round(office: Office, rid: int) -> object:
    return rounds.open_round(office.ctx, actor=OPERATOR, tahun=2026, triwulan=2)


def _stale_benar(office: Office, rid: int) -> object:
    return rounds.approve_draft(office.ctx, actor=KASUBAG, round_id=rid, expected_version=1)


def _kabid_of_another_bidang(office: Office, rid: int) -> object:
    return save_ktp(office, rid, KABID_CAPIL, "90")


def _send_with_gaps(office: Office, rid: int) -> object:
    submission = office.submission(rid, DAFDUK)
    return filling.send(
        office.ctx, actor=KABID_DAFDUK, submission_id=submission.id, expected_version=1
    )


def _negative_value(office: Office, rid: int) -> object:
    return save_ktp(office, rid, KABID_DAFDUK, "-3")


def _verify_unsent(office: Office, rid: int) -> object:
    submission = office.submission(rid, DAFDUK)
    return verification.verify(
        office.ctx, actor=OPERATOR, submission_id=submission.id, expected_version=1
    )


def _paraf_by_sekretaris_at_step_7(office: Office, rid: int) -> object:
    return office.press(approvals.approve, SEKRETARIS, rid)


def _paraf_from_an_old_card(office: Office, rid: int) -> object:
    return approvals.approve(
        office.ctx, actor=KASUBAG, round_id=rid, expected_version=version(office, rid) - 1
    )


def _return_without_reason(office: Office, rid: int) -> object:
    return office.press(approvals.return_round, KASUBAG, rid, reason=" ")


def _finalise_early(office: Office, rid: int) -> object:
    return office.press(approvals.finalise, OPERATOR, rid)


def _unknown_invite_code(office: Office, rid: int) -> object:
    return registration.redeem_invite(office.ctx, telegram_id=3001, nama="X", code="tebakan")


def _invite_by_a_kabid(office: Office, rid: int) -> object:
    return registration.create_invite(office.ctx, actor=KABID_DAFDUK, role=Role.OPERATOR)


@pytest.mark.parametrize(
    ("at_step", "attempt"),
    [
        (1, _wrong_role_submits_draft),
        (1, _duplicate_round),
        (3, _stale_benar),
        (4, _kabid_of_another_bidang),
        (4, _send_with_gaps),
        (4, _negative_value),
        (4, _verify_unsent),
        (7, _paraf_by_sekretaris_at_step_7),
        (7, _paraf_from_an_old_card),
        (7, _return_without_reason),
        (7, _finalise_early),
        (7, _unknown_invite_code),
        (7, _invite_by_a_kabid),
    ],
    ids=lambda value: value.__name__.strip("_") if callable(value) else f"step{value}",
)
def test_a_refused_transition_writes_nothing(
    office: Office, at_step: int, attempt: Refusal
) -> None:
    round_ = office.walk(at_step=at_step)
    counts = row_counts(office.ctx)
    events = len(audit_trail(office.ctx))

    with pytest.raises(WorkflowError):
        attempt(office, round_.id)

    assert row_counts(office.ctx) == counts
    assert len(audit_trail(office.ctx)) == events
    after = office.round(round_.id)
    assert (after.state, after.version) == (round_.state, round_.version)

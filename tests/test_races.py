"""Two presses of one button at once (issue 11): every state change is a compare-and-set, so of
two units racing for a round exactly one changes it and the other is refused as a double tap.

`tests.races.interleave` makes the race happen the same way every run: the second press runs
whole while the first is between reading the round and writing it.
"""

from __future__ import annotations

from sqlalchemy import func, select

from bot import texts
from bot.emulator.samples import pdf
from bot.errors import InvalidInput, Stale
from bot.limits import MAX_BUKTI_PER_BIDANG
from bot.sop import Role, StepNo
from bot.states import RoundState
from bot.workflow import approvals, bukti, verification
from storage.models import Approval, BuktiDukung, Outbox
from tests.conftest import DAFDUK, KASUBAG, OPERATOR, SEKRETARIS, Office, approvals_of, enrol
from tests.people import KABID_DAFDUK
from tests.races import interleave

SECOND_KABID = 777_001


def test_two_presses_of_one_paraf_at_once_give_one_approval_and_one_card(
    office: Office,
) -> None:
    round_ = office.walk(at_step=7)

    def press(ctx):  # the same card, the same version, pressed twice
        return approvals.approve(
            ctx, actor=KASUBAG, round_id=round_.id, expected_version=round_.version
        )

    raced = interleave(office.ctx, "rounds", press, press)

    outcomes = [raced.first, raced.second]
    assert sum(isinstance(o, approvals.Approved) for o in outcomes) == 1, outcomes
    (refusal,) = [o for o in outcomes if isinstance(o, Stale)]
    assert refusal.message.startswith("Data ini sudah diparaf oleh Budi")
    assert raced.held_off == (office.ctx.settings.database_url.startswith("sqlite"))
    parafs = [a for a in approvals_of(office.ctx, round_.id) if a.step == StepNo.PARAF_KASUBAG]
    assert [a.action for a in parafs] == ["paraf"]
    assert office.round(round_.id).state == RoundState.PARAF_SEKRETARIS
    with office.ctx.read() as session:
        cards = session.scalars(
            select(Outbox).where(Outbox.chat_id == SEKRETARIS, Outbox.text.contains("langkah 8"))
        ).all()
    assert len(cards) == 1


def test_two_operators_verifying_one_bidang_at_once_verify_it_once(office: Office) -> None:
    round_ = office.walk(at_step=5)
    dafduk = office.submission(round_.id, DAFDUK)

    def press(ctx):
        return verification.verify(
            ctx, actor=OPERATOR, submission_id=dafduk.id, expected_version=dafduk.version
        )

    raced = interleave(office.ctx, "submissions", press, press)

    outcomes = [raced.first, raced.second]
    assert sum(not isinstance(o, Exception) for o in outcomes) == 1, outcomes
    (refusal,) = [o for o in outcomes if isinstance(o, Stale)]
    assert "sudah diverifikasi" in refusal.message
    with office.ctx.read() as session:
        verified = session.scalars(
            select(Approval).where(
                Approval.step == StepNo.VERIFIKASI, Approval.bidang_id == dafduk.bidang_id
            )
        ).all()
    assert len(verified) == 1


def test_two_kabid_of_one_bidang_sending_the_twentieth_file_at_once_keep_twenty(
    office: Office,
) -> None:
    """Two Kabid of one bidang (a Plt. beside the Kabid, say) each send a file when 19 are
    kept: the bidang's data is held while one is counted and stored, so the other is refused
    at the limit instead of making 21."""
    enrol(office.ctx, SECOND_KABID, "Tono", Role.KABID, DAFDUK)
    round_ = office.walk(at_step=4)
    submission = office.submission(round_.id, DAFDUK)
    first, second = office.items(submission)[:2]
    for n in range(MAX_BUKTI_PER_BIDANG - 1):
        office.attach(KABID_DAFDUK, submission, first.indicator_id, pdf(f"laporan {n}"))

    def send(kabid: int):
        def attached(ctx):
            return bukti.attach(
                ctx,
                actor=kabid,
                submission_id=submission.id,
                indicator_id=second.indicator_id,
                content=pdf(f"dari {kabid}"),
                filename="bukti.pdf",
                fallback="foto",
            )

        return attached

    raced = interleave(office.ctx, "bukti_dukung", send(KABID_DAFDUK), send(SECOND_KABID))

    assert isinstance(raced.first, bukti.Attached), raced.first
    assert isinstance(raced.second, InvalidInput), raced.second
    assert raced.second.message == texts.bukti_penuh(MAX_BUKTI_PER_BIDANG)
    assert raced.held_off, "the second waited for the bidang's data, on either database"
    with office.ctx.read() as session:
        kept = session.scalar(select(func.count(BuktiDukung.id)))
    assert kept == MAX_BUKTI_PER_BIDANG

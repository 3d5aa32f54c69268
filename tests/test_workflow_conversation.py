"""What a typed text answers is decided in the core: a question stands only while its card does."""

from __future__ import annotations

from bot.workflow import approvals, conversation, rounds
from bot.workflow.conversation import Dropped, Expect, Pending
from storage import queries
from tests.conftest import KASUBAG, OPERATOR, Office


def test_a_target_asked_stands_while_the_draft_does_and_is_dropped_once_it_is_sent(
    office: Office,
) -> None:
    round_ = office.walk(at_step=1)
    with office.ctx.read() as session:
        indicator_id = queries.round_indicators(session, round_.id)[0].indicator_id
    asked = {"round_id": round_.id, "indicator_id": indicator_id}
    conversation.expect(office.ctx, OPERATOR, Expect.TARGET, **asked)
    assert conversation.awaited(office.ctx, OPERATOR) == Pending(Expect.TARGET, asked)
    assert conversation.awaited(office.ctx, OPERATOR) == Pending(Expect.TARGET, asked)

    office.press(rounds.submit_draft, OPERATOR, round_.id)

    dropped = conversation.awaited(office.ctx, OPERATOR)
    assert isinstance(dropped, Dropped)
    assert dropped.message.startswith(
        "Pesan Anda tidak diproses: permintaan target sudah tidak berlaku. "
        "Putaran Triwulan II 2026 sekarang di langkah 2"
    )
    assert conversation.awaited(office.ctx, OPERATOR) is None, "told once"


def test_a_reason_for_a_paraf_already_given_is_dropped(office: Office) -> None:
    round_ = office.walk(at_step=7)
    conversation.expect(
        office.ctx, KASUBAG, Expect.ALASAN_PUTARAN, round_id=round_.id, version=round_.version
    )
    office.press(approvals.approve, KASUBAG, round_.id)

    dropped = conversation.awaited(office.ctx, KASUBAG)
    assert isinstance(dropped, Dropped)
    assert (
        "permintaan alasan pengembalian sudah tidak berlaku. Data ini sudah diparaf oleh Budi"
        in (dropped.message)
    )
    assert conversation.expected(office.ctx, KASUBAG) is None

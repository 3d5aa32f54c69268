"""Access before answer: a press is checked first and answered once (issue 9, item 5).

Telegram takes one answer per press (a second is refused as "query is too old"), so a press
answered before its check and refused after it became an apology and a traceback. A stranger,
an acting official (Plt.) whose term is over and a round id that does not exist all get the same
one refusal, so a press tells nobody which rounds exist.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from telegram import Update
from telegram.ext import CallbackQueryHandler

from bot import texts
from bot.callbacks import Act, encode
from bot.emulator.model import QUERY_INVALID
from bot.emulator.world import BotApiWorld
from bot.errors import InvalidInput
from bot.sop import Role
from bot.workflow import conversation, registration, rounds, verification
from bot.workflow.conversation import Expect
from handlers import BUTTONS
from handlers.common import Context, answered, guarded
from storage import queries
from tests.chatkit import Chat
from tests.conftest import Office
from tests.people import (
    CAPIL,
    DAFDUK,
    KABID_CAPIL,
    KASUBAG,
    OPERATOR,
    SEKRETARIS,
    STRANGER,
)

PLT = 3002
"""An acting Kasubag PKA (Plt.) whose term ended yesterday."""

IDS = {
    Act.LIHAT_DRAFT: 1,
    Act.MULAI_ISI: 1,
    Act.UBAH_PILIH: 1,
    Act.VERIFIKASI_BIDANG: 1,
    Act.UNDUH: 1,
    Act.PILIH_KEMBALI: 3,
    Act.SILAKIP_BIDANG: 3,
    Act.SILAKIP_SEMUA: 1,
}
"""How many ids a button carries, where it is not the usual two (id and version)."""

GONE = 99999
"""A round (or bidang data) id that does not exist."""


@pytest.fixture
def watched(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO)
    return caplog


def no_traceback(log: pytest.LogCaptureFixture) -> None:
    """Nothing went wrong behind the person's back: no error logged, no traceback."""
    assert [r.getMessage() for r in log.records if r.levelno >= logging.ERROR or r.exc_info] == []


ROLE_ENDED = texts.tidak_lagi_memegang("Kasubag PKA")


async def expired_plt(office: Office, chat: Chat) -> None:
    """A Plt. Kasubag registered while in office, whose grant has ended since."""
    chat.world.person(PLT, "Hendra")
    invite = registration.create_invite(
        office.ctx,
        actor=None,
        role=Role.KASUBAG,
        valid_to=office.clock.now() + timedelta(days=1),
    )
    await chat.text(PLT, f"/start {invite.code}")
    office.clock.advance(days=2)


async def press(chat: Chat, who: int, data: str) -> str:
    """Press `data` on the newest message in `who`'s chat; the one answer it got, and nothing
    new in the chat."""
    before = len(chat.texts(who))
    answers = len(chat.world.callback_answers)
    await chat.press_data(who, chat.world.chats[who][-1].message_id, data)
    assert len(chat.world.callback_answers) == answers + 1
    assert len(chat.texts(who)) == before, chat.texts(who)[before:]
    return chat.alert()


async def test_unduh_refuses_a_stranger_an_expired_plt_another_bidang_and_a_missing_round_alike(
    office: Office, chat: Chat, watched: pytest.LogCaptureFixture
) -> None:
    round_ = office.walk(at_step=1)
    capil = office.bidang_id(CAPIL)
    with office.ctx.read() as session:
        left_out = [
            item.indicator_id
            for item in queries.round_indicators(session, round_.id)
            if item.indicator.bidang_id == capil
        ]
    for indicator_id in left_out:
        rounds.set_measured(
            office.ctx, actor=OPERATOR, round_id=round_.id, indicator_id=indicator_id, diukur=False
        )
    await expired_plt(office, chat)
    await chat.text(STRANGER, "/start")
    for who in (OPERATOR, KABID_CAPIL):
        await chat.text(who, "/status")
    real, missing = encode(Act.UNDUH, round_.id), encode(Act.UNDUH, GONE)

    refusals = {
        (who, data): await press(chat, who, data)
        for who in (STRANGER, PLT, KABID_CAPIL, OPERATOR)
        for data in (real, missing)
        if (who, data) != (OPERATOR, real)
    }

    ended = {key: text for key, text in refusals.items() if key[0] == PLT}
    others = {key: text for key, text in refusals.items() if key[0] != PLT}
    assert set(others.values()) == {texts.TOMBOL_TIDAK_DIKENAL}, others
    assert set(ended.values()) == {ROLE_ENDED}, ended
    no_traceback(watched)


async def test_unduh_answers_once_then_sends_the_workbook(
    office: Office, chat: Chat, watched: pytest.LogCaptureFixture
) -> None:
    round_ = office.walk(at_step=4)
    await chat.text(OPERATOR, "/status")
    card = chat.last(OPERATOR)
    await chat.press_data(OPERATOR, card.message_id, encode(Act.UNDUH, round_.id))
    assert chat.world.last_answer() == {
        "id": chat.world.callback_answers[-1]["id"],
        "text": "",
        "show_alert": False,
    }
    assert chat.last(OPERATOR).document is not None
    assert chat.last(OPERATOR).document[0] == "data-kinerja-tw2-2026-DRAFT.xlsx"
    no_traceback(watched)


@pytest.mark.parametrize("act", list(BUTTONS), ids=lambda act: act.name)
async def test_no_button_acts_for_a_stranger_or_an_expired_plt(
    office: Office, chat: Chat, watched: pytest.LogCaptureFixture, act: Act
) -> None:
    """Every button, checked before it is answered: one answer, no trace, the same refusal
    whatever round it names; a stranger learns nothing, a former holder that their role ended."""
    round_ = office.walk(at_step=7)
    await expired_plt(office, chat)
    await chat.text(STRANGER, "/start")
    for who, refusal in ((STRANGER, texts.TOMBOL_TIDAK_DIKENAL), (PLT, ROLE_ENDED)):
        for first in (round_.id, GONE):
            data = encode(act, *[first, round_.version, 1][: IDS.get(act, 2)])
            assert await press(chat, who, data) == refusal, (who, data)
    assert conversation.expected(office.ctx, PLT) is None
    no_traceback(watched)


async def test_a_refusal_after_the_answer_is_sent_to_the_chat_not_answered_twice(
    office: Office, chat: Chat, watched: pytest.LogCaptureFixture
) -> None:
    """Should a check ever come after the answer, the refusal still reaches the person once."""

    @guarded
    async def late_check(update: Update, context: Context) -> None:
        await answered(update)
        raise InvalidInput("Data itu baru saja berubah.")

    chat.application.handlers[0].insert(0, CallbackQueryHandler(late_check, pattern="^late$"))
    await chat.text(OPERATOR, "/status")
    answers = len(chat.world.callback_answers)
    await chat.press_data(OPERATOR, chat.last(OPERATOR).message_id, "late")
    assert len(chat.world.callback_answers) == answers + 1
    assert chat.last(OPERATOR).text == "Data itu baru saja berubah."
    no_traceback(watched)


async def test_kembalikan_on_an_approved_draft_is_refused_before_a_reason_is_asked(
    office: Office, chat: Chat, watched: pytest.LogCaptureFixture
) -> None:
    office.walk(at_step=2)
    await chat.deliver()
    card = chat.last(KASUBAG)
    kembalikan = card.buttons[0][1]["data"]
    await chat.press(KASUBAG, "Benar")

    alert = await press(chat, KASUBAG, kembalikan)

    assert alert.startswith("Data ini sudah dinyatakan benar oleh Budi")
    assert conversation.expected(office.ctx, KASUBAG) is None
    no_traceback(watched)


async def test_kembalikan_on_an_initialled_round_is_refused_before_a_reason_is_asked(
    office: Office, chat: Chat, watched: pytest.LogCaptureFixture
) -> None:
    office.walk(at_step=7)
    await chat.deliver()
    card = chat.last(KASUBAG)
    kembalikan = card.buttons[0][1]["data"]
    await chat.press(KASUBAG, "Paraf")

    alert = await press(chat, KASUBAG, kembalikan)

    assert alert.startswith("Data ini sudah diparaf oleh Budi")
    assert conversation.expected(office.ctx, KASUBAG) is None
    await chat.deliver()
    assert chat.last(SEKRETARIS).labels() == ["✍️ Paraf", "↩️ Kembalikan", "Unduh"]
    no_traceback(watched)


async def test_lanjut_on_a_bidang_verified_meanwhile_is_refused_before_a_reason_is_asked(
    office: Office, chat: Chat, watched: pytest.LogCaptureFixture
) -> None:
    round_ = office.walk(at_step=5)
    await chat.text(OPERATOR, "/verifikasi")
    await chat.press(OPERATOR, texts.bidang_putaran(DAFDUK, 2026, 2))
    await chat.press(OPERATOR, "Kembalikan")
    lanjut = chat.last(OPERATOR).buttons[-1][0]["data"]
    sent = office.submission(round_.id, DAFDUK)
    verification.verify(
        office.ctx, actor=OPERATOR, submission_id=sent.id, expected_version=sent.version
    )

    alert = await press(chat, OPERATOR, lanjut)

    assert alert.startswith("Data ini sudah diverifikasi oleh Andi")
    pending = conversation.expected(office.ctx, OPERATOR)
    assert pending is not None and pending.kind == Expect.PILIH_KEMBALI
    no_traceback(watched)


async def test_ubah_target_after_the_draft_went_to_the_kasubag_is_refused_before_asking(
    office: Office, chat: Chat, watched: pytest.LogCaptureFixture
) -> None:
    round_ = office.walk(at_step=2)
    with office.ctx.read() as session:
        indicator_id = queries.round_indicators(session, round_.id)[0].indicator_id
    await chat.text(OPERATOR, "/status")

    alert = await press(chat, OPERATOR, encode(Act.UBAH_TARGET, round_.id, indicator_id))

    assert alert.startswith("Putaran Triwulan II 2026 sekarang di langkah 2")
    assert conversation.expected(office.ctx, OPERATOR) is None
    no_traceback(watched)


def test_the_emulated_telegram_takes_one_answer_per_press() -> None:
    """As Telegram does; without it, a press answered twice would pass unnoticed in tests."""
    world = BotApiWorld()
    world.person(OPERATOR, "Andi")
    sent = world.call("sendMessage", {"chat_id": OPERATOR, "text": "Kartu"}, {})[1]["result"]
    query = world.press_data(OPERATOR, sent["message_id"], "zz")["callback_query"]["id"]

    assert world.call("answerCallbackQuery", {"callback_query_id": query}, {})[0] == 200
    status, body = world.call("answerCallbackQuery", {"callback_query_id": query}, {})
    assert (status, body["description"]) == (400, QUERY_INVALID.description)
    status, _ = world.call("answerCallbackQuery", {"callback_query_id": "1001:999"}, {})
    assert status == 400

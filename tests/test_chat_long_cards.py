"""A bidang of 60 indicators: its cards exceed one Telegram message, and still read whole.

A card over 4,096 characters goes in parts with its buttons on the last part; the press that
decides it edits that last part. What the person read above stays, and the line saying what
happened ("Terkirim pukul …", "Terverifikasi oleh …") ends the card instead of being cut off.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.clock import FixedClock
from bot.formatting import MAX_MESSAGE
from bot.sop import Role
from bot.workflow import master
from bot.workflow.context import Ctx
from tests.chatfixtures import open_chat
from tests.chatkit import Chat
from tests.conftest import DAFDUK, KABID_DAFDUK, KASUBAG, OPERATOR, Office, enrol, indicator

NAMES = [
    f"Persentase dokumen kependudukan jenis ke-{n} yang diterbitkan tepat waktu sesuai standar"
    for n in range(1, 61)
]


@pytest.fixture
def long_office(ctx: Ctx, clock: FixedClock) -> Office:
    """One bidang with 60 indicators, its Kabid, and the people of steps 1–5."""
    master.load_indicators(ctx, [indicator(DAFDUK, nama) for nama in NAMES], 2026)
    enrol(ctx, OPERATOR, "Andi", Role.OPERATOR)
    enrol(ctx, KASUBAG, "Budi", Role.KASUBAG)
    enrol(ctx, KABID_DAFDUK, "Sari", Role.KABID, DAFDUK)
    return Office(ctx, clock)


@pytest.fixture
async def long_chat(long_office: Office) -> AsyncIterator[Chat]:
    opened, application = await open_chat(long_office.ctx)
    yield opened
    await application.shutdown()  # type: ignore[attr-defined]


def since(chat: Chat, user_id: int, first: int) -> list[str]:
    """The texts of the bot's messages from message id `first` on, edits applied."""
    return [m.text for m in chat.messages(user_id) if m.message_id >= first]


def each_line_once(texts: list[str]) -> None:
    """Every indicator of the bidang is on screen exactly once: nothing cut, nothing doubled."""
    lines = "\n".join(texts).split("\n")
    for nomor, nama in enumerate(NAMES, start=1):
        shown = [line for line in lines if line.startswith(f"{nomor}. {nama} —")]
        assert len(shown) == 1, (nomor, shown)


def filled_and_summarised(office: Office) -> int:
    round_ = office.walk(at_step=4)
    submission = office.submission(round_.id, DAFDUK)
    for item in office.items(submission):
        office.type_value(KABID_DAFDUK, submission, item.indicator_id, "95")
    return round_.id


async def test_kirim_on_a_long_summary_keeps_every_line_and_says_terkirim(
    long_office: Office, long_chat: Chat
) -> None:
    filled_and_summarised(long_office)
    await long_chat.text(KABID_DAFDUK, "/isi")
    summary = long_chat.messages(KABID_DAFDUK)[-2:]
    assert summary[0].text.startswith("Ringkasan — ") and summary[0].labels() == []
    assert summary[1].labels() == ["✏️ Ubah", "📨 Kirim"], "the buttons ride on the last part"

    await long_chat.press(KABID_DAFDUK, "Kirim")

    shown = since(long_chat, KABID_DAFDUK, summary[0].message_id)
    assert all(len(text) <= MAX_MESSAGE for text in shown)
    each_line_once(shown)
    last = long_chat.last(KABID_DAFDUK)
    assert last.text.endswith(". Operator akan memverifikasi.")
    assert "Terkirim pukul" in last.text and last.labels() == []


async def test_terverifikasi_on_a_long_card_keeps_every_line_and_names_who(
    long_office: Office, long_chat: Chat
) -> None:
    filled_and_summarised(long_office)
    await long_chat.text(KABID_DAFDUK, "/isi")
    await long_chat.press(KABID_DAFDUK, "Kirim")
    await long_chat.deliver()
    card = long_chat.messages(OPERATOR)
    first = next(m for m in card if "dikirim" in m.text.split("\n")[0]).message_id
    assert long_chat.last(OPERATOR).labels() == ["✅ Terverifikasi", "↩️ Kembalikan"]

    await long_chat.press(OPERATOR, "Terverifikasi")

    shown = since(long_chat, OPERATOR, first)
    assert all(len(text) <= MAX_MESSAGE for text in shown)
    each_line_once(shown)
    last = long_chat.last(OPERATOR)
    assert "✅ Terverifikasi oleh Andi pada" in last.text and last.labels() == []


def test_the_emulated_telegram_refuses_an_edit_over_the_limit_as_telegram_does(
    long_chat: Chat,
) -> None:
    world = long_chat.world
    _, sent = world.call("sendMessage", {"chat_id": OPERATOR, "text": "kartu"}, {})
    message_id = sent["result"]["message_id"]
    status, body = world.call(
        "editMessageText",
        {"chat_id": OPERATOR, "message_id": message_id, "text": "x" * (MAX_MESSAGE + 1)},
        {},
    )
    assert (status, body["description"]) == (400, "Bad Request: MESSAGE_TOO_LONG")
    assert long_chat.last(OPERATOR).text == "kartu"

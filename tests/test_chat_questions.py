"""A question the bot asked dies with its card: once the card moved on by another path, the
next text is not refused again and again until /batal; the person is told once, and later
texts are read afresh."""

from __future__ import annotations

from decimal import Decimal

from bot.states import RoundState, SubmissionState
from bot.workflow import conversation
from tests.chatkit import Chat
from tests.conftest import KTP, Office, approvals_of
from tests.people import DAFDUK, KABID_DAFDUK, KASUBAG, OPERATOR

DROPPED = "Pesan Anda tidak diproses: "
NOT_UNDERSTOOD = "Maaf, pesan ini belum bisa saya proses."


async def test_a_reason_asked_before_benar_was_pressed_is_dropped_once(
    office: Office, chat: Chat
) -> None:
    round_ = office.walk(at_step=2)
    await chat.deliver()
    await chat.press(KASUBAG, "Kembalikan")
    assert chat.last(KASUBAG).text == "Tuliskan alasan pengembalian:"
    await chat.press(KASUBAG, "Benar")
    assert office.round(round_.id).state == RoundState.DISTRIBUSI

    await chat.text(KASUBAG, "Target TW II KTP-el seharusnya 95")
    told = chat.last(KASUBAG).text
    assert told.startswith(DROPPED + "permintaan alasan pengembalian sudah tidak berlaku. ")
    assert "Data ini sudah dinyatakan benar oleh Budi pada" in told
    await chat.text(KASUBAG, "ok")
    assert chat.last(KASUBAG).text.startswith(NOT_UNDERSTOOD), "later texts are read afresh"
    assert conversation.expected(office.ctx, KASUBAG) is None
    assert [a.action for a in approvals_of(office.ctx, round_.id)] == ["benar"]


async def test_a_reason_for_a_bidang_verified_meanwhile_is_dropped_once(
    office: Office, chat: Chat
) -> None:
    round_ = office.walk(at_step=5)
    await chat.deliver()
    card = next(m for m in reversed(chat.messages(OPERATOR)) if DAFDUK in m.text and m.buttons)
    await chat.process(chat.world.press(OPERATOR, "Kembalikan", card.message_id))
    await chat.press(OPERATOR, "Lanjut")
    await chat.process(chat.world.press(OPERATOR, "Terverifikasi", card.message_id))
    assert office.submission(round_.id, DAFDUK).state == SubmissionState.TERVERIFIKASI

    await chat.text(OPERATOR, "Nilai KTP-el mohon dicek ulang")
    told = chat.last(OPERATOR).text
    assert told.startswith(DROPPED + "permintaan alasan pengembalian sudah tidak berlaku. ")
    assert "Data ini sudah diverifikasi oleh Andi pada" in told
    await chat.text(OPERATOR, "Nilai KTP-el mohon dicek ulang")
    assert chat.last(OPERATOR).text.startswith(NOT_UNDERSTOOD)
    assert office.submission(round_.id, DAFDUK).state == SubmissionState.TERVERIFIKASI


async def test_a_value_asked_for_data_sent_meanwhile_is_dropped_once(
    office: Office, chat: Chat
) -> None:
    round_ = office.walk(at_step=4)
    await chat.text(KABID_DAFDUK, "/isi")
    office.fill_all(round_.id, DAFDUK, KABID_DAFDUK, "96")

    await chat.text(KABID_DAFDUK, "94,2")
    assert chat.last(KABID_DAFDUK).text == (
        DROPPED + "pengisian nilai realisasi sudah tidak berlaku. Data Bidang Pelayanan "
        "Pendaftaran Penduduk tidak dapat diubah sekarang: statusnya dikirim, menunggu "
        "verifikasi."
    )
    await chat.text(KABID_DAFDUK, "94,2")
    assert chat.last(KABID_DAFDUK).text.startswith(NOT_UNDERSTOOD)
    values = {i.nama: i.value for i in office.items(office.submission(round_.id, DAFDUK))}
    assert values[KTP] == Decimal("96")

"""Step 11 in chat (issue 14): one button per bidang on the card that brought the SILAKIP
export, ticked in place, eight a page, Semua for the rest; another operator's press and a
Kabid's are answered for what they are."""

from __future__ import annotations

from bot.sop import Role
from bot.states import RoundState
from tests.chatkit import Chat
from tests.conftest import Office, enrol, widened
from tests.people import (
    CAPIL,
    DAFDUK,
    KABID_DAFDUK,
    OPERATOR,
    SEKRETARIAT,
)

OPERATOR_2 = 9_101


async def silakip_card(chat: Chat, office: Office, operator: int = OPERATOR):
    """The round at step 11, its card delivered to `operator`."""
    round_ = office.walk(at_step=11)
    await chat.deliver()
    card = chat.last(operator)
    assert card.text.startswith("Langkah 11"), card.text
    return round_, card


async def test_operator_ticks_bidang_one_by_one_on_the_card_itself_then_semua(
    office: Office, chat: Chat
) -> None:
    round_, card = await silakip_card(chat, office)
    before = chat.messages(OPERATOR)
    assert before[-2].document is not None and before[-2].document[0] == "silakip-tw2-2026.xlsx"
    assert card.labels() == [SEKRETARIAT, DAFDUK, CAPIL, "Semua"]

    await chat.press(OPERATOR, DAFDUK)

    assert len(chat.messages(OPERATOR)) == len(before), "the card is edited, nothing new sent"
    assert card.labels() == [SEKRETARIAT, f"✅ {DAFDUK}", CAPIL, "Semua"]
    assert "SILAKIP: 1 dari 3 bidang." in card.text and f"✅ {DAFDUK} — Andi" in card.text
    assert office.round(round_.id).state == RoundState.SILAKIP

    await chat.press(OPERATOR, SEKRETARIAT)
    assert card.labels() == [f"✅ {SEKRETARIAT}", f"✅ {DAFDUK}", CAPIL, "Semua"]
    await chat.press(OPERATOR, "Semua")

    assert office.round(round_.id).state == RoundState.SELESAI
    assert card.labels() == []
    assert "SILAKIP: 3 dari 3 bidang." in card.text
    assert card.text.splitlines()[-1].startswith("✅ Sudah diinput ke SILAKIP oleh Andi pada")
    assert len(chat.messages(OPERATOR)) == len(before)


async def test_another_operators_press_is_told_who_ticked_and_their_copy_follows(
    office: Office, chat: Chat
) -> None:
    chat.world.person(OPERATOR_2, "Gita")
    enrol(office.ctx, OPERATOR_2, "Gita", Role.OPERATOR)
    round_, andi_card = await silakip_card(chat, office)
    gita_card = chat.last(OPERATOR_2)
    assert gita_card.labels() == andi_card.labels()

    await chat.press(OPERATOR, DAFDUK)
    await chat.press(OPERATOR_2, DAFDUK)

    assert chat.alert().startswith(f"{DAFDUK} sudah dicatat diinput ke SILAKIP oleh Andi pada")
    assert gita_card.labels() == [SEKRETARIAT, DAFDUK, CAPIL, "Semua"], "a refusal edits nothing"
    await chat.press(OPERATOR_2, CAPIL)
    assert gita_card.labels() == [SEKRETARIAT, f"✅ {DAFDUK}", f"✅ {CAPIL}", "Semua"]
    assert "✅ Bidang Pelayanan Pencatatan Sipil — Gita" in gita_card.text

    chat.world.chats[KABID_DAFDUK].append(andi_card)  # a forwarded card, or forged data
    await chat.press_data(KABID_DAFDUK, andi_card.message_id, andi_card.buttons[0][0]["data"])
    assert chat.alert() == "Maaf, tindakan ini hanya untuk Operator Subbag Perencanaan."

    await chat.press(OPERATOR, "Semua")
    await chat.deliver()
    assert office.round(round_.id).state == RoundState.SELESAI
    assert gita_card.labels() == [] and "✅ Sudah diinput ke SILAKIP oleh Andi" in gita_card.text
    assert chat.seen(OPERATOR_2, "Putaran selesai")
    await chat.press_data(OPERATOR_2, gita_card.message_id, f"sc:{round_.id}:1:0")
    assert chat.alert().startswith("Data ini sudah dicatat sudah diinput ke SILAKIP oleh Andi")


async def test_the_page_buttons_move_through_the_checklist_on_the_same_card(
    office: Office, chat: Chat
) -> None:
    office = widened(office, 7)
    for nama, telegram_id in office.kabids[3:]:
        chat.world.person(telegram_id, f"Kabid {nama}")
    _, card = await silakip_card(chat, office)
    first_page = card.labels()
    assert len(first_page) == 10 and first_page[-2:] == ["➡️ Berikutnya", "Semua"]
    assert "Halaman 1 dari 2." in card.text

    await chat.press(OPERATOR, "Berikutnya")
    assert card.labels() == [
        "Bidang Tambahan 06",
        "Bidang Tambahan 07",
        "⬅️ Sebelumnya",
        "Semua",
    ]
    await chat.press(OPERATOR, "Bidang Tambahan 07")
    assert card.labels()[1] == "✅ Bidang Tambahan 07", "the tick keeps the page"
    assert "Halaman 2 dari 2." in card.text and "SILAKIP: 1 dari 10 bidang." in card.text
    await chat.press(OPERATOR, "Sebelumnya")
    assert card.labels() == first_page

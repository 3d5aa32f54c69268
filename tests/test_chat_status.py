"""/status, /bantuan and /batal as each role sees them."""

from __future__ import annotations

from datetime import datetime

from tests.chatkit import Chat
from tests.conftest import WIB, Office
from tests.people import DAFDUK, KABID_CAPIL, KABID_DAFDUK, OPERATOR, PERENCANA


async def test_status_shows_deadlines_lateness_and_each_bidang(office: Office, chat: Chat) -> None:
    round_ = office.walk(at_step=4)
    office.fill_all(round_.id, DAFDUK, KABID_DAFDUK)
    office.clock.set(datetime(2026, 7, 6, 10, 0, tzinfo=WIB))
    await chat.text(OPERATOR, "/status")
    text = chat.last(OPERATOR).text
    assert text.startswith("Triwulan II 2026 — langkah 4–5 (pengisian & verifikasi)")
    assert "📨 Bidang Pelayanan Pendaftaran Penduduk — dikirim Rabu 1 Juli" in text
    assert "menunggu verifikasi · ⏰ terlambat" in text
    assert (
        "🟡 Bidang Pelayanan Pencatatan Sipil — belum diisi · ⏰ terlambat 2 jam 15 menit kerja"
        in text
    )

    await chat.text(KABID_CAPIL, "/status")
    own = chat.last(KABID_CAPIL).text
    assert (
        "Pencatatan Sipil" in own and "Pendaftaran Penduduk" not in own and "Sekretariat" not in own
    )


async def test_status_without_rounds_and_help_per_role(office: Office, chat: Chat) -> None:
    await chat.text(PERENCANA, "/status")
    assert chat.last(PERENCANA).text == "Belum ada putaran pengumpulan data yang terbuka."
    await chat.text(PERENCANA, "/bantuan")
    help_text = chat.last(PERENCANA).text
    assert "/unduh" in help_text and "/putaran" not in help_text and "/isi" not in help_text
    await chat.text(OPERATOR, "/bantuan")
    assert "/putaran" in chat.last(OPERATOR).text and "/undang" in chat.last(OPERATOR).text


async def test_batal_leaves_the_conversation_and_keeps_the_answers(
    office: Office, chat: Chat
) -> None:
    office.walk(at_step=4)
    await chat.text(KABID_DAFDUK, "/isi")
    await chat.text(KABID_DAFDUK, "95")
    await chat.text(KABID_DAFDUK, "/batal")
    assert chat.last(KABID_DAFDUK).text.startswith("Baik, dibatalkan.")
    await chat.text(KABID_DAFDUK, "7")
    assert chat.last(KABID_DAFDUK).text.startswith("Maaf, pesan ini belum bisa saya proses.")
    await chat.text(KABID_DAFDUK, "/isi")
    assert chat.last(KABID_DAFDUK).text.startswith("2/3 ·")


async def test_an_edited_message_changes_nothing_and_a_sticker_is_answered(
    office: Office, chat: Chat
) -> None:
    round_ = office.walk(at_step=4)
    await chat.text(KABID_DAFDUK, "/isi")
    sent = chat.world.send_text(KABID_DAFDUK, "95")
    await chat.process(sent)
    before = len(chat.texts(KABID_DAFDUK))
    edited = dict(sent["message"], text="50", edit_date=1_780_000_100)
    await chat.process({"update_id": sent["update_id"] + 1000, "edited_message": edited})
    assert len(chat.texts(KABID_DAFDUK)) == before + 1
    assert chat.last(KABID_DAFDUK).text.startswith("Pesan yang diubah tidak diproses")
    with office.ctx.read() as session:
        from bot.workflow.views import fill_items

        items = fill_items(session, office.ctx, office.submission(round_.id, DAFDUK))
    assert [str(i.value) for i in items[:2]] == ["95", "None"]

    # A photo is a bukti dukung now (issue 14; tests/test_chat_bukti.py); a sticker is not.
    sticker = dict(sent["message"], message_id=sent["message"]["message_id"] + 500)
    del sticker["text"]
    sticker["sticker"] = {
        "file_id": "s1",
        "file_unique_id": "us1",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
    }
    await chat.process({"update_id": sent["update_id"] + 2000, "message": sticker})
    assert chat.last(KABID_DAFDUK).text.startswith("Maaf, bot hanya dapat membaca pesan teks")


async def test_commands_in_a_group_are_not_answered(office: Office, chat: Chat) -> None:
    """A card in a group would show one bidang's data to everyone there."""
    office.walk(at_step=4)
    sent = chat.world.send_text(OPERATOR, "/status")
    sent["message"]["chat"] = {"id": -100123, "type": "group", "title": "Kantor"}
    before = len(chat.world.calls)
    await chat.process(sent)
    assert [c for c in chat.world.calls[before:] if c.startswith("send")] == []

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

"""Registration in chat: invites good, reused, expired and unknown; strangers see nothing."""

from __future__ import annotations

from bot.sop import Role
from bot.workflow import master, registration
from tests.chatkit import Chat
from tests.conftest import KABID_DAFDUK, SMALL_MASTER
from tests.people import STRANGER


async def test_stranger_gets_the_introduction_and_nothing_else(bare_chat: Chat) -> None:
    await bare_chat.text(STRANGER, "/start")
    await bare_chat.text(STRANGER, "halo")
    await bare_chat.text(STRANGER, "/status")
    texts = bare_chat.texts(STRANGER)
    assert len(texts) == 3
    assert all("tautan undangan dari operator" in t for t in texts)
    assert "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Musi Rawas" in texts[0]


async def test_invite_binds_the_kabid_and_sets_their_menu(bare_chat: Chat) -> None:
    ctx = bare_chat.application.bot_data["ctx"]
    master.load_indicators(ctx, SMALL_MASTER, 2026)
    invite = registration.create_invite(
        ctx, actor=None, role=Role.KABID, bidang="Bidang Pelayanan Pendaftaran Penduduk"
    )
    await bare_chat.text(KABID_DAFDUK, f"/start {invite.code}")
    welcome = bare_chat.last(KABID_DAFDUK).text
    assert "Selamat datang, Sari" in welcome
    assert "Kepala Bidang Pelayanan Pendaftaran Penduduk" in welcome
    assert "/isi" in welcome
    menu = bare_chat.world.commands[f"chat:{KABID_DAFDUK}"]
    assert [c["command"] for c in menu][:3] == ["isi", "unduh", "status"]

    await bare_chat.text(STRANGER, f"/start {invite.code}")
    assert "tidak berlaku" in bare_chat.last(STRANGER).text


async def test_expired_and_unknown_codes_are_refused(bare_chat: Chat) -> None:
    ctx = bare_chat.application.bot_data["ctx"]
    invite = registration.create_invite(ctx, actor=None, role=Role.PERENCANA)
    ctx.clock.advance(hours=ctx.settings.masa_undangan_jam, minutes=1)
    await bare_chat.text(STRANGER, f"/start {invite.code}")
    await bare_chat.text(STRANGER, "/start kodengawur")
    assert [t.startswith("Kode undangan ini tidak berlaku") for t in bare_chat.texts(STRANGER)] == [
        True,
        True,
    ]
    assert registration.list_users(ctx) == []


async def test_the_sekretariat_filler_is_not_called_kepala(bare_chat: Chat) -> None:
    ctx = bare_chat.application.bot_data["ctx"]
    master.load_indicators(ctx, SMALL_MASTER, 2026)
    invite = registration.create_invite(ctx, actor=None, role=Role.KABID, bidang="Sekretariat")
    await bare_chat.text(STRANGER, f"/start {invite.code}")
    welcome = bare_chat.last(STRANGER).text
    assert "terdaftar sebagai pengisi data kinerja Sekretariat." in welcome
    assert "Kepala Sekretariat" not in welcome

"""Registration in chat: invites good, reused, expired and unknown; strangers see nothing."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from sqlalchemy import select

from bot.sop import Acting, Role
from bot.workflow import master, registration
from storage import queries
from storage.models import Invite, RoleGrant
from tests.chatkit import Chat
from tests.conftest import CAPIL, KABID_DAFDUK, OPERATOR, SEKRETARIS, SMALL_MASTER, WIB
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


# --- Who may grant what, in chat (DESIGN §3) ---


def _code(text: str) -> str:
    found = re.search(r"start=([A-Za-z0-9_-]+)", text)
    assert found is not None, text
    return found.group(1)


def _invite_count(chat: Chat) -> int:
    with chat.application.bot_data["ctx"].read() as session:
        return len(list(session.scalars(select(Invite))))


def _grants(chat: Chat, telegram_id: int) -> list[RoleGrant]:
    with chat.application.bot_data["ctx"].read() as session:
        user = queries.user_by_telegram(session, telegram_id)
        return list(user.grants) if user is not None else []


async def test_operator_invites_a_kabid_until_a_date_and_hears_of_the_grant(chat: Chat) -> None:
    await chat.text(OPERATOR, f"/undang kabid {CAPIL.lower()} SAMPAI 2026-12-31")
    answer = chat.last(OPERATOR).text
    assert answer.startswith(f"Tautan undangan Kepala {CAPIL} (sekali pakai")
    assert "Peran ini berlaku sampai 31 Desember 2026." in answer

    await chat.text(STRANGER, f"/start {_code(answer)}")

    assert "Selamat datang, Orang Asing" in chat.last(STRANGER).text
    (grant,) = _grants(chat, STRANGER)
    assert grant.valid_to == datetime(2026, 12, 31, 23, 59, 59, 999999, tzinfo=WIB)
    await chat.deliver()
    assert chat.last(OPERATOR).text == (
        f"ℹ️ Orang Asing kini terdaftar sebagai Kepala {CAPIL} sampai 31 Desember 2026."
    )


async def test_operator_invites_a_planner_until_today(chat: Chat) -> None:
    await chat.text(OPERATOR, "/undang perencana sampai 2026-07-01")
    answer = chat.last(OPERATOR).text
    assert "Tautan undangan Perencana" in answer and "sampai 1 Juli 2026." in answer
    await chat.text(STRANGER, f"/start {_code(answer)}")
    (grant,) = _grants(chat, STRANGER)
    assert (grant.role, grant.valid_to) == (
        "perencana",
        datetime(2026, 7, 1, 23, 59, 59, 999999, tzinfo=WIB),
    )


@pytest.mark.parametrize(
    ("command", "answer"),
    [
        ("/undang perencana sampai 2026-13-01", "Tanggal «2026-13-01» pada /undang tidak dapat"),
        ("/undang perencana sampai besok", "Tanggal «besok» pada /undang tidak dapat dibaca"),
        (f"/undang kabid {CAPIL} sampai 31-12-2026", "Tanggal «31-12-2026» pada /undang tidak"),
        ("/undang perencana sampai 2026-06-30", "Tanggal «2026-06-30» pada /undang sudah lewat"),
        ("/undang perencana sampai", "Setelah «sampai» pada /undang tuliskan tanggalnya"),
        ("/undang kabid sampai 2026-12-31", "memerlukan nama bidang"),
    ],
)
async def test_a_bad_date_in_undang_is_refused_and_makes_no_invite(
    chat: Chat, command: str, answer: str
) -> None:
    before = _invite_count(chat)
    await chat.text(OPERATOR, command)
    assert answer in chat.last(OPERATOR).text
    assert _invite_count(chat) == before


@pytest.mark.parametrize("role", ["operator", "kasubag", "sekretaris", "kepala"])
async def test_undang_refuses_approver_and_operator_roles(chat: Chat, role: str) -> None:
    before = _invite_count(chat)
    await chat.text(OPERATOR, f"/undang {role}")
    answer = chat.last(OPERATOR).text
    assert "hanya dapat diberikan oleh administrator melalui baris perintah" in answer
    assert f"kinerja-bot undang --peran {role}" in answer
    assert _invite_count(chat) == before


async def test_undang_without_arguments_shows_the_chat_forms(chat: Chat) -> None:
    await chat.text(OPERATOR, "/undang")
    answer = chat.last(OPERATOR).text
    assert "/undang kabid <nama bidang> [sampai TTTT-BB-HH]" in answer
    assert "/undang perencana [sampai TTTT-BB-HH]" in answer


async def test_the_operator_cannot_open_their_own_invite(chat: Chat) -> None:
    await chat.text(OPERATOR, "/undang perencana")
    code = _code(chat.last(OPERATOR).text)

    await chat.text(OPERATOR, f"/start {code}")

    assert "tidak dapat memakai undangan yang Anda buat sendiri" in chat.last(OPERATOR).text
    assert [g.role for g in _grants(chat, OPERATOR)] == ["operator"]
    await chat.text(STRANGER, f"/start {code}")
    assert "Selamat datang, Orang Asing" in chat.last(STRANGER).text


async def test_a_second_definitive_approver_role_is_refused_in_chat(chat: Chat) -> None:
    ctx = chat.application.bot_data["ctx"]
    invite = registration.create_invite(ctx, actor=None, role=Role.KEPALA)

    await chat.text(SEKRETARIS, f"/start {invite.code}")

    answer = chat.last(SEKRETARIS).text
    assert "Anda sudah memegang peran Sekretaris" in answer and "Plt./Plh." in answer
    assert [g.role for g in _grants(chat, SEKRETARIS)] == ["sekretaris"]


async def test_the_sekretaris_becomes_plh_kepala_by_letter(chat: Chat) -> None:
    ctx = chat.application.bot_data["ctx"]
    invite = registration.create_invite(
        ctx,
        actor=None,
        role=Role.KEPALA,
        acting=Acting.PLH,
        valid_to=datetime(2026, 7, 10, 23, 59, tzinfo=WIB),
        surat="800/45/DUKCAPIL/2026",
        nama="Citra Lestari, S.E., M.M.",
    )

    await chat.text(SEKRETARIS, f"/start {invite.code}")

    assert "Selamat datang, Citra" in chat.last(SEKRETARIS).text
    sekretaris, kepala = sorted(_grants(chat, SEKRETARIS), key=lambda g: g.id)
    assert (sekretaris.role, sekretaris.acting) == ("sekretaris", None)
    assert (kepala.role, kepala.acting, kepala.surat) == ("kepala", "plh", "800/45/DUKCAPIL/2026")

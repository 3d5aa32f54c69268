"""Roles as an office has them, in chat (issue 10): an escape from one's role is refused on
every path, acting heads act without a deadlock and print as such, a late appointment gets
its card, a grant ending by `cabut` or by its term hands the step on with nobody writing, and
a re-import reaches a signed round only on purpose."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.callbacks import Act, encode
from bot.cli import main
from bot.documents.indicator_sheet import write_template
from bot.sop import Acting, Role
from bot.states import RoundState
from bot.texts import labels
from bot.workflow import grants, handover, registration
from tests.chatkit import Chat
from tests.conftest import KTP, SMALL_MASTER, WIB, Office, user_id
from tests.people import KASUBAG, KEPALA, OPERATOR, SEKRETARIS

NEW_SEKRETARIS = 9_201
PLT_KEPALA = 9_202
LETTER = "800/77/DUKCAPIL/2026"


async def appoint(
    chat: Chat,
    telegram_id: int,
    nama: str,
    role: Role,
    acting: Acting | None = None,
    until: datetime | None = None,
) -> None:
    """The administrator invites `telegram_id` from the CLI; they open the link in Telegram."""
    ctx = chat.application.bot_data["ctx"]
    terms: dict[str, object] = {"nama": nama}
    if acting is not None:
        terms |= {"acting": acting, "surat": LETTER, "valid_to": until}
    elif until is not None:
        terms["valid_to"] = until
    invite = registration.create_invite(ctx, actor=None, role=role, **terms)
    chat.world.person(telegram_id, nama.split(",")[0])
    await chat.text(telegram_id, f"/start {invite.code}")


def card(chat: Chat, telegram_id: int, fragment: str):
    """The newest message in the chat whose text holds `fragment`."""
    return next(m for m in reversed(chat.messages(telegram_id)) if fragment in m.text)


async def settle(chat: Chat) -> None:
    """The scheduler's tick for ended grants, then the sender: what runs with nobody writing."""
    handover.settle_ended(chat.application.bot_data["ctx"])
    await chat.deliver()


# --- The privilege escape ---


async def test_an_operator_forging_benar_on_their_own_draft_is_refused(
    office: Office, chat: Chat
) -> None:
    round_ = office.walk(at_step=2)
    await chat.text(OPERATOR, "/status")
    data = encode(Act.BENAR, round_.id, round_.version)

    await chat.press_data(OPERATOR, chat.last(OPERATOR).message_id, data)

    assert chat.alert() == "Maaf, tindakan ini hanya untuk Kasubag PKA."
    assert office.round(round_.id).state == RoundState.KOREKSI


async def test_an_operator_cannot_become_kepala_from_chat_at_step_9(
    office: Office, chat: Chat
) -> None:
    office.walk(at_step=9)

    await chat.text(OPERATOR, "/undang kepala")

    assert "baris perintah" in chat.last(OPERATOR).text
    assert not chat.seen(OPERATOR, "t.me/")


# --- Acting heads ---


async def test_a_sekretaris_who_is_plh_kepala_parafs_signs_and_prints_as_plh(
    office: Office, chat: Chat
) -> None:
    await appoint(
        chat,
        SEKRETARIS,
        "Citra Lestari, S.E., M.M.",
        Role.KEPALA,
        Acting.PLH,
        datetime(2026, 7, 31, 16, 0, tzinfo=WIB),
    )
    round_ = office.walk(at_step=7)
    await chat.deliver()
    await chat.press(KASUBAG, labels.PARAF)
    await chat.deliver()

    await chat.press(SEKRETARIS, labels.PARAF)
    await chat.deliver()
    assert "tanda tangan Kepala Dinas (langkah 9)" in chat.last(SEKRETARIS).text
    await chat.press(SEKRETARIS, labels.TANDATANGANI)
    await chat.deliver()

    assert office.round(round_.id).state == RoundState.FINALISASI
    assert "✍️ Ditandatangani oleh Citra" in card(chat, SEKRETARIS, "langkah 9").text
    kepala_copy = card(chat, KEPALA, "langkah 9")
    assert "✍️ Ditandatangani oleh Citra" in kepala_copy.text and kepala_copy.buttons == []
    await chat.text(SEKRETARIS, "/unduh")
    workbook = load_workbook(io.BytesIO(chat.last(SEKRETARIS).document[1]))
    printed = [str(c.value) for row in workbook["Rekap"].iter_rows() for c in row if c.value]
    assert "Plh. KEPALA DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL" in printed
    assert "Citra Lestari, S.E., M.M." in printed


async def test_a_plt_kepala_appointed_at_step_9_gets_the_card_and_signs(
    office: Office, chat: Chat
) -> None:
    round_ = office.walk(at_step=9)
    await chat.deliver()

    await appoint(
        chat,
        PLT_KEPALA,
        "Drs. Hasan",
        Role.KEPALA,
        Acting.PLT,
        datetime(2026, 12, 31, 16, 0, tzinfo=WIB),
    )
    await chat.deliver()

    assert "tanda tangan Kepala Dinas (langkah 9)" in chat.last(PLT_KEPALA).text
    assert chat.last(PLT_KEPALA).labels()[:2] == [labels.TANDATANGANI, labels.KEMBALIKAN]
    await chat.press(PLT_KEPALA, labels.TANDATANGANI)
    assert office.round(round_.id).state == RoundState.FINALISASI


# --- Handover: cabut, and a term running out ---


async def test_cabut_in_the_middle_of_step_8_hands_the_card_to_the_new_sekretaris(
    office: Office, chat: Chat
) -> None:
    round_ = office.walk(at_step=8)
    await chat.deliver()
    old_card = card(chat, SEKRETARIS, "langkah 8")

    grants.revoke(office.ctx, user_id=user_id(office.ctx, SEKRETARIS), role=Role.SEKRETARIS)
    await appoint(chat, NEW_SEKRETARIS, "Dewi Anggraini, S.H.", Role.SEKRETARIS)
    await settle(chat)

    assert "Peran Anda sebagai Sekretaris berakhir" in chat.last(SEKRETARIS).text
    assert (
        "tidak berlaku lagi untuk Anda"
        in chat.messages(SEKRETARIS)[chat.messages(SEKRETARIS).index(old_card)].text
    )
    await chat.press_data(
        SEKRETARIS, old_card.message_id, encode(Act.PARAF, round_.id, round_.version)
    )
    assert chat.alert().startswith("Anda tidak lagi memegang peran Sekretaris")
    assert office.round(round_.id).state == RoundState.PARAF_SEKRETARIS
    assert len([m for m in chat.messages(NEW_SEKRETARIS) if "langkah 8" in m.text]) == 1
    await chat.press(NEW_SEKRETARIS, labels.PARAF)
    assert office.round(round_.id).state == RoundState.TANDATANGAN
    assert chat.world.commands.get(f"chat:{SEKRETARIS}") is None


async def test_a_plh_term_running_out_at_step_8_takes_effect_with_no_update_arriving(
    office: Office, chat: Chat
) -> None:
    ends = datetime(2026, 7, 1, 12, 0, tzinfo=WIB)
    grants.revoke(office.ctx, user_id=user_id(office.ctx, SEKRETARIS), role=Role.SEKRETARIS)
    await appoint(chat, NEW_SEKRETARIS, "Dewi Anggraini, S.H.", Role.SEKRETARIS, Acting.PLH, ends)
    round_ = office.walk(at_step=8)
    await chat.deliver()
    plh_card = card(chat, NEW_SEKRETARIS, "langkah 8")

    office.clock.set(ends + timedelta(minutes=1))
    await settle(chat)

    assert "Peran Anda sebagai Plh. Sekretaris berakhir" in chat.last(NEW_SEKRETARIS).text
    assert (
        chat.messages(NEW_SEKRETARIS)[chat.messages(NEW_SEKRETARIS).index(plh_card)].buttons == []
    )
    operator = chat.texts(OPERATOR)
    assert any("Masa peran Plh. Sekretaris Dewi Anggraini" in t for t in operator)
    assert any(
        "Langkah 8 (Paraf data kinerja)" in t and "tidak memiliki pemegang" in t for t in operator
    )
    await chat.press_data(
        NEW_SEKRETARIS, plh_card.message_id, encode(Act.PARAF, round_.id, round_.version)
    )
    assert chat.alert().startswith("Anda tidak lagi memegang peran Plh. Sekretaris")
    await settle(chat)
    assert sum("Peran Anda sebagai" in t for t in chat.texts(NEW_SEKRETARIS)) == 1, "settled once"

    await appoint(chat, SEKRETARIS + 300, "Eko Prasetyo, S.Sos.", Role.SEKRETARIS)
    await chat.deliver()
    assert "paraf Sekretaris (langkah 8)" in chat.last(SEKRETARIS + 300).text


# --- What was signed stays signed ---


def master_file(tmp_path: Path, turned: bool) -> Path:
    rows = [
        replace(row, arah="turun", rumus="selisih") if turned and row.indikator == KTP else row
        for row in SMALL_MASTER
    ]
    path = tmp_path / ("turned.xlsx" if turned else "same.xlsx")
    write_template(path, rows)
    return path


@pytest.fixture
def cli_env(office: Office, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The command line on the office's database, at the office's time."""
    clock_file = tmp_path / "now.txt"
    clock_file.write_text(office.clock.now().isoformat(), encoding="utf-8")
    monkeypatch.setenv("KINERJA_DATABASE_URL", office.ctx.settings.database_url)
    monkeypatch.setenv("KINERJA_CLOCK_FILE", str(clock_file))
    monkeypatch.chdir(tmp_path)
    return clock_file


async def test_a_reimport_at_step_8_changes_nothing_and_with_paksa_voids_the_paraf(
    office: Office, chat: Chat, cli_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    round_ = office.walk(at_step=8)
    await chat.deliver()
    cli_env.write_text(office.clock.now().isoformat(), encoding="utf-8")

    assert main(["import-indikator", str(master_file(tmp_path, True)), "--tahun", "2026"]) == 0
    assert "tetap memakai definisinya sendiri" in capsys.readouterr().out
    assert office.round(round_.id).version == round_.version

    args = ["import-indikator", str(master_file(tmp_path, True)), "--tahun", "2026"]
    assert main([*args, "--terapkan-ke-putaran"]) == 1
    assert "--paksa" in capsys.readouterr().err
    assert main([*args, "--terapkan-ke-putaran", "--paksa"]) == 0
    report = capsys.readouterr().out
    assert "Persetujuan yang dibatalkan: Paraf Kasubag PKA (Budi)" in report
    await chat.deliver()

    assert office.round(round_.id).state == RoundState.PENYUSUNAN
    assert "paraf atau tanda tangan Anda pada data itu batal" in chat.last(KASUBAG).text
    assert "Kartu ini diganti" in card(chat, SEKRETARIS, "langkah 8").text
    assert card(chat, SEKRETARIS, "langkah 8").buttons == []
    assert chat.seen(OPERATOR, "Persetujuan yang dibatalkan: Paraf Kasubag PKA (Budi)")

"""`kinerja-bot periksa`: one ✅/❌ line per check, what to do about each ❌, a non-zero exit when
anything is wrong, nothing changed, and never the token.

The Bot API checks run the real command as its own process against the emulator on 127.0.0.1
(as tests/test_startup.py does); the database checks need no network and run in-process.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from alembic import command
from pydantic import SecretStr

from bot import checks, texts
from bot.cli import main
from bot.config import Settings
from bot.emulator.process import TOKEN, BotProcess, ClockFile
from bot.emulator.server import HOST, EmulatorServer
from bot.emulator.world import BotApiWorld
from storage.db import alembic_config, make_engine
from storage.health import latest_revisions
from tests.test_startup import _closed_port

WIB = ZoneInfo("Asia/Jakarta")
SECRET = TOKEN.partition(":")[2]
LATEST = ", ".join(latest_revisions())


@pytest.fixture
def bot(tmp_path: Path) -> BotProcess:
    clock = ClockFile(tmp_path / "jam.txt", datetime(2026, 7, 1, 8, tzinfo=WIB))
    return BotProcess(tmp_path, f"http://{HOST}:{_closed_port()}", clock)


def sqlite_url(bot: BotProcess) -> str:
    return bot.env["KINERJA_DATABASE_URL"]


async def periksa(bot: BotProcess, world: BotApiWorld, token: str = TOKEN) -> tuple[int, list[str]]:
    """`kinerja-bot periksa` against the emulator serving `world` to the bot holding `token`."""
    async with EmulatorServer(world, token) as server:
        bot.env["KINERJA_BOT_API_URL"] = server.url
        returncode, output = await bot.to_end("periksa")
    assert TOKEN not in output and SECRET not in output, output
    assert "Traceback" not in output, output
    return returncode, output.splitlines()


async def test_a_ready_installation_passes_every_check(bot: BotProcess) -> None:
    await bot.cli("init")
    world = BotApiWorld()
    returncode, lines = await periksa(bot, world)
    server = bot.env["KINERJA_BOT_API_URL"].removeprefix("http://")
    assert lines == [
        "✅ Konfigurasi: " + texts.konfigurasi_terbaca(sqlite_url(bot), "polling", "Asia/Jakarta"),
        f"✅ Basis data: {texts.terhubung_ke(sqlite_url(bot))}",
        f"✅ Migrasi: {texts.migrasi_terbaru(LATEST)}",
        f"✅ Bot API: {texts.bot_api_terhubung('kinerja_bot', server)}",
        f"➖ Cadangan harian: {texts.CADANGAN_TIDAK_DIATUR}",
    ]
    assert returncode == 0
    assert world.calls == ["getMe"], "a check asks, and changes nothing at Telegram"


async def test_a_token_telegram_refuses_is_one_line_and_a_failure(bot: BotProcess) -> None:
    await bot.cli("init")
    returncode, lines = await periksa(bot, BotApiWorld(), token="111111111:token-lain")
    assert returncode == 1
    assert lines[3] == f"❌ Bot API: {texts.TOKEN_DITOLAK}"
    assert [line[0] for line in lines] == ["✅", "✅", "✅", "❌", "➖"]


async def test_a_bot_named_otherwise_than_the_invite_links_is_a_failure(bot: BotProcess) -> None:
    await bot.cli("init")
    bot.env["KINERJA_BOT_USERNAME"] = "dukcapil_lama_bot"
    returncode, lines = await periksa(bot, BotApiWorld())
    assert returncode == 1
    assert lines[3] == f"❌ Bot API: {texts.nama_bot_berbeda('kinerja_bot', 'dukcapil_lama_bot')}"


async def test_an_unreachable_bot_api_says_which_server(bot: BotProcess) -> None:
    await bot.cli("init")
    returncode, output = await bot.to_end("periksa")
    server = bot.env["KINERJA_BOT_API_URL"].removeprefix("http://")
    assert returncode == 1 and TOKEN not in output and SECRET not in output
    assert output.splitlines()[3] == f"❌ Bot API: {texts.tak_terhubung(server)}"


async def test_a_malformed_token_is_a_configuration_failure_and_telegram_is_not_asked(
    bot: BotProcess,
) -> None:
    await bot.cli("init")
    bot.env["TELEGRAM_BOT_TOKEN"] = f"{SECRET} "
    world = BotApiWorld()
    returncode, lines = await periksa(bot, world)
    assert returncode == 1
    assert lines[0] == f"❌ Konfigurasi: {texts.TOKEN_SALAH_BENTUK}"
    assert lines[3] == f"➖ Bot API: {texts.BOT_API_DILEWATI}"
    assert world.calls == []


def test_webhook_mode_without_its_secret_is_a_configuration_failure() -> None:
    settings = Settings(
        telegram_bot_token=SecretStr(TOKEN),
        webhook_url="https://kinerja.contoh.go.id/",
        webhook_secret=None,
        _env_file=None,
    )
    found = checks.configuration(settings)
    assert (found.ok, found.detail) == (False, texts.WEBHOOK_SECRET_KOSONG)
    agreed = settings.model_copy(update={"webhook_secret": SecretStr("rahasia-bersama")})
    assert checks.configuration(agreed).ok


# --- The database, in-process (no token, so no network) --------------------------------


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in ("TELEGRAM_BOT_TOKEN", "KINERJA_CADANGAN_FOLDER", "KINERJA_CLOCK_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KINERJA_DATABASE_URL", f"sqlite:///{tmp_path / 'kinerja.db'}")
    return tmp_path


def check_lines(capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    returncode = main(["periksa"])
    captured = capsys.readouterr()
    assert captured.err == ""
    return returncode, captured.out.splitlines()


def test_a_database_not_set_up_yet_is_named_and_not_created(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    returncode, lines = check_lines(capsys)
    assert returncode == 1
    assert lines[1:3] == [
        f"❌ Basis data: {texts.basis_data_belum_ada(str(workdir / 'kinerja.db'))}",
        f"➖ Migrasi: {texts.MIGRASI_DILEWATI}",
    ]
    assert list(workdir.iterdir()) == []


def test_a_database_behind_this_version_asks_for_the_migration(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = make_engine(f"sqlite:///{workdir / 'kinerja.db'}")
    command.upgrade(alembic_config(engine), "0001")
    returncode, lines = check_lines(capsys)
    assert returncode == 1
    assert lines[2] == f"❌ Migrasi: {texts.migrasi_tertinggal('0001', LATEST)}"
    assert main(["init"]) == 0
    capsys.readouterr()
    assert check_lines(capsys)[1][2] == f"✅ Migrasi: {texts.migrasi_terbaru(LATEST)}"


def test_a_setting_that_is_wrong_is_the_first_line_and_the_rest_wait_for_it(
    workdir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KINERJA_CADANGAN_SIMPAN", "0")
    returncode, lines = check_lines(capsys)
    assert returncode == 1
    assert lines == [
        "❌ Konfigurasi: Konfigurasi KINERJA_CADANGAN_SIMPAN tidak valid: paling kecil 1.",
        *(
            f"➖ {label}: {texts.PEMERIKSAAN_DILEWATI}"
            for label in ("Basis data", "Migrasi", "Bot API", "Cadangan harian")
        ),
    ]


def test_a_daily_backup_folder_is_checked_and_pg_dump_wanted_for_postgresql(
    workdir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KINERJA_CADANGAN_FOLDER", str(workdir / "cadangan"))
    assert check_lines(capsys)[1][4] == (
        f"✅ Cadangan harian: {texts.cadangan_harian(str(workdir / 'cadangan'), 14)}"
    )
    monkeypatch.setenv("PATH", str(workdir))
    monkeypatch.setenv("KINERJA_DATABASE_URL", "postgresql+psycopg://kinerja@127.0.0.1:9/kinerja")
    assert check_lines(capsys)[1][4] == (
        f"❌ Cadangan harian: {texts.perkakas_tidak_ada('pg_dump')}"
    )

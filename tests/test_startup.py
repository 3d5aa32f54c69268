"""`kinerja-bot run` that cannot start: one Indonesian sentence, a non-zero exit, no traceback,
and never the token — in anything the process writes, its log included.

Each case runs the real command as its own process, against the Bot API emulator on 127.0.0.1
or a loopback port nobody answers, with a token no other test uses: finding any of it in the
output means it leaked. The retry window is 1 second; the backoff itself is checked with a
clock that is moved by hand.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot import texts
from bot.cli import main
from bot.emulator.process import BotProcess, ClockFile
from bot.emulator.server import HOST, EmulatorServer
from bot.emulator.world import BotApiWorld
from bot.startup import JsonLinesFormatter, RedactingFormatter, retry_within
from tests.database import Databases

TOKEN = "918273645:RAHASIA-kinerja-jangan-bocor_x7Qz"
SECRET = "RAHASIA"
"""The part of every token here that must never be printed, whichever half of it leaks."""
WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def bot(tmp_path: Path, databases: Databases) -> BotProcess:
    clock = ClockFile(tmp_path / "jam.txt", datetime(2026, 7, 1, 8, tzinfo=WIB))
    process = BotProcess(tmp_path, f"http://{HOST}:{_closed_port()}", clock, databases.url())
    process.env["TELEGRAM_BOT_TOKEN"] = TOKEN
    process.env["KINERJA_BATAS_MULAI_DETIK"] = "1"
    return process


@pytest.fixture
def listening() -> Iterator[socket.socket]:
    """A loopback port that is taken: it accepts connections into its queue and answers none."""
    with socket.create_server((HOST, 0)) as taken:
        yield taken


def _closed_port() -> int:
    """A loopback port nobody listens on: bound for a moment, then given back."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


async def _fails(bot: BotProcess) -> list[str]:
    """The lines `kinerja-bot run` wrote before it gave up, checked for a leak and a traceback."""
    returncode, output = await asyncio.wait_for(bot.to_end("run"), timeout=60)
    assert returncode != 0, output
    assert TOKEN not in output and SECRET not in output, output
    assert "Traceback" not in output, output
    return output.strip().splitlines()


async def test_empty_token_is_one_sentence_before_anything_else(bot: BotProcess) -> None:
    bot.env["TELEGRAM_BOT_TOKEN"] = ""
    assert await _fails(bot) == [f"Gagal: {texts.TOKEN_KOSONG}"]
    assert "belum diisi" in texts.TOKEN_KOSONG and "@BotFather" in texts.TOKEN_KOSONG


async def test_malformed_token_is_refused_before_any_network_call(
    bot: BotProcess, listening: socket.socket
) -> None:
    bot.env["TELEGRAM_BOT_TOKEN"] = "RAHASIA-kinerja-tempelan-setengah"
    bot.env["KINERJA_BOT_API_URL"] = f"http://{HOST}:{listening.getsockname()[1]}"
    assert await _fails(bot) == [f"Gagal: {texts.TOKEN_SALAH_BENTUK}"]
    listening.setblocking(False)
    with pytest.raises(BlockingIOError):
        listening.accept()  # nobody knocked


async def test_token_telegram_rejects_is_one_sentence(bot: BotProcess) -> None:
    async with EmulatorServer(BotApiWorld(), "111111111:token-lain-yang-berlaku") as server:
        bot.env["KINERJA_BOT_API_URL"] = server.url
        assert await _fails(bot) == [f"Gagal: {texts.TOKEN_DITOLAK}"]


async def test_unreachable_server_is_retried_within_the_window_said_once(
    bot: BotProcess,
) -> None:
    lines = await _fails(bot)
    server = bot.env["KINERJA_BOT_API_URL"].removeprefix("http://")
    assert lines == [texts.mencoba_lagi(server, 1), f"Gagal: {texts.tak_terhubung(server)}"]


async def test_ctrl_c_while_the_bot_waits_for_the_network_ends_quietly(bot: BotProcess) -> None:
    bot.env["KINERJA_BATAS_MULAI_DETIK"] = "60"
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        env=bot.env,
        cwd=bot.folder,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        # As at a terminal, even when the tests run where Ctrl+C is ignored (a background job).
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        assert child.stdout is not None
        waiting = await asyncio.wait_for(child.stdout.readline(), timeout=30)
        assert "mencoba lagi selama 60 detik" in waiting.decode()
        child.send_signal(signal.SIGINT)
        rest, _ = await asyncio.wait_for(child.communicate(), timeout=30)
    finally:
        if child.returncode is None:
            child.kill()
            await child.wait()
    assert child.returncode == 130 and rest.decode() == ""


async def test_busy_webhook_port_is_one_sentence_before_any_network_call(
    bot: BotProcess, listening: socket.socket
) -> None:
    port = listening.getsockname()[1]
    bot.env |= {
        "KINERJA_WEBHOOK_URL": "https://kinerja.contoh.go.id/",
        "KINERJA_WEBHOOK_SECRET": "rahasia-webhook",
        "KINERJA_WEBHOOK_LISTEN": HOST,
        "KINERJA_WEBHOOK_PORT": str(port),
    }
    async with EmulatorServer(BotApiWorld(), TOKEN) as server:
        bot.env["KINERJA_BOT_API_URL"] = server.url
        assert await _fails(bot) == [f"Gagal: {texts.port_dipakai(HOST, port)}"]


@pytest.mark.parametrize(
    ("secret", "sentence"),
    [
        (None, texts.WEBHOOK_SECRET_KOSONG),
        ("  ", texts.WEBHOOK_SECRET_KOSONG),
        ("rahasia dengan spasi", texts.WEBHOOK_SECRET_SALAH_BENTUK),
        ("x" * 257, texts.WEBHOOK_SECRET_SALAH_BENTUK),
    ],
)
def test_webhook_mode_without_a_usable_secret_is_one_sentence_before_anything_else(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    secret: str | None,
    sentence: str,
) -> None:
    """Every process behind one webhook URL must check the same secret: none is made up."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("KINERJA_WEBHOOK_URL", "https://kinerja.contoh.go.id/")
    monkeypatch.setenv("KINERJA_BOT_API_URL", f"http://{HOST}:{_closed_port()}")
    if secret is not None:
        monkeypatch.setenv("KINERJA_WEBHOOK_SECRET", secret)
    assert main(["run"]) == 1
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", f"Gagal: {sentence}\n")
    assert not (tmp_path / "data").exists(), "refused before the database was opened"


async def test_unreachable_database_is_one_sentence_without_its_password(bot: BotProcess) -> None:
    port = _closed_port()
    bot.env["KINERJA_DATABASE_URL"] = f"postgresql://kinerja:{SECRET}-sandi@{HOST}:{port}/kinerja"
    async with EmulatorServer(BotApiWorld(), TOKEN) as server:
        bot.env["KINERJA_BOT_API_URL"] = server.url
        shown = f"postgresql+psycopg://kinerja:***@{HOST}:{port}/kinerja"
        assert await _fails(bot) == [f"Gagal: {texts.basis_data_tak_terbuka(shown)}"]


async def test_bad_setting_names_its_variable_in_indonesian(bot: BotProcess) -> None:
    bot.env["KINERJA_WEBHOOK_PORT"] = "delapan"
    assert await _fails(bot) == [
        "Gagal: Konfigurasi KINERJA_WEBHOOK_PORT tidak valid: harus bilangan bulat."
    ]


@pytest.mark.parametrize(
    ("variable", "value", "reason"),
    [
        ("KINERJA_BOT_API_URL", "api.telegram.org", texts.BOT_API_URL_SALAH),
        ("KINERJA_BOT_API_URL", "http://127.0.0.1:port", texts.BOT_API_URL_SALAH),
        ("KINERJA_DATABASE_URL", "data/kinerja.db", texts.DATABASE_URL_SALAH),
        ("KINERJA_DATABASE_URL", "postgresql+psycopg://k@db:port/k", texts.DATABASE_URL_SALAH),
        ("KINERJA_LOG_FORMAT", "xml", "harus 'plain' atau 'json'"),
        ("KINERJA_BATAS_MULAI_DETIK", "0", "paling kecil 1"),
        ("KINERJA_MAKS_UNGGAH_MB", "50", "paling besar 20"),
        ("KINERJA_BUKA_OTOMATIS", "mungkin", "harus true atau false"),
        ("KINERJA_RUMUS_TURUN", "bagi", "harus 'selisih' atau 'rasio'"),
        ("KINERJA_LIBUR_TAMBAHAN", "17-08-2026", "setiap tanggal harus berbentuk TTTT-BB-HH"),
    ],
)
def test_each_bad_setting_is_one_indonesian_sentence(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    variable: str,
    value: str,
    reason: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv(variable, value)
    assert main(["run"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"Gagal: Konfigurasi {variable} tidak valid: {reason}.\n"


class _Clock:
    """Seconds that pass only when the code under test sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.pauses: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.pauses.append(seconds)
        self.now += seconds


class _Unreachable(Exception):
    """Stands for a connection error the start-up retries."""


async def test_retry_pauses_grow_and_stop_at_the_window() -> None:
    clock, said = _Clock(), []

    async def attempt() -> None:
        raise _Unreachable

    with pytest.raises(_Unreachable):
        await retry_within(
            attempt,
            retry_on=_Unreachable,
            seconds=60,
            on_first_failure=lambda: said.append("sekali"),
            sleep=clock.sleep,
            clock=clock,
        )
    assert clock.pauses == [0.5, 1, 2, 4, 8, 10, 10, 10, 10, 4.5]
    assert clock.now == 60 and said == ["sekali"]


async def test_retry_returns_once_the_server_answers_and_other_errors_are_not_retried() -> None:
    clock, said, tries = _Clock(), [], []

    async def attempt() -> str:
        tries.append(clock.now)
        if len(tries) < 3:
            raise _Unreachable
        return "terhubung"

    answered = await retry_within(
        attempt,
        retry_on=_Unreachable,
        seconds=60,
        on_first_failure=lambda: said.append("sekali"),
        sleep=clock.sleep,
        clock=clock,
    )
    assert answered == "terhubung" and tries == [0, 0.5, 1.5] and said == ["sekali"]

    async def refused() -> None:
        raise PermissionError

    with pytest.raises(PermissionError):
        await retry_within(
            refused, retry_on=_Unreachable, seconds=60, on_first_failure=lambda: None
        )


def test_log_never_shows_the_token_in_a_message_its_arguments_or_a_traceback() -> None:
    written = io.StringIO()
    handler = logging.StreamHandler(written)
    handler.setFormatter(RedactingFormatter(TOKEN, "%(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("tests.startup.redaction")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("HTTP Request: POST %s", f"https://api.telegram.org/bot{TOKEN}/getMe")
        logger.warning("tanpa nomor bot: %s", TOKEN.partition(":")[2])
        try:
            raise RuntimeError(f"The token `{TOKEN}` was rejected by the server.")
        except RuntimeError:
            logger.exception("gagal memproses update")
    finally:
        logger.removeHandler(handler)
    log = written.getvalue()
    assert "bot[token]/getMe" in log and "The token `[token]` was rejected" in log
    assert "tanpa nomor bot: [token]" in log
    assert "RuntimeError" in log and TOKEN not in log and SECRET not in log


def test_json_log_lines_never_show_the_token_in_a_message_its_arguments_or_a_traceback() -> None:
    written = io.StringIO()
    handler = logging.StreamHandler(written)
    handler.setFormatter(JsonLinesFormatter(TOKEN))
    logger = logging.getLogger("tests.startup.json")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("HTTP Request: POST %s", f"https://api.telegram.org/bot{TOKEN}/getMe")
        try:
            raise RuntimeError(f"The token `{TOKEN}` was rejected by the server.")
        except RuntimeError:
            logger.exception("gagal memproses update «%s»", TOKEN.partition(":")[2])
    finally:
        logger.removeHandler(handler)
    lines = written.getvalue().splitlines()
    assert TOKEN not in written.getvalue() and SECRET not in written.getvalue()
    request, failure = (json.loads(line) for line in lines)
    assert request["message"] == "HTTP Request: POST https://api.telegram.org/bot[token]/getMe"
    assert (request["level"], request["logger"]) == ("WARNING", "tests.startup.json")
    assert datetime.fromisoformat(request["time"]).utcoffset() is not None
    assert "exception" not in request
    assert failure["message"] == "gagal memproses update «[token]»"
    assert failure["exception"].startswith("Traceback (most recent call last):")
    assert "RuntimeError: The token `[token]` was rejected" in failure["exception"]

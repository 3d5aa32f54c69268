"""`kinerja-bot` as a separate process against the emulator, and the clock it reads.

The end-to-end test and the demo run the bot exactly as an office runs it — `kinerja-bot run`
in polling mode, set up by `kinerja-bot init`, `import-indikator` and `undang` — configured
only through its environment: a made-up token, KINERJA_BOT_API_URL (the emulator on
127.0.0.1), a database of its own (a SQLite file in a scratch folder, or one the caller made),
a short reminder interval, and KINERJA_CLOCK_FILE, through which the driving side moves the
bot's "now".
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO

TOKEN = "123456789:EMULATOR-kinerja-bot-bukan-token-sungguhan"
"""Shaped like a real token, so nothing in python-telegram-bot treats it differently."""

LOCAL = "127.0.0.1,localhost"
REMINDER_INTERVAL_SECONDS = 5
"""The shortest check the settings allow: a reminder falls due when the driving side moves the
clock, and goes out within these seconds."""


class ProcessFailed(RuntimeError):
    """A command of the bot ended with an error; the message carries what it printed."""


class ClockFile:
    """The moment the bot takes as "now" (bot.clock.FileClock reads it on every call).

    Written whole and then renamed into place, so the bot never reads half a time.
    """

    def __init__(self, path: Path, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ClockFile needs an aware datetime")
        self.path = path
        self._now = start
        self.set(start)

    def now(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        self._now = moment
        written = self.path.with_name(self.path.name + ".baru")
        written.write_text(moment.isoformat(), encoding="utf-8")
        os.replace(written, self.path)

    def advance(self, **delta: float) -> None:
        self.set(self._now + timedelta(**delta))


class BotProcess:
    """The bot's commands and its `run` process, all in one environment.

    Everything lives in `folder` (clock, log, and the SQLite database unless `database_url`
    names another) and is the child's working directory, so no `.env` of the caller is read;
    the caller's KINERJA_* and TELEGRAM_* variables are left out, and proxies are bypassed for
    127.0.0.1, so the bot talks to the emulator only.
    """

    def __init__(
        self, folder: Path, api_url: str, clock: ClockFile, database_url: str | None = None
    ) -> None:
        self.folder = folder
        self.log_path = folder / "bot.log"
        inherited = {
            name: value
            for name, value in os.environ.items()
            if not name.upper().startswith(("KINERJA_", "TELEGRAM_", "NO_PROXY"))
        }
        no_proxy = ",".join(
            filter(None, [os.environ.get("NO_PROXY") or os.environ.get("no_proxy"), LOCAL])
        )
        self.env = {
            **inherited,
            "NO_PROXY": no_proxy,
            "no_proxy": no_proxy,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "KINERJA_BOT_API_URL": api_url,
            "KINERJA_DATABASE_URL": database_url or f"sqlite:///{folder / 'kinerja.db'}",
            "KINERJA_CLOCK_FILE": str(clock.path),
            "KINERJA_INTERVAL_PENGINGAT_DETIK": str(REMINDER_INTERVAL_SECONDS),
            "KINERJA_BUKA_OTOMATIS": "true",
            "PYTHONUNBUFFERED": "1",
        }
        self._child: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    def _command(self, *args: str) -> list[str]:
        # `python -m bot` is `kinerja-bot`, found without relying on PATH or the venv's bin/.
        return [sys.executable, "-m", "bot", *args]

    async def cli(self, *args: str) -> str:
        """Run `kinerja-bot ARGS` to the end; its output, or ProcessFailed with its errors.

        Awaited, so the emulator on the same loop keeps answering a running bot meanwhile.
        """
        returncode, out, err = await self._to_end(args, stderr=subprocess.PIPE)
        if returncode != 0:
            raise ProcessFailed(f"kinerja-bot {' '.join(args)} gagal ({returncode}):\n{err}")
        return out

    async def to_end(self, *args: str) -> tuple[int, str]:
        """Run `kinerja-bot ARGS` to the end; its exit code and all it wrote, stdout and stderr
        (logs included) interleaved as a terminal shows them, to read a failure whole."""
        returncode, out, _ = await self._to_end(args, stderr=subprocess.STDOUT)
        return returncode, out

    async def _to_end(self, args: tuple[str, ...], stderr: int) -> tuple[int, str, str]:
        child = await asyncio.create_subprocess_exec(
            *self._command(*args),
            env=self.env,
            cwd=self.folder,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=stderr,
        )
        out, err = await child.communicate()
        assert child.returncode is not None
        return child.returncode, out.decode(), (err or b"").decode()

    def start(self) -> None:
        """`kinerja-bot run` in the background; its log goes to `log_path` (appended)."""
        if self.running:
            raise ProcessFailed("bot sudah berjalan")
        self._log = self.log_path.open("ab")
        self._child = subprocess.Popen(
            self._command("run"),
            env=self.env,
            cwd=self.folder,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    @property
    def pid(self) -> int | None:
        """The running `kinerja-bot run`'s process id."""
        return self._child.pid if self._child is not None else None

    @property
    def running(self) -> bool:
        return self._child is not None and self._child.poll() is None

    async def terminate(self, timeout: float = 30) -> int | None:
        """SIGTERM, as `systemctl stop` and `docker stop` send it; the exit code once the bot
        has stopped by itself within `timeout` seconds, else None (then it is killed).

        Awaited, so the emulator on the same loop keeps answering the bot while it stops."""
        child = self._child
        if child is None:
            return None
        child.terminate()
        try:
            returncode: int | None = await asyncio.to_thread(child.wait, timeout)
        except subprocess.TimeoutExpired:
            returncode = None
        self.kill()
        return returncode

    def kill(self) -> None:
        """SIGKILL (kill -9): no shutdown code runs, as when the server loses power.

        Also how every run ends: the bot keeps nothing in memory that it would need to save.
        """
        child, self._child = self._child, None
        if child is not None and child.poll() is None:
            child.kill()
            child.wait()
        if self._log is not None:
            self._log.close()
            self._log = None

    def log_tail(self, lines: int = 40) -> str:
        """The end of the bot's log, to show when something went wrong."""
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

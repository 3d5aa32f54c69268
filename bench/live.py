"""The bot as `kinerja-bot run` and its floor, the bare echo bot, both live over HTTP.

Each polls its own Bot API emulator on 127.0.0.1, served by this process, exactly as an office
runs the bot (bot.emulator.process). The floor gets the product's own rate-limiter settings,
read off the Application the product builds. `answer_times` pushes people's messages at once
and notes, as each event happens, when each chat got its answer.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from bot import instances
from bot.app import build_application
from bot.config import Settings
from bot.emulator.model import Event, Kind
from bot.emulator.phone import Phone
from bot.emulator.process import TOKEN, BotProcess, ClockFile
from bot.emulator.server import EmulatorServer
from bot.emulator.world import BotApiWorld
from bot.workflow.context import build_context

REPO = Path(__file__).resolve().parent.parent
ECHO_BOT = (sys.executable, "-m", "bench.echo_bot")
START_SECONDS = 60.0
"""How long a process may take to start polling (upgrading a large database included)."""


def product_limiter(folder: Path) -> dict[str, float] | None:
    """The rate-limiter settings `kinerja-bot run` uses, read off the Application it builds
    (None when it has none). AIORateLimiter has no public getters; PTB is pinned below 23."""
    settings = Settings(
        database_url=f"sqlite:///{folder / 'limiter.db'}",
        telegram_bot_token=SecretStr(TOKEN),
        _env_file=None,
    )
    ctx = build_context(settings)
    try:
        limiter: Any = build_application(settings, ctx, instances.register(ctx)).bot.rate_limiter
    finally:
        ctx.sessions.kw["bind"].dispose()
    if limiter is None:
        return None
    base = limiter._base_limiter
    return {
        "overall_max_rate": base.max_rate if base else 0,
        "overall_time_period": base.time_period if base else 0,
        "group_max_rate": limiter._group_max_rate,
        "group_time_period": limiter._group_time_period,
        "max_retries": limiter._max_retries,
    }


class MeasuredBot(BotProcess):
    """`kinerja-bot run` whose process id is known, to read its memory."""

    @property
    def pid(self) -> int:
        assert self._child is not None, "bot tidak berjalan"
        return self._child.pid


def memory_mib(pid: int, field: str = "VmRSS") -> float:
    """A running process's resident memory (VmRSS), or its peak (VmHWM), in MiB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"{field} tidak terbaca untuk proses {pid}")


@dataclass
class Live:
    world: BotApiWorld
    """What the bot's people see."""
    floor_world: BotApiWorld
    """What the echo bot's people see."""
    clock: ClockFile
    bot: MeasuredBot
    floor: subprocess.Popen[bytes]

    def phone(self, user_id: int, name: str, timeout: float = 60.0) -> Phone:
        return Phone(self.world, user_id, name, timeout)


@asynccontextmanager
async def live(
    folder: Path,
    database_url: str,
    now: datetime,
    people: Iterable[tuple[int, str]],
    floor_people: Iterable[int],
    *,
    reminder_seconds: int | None = None,
) -> AsyncIterator[Live]:
    """Both bots polling; `reminder_seconds` None keeps the product's default interval (the
    quarter of P5 needs a short one, so the round opens soon after the clock reaches it)."""
    limiter = product_limiter(folder)
    clock = ClockFile(folder / "jam-kantor.txt", now)
    world = BotApiWorld(clock=lambda: int(clock.now().timestamp()))
    floor_world = BotApiWorld()
    for user_id, name in people:
        world.person(user_id, name)
    for user_id in floor_people:
        floor_world.person(user_id, f"Orang {user_id}")
    async with (
        EmulatorServer(world, TOKEN) as server,
        EmulatorServer(floor_world, TOKEN) as floor_server,
    ):
        bot = MeasuredBot(folder, server.url, clock)
        bot.env["KINERJA_DATABASE_URL"] = database_url
        if reminder_seconds is None:
            del bot.env["KINERJA_INTERVAL_PENGINGAT_DETIK"]
        else:
            bot.env["KINERJA_INTERVAL_PENGINGAT_DETIK"] = str(reminder_seconds)
        with (folder / "echo.log").open("ab") as log:
            floor = subprocess.Popen(
                [*ECHO_BOT, floor_server.url, TOKEN, json.dumps(limiter)],
                env=bot.env,
                cwd=REPO,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            bot.start()
            for polled, process in ((world, "kinerja-bot run"), (floor_world, "bot gema")):
                try:
                    await polled.wait_until(lambda w=polled: w.pollers > 0, START_SECONDS)
                except TimeoutError:
                    tail = bot.log_tail()
                    raise RuntimeError(f"{process} tidak mulai polling:\n{tail}") from None
            yield Live(world, floor_world, clock, bot, floor)
        finally:
            bot.kill()
            floor.kill()
            floor.wait()


async def answer_times(
    world: BotApiWorld,
    sends: Mapping[int, str],
    answers: Callable[[str], bool],
    timeout: float,
) -> dict[int, float]:
    """Each person types their text at the same moment; seconds until each chat got a new
    message that `answers`. A chat missing from the result got none within `timeout`."""
    arrived: dict[int, float] = {}

    def seen(event: Event) -> None:
        if (
            event.kind is Kind.SENT
            and event.chat_id in sends
            and event.chat_id not in arrived
            and answers(event.text)
        ):
            arrived[event.chat_id] = time.perf_counter()

    world.listeners.append(seen)
    try:
        started = time.perf_counter()
        for user_id, text in sends.items():
            world.send_text(user_id, text)
        with suppress(TimeoutError):
            await world.wait_until(lambda: len(arrived) == len(sends), timeout)
    finally:
        world.listeners.remove(seen)
    return {user_id: moment - started for user_id, moment in arrived.items()}


async def settle(world: BotApiWorld, quiet: float = 0.3, timeout: float = 120.0) -> None:
    """Until the bot has been silent for `quiet` seconds: what it still had to send is out."""
    async with asyncio.timeout(timeout):
        while True:
            before = world.mark()
            await asyncio.sleep(quiet)
            if world.mark() == before and not world.updates:
                return

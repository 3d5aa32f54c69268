"""P3 delivery rate: how fast queued messages leave, against Telegram's broadcast limit.

Ours: the product's Application (its own rate limiter and job queue, started as `kinerja-bot
run` starts them) over the in-process emulator, which answers at once. 1,000 outbox rows to 200
chats are committed in one transaction, as a reminder run or a round opening writes them, and
the sender is woken as a handler wakes it; timed until the last one is in its chat. Floor:
Telegram's published limit of about 30 messages a second per bot (the rate AIORateLimiter
holds to). Every chat must get its messages in the order they were queued.

    python -m bench.p3_delivery [--quick]
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from pathlib import Path

from pydantic import SecretStr
from sqlalchemy import select

from bench.common import (
    SQLITE,
    Figure,
    Goal,
    Stat,
    close,
    fresh_database,
    office_context,
    script,
)
from bot import instances
from bot.app import build_application
from bot.clock import FixedClock
from bot.emulator.model import Event, Kind
from bot.emulator.process import TOKEN
from bot.emulator.world import BotApiWorld
from bot.sop import Role
from bot.workflow import common
from bot.workflow.context import Ctx
from storage.models import User
from tests.chatkit import WorldRequest
from tests.conftest import ROUND_OPENS, enrol

NAME = "P3 delivery rate"
TELEGRAM_LIMIT = 30.0
"""Messages a second per bot (Telegram's Bot FAQ: "no more than 30 messages per second")."""
GOAL = Goal(0.9, at_most=False)
WAIT = 600.0


@dataclass(frozen=True)
class Size:
    chats: int
    per_chat: int
    warmup: int
    runs: int


FULL = Size(200, 5, warmup=1, runs=3)
QUICK = Size(12, 5, warmup=1, runs=2)


def queue(ctx: Ctx, chats: list[int], per_chat: int, run: int) -> None:
    """`per_chat` numbered messages to every chat, interleaved, in one transaction."""
    now = ctx.now()
    with ctx.unit() as session:
        users = {u.telegram_id: u for u in session.scalars(select(User))}
        for number in range(per_chat):
            for chat in chats:
                common.notify(session, now, users[chat], f"Pesan {run}.{number} untuk {chat}")


class Delivered:
    """Counts what reaches the chats, and when the last of it did."""

    def __init__(self, world: BotApiWorld) -> None:
        self.count = 0
        self.last = 0.0
        world.listeners.append(self._seen)

    def _seen(self, event: Event) -> None:
        if event.kind is Kind.SENT:
            self.count += 1
            self.last = time.perf_counter()


def in_order(world: BotApiWorld, chats: list[int], per_chat: int, run: int) -> bool:
    """Every chat got run `run`'s messages, each once, in the order they were queued."""
    prefix = f"Pesan {run}."
    return all(
        [t for t in world.bot_texts(chat) if t.startswith(prefix)]
        == [f"Pesan {run}.{number} untuk {chat}" for number in range(per_chat)]
        for chat in chats
    )


async def measure(folder: Path, size: Size) -> Figure:
    with fresh_database(SQLITE, folder, "p3") as url:
        ctx = office_context(url, FixedClock(ROUND_OPENS))
        chats = [200_000 + number for number in range(size.chats)]
        world = BotApiWorld()
        for chat in chats:
            enrol(ctx, chat, f"Perencana {chat}", Role.PERENCANA)
            world.person(chat, f"Perencana {chat}")
        settings = ctx.settings.model_copy(update={"telegram_bot_token": SecretStr(TOKEN)})
        application = build_application(
            settings,
            ctx,
            instances.register(ctx),
            request=WorldRequest(world),
            get_updates_request=WorldRequest(world),
        )
        delivered = Delivered(world)
        rates: list[float] = []
        lost = 0
        ordered = True
        await application.initialize()
        await application.start()
        try:
            for run in range(size.warmup + size.runs):
                per_chat = 1 if run < size.warmup else size.per_chat
                expected = delivered.count + len(chats) * per_chat
                queue(ctx, chats, per_chat, run)
                started = time.perf_counter()
                application.bot_data["wake_outbox"]()
                try:
                    await world.wait_until(lambda n=expected: delivered.count >= n, WAIT)
                except TimeoutError:
                    lost += expected - delivered.count
                    delivered.count = expected
                if run >= size.warmup:
                    rates.append(len(chats) * per_chat / (delivered.last - started))
                    ordered = ordered and in_order(world, chats, per_chat, run)
        finally:
            await application.stop()
            await application.shutdown()
            close(ctx)
    return Figure(
        NAME,
        "msg/s",
        Stat.of(rates, more_is_better=True),
        Stat.constant(TELEGRAM_LIMIT),
        GOAL,
        checks=(("0 lost", lost == 0), ("order kept per chat", ordered)),
        note=f"{size.chats * size.per_chat} messages to {size.chats} chats per run, "
        f"{size.runs} runs after {size.warmup} warm-up (one message per chat)",
    )


def run(folder: Path, quick: bool) -> list[Figure]:
    return [asyncio.run(measure(folder, QUICK if quick else FULL))]


if __name__ == "__main__":
    script(run, __doc__)

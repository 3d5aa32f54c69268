"""Webhook mode's one port: Telegram's updates at /telegram and a reverse proxy's `GET /sehat`.

The first test runs `kinerja-bot run` with KINERJA_WEBHOOK_URL as its own process against the
emulator, and talks to its port over HTTP on 127.0.0.1 as Telegram and a proxy would; the
others serve the same web app in-process, to see 503 without breaking a real database.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import create_engine, select
from telegram.ext import ApplicationBuilder
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

from bot.emulator.process import TOKEN, BotProcess, ClockFile
from bot.emulator.server import HOST, EmulatorServer
from bot.emulator.world import BotApiWorld
from bot.workflow.context import Ctx
from handlers import webhook
from storage.db import make_engine, make_sessions
from storage.models import Outbox
from tests.conftest import Office
from tests.test_startup import _closed_port

WIB = ZoneInfo("Asia/Jakarta")
SARI = 2002
WEBHOOK_SECRET = "rahasia-webhook-kinerja-uji"


async def test_the_webhook_port_answers_the_health_check_and_still_takes_updates(
    tmp_path: Path,
) -> None:
    world = BotApiWorld()
    world.person(SARI, "Sari")
    port = _closed_port()
    async with EmulatorServer(world, TOKEN) as server:
        clock = ClockFile(tmp_path / "jam.txt", datetime(2026, 7, 1, 8, tzinfo=WIB))
        bot = BotProcess(tmp_path, server.url, clock)
        bot.env |= {
            "KINERJA_WEBHOOK_URL": "https://kinerja.contoh.go.id/",
            "KINERJA_WEBHOOK_LISTEN": HOST,
            "KINERJA_WEBHOOK_PORT": str(port),
            "KINERJA_WEBHOOK_SECRET": WEBHOOK_SECRET,
            "KINERJA_LOG_FORMAT": "json",
        }
        await bot.cli("init")
        bot.start()
        try:
            await world.wait_until(lambda: world.webhook, timeout=60)
            assert world.webhook == {
                "url": "https://kinerja.contoh.go.id/telegram",
                "secret_token": WEBHOOK_SECRET,
            }
            base = f"http://{HOST}:{port}"
            async with httpx.AsyncClient(timeout=30) as client:
                healthy = await client.get(f"{base}/sehat")
                update = world.send_text(SARI, "/start")
                mark = world.mark()
                forged = await client.post(f"{base}/telegram", json=update)
                taken = await client.post(
                    f"{base}/telegram",
                    json=update,
                    headers={webhook.SECRET_HEADER: WEBHOOK_SECRET},
                )
                answer = await world.wait_for(SARI, lambda m: True, timeout=60, after=mark)
            stopped = await bot.terminate()
        finally:
            bot.kill()
    assert (healthy.status_code, healthy.json()) == (
        200,
        {"sehat": True, "basis_data": True, "migrasi_terbaru": True, "antrean_outbox": 0},
    )
    assert healthy.headers["Content-Type"].startswith("application/json")
    assert forged.status_code == 403 and taken.status_code == 200
    assert answer.text, "the update posted with the secret reached the bot, which answered"
    assert stopped == 0, f"SIGTERM stops the bot cleanly:\n{bot.log_tail()}"
    log = bot.log_path.read_text()
    assert TOKEN not in log and TOKEN.partition(":")[2] not in log
    entries = [json.loads(line) for line in log.splitlines()]
    assert any(entry["logger"] == "handlers.webhook" for entry in entries)


# --- The same web app in-process ------------------------------------------------------


async def sehat(ctx: Ctx) -> httpx.Response:
    """`GET /sehat` from the webhook app serving `ctx`, on a free port of 127.0.0.1."""
    application = ApplicationBuilder().token("123456:TEST").build()
    server = HTTPServer(webhook.web_app(application, ctx, WEBHOOK_SECRET))
    sockets = bind_sockets(0, HOST)
    server.add_sockets(sockets)
    try:
        async with httpx.AsyncClient(timeout=30) as client:
            return await client.get(f"http://{HOST}:{sockets[0].getsockname()[1]}/sehat")
    finally:
        server.stop()
        await server.close_all_connections()


@pytest.fixture
async def unmigrated(office: Office, tmp_path: Path) -> AsyncIterator[Ctx]:
    """The office's settings over a database no migration has run on."""
    engine = make_engine(f"sqlite:///{tmp_path / 'belum-dimigrasi.db'}")
    yield Ctx(make_sessions(engine), office.clock, office.ctx.calendar, office.ctx.settings)
    engine.dispose()


async def test_the_health_check_counts_the_messages_waiting_to_go_out(office: Office) -> None:
    office.walk(at_step=2)
    with office.ctx.read() as session:
        waiting = len(session.scalars(select(Outbox.id).where(Outbox.sent_at.is_(None))).all())
    answer = await sehat(office.ctx)
    assert waiting > 0
    assert (answer.status_code, answer.json()["antrean_outbox"]) == (200, waiting)


async def test_a_schema_that_is_not_this_versions_answers_503(unmigrated: Ctx) -> None:
    answer = await sehat(unmigrated)
    assert (answer.status_code, answer.json()) == (
        503,
        {"sehat": False, "basis_data": True, "migrasi_terbaru": False, "antrean_outbox": None},
    )


async def test_a_database_that_does_not_answer_answers_503(office: Office, tmp_path: Path) -> None:
    gone = create_engine(f"sqlite:///{tmp_path / 'tidak-ada' / 'kinerja.db'}")
    ctx = Ctx(make_sessions(gone), office.clock, office.ctx.calendar, office.ctx.settings)
    answer = await sehat(ctx)
    assert (answer.status_code, answer.json()) == (
        503,
        {"sehat": False, "basis_data": False, "migrasi_terbaru": False, "antrean_outbox": None},
    )

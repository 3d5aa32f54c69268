"""Several `kinerja-bot run` processes, one bot (issue 12), as real processes against the
emulator on 127.0.0.1.

Polling: a second poller on the same database refuses to start, and so does a webhook process
while one polls; a clean stop frees the lease at once; polling never starts over a webhook
another deployment set; two pollers on different databases (which no lease can see) each say
so in one sentence instead of a traceback per retry.

Webhook: two processes behind one URL (a round-robin proxy, as nginx would be) on one PostgreSQL
database play a part of the quarter with reminders falling due, one of them killed (SIGKILL)
while it sends a message and started again; every message is delivered exactly once, in order
per chat. That one runs in the PostgreSQL pass only (KINERJA_TEST_DATABASE_URL).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import Engine, func, select
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application, RequestHandler

from bot import texts
from bot.documents.indicator_sheet import SAMPLE_PATH
from bot.emulator.model import Kind
from bot.emulator.office import CAPIL, CAST, KABID, OFFICE, OPERATOR, SEKRETARIAT, VALUES
from bot.emulator.process import TOKEN, BotProcess, ClockFile
from bot.emulator.scenario import START, TAHUN, TZ, Quarter
from bot.emulator.server import HOST, EmulatorServer
from bot.emulator.transcript import Transcript
from bot.emulator.world import BotApiWorld
from bot.formatting import split_message
from bot.workflow.cards import SUPERSEDED
from storage.db import make_engine, make_sessions
from storage.models import BotInstance, Lease, Outbox
from tests.database import Databases, on_postgresql
from tests.test_startup import _closed_port

WIB = ZoneInfo("Asia/Jakarta")
SECRET = "rahasia-webhook-bersama"
WAIT = 60.0
"""The bound on every wait; a start takes a few seconds, a slow machine gets slack."""


def bot_in(folder: Path, api_url: str, clock: ClockFile, database_url: str) -> BotProcess:
    folder.mkdir(parents=True, exist_ok=True)
    return BotProcess(folder, api_url, clock, database_url)


async def refused(bot: BotProcess) -> str:
    """The one sentence `kinerja-bot run` ends with, having refused to start."""
    returncode, output = await asyncio.wait_for(bot.to_end("run"), timeout=WAIT)
    assert returncode == 1, output
    assert "Traceback" not in output, output
    return output.strip().splitlines()[-1]


def as_webhook(bot: BotProcess, url: str, port: int) -> None:
    bot.env |= {
        "KINERJA_WEBHOOK_URL": url,
        "KINERJA_WEBHOOK_SECRET": SECRET,
        "KINERJA_WEBHOOK_LISTEN": HOST,
        "KINERJA_WEBHOOK_PORT": str(port),
    }


@pytest.fixture
async def served() -> AsyncIterator[tuple[BotApiWorld, EmulatorServer]]:
    world = BotApiWorld()
    async with EmulatorServer(world, TOKEN) as server:
        yield world, server


@pytest.fixture
def office_clock(tmp_path: Path) -> ClockFile:
    return ClockFile(tmp_path / "jam.txt", datetime(2026, 7, 1, 8, tzinfo=WIB))


async def test_a_second_poller_on_the_same_database_is_refused_and_so_is_a_webhook_process(
    tmp_path: Path,
    databases: Databases,
    served: tuple[BotApiWorld, EmulatorServer],
    office_clock: ClockFile,
) -> None:
    world, server = served
    clock = office_clock
    url = databases.url()
    first, second = (bot_in(tmp_path / name, server.url, clock, url) for name in ("a", "b"))
    first.start()
    try:
        await world.wait_until(lambda: world.pollers, timeout=WAIT)
        sentence = await refused(second)
        assert sentence.startswith("Gagal: Bot ini sudah berjalan dalam mode polling di ")
        assert f"(pid {first.pid}, sejak " in sentence
        assert sentence.endswith(
            "hentikan proses itu dulu (bila proses itu sudah mati, jalankan lagi setelah 60 "
            "detik), atau jalankan beberapa proses dalam mode webhook."
        )

        as_webhook(second, "https://kinerja.contoh.go.id/", _closed_port())
        sentence = await refused(second)
        assert sentence.startswith("Gagal: Bot ini sedang berjalan dalam mode polling di ")
        assert world.webhook is None, "the poller goes on undisturbed"

        assert await first.terminate() == 0, first.log_tail()
    finally:
        first.kill()
    # A clean stop gave the lease back: the next poller takes it at once and polls.
    third = bot_in(tmp_path / "c", server.url, clock, url)
    database = make_engine(url)
    third.start()
    try:
        await world.wait_until(
            lambda: world.pollers and polling_pid(database) == third.pid, timeout=WAIT
        )
    finally:
        third.kill()
        database.dispose()


async def test_polling_never_deletes_a_webhook_another_deployment_set(
    tmp_path: Path,
    databases: Databases,
    served: tuple[BotApiWorld, EmulatorServer],
    office_clock: ClockFile,
) -> None:
    world, server = served
    clock = office_clock
    theirs = "https://kinerja-kabupaten.contoh.go.id/telegram"
    world.call("setWebhook", {"url": theirs, "secret_token": "milik-mereka"}, {})
    bot = bot_in(tmp_path, server.url, clock, databases.url())
    assert await refused(bot) == f"Gagal: {texts.webhook_sudah_terpasang(theirs)}"
    assert world.webhook == {"url": theirs, "secret_token": "milik-mereka"}
    assert "deleteWebhook" not in world.calls and "getUpdates" not in world.calls


async def test_two_pollers_on_different_databases_each_say_so_in_one_sentence(
    tmp_path: Path,
    databases: Databases,
    served: tuple[BotApiWorld, EmulatorServer],
    office_clock: ClockFile,
) -> None:
    world, server = served
    clock = office_clock
    pollers = [
        bot_in(tmp_path / name, server.url, clock, databases.url(name)) for name in ("a", "b")
    ]
    sentence = texts.polling_bentrok(webhook_aktif=False)

    def both_said_it() -> bool:
        return all(sentence in bot.log_path.read_text() for bot in pollers)

    for bot in pollers:
        bot.start()
    try:
        await world.wait_until(both_said_it, timeout=WAIT)
    finally:
        for bot in pollers:
            bot.kill()
    for bot in pollers:
        log = bot.log_path.read_text()
        assert "Traceback" not in log and log.count(sentence) == 1, log


# --- Two webhook processes on one PostgreSQL database ---------------------------------


class RoundRobin:
    """A reverse proxy before the webhook processes, as nginx with two upstream servers: each
    post goes to the next one; one that refuses the connection (not running) is skipped; a
    connection lost midway is answered 502, and Telegram (the emulator) sends it again."""

    def __init__(self) -> None:
        self.backends: list[str] = []
        self.turn = 0
        self.url = ""

    @asynccontextmanager
    async def serving(self) -> AsyncIterator[RoundRobin]:
        proxy = self

        class _Forward(RequestHandler):
            async def post(self) -> None:
                status, body = await proxy.forward(self.request.body, dict(self.request.headers))
                self.set_status(status)
                self.finish(body)

        sockets = bind_sockets(0, HOST)
        server = HTTPServer(Application([(r"/telegram", _Forward)]))
        server.add_sockets(sockets)
        self.url = f"http://{HOST}:{sockets[0].getsockname()[1]}/"
        async with httpx.AsyncClient(timeout=WAIT, trust_env=False) as self.client:
            try:
                yield self
            finally:
                server.stop()
                await server.close_all_connections()

    async def forward(self, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        for _ in self.backends:
            backend = self.backends[self.turn % len(self.backends)]
            self.turn += 1
            try:
                answer = await self.client.post(
                    f"{backend}/telegram", content=body, headers=_forwarded(headers)
                )
            except httpx.ConnectError:
                continue
            except httpx.HTTPError:
                return 502, b""
            return answer.status_code, answer.content
        return 502, b""


def _forwarded(headers: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in headers.items() if k.lower() not in ("host", "content-length")}


def outbox_rows(engine: Engine) -> list[Outbox]:
    with make_sessions(engine)() as session:
        return list(session.scalars(select(Outbox).order_by(Outbox.id)))


def pending(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(
            select(func.count())
            .select_from(Outbox)
            .where(Outbox.sent_at.is_(None), Outbox.failed_at.is_(None))
        ).scalar_one()


def polling_pid(engine: Engine) -> int | None:
    """The pid of the process holding the polling lease."""
    with engine.connect() as connection:
        return connection.execute(
            select(BotInstance.pid).join(Lease, Lease.holder_id == BotInstance.id)
        ).scalar()


def holder_of_a_card_to(engine: Engine, chat_id: int) -> int | None:
    """The pid of the process holding the lease of an unsent message to `chat_id`."""
    with engine.connect() as connection:
        return connection.execute(
            select(BotInstance.pid)
            .join(Outbox, Outbox.locked_by == BotInstance.id)
            .where(Outbox.chat_id == chat_id, Outbox.sent_at.is_(None))
        ).scalar()


@pytest.fixture
def engine(databases: Databases) -> Iterator[tuple[str, Engine]]:
    url = databases.url("kinerja", migrated=False)
    engine = make_engine(url)
    yield url, engine
    engine.dispose()


@pytest.mark.skipif(not on_postgresql(), reason="several processes share a PostgreSQL database")
async def test_two_webhook_processes_deliver_every_message_once_in_order_with_one_killed(
    tmp_path: Path, engine: tuple[str, Engine]
) -> None:
    url, database = engine
    clock = ClockFile(tmp_path / "jam-kantor.txt", START)
    world = BotApiWorld(clock=lambda: int(clock.now().timestamp()))
    transcript = Transcript(world, {m.telegram_id: (m.nama, m.jabatan) for m in CAST}, TZ, print)
    async with EmulatorServer(world, TOKEN) as server, RoundRobin().serving() as proxy:
        pair = [bot_in(tmp_path / name, server.url, clock, url) for name in ("a", "b")]
        for bot in pair:
            port = _closed_port()
            as_webhook(bot, proxy.url, port)
            proxy.backends.append(f"http://{HOST}:{port}")
        quarter = Quarter(world, clock, pair[0], transcript)
        try:
            for args in (
                OFFICE.init_args(),
                ["import-indikator", str(SAMPLE_PATH), "--tahun", str(TAHUN)],
            ):
                await pair[0].cli(*args)
            for bot in pair:
                bot.start()
            await world.wait_until(lambda: world.calls.count("setWebhook") == 2, WAIT)
            assert world.webhook == {"url": f"{proxy.url}telegram", "secret_token": SECRET}

            await quarter.register()
            await quarter.open_round()
            await quarter.draft_and_correction()

            # The next message to the operator hangs at "Telegram"; its sender is killed while
            # it waits, and started again.
            world.fail_next("sendMessage", "timeout", chat_id=OPERATOR.telegram_id)
            await quarter.fill_in_chat(KABID[SEKRETARIAT])
            await world.wait_until(lambda: not world.failures, WAIT)
            pid = holder_of_a_card_to(database, OPERATOR.telegram_id)
            [killed] = [bot for bot in pair if bot.pid == pid]
            killed.kill()
            transcript.note(f"⚡ proses bot {killed.folder.name} dimatikan paksa (kill -9)")
            killed.start()
            await quarter.verify(SEKRETARIAT)

            await quarter.late_bidang()
            await world.wait_until(lambda: not pending(database), WAIT)
        except BaseException:
            for bot in pair:
                print(f"--- log bot {bot.folder.name} ---", bot.log_tail(), sep="\n")
            raise
        finally:
            for bot in pair:
                bot.kill()

    rows = outbox_rows(database)
    assert [r.last_error for r in rows if r.failed_at is not None] == [SUPERSEDED] * len(
        [r for r in rows if r.failed_at is not None]
    ), "nothing failed but copies of cards whose step was done before they went"
    sent = [r for r in rows if r.sent_at is not None and r.replaces_id is None]
    assert any("Eskalasi" in r.text for r in sent), "the reminders fell due meanwhile"
    for chat in {r.chat_id for r in sent}:
        mine = [r for r in sent if r.chat_id == chat]
        shown = Counter(e.text for e in world.events if e.chat_id == chat and e.kind is Kind.SENT)
        for text, times in Counter(split_message(r.text)[-1] for r in mine).items():
            assert shown[text] == times, (chat, text, shown[text], times)
        ids = [r.telegram_message_id for r in mine]
        assert ids == sorted(ids), f"chat {chat}: not in the order queued"
    for bidang in (SEKRETARIAT, CAPIL):  # each answer taken once, by whichever process
        kabid = KABID[bidang].telegram_id
        echoes = [t for t in world.bot_texts(kabid) if t.startswith("✅ Tercatat ")]
        assert len(echoes) == len(VALUES[bidang]), echoes

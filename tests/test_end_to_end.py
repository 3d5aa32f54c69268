"""End to end over HTTP: the Bot API emulator on 127.0.0.1, and the bot as a real process.

The first tests hold the emulator to Telegram's behaviour as python-telegram-bot sees it (paths,
JSON shapes, long polling and its 409 Conflict, files, refusals and dropped connections, the
webhook and its pushes). The last plays a whole quarter (bot.emulator.scenario) against
`kinerja-bot run` in polling mode, set up by the CLI, killed with SIGKILL in the middle of a
Kabid's answers and started again, and checks the final workbook cell by cell. Nothing sleeps:
every wait ends on the event it waits for, or fails at its bound.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import Conflict, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.request import HTTPXRequest
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application, RequestHandler

from bot.emulator.excel import Checked, WorkbookMismatch, check_final_workbook
from bot.emulator.model import BLOCKED, Failure, flood, server_error
from bot.emulator.office import DAFDUK, KABID, KASUBAG
from bot.emulator.process import TOKEN
from bot.emulator.samples import pdf, photo
from bot.emulator.scenario import staged
from bot.emulator.server import HOST, SECRET_HEADER, EmulatorServer
from bot.emulator.world import BotApiWorld
from tests.chatkit import WorldRequest
from tests.database import Databases

SARI = 2002
OTHER = 2003


@pytest.fixture
async def served() -> AsyncIterator[tuple[BotApiWorld, EmulatorServer]]:
    world = BotApiWorld()
    world.person(SARI, "Sari")
    async with EmulatorServer(world, TOKEN) as server:
        yield world, server


def telegram_bot(server: EmulatorServer, read_timeout: float = 5.0) -> Bot:
    """python-telegram-bot's own Bot, pointed at the emulator as the product points it."""
    return Bot(
        TOKEN,
        base_url=f"{server.url}/bot",
        base_file_url=f"{server.url}/file/bot",
        request=HTTPXRequest(read_timeout=read_timeout),
    )


async def test_unknown_methods_and_wrong_tokens_are_answered_as_telegram_does(
    served: tuple[BotApiWorld, EmulatorServer],
) -> None:
    _, server = served
    async with httpx.AsyncClient() as client:
        unknown = await client.post(f"{server.url}/bot{TOKEN}/sendSticker")
        wrong = await client.get(f"{server.url}/bot123:salah/getMe")
        no_file = await client.get(f"{server.url}/file/bot{TOKEN}/documents/f9_x.xlsx")
    assert (unknown.status_code, unknown.json()) == (
        404,
        {"ok": False, "error_code": 404, "description": "Not Found"},
    )
    assert (wrong.status_code, wrong.json()) == (
        401,
        {"ok": False, "error_code": 401, "description": "Unauthorized"},
    )
    assert no_file.status_code == 404


async def test_json_form_and_query_bodies_all_reach_the_method(
    served: tuple[BotApiWorld, EmulatorServer],
) -> None:
    world, server = served
    keyboard = {"inline_keyboard": [[{"text": "✅ Benar", "callback_data": "b:1:2"}]]}
    async with httpx.AsyncClient() as client:
        as_json = await client.post(
            f"{server.url}/bot{TOKEN}/sendMessage",
            json={"chat_id": SARI, "text": "JSON", "reply_markup": keyboard},
        )
        as_form = await client.post(
            f"{server.url}/bot{TOKEN}/sendMessage",
            data={"chat_id": str(SARI), "text": "form", "reply_markup": json.dumps(keyboard)},
        )
        as_query = await client.get(
            f"{server.url}/bot{TOKEN}/sendMessage", params={"chat_id": SARI, "text": "query"}
        )
    assert [r.json()["result"]["text"] for r in (as_json, as_form, as_query)] == [
        "JSON",
        "form",
        "query",
    ]
    assert [m.labels() for m in world.bot_messages(SARI)] == [["✅ Benar"], ["✅ Benar"], []]


async def test_get_updates_waits_for_an_update_and_honours_offset_and_limit(
    served: tuple[BotApiWorld, EmulatorServer],
) -> None:
    world, server = served
    async with telegram_bot(server) as bot:
        polling = asyncio.create_task(bot.get_updates(timeout=30))
        await world.wait_until(lambda: world.pollers, timeout=5)
        assert not polling.done(), "a long poll must wait while there is nothing to deliver"
        world.send_text(SARI, "94,2")
        (first,) = await asyncio.wait_for(polling, timeout=5)
        assert first.message is not None and first.message.text == "94,2"

        for text in ("1", "2", "3"):
            world.send_text(SARI, text)
        again = await bot.get_updates(timeout=0)
        assert [u.update_id for u in again] == [first.update_id + n for n in range(4)]
        two = await bot.get_updates(offset=first.update_id + 1, limit=2, timeout=0)
        assert [u.message.text for u in two if u.message] == ["1", "2"]
        rest = await bot.get_updates(offset=two[-1].update_id + 1, timeout=0)
        assert [u.message.text for u in rest if u.message] == ["3"]
        assert await bot.get_updates(offset=rest[-1].update_id + 1, timeout=0) == ()
        assert world.updates == [], "asking past an update confirms it, as on Telegram"


async def test_a_document_goes_up_as_multipart_and_comes_back_through_get_file(
    served: tuple[BotApiWorld, EmulatorServer],
) -> None:
    world, server = served
    content = b"PK\x03\x04 bukan sungguhan, cukup untuk diuji"
    async with telegram_bot(server) as bot:
        sent = await bot.send_document(
            SARI,
            content,
            filename="format.xlsx",
            caption="Format TW II",
            reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("Mulai isi", "mi:1")]]),
        )
        assert world.bot_messages(SARI)[-1].document == ("format.xlsx", content)
        assert sent.document is not None and sent.caption == "Format TW II"
        world.send_document(SARI, "terisi.xlsx", content + b"!")
        (update,) = await bot.get_updates(timeout=0)
        assert update.message is not None and update.message.document is not None
        uploaded = await bot.get_file(update.message.document.file_id)
        assert bytes(await uploaded.download_as_bytearray()) == content + b"!"


async def test_a_photo_and_documents_a_person_sends_come_through_get_file(
    served: tuple[BotApiWorld, EmulatorServer],
) -> None:
    """Issue 14's evidence: a photo comes without a name, in sizes smallest first, filed under
    photos/; a document's MIME type is guessed from its name, as a phone does."""
    world, server = served
    picture, report = photo(1280, 960, "kegiatan jemput bola"), pdf("Laporan")
    world.send_photo(SARI, picture)
    for name, content in (("laporan.pdf", report), ("rekap.xlsx", b"PK"), ("x.bin", b"?")):
        world.send_document(SARI, name, content)
    async with telegram_bot(server) as bot:
        shot, *documents = await bot.get_updates(timeout=0)
        assert shot.message is not None and shot.message.document is None
        sizes = shot.message.photo
        assert [(s.width, s.height) for s in sizes] == [(90, 68), (1280, 960)]
        taken = await bot.get_file(sizes[-1].file_id)
        assert taken.file_path is not None and "/photos/" in taken.file_path
        assert bytes(await taken.download_as_bytearray()) == picture
        assert [
            u.message.document.mime_type for u in documents if u.message and u.message.document
        ] == [
            "application/pdf",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/octet-stream",
        ]
        first = documents[0].message
        assert first is not None and first.document is not None
        fetched = await bot.get_file(first.document.file_id)
        assert bytes(await fetched.download_as_bytearray()) == report


INJECTED = pytest.mark.parametrize(
    ("failure", "raised", "message"),
    [
        (server_error(502), NetworkError, "Bad Gateway"),
        (flood(3), RetryAfter, "Retry in 3"),
        (BLOCKED, Forbidden, "bot was blocked by the user"),
        ("network", NetworkError, "RemoteProtocolError"),
        ("timeout", TimedOut, "Timed out"),
    ],
)


# python-telegram-bot 22 itself warns about RetryAfter.retry_after's future type on raising it.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
@INJECTED
async def test_injected_failures_reach_the_bot_as_telegram_errors_once(
    served: tuple[BotApiWorld, EmulatorServer],
    failure: Failure,
    raised: type[Exception],
    message: str,
) -> None:
    world, server = served
    world.fail_next("sendMessage", failure, chat_id=SARI)
    async with telegram_bot(server, read_timeout=0.5) as bot:
        with pytest.raises(raised, match=message):
            await bot.send_message(SARI, "Tercatat")
        await bot.send_message(SARI, "Tercatat")
    assert world.bot_texts(SARI) == ["Tercatat"]


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
@INJECTED
async def test_injected_failures_reach_an_in_process_bot_as_they_reach_one_over_http(
    failure: Failure, raised: type[Exception], message: str
) -> None:
    """The in-process adapter the chat and outbox tests use (tests/chatkit.py) raises the same
    errors, and a sequence of failures for one chat plays in order, leaving other chats be."""
    world = BotApiWorld()
    world.person(SARI, "Sari")
    world.person(OTHER, "Rina")
    world.fail_next("sendMessage", failure, failure, chat_id=SARI)
    async with Bot(TOKEN, request=WorldRequest(world)) as bot:
        await bot.send_message(OTHER, "Untuk chat lain")
        for _ in range(2):
            with pytest.raises(raised, match=message):
                await bot.send_message(SARI, "Tercatat")
        await bot.send_message(SARI, "Tercatat")
    assert (world.bot_texts(SARI), world.bot_texts(OTHER)) == (["Tercatat"], ["Untuk chat lain"])
    assert [(r.method, r.chat_id) for r in world.requests] == [
        ("getMe", None),
        ("sendMessage", OTHER),
        *[("sendMessage", SARI)] * 3,
    ]


async def test_a_person_who_blocked_the_bot_is_refused_until_unblocked(
    served: tuple[BotApiWorld, EmulatorServer],
) -> None:
    world, server = served
    world.blocked.add(SARI)
    async with telegram_bot(server) as bot:
        with pytest.raises(Forbidden, match="bot was blocked by the user"):
            await bot.send_message(SARI, "Pengingat")
        world.blocked.discard(SARI)
        await bot.send_message(SARI, "Pengingat")
    assert world.bot_texts(SARI) == ["Pengingat"]


class Receiver:
    """A bot's webhook port: records each post, answering 500 to the first `refuse` of them."""

    def __init__(self, refuse: int = 0) -> None:
        self.posts: list[tuple[str, dict[str, object]]] = []
        self.refuse = refuse
        self.url = ""

    async def __aenter__(self) -> Receiver:
        receiver = self

        class _Post(RequestHandler):
            def post(self) -> None:
                receiver.posts.append(
                    (self.request.headers.get(SECRET_HEADER, ""), json.loads(self.request.body))
                )
                if len(receiver.posts) <= receiver.refuse:
                    self.send_error(500)

        sockets = bind_sockets(0, HOST)
        self.server = HTTPServer(Application([("/telegram", _Post)]))
        self.server.add_sockets(sockets)
        self.url = f"http://{HOST}:{sockets[0].getsockname()[1]}/telegram"
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.server.stop()
        await self.server.close_all_connections()


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    async with Receiver(refuse=1) as started:
        yield started


async def test_a_webhook_is_set_shown_and_deleted_as_on_telegram(
    served: tuple[BotApiWorld, EmulatorServer],
) -> None:
    world, server = served
    async with telegram_bot(server) as bot:
        assert (await bot.get_webhook_info()).url == ""
        await bot.set_webhook("https://kinerja.contoh.go.id/telegram", secret_token="rahasia")
        world.send_text(SARI, "tidak ada yang mengambil")
        info = await bot.get_webhook_info()
        assert (info.url, info.pending_update_count) == ("https://kinerja.contoh.go.id/telegram", 1)
        with pytest.raises(Conflict, match="can't use getUpdates method while webhook is active"):
            await bot.get_updates(timeout=0)
        await bot.delete_webhook()
        assert world.webhook is None and (await bot.get_webhook_info()).url == ""
        (update,) = await bot.get_updates(timeout=0)
        assert update.message is not None and update.message.text == "tidak ada yang mengambil"
        await bot.set_webhook("https://kinerja.contoh.go.id/telegram")
        await bot.delete_webhook(drop_pending_updates=True)
        assert world.updates == []


async def test_updates_are_pushed_in_order_with_the_secret_and_again_until_answered(
    served: tuple[BotApiWorld, EmulatorServer], receiver: Receiver
) -> None:
    world, server = served
    for text in ("satu", "dua"):
        world.send_text(SARI, text)
    async with telegram_bot(server) as bot:
        await bot.set_webhook(receiver.url, secret_token="rahasia-uji")
        await world.wait_until(lambda: not world.updates, timeout=30)
    secrets = {secret for secret, _ in receiver.posts}
    texts = [update["message"]["text"] for _, update in receiver.posts]  # type: ignore[index]
    assert secrets == {"rahasia-uji"}
    assert texts == ["satu", "satu", "dua"], "refused once, pushed again, then the next"


async def test_a_second_long_poll_ends_the_first_with_409_conflict(
    served: tuple[BotApiWorld, EmulatorServer],
) -> None:
    world, server = served
    async with telegram_bot(server) as first, telegram_bot(server) as second:
        waiting = asyncio.create_task(first.get_updates(timeout=30))
        await world.wait_until(lambda: world.pollers, timeout=5)
        later = asyncio.create_task(second.get_updates(timeout=30))
        with pytest.raises(Conflict, match="terminated by other getUpdates request"):
            await asyncio.wait_for(waiting, timeout=5)
        world.send_text(SARI, "untuk yang kedua")
        (update,) = await asyncio.wait_for(later, timeout=5)
    assert update.message is not None and update.message.text == "untuk yang kedua"


async def test_a_whole_quarter_against_the_bot_process_killed_in_the_middle(
    tmp_path: Path, databases: Databases
) -> None:
    """All eleven steps, every role, returns at steps 2, 5 and 9, an upload, reminders past
    a deadline, a 502 and a 429 on the way, and a kill -9 while a Kabid is answering."""
    async with staged(tmp_path, print, databases.url(migrated=False)) as quarter:
        try:
            final = await quarter.play()
        except BaseException:
            print("--- log bot ---", quarter.bot.log_tail(), sep="\n")
            raise
        world, phones = quarter.world, quarter.phones

    assert check_final_workbook(final) == Checked(indicators=29, analyses=9, files=2)

    assert world.calls.count("getMe") == 2, "the bot ran, was killed, and ran again"
    sari = KABID[DAFDUK].telegram_id
    echoes = [t for t in world.bot_texts(sari) if t.startswith("✅ Tercatat ")]
    assert len(echoes) == 7, "6 answers and 1 correction: none lost to the kill, none twice"
    assert len([t for t in echoes if ": diubah dari " in t]) == 1, "the correction says so"

    kasubag = phones[KASUBAG.telegram_id]
    _, draft = kasubag.document("-DRAFT.xlsx")
    with pytest.raises(WorkbookMismatch, match="DRAFT"):
        check_final_workbook(draft)

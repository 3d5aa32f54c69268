"""Drive the real Application in-process against the emulated Telegram (bot.emulator.world).

The bot's HTTP layer is replaced by a BaseRequest that hands each Bot API call to the world,
so handlers, PTB's parsing and the bot's requests are all real; tests read each person's chat
as they would see it. This is the tests' one fake Telegram: the sender and the jobs run on it
too, and the failures they must survive are the world's (`fail_next`, `blocked`).
"""

from __future__ import annotations

import json
from functools import partial
from typing import Any

from telegram import Update
from telegram.error import NetworkError, TimedOut
from telegram.ext import Application, ApplicationBuilder
from telegram.request import BaseRequest, RequestData

from bot import instances
from bot.emulator.model import ChatMessage, Dropped
from bot.emulator.world import BotApiWorld
from bot.workflow import files
from scheduler.outbox import deliver_due
from tests.people import NAMES as PEOPLE

TOKEN = "123456:TEST"


def office_world() -> BotApiWorld:
    """The emulated Telegram with a chat for everyone of the test office (tests/people.py)."""
    world = BotApiWorld()
    for telegram_id, name in PEOPLE.items():
        world.person(telegram_id, name)
    return world


def jobs_application(world: BotApiWorld) -> Application:  # type: ignore[type-arg]
    """A bare Application over the world, JobQueue and all, without the bot's handlers: for
    the jobs, which only send."""
    request = WorldRequest(world)
    return ApplicationBuilder().token(TOKEN).request(request).get_updates_request(request).build()


class WorldRequest(BaseRequest):
    """Bot API calls answered by the world instead of the network; a call the world drops
    raises what PTB's own HTTPXRequest raises for it (TimedOut, or NetworkError when the
    connection closes unanswered)."""

    def __init__(self, world: BotApiWorld) -> None:
        self.world = world

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        if "/file/bot" in url:
            path = url.split("/file/bot", 1)[1].split("/", 1)[1]
            content = self.world.file_content(path)
            return (200, content) if content is not None else (404, b"Not Found")
        api_method = url.rsplit("/", 1)[1]
        params: dict[str, Any] = dict(request_data.json_parameters) if request_data else {}
        uploads: dict[str, tuple[str, bytes]] = {}
        for name, field_tuple in (request_data.multipart_data if request_data else {}).items():
            filename, content = field_tuple[0], field_tuple[1]
            uploads[name] = (filename, content if isinstance(content, bytes) else content.read())
        try:
            status, body = self.world.call(api_method, params, uploads)
        except Dropped as dropped:
            if dropped.how == "timeout":
                raise TimedOut from dropped
            raise NetworkError(
                "httpx.RemoteProtocolError: Server disconnected without sending a response."
            ) from dropped
        return status, json.dumps(body).encode()


class Chat:
    """People acting in Telegram, each update processed by the Application as it arrives."""

    def __init__(self, world: BotApiWorld, application: Application) -> None:  # type: ignore[type-arg]
        self.world = world
        self.application = application
        self.sender: instances.Instance | None = None
        """The process the outbox is sent as, recorded at the first `deliver`."""

    async def process(self, update: dict[str, Any]) -> None:
        await self.application.process_update(Update.de_json(update, self.application.bot))

    async def text(self, user_id: int, text: str) -> None:
        await self.process(self.world.send_text(user_id, text))

    async def press(self, user_id: int, label: str) -> None:
        await self.process(self.world.press(user_id, label))

    async def press_data(self, user_id: int, message_id: int, data: str) -> None:
        await self.process(self.world.press_data(user_id, message_id, data))

    async def document(self, user_id: int, filename: str, content: bytes) -> None:
        await self.process(self.world.send_document(user_id, filename, content))

    async def photo(self, user_id: int, content: bytes) -> None:
        await self.process(self.world.send_photo(user_id, content))

    async def deliver(self) -> int:
        """Run the outbox sender until nothing is due (what the JobQueue does in production)."""
        ctx = self.application.bot_data["ctx"]
        if self.sender is None:
            self.sender = instances.register(ctx)
        total = 0
        render = partial(files.render, ctx)
        while sent := await deliver_due(self.application.bot, ctx, render, self.sender):
            total += sent
        return total

    def messages(self, user_id: int) -> list[ChatMessage]:
        return self.world.bot_messages(user_id)

    def last(self, user_id: int) -> ChatMessage:
        return self.messages(user_id)[-1]

    def answer(self, user_id: int) -> list[str]:
        """The newest message in parts: what was understood, then what is asked next (one
        message per answer, CHAT.md)."""
        return self.last(user_id).text.split("\n\n")

    def texts(self, user_id: int) -> list[str]:
        return self.world.bot_texts(user_id)

    def seen(self, user_id: int, fragment: str) -> bool:
        return any(fragment in text for text in self.texts(user_id))

    def alert(self) -> str:
        answer = self.world.last_answer()
        assert answer is not None and answer["show_alert"], answer
        return answer["text"]

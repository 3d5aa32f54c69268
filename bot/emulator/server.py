"""The emulated Telegram served over HTTP on 127.0.0.1, at the Bot API's own paths.

`{root}/bot{token}/{method}` takes GET or POST with a query string, a form, a multipart body
(files) or a JSON body, and answers with Telegram's JSON; `{root}/file/bot{token}/{file_path}`
serves the files that getFile names. A wrong token gets 401 Unauthorized and an unknown method
404 Not Found, as from Telegram. So the bot runs unchanged against it, as a separate process,
with KINERJA_BOT_API_URL pointing here.

Once a bot has set a webhook on this machine (http://127.0.0.1 or localhost), the server
pushes each update there as Telegram does: a POST of the update's JSON with the secret in
X-Telegram-Bot-Api-Secret-Token, one at a time in order, the next only after a 2xx answer, and
the same one again after a short pause when the answer is anything else or none comes (the
process died, the proxy had nowhere to send it). A webhook elsewhere is only recorded, since
nothing here leaves the machine.

Tornado serves it: python-telegram-bot's webhooks extra already installs it, so the emulator
adds no dependency; httpx (python-telegram-bot's own) pushes. It runs on the caller's asyncio
loop, beside the people's side that drives the same world.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable
from contextlib import suppress
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import httpx
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application, RequestHandler

from bot.emulator.model import Dropped
from bot.emulator.world import BotApiWorld

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
UNAUTHORIZED = {"ok": False, "error_code": 401, "description": "Unauthorized"}
NOT_FOUND = {"ok": False, "error_code": 404, "description": "Not Found"}
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
PUSH_TIMEOUT_SECONDS = 60.0
"""How long a push waits for the bot's answer: a bot answers once it has handled the update."""
PUSH_RETRY_SECONDS = 0.2
"""The pause before an update whose push failed is pushed again (Telegram waits longer)."""


class EmulatorServer:
    """Serves `world` to the bot holding `token`, on a free port of 127.0.0.1.

    Use as `async with EmulatorServer(world, token) as server:`; `server.url` is what
    KINERJA_BOT_API_URL must be. Leaving the block answers every waiting long poll and hang.
    """

    def __init__(self, world: BotApiWorld, token: str) -> None:
        self.world = world
        self.token = token
        self.port = 0
        self.closing = asyncio.Event()
        self._server: HTTPServer | None = None
        self._pushing: asyncio.Task[None] | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    async def start(self) -> str:
        sockets = bind_sockets(0, HOST)
        self.port = sockets[0].getsockname()[1]
        routes = [
            (r"/bot([^/]+)/([A-Za-z0-9_]+)", _MethodHandler, {"server": self}),
            (r"/file/bot([^/]+)/(.+)", _FileHandler, {"server": self}),
        ]
        application = Application(routes, log_function=_log_request)
        self._server = HTTPServer(application, max_body_size=60 * 1024 * 1024)
        self._server.add_sockets(sockets)
        self._pushing = asyncio.create_task(self._push())
        return self.url

    async def _push(self) -> None:
        """Deliver updates to a webhook on this machine, forever (see the module's docstring)."""
        world = self.world
        async with httpx.AsyncClient(timeout=PUSH_TIMEOUT_SECONDS, trust_env=False) as client:
            while True:
                url, secret, update = await world.wait_until(self._pushable, None)
                headers = {SECRET_HEADER: secret} if secret else {}
                try:
                    answer = await client.post(url, json=update, headers=headers)
                    delivered = answer.is_success
                except httpx.HTTPError:
                    delivered = False
                if delivered:
                    world.pushed(update["update_id"])
                else:
                    log.debug("webhook %s: update %s dikirim ulang nanti", url, update["update_id"])
                    await asyncio.sleep(PUSH_RETRY_SECONDS)

    def _pushable(self) -> tuple[str, str, dict[str, Any]] | None:
        found = self.world.next_push()
        if found is None or urlsplit(found[0]).hostname not in ("127.0.0.1", "localhost"):
            return None
        return found

    async def stop(self) -> None:
        self.closing.set()
        if self._pushing is not None:
            self._pushing.cancel()
            with suppress(asyncio.CancelledError):
                await self._pushing
            self._pushing = None
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
            self._server = None

    async def __aenter__(self) -> EmulatorServer:
        await self.start()
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        await self.stop()


def _log_request(handler: RequestHandler) -> None:
    """Requests at debug level: a refusal the emulator was asked to make is no warning."""
    request = handler.request
    log.debug("%s %s %s", handler.get_status(), request.method, request.path.split("/")[-1])


class _Handler(RequestHandler):
    server: EmulatorServer

    def initialize(self, server: EmulatorServer) -> None:  # type: ignore[override]
        self.server = server
        self.gone = asyncio.Event()

    def on_connection_close(self) -> None:
        self.gone.set()

    def answer(self, status: int, body: dict[str, Any]) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body, ensure_ascii=False))

    async def until_gone(self, work: Awaitable[Any]) -> Any | None:
        """`work`'s result, or None once the client left or the server is closing (a long
        poll whose bot was killed must not hold the loop)."""
        task = asyncio.ensure_future(work)
        waits = [asyncio.ensure_future(e.wait()) for e in (self.gone, self.server.closing)]
        done, _ = await asyncio.wait([task, *waits], return_when=asyncio.FIRST_COMPLETED)
        for waiting in (task, *waits):
            if waiting not in done:
                waiting.cancel()
        return task.result() if task in done else None


class _MethodHandler(_Handler):
    async def get(self, token: str, method: str) -> None:
        await self.post(token, method)

    async def post(self, token: str, method: str) -> None:
        if token != self.server.token:
            self.answer(401, UNAUTHORIZED)
            return
        try:
            params, files = self._params()
        except ValueError:
            self.answer(400, {"ok": False, "error_code": 400, "description": "Bad Request"})
            return
        try:
            answered = await self.until_gone(self.server.world.serve(method, params, files))
        except Dropped as dropped:
            await self._drop(dropped)
            return
        if answered is not None:
            self.answer(*answered)

    def _params(self) -> tuple[dict[str, Any], dict[str, tuple[str, bytes]]]:
        """Query and body parameters as the world takes them; ValueError for a bad JSON body."""
        request = self.request
        params: dict[str, Any] = {k: v[-1].decode() for k, v in request.query_arguments.items()}
        if request.headers.get("Content-Type", "").startswith("application/json"):
            body = json.loads(request.body or b"{}")
            if not isinstance(body, dict):
                raise ValueError("a JSON body must be an object")
            params.update(body)
        else:
            params.update({k: v[-1].decode() for k, v in request.body_arguments.items()})
        files = {name: (parts[0].filename, parts[0].body) for name, parts in request.files.items()}
        return params, files

    async def _drop(self, dropped: Dropped) -> None:
        if dropped.how == "timeout":
            # Hold the request unanswered until the client's read timeout makes it give up.
            await self.until_gone(asyncio.Event().wait())
        assert self.request.connection is not None
        self.request.connection.close()


class _FileHandler(_Handler):
    async def get(self, token: str, file_path: str) -> None:
        if token != self.server.token:
            self.answer(401, UNAUTHORIZED)
            return
        content = self.server.world.file_content(file_path)
        if content is None:
            self.answer(404, NOT_FOUND)
            return
        self.set_header("Content-Type", "application/octet-stream")
        self.finish(content)

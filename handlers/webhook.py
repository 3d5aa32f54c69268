"""The webhook server: Telegram's updates and the reverse proxy's health check on one port.

python-telegram-bot's `run_webhook` serves the webhook path alone, on a tornado server it keeps
to itself. For anything beside it PTB documents the custom-webhook way (its
`customwebhookbot` examples): serve the web app yourself, put each update on the Application's
`update_queue`, and start and stop the Application around the server. Tornado, which PTB's
webhooks extra installs anyway, serves here:

- `POST /telegram` — an update, taken only with the secret Telegram echoes in
  X-Telegram-Bot-Api-Secret-Token (403 otherwise, as PTB's own handler answers), and answered
  once it has been handled, one at a time as PTB's own update queue handles them: Telegram
  sends an update again until it is answered, so one whose process dies while handling it
  (or before) goes to another process behind the proxy instead of being lost;
- `GET /sehat` — 200 with `{"sehat": true, "basis_data": …, "migrasi_terbaru": …,
  "antrean_outbox": …}` when the database answers with the expected schema, else 503 with the
  same fields: what a reverse proxy or a container's health check needs.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import signal
from collections.abc import Sequence
from typing import Any

from telegram import Update
from telegram.ext import Application
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application as WebApplication
from tornado.web import RequestHandler

from bot import health
from bot.workflow.context import Ctx

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/telegram"
HEALTH_PATH = "/sehat"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)

AnyApplication = Application[Any, Any, Any, Any, Any, Any]


class _Updates(RequestHandler):
    SUPPORTED_METHODS = ("POST",)  # type: ignore[assignment]

    def initialize(  # type: ignore[override]
        self, bot_application: AnyApplication, secret: str, lane: asyncio.Lock
    ) -> None:
        # Not `application`: tornado's RequestHandler takes that name for its own web app.
        self.bot_application = bot_application
        self.secret = secret
        self.lane = lane

    async def post(self) -> None:
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            log.debug("webhook: kiriman tanpa token rahasia yang benar ditolak")
            self.send_error(403)
            return
        try:
            update = Update.de_json(json.loads(self.request.body), self.bot_application.bot)
        except (ValueError, TypeError, KeyError):
            log.warning("webhook: kiriman yang bukan update Telegram ditolak")
            self.send_error(400)
            return
        async with self.lane:
            await self.bot_application.process_update(update)


class _Health(RequestHandler):
    SUPPORTED_METHODS = ("GET",)  # type: ignore[assignment]

    def initialize(self, ctx: Ctx) -> None:  # type: ignore[override]
        self.ctx = ctx

    async def get(self) -> None:
        found = await asyncio.to_thread(health.check, self.ctx)
        self.set_status(200 if found.healthy else 503)
        self.set_header("Cache-Control", "no-store")
        self.finish(found.as_json())


def web_app(application: AnyApplication, ctx: Ctx, secret: str) -> WebApplication:
    """The routes above; the server that runs them is `serve`'s (or a test's)."""
    return WebApplication(
        [
            (
                rf"{WEBHOOK_PATH}/?",
                _Updates,
                {"bot_application": application, "secret": secret, "lane": asyncio.Lock()},
            ),
            (HEALTH_PATH, _Health, {"ctx": ctx}),
        ],
        # Tornado's access log would be a line per update; the bot logs what matters itself.
        log_function=lambda handler: None,
    )


async def serve(
    application: AnyApplication,
    ctx: Ctx,
    *,
    listen: str,
    port: int,
    webhook_url: str,
    secret: str,
    allowed_updates: Sequence[str],
) -> None:
    """Serve until SIGINT or SIGTERM, then stop cleanly; `application` is initialized.

    The port listens and the Application runs before Telegram is told the webhook's address,
    so the first update pushed is handled at once.
    """
    stopped = asyncio.Event()
    loop = asyncio.get_running_loop()
    for stop_signal in STOP_SIGNALS:
        loop.add_signal_handler(stop_signal, stopped.set)
    server = HTTPServer(web_app(application, ctx, secret))
    try:
        if application.post_init is not None:
            await application.post_init(application)
        server.add_sockets(bind_sockets(port, listen))
        await application.start()
        await application.bot.set_webhook(
            webhook_url, secret_token=secret, allowed_updates=allowed_updates
        )
        log.info("webhook mendengarkan di %s:%s", listen, port)
        await stopped.wait()
    finally:
        for stop_signal in STOP_SIGNALS:
            loop.remove_signal_handler(stop_signal)
        server.stop()
        await server.close_all_connections()
        if application.running:
            await application.stop()
            if application.post_stop is not None:
                await application.post_stop(application)
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)

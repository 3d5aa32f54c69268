"""The wiring: python-telegram-bot's Application around the core, the handlers and the jobs.

With KINERJA_BOT_API_URL the bot talks to any server that speaks the Bot API at
`{root}/bot{token}/{method}` (Telegram's own local Bot API server, or the emulator used in
tests and the demo) without any other change.

`run` turns every way the start can fail (a token Telegram refuses, no network, a busy webhook
port) into a StartupError carrying one Indonesian sentence: the person starting the bot is an
office administrator, and python-telegram-bot's own errors quote the token.

Several processes may serve one bot on one database (bot.instances): any number in webhook
mode, behind one URL and one secret; only one in polling mode, which holds the polling lease.
Polling never starts over a webhook someone else set (python-telegram-bot's polling deletes
it), and webhook mode never starts while a process polls on the same database.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.exc import SQLAlchemyError
from telegram import BotCommand, BotCommandScopeChat, Update
from telegram.error import Conflict, InvalidToken, NetworkError, TelegramError
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes, Defaults
from telegram.request import BaseRequest

import handlers
from bot import formatting, instances, texts
from bot.config import Settings, bot_token, webhook_secret
from bot.errors import StartupError
from bot.instances import Instance, LeaseHeld
from bot.startup import (
    JsonLinesFormatter,
    RedactingFormatter,
    ensure_port_free,
    retry_within,
    server_name,
)
from bot.workflow import files, lookup, registration
from bot.workflow.context import Ctx, build_context
from handlers import webhook
from scheduler import jobs

log = logging.getLogger(__name__)


class AnswersFirst(AIORateLimiter):
    """python-telegram-bot's rate limiter, except for taking a card's buttons off.

    The broadcast limit it keeps (30 a second) is for messages. Removing the buttons of a card
    the person has answered is an edit of their own chat, and changes nothing if it fails: the
    core refuses a press on an answered card. Queued behind the limit, every answer cost two
    of its turns, so 200 Kabid answering at once waited twice as long for their echoes as the
    echoes alone need (bench P6). A refusal of it (even Telegram's 429) is logged and dropped
    by the handler, never waited for.
    """

    async def process_request(
        self,
        callback: Any,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        if endpoint == UNLIMITED and data.get("reply_markup") is None:
            return await callback(*args, **kwargs)
        return await super().process_request(
            callback, args, kwargs, endpoint, data, rate_limit_args
        )


UNLIMITED = "editMessageReplyMarkup"
"""The one Bot API method AnswersFirst lets through: only ever called to remove buttons."""


CONFLICT_SAID_EVERY_SECONDS = 60.0
"""How often a polling conflict is written to the log while it goes on (PTB retries at once)."""


def build_application(
    settings: Settings,
    ctx: Ctx,
    me: Instance,
    *,
    polling: bool = False,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
    rate_limiter: bool = True,
) -> Application:  # type: ignore[type-arg]
    """The bot with every handler registered, its jobs run as the process `me` (polling: under
    the polling lease); `request` lets tests put a fake Bot API under it."""
    assert settings.telegram_bot_token is not None
    root = settings.bot_api_url.rstrip("/")
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(f"{root}/bot")
        .base_file_url(f"{root}/file/bot")
        .defaults(Defaults(tzinfo=ZoneInfo(settings.zona_waktu)))
        .post_init(_post_init)
    )
    if rate_limiter:
        builder = builder.rate_limiter(AnswersFirst(max_retries=3))
    if request is not None:
        builder = builder.request(request)
    if get_updates_request is not None:
        builder = builder.get_updates_request(get_updates_request)
    application = builder.build()
    application.bot_data["ctx"] = ctx
    handlers.register(application)
    jobs.install(application, ctx, partial(files.render, ctx), me, polling=polling)
    application.add_error_handler(_on_error)
    return application


async def _post_init(application: Application) -> None:  # type: ignore[type-arg]
    """Menus: the default one for strangers, and each bound person's own (DESIGN §9)."""
    ctx: Ctx = application.bot_data["ctx"]
    await application.bot.set_my_commands([BotCommand(n, d) for n, d in texts.MENU_ORANG_BARU])
    for member in registration.list_users(ctx):
        person = lookup.person(ctx, member.telegram_id)
        if person.roles:
            commands = [BotCommand(n, t) for n, t in texts.commands_for(list(person.roles))]
            await application.bot.set_my_commands(
                commands, scope=BotCommandScopeChat(member.telegram_id)
            )


async def _on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log everything (never the token), and tell the person that nothing saved was lost.

    A polling conflict (409: another poller or a webhook for the same token, on another
    database, since this one's polling lease keeps a second poller out) is one sentence in the
    log at most once a minute rather than a traceback on each of PTB's retries.
    """
    if update is None and isinstance(context.error, Conflict):
        _say_conflict(context.application.bot_data, context.error)
        return
    log.error("gagal memproses update", exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat is not None:
        if update.callback_query is not None:
            try:
                await update.callback_query.answer(texts.GANGGUAN[:200], show_alert=True)
                return
            except Exception:  # the query may already be answered or too old
                log.info("callback query not answered after an error")
        await context.bot.send_message(update.effective_chat.id, texts.GANGGUAN)


def _say_conflict(bot_data: dict[str, object], conflict: Conflict) -> None:
    now = time.monotonic()
    said = bot_data.get("konflik_polling_dicatat")
    if isinstance(said, float) and now - said < CONFLICT_SAID_EVERY_SECONDS:
        return
    bot_data["konflik_polling_dicatat"] = now
    log.error(texts.polling_bentrok("webhook" in conflict.message.lower()))


def configure_logging(token: str, log_format: str = "plain") -> None:
    """The log on stderr, plain lines or JSON lines (KINERJA_LOG_FORMAT), with the token
    written as «[token]» in every line."""
    logging.basicConfig(level=logging.INFO)
    formatter = (
        JsonLinesFormatter(token)
        if log_format == "json"
        else RedactingFormatter(token, "%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    for handler in logging.getLogger().handlers:
        handler.setFormatter(formatter)
    # Warnings go through the same handlers, so they are redacted too.
    logging.captureWarnings(True)
    # httpx logs every request URL, and a Bot API URL contains the token: not worth a line each.
    # Alembic says which dialect it found on every start; a failed start shows only its sentence.
    for chatty in ("httpx", "apscheduler", "alembic"):
        logging.getLogger(chatty).setLevel(logging.WARNING)


def run(settings: Settings) -> None:
    """`kinerja-bot run`: polling by default, a webhook when KINERJA_WEBHOOK_URL is set.

    Raises ConfigError or StartupError, each one Indonesian sentence without the token. The
    token's shape, the webhook secret and the webhook port are checked before any network
    call; an unreachable Bot API is tried again for KINERJA_BATAS_MULAI_DETIK seconds. The
    process is recorded in the database while it runs (bot.instances) and removed as it ends.
    """
    token = bot_token(settings)
    secret = webhook_secret(settings) if settings.webhook_url else None
    if settings.webhook_url:
        ensure_port_free(settings.webhook_listen, settings.webhook_port)
    configure_logging(token, settings.log_format)
    ctx = build_context(settings)
    me = instances.register(ctx)
    try:
        application = build_application(settings, ctx, me, polling=secret is None)
        server = server_name(settings.bot_api_url)
        # run_polling and the webhook server take the current loop: set it, so the connection
        # made here is the one they go on with (Application.initialize does nothing the second
        # time).
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(_connect(application, settings.batas_mulai_detik, server))
            _serve(application, ctx, me, settings, secret, loop)
        except InvalidToken:
            raise StartupError(texts.TOKEN_DITOLAK) from None
        except NetworkError:
            raise StartupError(texts.tak_terhubung(server)) from None
        except TelegramError:
            raise StartupError(texts.jawaban_tak_terduga(server)) from None
        finally:
            loop.close()
    finally:
        try:
            instances.leave(ctx, me)
        except SQLAlchemyError:
            # The start or the stop already says what went wrong; the other processes find
            # this one dead by its heartbeat within a lease.
            log.warning("catatan proses ini tidak dapat dihapus dari basis data")
    stopped = application.bot_data.get(jobs.STOPPED)
    if stopped:
        raise StartupError(str(stopped))


async def _connect(application: Application, seconds: int, server: str) -> None:  # type: ignore[type-arg]
    """Reach the Bot API (getMe), trying again within `seconds` while the network fails."""

    def say_retrying() -> None:
        print(texts.mencoba_lagi(server, seconds), file=sys.stderr, flush=True)

    try:
        await retry_within(
            application.initialize,
            retry_on=NetworkError,
            seconds=seconds,
            on_first_failure=say_retrying,
        )
    except TelegramError:
        await application.bot.shutdown()
        raise


def _serve(
    application: Application,  # type: ignore[type-arg]
    ctx: Ctx,
    me: Instance,
    settings: Settings,
    secret: str | None,
    loop: asyncio.AbstractEventLoop,
) -> None:
    """Run until stopped (Ctrl+C, SIGTERM), by webhook (with GET /sehat beside it) or by
    polling, once nothing stands in the way (see the module's docstring)."""
    if secret is not None and settings.webhook_url:
        loop.run_until_complete(_unless_polled(application, ctx, settings))
        loop.run_until_complete(
            webhook.serve(
                application,
                ctx,
                listen=settings.webhook_listen,
                port=settings.webhook_port,
                webhook_url=settings.webhook_url.rstrip("/") + webhook.WEBHOOK_PATH,
                # Telegram echoes it on every post, so forged posts are refused.
                secret=secret,
                allowed_updates=Update.ALL_TYPES,
            )
        )
    else:
        loop.run_until_complete(_before_polling(application, ctx, me, settings))
        # Pending updates are people's messages: never dropped (drop_pending_updates stays off).
        application.run_polling(allowed_updates=Update.ALL_TYPES)


async def _unless_polled(application: Application, ctx: Ctx, settings: Settings) -> None:  # type: ignore[type-arg]
    """StartupError while a live process polls on this database: the webhook would stop it."""
    polling = await asyncio.to_thread(instances.holder, ctx)
    if polling is not None:
        await application.shutdown()
        raise StartupError(texts.polling_menghalangi_webhook(*_described(polling, settings)))


async def _before_polling(
    application: Application,  # type: ignore[type-arg]
    ctx: Ctx,
    me: Instance,
    settings: Settings,
) -> None:
    """StartupError when a webhook is set (polling would delete it) or another live process
    holds the polling lease; otherwise this process holds it."""
    info = await application.bot.get_webhook_info()
    try:
        if info.url:
            raise StartupError(texts.webhook_sudah_terpasang(info.url))
        try:
            await asyncio.to_thread(instances.take, ctx, me)
        except LeaseHeld as held:
            raise StartupError(
                texts.polling_sedang_berjalan(*_described(held.holder, settings))
            ) from None
    except StartupError:
        await application.shutdown()
        raise


def _described(holder: Instance, settings: Settings) -> tuple[str, int, str, int]:
    """Host, pid, start and how long its lease lasts, for a refusal that names a process."""
    since = formatting.waktu_lengkap(holder.started_at, settings.zona_waktu)
    return holder.host, holder.pid, since, int(instances.LEASE.total_seconds())

"""What `kinerja-bot run` needs before the bot runs, free of Telegram: trying a step again within
a time budget, keeping the token out of the log (plain or JSON lines), and making sure the
webhook port is free.

bot/app.py puts these around python-telegram-bot; they are here so they can be tested alone.
"""

from __future__ import annotations

import asyncio
import errno
import json
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TypeVar
from urllib.parse import urlsplit

from tornado.netutil import bind_sockets

from bot import texts
from bot.errors import StartupError

_T = TypeVar("_T")

FIRST_PAUSE = 0.5
LONGEST_PAUSE = 10.0
"""Pauses between tries double from half a second up to ten: a network that comes back is
noticed quickly, and a server that is down is not hammered."""

REDACTED = "[token]"


async def retry_within(
    attempt: Callable[[], Awaitable[_T]],
    *,
    retry_on: type[BaseException] | tuple[type[BaseException], ...],
    seconds: float,
    on_first_failure: Callable[[], None],
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> _T:
    """`attempt()`'s result, trying again after `retry_on` errors until `seconds` have passed.

    `on_first_failure` runs once, before the first pause, so a person waiting is told once why
    nothing happens yet. Once the time is up the last error is raised; any other error at once.
    """
    deadline = clock() + seconds
    pause = FIRST_PAUSE
    failed_before = False
    while True:
        try:
            return await attempt()
        except retry_on:
            remaining = deadline - clock()
            if remaining <= 0:
                raise
            if not failed_before:
                on_first_failure()
                failed_before = True
            await sleep(min(pause, remaining))
            pause = min(pause * 2, LONGEST_PAUSE)


class RedactingFormatter(logging.Formatter):
    """Writes the token as «[token]» wherever it appears in a record: message, arguments and
    traceback alike — python-telegram-bot's errors and httpx's request lines carry the Bot API
    URL, and with it the token. Applied to the finished text, so no part can slip past; the
    part after the colon is the secret itself, so it is hidden even where it stands alone."""

    def __init__(self, token: str, fmt: str | None = None) -> None:
        super().__init__(fmt)
        self.secrets = [secret for secret in (token, token.partition(":")[2]) if secret]

    def format(self, record: logging.LogRecord) -> str:
        return self.redact(super().format(record))

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text


class JsonLinesFormatter(RedactingFormatter):
    """One JSON object per line (KINERJA_LOG_FORMAT=json), for a log collector: `time` (UTC,
    ISO 8601), `level`, `logger`, `message`, and `exception` / `stack` when the record has
    them. Redacted like the plain lines, on the finished line: a token is made of letters,
    digits, «:», «-» and «_», which JSON writes unchanged, so it is found there as anywhere."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return self.redact(json.dumps(entry, ensure_ascii=False))


def server_name(url: str) -> str:
    """The Bot API's host (and port), for messages: never a path or a password in the URL."""
    return urlsplit(url).netloc.rpartition("@")[2]


def ensure_port_free(listen: str, port: int) -> None:
    """StartupError unless the webhook server can listen on `listen`:`port`.

    Checked before any call to Telegram, so a busy port does not first move the bot's webhook to
    a server that will never answer. Bound the way the webhook server (tornado) binds it.
    """
    try:
        for bound in bind_sockets(port, listen):
            bound.close()
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise StartupError(texts.port_dipakai(listen, port)) from None
        raise StartupError(texts.port_tak_dapat_dipakai(listen, port)) from None

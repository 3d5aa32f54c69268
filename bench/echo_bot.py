"""The floor: a bare python-telegram-bot Application that echoes every text, run as a process.

    python -m bench.echo_bot API_URL TOKEN LIMITER_JSON

It polls like `kinerja-bot run` (same builder defaults, same run_polling call) with the same
AIORateLimiter settings, passed in as JSON, so a ratio against it measures our work and not
Telegram's limits. It imports nothing of the project, so its memory is PTB's alone (P5).
"""

from __future__ import annotations

import json
import sys

from telegram import Update
from telegram.ext import AIORateLimiter, ApplicationBuilder, ContextTypes, MessageHandler, filters


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None and update.message.text is not None
    await update.message.reply_text(update.message.text)


def main() -> None:
    api_url, token, limiter = sys.argv[1:4]
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(f"{api_url}/bot")
        .base_file_url(f"{api_url}/file/bot")
    )
    settings = json.loads(limiter)
    if settings is not None:
        builder = builder.rate_limiter(AIORateLimiter(**settings))
    application = builder.build()
    application.add_handler(MessageHandler(filters.TEXT, echo))
    application.run_polling(allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()

"""Button rows (`bot.buttons`, built in the core) as Telegram's inline keyboard markup."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

Rows = Sequence[Sequence[tuple[str, str]]]


def markup(rows: Rows) -> InlineKeyboardMarkup | None:
    """Rows of (label, callback data) as Telegram wants them; no rows, no keyboard."""
    if not rows:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )

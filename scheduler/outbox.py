"""The outbox sender: delivers what the workflow queued, in order per chat, and never loses it.

Every message to someone other than the person acting is an Outbox row written in the
transition's own transaction (DESIGN §6). `deliver_due` takes the due rows under a lease
(`locked_until`), so two processes — or a timer run and a wake-up run in one process — never
send the same row; sends them in id order per chat, a chat's pending row holding back its later
ones; and records what became of each:

- delivered: `sent_at` and `telegram_message_id` (of the text; a document goes just before it);
- a network error, a timeout or anything unexpected: `attempts` + 1, `last_error`, and
  `not_before` moved forward by a backoff doubling from 5 seconds up to 10 minutes, forever, so
  an hour without Telegram loses nothing;
- RetryAfter (flood control): `not_before` moved by exactly the time Telegram asks;
- the person blocked the bot, or Telegram knows no such chat: `failed_at` with the reason,
  `User.unreachable_at`, and the operators told — once, when `unreachable_at` is first set, so a
  notice to an operator who blocked the bot fails quietly instead of looping;
- any other refusal (BadRequest): `failed_at` with the reason; sending it again would fail again.

Delivery is at least once: if the process dies between Telegram's answer and the commit of
`sent_at`, that one message goes again once the lease has run out.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.warnings import PTBDeprecationWarning

from bot import texts
from bot.formatting import MAX_MESSAGE, split_message
from bot.sop import Role
from bot.workflow import common
from bot.workflow.context import Ctx
from storage import queries
from storage.models import Outbox, User

log = logging.getLogger(__name__)

RenderAttachment = Callable[[dict[str, Any]], tuple[str, bytes] | None]
"""Builds the document an outbox row names (`attachment`), as (filename, content); None when
there is nothing to attach. Injected, so the sender does not depend on the workbook code."""

LEASE = timedelta(minutes=10)
"""How long a claimed row is this sender's: a batch of 100 goes out in seconds, but PTB's rate
limiter may wait out Telegram's flood control on the way. Rows of a sender that died mid-batch
are picked up after this."""

FIRST_RETRY = timedelta(seconds=5)
LONGEST_RETRY = timedelta(minutes=10)
UNREACHABLE_BAD_REQUESTS = ("chat not found",)
"""BadRequest descriptions meaning the person cannot be reached (as Forbidden always means)."""


@dataclass(frozen=True)
class _Row:
    """What the sender needs of a claimed row, detached from its session."""

    id: int
    chat_id: int
    text: str
    buttons: list[list[dict[str, str]]]
    attachment: dict[str, Any] | None
    attempts: int
    telegram_message_id: int | None
    unreachable: bool
    """The chat's person was marked unreachable by an earlier failure."""
    edits: _Edited | None = None
    """Set on an edit: the delivered card it rewrites (`Outbox.replaces_id`)."""


@dataclass(frozen=True)
class _Edited:
    """A delivered card an edit row rewrites: its message (None when it never got one) and
    its text, below which the edit's text (who did the step, when) is added."""

    message_id: int | None
    text: str


class _Outcome(Enum):
    SENT = "sent"
    FAILED = "failed"
    """Given up for good; the chat's later rows go on."""
    LATER = "later"
    """Postponed; the chat's later rows wait behind it."""


async def deliver_due(
    bot: Bot, ctx: Ctx, render_attachment: RenderAttachment, *, limit: int = 100
) -> int:
    """Send up to `limit` due outbox rows; returns how many were delivered.

    Chats are served side by side, each strictly in order. The bot is only called from the
    event loop; database work and document rendering run in worker threads.
    """
    chats = await asyncio.to_thread(_claim, ctx, limit)
    run = _Run(bot, ctx, render_attachment)
    delivered = await asyncio.gather(*(run.deliver_chat(rows) for rows in chats))
    return sum(delivered)


def _claim(ctx: Ctx, limit: int) -> list[list[_Row]]:
    """Lease the due rows at the head of each chat's queue, grouped by chat in id order.

    A chat is held at its first pending row that is not due yet or is leased by another sender:
    its later rows must not overtake it.
    """
    now = ctx.now()
    with ctx.unit() as session:
        pending = session.execute(
            select(Outbox.id, Outbox.chat_id, Outbox.not_before, Outbox.locked_until)
            .where(Outbox.sent_at.is_(None), Outbox.failed_at.is_(None))
            .order_by(Outbox.id)
        ).all()
        held: set[int] = set()
        claimed: list[int] = []
        for row_id, chat_id, not_before, locked_until in pending:
            if len(claimed) >= limit:
                break
            if chat_id in held:
                continue
            leased_elsewhere = locked_until is not None and locked_until > now
            if not_before > now or leased_elsewhere or not _lease(session, row_id, now):
                held.add(chat_id)
                continue
            claimed.append(row_id)
        unreachable = set(
            session.scalars(select(User.telegram_id).where(User.unreachable_at.is_not(None)))
        )
        by_chat: dict[int, list[_Row]] = {}
        for row in session.scalars(
            select(Outbox).where(Outbox.id.in_(claimed)).order_by(Outbox.id)
        ):
            edited = session.get(Outbox, row.replaces_id) if row.replaces_id else None
            by_chat.setdefault(row.chat_id, []).append(
                _Row(
                    row.id,
                    row.chat_id,
                    row.text,
                    row.buttons,
                    row.attachment,
                    row.attempts,
                    row.telegram_message_id,
                    row.chat_id in unreachable,
                    _Edited(edited.telegram_message_id if edited.sent_at else None, edited.text)
                    if edited is not None
                    else None,
                )
            )
        return list(by_chat.values())


def _lease(session: Session, row_id: int, now: datetime) -> bool:
    """Take the row if it is still pending and nobody holds it; the check and the take are one
    statement, so of two senders exactly one wins."""
    taken = session.execute(
        update(Outbox)
        .where(
            Outbox.id == row_id,
            Outbox.sent_at.is_(None),
            Outbox.failed_at.is_(None),
            (Outbox.locked_until.is_(None)) | (Outbox.locked_until <= now),
        )
        .values(locked_until=now + LEASE)
    )
    return bool(taken.rowcount)  # type: ignore[attr-defined]


@dataclass
class _Run:
    """One sender run: what it sends with, and one lane for its database writes."""

    bot: Bot
    ctx: Ctx
    render_attachment: RenderAttachment
    writes: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def write(self, record: Callable[..., None], *args: Any) -> None:
        """Database work off the event loop, one at a time: chats served side by side would
        otherwise queue on SQLite's write lock, whose busy wait sleeps in milliseconds."""
        async with self.writes:
            await asyncio.to_thread(record, self.ctx, *args)

    async def deliver_chat(self, rows: Sequence[_Row]) -> int:
        delivered = 0
        for index, row in enumerate(rows):
            outcome = await self.deliver(row)
            if outcome is _Outcome.SENT:
                delivered += 1
            elif outcome is _Outcome.LATER:
                await self.write(_release, [later.id for later in rows[index + 1 :]])
                break
        return delivered

    async def deliver(self, row: _Row) -> _Outcome:
        try:
            message_id = await self.send(row)
        except RetryAfter as flood:
            await self.write(_postpone, row, str(flood), _retry_after(flood))
            return _Outcome.LATER
        except Forbidden as refused:
            await self.write(_give_up, row, refused.message, True)
            return _Outcome.FAILED
        except BadRequest as refused:
            lowered = refused.message.lower()
            unreachable = any(marker in lowered for marker in UNREACHABLE_BAD_REQUESTS)
            await self.write(_give_up, row, refused.message, unreachable)
            return _Outcome.FAILED
        except Exception as error:  # network errors, timeouts, a document that failed to build
            if isinstance(error, TelegramError):
                log.warning("outbox %s: %s; dicoba lagi nanti", row.id, error)
            else:
                log.exception("outbox %s: gagal disiapkan; dicoba lagi nanti", row.id)
            await self.write(_postpone, row, f"{type(error).__name__}: {error}", None)
            return _Outcome.LATER
        await self.write(_mark_sent, row, message_id)
        return _Outcome.SENT

    async def send(self, row: _Row) -> int | None:
        """Send the row's document, if it names one, then its text; returns the text's id.

        The text with its buttons comes last, so the card is the message just above the reply
        field, and stays a text message that a handler can edit once a button is pressed. The
        file is built before anything goes, so a file that fails to build never leaves a card
        without it; once the file is delivered its message id is kept, so a retry after a
        failed text sends only the text.
        """
        if row.edits is not None:
            return await self.edit(row, row.edits)
        if row.attachment and row.telegram_message_id is None:
            document = await asyncio.to_thread(self.render_attachment, row.attachment)
            if document is not None:
                filename, content = document
                sent = await self.bot.send_document(
                    row.chat_id, InputFile(content, filename=filename)
                )
                await self.write(_remember_file, row.id, sent.message_id)
        # Plain text on purpose: an explicit None overrides any parse mode set in Defaults.
        # A card over Telegram's limit goes in parts; the buttons ride on the last one.
        *leading, last = split_message(row.text)
        for part in leading:
            await self.bot.send_message(row.chat_id, part, parse_mode=None)
        message = await self.bot.send_message(
            row.chat_id, last, reply_markup=_keyboard(row.buttons), parse_mode=None
        )
        return message.message_id

    async def edit(self, row: _Row, card: _Edited) -> int | None:
        """Rewrite a delivered card's last part with the row's text below it, buttons gone;
        a card that was never delivered has nothing to rewrite."""
        if card.message_id is None:
            return None
        text = f"{split_message(card.text)[-1]}\n\n{row.text}"
        try:
            await self.bot.edit_message_text(
                text if len(text) <= MAX_MESSAGE else row.text,
                chat_id=row.chat_id,
                message_id=card.message_id,
                reply_markup=None,
                parse_mode=None,
            )
        except BadRequest as error:
            if "not modified" not in error.message.lower():
                raise
        return card.message_id


def _keyboard(rows: list[list[dict[str, str]]]) -> InlineKeyboardMarkup | None:
    if not rows:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b["label"], callback_data=b["data"]) for b in row] for row in rows]
    )


def _retry_after(flood: RetryAfter) -> timedelta:
    # PTB 22 warns that the attribute will become a timedelta; accept either.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        wait = flood.retry_after
    return wait if isinstance(wait, timedelta) else timedelta(seconds=wait)


def _mark_sent(ctx: Ctx, row: _Row, message_id: int | None) -> None:
    """Delivered; a person marked unreachable evidently reads the bot again."""
    with ctx.unit() as session:
        session.execute(
            update(Outbox)
            .where(Outbox.id == row.id)
            .values(sent_at=ctx.now(), telegram_message_id=message_id, locked_until=None)
        )
        if row.unreachable:
            session.execute(
                update(User).where(User.telegram_id == row.chat_id).values(unreachable_at=None)
            )


def _remember_file(ctx: Ctx, row_id: int, message_id: int) -> None:
    """The row's file is delivered; `telegram_message_id` set while `sent_at` is empty says so."""
    with ctx.unit() as session:
        session.execute(
            update(Outbox).where(Outbox.id == row_id).values(telegram_message_id=message_id)
        )


def _postpone(ctx: Ctx, row: _Row, error: str, wait: timedelta | None) -> None:
    """Try again after `wait` (Telegram's RetryAfter), or after a backoff by attempts so far."""
    delay = wait if wait is not None else min(FIRST_RETRY * 2**row.attempts, LONGEST_RETRY)
    with ctx.unit() as session:
        session.execute(
            update(Outbox)
            .where(Outbox.id == row.id)
            .values(
                attempts=Outbox.attempts + 1,
                not_before=ctx.now() + delay,
                last_error=error,
                locked_until=None,
            )
        )


def _release(ctx: Ctx, row_ids: Sequence[int]) -> None:
    """Hand back rows held behind a postponed one; they go after it, in a later run."""
    if not row_ids:
        return
    with ctx.unit() as session:
        session.execute(update(Outbox).where(Outbox.id.in_(row_ids)).values(locked_until=None))


def _give_up(ctx: Ctx, row: _Row, reason: str, unreachable: bool) -> None:
    """Mark the row failed; for an unreachable person, mark them and tell the operators once."""
    now = ctx.now()
    log.warning("outbox %s ke chat %s gagal: %s", row.id, row.chat_id, reason)
    with ctx.unit() as session:
        session.execute(
            update(Outbox)
            .where(Outbox.id == row.id)
            .values(
                attempts=Outbox.attempts + 1, failed_at=now, last_error=reason, locked_until=None
            )
        )
        if not unreachable:
            return
        user = queries.user_by_telegram(session, row.chat_id)
        if user is None:
            return
        newly = session.execute(
            update(User)
            .where(User.id == user.id, User.unreachable_at.is_(None))
            .values(unreachable_at=now)
        )
        if not newly.rowcount:  # type: ignore[attr-defined]
            return
        held = common.roles_of(session, user, now)
        peran = [role.label for role in Role if role in held]
        text = texts.pengguna_tak_terjangkau(user.nama, peran, texts.sebab_tak_terkirim(reason))
        common.notify_role(session, now, Role.OPERATOR, text, exclude=user)

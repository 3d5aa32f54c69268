"""The outbox sender: delivers what the workflow queued, in order per chat, and never loses it.

Every message to someone other than the person acting is an Outbox row written in the
transition's own transaction (DESIGN §6). `deliver_due` takes the due rows under a lease held
by this process (`locked_by`, `locked_until`), so two processes — or a timer run and a wake-up
run in one process — never send the same row; sends them in id order per chat, a chat's pending
row holding back its later ones; and records what became of each:

- delivered: `sent_at` and `telegram_message_id` (of the text; a document goes just before it);
- an edit (`replaces_id`): the delivered card it names is rewritten in place, buttons gone;
- a network error, a timeout or anything unexpected: `attempts` + 1, `last_error`, and
  `not_before` moved forward by a backoff doubling from 5 seconds up to 10 minutes, forever, so
  an hour without Telegram loses nothing;
- a document that fails to build: the same, and after BUILD_ATTEMPTS failures `failed_at`,
  with the operators told, so the chat's later rows go on;
- RetryAfter (flood control): `not_before` moved by exactly the time Telegram asks;
- the person blocked the bot, or Telegram knows no such chat: `failed_at` with the reason,
  `User.unreachable_at`, and the operators told — once, when `unreachable_at` is first set, so a
  notice to an operator who blocked the bot fails quietly instead of looping;
- any other refusal (BadRequest): `failed_at` with the reason; sending it again would fail again.

Several processes: a claim skips the rows another process is claiming at that moment (`FOR
UPDATE SKIP LOCKED` on PostgreSQL; on SQLite one claim runs at a time anyway), and each skipped
or leased row holds back its chat. A lease lasts bot.instances.LEASE and is renewed on every
beat of the process (`renew`) while its batch runs; a process that dies leaves its rows leased
until it is found dead (bot.instances), then they are free at once. Every record of an outcome
checks that this process still holds the row, so a process that lost its lease never overwrites
what the new holder did.

Delivery is at least once: if the process dies between Telegram's answer and the commit of
`sent_at`, that one message goes again once its lease is freed.
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
from bot.instances import LEASE, Instance
from bot.sop import Role
from bot.workflow import common
from bot.workflow.context import Ctx
from storage import queries
from storage.models import Outbox, User

log = logging.getLogger(__name__)

RenderAttachment = Callable[[dict[str, Any]], tuple[str, bytes] | None]
"""Builds the document an outbox row names (`attachment`), as (filename, content); None when
there is nothing to attach. Injected, so the sender does not depend on the workbook code."""

BUILD_ATTEMPTS = 5
"""How often a row's document may fail to build before the row is given up."""

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
    build_failures: int
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


class _BuildFailed(Exception):
    """The document a row names could not be built; the cause is chained."""


class _Outcome(Enum):
    SENT = "sent"
    FAILED = "failed"
    """Given up for good; the chat's later rows go on."""
    LATER = "later"
    """Postponed; the chat's later rows wait behind it."""


async def deliver_due(
    bot: Bot, ctx: Ctx, render_attachment: RenderAttachment, me: Instance, *, limit: int = 100
) -> int:
    """Send up to `limit` due outbox rows as the process `me`; returns how many were delivered.

    Chats are served side by side, each strictly in order. The bot is only called from the
    event loop; database work and document rendering run in worker threads. Rows of this batch
    not sent by the end (a chat held back behind a postponed row) are handed back.
    """
    chats = await asyncio.to_thread(_claim, ctx, me, limit)
    run = _Run(bot, ctx, me, render_attachment)
    delivered = await asyncio.gather(*(run.deliver_chat(rows) for rows in chats))
    return sum(delivered)


def renew(ctx: Ctx, me: Instance) -> None:
    """Extend the leases of the rows `me` holds (its running batch), on every beat."""
    with ctx.unit() as session:
        session.execute(
            update(Outbox)
            .where(_held_by(me), Outbox.sent_at.is_(None), Outbox.failed_at.is_(None))
            .values(locked_until=ctx.wall_now() + LEASE)
        )


def _held_by(me: Instance) -> Any:
    return Outbox.locked_by == me.id


def _claim(ctx: Ctx, me: Instance, limit: int) -> list[list[_Row]]:
    """Lease the due rows at the head of each chat's queue, grouped by chat in id order.

    A chat is held at its first pending row that is not due yet, is leased, or is being claimed
    by another process right now: its later rows must not overtake it.
    """
    now, wall = ctx.now(), ctx.wall_now()
    with ctx.unit() as session:
        wanted = _heads(session, now, wall, limit)
        if not wanted:
            return []
        # Lock what this claim wants, skipping what another claim holds instead of waiting for
        # it; the rows are read again under the lock, since they may have moved on meanwhile.
        free = {
            row_id
            for row_id, locked_by, locked_until, sent_at, failed_at in session.execute(
                select(
                    Outbox.id,
                    Outbox.locked_by,
                    Outbox.locked_until,
                    Outbox.sent_at,
                    Outbox.failed_at,
                )
                .where(Outbox.id.in_(wanted))
                .with_for_update(skip_locked=True)
            )
            if sent_at is None and failed_at is None and not _leased(locked_by, locked_until, wall)
        }
        held: set[int] = set()
        claimed: list[int] = []
        for row_id, chat_id in wanted.items():
            if chat_id in held or row_id not in free:
                held.add(chat_id)
                continue
            claimed.append(row_id)
        if not claimed:
            return []
        session.execute(
            update(Outbox)
            .where(Outbox.id.in_(claimed))
            .values(locked_by=me.id, locked_until=wall + LEASE)
        )
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
                    row.build_failures,
                    row.telegram_message_id,
                    row.chat_id in unreachable,
                    _Edited(edited.telegram_message_id if edited.sent_at else None, edited.text)
                    if edited is not None
                    else None,
                )
            )
        return list(by_chat.values())


def _heads(session: Session, now: datetime, wall: datetime, limit: int) -> dict[int, int]:
    """Row id → chat of the pending rows that may go now, in id order: each chat's rows from
    its first pending one up to the first that is not due or is leased, at most `limit`."""
    held: set[int] = set()
    heads: dict[int, int] = {}
    for row_id, chat_id, not_before, locked_by, locked_until in session.execute(
        select(Outbox.id, Outbox.chat_id, Outbox.not_before, Outbox.locked_by, Outbox.locked_until)
        .where(Outbox.sent_at.is_(None), Outbox.failed_at.is_(None))
        .order_by(Outbox.id)
    ):
        if len(heads) >= limit:
            break
        if chat_id in held:
            continue
        if not_before > now or _leased(locked_by, locked_until, wall):
            held.add(chat_id)
            continue
        heads[row_id] = chat_id
    return heads


def _leased(locked_by: int | None, locked_until: datetime | None, wall: datetime) -> bool:
    """A row is some process's while both are set and the lease has not run out; a holder found
    dead is removed, which clears `locked_by` (ON DELETE SET NULL)."""
    return locked_by is not None and locked_until is not None and locked_until > wall


@dataclass
class _Run:
    """One sender run: what it sends with, and one lane for its database writes."""

    bot: Bot
    ctx: Ctx
    me: Instance
    render_attachment: RenderAttachment
    writes: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def write(self, record: Callable[..., None], *args: Any) -> None:
        """Database work off the event loop, one at a time: chats served side by side would
        otherwise queue on SQLite's write lock, whose busy wait sleeps in milliseconds. Every
        record is made as `me`, and changes only rows `me` still holds."""
        async with self.writes:
            await asyncio.to_thread(record, self.ctx, self.me, *args)

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
        except _BuildFailed as failed:
            cause = failed.__cause__
            reason = f"{type(cause).__name__}: {cause}"
            if row.build_failures + 1 >= BUILD_ATTEMPTS:
                log.error(
                    "outbox %s: berkas gagal disiapkan %s kali, pesan dibatalkan: %s",
                    row.id,
                    BUILD_ATTEMPTS,
                    reason,
                    exc_info=cause,
                )
                await self.write(_abandon, row, reason)
                return _Outcome.FAILED
            log.warning(
                "outbox %s: berkas gagal disiapkan; dicoba lagi nanti", row.id, exc_info=cause
            )
            await self.write(_postpone, row, reason, None, True)
            return _Outcome.LATER
        except Exception as error:  # network errors, timeouts, anything unexpected
            if isinstance(error, TelegramError):
                log.warning("outbox %s: %s; dicoba lagi nanti", row.id, error)
            else:
                log.exception("outbox %s: gagal dikirim; dicoba lagi nanti", row.id)
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
        if row.attachment and row.attachment.get("photo"):
            return await self.picture(row)
        if row.attachment and row.telegram_message_id is None:
            try:
                document = await asyncio.to_thread(self.render_attachment, row.attachment)
            except Exception as error:
                raise _BuildFailed() from error
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

    async def picture(self, row: _Row) -> int | None:
        """A chart: one photo with the row's text as its caption (nothing when there is no
        longer anything to draw: the round is gone)."""
        try:
            picture = await asyncio.to_thread(self.render_attachment, row.attachment or {})
        except Exception as error:
            raise _BuildFailed() from error
        if picture is None:
            return None
        filename, content = picture
        sent = await self.bot.send_photo(
            row.chat_id, InputFile(content, filename=filename), caption=row.text[:1024] or None
        )
        return sent.message_id

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


def _mark_sent(ctx: Ctx, me: Instance, row: _Row, message_id: int | None) -> None:
    """Delivered; a person marked unreachable evidently reads the bot again."""
    with ctx.unit() as session:
        recorded = session.execute(
            update(Outbox)
            .where(Outbox.id == row.id, _held_by(me), Outbox.sent_at.is_(None))
            .values(sent_at=ctx.now(), telegram_message_id=message_id, locked_until=None)
        )
        if not recorded.rowcount:  # type: ignore[attr-defined]
            log.warning(
                "outbox %s: terkirim, tetapi sewanya sudah berpindah ke proses lain, yang "
                "mungkin mengirimnya sekali lagi",
                row.id,
            )
            return
        if row.unreachable:
            session.execute(
                update(User).where(User.telegram_id == row.chat_id).values(unreachable_at=None)
            )


def _remember_file(ctx: Ctx, me: Instance, row_id: int, message_id: int) -> None:
    """The row's file is delivered; `telegram_message_id` set while `sent_at` is empty says so."""
    with ctx.unit() as session:
        session.execute(
            update(Outbox)
            .where(Outbox.id == row_id, _held_by(me))
            .values(telegram_message_id=message_id)
        )


def _postpone(
    ctx: Ctx,
    me: Instance,
    row: _Row,
    error: str,
    wait: timedelta | None,
    build_failed: bool = False,
) -> None:
    """Try again after `wait` (Telegram's RetryAfter), or after a backoff by attempts so far."""
    delay = wait if wait is not None else min(FIRST_RETRY * 2**row.attempts, LONGEST_RETRY)
    with ctx.unit() as session:
        session.execute(
            update(Outbox)
            .where(Outbox.id == row.id, _held_by(me))
            .values(
                attempts=Outbox.attempts + 1,
                build_failures=Outbox.build_failures + int(build_failed),
                not_before=ctx.now() + delay,
                last_error=error,
                locked_by=None,
                locked_until=None,
            )
        )


def _release(ctx: Ctx, me: Instance, row_ids: Sequence[int]) -> None:
    """Hand back rows held behind a postponed one; they go after it, in a later run."""
    if not row_ids:
        return
    with ctx.unit() as session:
        session.execute(
            update(Outbox)
            .where(Outbox.id.in_(row_ids), _held_by(me))
            .values(locked_by=None, locked_until=None)
        )


def _fail(session: Session, ctx: Ctx, me: Instance, row: _Row, reason: str, **more: Any) -> bool:
    """Mark the row failed for good, if `me` still holds it; whether it did."""
    failed = session.execute(
        update(Outbox)
        .where(Outbox.id == row.id, _held_by(me))
        .values(
            attempts=Outbox.attempts + 1,
            failed_at=ctx.now(),
            last_error=reason,
            locked_by=None,
            locked_until=None,
            **more,
        )
    )
    return bool(failed.rowcount)  # type: ignore[attr-defined]


def _abandon(ctx: Ctx, me: Instance, row: _Row, reason: str) -> None:
    """Give up a row whose document never builds, and tell the operators which message to whom
    did not go, so the chat's later rows go on and someone can act on it."""
    with ctx.unit() as session:
        if not _fail(session, ctx, me, row, reason, build_failures=Outbox.build_failures + 1):
            return
        now = ctx.now()
        user = queries.user_by_telegram(session, row.chat_id)
        nama, peran = (
            (user.nama, _role_labels(session, user, now))
            if user is not None
            else (f"chat {row.chat_id}", [])
        )
        judul = row.text.strip().splitlines()[0] if row.text.strip() else ""
        text = texts.berkas_gagal_disiapkan(nama, peran, judul, BUILD_ATTEMPTS)
        common.notify_role(session, now, Role.OPERATOR, text)


def _give_up(ctx: Ctx, me: Instance, row: _Row, reason: str, unreachable: bool) -> None:
    """Mark the row failed; for an unreachable person, mark them and tell the operators once."""
    now = ctx.now()
    log.warning("outbox %s ke chat %s gagal: %s", row.id, row.chat_id, reason)
    with ctx.unit() as session:
        if not _fail(session, ctx, me, row, reason) or not unreachable:
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
        text = texts.pengguna_tak_terjangkau(
            user.nama, _role_labels(session, user, now), texts.sebab_tak_terkirim(reason)
        )
        common.notify_role(session, now, Role.OPERATOR, text, exclude=user)


def _role_labels(session: Session, user: User, now: datetime) -> list[str]:
    held = common.roles_of(session, user, now)
    return [role.label for role in Role if role in held]

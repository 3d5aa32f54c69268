"""What every handler shares: the core context, refusals, card sending and editing.

Handlers are thin: parse the update, call the core, render the answer. A refusal from the core
(WorkflowError) is shown as it is; nothing else reaches the user but a polite apology.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable, Sequence
from contextvars import ContextVar
from typing import Any, TypeAlias

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    CallbackQuery,
    ForceReply,
    InputFile,
    Message,
    Update,
)
from telegram.error import BadRequest, RetryAfter
from telegram.ext import ContextTypes

from bot import texts
from bot.callbacks import BadCallback, Callback, decode
from bot.chat import download, people
from bot.chat.reply import Picture, Reply
from bot.errors import NotRegistered, WorkflowError
from bot.formatting import continuation, split_message
from bot.workflow import lookup
from bot.workflow.context import Ctx
from handlers.keyboards import Rows, markup

Context: TypeAlias = ContextTypes.DEFAULT_TYPE
Handler = Callable[[Update, Context], Awaitable[None]]

log = logging.getLogger(__name__)

MAX_ALERT = 200

_answered: ContextVar[bool] = ContextVar("answered", default=False)
"""Whether the press being handled has had its answer. Telegram takes one answer per press and
refuses a second ("query is too old"), so whatever is said after it goes to the chat instead."""


def ctx_of(context: Context) -> Ctx:
    return context.application.bot_data["ctx"]


def tz_of(context: Context) -> str:
    return ctx_of(context).settings.zona_waktu


def user_id(update: Update) -> int:
    assert update.effective_user is not None
    return update.effective_user.id


def callback(update: Update) -> Callback:
    assert update.callback_query is not None
    return decode(update.callback_query.data)


def wake_outbox(context: Context) -> None:
    """Messages to others were queued in the commit just made: deliver them now."""
    wake = context.application.bot_data.get("wake_outbox")
    if wake is not None:
        wake()


async def send(
    context: Context, chat_id: int, text: str, rows: Rows = (), **kwargs: Any
) -> Message:
    """Send a card; a long one is split and only its last part carries the buttons."""
    kwargs.setdefault("reply_markup", markup(rows))
    return await _send_parts(context.bot, chat_id, split_message(text), **kwargs)


async def _send_parts(bot: Bot, chat_id: int, parts: Sequence[str], **kwargs: Any) -> Message:
    """Parts of one card in order; `kwargs` (the buttons) go with the last one."""
    for part in parts[:-1]:
        await bot.send_message(chat_id, part)
    return await bot.send_message(chat_id, parts[-1], **kwargs)


async def reply(
    update: Update, context: Context, text: str, rows: Rows = (), **kwargs: Any
) -> Message:
    assert update.effective_chat is not None
    return await send(context, update.effective_chat.id, text, rows, **kwargs)


async def send_file(
    context: Context, chat_id: int, filename: str, content: bytes, caption: str = ""
) -> None:
    await context.bot.send_document(
        chat_id, document=InputFile(content, filename=filename), caption=caption[:1024] or None
    )


async def edit(query: CallbackQuery, text: str, rows: Rows = ()) -> None:
    """Replace a card after a press: buttons go away (or change), and it says what happened.

    Edits split like sends. The pressed message is a card's last part, the earlier ones above
    it: it carries on from where it began (`continuation`), and what does not fit in it comes
    next as new messages, the buttons on the last. So the line saying what happened, at the
    end of the text, is never cut off, and what was read above stays.
    """
    bot, keyboard = query.get_bot(), markup(rows)
    message = query.message
    if not isinstance(message, Message):
        # Too old to edit (Telegram no longer shows it to the bot): say it anew instead.
        if query.from_user is not None:
            await _send_parts(bot, query.from_user.id, split_message(text), reply_markup=keyboard)
        return
    parts = split_message(text)
    if len(parts) > 1 and message.text:
        parts = split_message(continuation(text, message.text))
    try:
        await query.edit_message_text(parts[0], reply_markup=keyboard if len(parts) == 1 else None)
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            raise
        return  # already shown so, with whatever followed it
    if len(parts) > 1:
        await _send_parts(bot, message.chat.id, parts[1:], reply_markup=keyboard)


async def strip_buttons(update: Update) -> None:
    """An old card loses its buttons once acted on, so nobody taps it twice."""
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        return
    try:
        await query.edit_message_reply_markup(None)
    except (BadRequest, RetryAfter) as error:
        if "not modified" not in str(error).lower():
            log.info("buttons not removed: %s", error)


async def edit_card(context: Context, where: dict[str, Any], text: str) -> None:
    """Edit the card a reason was asked from (its ids kept with the pending input)."""
    try:
        await context.bot.edit_message_text(
            split_message(text)[0], chat_id=where["chat_id"], message_id=where["message_id"]
        )
    except BadRequest as error:
        log.info("card %s not edited: %s", where.get("message_id"), error)


async def refuse(update: Update, context: Context, message: str) -> None:
    """A refusal: an alert on the pressed button, or a reply to a typed message (or to a press
    already answered, which Telegram would not take a second answer for)."""
    if update.callback_query is not None and not _answered.get():
        await answered(update, message)
        if len(message) > MAX_ALERT and update.effective_chat is not None:
            await send(context, update.effective_chat.id, message)
    elif update.effective_chat is not None:
        await reply(update, context, message)


def guarded(handler: Handler) -> Handler:
    """Turns the core's refusals into Indonesian answers; an unbound person gets the intro.

    A press acts only for someone holding a role now. A stranger or an acting official whose
    term is over gets the refusal of an unknown button, whatever the button names, so a press
    tells them nothing (not even which rounds exist).
    """

    @functools.wraps(handler)
    async def wrapper(update: Update, context: Context) -> None:
        press = _answered.set(False)
        try:
            if update.callback_query is not None:
                lookup.member(ctx_of(context), user_id(update))
            await handler(update, context)
        except NotRegistered:
            if update.callback_query is not None:
                await refuse(update, context, texts.TOMBOL_TIDAK_DIKENAL)
            elif update.effective_chat is not None:
                await reply(update, context, people.introduction(ctx_of(context)))
        except BadCallback:
            await refuse(update, context, texts.TOMBOL_TIDAK_DIKENAL)
        except WorkflowError as refused:
            await refuse(update, context, refused.message)
        finally:
            _answered.reset(press)

    return wrapper


async def answered(update: Update, alert: str = "") -> None:
    """A press is answered once, after its checks, so the phone stops its spinner; `alert`
    shows a refusal on it. A press already answered is left alone (Telegram takes one answer)."""
    query = update.callback_query
    if query is None or _answered.get():
        return
    if alert:
        await query.answer(alert[:MAX_ALERT], show_alert=True)
    else:
        await query.answer()
    _answered.set(True)


def card_of(update: Update) -> int:
    """The message id of the pressed card, for the reason asked from it to come back to."""
    query = update.callback_query
    assert query is not None and query.message is not None
    return query.message.message_id


def ids(update: Update, count: int) -> Sequence[int]:
    found = callback(update).ids
    if len(found) != count:
        raise BadCallback(str(found))
    return found


async def render(update: Update, context: Context, answer: Reply) -> None:
    """Shows what a use case decided: the press answered (or its alert), the pressed card
    rewritten or stripped of its buttons, the messages, the card a reason came from rewritten,
    the menu; then others' messages go as the outbox is woken. The person's previous card
    loses its buttons once a new one has replaced it, so only the current card is actionable;
    the answer itself goes first, since that is what the person is waiting for."""
    await answered(update, answer.alert or "")
    for picture in answer.pictures:
        await _draw(update, context, picture)
    query = update.callback_query
    if answer.edit is not None and query is not None:
        before = getattr(query.message, "text", None) if answer.edit.keep else None
        shown = f"{before}\n\n{answer.edit.text}" if before else answer.edit.text
        await edit(query, shown, answer.edit.buttons)
    elif answer.strip:
        await strip_buttons(update)
    answered_card = _current_card(context) if answer.say else None
    for said in answer.say:
        sent = await reply(
            update,
            context,
            said.text,
            said.buttons,
            **({"reply_markup": ForceReply(selective=True)} if said.ask else {}),
        )
        if said.card and context.chat_data is not None:
            context.chat_data[_CARD] = sent.message_id
    if answered_card is not None:
        await _retire(update, context, answered_card)
    if answer.elsewhere is not None and update.effective_chat is not None:
        where = {"chat_id": update.effective_chat.id, "message_id": answer.elsewhere.message_id}
        await edit_card(context, where, answer.elsewhere.text)
    if answer.menu is not None and update.effective_chat is not None:
        await set_menu(context, update.effective_chat.id, answer.menu)
    if answer.wake:
        wake_outbox(context)


_CARD = "kartu"
"""chat_data key: the message id of the person's current card in this process. A card left
with buttons after a restart changes nothing when pressed: the core refuses a press on a
card already answered."""


async def _draw(update: Update, context: Context, picture: Picture) -> None:
    """A picture (a chart) drawn off the event loop and sent as a photo."""
    drawn = await asyncio.to_thread(download.picture, ctx_of(context), picture.attachment)
    if drawn is None or update.effective_chat is None:
        return
    filename, content = drawn
    await context.bot.send_photo(
        update.effective_chat.id,
        InputFile(content, filename=filename),
        caption=picture.caption[:MAX_CAPTION] or None,
    )


MAX_CAPTION = 1024


def _current_card(context: Context) -> int | None:
    """The card the person had before this answer (taken out: a new answer replaces it)."""
    return context.chat_data.pop(_CARD, None) if context.chat_data is not None else None


async def _retire(update: Update, context: Context, shown: int) -> None:
    """The card the person just answered loses its buttons (unless it is the one pressed,
    which its own reply edits)."""
    query = update.callback_query
    pressed = query.message.message_id if query is not None and query.message else None
    if update.effective_chat is None or shown == pressed:
        return
    try:
        await context.bot.edit_message_reply_markup(
            update.effective_chat.id, shown, reply_markup=None
        )
    except (BadRequest, RetryAfter) as error:
        log.info("buttons of card %s not removed: %s", shown, error)


async def set_menu(context: Context, chat_id: int, commands: Sequence[tuple[str, str]]) -> None:
    """The menu a person sees; the server still checks rights on every update (DESIGN §9)."""
    scope = BotCommandScopeChat(chat_id)
    if commands:
        await context.bot.set_my_commands([BotCommand(n, d) for n, d in commands], scope=scope)
    else:
        await context.bot.delete_my_commands(scope=scope)

"""The bot's rate limiter: messages wait their turn, taking an answered card's buttons off
does not (bot.app.AnswersFirst)."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.app import AnswersFirst


def limiter() -> AnswersFirst:
    """One message an hour: whatever must wait, waits for the whole test."""
    return AnswersFirst(overall_max_rate=1, overall_time_period=3600, max_retries=0)


async def call(limits: AnswersFirst, endpoint: str, **data: Any) -> str:
    async def sent() -> str:
        return endpoint

    return await limits.process_request(sent, (), {}, endpoint, {"chat_id": 7, **data}, None)


async def settled(*tasks: asyncio.Task[str]) -> list[bool]:
    for _ in range(20):
        await asyncio.sleep(0)
    return [task.done() for task in tasks]


async def test_removing_buttons_goes_at_once_while_messages_wait_their_turn() -> None:
    limits = limiter()
    await limits.initialize()
    assert await call(limits, "sendMessage", text="1") == "sendMessage"
    second = asyncio.create_task(call(limits, "sendMessage", text="2"))
    stripped = asyncio.create_task(call(limits, "editMessageReplyMarkup", message_id=3))
    try:
        assert await settled(second, stripped) == [False, True]
        assert stripped.result() == "editMessageReplyMarkup"
    finally:
        second.cancel()
        await limits.shutdown()


async def test_an_edit_that_puts_buttons_on_waits_like_a_message() -> None:
    limits = limiter()
    await limits.initialize()
    await call(limits, "sendMessage", text="1")
    edited = asyncio.create_task(
        call(limits, "editMessageReplyMarkup", message_id=3, reply_markup={"inline_keyboard": []})
    )
    text = asyncio.create_task(call(limits, "editMessageText", message_id=3, text="x"))
    try:
        assert await settled(edited, text) == [False, False]
    finally:
        edited.cancel()
        text.cancel()
        await limits.shutdown()

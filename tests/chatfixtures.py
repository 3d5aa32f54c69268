"""Fixtures for chat tests: the real Application over the emulated Telegram."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from pydantic import SecretStr

from bot import instances
from bot.app import build_application
from bot.emulator.world import BotApiWorld
from bot.workflow.context import Ctx
from tests.chatkit import TOKEN, Chat, WorldRequest, office_world


async def open_chat(ctx: Ctx, world: BotApiWorld | None = None) -> tuple[Chat, object]:
    """The bot over the emulated Telegram; pass the old `world` to restart the bot only."""
    if world is None:
        world = office_world()
    settings = ctx.settings.model_copy(update={"telegram_bot_token": SecretStr(TOKEN)})
    application = build_application(
        settings,
        ctx,
        instances.register(ctx),
        request=WorldRequest(world),
        get_updates_request=WorldRequest(world),
        rate_limiter=False,
    )
    await application.initialize()
    return Chat(world, application), application


@pytest.fixture
async def chat(office) -> AsyncIterator[Chat]:
    """The office of conftest (everyone enrolled) in Telegram."""
    opened, application = await open_chat(office.ctx)
    yield opened
    await application.shutdown()  # type: ignore[attr-defined]


@pytest.fixture
async def bare_chat(ctx) -> AsyncIterator[Chat]:
    """An office with nobody enrolled yet."""
    opened, application = await open_chat(ctx)
    yield opened
    await application.shutdown()  # type: ignore[attr-defined]

"""The emulated Telegram takes a photo from the bot as Telegram does (sendPhoto, issue 14): it
keeps the picture for chat tests to read, lists its sizes, takes it again by file id, and
refuses what Telegram refuses."""

from __future__ import annotations

import pytest
from telegram import Bot
from telegram.error import BadRequest

from bot.emulator.model import Kind
from bot.emulator.samples import jpeg_header, png
from bot.emulator.transcript import Transcript
from bot.emulator.world import BotApiWorld, image_size
from tests.chatkit import WorldRequest
from tests.people import OPERATOR


@pytest.fixture
def world() -> BotApiWorld:
    found = BotApiWorld()
    found.person(OPERATOR, "Andi")
    return found


async def test_a_photo_the_bot_sends_is_kept_for_the_chat_to_read(world: BotApiWorld) -> None:
    lines: list[str] = []
    Transcript(world, {OPERATOR: ("Andi", "Operator")}, "Asia/Jakarta", lines.append)
    picture = png(1000, 500)
    async with Bot("123456:TEST", request=WorldRequest(world)) as bot:
        sent = await bot.send_photo(
            OPERATOR, photo=picture, filename="grafik-capaian-tw2-2026.png", caption="Grafik"
        )
        again = await bot.send_photo(OPERATOR, photo=sent.photo[-1].file_id)
    first, second = world.bot_messages(OPERATOR)
    assert first.photo == ("grafik-capaian-tw2-2026.png", picture)
    assert (first.caption, first.text, first.document) == ("Grafik", "", None)
    assert [(size.width, size.height) for size in sent.photo] == [(90, 45), (1000, 500)]
    assert sent.caption == "Grafik"
    assert second.photo == first.photo and again.photo[-1].width == 1000
    assert [e.kind for e in world.events if e.from_bot] == [Kind.PHOTO, Kind.PHOTO]
    assert "  🤖 → Andi: 🖼 grafik-capaian-tw2-2026.png" in lines


@pytest.mark.parametrize(
    ("content", "refusal"),
    [
        (b"bukan gambar", "IMAGE_PROCESS_FAILED"),
        (b"%PDF-1.7\n", "IMAGE_PROCESS_FAILED"),
        (png(9000, 1500), "PHOTO_INVALID_DIMENSIONS"),
        (png(2100, 100), "PHOTO_INVALID_DIMENSIONS"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * (10 * 1024 * 1024), "PHOTO_SAVE_FILE_INVALID"),
    ],
)
def test_a_photo_telegram_would_refuse_is_refused_and_not_shown(
    world: BotApiWorld, content: bytes, refusal: str
) -> None:
    status, body = world.call("sendPhoto", {"chat_id": OPERATOR}, {"photo": ("x.png", content)})
    assert (status, body["description"]) == (400, f"Bad Request: {refusal}")
    assert world.bot_messages(OPERATOR) == []


async def test_ptb_reports_a_refused_photo_as_bad_request(world: BotApiWorld) -> None:
    async with Bot("123456:TEST", request=WorldRequest(world)) as bot:
        with pytest.raises(BadRequest, match="Image_process_failed"):
            await bot.send_photo(OPERATOR, photo=b"bukan gambar", filename="x.png")
        with pytest.raises(BadRequest, match="no photo"):
            await bot.send_photo(OPERATOR, photo="f999")


def test_image_size_reads_png_and_jpeg_headers_only() -> None:
    assert image_size(png(3, 2)) == (3, 2)
    assert image_size(jpeg_header(1280, 720)) == (1280, 720)
    assert image_size(b"\xff\xd8\xff") is None
    assert image_size(b"GIF89a") is None

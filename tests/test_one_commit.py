"""One update, one transaction (issue 11): a typed value, a button press and a Paraf each
commit exactly once, counted on the engine itself, so that a crash between two commits can
never leave the next number landing on the previous indicator."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from bot.texts import labels
from tests.chatkit import Chat
from tests.conftest import KABID_DAFDUK, KASUBAG, Office


@contextmanager
def commits(office: Office) -> Iterator[list[int]]:
    """Counts the transactions committed on the office's database inside."""
    engine = office.ctx.sessions.kw["bind"]
    seen: list[int] = []

    def committed(_connection: object) -> None:
        seen.append(1)

    event.listen(engine, "commit", committed)
    try:
        yield seen
    finally:
        event.remove(engine, "commit", committed)


async def test_a_typed_value_commits_once(office: Office, chat: Chat) -> None:
    office.walk(at_step=4)
    await chat.text(KABID_DAFDUK, "/isi")

    with commits(office) as seen:
        await chat.text(KABID_DAFDUK, "94,2")

    assert chat.answer(KABID_DAFDUK)[0].startswith("✅ Tercatat 1/3: 94,2 %")
    assert len(seen) == 1


async def test_a_button_press_commits_once(office: Office, chat: Chat) -> None:
    office.walk(at_step=4)
    await chat.text(KABID_DAFDUK, "/isi")

    with commits(office) as seen:
        await chat.press(KABID_DAFDUK, labels.LEWATI)

    assert chat.last(KABID_DAFDUK).text.startswith("2/3 ·")
    assert len(seen) == 1


async def test_a_paraf_commits_once(office: Office, chat: Chat) -> None:
    office.walk(at_step=7)
    await chat.deliver()

    with commits(office) as seen:
        await chat.press(KASUBAG, labels.PARAF)

    assert "✍️ Diparaf oleh Budi" in chat.last(KASUBAG).text
    assert len(seen) == 1

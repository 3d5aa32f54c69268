"""One person's Telegram app over the emulated world: act, then wait for what the bot shows.

The bot answers from another process (or task), so every action names what the person expects
to see, and waits for it — woken by each write of the bot, bounded by a timeout, never by
sleeping. What the person expects is also what a test checks: no answer in time is a failure
that says, in Indonesian, who waited for what and what the bot last said.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.emulator.model import ChatMessage
from bot.emulator.world import BotApiWorld

Expect = str | Callable[[ChatMessage], bool]
"""A fragment of the message's text (or a document's file name), or a test of the message."""


class NoAnswer(AssertionError):
    """The bot did not show what a person was waiting for in time."""


def shows(expect: Expect) -> Callable[[ChatMessage], bool]:
    if callable(expect):
        return expect

    def contains(message: ChatMessage) -> bool:
        name = message.document[0] if message.document else ""
        return expect in message.text or expect in message.caption or expect in name

    return contains


class Phone:
    """What one person does and sees in their private chat with the bot.

    Each wait returns the oldest matching message (sent, or changed by an edit) that this phone
    has not returned before: a card that arrived while the person was busy is still found, and
    the same card is not taken twice for two different expectations.
    """

    def __init__(self, world: BotApiWorld, user_id: int, name: str, timeout: float) -> None:
        self.world = world
        self.user_id = user_id
        self.name = name
        self.timeout = timeout
        self._taken: set[tuple[int, int]] = set()

    async def type(self, text: str, expect: Expect) -> ChatMessage:
        """Send `text` (a command, a value, a reason) and wait for the answer: a message sent
        after it (the card the person answered, losing its buttons meanwhile, is not one)."""
        mark = self.world.mark()
        typed = self.world.send_text(self.user_id, text)["message"]["message_id"]
        return await self.wait(expect, after=mark, newer_than=typed)

    async def press(
        self, label: str, expect: Expect, *, on: ChatMessage | None = None
    ) -> ChatMessage:
        """Press the button labelled `label` (DESIGN §9) on the card `on`, or on the newest
        card that has one, and wait for the answer."""
        mark = self.world.mark()
        try:
            self.world.press(self.user_id, label, on.message_id if on is not None else None)
        except LookupError:
            raise NoAnswer(f"{self.name} tidak melihat tombol «{label}».") from None
        return await self.wait(expect, after=mark)

    async def upload(self, filename: str, content: bytes, expect: Expect) -> ChatMessage:
        """Send a file and wait for the answer: a message sent after it, as for `type`."""
        mark = self.world.mark()
        sent = self.world.send_document(self.user_id, filename, content)["message"]["message_id"]
        return await self.wait(expect, after=mark, newer_than=sent)

    async def photo(self, content: bytes, expect: Expect) -> ChatMessage:
        """Take a photo, send it, and wait for the answer, as for `upload`."""
        mark = self.world.mark()
        sent = self.world.send_photo(self.user_id, content)["message"]["message_id"]
        return await self.wait(expect, after=mark, newer_than=sent)

    async def wait(self, expect: Expect, *, after: int = 0, newer_than: int = 0) -> ChatMessage:
        """The message `expect` describes, written after event `after` (and sent after message
        `newer_than`); NoAnswer in time."""
        matches = shows(expect)

        def fresh(message: ChatMessage) -> bool:
            return (
                message.message_id > newer_than
                and (message.message_id, message.written) not in self._taken
                and matches(message)
            )

        try:
            found = await self.world.wait_for(self.user_id, fresh, self.timeout, after=after)
        except TimeoutError:
            last = self.world.bot_texts(self.user_id)[-1:] or ["(belum ada)"]
            wanted = expect if isinstance(expect, str) else (expect.__doc__ or expect.__name__)
            raise NoAnswer(
                f"{self.name} tidak menerima «{wanted}» dalam {self.timeout:g} detik. "
                f"Pesan terakhir dari bot: «{last[0][:300]}»"
            ) from None
        self._taken.add((found.message_id, found.written))
        return found

    def document(self, suffix: str) -> tuple[str, bytes]:
        """The newest file the bot sent whose name ends with `suffix`, as saved on the phone."""
        for message in reversed(self.world.bot_messages(self.user_id)):
            if message.document and message.document[0].endswith(suffix):
                return message.document
        raise NoAnswer(f"{self.name} belum menerima berkas *{suffix}.")

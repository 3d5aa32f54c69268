"""What a handler shows after a use case, as plain data (no Telegram types)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.buttons import Rows


@dataclass(frozen=True)
class Say:
    """One message to the person who acted; a long one goes in parts, buttons on the last."""

    text: str
    buttons: Rows = ()
    ask: bool = False
    """The next text answers it: the phone opens the reply field (a reason, a keterangan)."""
    card: bool = False
    """The person's current card: once they answer it, its buttons go."""


@dataclass(frozen=True)
class Edit:
    """The pressed card, rewritten: `text` says what happened; `keep` leaves the card's own
    text above it (the data an approver vouched for)."""

    text: str
    buttons: Rows = ()
    keep: bool = False


@dataclass(frozen=True)
class Elsewhere:
    """Another message of the person's to rewrite: the card a reason was asked from."""

    message_id: int
    text: str


@dataclass(frozen=True)
class Picture:
    """A picture to draw and send before the messages (a round's chart): the attachment that
    names it (`bot.workflow.files.render`) and its caption."""

    attachment: dict[str, Any]
    caption: str


@dataclass(frozen=True)
class Reply:
    pictures: tuple[Picture, ...] = ()
    say: tuple[Say, ...] = ()
    edit: Edit | None = None
    strip: bool = False
    """The pressed card loses its buttons and keeps its text."""
    elsewhere: Elsewhere | None = None
    alert: str | None = None
    """A refusal to show on the pressed button although the unit committed (a Paraf whose data
    had changed: the approvals were voided, nothing was given)."""
    document: dict[str, Any] | None = None
    """A file to build and send after the messages (an outbox-style attachment)."""
    wake: bool = False
    """The unit queued messages to others: the sender should go now."""
    menu: tuple[tuple[str, str], ...] | None = None
    """The person's command menu changed: (command, description) pairs."""


def say(*messages: Say, **more: Any) -> Reply:
    return Reply(say=messages, **more)


def text(message: str, **more: Any) -> Reply:
    return Reply(say=(Say(message),), **more)

"""What the emulated Telegram is made of: messages and people, the events of a chat, and the
ways Telegram refuses or drops a request (for failure injection)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum, auto
from typing import Any, Literal


@dataclass
class ChatMessage:
    message_id: int
    from_bot: bool
    text: str = ""
    buttons: list[list[dict[str, str]]] = field(default_factory=list)
    document: tuple[str, bytes] | None = None
    photo: tuple[str, bytes] | None = None
    """A picture the bot sent (sendPhoto) or a person sent, kept as the bytes uploaded."""
    caption: str = ""
    force_reply: bool = False
    edits: int = 0
    written: int = 0
    """The `Event.seq` of its last write (sent or edited): what "new since" is measured by."""

    def labels(self) -> list[str]:
        return [button["text"] for row in self.buttons for button in row]


@dataclass
class Person:
    id: int
    first_name: str
    last_name: str = ""
    username: str = ""

    def as_user(self) -> dict[str, Any]:
        user: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            user["last_name"] = self.last_name
        if self.username:
            user["username"] = self.username
        return user


class Kind(Enum):
    """What an event was, seen from the chat."""

    TYPED = auto()
    PRESSED = auto()
    UPLOADED = auto()
    PHOTOGRAPHED = auto()
    """A person sent a photo (a document is UPLOADED)."""
    SENT = auto()
    EDITED = auto()
    DOCUMENT = auto()
    PHOTO = auto()
    ANSWERED = auto()


@dataclass(frozen=True)
class Event:
    """One thing that happened in a chat; the log of them, in order, is the transcript."""

    seq: int
    date: int
    chat_id: int
    kind: Kind
    text: str = ""
    labels: tuple[tuple[str, ...], ...] = ()
    """Button labels row by row, as the person sees them under the message."""
    alert: bool = False
    buttons_only: bool = False
    """An edit that changed the buttons alone (an answered card losing them)."""
    message_id: int | None = None
    """The message sent, edited or typed (none for a press or an answer)."""

    @property
    def from_bot(self) -> bool:
        return self.kind in (Kind.SENT, Kind.EDITED, Kind.DOCUMENT, Kind.PHOTO, Kind.ANSWERED)


CONFLICT_OTHER_POLL = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance "
    "is running"
)
CONFLICT_WEBHOOK = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to "
    "delete the webhook first"
)
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)


class ApiError(Exception):
    """A refusal as Telegram words it; the HTTP status is the error code."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after


def flood(retry_after: int) -> ApiError:
    """Telegram's flood control: try again after `retry_after` seconds (HTTP 429)."""
    return ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after)


def server_error(code: int = 502) -> ApiError:
    """Telegram's front end failing (5xx): the request may be sent again."""
    return ApiError(code, "Bad Gateway" if code == 502 else "Internal Server Error")


BLOCKED = ApiError(403, "Forbidden: bot was blocked by the user")
CHAT_NOT_FOUND = ApiError(400, "Bad Request: chat not found")
"""A chat Telegram does not know: nobody of that id, or one who never started the bot."""
TOO_LONG = ApiError(400, "Bad Request: message is too long")
QUERY_INVALID = ApiError(
    400, "Bad Request: query is too old and response timeout expired or query ID is invalid"
)
"""A callback query answered a second time (or never pressed): Telegram takes one answer."""

Dropping = Literal["timeout", "network"]


class Dropped(ConnectionError):
    """The request gets no answer at all: "timeout" keeps the client waiting until it gives up,
    "network" closes the connection. A server acts it out; an in-process adapter raises it."""

    def __init__(self, how: Dropping) -> None:
        super().__init__(how)
        self.how = how


Failure = ApiError | Dropping


@dataclass(frozen=True)
class Request:
    """One Bot API call as it reached Telegram, whatever its answer (or none): the method, the
    chat it names (None for one that names none, such as getMe) and its parameters as they
    arrived, so a test can tell what was tried for whom, how often, and asked how."""

    method: str
    chat_id: int | None
    params: dict[str, Any] = field(default_factory=dict, compare=False)


def label_matches(label: str, word: str) -> bool:
    """A button label is the word itself, optionally after one emoji and a space (DESIGN §9)."""
    if label == word:
        return True
    head, _, rest = label.partition(" ")
    return rest == word and not any(ch.isalnum() for ch in head)

"""The emulated Telegram: private chats, messages with inline keyboards and edits, files.

`call(method, params, files)` answers a Bot API method exactly as Telegram would (ok/result or
ok: false with error_code and description); `serve` is the same for a server, with getUpdates
long-polling. Parameters arrive as the Bot API receives them: strings from a form or multipart
body (objects and numbers JSON-encoded), or already decoded values from a JSON body.

Updates reach the bot one of Telegram's two ways: getUpdates, or — once a bot has called
setWebhook — pushed to its URL (bot.emulator.server does the pushing; `next_push` and `pushed`
are its side here). As on Telegram, getUpdates is refused (409 Conflict) while a webhook is
set, and a getUpdates that arrives while another one waits ends the waiting one with 409.

Telegram's refusals and lost requests are played on cue: `fail_next` queues failures per
method and chat, `blocked` holds people who blocked the bot, and `requests` records every call
as it came, so a test can count what was tried as well as read what arrived.

Every change is an `Event` in one ordered log (what people typed and pressed, what the bot sent
and edited), and wakes whoever waits for one: the long poll, and the people's side waiting for
the bot's answer (`wait_for`), so nothing here or in its callers polls on a timer.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import mimetypes
import struct
from collections.abc import Callable
from typing import Any, TypeVar

from bot.emulator.model import (
    BLOCKED,
    CHAT_NOT_FOUND,
    CONFLICT_OTHER_POLL,
    CONFLICT_WEBHOOK,
    NOT_MODIFIED,
    QUERY_INVALID,
    TOO_LONG,
    ApiError,
    ChatMessage,
    Dropped,
    Event,
    Failure,
    Kind,
    Person,
    Request,
    label_matches,
)

T = TypeVar("T")

PHOTO_MAX_BYTES = 10 * 1024 * 1024
"""The largest photo Telegram takes from a bot (a larger picture goes as a document)."""


class BotApiWorld:
    """All state of the emulated Telegram, shared by the bot's side and the people's side."""

    def __init__(self, bot_username: str = "kinerja_bot", clock: Callable[[], int] | None = None):
        self.bot_user = {
            "id": 999000111,
            "is_bot": True,
            "first_name": "Kinerja Bot",
            "username": bot_username,
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.people: dict[int, Person] = {}
        self.chats: dict[int, list[ChatMessage]] = {}
        self.commands: dict[str, list[dict[str, str]]] = {}
        self.updates: list[dict[str, Any]] = []
        self.files: dict[str, tuple[str, bytes]] = {}
        self.photos: set[str] = set()
        """File ids of photos people sent: getFile files them under photos/, as Telegram does."""
        self.callback_answers: list[dict[str, Any]] = []
        self.open_queries: set[str] = set()
        """Callback queries pressed and not answered yet: Telegram takes one answer each."""
        self.requests: list[Request] = []
        """Every Bot API call in the order it came, answered, refused or dropped."""
        self.failures: list[tuple[str, int | None, Failure]] = []
        """Failures still to happen, in order: (method in lower case, chat or None, failure)."""
        self.blocked: set[int] = set()
        """People who blocked the bot: whatever is sent to them is refused (BLOCKED) until they
        are taken out again, as when a person unblocks the bot."""
        self.events: list[Event] = []
        self.pollers = 0
        """getUpdates requests waiting right now: a bot is up and listening."""
        self._polls: list[asyncio.Event] = []
        """One per waiting getUpdates, set when a later one ends it."""
        self.webhook: dict[str, str] | None = None
        """What a webhook-mode bot registered with setWebhook (url, secret_token); None when
        no webhook is set (never, or since deleteWebhook)."""
        self.listeners: list[Callable[[Event], None]] = []
        """Called with every event as it happens (the demo prints the conversation live)."""
        self._changed = asyncio.Event()
        self._clock = clock or (lambda: 1_780_000_000)
        self._seq = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._update_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)

    @property
    def calls(self) -> list[str]:
        """The methods of `requests`, in order."""
        return [request.method for request in self.requests]

    # --- changes, and waiting for them ----------------------------------------------------

    def _happened(self, chat_id: int, kind: Kind, text: str = "", **more: Any) -> Event:
        event = Event(next(self._seq), self._clock(), chat_id, kind, text, **more)
        self.events.append(event)
        for listener in self.listeners:
            listener(event)
        self._wake()
        return event

    def _wake(self) -> None:
        # An asyncio.Condition cannot be notified from these synchronous methods (it needs its
        # lock held), so waiters hold the current Event and a change swaps in a fresh one.
        self._changed.set()
        self._changed = asyncio.Event()

    def mark(self) -> int:
        """The newest event's number: "after this" for `wait_for`."""
        return self.events[-1].seq if self.events else 0

    async def wait_until(self, check: Callable[[], T | None], timeout: float | None) -> T:
        """`check()` as soon as it is truthy, re-checked after every change; TimeoutError after
        `timeout` seconds without (None: wait as long as it takes)."""
        async with asyncio.timeout(timeout):
            while True:
                changed = self._changed
                found = check()
                if found:
                    return found
                await changed.wait()

    async def wait_for(
        self,
        user_id: int,
        predicate: Callable[[ChatMessage], bool],
        timeout: float,
        *,
        after: int = 0,
    ) -> ChatMessage:
        """The oldest bot message in this chat, sent or edited after event `after`, that
        satisfies `predicate`; wakes on every write of the bot. TimeoutError when none comes."""

        def found() -> ChatMessage | None:
            for message in self.chats.get(user_id, []):
                if message.from_bot and message.written > after and predicate(message):
                    return message
            return None

        return await self.wait_until(found, timeout)

    # --- the bot's side -------------------------------------------------------------------

    def call(
        self, method: str, params: dict[str, Any], files: dict[str, tuple[str, bytes]]
    ) -> tuple[int, dict[str, Any]]:
        """The HTTP status and JSON body Telegram answers; raises Dropped for a dropped call."""
        self._arrived(method, params)
        try:
            self._inject(method, params)
            handler = getattr(self, f"_m_{method.lower()}", None)
            if handler is None:
                raise ApiError(404, "Not Found")
            return 200, {"ok": True, "result": handler(params, files)}
        except ApiError as error:
            body: dict[str, Any] = {
                "ok": False,
                "error_code": error.code,
                "description": error.description,
            }
            if error.retry_after is not None:
                body["parameters"] = {"retry_after": error.retry_after}
            return error.code, body

    async def serve(
        self, method: str, params: dict[str, Any], files: dict[str, tuple[str, bytes]]
    ) -> tuple[int, dict[str, Any]]:
        """`call` for a server: getUpdates with a `timeout` waits until an update exists or
        the timeout passes, as Telegram's long polling does (a failure set for it comes first),
        and ends a getUpdates still waiting with 409 Conflict, as Telegram does when a second
        bot instance polls."""
        polling = method.lower() == "getupdates" and self.webhook is None
        if polling and self._failure_for(method, params) is None:
            offset = _int(params.get("offset"))
            for earlier in self._polls:
                earlier.set()
            ended = asyncio.Event()
            self._polls.append(ended)
            self.pollers += 1
            self._wake()
            try:
                await self.wait_until(
                    lambda: ended.is_set() or self.take_updates(offset, 1),
                    _number(params.get("timeout")),
                )
            except TimeoutError:
                pass
            finally:
                self.pollers -= 1
                self._polls.remove(ended)
            if ended.is_set():
                self._arrived(method, params)
                return 409, {"ok": False, "error_code": 409, "description": CONFLICT_OTHER_POLL}
        return self.call(method, params, files)

    def _arrived(self, method: str, params: dict[str, Any]) -> None:
        self.requests.append(Request(method, _int(params.get("chat_id")), dict(params)))

    def fail_next(self, method: str, *failures: Failure, chat_id: int | None = None) -> None:
        """Make the next calls of `method` (to `chat_id`, if given) fail, one failure each in
        the order given: an ApiError (see `flood`, `server_error`, `BLOCKED`, `CHAT_NOT_FOUND`,
        `TOO_LONG`), or "timeout" / "network" (no answer at all). Failures set earlier for the
        same calls happen first; calls they do not match are answered as usual, so a failure
        set for one chat leaves the others alone."""
        self.failures.extend((method.lower(), chat_id, failure) for failure in failures)

    def _failure_for(self, method: str, params: dict[str, Any]) -> int | None:
        chat_id = _int(params.get("chat_id"))
        for index, (name, chat, _) in enumerate(self.failures):
            if name == method.lower() and chat in (None, chat_id):
                return index
        return None

    def _inject(self, method: str, params: dict[str, Any]) -> None:
        index = self._failure_for(method, params)
        if index is None:
            return
        failure = self.failures.pop(index)[2]
        self._wake()  # whoever waits for the failure to happen
        if isinstance(failure, ApiError):
            raise failure
        raise Dropped(failure)

    def take_updates(self, offset: int | None, limit: int = 100) -> list[dict[str, Any]]:
        """Updates from `offset` on; as on Telegram, asking with an offset confirms (forgets)
        every earlier one, and nothing is forgotten before that."""
        if offset is not None:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        return self.updates[:limit]

    def _m_getme(self, params: dict[str, Any], files: dict) -> dict[str, Any]:
        return self.bot_user

    def next_push(self) -> tuple[str, str, dict[str, Any]] | None:
        """What a webhook delivery would send now: the URL, the secret and the oldest update
        not yet confirmed; None without a webhook or an update."""
        if self.webhook is None or not self.updates:
            return None
        return self.webhook["url"], self.webhook["secret_token"], self.updates[0]

    def pushed(self, update_id: int) -> None:
        """The webhook answered 2xx for this update: confirmed, as an offset confirms it."""
        self.updates = [u for u in self.updates if u["update_id"] != update_id]
        self._wake()

    def _m_getupdates(self, params: dict[str, Any], files: dict) -> list[dict[str, Any]]:
        if self.webhook is not None:
            raise ApiError(409, CONFLICT_WEBHOOK)
        offset = _int(params.get("offset"))
        return self.take_updates(offset, min(_int(params.get("limit")) or 100, 100))

    def _m_deletewebhook(self, params: dict[str, Any], files: dict) -> bool:
        self.webhook = None
        if _json(params.get("drop_pending_updates")) is True:
            self.updates = []
        self._wake()
        return True

    def _m_setwebhook(self, params: dict[str, Any], files: dict) -> bool:
        """Updates go to `url` from now on (bot.emulator.server pushes them to an address on
        this machine; one elsewhere is only recorded). An empty URL removes the webhook."""
        url = str(params.get("url") or "")
        if not url:
            return self._m_deletewebhook(params, files)
        self.webhook = {"url": url, "secret_token": str(params.get("secret_token") or "")}
        if _json(params.get("drop_pending_updates")) is True:
            self.updates = []
        self._wake()
        return True

    def _m_getwebhookinfo(self, params: dict[str, Any], files: dict) -> dict[str, Any]:
        return {
            "url": self.webhook["url"] if self.webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self.updates),
        }

    @staticmethod
    def _scope_key(params: dict[str, Any]) -> str:
        scope = _json(params.get("scope")) or {"type": "default"}
        return f"{scope['type']}:{scope.get('chat_id', '')}"

    def _m_setmycommands(self, params: dict[str, Any], files: dict) -> bool:
        self.commands[self._scope_key(params)] = _json(params["commands"])
        return True

    def _m_deletemycommands(self, params: dict[str, Any], files: dict) -> bool:
        self.commands.pop(self._scope_key(params), None)
        return True

    def _chat(self, params: dict[str, Any]) -> int:
        chat_id = _int(params.get("chat_id"))
        if chat_id is None or chat_id not in self.people:
            raise CHAT_NOT_FOUND
        if chat_id in self.blocked:
            raise BLOCKED
        return chat_id

    def _m_sendmessage(self, params: dict[str, Any], files: dict) -> dict[str, Any]:
        chat_id = self._chat(params)
        text = str(params.get("text", ""))
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(text) > 4096:
            raise TOO_LONG
        message = ChatMessage(next(self._message_ids), True, text=text)
        self._apply_markup(message, params)
        self._deliver(chat_id, message, Kind.SENT, text)
        return self._message_json(chat_id, message)

    def _m_senddocument(self, params: dict[str, Any], files: dict) -> dict[str, Any]:
        chat_id = self._chat(params)
        upload = files.get("document")
        if upload is None:
            raise ApiError(400, "Bad Request: there is no document in the request")
        caption = str(params.get("caption") or "")
        if len(caption) > 1024:
            raise ApiError(400, "Bad Request: message caption is too long")
        message = ChatMessage(next(self._message_ids), True, document=upload, caption=caption)
        self._apply_markup(message, params)
        self._deliver(
            chat_id, message, Kind.DOCUMENT, "\n".join(filter(None, [upload[0], caption]))
        )
        return self._message_json(chat_id, message)

    def _m_sendphoto(self, params: dict[str, Any], files: dict) -> dict[str, Any]:
        """A picture, uploaded as "photo" (or the file_id of one sent before), refused as
        Telegram refuses it: not a PNG or JPEG, over 10 MB, sides adding up to more than
        10000 px or one more than 20 times the other."""
        chat_id = self._chat(params)
        upload = files.get("photo") or self.files.get(str(params.get("photo")))
        if upload is None:
            raise ApiError(400, "Bad Request: there is no photo in the request")
        caption = str(params.get("caption") or "")
        if len(caption) > 1024:
            raise ApiError(400, "Bad Request: message caption is too long")
        if len(upload[1]) > PHOTO_MAX_BYTES:
            raise ApiError(400, "Bad Request: PHOTO_SAVE_FILE_INVALID")
        size = image_size(upload[1])
        if size is None:
            raise ApiError(400, "Bad Request: IMAGE_PROCESS_FAILED")
        width, height = size
        if width + height > 10_000 or max(width, height) > 20 * min(width, height):
            raise ApiError(400, "Bad Request: PHOTO_INVALID_DIMENSIONS")
        message = ChatMessage(next(self._message_ids), True, photo=upload, caption=caption)
        self._apply_markup(message, params)
        self._deliver(chat_id, message, Kind.PHOTO, "\n".join(filter(None, [upload[0], caption])))
        return self._message_json(chat_id, message)

    def _deliver(self, chat_id: int, message: ChatMessage, kind: Kind, text: str) -> None:
        self.chats.setdefault(chat_id, []).append(message)
        self._written(chat_id, message, kind, text)

    def _written(
        self, chat_id: int, message: ChatMessage, kind: Kind, text: str, **more: Any
    ) -> None:
        rows = tuple(tuple(b["text"] for b in row) for row in message.buttons)
        message.written = self._happened(
            chat_id, kind, text, labels=rows, message_id=message.message_id, **more
        ).seq

    def _find(self, params: dict[str, Any]) -> tuple[int, ChatMessage]:
        chat_id = self._chat(params)
        message_id = _int(params.get("message_id"))
        for message in self.chats.get(chat_id, []):
            if message.message_id == message_id and message.from_bot:
                return chat_id, message
        raise ApiError(400, "Bad Request: message to edit not found")

    def _m_editmessagetext(self, params: dict[str, Any], files: dict) -> dict[str, Any]:
        chat_id, message = self._find(params)
        text = str(params.get("text", ""))
        if len(text) > 4096:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        before = (message.text, message.buttons)
        message.text = text
        message.buttons = []
        self._apply_markup(message, params)
        if (message.text, message.buttons) == before:
            raise ApiError(400, NOT_MODIFIED)
        message.edits += 1
        self._written(chat_id, message, Kind.EDITED, text)
        return self._message_json(chat_id, message)

    def _m_editmessagereplymarkup(self, params: dict[str, Any], files: dict) -> dict[str, Any]:
        chat_id, message = self._find(params)
        before = message.buttons
        message.buttons = []
        self._apply_markup(message, params)
        if message.buttons == before:
            raise ApiError(400, "Bad Request: message is not modified")
        message.edits += 1
        self._written(chat_id, message, Kind.EDITED, message.text, buttons_only=True)
        return self._message_json(chat_id, message)

    def _m_answercallbackquery(self, params: dict[str, Any], files: dict) -> bool:
        text = str(params.get("text") or "")
        if len(text) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        query_id = str(params.get("callback_query_id"))
        if query_id not in self.open_queries:
            raise QUERY_INVALID
        self.open_queries.discard(query_id)
        alert = _json(params.get("show_alert")) is True
        self.callback_answers.append({"id": query_id, "text": text, "show_alert": alert})
        chat_id = _int(query_id.partition(":")[0])
        if text and chat_id is not None:
            self._happened(chat_id, Kind.ANSWERED, text, alert=alert)
        return True

    def _m_getfile(self, params: dict[str, Any], files: dict) -> dict[str, Any]:
        file_id = str(params.get("file_id"))
        if file_id not in self.files:
            raise ApiError(400, "Bad Request: invalid file_id")
        name, content = self.files[file_id]
        if len(content) > 20 * 1024 * 1024:
            raise ApiError(400, "Bad Request: file is too big")
        folder = "photos" if file_id in self.photos else "documents"
        return {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_size": len(content),
            "file_path": f"{folder}/{file_id}_{name}",
        }

    def file_content(self, file_path: str) -> bytes | None:
        file_id = file_path.partition("/")[2].split("_", 1)[0]
        found = self.files.get(file_id)
        return found[1] if found else None

    def _apply_markup(self, message: ChatMessage, params: dict[str, Any]) -> None:
        markup = _json(params.get("reply_markup"))
        if not markup:
            return
        if "inline_keyboard" in markup:
            for row in markup["inline_keyboard"]:
                for button in row:
                    if len(button.get("callback_data", "").encode()) > 64:
                        raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
            message.buttons = [
                [{"text": b["text"], "data": b.get("callback_data", "")} for b in row]
                for row in markup["inline_keyboard"]
            ]
        message.force_reply = bool(markup.get("force_reply"))

    def _message_json(self, chat_id: int, message: ChatMessage) -> dict[str, Any]:
        person = self.people[chat_id]
        data: dict[str, Any] = {
            "message_id": message.message_id,
            "date": self._clock(),
            "chat": {"id": chat_id, "type": "private", "first_name": person.first_name},
            "from": self.bot_user,
        }
        if message.document is not None:
            file_id = self._store(message.document)
            data["document"] = {
                "file_id": file_id,
                "file_unique_id": f"u{file_id}",
                "file_name": message.document[0],
                "file_size": len(message.document[1]),
            }
        elif message.photo is not None:
            data["photo"] = self._photo_sizes(message.photo)
        else:
            data["text"] = message.text
        if message.caption:
            data["caption"] = message.caption
        if message.buttons:
            data["reply_markup"] = {
                "inline_keyboard": [
                    [{"text": b["text"], "callback_data": b["data"]} for b in row]
                    for row in message.buttons
                ]
            }
        return data

    def _photo_sizes(self, photo: tuple[str, bytes]) -> list[dict[str, Any]]:
        """The sizes Telegram lists for a photo, smallest first: a thumbnail (at most 90 px)
        and the picture fitted into 1280 px. Both carry the bytes as sent: nothing is scaled."""
        width, height = image_size(photo[1]) or (0, 0)
        sizes = []
        for longest in (90, 1280):
            scale = min(1.0, longest / max(width, height, 1))
            file_id = self._store(photo)
            sizes.append(
                {
                    "file_id": file_id,
                    "file_unique_id": f"u{file_id}",
                    "file_size": len(photo[1]),
                    "width": round(width * scale),
                    "height": round(height * scale),
                }
            )
        return sizes

    def _store(self, document: tuple[str, bytes]) -> str:
        file_id = f"f{next(self._file_ids)}"
        self.files[file_id] = document
        return file_id

    # --- the people's side ----------------------------------------------------------------

    def person(self, user_id: int, first_name: str, last_name: str = "") -> Person:
        found = self.people.get(user_id)
        if found is None:
            found = Person(user_id, first_name, last_name)
            self.people[user_id] = found
            self.chats.setdefault(user_id, [])
        return found

    def _push(self, update: dict[str, Any]) -> dict[str, Any]:
        update["update_id"] = next(self._update_ids)
        self.updates.append(update)
        return update

    def _incoming(
        self,
        user_id: int,
        kind: Kind,
        text: str,
        document: tuple[str, bytes] | None = None,
        photo: tuple[str, bytes] | None = None,
    ) -> dict[str, Any]:
        """The person's own message in their chat; `text` is what they typed, or what the
        transcript shows of a file (its name) or a photo."""
        person = self.people[user_id]
        message = ChatMessage(next(self._message_ids), False, document=document, photo=photo)
        if document is None and photo is None:
            message.text = text
        self.chats[user_id].append(message)
        message.written = self._happened(user_id, kind, text, message_id=message.message_id).seq
        data: dict[str, Any] = {
            "message_id": message.message_id,
            "date": self._clock(),
            "chat": {"id": user_id, "type": "private", "first_name": person.first_name},
            "from": person.as_user(),
        }
        return data

    def send_text(self, user_id: int, text: str) -> dict[str, Any]:
        data = self._incoming(user_id, Kind.TYPED, text)
        data["text"] = text
        if text.startswith("/"):
            command = text.split()[0]
            data["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return self._push({"message": data})

    def send_document(
        self, user_id: int, filename: str, content: bytes, mime_type: str | None = None
    ) -> dict[str, Any]:
        """A file sent as a document, its MIME type guessed from its name as a phone does
        (the bot must not trust it)."""
        data = self._incoming(user_id, Kind.UPLOADED, filename, (filename, content))
        file_id = self._store((filename, content))
        data["document"] = {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_name": filename,
            "mime_type": mime_type
            or mimetypes.guess_type(filename)[0]
            or "application/octet-stream",
            "file_size": len(content),
        }
        return self._push({"message": data})

    def send_photo(self, user_id: int, content: bytes, caption: str = "") -> dict[str, Any]:
        """A picture sent as a photo: Telegram gives no file name and lists it in sizes,
        smallest first, each with its file_size (here all carry the bytes sent)."""
        size = image_size(content)
        shown = f"foto {size[0]}×{size[1]} piksel" if size else "foto"
        data = self._incoming(user_id, Kind.PHOTOGRAPHED, shown, photo=("foto.jpg", content))
        data["photo"] = self._photo_sizes(("foto.jpg", content))
        self.photos.update(size["file_id"] for size in data["photo"])
        if caption:
            data["caption"] = caption
        return self._push({"message": data})

    def press(self, user_id: int, label: str, message_id: int | None = None) -> dict[str, Any]:
        """Press the button labelled `label` on the newest card that has one (or on the card
        `message_id`, as a person taps an older card further up the chat)."""
        for message in reversed(self.chats.get(user_id, [])):
            if message_id is not None and message.message_id != message_id:
                continue
            for row in message.buttons:
                for button in row:
                    if label_matches(button["text"], label):
                        return self.press_data(user_id, message.message_id, button["data"])
        raise LookupError(f"no button {label!r} in the chat of {user_id}")

    def press_data(self, user_id: int, message_id: int, data: str) -> dict[str, Any]:
        """Press with any callback data (as a forged or stale client could)."""
        person = self.people[user_id]
        message = next(m for m in self.chats[user_id] if m.message_id == message_id)
        shown = [b["text"] for row in message.buttons for b in row if b["data"] == data]
        self._happened(user_id, Kind.PRESSED, shown[0] if shown else data)
        payload = self._message_json(user_id, message) if message.from_bot else {}
        # The chat rides in the id, so the answer to it lands in the right chat.
        query_id = f"{user_id}:{next(self._callback_ids)}"
        self.open_queries.add(query_id)
        return self._push(
            {
                "callback_query": {
                    "id": query_id,
                    "from": person.as_user(),
                    "chat_instance": str(user_id),
                    "data": data,
                    "message": payload,
                }
            }
        )

    def bot_messages(self, user_id: int) -> list[ChatMessage]:
        """What the bot sent to this person, edits applied, oldest first."""
        return [m for m in self.chats.get(user_id, []) if m.from_bot]

    def bot_texts(self, user_id: int) -> list[str]:
        return [m.text or m.caption for m in self.bot_messages(user_id)]

    def last_answer(self) -> dict[str, Any] | None:
        return self.callback_answers[-1] if self.callback_answers else None


def image_size(content: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG or JPEG from its header; None for anything else."""
    if content.startswith(b"\x89PNG\r\n\x1a\n") and content[12:16] == b"IHDR":
        return struct.unpack(">II", content[16:24])
    if not content.startswith(b"\xff\xd8"):
        return None
    at = 2
    while at + 9 <= len(content) and content[at] == 0xFF:
        marker = content[at + 1]
        length = struct.unpack(">H", content[at + 2 : at + 4])[0]
        # SOF0–SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) are not frames.
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", content[at + 5 : at + 9])
            return width, height
        at += 2 + length
    return None


def _json(value: Any) -> Any:
    if value is None or not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _int(value: Any) -> int | None:
    value = _json(value)
    return int(value) if value is not None and str(value).lstrip("-").isdigit() else None


def _number(value: Any) -> float:
    """A non-negative number of seconds as sent (int, float or their text); 0 when absent."""
    value = _json(value)
    return max(float(value), 0.0) if isinstance(value, int | float) else 0.0

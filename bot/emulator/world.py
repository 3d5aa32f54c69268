"""The emulated Telegram: private chats, messages with inline keyboards and edits, files.

`call(method, params, files)` answers a Bot API method exactly as Telegram would (ok/result or
ok: false with error_code and description). Parameters arrive as the Bot API receives them
over HTTP: strings, with objects and numbers JSON-encoded.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class ChatMessage:
    message_id: int
    from_bot: bool
    text: str = ""
    buttons: list[list[dict[str, str]]] = field(default_factory=list)
    document: tuple[str, bytes] | None = None
    caption: str = ""
    force_reply: bool = False
    edits: int = 0

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


NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)


class ApiError(Exception):
    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after


def label_matches(label: str, word: str) -> bool:
    """A button label is the word itself, optionally after one emoji and a space (DESIGN §9)."""
    if label == word:
        return True
    head, _, rest = label.partition(" ")
    return rest == word and not any(ch.isalnum() for ch in head)


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
        self.callback_answers: list[dict[str, Any]] = []
        self.calls: list[str] = []
        self.failures: list[tuple[str, ApiError | str]] = []
        self.blocked: set[int] = set()
        self._clock = clock or (lambda: 1_780_000_000)
        self._message_ids = itertools.count(1)
        self._update_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)

    # --- the bot's side -------------------------------------------------------------------

    def call(
        self, method: str, params: dict[str, Any], files: dict[str, tuple[str, bytes]]
    ) -> tuple[int, dict[str, Any]]:
        self.calls.append(method)
        try:
            self._inject(method)
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

    def fail_next(self, method: str, failure: ApiError | str) -> None:
        """Make the next call of `method` fail: an ApiError, or "timeout" / "network"."""
        self.failures.append((method.lower(), failure))

    def _inject(self, method: str) -> None:
        for index, (name, failure) in enumerate(self.failures):
            if name == method.lower():
                del self.failures[index]
                if isinstance(failure, ApiError):
                    raise failure
                raise ConnectionError(failure)

    def take_updates(self, offset: int | None, limit: int = 100) -> list[dict[str, Any]]:
        if offset is not None:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        return self.updates[:limit]

    def _m_getme(self, params: dict[str, Any], files: dict) -> dict[str, Any]:
        return self.bot_user

    def _m_getupdates(self, params: dict[str, Any], files: dict) -> list[dict[str, Any]]:
        offset = _int(params.get("offset"))
        return self.take_updates(offset, _int(params.get("limit")) or 100)

    def _m_deletewebhook(self, params: dict[str, Any], files: dict) -> bool:
        return True

    def _m_setmycommands(self, params: dict[str, Any], files: dict) -> bool:
        scope = _json(params.get("scope")) or {"type": "default"}
        key = f"{scope['type']}:{scope.get('chat_id', '')}"
        self.commands[key] = _json(params["commands"])
        return True

    def _m_deletemycommands(self, params: dict[str, Any], files: dict) -> bool:
        return True

    def _chat(self, params: dict[str, Any]) -> int:
        chat_id = _int(params.get("chat_id"))
        if chat_id is None or chat_id not in self.people:
            raise ApiError(400, "Bad Request: chat not found")
        if chat_id in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return chat_id

    def _m_sendmessage(self, params: dict[str, Any], files: dict) -> dict[str, Any]:
        chat_id = self._chat(params)
        text = str(params.get("text", ""))
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(text) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        message = ChatMessage(next(self._message_ids), True, text=text)
        self._apply_markup(message, params)
        self.chats.setdefault(chat_id, []).append(message)
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
        self.chats.setdefault(chat_id, []).append(message)
        return self._message_json(chat_id, message)

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
        before = (message.text, message.buttons)
        message.text = text
        message.buttons = []
        self._apply_markup(message, params)
        if (message.text, message.buttons) == before:
            raise ApiError(
                400,
                NOT_MODIFIED,
            )
        message.edits += 1
        return self._message_json(chat_id, message)

    def _m_editmessagereplymarkup(self, params: dict[str, Any], files: dict) -> dict[str, Any]:
        chat_id, message = self._find(params)
        before = message.buttons
        message.buttons = []
        self._apply_markup(message, params)
        if message.buttons == before:
            raise ApiError(400, "Bad Request: message is not modified")
        message.edits += 1
        return self._message_json(chat_id, message)

    def _m_answercallbackquery(self, params: dict[str, Any], files: dict) -> bool:
        text = str(params.get("text") or "")
        if len(text) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        self.callback_answers.append(
            {
                "id": params.get("callback_query_id"),
                "text": text,
                "show_alert": _json(params.get("show_alert")) is True,
            }
        )
        return True

    def _m_getfile(self, params: dict[str, Any], files: dict) -> dict[str, Any]:
        file_id = str(params.get("file_id"))
        if file_id not in self.files:
            raise ApiError(400, "Bad Request: invalid file_id")
        name, content = self.files[file_id]
        if len(content) > 20 * 1024 * 1024:
            raise ApiError(400, "Bad Request: file is too big")
        return {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_size": len(content),
            "file_path": f"documents/{file_id}_{name}",
        }

    def file_content(self, file_path: str) -> bytes | None:
        file_id = file_path.removeprefix("documents/").split("_", 1)[0]
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
            if message.caption:
                data["caption"] = message.caption
        else:
            data["text"] = message.text
        if message.buttons:
            data["reply_markup"] = {
                "inline_keyboard": [
                    [{"text": b["text"], "callback_data": b["data"]} for b in row]
                    for row in message.buttons
                ]
            }
        return data

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

    def _incoming(self, user_id: int, **content: Any) -> dict[str, Any]:
        person = self.people[user_id]
        message = ChatMessage(next(self._message_ids), False, text=content.get("text", ""))
        if "document" in content:
            message.document = content["document"]
        self.chats[user_id].append(message)
        data: dict[str, Any] = {
            "message_id": message.message_id,
            "date": self._clock(),
            "chat": {"id": user_id, "type": "private", "first_name": person.first_name},
            "from": person.as_user(),
        }
        return data

    def send_text(self, user_id: int, text: str) -> dict[str, Any]:
        data = self._incoming(user_id, text=text)
        data["text"] = text
        if text.startswith("/"):
            command = text.split()[0]
            data["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return self._push({"message": data})

    def send_document(self, user_id: int, filename: str, content: bytes) -> dict[str, Any]:
        data = self._incoming(user_id, document=(filename, content))
        file_id = self._store((filename, content))
        data["document"] = {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_name": filename,
            "mime_type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "file_size": len(content),
        }
        return self._push({"message": data})

    def press(self, user_id: int, label: str) -> dict[str, Any]:
        """Press the button labelled `label` on the newest card that has one."""
        for message in reversed(self.chats.get(user_id, [])):
            for row in message.buttons:
                for button in row:
                    if label_matches(button["text"], label):
                        return self.press_data(user_id, message.message_id, button["data"])
        raise LookupError(f"no button {label!r} in the chat of {user_id}")

    def press_data(self, user_id: int, message_id: int, data: str) -> dict[str, Any]:
        """Press with any callback data (as a forged or stale client could)."""
        person = self.people[user_id]
        message = next(m for m in self.chats[user_id] if m.message_id == message_id)
        payload = self._message_json(user_id, message) if message.from_bot else {}
        return self._push(
            {
                "callback_query": {
                    "id": str(next(self._callback_ids)),
                    "from": person.as_user(),
                    "chat_instance": str(user_id),
                    "data": data,
                    "message": payload,
                }
            }
        )

    def transcript(self, user_id: int) -> list[ChatMessage]:
        return list(self.chats.get(user_id, []))

    def bot_texts(self, user_id: int) -> list[str]:
        return [m.text or m.caption for m in self.chats.get(user_id, []) if m.from_bot]

    def last_answer(self) -> dict[str, Any] | None:
        return self.callback_answers[-1] if self.callback_answers else None


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

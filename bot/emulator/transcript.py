"""The conversation as a reader follows it: who typed or pressed what, what the bot answered.

A `Transcript` listens to the world's events and writes each as it happens, with the office
clock shown whenever it moves, and the narrator's headings and notes in between, e.g.:

    ── Rabu 1 Juli 07.35 ──
    Andi (Operator) ▸ menekan [Kirim ke Kasubag]
      🤖 ✎ Andi: 📨 Draft dikirim ke Kasubag PKA pukul 07.35.
      🤖 → Budi: 📎 draft-format-tw2-2026.xlsx
      🤖 → Budi: Koreksi format — Triwulan II 2026 (langkah 2, …)
                 [✅ Benar] [↩️ Kembalikan]

Every line is in Indonesian: this is what `kinerja-bot demo` shows a new user.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from bot import formatting as fmt
from bot.emulator.model import Event, Kind
from bot.emulator.world import BotApiWorld

BOT = "🤖"
INDENT = "  "


class Transcript:
    """Writes the world's events readably through `write`, one line at a time."""

    def __init__(
        self,
        world: BotApiWorld,
        who: Mapping[int, tuple[str, str]],
        tz: str,
        write: Callable[[str], None],
    ) -> None:
        """`who` gives each person's name and position, e.g. {1001: ("Andi", "Operator")}."""
        self.who = who
        self.tz = tz
        self.emit = write
        self._stamp = ""
        world.listeners.append(self.record)

    def heading(self, text: str) -> None:
        self.emit("")
        self.emit(f"═══ {text} ═══")

    def note(self, text: str) -> None:
        """The narrator: what happens outside the chat (the clock, a crash, a network fault)."""
        self.emit(f"{INDENT}▸ {text}")

    def record(self, event: Event) -> None:
        stamp = fmt.stempel(datetime.fromtimestamp(event.date, UTC), self.tz)
        if stamp != self._stamp:
            self._stamp = stamp
            self.emit(f"── {stamp} ──")
        if not event.from_bot:
            verb = {
                Kind.PRESSED: "menekan ",
                Kind.UPLOADED: "mengirim berkas 📎 ",
                Kind.PHOTOGRAPHED: "mengirim 🖼 ",
            }.get(event.kind, "")
            shown = f"[{event.text}]" if event.kind is Kind.PRESSED else event.text
            nama, jabatan = self.who.get(event.chat_id, (str(event.chat_id), "?"))
            self.emit(f"{nama} ({jabatan}) ▸ {verb}{shown}")
            return
        arrow = {Kind.EDITED: "✎", Kind.ANSWERED: "💬"}.get(event.kind, "→")
        head = f"{INDENT}{BOT} {arrow} {self.who.get(event.chat_id, (str(event.chat_id),))[0]}: "
        text = event.text
        if event.buttons_only:
            first = text.splitlines()[0] if text else ""
            text = f"(tombol dilepas dari «{first[:60]}»)"
        elif event.kind is Kind.DOCUMENT:
            text = "📎 " + text
        elif event.kind is Kind.PHOTO:
            text = "🖼 " + text
        elif event.kind is Kind.ANSWERED and event.alert:
            text = "⚠️ " + text
        pad = " " * (len(head) + 1)  # the robot is two columns wide on a terminal
        lines = text.splitlines() or [""]
        self.emit(head + lines[0])
        for line in lines[1:]:
            self.emit(pad + line)
        for row in event.labels:
            self.emit(pad + " ".join(f"[{label}]" for label in row))

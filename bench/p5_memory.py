"""P5 memory: what `kinerja-bot run` holds after whole quarters of a large office.

Ours: `kinerja-bot run` polling the emulator over HTTP, 20 bidang × 60 indicators, everyone
registered. Each quarter is played through chat the way the office plays it: the bot opens the
round itself, the draft is sent and found right, the formats go out, one Kabid fills in chat
and the others send the format back filled in Excel, the operator verifies every bidang, the
compiled workbook is initialled, signed and made final, SILAKIP is done and the planner
downloads the final workbook. Its resident memory (RSS) is read once the bot is idle after
each quarter (TW II, then TW III of 2026). Floor: the RSS of the bare echo bot, a PTB
Application process, after answering as many bursts of messages.

    python -m bench.p5_memory [--quick]
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from bench.common import (
    SQLITE,
    Figure,
    Goal,
    Stat,
    close,
    fresh_database,
    office_context,
    script,
)
from bench.live import Live, answer_times, live, memory_mib, settle
from bench.office import TAHUN, answer_to, enrol_people, load_master, quarter_ends
from bot.clock import FixedClock
from bot.emulator.excel import fill_format
from bot.emulator.model import ChatMessage, label_matches
from bot.emulator.office import KASUBAG, KEPALA, OPERATOR, PERENCANA, SEKRETARIS, Member, Value
from bot.emulator.phone import Phone
from bot.emulator.scenario import card_or_summary, echo_then, following, is_card
from bot.texts import ROMAWI, putaran
from tests.conftest import ROUND_OPENS
from tests.workbooks import big_master

NAME = "P5 memory"
GOAL = Goal(1.5)
WAIT = 180.0
"""The bound on every wait: the final workbook of a large office takes seconds to build."""
FLOOR_TEXT = "97,1"


@dataclass(frozen=True)
class Size:
    bidang: int
    indicators: int
    quarters: int


FULL = Size(20, 60, quarters=2)
QUICK = Size(2, 3, quarters=1)


def with_button(label: str) -> Callable[[ChatMessage], bool]:
    def shows_button(message: ChatMessage) -> bool:
        return any(label_matches(text, label) for text in message.labels())

    shows_button.__doc__ = f"pesan dengan tombol «{label}»"
    return shows_button


def edited(message: ChatMessage) -> bool:
    """kartu yang diubah setelah tombolnya ditekan"""
    return message.edits > 0


class Quarter:
    """The office's people playing one quarter through chat."""

    def __init__(self, bots: Live, kabid: list[tuple[str, int]], values: dict[str, Value]):
        self.bots = bots
        self.kabid = kabid
        self.values = values
        self.phones: dict[int, Phone] = {}

    def phone(self, telegram_id: int) -> Phone:
        if telegram_id not in self.phones:
            self.phones[telegram_id] = self.bots.phone(telegram_id, str(telegram_id), WAIT)
        return self.phones[telegram_id]

    def staff(self, member: Member) -> Phone:
        return self.phone(member.telegram_id)

    def later(self, minutes: int) -> None:
        self.bots.clock.advance(minutes=minutes)

    async def decide(self, phone: Phone, label: str, minutes: int) -> None:
        """Press `label` once its card is there, and wait for the card to change.

        A card of many indicators comes in parts, its buttons under the last one, so that
        one is waited for. The edit is what is awaited, not its wording: on a card in parts
        the edit keeps only the first part and loses the verdict («Terkirim pukul …»,
        «Terverifikasi oleh …»).
        """
        # Not phone.wait: the card may have been taken already, awaited by its text.
        card = await self.bots.world.wait_for(phone.user_id, with_button(label), WAIT)
        self.later(minutes)
        await phone.press(label, edited, on=card)

    async def play(self, triwulan: int) -> None:
        tw = putaran(TAHUN, triwulan)
        andi, budi = self.staff(OPERATOR), self.staff(KASUBAG)
        await andi.wait(f"Putaran {tw} dibuka")
        await self.decide(andi, "Kirim ke Kasubag", 5)
        await budi.wait("Koreksi format")
        await self.decide(budi, "Benar", 3)
        await andi.wait("Format benar")
        await self.decide(andi, "Bagikan ke Kabid", 10)
        for number, (bidang, telegram_id) in enumerate(self.kabid):
            kabid = self.phone(telegram_id)
            await kabid.wait(f"Format Data Kinerja {tw} — {bidang}")
            self.later(5)
            if number == 0:
                await self.fill_in_chat(kabid)
            else:
                await self.fill_by_upload(kabid)
            await self.decide(kabid, "Kirim", 2)
            await andi.wait(f"Verifikasi — {bidang}")
            # Kabid send one at a time: the card with this button now is this bidang's.
            await self.decide(andi, "Terverifikasi", 3)
        await self.approvals(tw)
        self.later(30)
        await self.staff(PERENCANA).type(f"/unduh {TAHUN} {ROMAWI[triwulan]}", "final.xlsx")

    async def fill_in_chat(self, kabid: Phone) -> None:
        card = await kabid.press("Mulai isi", card_or_summary)
        while is_card(card):
            self.later(1)
            card = following(await kabid.type(answer_to(card.text), echo_then(card_or_summary)))

    async def fill_by_upload(self, kabid: Phone) -> None:
        _, content = kabid.document(".xlsx")
        await kabid.upload(
            "format-terisi.xlsx", fill_format(content, self.values), "Berkas diterima"
        )

    async def approvals(self, tw: str) -> None:
        andi, budi = self.staff(OPERATOR), self.staff(KASUBAG)
        citra, kepala = self.staff(SEKRETARIS), self.staff(KEPALA)
        await andi.wait(f"Semua bidang {tw} terverifikasi")
        await self.decide(andi, "Susun dan serahkan", 5)
        await budi.wait("paraf Kasubag PKA (langkah 7)")
        await self.decide(budi, "Paraf", 3)
        await citra.wait("paraf Sekretaris (langkah 8)")
        await self.decide(citra, "Paraf", 3)
        await kepala.wait("(langkah 9)")
        await self.decide(kepala, "Tandatangani", 4)
        await andi.wait("ditandatangani Kepala Dinas")
        await self.decide(andi, "Finalkan", 10)
        for member in (KASUBAG, SEKRETARIS, KEPALA, PERENCANA):
            await self.staff(member).wait("final.xlsx")
        await andi.wait("Langkah 11")
        await self.decide(andi, "Semua", 15)


async def measure(folder: Path, size: Size) -> Figure:
    rows = big_master(size.bidang, size.indicators)
    with fresh_database(SQLITE, folder, "p5") as url:
        ctx = office_context(url, FixedClock(ROUND_OPENS - timedelta(days=7)))
        load_master(ctx, size.bidang, size.indicators)
        kabid = enrol_people(ctx)
        calendar = ctx.calendar
        close(ctx)
        people = [(m.telegram_id, m.nama) for m in (OPERATOR, KASUBAG, SEKRETARIS, KEPALA)]
        people += [(PERENCANA.telegram_id, PERENCANA.nama)]
        people += [(telegram_id, f"Kabid {telegram_id}") for _, telegram_id in kabid]
        floor_people = [person for person, _ in people]
        ours: list[float] = []
        floor: list[float] = []
        async with live(
            folder,
            url,
            ROUND_OPENS - timedelta(minutes=30),
            people,
            floor_people,
            reminder_seconds=5,
        ) as bots:
            at_start = memory_mib(bots.bot.pid)
            for triwulan in range(2, 2 + size.quarters):
                values = {
                    row.indikator: Value(float(row.target_tw[triwulan - 1] or 0), "", "")
                    for row in rows
                }
                bots.clock.set(calendar.opening_on_or_after(quarter_ends(TAHUN, triwulan)))
                await Quarter(bots, kabid, values).play(triwulan)
                await settle(bots.world)
                ours.append(memory_mib(bots.bot.pid))
                await answer_times(
                    bots.floor_world,
                    dict.fromkeys(floor_people, FLOOR_TEXT),
                    FLOOR_TEXT.__eq__,
                    WAIT,
                )
                await settle(bots.floor_world)
                floor.append(memory_mib(bots.floor.pid))
            peak = memory_mib(bots.bot.pid, "VmHWM")
    return Figure(
        NAME,
        "MiB",
        Stat.of(ours),
        Stat.of(floor),
        GOAL,
        note=f"{size.bidang} bidang × {size.indicators} indicators; RSS after each of "
        f"{size.quarters} quarters played through chat; the bot's RSS was {at_start:.0f} MiB "
        f"once started, its peak {peak:.0f} MiB",
    )


def run(folder: Path, quick: bool) -> list[Figure]:
    return [asyncio.run(measure(folder, QUICK if quick else FULL))]


if __name__ == "__main__":
    script(run, __doc__)

"""A large office built straight through the core (no chat): its master, its people, a round
open for filling. What is measured then runs through the real Application or job.

The master is the workbook tests' `big_master` (every arah, rumus and sifat); the staff are
the emulator's scripted office (bot.emulator.office), so its phones and texts fit; each bidang
gets its own Kabid.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from sqlalchemy import update

from bot.emulator.office import KASUBAG, KEPALA, OPERATOR, PERENCANA, SEKRETARIS
from bot.sop import Role
from bot.workflow import master
from bot.workflow.context import Ctx
from storage import queries
from storage.models import Outbox, Round
from tests.conftest import distributed_round, enrol
from tests.workbooks import big_master

STAFF = (OPERATOR, KASUBAG, SEKRETARIS, KEPALA, PERENCANA)
TAHUN = 2026
TARGET = re.compile(r"^Target [^:]+: ([0-9.,]+)", re.MULTILINE)


def kabid_id(number: int) -> int:
    """The Telegram id of the Kabid of the `number`-th bidang (from 0), clear of the staff's."""
    return 100_000 + number


def load_master(ctx: Ctx, n_bidang: int, n_indicators: int, tahun: int = TAHUN) -> None:
    master.load_indicators(ctx, big_master(n_bidang, n_indicators), tahun)


def enrol_people(ctx: Ctx) -> list[tuple[str, int]]:
    """The staff in their roles and one Kabid per bidang; (bidang, Kabid's id) in order."""
    for member in STAFF:
        enrol(ctx, member.telegram_id, member.nama, Role(member.peran))
    with ctx.read() as session:
        names = [b.nama for b in queries.all_bidang(session)]
    kabid = [(nama, kabid_id(number)) for number, nama in enumerate(names)]
    for nama, telegram_id in kabid:
        enrol(ctx, telegram_id, f"Kabid {telegram_id}", Role.KABID, nama)
    return kabid


def filling_round(ctx: Ctx, tahun: int = TAHUN, triwulan: int = 2) -> Round:
    """A round taken through steps 1–3 by the staff: every bidang at step 4."""
    return distributed_round(
        ctx, tahun, triwulan, operator=OPERATOR.telegram_id, kasubag=KASUBAG.telegram_id
    )


def quarter_ends(tahun: int, triwulan: int) -> date:
    """The first day after the quarter: its round opens at the first opening from then."""
    return date(tahun + 1, 1, 1) if triwulan == 4 else date(tahun, 3 * triwulan + 1, 1)


def mark_delivered(ctx: Ctx, at: datetime | None = None) -> None:
    """Count every queued message as delivered: what the office was sent while it was built
    is not part of any figure, and must not keep the bot busy while one is measured."""
    with ctx.unit() as session:
        session.execute(
            update(Outbox).where(Outbox.sent_at.is_(None)).values(sent_at=at or ctx.now())
        )


def answer_to(card: str) -> str:
    """What a Kabid types for the indicator card `card`: its target, as the card shows it, so
    the value is never far from target and no keterangan is asked."""
    found = TARGET.search(card)
    if found is None:
        raise ValueError(f"kartu tanpa target: {card[:200]}")
    return found.group(1)

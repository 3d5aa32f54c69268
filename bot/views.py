"""Plain views: the frozen values the use cases return and the texts render.

They live below both `bot.workflow` (which fills them) and `bot.texts` (which words them), so
the texts never import the workflow and the two do not form a circle.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from bot import capaian as rules
from bot.states import RoundState, SubmissionState


@dataclass(frozen=True)
class Lateness:
    """How far past its due time a step is (or was when it was done).

    `past_due` is the plain fact "after the due time", even at night when no working minute has
    passed yet; `minutes` and `days` are the working time past due, `days` counting whole
    working days the way the SOP counts "1 hari" (same clock time on the next working day).
    """

    past_due: bool
    minutes: int
    days: int


@dataclass(frozen=True)
class FillItem:
    nomor: int
    indicator_id: int
    nama: str
    sasaran: str
    satuan: str
    arah: str
    rumus: str
    sifat: str
    boleh_negatif: bool
    target: Decimal | None
    target_tahunan: Decimal
    sebelumnya: Decimal | None
    value: Decimal | None
    keterangan: str
    perlu_perbaikan: bool

    @property
    def capaian(self) -> Decimal | None:
        return rules.capaian(self.target, self.value, self.arah, self.rumus)  # type: ignore[arg-type]

    @property
    def kategori(self) -> str | None:
        pct = self.capaian
        return rules.kategori(pct) if pct is not None else None

    @property
    def needs_keterangan(self) -> bool:
        """A value far from target must be explained before sending (DESIGN §5)."""
        return rules.jauh_dari_target(self.capaian) and not self.keterangan

    @property
    def needs_answer(self) -> bool:
        return self.value is None or self.perlu_perbaikan or self.needs_keterangan


@dataclass(frozen=True)
class DraftItem:
    nomor: int
    indicator_id: int
    nama: str
    satuan: str
    target: Decimal | None
    diukur: bool


@dataclass(frozen=True)
class Clock:
    """A step's deadline and how late it is now (in working time, as the reminders say it)."""

    due: datetime
    late: Lateness


@dataclass(frozen=True)
class BidangLine:
    nama: str
    state: SubmissionState
    filled: int
    total: int
    at: datetime | None
    clock: Clock | None


@dataclass(frozen=True)
class RoundRef:
    """Which round a view is of."""

    id: int
    tahun: int
    triwulan: int


@dataclass(frozen=True)
class SilakipLine:
    """One bidang on step 11's checklist: entered into SILAKIP by whom and when, or not yet."""

    bidang_id: int
    nama: str
    oleh: str | None = None
    at: datetime | None = None

    @property
    def ticked(self) -> bool:
        return self.at is not None


@dataclass(frozen=True)
class SilakipPage:
    """Step 11's checklist as its card shows it: every bidang, and which page of them."""

    lines: tuple[SilakipLine, ...]
    page: int
    """From 0; always one of the pages there are."""
    per_page: int

    @classmethod
    def of(cls, lines: Sequence[SilakipLine], page: int, per_page: int) -> SilakipPage:
        """Page `page` of `lines`, kept within the pages there are (an old or forged button)."""
        pages = max(1, -(-len(lines) // per_page))
        return cls(tuple(lines), min(max(page, 0), pages - 1), per_page)

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.lines) // self.per_page))

    @property
    def shown(self) -> tuple[SilakipLine, ...]:
        start = self.page * self.per_page
        return self.lines[start : start + self.per_page]

    @property
    def done(self) -> int:
        return sum(line.ticked for line in self.lines)


@dataclass(frozen=True)
class RoundStatus:
    round: RoundRef
    state: RoundState
    holders: list[str]
    clock: Clock | None
    bidang: list[BidangLine]
    silakip: tuple[int, int] | None = None
    """At step 11: how many of the bidang shown are entered into SILAKIP, and of how many."""

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


ANALISIS: dict[str, str] = {
    "penghambat": "faktor_penghambat",
    "upaya": "upaya",
    "pendorong": "faktor_pendorong",
}
"""The analysis of a realisation (issue 14), by the name the chat asks it with, to its field
(the same name in FillItem and in the database's Realisation)."""


@dataclass(frozen=True)
class Bukti:
    """One evidence file of an indicator as a card lists it (the bytes stay in the database)."""

    id: int
    filename: str
    size: int
    sha256: str
    uploaded_at: datetime
    oleh: str
    """Who sent it ("" when their account is gone)."""


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
    target_sebelumnya: Decimal | None = None
    """The previous quarter's target, so its capaian can be compared with this one's."""
    wajib_bukti: bool = False
    bukti: tuple[Bukti, ...] = ()
    faktor_penghambat: str = ""
    upaya: str = ""
    faktor_pendorong: str = ""

    @property
    def capaian(self) -> Decimal | None:
        return rules.capaian(self.target, self.value, self.arah, self.rumus)  # type: ignore[arg-type]

    @property
    def kategori(self) -> str | None:
        pct = self.capaian
        return rules.kategori(pct) if pct is not None else None

    @property
    def capaian_sebelumnya(self) -> Decimal | None:
        return rules.capaian(self.target_sebelumnya, self.sebelumnya, self.arah, self.rumus)  # type: ignore[arg-type]

    @property
    def perubahan_poin(self) -> Decimal | None:
        """The change of the shown capaian from the previous quarter's, in percentage points;
        None when either quarter has no capaian."""
        now, before = self.capaian, self.capaian_sebelumnya
        if now is None or before is None:
            return None
        return rules.bulatkan(now) - rules.bulatkan(before)

    @property
    def below_target(self) -> bool:
        """Below 100 %: the LKjIP asks why (faktor penghambat) and what is done (upaya)."""
        pct = self.capaian
        return pct is not None and not rules.tercapai(pct)

    @property
    def analisis_kurang(self) -> tuple[str, ...]:
        """The analysis a value below target still lacks ("penghambat", "upaya"): what Kirim
        reminds of; a value at or above target lacks nothing."""
        if not self.below_target:
            return ()
        missing = []
        if not self.faktor_penghambat:
            missing.append("penghambat")
        if not self.upaya:
            missing.append("upaya")
        return tuple(missing)

    def analisis(self, kind: str) -> str:
        """The analysis text of `kind` (a key of ANALISIS), "" when none was given."""
        return str(getattr(self, ANALISIS[kind]))

    @property
    def needs_bukti(self) -> bool:
        """Marked in the master as requiring evidence, and none sent yet: Kirim waits for it."""
        return self.wajib_bukti and not self.bukti

    @property
    def needs_answer(self) -> bool:
        return self.value is None or self.perlu_perbaikan


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

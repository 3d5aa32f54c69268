"""The office's master data: its identity for the printed document, and the indicators.

Loading is all or nothing: one bad row and nothing is loaded (issue: indicator import).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import texts
from bot.documents.indicator_sheet import IndicatorRow, read_indicator_rows
from bot.errors import InvalidInput
from bot.limits import nip_digits
from bot.workflow import common, redefine
from bot.workflow.context import Ctx
from storage import queries
from storage.models import Bidang, Indicator, Instansi, column_length

SEKRETARIAT = "sekretariat"


@dataclass(frozen=True)
class Office:
    """The office as `kinerja-bot init` recorded it, for the kop, the signature block and the
    introduction. A field never given is blank (never another office's data), and the print
    shows the gap."""

    nama: str = ""
    kabupaten: str = ""
    alamat: str = ""
    tempat: str = ""
    kepala_nama: str = ""
    kepala_pangkat: str = ""
    kepala_nip: str = ""

    @property
    def dinas(self) -> str:
        """ "Dinas … Kabupaten …", as the introduction names the office; "" before init."""
        kabupaten = f"Kabupaten {self.kabupaten}" if self.kabupaten else ""
        return " ".join(part for part in (self.nama, kabupaten) if part)


OFFICE_FIELDS: Final = tuple(Office.__dataclass_fields__)


def office_of(session: Session) -> Office:
    """The recorded office as a plain value; blank before `kinerja-bot init`."""
    row = queries.instansi(session)
    if row is None:
        return Office()
    return Office(**{field: getattr(row, field) for field in OFFICE_FIELDS})


def set_office(ctx: Ctx, **changes: str | None) -> Instansi:
    """Creates the office record or updates the fields given; idempotent (`kinerja-bot init`).

    Every field is checked before anything is saved: a text on one line and no longer than its
    column, the NIP as 18 digits (InvalidInput otherwise, naming the limit).
    """
    cleaned = {key: _clean_field(key, value) for key, value in changes.items() if value is not None}
    with ctx.unit() as session:
        office = queries.instansi(session)
        if office is None:
            office = Instansi(**{field: "" for field in OFFICE_FIELDS})
            session.add(office)
        for key, value in cleaned.items():
            setattr(office, key, value)
        common.audit(session, ctx.now(), None, "instansi.atur", **cleaned)
        session.flush()
        return office


def _clean_field(key: str, value: str) -> str:
    """One field of Instansi as stored, checked before the unit of work opens."""
    if key == "kepala_nip":
        return _clean_nip(value)
    limit = column_length(Instansi, key)
    return common.clean_text(value, limit, texts.terlalu_panjang(texts.DATA_INSTANSI[key], limit))


def _clean_nip(text: str) -> str:
    """A NIP as stored: its 18 digits, without the spaces it may be typed with; blank stays
    blank (the head's NIP not known yet). Refuses (InvalidInput) anything else."""
    if not text.strip():
        return ""
    digits = nip_digits(text)
    if digits is None:
        raise InvalidInput(texts.NIP_SALAH)
    return digits


def get_office(ctx: Ctx) -> Office:
    with ctx.read() as session:
        return office_of(session)


@dataclass(frozen=True)
class Loaded:
    tahun: int
    per_bidang: list[tuple[str, int]]
    deactivated: int
    applied: list[redefine.Redefined] = field(default_factory=list)
    """The open rounds of that year the master was applied to (--terapkan-ke-putaran)."""
    kept: list[tuple[int, int]] = field(default_factory=list)
    """(tahun, triwulan) of the open rounds of that year that keep their own definitions."""


def import_indicators(
    ctx: Ctx, path: Path, tahun: int, *, terapkan: bool = False, paksa: bool = False
) -> Loaded:
    """Loads the indicator master of `tahun` from the template; replaces that year's master.

    Indicators that vanished from the file are deactivated, not deleted: earlier rounds keep
    referring to them. Raises IndicatorSheetError listing every bad row, and loads nothing.
    The rounds of that year already open keep their own definitions, unless `terapkan`
    applies the master to them (`redefine`; from step 6 on only with `paksa`).
    """
    rows = read_indicator_rows(path)
    return load_indicators(ctx, rows, tahun, terapkan=terapkan, paksa=paksa)


def load_indicators(
    ctx: Ctx,
    rows: Sequence[IndicatorRow],
    tahun: int,
    *,
    terapkan: bool = False,
    paksa: bool = False,
) -> Loaded:
    with ctx.unit() as session:
        open_now = [r for r in queries.open_rounds(session) if r.tahun == tahun]
        if terapkan:
            redefine.check(session, open_now, paksa)
        bidang_by_key = {b.nama.casefold(): b for b in queries.all_bidang(session)}
        existing = {
            (i.bidang_id, i.nama.casefold()): i
            for i in session.scalars(select(Indicator).where(Indicator.tahun == tahun))
        }
        order = _bidang_order(rows)
        seen: set[int] = set()
        counts: dict[str, int] = {}
        position: dict[str, int] = {}
        for row in rows:
            key = " ".join(row.bidang.split())
            bidang = bidang_by_key.get(key.casefold())
            if bidang is None:
                bidang = Bidang(nama=key, urutan=order[key.casefold()])
                session.add(bidang)
                session.flush()
                bidang_by_key[key.casefold()] = bidang
            else:
                bidang.urutan = order[key.casefold()]
            position[bidang.nama] = position.get(bidang.nama, 0) + 1
            indicator = existing.get((bidang.id, row.indikator.casefold()))
            if indicator is None:
                indicator = Indicator(tahun=tahun, bidang_id=bidang.id)
                session.add(indicator)
            _copy(row, indicator, position[bidang.nama])
            session.flush()
            seen.add(indicator.id)
            counts[bidang.nama] = counts.get(bidang.nama, 0) + 1
        deactivated = 0
        for indicator in existing.values():
            if indicator.id not in seen and indicator.aktif:
                indicator.aktif = False
                deactivated += 1
        common.audit(
            session,
            ctx.now(),
            None,
            "indikator.impor",
            tahun=tahun,
            jumlah=len(rows),
            nonaktif=deactivated,
        )
        if not terapkan:
            kept = [(r.tahun, r.triwulan) for r in open_now]
            return Loaded(tahun, list(counts.items()), deactivated, kept=kept)
        session.flush()
        applied = [redefine.apply(ctx, session, round_, ctx.now()) for round_ in open_now]
        return Loaded(tahun, list(counts.items()), deactivated, applied=applied)


def _bidang_order(rows: Sequence[IndicatorRow]) -> dict[str, int]:
    """The Sekretariat first, then the bidang in the order the file lists them."""
    order: dict[str, int] = {}
    for row in rows:
        key = " ".join(row.bidang.split()).casefold()
        order.setdefault(key, len(order) + 1)
    for key in order:
        if key == SEKRETARIAT:
            order[key] = 0
    return order


def _copy(row: IndicatorRow, indicator: Indicator, urutan: int) -> None:
    indicator.urutan = urutan
    indicator.sasaran = row.sasaran
    indicator.nama = row.indikator
    indicator.satuan = row.satuan
    indicator.arah = row.arah
    indicator.rumus = row.rumus
    indicator.sifat = row.sifat
    indicator.boleh_negatif = row.boleh_negatif
    indicator.wajib_bukti = row.wajib_bukti
    indicator.target_tahunan = row.target_tahunan
    for tw in range(1, 5):
        setattr(indicator, f"target_tw{tw}", row.target_tw[tw - 1])
        setattr(indicator, f"realisasi_tw{tw}", row.realisasi_tw[tw - 1])
    indicator.aktif = True

"""The year's data (issue 14 part 5): every indicator of a year with TW I–IV side by side, for
the year's workbook that the LKjIP is written from (`files.yearly_for`).

A quarter comes from its round where one exists, else from the realisations imported with the
master (quarters before the bot was used), else it is missing. `kuartal` is that rule, and the
compiled workbook's earlier quarters use it too, so a quarter never reads differently in the
two workbooks. A row's definition (name, satuan, sifat, annual target) is the one the year's
latest round carried, since that is what was approved; an indicator no round has carried yet is
printed as the master has it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from bot import formatting as fmt
from bot import texts
from bot.documents.workbook.model import (
    TRIWULAN,
    Analisis,
    BuktiDukung,
    Kuartal,
    TahunBidang,
    TahunRow,
)
from bot.states import RoundState
from bot.workflow.context import Ctx
from storage import queries
from storage.models import Indicator, Realisation, Round, RoundIndicator


def kuartal(
    indicator: Indicator,
    triwulan: int,
    in_round: RoundIndicator | None,
    found: Realisation | None,
) -> Kuartal:
    """One quarter of an indicator as the documents print it.

    `in_round` is the indicator's copy in that quarter's round (None: no round, or the round
    does not carry it) and `found` its realisation there. The target is the round's (None when
    the round does not measure it), else the master's; the value is the round's, else the one
    imported with the master.
    """
    if in_round is None:
        target = indicator.target(triwulan)
    else:
        target = in_round.target if in_round.diukur else None
    keterangan = found.keterangan if found is not None else ""
    analisis = (
        Analisis(found.faktor_penghambat, found.upaya, found.faktor_pendorong)
        if found is not None
        else Analisis()
    )
    if found is not None and found.value is not None:
        return Kuartal(
            triwulan,
            target,
            found.value,
            keterangan=keterangan,
            dari_putaran=True,
            analisis=analisis,
        )
    imported = indicator.realisasi_awal(triwulan)
    return Kuartal(
        triwulan,
        target,
        imported,
        dari_riwayat=imported is not None,
        keterangan=keterangan,
        dari_putaran=in_round is not None,
        analisis=analisis,
    )


@dataclass(frozen=True)
class Year:
    """The year's rows, and where each of its quarters stands."""

    tahun: int
    bidang: tuple[TahunBidang, ...]
    rounds: dict[int, Round]
    """The year's rounds by triwulan."""
    riwayat: frozenset[int]
    """Quarters without a round for which the master brought history."""
    nomor: dict[int, tuple[str, int, str]] = field(default_factory=dict)
    """Where each indicator stands in the year's sheets, by indicator id: (bidang, number
    within it, name), so the evidence list numbers an indicator as the data does."""

    @property
    def kosong(self) -> frozenset[int]:
        """Quarters with no data at all: no round, and no history for any row."""
        return frozenset(TRIWULAN) - set(self.rounds) - self.riwayat

    @property
    def final(self) -> bool:
        """Every quarter is final or history: the year's data will not change any more."""
        return not self.kosong and all(
            RoundState(round_.state).is_final for round_ in self.rounds.values()
        )

    def keadaan(self, dibuat: str) -> str:
        """The status line under the title: where each quarter stands ("TW III langkah 7")."""
        parts = []
        for triwulan in TRIWULAN:
            round_ = self.rounds.get(triwulan)
            if round_ is not None:
                state = RoundState(round_.state)
                parts.append(texts.kuartal_putaran(triwulan, state.is_final, state.step))
            else:
                parts.append(texts.kuartal_tanpa_putaran(triwulan, triwulan in self.riwayat))
        return texts.keadaan_tahunan(parts, self.final, dibuat)


def year_of(
    session: Session, ctx: Ctx, tahun: int, bidang_ids: Collection[int] | None = None
) -> Year:
    """Every indicator of `tahun` (for every bidang, or only `bidang_ids`) over TW I–IV.

    The indicators are the year's master and whatever a round of the year carried, so an
    indicator dropped from the master later still shows the quarters it was reported in.
    """
    rounds = {
        triwulan: found
        for triwulan in TRIWULAN
        if (found := queries.round_by_period(session, tahun, triwulan)) is not None
    }
    copies = {
        triwulan: {item.indicator_id: item for item in queries.round_indicators(session, r.id)}
        for triwulan, r in rounds.items()
    }
    indicators = {i.id: i for i in queries.indicators_of_year(session, tahun)}
    for carried in copies.values():
        for item in carried.values():
            indicators.setdefault(item.indicator_id, item.indicator)
    chosen = sorted(
        (i for i in indicators.values() if bidang_ids is None or i.bidang_id in bidang_ids),
        key=lambda i: (i.bidang.urutan, i.bidang_id, i.urutan, i.id),
    )
    # Every quarter of the year is "earlier" than a fifth one.
    values = queries.earlier_values(session, [i.id for i in chosen], tahun, len(TRIWULAN) + 1)
    groups: dict[int, tuple[str, list[TahunRow]]] = {}
    nomor: dict[int, tuple[str, int, str]] = {}
    for indicator in chosen:
        nama, rows = groups.setdefault(indicator.bidang_id, (indicator.bidang.nama, []))
        rows.append(_row(ctx, indicator, len(rows) + 1, copies, values))
        nomor[indicator.id] = (nama, rows[-1].nomor, rows[-1].indikator)
    bidang = tuple(TahunBidang(nama, tuple(rows)) for nama, rows in groups.values())
    riwayat = frozenset(
        k.triwulan
        for b in bidang
        for row in b.rows
        for k in row.kuartal
        if k.dari_riwayat and k.triwulan not in rounds
    )
    return Year(tahun, bidang, rounds, riwayat, nomor)


def _row(
    ctx: Ctx,
    indicator: Indicator,
    nomor: int,
    copies: dict[int, dict[int, RoundIndicator]],
    values: dict[tuple[int, int], Realisation],
) -> TahunRow:
    carried = [copies[k][indicator.id] for k in sorted(copies) if indicator.id in copies[k]]
    latest: Indicator | RoundIndicator = carried[-1] if carried else indicator
    return TahunRow(
        nomor=nomor,
        sasaran=latest.sasaran,
        indikator=latest.nama,
        satuan=latest.satuan,
        arah=latest.arah,  # type: ignore[arg-type]
        rumus=(latest.rumus or ctx.settings.rumus_turun),  # type: ignore[arg-type]
        sifat=latest.sifat,  # type: ignore[arg-type]
        target_tahunan=latest.target_tahunan,
        kuartal=tuple(
            kuartal(
                indicator,
                triwulan,
                copies.get(triwulan, {}).get(indicator.id),
                values.get((indicator.id, triwulan)),
            )
            for triwulan in TRIWULAN
        ),
    )


def evidence_of_year(session: Session, year: Year, tz: str) -> tuple[BuktiDukung, ...]:
    """The evidence (bukti dukung) of the year's indicators, for the "Bukti Dukung" sheet: every
    file of every quarter's round, of the bidang `year` covers, by quarter then as sent."""
    found = []
    for file in queries.bukti_rows(session, tahun=year.tahun):
        place = year.nomor.get(file.indicator_id)
        if place is None:
            continue
        bidang, nomor, indikator = place
        found.append(
            BuktiDukung(
                bidang=bidang,
                nomor=nomor,
                indikator=indikator,
                triwulan=file.triwulan,
                berkas=file.filename,
                oleh=file.oleh or "",
                waktu=fmt.stempel_cetak(file.uploaded_at, tz),
                sha256=file.sha256,
            )
        )
    return tuple(found)

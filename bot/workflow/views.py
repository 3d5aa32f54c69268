"""Read models: what a card shows, computed from the database in one place.

The chat, the outbox texts and the workbook all read these, so a value, its capaian and its
category are computed the same way everywhere.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.views import FillItem
from bot.workflow.context import Ctx
from storage import queries
from storage.models import Round, Submission


def fill_items(session: Session, ctx: Ctx, submission: Submission) -> list[FillItem]:
    """The bidang's indicators in format order, with what has been answered so far."""
    round_ = session.get(Round, submission.round_id)
    assert round_ is not None
    items = queries.round_indicators(session, round_.id, submission.bidang_id, only_measured=True)
    values = queries.realisations(session, submission.id)
    previous_tw = round_.triwulan - 1
    earlier = queries.earlier_values(
        session, [i.indicator_id for i in items], round_.tahun, round_.triwulan
    )
    result = []
    for nomor, item in enumerate(items, start=1):
        realisation = values.get(item.indicator_id)
        previous = None
        if previous_tw >= 1:
            row = earlier.get((item.indicator_id, previous_tw))
            previous = row.value if row is not None else item.indicator.realisasi_awal(previous_tw)
        result.append(
            FillItem(
                nomor=nomor,
                indicator_id=item.indicator_id,
                nama=item.nama,
                sasaran=item.sasaran,
                satuan=item.satuan,
                arah=item.arah,
                rumus=item.rumus or ctx.settings.rumus_turun,
                sifat=item.sifat,
                boleh_negatif=item.boleh_negatif,
                target=item.target,
                target_tahunan=item.target_tahunan,
                sebelumnya=previous,
                value=realisation.value if realisation else None,
                keterangan=realisation.keterangan if realisation else "",
                perlu_perbaikan=bool(realisation and realisation.perlu_perbaikan),
            )
        )
    return result


def next_to_answer(items: list[FillItem], after: int | None = None) -> FillItem | None:
    """The first item needing an answer after position `after` (wrapping), in format order.

    Lewati moves on; skipped items come back after the last one (DESIGN §9).
    """
    pending = [i for i in items if i.needs_answer]
    if not pending:
        return None
    if after is not None:
        later = [i for i in pending if i.nomor > after]
        if later:
            return later[0]
    return pending[0]


def rekap(session: Session, ctx: Ctx, round_: Round) -> dict[str, int]:
    """Indicators per category over the whole round, for the approval cards."""
    counts: dict[str, int] = {}
    for submission in queries.submissions(session, round_.id):
        for item in fill_items(session, ctx, submission):
            label = item.kategori or "Tanpa capaian"
            counts[label] = counts.get(label, 0) + 1
    return counts

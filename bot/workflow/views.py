"""Read models: what a card shows, computed from the database in one place.

The chat, the outbox texts and the workbook all read these, so a value, its capaian and its
category are computed the same way everywhere.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.views import FillItem, SilakipLine
from bot.workflow import common
from bot.workflow.context import Ctx
from storage import queries
from storage.models import Round, Submission


def fill_items(session: Session, ctx: Ctx, submission: Submission) -> list[FillItem]:
    """The bidang's indicators in format order, with what has been answered so far, and each
    one's realisation of the quarter before (its round's, else the master's history)."""
    round_ = session.get(Round, submission.round_id)
    assert round_ is not None
    previous_tw = round_.triwulan - 1
    rows = queries.format_rows(
        session, round_.id, submission.bidang_id, submission.id, max(previous_tw, 0)
    )
    earlier = (
        queries.value_in_quarter(session, submission.bidang_id, round_.tahun, previous_tw)
        if previous_tw >= 1
        else {}
    )
    result = []
    for nomor, row in enumerate(rows, start=1):
        previous = None
        if previous_tw >= 1:
            previous = earlier.get(row.indicator_id, row.riwayat)
        result.append(
            FillItem(
                nomor=nomor,
                indicator_id=row.indicator_id,
                nama=row.nama,
                sasaran=row.sasaran,
                satuan=row.satuan,
                arah=row.arah,
                rumus=row.rumus or ctx.settings.rumus_turun,
                sifat=row.sifat,
                boleh_negatif=row.boleh_negatif,
                target=row.target,
                target_tahunan=row.target_tahunan,
                sebelumnya=previous,
                value=row.value,
                keterangan=row.keterangan or "",
                perlu_perbaikan=bool(row.perlu_perbaikan),
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


def silakip_checklist(session: Session, round_id: int) -> list[SilakipLine]:
    """Step 11's checklist: every bidang of the round in the master's order, each with who
    ticked it as entered into SILAKIP and when, if anyone has."""
    entries = queries.silakip_entries(session, round_id)
    lines = []
    for submission in queries.submissions(session, round_id):
        entry = entries.get(submission.bidang_id)
        if entry is None:
            lines.append(SilakipLine(submission.bidang_id, submission.bidang.nama))
        else:
            nama = common.nama_of(entry.actor)
            lines.append(SilakipLine(submission.bidang_id, submission.bidang.nama, nama, entry.at))
    return lines

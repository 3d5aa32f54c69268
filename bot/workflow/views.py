"""Read models: what a card shows, computed from the database in one place.

The chat, the outbox texts and the workbook all read these, so a value, its capaian and its
category are computed the same way everywhere.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.views import Bukti, FillItem, SilakipLine
from bot.workflow import common
from bot.workflow.context import Ctx
from storage import queries
from storage.models import Round, Submission


def fill_items(session: Session, ctx: Ctx, submission: Submission) -> list[FillItem]:
    """The bidang's indicators in format order, with what has been answered so far (the
    evidence files too), and each one's realisation and target of the quarter before (its
    round's, else the master's history)."""
    round_ = session.get(Round, submission.round_id)
    assert round_ is not None
    previous_tw = round_.triwulan - 1
    rows = queries.format_rows(
        session, round_.id, submission.bidang_id, submission.id, max(previous_tw, 0)
    )
    earlier = (
        queries.quarter_before(session, submission.bidang_id, round_.tahun, previous_tw)
        if previous_tw >= 1
        else {}
    )
    bukti: dict[int, list[Bukti]] = {}
    if submission.id is not None:
        for file in queries.bukti_rows(session, submission_id=submission.id):
            kept = Bukti(
                file.id, file.filename, file.size, file.sha256, file.uploaded_at, file.oleh or ""
            )
            bukti.setdefault(file.indicator_id, []).append(kept)
    result = []
    for nomor, row in enumerate(rows, start=1):
        previous = previous_target = None
        if previous_tw >= 1:
            found = earlier.get(row.indicator_id)
            if found is None:
                previous, previous_target = row.riwayat, row.riwayat_target
            else:
                answered = found.realisation_id is not None
                previous = found.value if answered else row.riwayat
                previous_target = found.target if found.diukur else None
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
                target_sebelumnya=previous_target,
                wajib_bukti=bool(row.wajib_bukti),
                bukti=tuple(bukti.get(row.indicator_id, ())),
                faktor_penghambat=row.faktor_penghambat or "",
                upaya=row.upaya or "",
                faktor_pendorong=row.faktor_pendorong or "",
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

"""Step 4 by file: a Kabid sends back the filled format instead of typing each value.

The file is read defensively (`bot.documents.workbook.upload`), then held to the chat's own rules
(`filling.check_value`, `filling.clean_keterangan`, `filling.clean_analisis`), and saved in one
transaction only when nothing at all is wrong: half a file saved would leave the Kabid unsure
which values count. Refusals list every problem by row. Analysis left blank for a value below
target is not a problem here: Kirim reminds of it, as in chat.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from bot import texts
from bot.documents.indicator_sheet import RowProblem
from bot.documents.workbook.format_sheet import (
    KETERANGAN_COL,
    PENDORONG_COL,
    PENGHAMBAT_COL,
    REALISASI_COL,
    UPAYA_COL,
    columns,
)
from bot.documents.workbook.model import Marker
from bot.documents.workbook.upload import (
    MB,
    Answer,
    FilledFormat,
    UploadError,
    check_filled_format,
    open_filled_format,
)
from bot.errors import InvalidInput, NotAllowed
from bot.sop import Role
from bot.states import RoundState, SubmissionState
from bot.workflow import common, files, filling
from bot.workflow.context import Ctx, unit_of_work
from bot.workflow.views import FillItem, fill_items
from storage import queries
from storage.models import Round, Submission, User


@dataclass(frozen=True)
class UploadResult:
    """What the Kabid is shown next: the step-4 summary, as if every value had been typed."""

    submission: Submission
    bidang: str
    items: list[FillItem]
    realisasi: int
    """Values taken from the file (blank cells leave what was saved before)."""
    keterangan: int
    analisis: int = 0
    """Texts of the analysis columns taken (three an indicator at most)."""

    @property
    def message(self) -> str:
        return texts.unggah_diterima(self.bidang, self.realisasi, self.keterangan, self.analisis)


@dataclass(frozen=True)
class _Change:
    item: FillItem
    realisasi: Decimal | None
    keterangan: str | None
    analisis: dict[str, str]
    """The analysis texts given, by `filling.ANALISIS` key."""


@unit_of_work
def apply_upload(
    session: Session, ctx: Ctx, *, actor: int, content: bytes, filename: str
) -> UploadResult:
    """Saves every value and keterangan of an uploaded format, or nothing.

    Refuses with NotAllowed when the file is another bidang's format, Stale when the bidang's
    data cannot be changed now (sent, verified), and InvalidInput listing every problem by row
    otherwise: not an xlsx, too large, a zip bomb, a round not being filled, an older version,
    edited locked cells, rows added or removed, non-numbers, and the rules of typed answers.
    """
    try:
        filled = open_filled_format(content, max_bytes=ctx.settings.maks_unggah_mb * MB)
    except UploadError as error:
        raise _refused(filename, error.problems) from None
    now = ctx.now()
    user, round_, submission = _matched(session, ctx, actor, filled.marker, filename)
    changes = _changes(session, ctx, round_, submission, filled, filename)
    stored = queries.realisations(session, submission.id)
    for change in changes:
        realisation = stored[change.item.indicator_id]
        if change.realisasi is not None:
            filling.record_value(realisation, change.realisasi, user, now)
        if change.keterangan is not None:
            filling.record_keterangan(realisation, change.keterangan, user, now)
        for kind, text in change.analisis.items():
            filling.record_analisis(realisation, kind, text, user, now)
    n_realisasi = sum(1 for c in changes if c.realisasi is not None)
    n_keterangan = sum(1 for c in changes if c.keterangan is not None)
    n_analisis = sum(len(c.analisis) for c in changes)
    common.audit(
        session,
        now,
        user,
        "realisasi.unggah",
        round_,
        bidang=submission.bidang_id,
        berkas=filename[:100],
        realisasi=n_realisasi,
        keterangan=n_keterangan,
        analisis=n_analisis,
    )
    session.flush()
    return UploadResult(
        submission,
        submission.bidang.nama,
        fill_items(session, ctx, submission),
        n_realisasi,
        n_keterangan,
        n_analisis,
    )


def _matched(
    session: Session, ctx: Ctx, actor: int, marker: Marker, filename: str
) -> tuple[User, Round, Submission]:
    """The submission the file's marker names, if this Kabid may change it with this file."""
    user = common.actor(session, actor)
    submission = queries.submission_for(session, marker.round_id, marker.bidang_id)
    if submission is None:
        raise _refused(filename, [RowProblem(0, "", texts.UNGGAH_TIDAK_DIKENAL)])
    try:
        common.require_role(session, user, Role.KABID, ctx.now(), submission.bidang_id)
    except NotAllowed:
        raise NotAllowed(texts.unggah_bidang_lain(submission.bidang.nama)) from None
    round_ = common.get_round(session, submission.round_id)
    if round_.state != RoundState.PENGISIAN:
        diisi = _being_filled(session, user, ctx)
        problem = texts.unggah_putaran_lain(round_.tahun, round_.triwulan, diisi)
        raise _refused(filename, [RowProblem(0, "", problem)])
    user, round_, submission = filling.fillable(session, ctx, actor, submission.id)
    if marker.version != submission.version:
        problem = texts.unggah_versi_lama(submission.bidang.nama)
        raise _refused(filename, [RowProblem(0, "", problem)])
    return user, round_, submission


def _changes(
    session: Session,
    ctx: Ctx,
    round_: Round,
    submission: Submission,
    filled: FilledFormat,
    filename: str,
) -> list[_Change]:
    """The rows that change something, once the file and every answer in it passed."""
    items = fill_items(session, ctx, submission)
    expected = files.format_doc(session, round_, submission.bidang.nama, items, filled.marker)
    checked = check_filled_format(filled, expected)
    by_nomor = {item.nomor: item for item in items}
    problems = list(checked.problems)
    headers = [column.header for column in columns(expected.periode.tw)]
    changes = [
        _change(answer, by_nomor[answer.item.nomor], headers, problems)
        for answer in checked.answers
    ]
    if problems:
        raise _refused(filename, sorted(problems, key=lambda problem: problem.row))
    if not any(c.realisasi is not None for c in changes):
        raise _refused(filename, [RowProblem(0, "", texts.UNGGAH_KOSONG)])
    return [c for c in changes if c.realisasi is not None or c.keterangan is not None or c.analisis]


def _change(
    answer: Answer, item: FillItem, headers: list[str], problems: list[RowProblem]
) -> _Change:
    """One row held to the rules of a typed answer; what breaks them goes to `problems`."""
    realisasi = answer.realisasi
    keterangan = None
    if realisasi is not None:
        try:
            filling.check_value(item, realisasi)
        except InvalidInput as refusal:
            problems.append(RowProblem(answer.row, headers[REALISASI_COL - 1], refusal.message))
            realisasi = None
    if answer.keterangan is not None:
        try:
            keterangan = filling.clean_keterangan(answer.keterangan)
        except InvalidInput as refusal:
            problems.append(RowProblem(answer.row, headers[KETERANGAN_COL - 1], refusal.message))
    analisis = {}
    for kind, given, column in (
        ("penghambat", answer.faktor_penghambat, PENGHAMBAT_COL),
        ("upaya", answer.upaya, UPAYA_COL),
        ("pendorong", answer.faktor_pendorong, PENDORONG_COL),
    ):
        if given is None:
            continue
        try:
            analisis[kind] = filling.clean_analisis(kind, given)
        except InvalidInput as refusal:
            problems.append(RowProblem(answer.row, headers[column - 1], refusal.message))
    return _Change(item, realisasi, keterangan, analisis)


def _being_filled(session: Session, user: User, ctx: Ctx) -> list[str]:
    """The rounds where this Kabid's bidang is open to filling, to point at the right file."""
    bidang_ids = common.kabid_bidang_ids(session, user, ctx.now())
    found = []
    for round_ in queries.open_rounds(session):
        if round_.state != RoundState.PENGISIAN:
            continue
        for submission in queries.submissions(session, round_.id):
            if submission.bidang_id in bidang_ids and SubmissionState(submission.state).can_fill:
                found.append(texts.putaran(round_.tahun, round_.triwulan))
                break
    return found


def _refused(filename: str, problems: list[RowProblem]) -> InvalidInput:
    return InvalidInput(texts.unggah_ditolak(filename, [str(problem) for problem in problems]))

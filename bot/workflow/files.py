"""The documents the workflow attaches and hands out, built from the database (issue 5).

An outbox row names a document (`{"kind": "format", "submission_id": 7}`); `render` builds it
when the message is sent, so a file always shows the data as it is then. The final workbook is
the exception: it is built once, when the round is finalised, kept in the Document table and
never regenerated, since it is the one that was signed. Values, capaian and categories come from
the same read model as the chat (`views.fill_items`), so a workbook never contradicts a card.

Building a workbook is heavy, synchronous work: a Telegram handler runs these in a thread.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any, Final
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import formatting as fmt
from bot import texts
from bot.documents import charts
from bot.documents.workbook.compiled import compiled_workbook
from bot.documents.workbook.format_sheet import draft_workbook, format_workbook
from bot.documents.workbook.model import (
    TRIWULAN,
    Analisis,
    BidangReport,
    BuktiDukung,
    ControlRow,
    FormatDoc,
    FormatRow,
    Kop,
    Kuartal,
    Marker,
    Paraf,
    Penandatangan,
    Periode,
    Report,
    ReportRow,
    TahunReport,
    TandaTangan,
)
from bot.documents.workbook.silakip import silakip_csv, silakip_workbook
from bot.documents.workbook.tahunan import tahunan_workbook
from bot.errors import NotAllowed, NotFound
from bot.limits import MAX_KETERANGAN
from bot.sop import STEPS, Role, Step, StepNo
from bot.states import RoundState
from bot.views import Bukti
from bot.workflow import common, signatory, yearly
from bot.workflow.context import Ctx
from bot.workflow.master import office_of
from bot.workflow.views import FillItem, fill_items, silakip_checklist
from storage import queries
from storage.models import (
    Approval,
    Document,
    Indicator,
    Realisation,
    Round,
    RoundIndicator,
    StepDeadline,
    Submission,
    User,
)

FINAL: Final = "final"
FULL_ACCESS: Final = frozenset(
    {Role.OPERATOR, Role.KASUBAG, Role.SEKRETARIS, Role.KEPALA, Role.PERENCANA}
)
"""Who may download every bidang (DESIGN §9, /unduh); a Kabid gets their own bidang only."""
SELURUH: Final = "SELURUH BIDANG"


def _kop(session: Session) -> Kop:
    office = office_of(session)
    return Kop(
        kabupaten=office.kabupaten or "…",
        instansi=office.nama or texts.INSTANSI_BELUM_DIATUR,
        alamat=office.alamat,
        tempat=office.tempat,
    )


def _penandatangan(session: Session, kop: Kop, signed: Approval | None) -> Penandatangan:
    """The signature block's official: the appointment the Kepala signed under ("Plh. KEPALA
    DINAS …" with their own name and NIP); before a signature, or for one given before
    appointments were recorded, the office's head as `init --kepala-*` set it."""
    jabatan = f"KEPALA {kop.instansi.upper()}"
    who = signatory.of_grant(signed) if signed is not None else None
    if who is not None:
        return Penandatangan(who.jabatan(jabatan), who.nama, who.pangkat, who.nip)
    office = office_of(session)
    return Penandatangan(jabatan, office.kepala_nama, office.kepala_pangkat, office.kepala_nip)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:40] or "bidang"


def _items(session: Session, ctx: Ctx, round_: Round, bidang_id: int) -> list[FillItem]:
    """A bidang's items; before step 4 there is no submission yet, so a transient one (never
    added to the session) stands for it and every value reads as blank."""
    submission = queries.submission_for(session, round_.id, bidang_id)
    return fill_items(
        session, ctx, submission or Submission(round_id=round_.id, bidang_id=bidang_id)
    )


def _bidang_of(session: Session, round_: Round) -> list[tuple[int, str]]:
    """The bidang with indicators measured this quarter, in the master's order."""
    seen: dict[int, str] = {}
    for item in queries.round_indicators(session, round_.id, only_measured=True):
        seen.setdefault(item.bidang_id, item.bidang.nama)
    return list(seen.items())


# --- the format (steps 2–4) ------------------------------------------------------------------


def format_doc(
    session: Session, round_: Round, bidang: str, items: list[FillItem], marker: Marker | None
) -> FormatDoc:
    """A bidang's format as printed; with `marker`, the one a Kabid fills and sends back."""
    rows = tuple(
        FormatRow(
            nomor=item.nomor,
            sasaran=item.sasaran,
            indikator=item.nama,
            satuan=item.satuan,
            target=item.target,
            realisasi=item.value,
            keterangan=item.keterangan,
            boleh_negatif=item.boleh_negatif,
            perlu_perbaikan=item.perlu_perbaikan,
            faktor_penghambat=item.faktor_penghambat,
            upaya=item.upaya,
            faktor_pendorong=item.faktor_pendorong,
        )
        for item in items
    )
    periode = Periode(round_.tahun, round_.triwulan)
    return FormatDoc(_kop(session), periode, bidang, rows, marker, MAX_KETERANGAN)


def submission_format(session: Session, ctx: Ctx, submission: Submission) -> FormatDoc:
    """The format of step 3 for one bidang, marked with the submission's current version."""
    round_ = common.get_round(session, submission.round_id)
    marker = Marker(round_.id, submission.bidang_id, submission.version)
    items = fill_items(session, ctx, submission)
    return format_doc(session, round_, submission.bidang.nama, items, marker)


def _format_file(ctx: Ctx, attachment: dict[str, Any]) -> tuple[str, bytes] | None:
    with ctx.read() as session:
        submission = session.get(Submission, attachment["submission_id"])
        if submission is None:
            return None
        doc = submission_format(session, ctx, submission)
    name = f"format-data-kinerja-{doc.periode.berkas}-{_slug(doc.bidang)}.xlsx"
    return name, format_workbook(doc)


def _draft_file(ctx: Ctx, attachment: dict[str, Any]) -> tuple[str, bytes] | None:
    with ctx.read() as session:
        round_ = session.get(Round, attachment["round_id"])
        if round_ is None:
            return None
        docs = [
            format_doc(session, round_, nama, _items(session, ctx, round_, bidang_id), None)
            for bidang_id, nama in _bidang_of(session, round_)
        ]
        berkas = Periode(round_.tahun, round_.triwulan).berkas
    return f"draft-format-{berkas}.xlsx", draft_workbook(docs)


# --- the compiled data (steps 6–11) ----------------------------------------------------------


def build_report(
    session: Session, ctx: Ctx, round_: Round, bidang_ids: Collection[int] | None = None
) -> Report:
    """Everything the compiled workbook prints, for every bidang or only `bidang_ids`."""
    tz = ctx.settings.zona_waktu
    now = ctx.now()
    bidang = [
        (i, nama)
        for i, nama in _bidang_of(session, round_)
        if bidang_ids is None or i in bidang_ids
    ]
    indicators = {
        item.indicator_id: item.indicator for item in queries.round_indicators(session, round_.id)
    }
    history = _History(session, round_, list(indicators))
    items = {i: _items(session, ctx, round_, i) for i, _ in bidang}
    reports = tuple(
        BidangReport(
            nama, tuple(history.row(item, indicators[item.indicator_id]) for item in items[i])
        )
        for i, nama in bidang
    )
    bukti = tuple(
        _bukti(nama, round_.triwulan, item, file, tz)
        for i, nama in bidang
        for item in items[i]
        for file in item.bukti
    )
    in_force = queries.approvals(session, round_.id, in_force=True)
    kop = _kop(session)
    ttd, _ = _signing(session, ctx, kop, in_force)
    state = RoundState(round_.state)
    if state.is_final:
        finalised = _latest(in_force, StepNo.FINALISASI, FINAL)
        keadaan = texts.keadaan_final(fmt.stempel_cetak(finalised.at if finalised else now, tz))
    else:
        number = state.step or StepNo.DRAFT
        keadaan = texts.keadaan_draft(number, STEPS[number - 1].name, fmt.stempel_cetak(now, tz))
    return Report(
        kop=kop,
        periode=Periode(round_.tahun, round_.triwulan),
        final=state.is_final,
        lingkup=SELURUH if bidang_ids is None else ", ".join(n.upper() for _, n in bidang),
        keadaan=keadaan,
        bidang=reports,
        kendali=_kendali(session, ctx, round_, bidang_ids),
        paraf=ttd.paraf,
        penandatangan=ttd.penandatangan,
        tanggal=ttd.tanggal,
        bukti=bukti,
    )


def _bukti(bidang: str, triwulan: int, item: FillItem, file: Bukti, tz: str) -> BuktiDukung:
    """One evidence file as the "Bukti Dukung" sheet lists it."""
    return BuktiDukung(
        bidang=bidang,
        nomor=item.nomor,
        indikator=item.nama,
        triwulan=triwulan,
        berkas=file.filename,
        oleh=file.oleh,
        waktu=fmt.stempel_cetak(file.uploaded_at, tz),
        sha256=file.sha256,
    )


def _latest(in_force: Sequence[Approval], number: int, action: str) -> Approval | None:
    found = [a for a in in_force if a.step == number and a.action == action]
    return found[-1] if found else None


def _signing(
    session: Session, ctx: Ctx, kop: Kop, in_force: Sequence[Approval]
) -> tuple[TandaTangan, Approval | None]:
    """A round's paraf boxes and signature block from its approvals in force, and the
    signature itself (None before the Kepala signs: then the office's head and today)."""
    tz = ctx.settings.zona_waktu
    paraf = []
    for number, role in (
        (StepNo.PARAF_KASUBAG, Role.KASUBAG),
        (StepNo.PARAF_SEKRETARIS, Role.SEKRETARIS),
    ):
        given = _latest(in_force, number, "paraf")
        if given is None:
            paraf.append(Paraf(role.label, None, None))
        else:
            who = signatory.acted_by(given)
            paraf.append(Paraf(who.jabatan(role.label), who.nama, fmt.stempel_cetak(given.at, tz)))
    signed = _latest(in_force, StepNo.TANDATANGAN, "tandatangan")
    tanggal = fmt.tanggal((signed.at if signed else ctx.now()).astimezone(ZoneInfo(tz)).date())
    ttd = TandaTangan(tuple(paraf), _penandatangan(session, kop, signed), tanggal)
    return ttd, signed


class _History:
    """The year's earlier quarters of each indicator: a round's data where the round exists,
    else the realisations imported with the master (DESIGN §5; issue 5)."""

    def __init__(self, session: Session, round_: Round, indicator_ids: list[int]) -> None:
        self.triwulan = round_.triwulan
        self.values: dict[tuple[int, int], Realisation] = queries.earlier_values(
            session, indicator_ids, round_.tahun, round_.triwulan
        )
        self.copies: dict[int, dict[int, RoundIndicator]] = {}
        for k in range(1, round_.triwulan):
            earlier = queries.round_by_period(session, round_.tahun, k)
            if earlier is not None:
                self.copies[k] = {
                    item.indicator_id: item
                    for item in queries.round_indicators(session, earlier.id)
                }

    def row(self, item: FillItem, indicator: Indicator) -> ReportRow:
        kuartal = [
            yearly.kuartal(
                indicator,
                k,
                self.copies.get(k, {}).get(item.indicator_id),
                self.values.get((item.indicator_id, k)),
            )
            for k in range(1, self.triwulan)
        ]
        kuartal.append(Kuartal(self.triwulan, item.target, item.value, analisis=_analisis(item)))
        return ReportRow(
            nomor=item.nomor,
            sasaran=item.sasaran,
            indikator=item.nama,
            satuan=item.satuan,
            arah=item.arah,  # type: ignore[arg-type]
            rumus=item.rumus,  # type: ignore[arg-type]
            sifat=item.sifat,  # type: ignore[arg-type]
            target_tahunan=item.target_tahunan,
            keterangan=item.keterangan,
            kuartal=tuple(kuartal),
            analisis=_analisis(item),
        )


def _analisis(item: FillItem) -> Analisis:
    return Analisis(item.faktor_penghambat, item.upaya, item.faktor_pendorong)


def _kendali(
    session: Session, ctx: Ctx, round_: Round, bidang_ids: Collection[int] | None
) -> tuple[ControlRow, ...]:
    """Every SOP step in order; a step run twice (after a return) or per bidang has a row each,
    and step 11 one for each bidang entered into SILAKIP."""
    now = ctx.now()
    names = {b.id: b.nama for b in queries.all_bidang(session)}
    deadlines = [
        d
        for d in queries.deadlines(session, round_.id)
        if bidang_ids is None or d.bidang_id is None or d.bidang_id in bidang_ids
    ]
    # The decision that finished a run was recorded with it, at the same moment.
    decided = {(a.step, a.bidang_id, a.at): a for a in queries.approvals(session, round_.id)}
    rows: list[ControlRow] = []
    for sop_step in STEPS:
        runs = sorted(
            (d for d in deadlines if d.step == sop_step.number),
            key=lambda d: (d.starts_at, names.get(d.bidang_id or 0, "")),
        )
        if not runs:
            rows.append(
                ControlRow(
                    sop_step.number,
                    sop_step.name,
                    sop_step.role.label,
                    sop_step.allotted.label,
                    status=texts.BELUM_DIMULAI,
                )
            )
        for run in runs:
            end = run.done_at
            approval = decided.get((run.step, run.bidang_id, end))
            pelaksana, oleh = _acted(session, run, approval, sop_step.role)
            rows.append(
                replace(
                    _timed(ctx, sop_step, run, end, now),
                    pelaksana=pelaksana,
                    bidang=names.get(run.bidang_id, "") if run.bidang_id else "",
                    oleh=oleh,
                    dirangkap=signatory.dirangkap(approval) if approval else "",
                )
            )
        if sop_step.number == StepNo.SILAKIP and runs:
            rows.extend(_silakip_ticks(session, ctx, round_, runs[-1], bidang_ids))
    return tuple(rows)


def _timed(
    ctx: Ctx, sop_step: Step, run: StepDeadline, end: datetime | None, now: datetime
) -> ControlRow:
    """A row of the Lembar Kendali for work on `run` of a step finished at `end` (None: still
    running): its times, the working time it took, and whether in time."""
    tz = ctx.settings.zona_waktu
    late = (end or now) > run.due_at
    late_by = ctx.calendar.working_minutes_between(run.due_at, end or now)
    lateness = f"terlambat {fmt.durasi_kerja(late_by)}" if late_by else "terlambat"
    if end is None:
        status = "berjalan" + (f", {lateness}" if late else "")
    else:
        status = lateness.capitalize() if late else "Tepat waktu"
    used = ctx.calendar.working_minutes_between(run.starts_at, end or now)
    return ControlRow(
        sop_step.number,
        sop_step.name,
        sop_step.role.label,
        sop_step.allotted.label,
        status=status,
        mulai=fmt.stempel_cetak(run.starts_at, tz),
        selesai=fmt.stempel_cetak(end, tz) if end else "",
        batas=fmt.stempel_cetak(run.due_at, tz),
        terpakai=fmt.durasi_kerja(used),
        terlambat=late if end is not None else None,
    )


def _silakip_ticks(
    session: Session,
    ctx: Ctx,
    round_: Round,
    run: StepDeadline,
    bidang_ids: Collection[int] | None,
) -> list[ControlRow]:
    """Step 11 per bidang, below the step's own row: each bidang entered into SILAKIP, who
    ticked it (under which appointment) and when, in the order they were ticked."""
    sop_step = STEPS[StepNo.SILAKIP - 1]
    order = {
        line.bidang_id: (i, line.nama)
        for i, line in enumerate(silakip_checklist(session, round_.id))
    }
    ticks = sorted(
        (
            entry
            for entry in queries.silakip_entries(session, round_.id).values()
            if entry.bidang_id in order and (bidang_ids is None or entry.bidang_id in bidang_ids)
        ),
        key=lambda entry: (entry.at, order[entry.bidang_id][0]),
    )
    rows = []
    for entry in ticks:
        who = signatory.appointed(entry.grant, entry.actor)
        rows.append(
            replace(
                _timed(ctx, sop_step, run, entry.at, ctx.now()),
                pelaksana=who.jabatan(sop_step.role.label),
                bidang=order[entry.bidang_id][1],
                oleh=who.nama,
            )
        )
    return rows


def _acted(
    session: Session, run: StepDeadline, approval: Approval | None, role: Role
) -> tuple[str, str]:
    """A run's (Pelaksana, Dikerjakan oleh): the appointment of the decision that finished it
    ("Plh. Kepala Dinas", its name), else the role and the person who finished it."""
    if approval is not None:
        who = signatory.acted_by(approval)
        return who.jabatan(role.label), who.nama
    user = session.get(User, run.done_by_id) if run.done_by_id else None
    return role.label, user.nama if user else ("" if run.done_at is None else "—")


def _compiled_name(berkas: str, final: bool, bidang: str | None = None) -> str:
    """ "data-kinerja-tw2-2026-DRAFT.xlsx", "data-kinerja-tahun-2026-<bidang>-final.xlsx"."""
    part = f"-{_slug(bidang)}" if bidang else ""
    return f"data-kinerja-{berkas}{part}-{'final' if final else 'DRAFT'}.xlsx"


def store_final(session: Session, ctx: Ctx, round_: Round) -> Document:
    """The final workbook, built once when the round is final and then only ever read back.

    Called by `approvals.finalise` in its own transaction, so the document that goes out is
    the one that was signed, whatever the calendar or the code do later.
    """
    found = session.scalars(
        select(Document).where(Document.round_id == round_.id, Document.kind == FINAL)
    ).one_or_none()
    if found is not None:
        return found
    if not RoundState(round_.state).is_final:
        raise ValueError("the final workbook needs a finalised round")
    report = build_report(session, ctx, round_)
    content = compiled_workbook(report)
    document = Document(
        round_id=round_.id,
        kind=FINAL,
        filename=_compiled_name(report.periode.berkas, final=True),
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        created_at=ctx.now(),
    )
    session.add(document)
    session.flush()
    return document


def _final_file(ctx: Ctx, attachment: dict[str, Any]) -> tuple[str, bytes] | None:
    # A unit, not a read: a round finalised before this code stored nothing yet.
    with ctx.unit() as session:
        round_ = session.get(Round, attachment["round_id"])
        if round_ is None or not RoundState(round_.state).is_final:
            return None
        document = store_final(session, ctx, round_)
        return document.filename, document.content


def _report(ctx: Ctx, round_id: int) -> Report | None:
    with ctx.read() as session:
        round_ = session.get(Round, round_id)
        return build_report(session, ctx, round_) if round_ is not None else None


def _rekap_file(ctx: Ctx, attachment: dict[str, Any]) -> tuple[str, bytes] | None:
    report = _report(ctx, attachment["round_id"])
    if report is None:
        return None
    return _compiled_name(report.periode.berkas, report.final), compiled_workbook(report)


def _silakip_file(ctx: Ctx, attachment: dict[str, Any]) -> tuple[str, bytes] | None:
    """The SILAKIP export; `"format": "csv"` asks for the CSV instead of the xlsx."""
    report = _report(ctx, attachment["round_id"])
    if report is None:
        return None
    name = f"silakip-{report.periode.berkas}"
    if attachment.get("format") == "csv":
        return f"{name}.csv", silakip_csv(report)
    return f"{name}.xlsx", silakip_workbook(report)


def _chart_file(ctx: Ctx, attachment: dict[str, Any]) -> tuple[str, bytes] | None:
    return chart_for(ctx, int(attachment["round_id"]))


_RENDERERS: Final[dict[str, Callable[[Ctx, dict[str, Any]], tuple[str, bytes] | None]]] = {
    charts.KIND: _chart_file,
    "format": _format_file,
    "draft": _draft_file,
    "rekap": _rekap_file,
    FINAL: _final_file,
    "silakip": _silakip_file,
}


def render(ctx: Ctx, attachment: dict[str, Any]) -> tuple[str, bytes] | None:
    """The (file name, bytes) an outbox attachment names, or None when there is nothing to
    attach (an unknown kind, a round or submission gone, a final asked of an open round).

    Kinds: format (submission_id), draft, rekap, final, silakip (round_id; `"format": "csv"`
    for the CSV), grafik (round_id; a PNG, `"photo": True`). Heavy and synchronous: run it in
    a thread.
    """
    renderer = _RENDERERS.get(str(attachment.get("kind")))
    return renderer(ctx, attachment) if renderer else None


def download_scope(session: Session, user: User, now: datetime) -> set[int] | None:
    """The bidang `user` may download: None is every bidang (FULL_ACCESS), otherwise the bidang
    they fill as Kabid (empty: none at all)."""
    if common.roles_of(session, user, now) & FULL_ACCESS:
        return None
    return common.kabid_bidang_ids(session, user, now)


def _scope(session: Session, actor: int | None, now: datetime) -> set[int] | None:
    """The bidang `actor` may download (None: every bidang; `actor` None is the command line,
    the office's administrator). Refuses with NotAllowed one who may download nothing."""
    if actor is None:
        return None
    bidang_ids = download_scope(session, common.actor(session, actor), now)
    if bidang_ids is not None and not bidang_ids:
        raise NotAllowed(texts.UNDUH_TIDAK_BERHAK)
    return bidang_ids


def downloadable_round(ctx: Ctx, *, actor: int, round_id: int) -> Round:
    """The round an Unduh button names, when this person may download it.

    Checked before the press is answered. A round that does not exist, one the person may not
    download and a person who may download nothing are refused alike, as an unknown button, so
    a press tells nobody which rounds exist.
    """
    with ctx.read() as session:
        user = queries.user_by_telegram(session, actor)
        round_ = session.get(Round, round_id)
        scope = download_scope(session, user, ctx.now()) if user is not None else set()
        if round_ is None or (
            scope is not None and not scope & {i for i, _ in _bidang_of(session, round_)}
        ):
            raise NotFound(texts.TOMBOL_TIDAK_DIKENAL)
        return round_


def compiled_for(ctx: Ctx, *, actor: int | None, tahun: int, triwulan: int) -> tuple[str, bytes]:
    """The compiled workbook for `/unduh` (DRAFT until final; the stored one once final).

    Operator, Kasubag, Sekretaris, Kepala and perencana get every bidang; a Kabid a workbook of
    their own bidang only. `actor` None is the command line (`kinerja-bot ekspor`), the
    office's administrator. Refuses with NotAllowed (no such role) or NotFound (no such round,
    or none of the Kabid's bidang in it).
    """
    # A unit, not a read, for the same reason as _final_file; a plain download changes nothing.
    with ctx.unit() as session:
        bidang_ids = _scope(session, actor, ctx.now())
        round_ = queries.round_by_period(session, tahun, triwulan)
        if round_ is None:
            raise NotFound(texts.putaran_belum_ada(tahun, triwulan))
        if bidang_ids is None and RoundState(round_.state).is_final:
            document = store_final(session, ctx, round_)
            return document.filename, document.content
        report = build_report(session, ctx, round_, bidang_ids)
    if not report.bidang:
        raise NotFound(texts.unduh_tanpa_bidang(tahun, triwulan))
    own = report.bidang[0].nama if bidang_ids is not None and len(report.bidang) == 1 else None
    return _compiled_name(report.periode.berkas, report.final, own), compiled_workbook(report)


# --- the year's workbook and the chart (issue 14) --------------------------------------------


def yearly_for(ctx: Ctx, *, actor: int | None, tahun: int) -> tuple[str, bytes]:
    """The year's workbook for `/unduh tahunan [tahun]` and `kinerja-bot ekspor --tahunan`:
    TW I–IV side by side per indicator, the annual figures, every quarter's keterangan and the
    evidence list, for the LKjIP.

    The same people as `compiled_for`, with the same scope: every bidang, or a Kabid's own.
    DRAFT until every quarter is final (or history); signed once the TW IV round is. Refuses
    with NotAllowed (no such role) or NotFound (no indicator that year, or none of the
    Kabid's bidang). Built anew each time: the year's quarters are each kept final already.
    """
    now = ctx.now()
    with ctx.read() as session:
        bidang_ids = _scope(session, actor, now)
        year = yearly.year_of(session, ctx, tahun, bidang_ids)
        if not year.bidang:
            if bidang_ids is None:
                raise NotFound(texts.tidak_ada_indikator(tahun))
            raise NotFound(texts.unduh_tahunan_tanpa_bidang(tahun))
        kop = _kop(session)
        tanda_tangan = None
        last = year.rounds.get(TRIWULAN[-1])
        if last is not None:
            ttd, signed = _signing(
                session, ctx, kop, queries.approvals(session, last.id, in_force=True)
            )
            tanda_tangan = ttd if signed is not None else None
        report = TahunReport(
            kop=kop,
            tahun=tahun,
            final=year.final,
            lingkup=SELURUH
            if bidang_ids is None
            else ", ".join(b.nama.upper() for b in year.bidang),
            keadaan=year.keadaan(fmt.stempel_cetak(now, ctx.settings.zona_waktu)),
            bidang=year.bidang,
            kosong=year.kosong,
            bukti=yearly.evidence_of_year(session, year, ctx.settings.zona_waktu),
            tanda_tangan=tanda_tangan,
        )
    own = year.bidang[0].nama if bidang_ids is not None and len(year.bidang) == 1 else None
    return _compiled_name(f"tahun-{tahun}", report.final, own), tahunan_workbook(report)


def chart_for(ctx: Ctx, round_id: int) -> tuple[str, bytes] | None:
    """The round's chart (PNG): every bidang's average capaian this quarter and how many
    indicators fall in each category, to go before `/status` and an approver's card.

    Every bidang: the caller shows it to those who see the whole round. None when the round
    does not exist. Heavy (matplotlib, imported on the first chart): run it in a thread.
    """
    report = _report(ctx, round_id)
    if report is None:
        return None
    return f"grafik-capaian-{report.periode.berkas}.png", charts.capaian_png(
        charts.from_report(report)
    )

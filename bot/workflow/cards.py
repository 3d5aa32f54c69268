"""Step cards: what the holder of an open step reads and presses, built from the database alone.

A card is a pure function of the round as stored (its state, deadlines, decisions), so the
same card reaches whoever may act: when the step starts, when someone is appointed while it
is open, when a grant ends and the step passes to another holder, and on /tugas. Each card's
outbox row names the step's activation (its StepDeadline), so once the step is done, the
copies other holders received say who did it and lose their buttons (`retire`), and a
holder whose role ended has theirs taken back (`withdraw`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import buttons, texts
from bot.documents import charts
from bot.errors import NotAllowed
from bot.sop import APPROVAL_STEPS, StepNo, step
from bot.states import RoundState, SubmissionState
from bot.views import SilakipPage
from bot.workflow import authority, common
from bot.workflow.context import Ctx
from bot.workflow.views import fill_items, rekap, silakip_checklist
from storage import queries
from storage.models import Outbox, Round, StepDeadline, Submission, User

CHAIN = (
    (StepNo.PARAF_KASUBAG, "Paraf Kasubag PKA"),
    (StepNo.PARAF_SEKRETARIS, "Paraf Sekretaris"),
    (StepNo.TANDATANGAN, "Tanda tangan Kepala Dinas"),
)
"""The approvals an approver's card shows above their own (CHAT.md, steps 6–9)."""

SUPERSEDED = "superseded: the step was done before this copy of its card went out"
"""What an outbox row not sent in time records (never shown to anyone)."""


@dataclass(frozen=True)
class Card:
    step: int
    bidang_id: int | None
    text: str
    buttons: buttons.Rows
    attachment: dict[str, Any] | None = None
    deadline_id: int | None = None
    """The activation of the step the card asks to do."""
    picture: dict[str, Any] | None = None
    """A chart that goes just before the card, as its own message (an approver's card)."""
    caption: str = ""


# --- Building a step's card ---


def for_step(
    session: Session,
    ctx: Ctx,
    round_: Round,
    number: int,
    bidang_id: int | None = None,
    *,
    page: int = 0,
) -> Card:
    """The card of step `number` (of `bidang_id`, for steps 4–5) as the round stands now;
    step 11's shows page `page` of its checklist (what a tick or a page button redraws)."""
    deadline = queries.open_deadline(session, round_.id, number, bidang_id)
    card = _build(session, ctx, round_, number, bidang_id, deadline, page)
    return replace(card, deadline_id=deadline.id if deadline is not None else None)


def _build(
    session: Session,
    ctx: Ctx,
    round_: Round,
    number: int,
    bidang_id: int | None,
    deadline: StepDeadline | None,
    page: int,
) -> Card:
    tz = ctx.settings.zona_waktu
    due = deadline.due_at if deadline is not None else ctx.now()
    rid, version = round_.id, round_.version
    if number == StepNo.DRAFT:
        returned = queries.last_approval(session, rid, StepNo.KOREKSI)
        if returned is not None and returned.action == "kembalikan":
            text = texts.draft_dikembalikan(
                round_.tahun,
                round_.triwulan,
                common.nama_of(returned.actor),
                returned.at,
                returned.reason or "",
                due,
                tz,
            )
            return Card(number, None, text, buttons.draft_returned(rid, version))
        text = texts.putaran_dibuka(
            round_.tahun, round_.triwulan, round_.opened_at, due, count_per_bidang(session, rid), tz
        )
        return Card(number, None, text, buttons.draft(rid, version))
    if number == StepNo.KOREKSI:
        sent = queries.last_done_deadline(session, rid, StepNo.DRAFT)
        per_bidang = count_per_bidang(session, rid)
        text = texts.koreksi_format(
            round_.tahun,
            round_.triwulan,
            _done_by(session, sent),
            sent.done_at if sent and sent.done_at else due,
            due,
            len(per_bidang),
            sum(n for _, n in per_bidang),
            tz,
        )
        attachment = {"kind": "draft", "round_id": rid}
        return Card(number, None, text, buttons.correction(rid, version), attachment)
    if number == StepNo.DISTRIBUSI:
        approved = queries.last_approval(session, rid, StepNo.KOREKSI)
        assert approved is not None
        text = texts.format_benar(common.nama_of(approved.actor), approved.at, due, tz)
        return Card(number, None, text, buttons.distribution(rid, version))
    if number in (StepNo.PENGISIAN, StepNo.VERIFIKASI):
        assert bidang_id is not None
        submission = queries.submission_for(session, rid, bidang_id)
        assert submission is not None
        return _bidang_card(session, ctx, round_, submission, number, due)
    if number == StepNo.PENYUSUNAN:
        return Card(
            number,
            None,
            _compilation_text(session, round_, due, tz),
            buttons.compilation(rid, version),
            {"kind": "rekap", "round_id": rid},
        )
    if number in (StepNo.PARAF_KASUBAG, StepNo.PARAF_SEKRETARIS, StepNo.TANDATANGAN):
        return Card(
            number,
            None,
            _approval_text(session, ctx, round_, number, due),
            buttons.approval(rid, version, number),
            {"kind": "rekap", "round_id": rid},
            picture=charts.attachment(rid),
            caption=texts.grafik_capaian(round_.tahun, round_.triwulan),
        )
    if number == StepNo.FINALISASI:
        signed = queries.last_approval(session, rid, StepNo.TANDATANGAN)
        assert signed is not None
        text = texts.ditandatangani(
            round_.tahun, round_.triwulan, common.nama_of(signed.actor), signed.at, tz
        )
        return Card(number, None, text, buttons.finalisation(rid, version))
    return _silakip(session, ctx, round_, due, page)


def _silakip(session: Session, ctx: Ctx, round_: Round, due: datetime, page: int) -> Card:
    """Step 11's card: its checklist of bidang on page `page` (kept within the pages there
    are), with the SILAKIP-ready export attached."""
    checklist = SilakipPage.of(
        silakip_checklist(session, round_.id), page, buttons.SILAKIP_PER_PAGE
    )
    text = texts.langkah_silakip(
        round_.tahun, round_.triwulan, due, checklist, ctx.settings.zona_waktu
    )
    return Card(
        StepNo.SILAKIP,
        None,
        text,
        buttons.silakip(round_.id, checklist),
        {"kind": "silakip", "round_id": round_.id},
    )


def _done_by(session: Session, deadline: StepDeadline | None) -> str:
    done_by = session.get(User, deadline.done_by_id) if deadline and deadline.done_by_id else None
    return common.nama_of(done_by)


def _bidang_card(
    session: Session, ctx: Ctx, round_: Round, submission: Submission, number: int, due: datetime
) -> Card:
    tz = ctx.settings.zona_waktu
    items = fill_items(session, ctx, submission)
    nama = submission.bidang.nama
    if number == StepNo.VERIFIKASI:
        sender = (
            session.get(User, submission.submitted_by_id) if submission.submitted_by_id else None
        )
        text = (
            texts.data_dikirim(
                round_.tahun,
                round_.triwulan,
                nama,
                common.nama_of(sender),
                submission.submitted_at or due,
                due,
                tz,
            )
            + "\n"
            + texts.ringkasan(items)
        )
        return Card(
            number,
            submission.bidang_id,
            text,
            buttons.verification(submission.id, submission.version, items),
        )
    if submission.state == SubmissionState.DIKEMBALIKAN:
        returned = queries.last_approval(
            session, round_.id, StepNo.VERIFIKASI, submission.bidang_id
        )
        to_fix = [i.nomor for i in items if i.perlu_perbaikan]
        text = texts.bidang_dikembalikan(
            round_.tahun,
            round_.triwulan,
            nama,
            common.nama_of(returned.actor if returned else None),
            submission.return_reason or "",
            [] if len(to_fix) == len(items) else to_fix,
            due,
            tz,
        )
    else:
        text = texts.format_bidang(round_.tahun, round_.triwulan, nama, len(items), due, tz)
    return Card(
        number,
        submission.bidang_id,
        text,
        buttons.start_filling(submission.id),
        {"kind": "format", "submission_id": submission.id},
    )


def _compilation_text(session: Session, round_: Round, due: datetime, tz: str) -> str:
    """Step 6's card as this activation of the step began: after a return at steps 7–9, who
    returned it, why, and which approvals that voided; after a data change under a paraf,
    that the approvals are void; otherwise, that every bidang is verified."""
    deadline = queries.open_deadline(session, round_.id, StepNo.PENYUSUNAN)
    began = deadline.starts_at if deadline is not None else due
    decisions = queries.approvals(session, round_.id)
    returned = [
        a
        for a in decisions
        if a.action == "kembalikan" and a.step in APPROVAL_STEPS and a.at >= began
    ]
    if returned:
        last = returned[-1]
        names = dict(CHAIN)
        voided = [
            f"{names[a.step]} ({common.nama_of(a.actor)})"
            for a in decisions
            if a.voided_at == last.at and a.step in names and a.action != "kembalikan"
        ]
        return texts.putaran_dikembalikan(
            round_.tahun,
            round_.triwulan,
            common.nama_of(last.actor),
            step(last.step).role,
            last.at,
            last.reason or "",
            voided,
            tz,
        )
    if any(a.voided_at is not None and a.voided_at >= began for a in decisions):
        return texts.data_berubah_setelah_paraf(round_.tahun, round_.triwulan)
    return texts.semua_terverifikasi(round_.tahun, round_.triwulan, due, tz)


def _approval_text(session: Session, ctx: Ctx, round_: Round, number: int, due: datetime) -> str:
    in_force = {
        a.step: a
        for a in queries.approvals(session, round_.id, in_force=True)
        if a.action in ("paraf", "tandatangan")
    }
    chain = []
    for step_no, label in CHAIN:
        if step_no >= number:
            break
        approval = in_force.get(step_no)
        chain.append(
            (
                label,
                common.nama_of(approval.actor) if approval else None,
                approval.at if approval else None,
            )
        )
    counts = rekap(session, ctx, round_)
    total = sum(counts.values())
    summary = f"{total} indikator · " + " · ".join(f"{k} {v}" for k, v in counts.items())
    return texts.kartu_persetujuan(
        round_.tahun, round_.triwulan, number, chain, summary, due, ctx.settings.zona_waktu
    )


def count_per_bidang(session: Session, round_id: int) -> list[tuple[str, int]]:
    """The measured indicators of the round's draft, per bidang in format order."""
    counts: dict[str, int] = {}
    for item in queries.round_indicators(session, round_id, only_measured=True):
        counts[item.bidang.nama] = counts.get(item.bidang.nama, 0) + 1
    return list(counts.items())


# --- Which cards are open, and for whom ---


def open_steps(session: Session, round_: Round) -> list[tuple[int, int | None]]:
    """The steps of the round waiting for someone now: (step, bidang for steps 4–5)."""
    state = RoundState(round_.state)
    if state == RoundState.SELESAI or state.step is None:
        return []
    if state != RoundState.PENGISIAN:
        return [(state.step, None)]
    found: list[tuple[int, int | None]] = []
    for submission in queries.submissions(session, round_.id):
        sub_state = SubmissionState(submission.state)
        if sub_state.can_fill:
            found.append((StepNo.PENGISIAN, submission.bidang_id))
        elif sub_state == SubmissionState.DIKIRIM:
            found.append((StepNo.VERIFIKASI, submission.bidang_id))
    return found


def actionable(session: Session, ctx: Ctx, user: User, now: datetime) -> list[Card]:
    """Every card `user` can act on now, oldest round first (/tugas, a late appointment)."""
    found = []
    for round_ in queries.open_rounds(session):
        for number, bidang_id in open_steps(session, round_):
            try:
                authority.authorise(session, user, round_, number, now, bidang_id)
            except NotAllowed:
                continue
            found.append(for_step(session, ctx, round_, number, bidang_id))
    return found


# --- Sending, handing on and retiring copies ---


def deliver(session: Session, now: datetime, user: User, card: Card) -> None:
    """Queue `card` for `user`, marked with its step's activation (its chart just before)."""
    if card.picture is not None:
        common.notify(session, now, user, card.caption, attachment=card.picture)
    common.notify(
        session, now, user, card.text, card.buttons, card.attachment, deadline_id=card.deadline_id
    )


def announce(
    session: Session,
    ctx: Ctx,
    round_: Round,
    number: int,
    now: datetime,
    bidang_id: int | None = None,
    *,
    besides: User | None = None,
) -> list[User]:
    """Step `number`'s card to everyone who may do it now, the person who just acted included
    when they may (an acting holder, or nobody else holds the role): their next task, not an
    echo. `besides` is someone the handler shows the card to itself."""
    card = for_step(session, ctx, round_, number, bidang_id)
    told = []
    for allowed in authority.eligible(session, round_, number, now, bidang_id):
        if besides is not None and allowed.user.id == besides.id:
            continue
        deliver(session, now, allowed.user, card)
        told.append(allowed.user)
    return told


def _copies(session: Session, deadline_id: int) -> list[Outbox]:
    """The live copies of a step's card: queued or delivered, not failed, not rewritten."""
    rewritten = select(Outbox.replaces_id).where(Outbox.replaces_id.is_not(None))
    return list(
        session.scalars(
            select(Outbox).where(
                Outbox.deadline_id == deadline_id,
                Outbox.replaces_id.is_(None),
                Outbox.failed_at.is_(None),
                Outbox.id.not_in(rewritten),
            )
        )
    )


def hand_on(
    session: Session, ctx: Ctx, round_: Round, number: int, now: datetime, bidang_id: int | None
) -> list[User]:
    """The step's card to whoever may do it now and holds no live copy of it: the step is
    passed on after a grant ended, to a holder who was kept apart or not yet told."""
    card = for_step(session, ctx, round_, number, bidang_id)
    assert card.deadline_id is not None
    holding = {row.chat_id for row in _copies(session, card.deadline_id)}
    told = []
    for allowed in authority.eligible(session, round_, number, now, bidang_id):
        if allowed.user.telegram_id not in holding:
            deliver(session, now, allowed.user, card)
            told.append(allowed.user)
    return told


def _overwrite(session: Session, rows: list[Outbox], note: str, now: datetime) -> None:
    """Each copy says `note` below its text and loses its buttons (an edit queued behind it);
    a copy not sent yet never goes."""
    for row in rows:
        if row.sent_at is None:
            row.failed_at = now
            row.last_error = SUPERSEDED
            continue
        session.add(
            Outbox(
                chat_id=row.chat_id,
                text=note,
                buttons=[],
                created_at=now,
                not_before=now,
                replaces_id=row.id,
            )
        )


def retire(
    session: Session, ctx: Ctx, deadline: StepDeadline, actor: User, verb: str, now: datetime
) -> None:
    """The step is done: the copies of its card other holders got say who did it and when.
    The actor's own card is the handler's to edit, since they pressed it."""
    verdict = texts.keputusan(verb, actor.nama, now, ctx.settings.zona_waktu)
    others = [row for row in _copies(session, deadline.id) if row.chat_id != actor.telegram_id]
    _overwrite(session, others, verdict, now)


def withdraw(session: Session, deadline_id: int, user: User, note: str, now: datetime) -> None:
    """`user` may no longer do the step: their copies of its card say `note`, buttons gone."""
    mine = [row for row in _copies(session, deadline_id) if row.chat_id == user.telegram_id]
    _overwrite(session, mine, note, now)

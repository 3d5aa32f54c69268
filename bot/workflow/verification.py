"""Step 5 (and reopening from step 6): the operator verifies or returns one bidang's data."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from bot import texts
from bot.callbacks import Act, encode
from bot.errors import InvalidInput, Stale
from bot.sop import Role, StepNo
from bot.states import RoundState, SubmissionState
from bot.workflow import common
from bot.workflow.context import Ctx
from bot.workflow.views import fill_items
from storage import queries
from storage.models import Round, Submission, User


def verify(ctx: Ctx, *, actor: int, submission_id: int, expected_version: int) -> Submission:
    """Step 5 for one bidang ("Terverifikasi"); the last one opens step 6."""
    now = ctx.now()
    tz = ctx.settings.zona_waktu
    with ctx.unit() as session:
        user = common.actor(session, actor)
        common.require_role(session, user, Role.OPERATOR, now)
        submission = common.get_submission(session, submission_id)
        round_ = common.get_round(session, submission.round_id)
        _expect(session, round_, submission, SubmissionState.DIKIRIM, expected_version, tz)
        common.record_approval(
            session,
            round_,
            StepNo.VERIFIKASI,
            user,
            "verifikasi",
            now,
            bidang_id=submission.bidang_id,
        )
        common.finish_step(session, round_, StepNo.VERIFIKASI, now, user, submission.bidang_id)
        submission.state = SubmissionState.TERVERIFIKASI
        submission.version += 1
        submission.verified_at = now
        submission.verified_by_id = user.id
        common.bump(round_)
        common.audit(session, now, user, "bidang.verifikasi", round_, bidang=submission.bidang_id)
        states = {s.state for s in queries.submissions(session, round_.id)}
        if states == {SubmissionState.TERVERIFIKASI}:
            # Step 6's card goes to every operator, the one who verified included: it is
            # their next task, not an echo of the press just answered.
            deadline = common.start_step(session, ctx, round_, StepNo.PENYUSUNAN, now)
            round_.state = RoundState.PENYUSUNAN
            common.bump(round_)
            common.notify_role(
                session,
                now,
                Role.OPERATOR,
                texts.semua_terverifikasi(round_.tahun, round_.triwulan, deadline.due_at, tz),
                compile_buttons(round_),
                attachment={"kind": "rekap", "round_id": round_.id},
            )
        return submission


def compile_buttons(round_: Round) -> list[list[tuple[str, str]]]:
    return [
        [("Susun dan serahkan", encode(Act.SUSUN, round_.id, round_.version))],
        [("Buka kembali bidang", encode(Act.BUKA_KEMBALI, round_.id, round_.version))],
    ]


def _expect(
    session: object,
    round_: Round,
    submission: Submission,
    state: SubmissionState,
    expected_version: int,
    tz: str,
) -> None:
    if submission.state != state or submission.version != expected_version:
        last = queries.last_approval(
            session,
            round_.id,
            StepNo.VERIFIKASI,
            submission.bidang_id,  # type: ignore[arg-type]
        )
        if last is not None:
            raise Stale(texts.sudah_ditangani(last.action, common.nama_of(last.actor), last.at, tz))
        raise Stale(
            texts.status_bidang_berubah(submission.bidang.nama, SubmissionState(submission.state))
        )


def returnable(
    session: Session, ctx: Ctx, actor: int, submission_id: int, expected_version: int
) -> tuple[User, Round, Submission, bool]:
    """The operator, round and submission a return acts on, and whether it reopens a verified
    bidang (step 6) rather than returning a sent one (step 5).

    Refused unless the actor is an operator and the bidang's data is still as their card
    showed it: sent (or verified, when reopening) and of the same version.
    """
    tz = ctx.settings.zona_waktu
    user = common.actor(session, actor)
    common.require_role(session, user, Role.OPERATOR, ctx.now())
    submission = common.get_submission(session, submission_id)
    round_ = common.get_round(session, submission.round_id)
    reopening = round_.state == RoundState.PENYUSUNAN
    wanted = SubmissionState.TERVERIFIKASI if reopening else SubmissionState.DIKIRIM
    if round_.state not in (RoundState.PENGISIAN, RoundState.PENYUSUNAN):
        common.expect_round(session, round_, [RoundState.PENGISIAN], None, tz)
    _expect(session, round_, submission, wanted, expected_version, tz)
    return user, round_, submission, reopening


def check_return_submission(
    ctx: Ctx, *, actor: int, submission_id: int, expected_version: int
) -> None:
    """Lanjut is checked before the reason is asked, so nobody types a reason for a return
    `return_submission` would refuse (the bidang was verified meanwhile)."""
    with ctx.read() as session:
        returnable(session, ctx, actor, submission_id, expected_version)


def return_submission(
    ctx: Ctx,
    *,
    actor: int,
    submission_id: int,
    expected_version: int,
    reason: str,
    indicator_ids: Sequence[int] = (),
) -> Submission:
    """Back to step 4 for this bidang only, with a reason (DESIGN §2).

    From step 5 (a sent bidang), or from step 6 when the operator reopens a verified bidang
    after a return at steps 7–9. Only the picked indicators reopen; none picked means all.
    The values are kept, marked "perlu diperbaiki".
    """
    now = ctx.now()
    tz = ctx.settings.zona_waktu
    reason = common.clean_reason(reason)
    with ctx.unit() as session:
        user, round_, submission, reopening = returnable(
            session, ctx, actor, submission_id, expected_version
        )
        items = fill_items(session, ctx, submission)
        known = {i.indicator_id: i.nomor for i in items}
        unknown = [i for i in indicator_ids if i not in known]
        if unknown:
            raise InvalidInput(texts.INDIKATOR_TIDAK_ADA)
        chosen = list(indicator_ids) or list(known)
        values = queries.realisations(session, submission.id)
        for indicator_id in chosen:
            values[indicator_id].perlu_perbaikan = True
        common.record_approval(
            session,
            round_,
            StepNo.VERIFIKASI,
            user,
            "kembalikan",
            now,
            reason=reason,
            bidang_id=submission.bidang_id,
        )
        if reopening:
            common.finish_step(session, round_, StepNo.PENYUSUNAN, now, user)
            round_.state = RoundState.PENGISIAN
        else:
            common.finish_step(session, round_, StepNo.VERIFIKASI, now, user, submission.bidang_id)
        deadline = common.start_step(
            session, ctx, round_, StepNo.PENGISIAN, now, submission.bidang_id
        )
        submission.state = SubmissionState.DIKEMBALIKAN
        submission.version += 1
        submission.return_reason = reason
        common.bump(round_)
        nomor = sorted(known[i] for i in indicator_ids)
        common.audit(
            session,
            now,
            user,
            "bidang.kembalikan",
            round_,
            bidang=submission.bidang_id,
            alasan=reason,
            indikator=list(indicator_ids),
        )
        common.notify_role(
            session,
            now,
            Role.KABID,
            texts.bidang_dikembalikan(
                round_.tahun,
                round_.triwulan,
                submission.bidang.nama,
                user.nama,
                reason,
                nomor,
                deadline.due_at,
                tz,
            ),
            [[("Mulai isi", encode(Act.MULAI_ISI, submission.id))]],
            bidang_id=submission.bidang_id,
            attachment={"kind": "format", "submission_id": submission.id},
        )
        return submission

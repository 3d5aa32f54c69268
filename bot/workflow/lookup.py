"""Read-side lookups the chat needs, each checked against the person asking.

A Kabid only ever sees their own bidang (DESIGN §3); every lookup re-checks the role, since
callback data and commands are never trusted.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot import texts
from bot.errors import NotAllowed, NotFound, NotRegistered
from bot.sop import Role
from bot.states import RoundState, SubmissionState
from bot.views import DraftItem, FillItem
from bot.workflow import authority, common
from bot.workflow.context import Ctx
from bot.workflow.rounds import quarter_just_ended
from bot.workflow.views import fill_items
from storage import queries
from storage.models import Round, RoundIndicator, Submission


@dataclass(frozen=True)
class Person:
    telegram_id: int
    nama: str
    roles: frozenset[Role]
    bidang: tuple[tuple[int, str], ...]
    """(id, nama) of the bidang this person fills as Kabid."""

    def has(self, role: Role) -> bool:
        return role in self.roles


def person(ctx: Ctx, telegram_id: int) -> Person:
    """The registered person behind a Telegram account (NotRegistered otherwise)."""
    now = ctx.now()
    with ctx.read() as session:
        user = common.actor(session, telegram_id)
        names = {b.id: b.nama for b in queries.all_bidang(session)}
        ids = sorted(common.kabid_bidang_ids(session, user, now))
        return Person(
            telegram_id,
            user.nama,
            frozenset(common.roles_of(session, user, now)),
            tuple((i, names[i]) for i in ids),
        )


def member(ctx: Ctx, telegram_id: int) -> Person:
    """A person of the office now: registered and holding a role today. A stranger is
    NotRegistered; someone whose every role has ended (an acting term over, `cabut`) is told
    so (NotAllowed), though their account stays registered."""
    found = person(ctx, telegram_id)
    if found.roles:
        return found
    with ctx.read() as session:
        user = common.actor(session, telegram_id)
        ended = sorted(user.grants, key=lambda g: (g.valid_to or ctx.now(), g.id))
        if not ended:
            raise NotRegistered(texts.BELUM_TERDAFTAR)
        authority.holding(session, user, Role(ended[-1].role), ctx.now(), ended[-1].bidang_id)
    raise NotRegistered(texts.BELUM_TERDAFTAR)


@dataclass(frozen=True)
class FillState:
    round: Round
    submission: Submission
    bidang: str
    items: list[FillItem]

    @property
    def can_fill(self) -> bool:
        """Whether answers and files may still be added (step 4, not sent or verified)."""
        return (
            self.round.state == RoundState.PENGISIAN
            and SubmissionState(self.submission.state).can_fill
        )


def _check_kabid(session: Session, ctx: Ctx, telegram_id: int, submission: Submission) -> None:
    user = common.actor(session, telegram_id)
    try:
        common.require_role(session, user, Role.KABID, ctx.now(), submission.bidang_id)
    except NotAllowed:
        raise NotAllowed(texts.bukan_bidang_anda()) from None


def fill_state(ctx: Ctx, telegram_id: int, submission_id: int | None = None) -> FillState:
    """The Kabid's bidang data to fill: the given submission, or the first one open to filling."""
    with ctx.read() as session:
        return fill_state_in(session, ctx, telegram_id, submission_id)


def fill_state_in(
    session: Session, ctx: Ctx, telegram_id: int, submission_id: int | None = None
) -> FillState:
    """`fill_state` inside the caller's unit of work."""
    if submission_id is None:
        submission = _first_fillable(session, ctx, telegram_id)
    else:
        submission = common.get_submission(session, submission_id)
    _check_kabid(session, ctx, telegram_id, submission)
    round_ = common.get_round(session, submission.round_id)
    return FillState(
        round_, submission, submission.bidang.nama, fill_items(session, ctx, submission)
    )


def _first_fillable(session: Session, ctx: Ctx, telegram_id: int) -> Submission:
    user = common.actor(session, telegram_id)
    bidang_ids = common.kabid_bidang_ids(session, user, ctx.now())
    if not bidang_ids:
        raise NotAllowed(texts.tidak_berhak(Role.KABID))
    latest: Submission | None = None
    for round_ in queries.open_rounds(session):
        for submission in queries.submissions(session, round_.id):
            if submission.bidang_id not in bidang_ids:
                continue
            if round_.state == RoundState.PENGISIAN and SubmissionState(submission.state).can_fill:
                return submission
            latest = submission
    if latest is not None:
        return latest
    raise NotFound(texts.BELUM_ADA_FORMAT)


@dataclass(frozen=True)
class Draft:
    round: Round
    bidang: list[tuple[int, str, list[DraftItem]]]


def draft(ctx: Ctx, telegram_id: int, round_id: int) -> Draft:
    """The round's format per bidang as the operator reviews it (step 1)."""
    with ctx.read() as session:
        return draft_in(session, ctx, telegram_id, round_id)


def draft_in(session: Session, ctx: Ctx, telegram_id: int, round_id: int) -> Draft:
    """`draft` inside the caller's unit of work."""
    user = common.actor(session, telegram_id)
    roles = common.roles_of(session, user, ctx.now())
    if not roles & {Role.OPERATOR, Role.KASUBAG}:
        raise NotAllowed(texts.tidak_berhak(Role.OPERATOR))
    round_ = common.get_round(session, round_id)
    grouped: dict[int, tuple[str, list[RoundIndicator]]] = {}
    for item in queries.round_indicators(session, round_id):
        grouped.setdefault(item.bidang_id, (item.bidang.nama, []))[1].append(item)
    bidang = [
        (
            bidang_id,
            nama,
            [
                DraftItem(n, i.indicator_id, i.nama, i.satuan, i.target, i.diukur)
                for n, i in enumerate(items, start=1)
            ],
        )
        for bidang_id, (nama, items) in grouped.items()
    ]
    return Draft(round_, bidang)


@dataclass(frozen=True)
class Waiting:
    round: Round
    submission: Submission
    bidang: str
    items: list[FillItem]


def submissions_in(
    session: Session,
    ctx: Ctx,
    telegram_id: int,
    states: tuple[SubmissionState, ...],
    round_id: int | None = None,
) -> list[Waiting]:
    """Bidang data in the given states, for the operator (/verifikasi, reopening a bidang)."""
    user = common.actor(session, telegram_id)
    common.require_role(session, user, Role.OPERATOR, ctx.now())
    result = []
    for round_ in queries.open_rounds(session):
        if round_id is not None and round_.id != round_id:
            continue
        for submission in queries.submissions(session, round_.id):
            if submission.state in states:
                result.append(
                    Waiting(
                        round_,
                        submission,
                        submission.bidang.nama,
                        fill_items(session, ctx, submission),
                    )
                )
    return result


def waiting_one(session: Session, ctx: Ctx, telegram_id: int, submission_id: int) -> Waiting:
    user = common.actor(session, telegram_id)
    common.require_role(session, user, Role.OPERATOR, ctx.now())
    submission = common.get_submission(session, submission_id)
    round_ = common.get_round(session, submission.round_id)
    return Waiting(round_, submission, submission.bidang.nama, fill_items(session, ctx, submission))


def round_for(ctx: Ctx, round_id: int) -> Round:
    with ctx.read() as session:
        return common.get_round(session, round_id)


def round_of_period(ctx: Ctx, tahun: int, triwulan: int) -> Round | None:
    with ctx.read() as session:
        return round_of_period_in(session, tahun, triwulan)


def round_of_period_in(session: Session, tahun: int, triwulan: int) -> Round | None:
    return queries.round_by_period(session, tahun, triwulan)


def default_period(ctx: Ctx) -> tuple[int, int]:
    """The round /unduh means without arguments: the newest open one, else the last quarter."""
    with ctx.read() as session:
        rounds = queries.open_rounds(session)
    if rounds:
        return rounds[-1].tahun, rounds[-1].triwulan
    return quarter_just_ended(ctx.now(), ctx.settings.zona_waktu)

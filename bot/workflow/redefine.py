"""Applying a re-imported indicator master to an open round (`import-indikator
--terapkan-ke-putaran`): what was signed stays signed, unless the administrator says otherwise.

A round keeps its own copy of the definitions (bot/workflow/definitions.py). The administrator
may apply the master to the open rounds of its year on purpose:

- before step 6, as a change of the draft: the definitions and targets of the round's
  indicators take the master's, and before the formats are distributed indicators also come
  and go with the master; the holder of each open step affected gets its card anew (a Kabid,
  the new format), and those whose bidang changed are told which indicators;
- from step 6 to step 10, only with --paksa, and then as a return to step 6: the step in hand
  stops, every approval since the compilation is void, and its givers and the operators told;
- once the data is final (step 10's Finalkan), never.

Indicators that arrive or leave once formats are distributed are refused: a Kabid's format
and its submitted values would no longer match.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot import texts
from bot.errors import InvalidInput
from bot.sop import Role
from bot.states import RoundState
from bot.workflow import authority, cards, common, definitions, transitions
from bot.workflow.context import Ctx
from storage import queries
from storage.models import Indicator, Round, RoundIndicator

BEFORE_DISTRIBUTION = (RoundState.DRAFT, RoundState.KOREKSI, RoundState.DISTRIBUSI)
FORCED = (
    RoundState.PENYUSUNAN,
    RoundState.PARAF_KASUBAG,
    RoundState.PARAF_SEKRETARIS,
    RoundState.TANDATANGAN,
    RoundState.FINALISASI,
)
"""From step 6 on the data is being approved: a change there is a return to step 6."""


@dataclass(frozen=True)
class Redefined:
    """What applying the master did to one round, for the administrator's report."""

    tahun: int
    triwulan: int
    state: RoundState
    changed: list[str]
    """The indicators whose definition or target changed, by name."""
    added: list[str]
    removed: list[str]
    voided: list[str]
    """The approvals voided ("Paraf Kasubag PKA (Budi)"), when forced from step 6 on."""


def check(session: Session, rounds: Sequence[Round], force: bool) -> None:
    """Refuses (InvalidInput) before anything is loaded: a round whose data is final, or one
    past step 5 without --paksa."""
    for round_ in rounds:
        state = RoundState(round_.state)
        periode = texts.putaran(round_.tahun, round_.triwulan)
        if state.is_final:
            raise InvalidInput(texts.terapkan_sudah_final(periode))
        if state in FORCED and not force:
            raise InvalidInput(texts.terapkan_perlu_paksa(periode, state.step or 0))


def apply(ctx: Ctx, session: Session, round_: Round, now: datetime) -> Redefined:
    """Brings `round_`'s copy of its indicators to the master as just loaded; the caller has
    `check`ed the round and holds the unit of work."""
    state = RoundState(round_.state)
    items = queries.round_indicators(session, round_.id)
    master = {i.id: i for i in queries.indicators_of_year(session, round_.tahun)}
    changed = [i.nama for i in items if i.indicator_id in master and _take(i, master, round_)]
    arriving = [i for i in master.values() if i.id not in {item.indicator_id for item in items}]
    leaving = [i for i in items if i.indicator_id not in master]
    if (arriving or leaving) and state not in BEFORE_DISTRIBUTION:
        raise InvalidInput(
            texts.terapkan_indikator_berubah(
                texts.putaran(round_.tahun, round_.triwulan),
                [i.nama for i in arriving],
                [i.nama for i in leaving],
            )
        )
    for indicator in arriving:
        session.add(definitions.new_item(round_.id, indicator, round_.triwulan))
    for item in leaving:
        session.delete(item)
    by_bidang: dict[int, list[str]] = {}
    for item in items:
        if item.nama in changed:
            by_bidang.setdefault(item.bidang_id, []).append(item.nama)
    for moved in (*arriving, *leaving):
        by_bidang.setdefault(moved.bidang_id, []).append(moved.nama)
    result = Redefined(
        round_.tahun,
        round_.triwulan,
        state,
        changed,
        [i.nama for i in arriving],
        [i.nama for i in leaving],
        [],
    )
    if not by_bidang:
        return result
    session.flush()
    voided = _settle_round(session, ctx, round_, state, by_bidang, now)
    common.audit(
        session,
        now,
        None,
        "putaran.definisi",
        round_,
        diubah=changed,
        ditambah=result.added,
        dihapus=result.removed,
        paksa=state in FORCED,
    )
    return Redefined(**{**result.__dict__, "voided": voided})


def _take(item: RoundIndicator, master: dict[int, Indicator], round_: Round) -> bool:
    """The round's item takes the master's definition and quarter target; True if it changed."""
    indicator = master[item.indicator_id]
    changed = definitions.copy_definition(item, indicator)
    target = indicator.target(round_.triwulan)
    if item.target != target:
        item.target = target
        item.diukur = target is not None
        changed = True
    return changed


def _settle_round(
    session: Session,
    ctx: Ctx,
    round_: Round,
    state: RoundState,
    by_bidang: dict[int, list[str]],
    now: datetime,
) -> list[str]:
    """After the definitions of `by_bidang`'s indicators changed: the version moves on, the
    cards of the open steps that show them come anew, and before step 6 the Kabid hear which
    indicators; from step 7 on the approvals are void instead and step 6 comes back."""
    touched = set(by_bidang)
    periode = texts.putaran(round_.tahun, round_.triwulan)
    names = {b.id: b.nama for b in queries.all_bidang(session)}
    note = texts.KARTU_DIGANTI_DEFINISI
    for number, bidang_id in cards.open_steps(session, round_):
        deadline = queries.open_deadline(session, round_.id, number, bidang_id)
        if deadline is not None and (bidang_id is None or bidang_id in touched):
            for holder in authority.eligible(session, round_, number, now, bidang_id):
                cards.withdraw(session, deadline.id, holder.user, note, now)
    voided: list[str] = []
    if state in transitions.DATA_CHANGED:
        applied = transitions.apply(
            session,
            ctx,
            transitions.DATA_CHANGED[state],
            round_,
            user=None,
            seen_version=None,
            now=now,
            void_reason=texts.BATAL_DEFINISI_DIUBAH,
        )
        labels = dict(cards.CHAIN)
        for approval in applied.voided:
            if approval.step in labels and approval.actor is not None:
                voided.append(f"{labels[approval.step]} ({approval.actor.nama})")
                common.notify(
                    session, now, approval.actor, texts.persetujuan_batal_definisi(periode)
                )
    else:
        common.bump(round_)
        for submission in queries.submissions(session, round_.id):
            if submission.bidang_id in touched and state not in FORCED:
                common.bump(submission)
                kabid = queries.holders(session, Role.KABID, now, submission.bidang_id)
                text = texts.definisi_bidang_diubah(
                    periode, names[submission.bidang_id], by_bidang[submission.bidang_id]
                )
                for user in kabid:
                    common.notify(session, now, user, text)
    for number, bidang_id in cards.open_steps(session, round_):
        if bidang_id is None or bidang_id in touched:
            cards.announce(session, ctx, round_, number, now, bidang_id)
    summary = texts.definisi_diterapkan(periode, sorted(names[b] for b in touched), voided)
    for operator in queries.holders(session, Role.OPERATOR, now):
        common.notify(session, now, operator, summary)
    return voided

"""Where P1's time goes: what the typed value costs in process, against the least a unit of
work through the same stack costs, at P1's pace.

P1's goal leaves the core a budget: 1.5 × the echo bot's answer, less what the Bot API path of
our own bot costs around the core. This script measures, in this process and without HTTP,
on P1's office (20 bidang × 60 indicators, a round at step 4) and at P1's pace (a value every
`pause` seconds, so the processor is as idle between values as in P1):

- the use case: `bot.chat.text.receive` of a typed value, what the live bot spends in its core
  (then Sebelumnya, untimed, so the next value answers the same card);
- the least SQLAlchemy unit: one `ctx.unit(person=…)` running six prebuilt Core statements,
  the fewest a typed value needs (read the person and their question, the submission and its
  round, the format's values; write the value, the audit row, the claim), and nothing else:
  no authorisation, no quarter before, no evidence, no texts;
- the least driver unit: the same six statements, compiled once, on the driver's own cursor
  (sqlite3, or psycopg);
- the answer's texts: the echo, the next card and their buttons, from items already read.

    python -m bench.p1_budget [--quick]

With KINERJA_TEST_DATABASE_URL set, PostgreSQL is measured too, as in `python -m bench`.
"""

from __future__ import annotations

import argparse
import itertools
import json
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy import Executable, Select, bindparam, insert, select, update
from sqlalchemy.engine import Engine

from bench.common import Backend, Stat, backends, close, fresh_database, office_context, scratch
from bench.office import answer_to
from bench.p1_answer_latency import ANSWERED_AT, FULL, QUICK, Size, build_office
from bot import buttons, texts
from bot.callbacks import decode
from bot.chat import filling, text
from bot.chat.reply import Reply
from bot.clock import FixedClock
from bot.numbers import parse_number
from bot.texts.labels import SEBELUMNYA
from bot.workflow import lookup
from bot.workflow.context import Ctx
from bot.workflow.lookup import FillState
from storage.models import (
    AuditEvent,
    PendingInput,
    Realisation,
    Round,
    RoundIndicator,
    Submission,
    User,
)
from tests.conftest import ROUND_OPENS

READS: tuple[Select[Any], ...] = (
    select(User.id, User.last_text_id, PendingInput.kind, PendingInput.payload)
    .outerjoin(PendingInput, PendingInput.user_id == User.id)
    .where(User.telegram_id == bindparam("b_telegram_id")),
    select(Submission.state, Submission.version, Round.state, Round.triwulan)
    .join(Round, Round.id == Submission.round_id)
    .where(Submission.id == bindparam("b_submission_id")),
    select(RoundIndicator.indicator_id, RoundIndicator.target, Realisation.value)
    .join(
        Realisation,
        (Realisation.indicator_id == RoundIndicator.indicator_id)
        & (Realisation.submission_id == bindparam("b_submission_id")),
    )
    .where(RoundIndicator.round_id == bindparam("b_round_id")),
)
WRITES: tuple[Executable, ...] = (
    update(Realisation)
    .where(
        Realisation.submission_id == bindparam("b_submission_id"),
        Realisation.indicator_id == bindparam("b_indicator_id"),
    )
    .values(value=bindparam("b_value"), updated_at=bindparam("b_at")),
    insert(AuditEvent).values(
        at=bindparam("b_at"),
        actor_id=bindparam("b_user_id"),
        round_id=bindparam("b_round_id"),
        action="realisasi.isi",
        detail=bindparam("b_detail"),
    ),
    update(User)
    .where(User.id == bindparam("b_user_id"))
    .values(last_text_id=User.last_text_id + 1),
)


def _timed(
    work: Callable[[], Any], size: Size, after: Callable[[Any], object] = lambda _: None
) -> Stat:
    """Milliseconds of `work`, a run every `size.pause` seconds after `size.warmup` runs;
    `after` gets each result, untimed."""
    samples = []
    for run in range(size.warmup + size.runs):
        time.sleep(size.pause)
        started = time.perf_counter()
        result = work()
        took = time.perf_counter() - started
        after(result)
        if run >= size.warmup:
            samples.append(took * 1000)
    return Stat.of(samples)


def _parameters(ctx: Ctx, kabid: int, card: Reply, typed: str) -> dict[str, Any]:
    """The values the least unit binds: the Kabid, the card's submission and indicator, the
    value typed."""
    submission_id, indicator_id = decode(card.say[0].buttons[0][0][1]).ids[:2]
    with ctx.read() as session:
        user = session.execute(select(User.id).where(User.telegram_id == kabid)).scalar_one()
        round_id = session.get(Submission, submission_id).round_id  # type: ignore[union-attr]
    return {
        "b_telegram_id": kabid,
        "b_user_id": user,
        "b_submission_id": submission_id,
        "b_indicator_id": indicator_id,
        "b_round_id": round_id,
        "b_value": parse_number(typed),
        "b_at": ctx.now(),
        "b_detail": {"indikator": indicator_id},
    }


def _least_sqlalchemy(ctx: Ctx, kabid: int, given: Mapping[str, Any]) -> Callable[[], None]:
    def unit() -> None:
        with ctx.unit(person=kabid) as session:
            for read in READS:
                session.execute(read, given).all()
            for write in WRITES:
                session.execute(write, given)

    return unit


def _least_driver(engine: Engine, given: Mapping[str, Any]) -> Callable[[], None]:
    """The least unit on the driver's cursor: each statement compiled for the dialect once,
    its parameters bound once by the columns' own types (in order for sqlite3's "?", by name
    for psycopg's "%(name)s"; JSON as its text, which psycopg leaves to the server to cast);
    SQLite's transaction begins IMMEDIATE, as the product's do."""
    dialect = engine.dialect
    prepared: list[tuple[str, Any]] = []
    for statement in (*READS, *WRITES):
        compiled = statement.compile(dialect=dialect)
        raw_values = compiled.construct_params(dict(given))
        bound = {}
        for name, unbound in raw_values.items():
            processor = compiled.binds[name].type.bind_processor(dialect)
            value = processor(unbound) if processor else unbound
            bound[name] = json.dumps(value) if isinstance(value, dict) else value
        order = compiled.positiontup
        prepared.append((compiled.string, bound if order is None else [bound[n] for n in order]))
    begin = "BEGIN IMMEDIATE" if dialect.name == "sqlite" else None

    def unit() -> None:
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            if begin:
                cursor.execute(begin)
            for sql, values in prepared:
                cursor.execute(sql, values)
                if cursor.description is not None:
                    cursor.fetchall()
            raw.commit()
        finally:
            raw.close()

    return unit


def _texts(state: FillState, given: Mapping[str, Any]) -> tuple[object, ...]:
    """What the answer shows once everything is read: the echo of the value typed for the
    first indicator, the card of the second, the buttons of both."""
    items, triwulan, sid = state.items, state.round.triwulan, given["b_submission_id"]
    answered, following = replace(items[0], value=given["b_value"]), items[1]
    return (
        texts.tercatat(answered, len(items), None, triwulan),
        texts.kartu_indikator(following, len(items), triwulan),
        buttons.indicator_card(sid, following.indicator_id, first=False, files=following.bukti),
        buttons.add_pendorong(sid, answered.indicator_id, following.indicator_id),
    )


def measure(backend: Backend, folder: Path, size: Size) -> dict[str, Stat]:
    with fresh_database(backend, folder, "p1budget") as url:
        ctx = office_context(url, FixedClock(ROUND_OPENS))
        try:
            kabid = build_office(ctx, size)
            ctx.clock = FixedClock(ANSWERED_AT)
            card = filling.isi(ctx, kabid)
            value = answer_to(card.say[0].text)
            message = itertools.count(1)

            def back(answer: Reply) -> None:
                """Sebelumnya on the card the echo brought, back to the card answered."""
                rows = answer.say[0].buttons
                data = next(data for row in rows for label, data in row if label == SEBELUMNYA)
                filling.previous(ctx, kabid, *decode(data).ids)

            given = _parameters(ctx, kabid, card, value)
            with ctx.read() as session:
                state = lookup.fill_state_in(session, ctx, kabid, given["b_submission_id"])
            engine = ctx.sessions.kw["bind"]
            return {
                "use case (text.receive)": _timed(
                    lambda: text.receive(ctx, kabid, next(message), value), size, back
                ),
                "least unit, SQLAlchemy Core": _timed(_least_sqlalchemy(ctx, kabid, given), size),
                "least unit, driver": _timed(_least_driver(engine, given), size),
                "texts (echo, card, buttons)": _timed(lambda: _texts(state, given), size),
            }
        finally:
            close(ctx)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, seconds")
    size = QUICK if parser.parse_args().quick else FULL
    print(
        f"{size.bidang} bidang × {size.indicators} indicators; {size.runs} runs "
        f"{size.pause:g} s apart after {size.warmup} warm-up"
    )
    for backend in backends():
        with tempfile.TemporaryDirectory(prefix="kinerja-bench-") as folder:
            found = measure(backend, scratch(Path(folder), backend.name), size)
        for name, stat in found.items():
            label = f"{name} [{backend.name}]"
            print(f"{label:42} median {stat.median:.3f} ms  p95 {stat.p95:.3f} ms")


if __name__ == "__main__":
    main()

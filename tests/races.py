"""Two units of work racing for one row, interleaved the same way every run.

`interleave` runs `first` and, the moment it has read its rows (its first SELECT from
`table`), runs `second` to its end as another process would: on its own engine, in its own
thread. On PostgreSQL `second` commits while `first` is between its read and its write, so
`first` must lose by compare-and-set, unless `first` read its row FOR UPDATE: then `second` is
refused at once too, as on SQLite. On SQLite `first` holds the write lock from its first
read (BEGIN IMMEDIATE), so `second` cannot even begin: it is refused at once (it is given no
time to wait for the lock) and runs again after `first` has committed. Either way the test
sees both outcomes, with no sleeping and no luck involved.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.exc import OperationalError

from bot.workflow.context import Ctx
from storage.db import make_engine, make_sessions


@dataclass
class Raced:
    first: object
    """What `first` returned, or the exception it raised."""
    second: object
    """What `second` returned or raised, in the end (after a retry if the lock held it off)."""
    held_off: bool
    """Whether `second` could not begin while `first` was between its read and its write."""


def _outcome(action: Callable[[Ctx], object], ctx: Ctx) -> object:
    try:
        return action(ctx)
    except Exception as error:  # every outcome is the caller's to assert
        return error


def other_process(ctx: Ctx) -> Ctx:
    """The same database through an engine of its own that does not wait for a lock: SQLite's
    write lock, or on PostgreSQL a row that `first` holds FOR UPDATE (after 1 ms)."""
    engine = make_engine(ctx.settings.database_url, lock_wait_seconds=0)
    if engine.dialect.name == "postgresql":
        engine.dispose()
        engine = create_engine(engine.url, connect_args={"options": "-c lock_timeout=1"})
    return Ctx(make_sessions(engine), ctx.clock, ctx.calendar, ctx.settings)


def interleave(
    ctx: Ctx, table: str, first: Callable[[Ctx], object], second: Callable[[Ctx], object]
) -> Raced:
    engine: Any = ctx.sessions.kw["bind"]
    other = other_process(ctx)
    racer = threading.current_thread()
    seen: dict[str, object] = {}

    def after_read(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if (
            threading.current_thread() is racer
            and "second" not in seen
            and statement.lstrip().startswith("SELECT")
            and f"FROM {table}" in statement
        ):
            seen["second"] = None
            runner = threading.Thread(target=lambda: seen.update(second=_outcome(second, other)))
            runner.start()
            runner.join()

    event.listen(engine, "after_cursor_execute", after_read)
    try:
        result = _outcome(first, ctx)
    finally:
        event.remove(engine, "after_cursor_execute", after_read)
    outcome = seen.get("second")
    held_off = isinstance(outcome, OperationalError) and (
        "locked" in str(outcome) or "lock timeout" in str(outcome)
    )
    if held_off:
        outcome = _outcome(second, other)
    other.sessions.kw["bind"].dispose()
    return Raced(result, outcome, held_off)

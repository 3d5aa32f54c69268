"""What every use case needs: sessions, the clock, the working-time calendar and settings.

Each service function is one use case in one transaction (`ctx.unit()`), so state, audit event
and outbox rows commit together or not at all (DESIGN §6).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Concatenate, Generic, ParamSpec, TypeVar

from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from bot import texts
from bot.calendar import WorkCalendar
from bot.clock import Clock, FileClock, SystemClock
from bot.config import Settings
from bot.errors import LostRace, Stale
from storage.db import WRITE, make_engine, make_sessions, upgrade

_P = ParamSpec("_P")
_T = TypeVar("_T")


@dataclass
class Ctx:
    sessions: sessionmaker[Session]
    clock: Clock
    calendar: WorkCalendar
    settings: Settings

    def now(self) -> datetime:
        return self.clock.now()

    @contextmanager
    def unit(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any error.

        It holds the write lock from its first read on SQLite (`storage.db.WRITE`); on any
        backend, an UPDATE of a round or submission that another unit changed since it was
        read matches no row (their version column) and fails as LostRace, so the use case can
        run again on what is there now and refuse as a double tap would.
        """
        try:
            with self.sessions.begin() as session:
                session.connection(execution_options=WRITE)
                yield session
        except StaleDataError:
            raise LostRace() from None

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only look; nothing is committed."""
        with self.sessions() as session:
            yield session


class UseCase(Generic[_P, _T]):
    """A use case that is one unit of work: called with the context it opens its own unit
    (and runs once more on a lost race, as `once` says); `within` runs the same steps in a
    unit the caller holds, so that one update that does several things commits once."""

    def __init__(self, steps: Callable[Concatenate[Session, Ctx, _P], _T]) -> None:
        self.within = steps
        functools.update_wrapper(self, steps)

    def __call__(self, ctx: Ctx, *args: _P.args, **kwargs: _P.kwargs) -> _T:
        return once(self._unit)(ctx, *args, **kwargs)

    def _unit(self, ctx: Ctx, *args: _P.args, **kwargs: _P.kwargs) -> _T:
        with ctx.unit() as session:
            return self.within(session, ctx, *args, **kwargs)


def unit_of_work(steps: Callable[Concatenate[Session, Ctx, _P], _T]) -> UseCase[_P, _T]:
    """Makes `steps(session, ctx, …)` a use case called as `use_case(ctx, …)`."""
    return UseCase(steps)


def once(use_case: Callable[_P, _T]) -> Callable[_P, _T]:
    """Runs a use case again when it lost a race: the second run reads what the winner wrote
    and refuses as a double tap would ("Data ini sudah diparaf oleh …")."""

    @functools.wraps(use_case)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _T:
        try:
            return use_case(*args, **kwargs)
        except LostRace:
            try:
                return use_case(*args, **kwargs)
            except LostRace:
                raise Stale(texts.BARU_SAJA_BERUBAH) from None

    return run


def calendar_from(settings: Settings) -> WorkCalendar:
    """The office's working-time calendar as configured (DESIGN §5, Deadlines)."""
    return WorkCalendar(
        tz=settings.zona_waktu,
        office_hours=settings.office_hours,
        extra_closed=settings.libur_tambahan,
        extra_open=settings.hari_masuk,
    )


def build_context(settings: Settings) -> Ctx:
    """Everything a process needs to run use cases; the database is upgraded first.

    The clock is the system's, unless KINERJA_CLOCK_FILE names a file (tests and demo only).
    """
    engine = make_engine(settings.database_url)
    upgrade(engine)
    clock: Clock = FileClock(settings.clock_file) if settings.clock_file else SystemClock()
    return Ctx(make_sessions(engine), clock, calendar_from(settings), settings)

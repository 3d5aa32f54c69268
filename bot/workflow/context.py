"""What every use case needs: sessions, the clock, the working-time calendar and settings.

Each service function is one use case in one transaction (`ctx.unit()`), so state, audit event
and outbox rows commit together or not at all (DESIGN §6). A use case that handles a person's
update names them (`ctx.unit(person=telegram_id)`), so the updates of one person are handled one
at a time even when several processes serve the bot (DESIGN §9).
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
from storage.db import WRITE, hold_person, make_engine, make_sessions, upgrade

_P = ParamSpec("_P")
_T = TypeVar("_T")


@dataclass
class Ctx:
    sessions: sessionmaker[Session]
    clock: Clock
    calendar: WorkCalendar
    settings: Settings
    wall: Clock | None = None
    """Real time for the machinery of several processes (heartbeats, leases); None: `clock`.
    Set when KINERJA_CLOCK_FILE moves the office's clock (tests, the demo): a jump of the
    office's day must not make a live process's lease look run out."""

    def now(self) -> datetime:
        return self.clock.now()

    def wall_now(self) -> datetime:
        return (self.wall or self.clock).now()

    @contextmanager
    def unit(self, *, person: int | None = None) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any error.

        It holds the write lock from its first read on SQLite (`storage.db.WRITE`); on any
        backend, an UPDATE of a round or submission that another unit changed since it was
        read matches no row (their version column) and fails as LostRace, so the use case can
        run again on what is there now and refuse as a double tap would.

        With `person` (a Telegram id) it first takes that person's lock, held until it ends
        (`storage.db.hold_person`): another unit for the same person, in any process, waits for
        it; units for other people do not.
        """
        try:
            with self.sessions.begin() as session:
                connection = session.connection(execution_options=WRITE)
                if person is not None:
                    hold_person(connection, person)
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


class PersonsUseCase(UseCase[_P, _T]):
    """A use case of one person's update (its first argument is their Telegram id): its unit
    holds that person's lock, so one person's updates are handled one at a time and in order
    whichever process takes them (DESIGN §9)."""

    def _unit(self, ctx: Ctx, *args: _P.args, **kwargs: _P.kwargs) -> _T:
        with ctx.unit(person=int(args[0])) as session:  # type: ignore[call-overload]
            return self.within(session, ctx, *args, **kwargs)


def unit_of_work(steps: Callable[Concatenate[Session, Ctx, _P], _T]) -> UseCase[_P, _T]:
    """Makes `steps(session, ctx, …)` a use case called as `use_case(ctx, …)`."""
    return UseCase(steps)


def update_of(steps: Callable[Concatenate[Session, Ctx, _P], _T]) -> UseCase[_P, _T]:
    """Makes `steps(session, ctx, telegram_id, …)` the use case of one person's update."""
    return PersonsUseCase(steps)


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

    The clock is the system's, unless KINERJA_CLOCK_FILE names a file (tests and demo only);
    leases and heartbeats always go by the system's.
    """
    engine = make_engine(settings.database_url)
    upgrade(engine)
    if settings.clock_file:
        return Ctx(
            make_sessions(engine),
            FileClock(settings.clock_file),
            calendar_from(settings),
            settings,
            wall=SystemClock(),
        )
    return Ctx(make_sessions(engine), SystemClock(), calendar_from(settings), settings)

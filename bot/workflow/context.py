"""What every use case needs: sessions, the clock, the working-time calendar and settings.

Each service function is one use case in one transaction (`ctx.unit()`), so state, audit event
and outbox rows commit together or not at all (DESIGN §6). A use case that handles a person's
update names them (`ctx.unit(person=telegram_id)`), so the updates of one person are handled one
at a time even when several processes serve the bot (DESIGN §9).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from bot.calendar import WorkCalendar
from bot.clock import Clock, FileClock, SystemClock
from bot.config import Settings
from bot.errors import LostRace
from storage.db import WRITE, hold_person, make_engine, make_sessions, upgrade


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

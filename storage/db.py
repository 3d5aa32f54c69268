"""Engines, sessions and schema upgrades.

The app upgrades the database on start (Alembic), so an office never runs a bot on an old
schema. Several processes may start at once on one database (a restart under systemd beside a
CLI command, or several bot processes), so the upgrade holds a lock: one process migrates, the
others wait and then find nothing left to do. SQLite gets WAL and a busy timeout so the bot
and the CLI can share one file.

A database that cannot be used (no driver, unreachable, newer than this program) raises a
DatabaseProblem naming it without its password; the CLI turns it into one sentence.

SQLite transactions are begun by us, not by the driver (which would begin only at the first
write, after the reads a decision rests on): a unit of work that will write asks for
`BEGIN IMMEDIATE` (`WRITE`), so it holds the write lock from its first read and two of them
run one after the other, never interleaved on stale reads.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from filelock import FileLock
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, InterfaceError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

T = TypeVar("T")

MIGRATIONS = Path(__file__).parent / "migrations"

WRITE = {"sqlite_begin": "IMMEDIATE"}
"""Execution options of a unit of work that will write; other backends ignore them."""

MIGRATION_LOCK_KEY = 0x6B696E65726A61
"""The advisory lock of schema upgrades on PostgreSQL ("kinerja" in ASCII); advisory locks
belong to one database, so other databases on the server never wait for it."""

PERSON_LOCK_SPACE = 0x6B62
"""The first key of every person's advisory lock on PostgreSQL ("kb"): locks keyed by two
integers never meet the migration lock, which is keyed by one."""


class DatabaseProblem(Exception):
    """The database cannot be used; `where` is its URL without the password."""

    def __init__(self, where: str) -> None:
        super().__init__(where)
        self.where = where


class BadUrl(DatabaseProblem):
    """The URL is not one SQLAlchemy can read (`where` is empty: it may hold a password)."""


class DriverMissing(DatabaseProblem):
    """The URL names a driver that is not installed (PostgreSQL: the [postgres] extra)."""


class Unreachable(DatabaseProblem):
    """No connection could be made: server down, wrong address, name or password, or a
    SQLite file that cannot be opened."""


class NewerSchema(DatabaseProblem):
    """The database was migrated by a newer version of the program than this one."""

    def __init__(self, where: str, revision: str) -> None:
        super().__init__(where)
        self.revision = revision


def database_url(url: str | URL) -> URL:
    """`url` parsed, with PostgreSQL's driver named: a plain postgresql:// (or postgres://)
    means psycopg 3, the driver of the [postgres] extra, not SQLAlchemy's default psycopg2.
    BadUrl for text that is no URL, or names a database other than SQLite and PostgreSQL (the
    two the schema and the tests know)."""
    try:
        parsed = make_url(url)
        if parsed.drivername in ("postgresql", "postgres"):
            parsed = parsed.set(drivername="postgresql+psycopg")
        parsed.get_dialect()
    except (ArgumentError, NoSuchModuleError, ValueError):  # ValueError: a port not a number
        raise BadUrl("") from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise BadUrl("")
    return parsed


def printable(url: str | URL) -> str:
    """The URL as it may be printed or logged: the password written as ***."""
    return database_url(url).render_as_string(hide_password=True)


def make_engine(url: str | URL, *, lock_wait_seconds: float = 30) -> Engine:
    """An engine for `url`; a SQLite file's folder is created, and WAL switched on.

    `lock_wait_seconds` is how long a SQLite unit of work waits for another's write lock.
    """
    parsed = database_url(url)
    if parsed.get_backend_name() != "sqlite":
        try:
            return create_engine(parsed, pool_pre_ping=True)
        except ModuleNotFoundError:
            raise DriverMissing(printable(parsed)) from None
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(parsed, connect_args={"timeout": lock_wait_seconds})

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we say BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        if parsed.database and parsed.database != ":memory:":
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _sqlite_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "")
        connection.exec_driver_sql(f"BEGIN {mode}".strip())

    return engine


def make_sessions(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded values after commit, so a service can return what it changed."""
    return sessionmaker(engine, expire_on_commit=False)


def connect(engine: Engine) -> Connection:
    """A connection to the engine's database, or Unreachable."""
    try:
        return engine.connect()
    except (OperationalError, InterfaceError):
        raise Unreachable(printable(engine.url)) from None


def alembic_config(engine: Engine | None = None, connection: Connection | None = None) -> Config:
    """Alembic's configuration for the migrations shipped in storage/, run on `engine`; with
    `connection`, on it (storage/migrations/env.py), so the caller's connection is the one that
    holds the lock and the transaction."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    config.attributes["connection"] = connection
    return config


@contextmanager
def migration_lock(connection: Connection) -> Iterator[None]:
    """Only one upgrade at a time on `connection`'s database, held until the block ends.

    PostgreSQL: a transaction-level advisory lock, taken as the transaction's first statement
    (before Alembic reads the version) and released by the migration's commit or rollback, so
    a process that dies mid-way cannot leave it held. SQLite: an exclusive lock on a file beside
    the database (`kinerja.db.lock`), released when the block ends or the process dies. An
    in-memory SQLite database belongs to one process and needs none.
    """
    url = connection.engine.url
    if url.get_backend_name() == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        yield
    elif url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        with FileLock(f"{url.database}.lock"):
            yield
    else:
        yield


def hold_person(connection: Connection, telegram_id: int) -> None:
    """Hold one person's lock until the transaction on `connection` ends, so the updates of one
    person are handled one at a time however many processes serve the bot.

    PostgreSQL: a transaction-level advisory lock keyed by the Telegram id (its low 32 bits: two
    people who share them only wait for each other), released by the commit or the rollback, so
    a process that dies cannot leave it held. SQLite: nothing more, since a unit that will write
    begins IMMEDIATE and so holds the only write lock there is.
    """
    if connection.dialect.name != "postgresql":
        return
    key = (telegram_id + 2**31) % 2**32 - 2**31  # as a signed 32-bit integer
    connection.execute(
        text("SELECT pg_advisory_xact_lock(CAST(:space AS integer), CAST(:key AS integer))"),
        {"space": PERSON_LOCK_SPACE, "key": key},
    )


def held_row(session: Session, entity: type[T], ident: object) -> T | None:
    """Row `ident` of `entity`, locked against other writers until the transaction ends.

    PostgreSQL: SELECT … FOR UPDATE, which also reads the row as the writer before us left
    it. SQLite: a plain read (from the identity map when loaded), since a unit that will write
    begins IMMEDIATE and so already holds the only write lock there is.
    """
    if session.get_bind().dialect.name == "postgresql":
        # OF: only this row, not the rows its eager relationships join in.
        return session.get(entity, ident, with_for_update={"of": entity})
    return session.get(entity, ident)


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration; idempotent, and safe to run from several
    processes at once (migration_lock)."""
    with connect(engine) as connection:
        try:
            command.upgrade(alembic_config(engine, connection), "head")
        except CommandError:
            unknown = _unknown(MigrationContext.configure(connection).get_current_heads())
            if unknown:
                raise NewerSchema(printable(engine.url), ", ".join(unknown)) from None
            raise


@dataclass(frozen=True)
class Migration:
    revision: str
    title: str
    """The first line of the migration's docstring, in Indonesian."""


@dataclass(frozen=True)
class SchemaStatus:
    current: tuple[str, ...]
    """The revisions the database is at; empty when it has no schema yet."""
    head: str
    pending: tuple[Migration, ...]
    """The migrations an upgrade would apply, oldest first."""

    @property
    def up_to_date(self) -> bool:
        return not self.pending


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def _created(url: URL) -> bool:
    """False only for a SQLite file not created yet; a server's database is asked."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return True
    return Path(url.database).exists()


def _unknown(revisions: tuple[str, ...]) -> list[str]:
    """The revisions no shipped migration has: written by a newer version of the program."""
    scripts = _scripts()
    unknown = []
    for revision in revisions:
        try:
            scripts.get_revision(revision)
        except CommandError:
            unknown.append(revision)
    return unknown


def schema_status(url: str | URL) -> SchemaStatus:
    """Where the database's schema stands against the migrations shipped. Changes nothing: a
    SQLite file that does not exist yet is not created."""
    parsed = database_url(url)
    current: tuple[str, ...] = ()
    if _created(parsed):
        engine = make_engine(parsed)
        try:
            with connect(engine) as connection:
                current = tuple(MigrationContext.configure(connection).get_current_heads())
        finally:
            engine.dispose()
    unknown = _unknown(current)
    if unknown:
        raise NewerSchema(printable(parsed), ", ".join(unknown))
    scripts = _scripts()
    pending = reversed(list(scripts.iterate_revisions("heads", current or "base")))
    return SchemaStatus(
        current=current,
        head=scripts.get_current_head() or "",
        pending=tuple(Migration(m.revision, (m.doc or "").strip()) for m in pending),
    )

"""Backups of the whole database, taken while the bot runs, and restores into an empty one.

Everything the bot knows is in the database — the workflow, the audit trail, the outbox and the
final workbooks (`Document` rows) — so one backup file holds all of it; there is no folder of
files beside it to forget.

- SQLite: SQLite's online backup API copies the database in one read transaction, so the copy
  is one consistent moment even while the bot writes (WAL lets the bot go on meanwhile). The
  backup is itself a SQLite file.
- PostgreSQL: `pg_dump --format=custom` (one snapshot), restored with `pg_restore`. The password
  goes to the tools through PGPASSWORD, never on their command line.

A backup is written beside its target under a temporary name and renamed into place, so a file
with the target's name is always a whole backup. A restore goes only into a database that holds
no rows: it never mixes two offices' data or overwrites one by mistake.

Errors are the classes below; the core words them for the administrator.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Literal

from sqlalchemy import create_engine, inspect, select, table
from sqlalchemy.engine import URL, make_url

Kind = Literal["sqlite", "postgresql"]

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
SCHEMA_TABLE = "alembic_version"
"""Alembic's own table: in every database the bot made, and in no other SQLite file."""


class BackupError(Exception):
    """A backup or restore that could not be done; nothing was changed."""


class UnsupportedDatabase(BackupError):
    """A database kind the bot has no backup for (an in-memory SQLite, another server)."""


class DatabaseMissing(BackupError):
    """The SQLite file to back up does not exist."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


class ToolMissing(BackupError):
    """pg_dump or pg_restore is not installed (not on PATH)."""

    def __init__(self, tool: str) -> None:
        super().__init__(tool)
        self.tool = tool


class ToolFailed(BackupError):
    """pg_dump or pg_restore stopped with an error; `detail` is the first line it printed."""

    def __init__(self, tool: str, detail: str) -> None:
        super().__init__(f"{tool}: {detail}")
        self.tool = tool
        self.detail = detail


class NotABackup(BackupError):
    """The file given to restore is not a backup of this bot."""


class OtherKind(BackupError):
    """A backup of one database kind given to restore into the other."""

    def __init__(self, backup: Kind, database: Kind) -> None:
        super().__init__(f"{backup} -> {database}")
        self.backup = backup
        self.database = database


class NotEmpty(BackupError):
    """The database to restore into holds rows; `table` is one of the tables that does."""

    def __init__(self, table: str) -> None:
        super().__init__(table)
        self.table = table


def kind_of(database_url: str) -> Kind:
    """Which backup this database gets; UnsupportedDatabase for one without."""
    url = make_url(database_url)
    backend = url.get_backend_name()
    if backend == "sqlite" and url.database and url.database != ":memory:":
        return "sqlite"
    if backend == "postgresql":
        return "postgresql"
    raise UnsupportedDatabase(backend)


def back_up(database_url: str, target: Path) -> Path:
    """Write a consistent backup of the database to `target` (replacing it); returns `target`."""
    kind = kind_of(database_url)
    target.parent.mkdir(parents=True, exist_ok=True)
    with _written_whole(target) as partial:
        if kind == "sqlite":
            _sqlite_back_up(_sqlite_path(database_url), partial)
        else:
            _pg_tool("pg_dump", database_url, "--format=custom", "--no-owner", f"--file={partial}")
    return target


def restore(database_url: str, source: Path) -> None:
    """Restore the backup `source` into the database, which must hold no rows.

    Refuses (NotABackup, OtherKind, NotEmpty) before anything is written. A database that only
    has the schema (a bot was started on it, nobody used it) counts as empty.
    """
    kind = kind_of(database_url)
    found = backup_kind(source)
    if found != kind:
        raise OtherKind(found, kind)
    if kind == "sqlite":
        path = _sqlite_path(database_url)
        if path.exists():
            _refuse_rows(database_url)
        path.parent.mkdir(parents=True, exist_ok=True)
        with closing(_read_only(source)) as backup, closing(sqlite3.connect(path)) as live:
            backup.backup(live)
        return
    _refuse_rows(database_url)
    _pg_tool(
        "pg_restore",
        database_url,
        "--no-owner",
        "--no-privileges",
        "--clean",
        "--if-exists",
        "--single-transaction",
        "--exit-on-error",
        str(source),
    )


def backup_kind(source: Path) -> Kind:
    """Which kind of database `source` is a backup of; NotABackup for anything else."""
    try:
        with source.open("rb") as file:
            head = file.read(len(SQLITE_MAGIC))
    except IsADirectoryError:
        raise NotABackup(str(source)) from None
    if head.startswith(PG_DUMP_MAGIC):
        return "postgresql"
    if head == SQLITE_MAGIC and _has_schema_table(source):
        return "sqlite"
    raise NotABackup(str(source))


def _has_schema_table(path: Path) -> bool:
    try:
        with closing(_read_only(path)) as connection:
            found = connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (SCHEMA_TABLE,)
            ).fetchone()
    except sqlite3.DatabaseError:
        return False
    return found is not None


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _sqlite_path(database_url: str) -> Path:
    database = make_url(database_url).database
    assert database is not None
    return Path(database)


def _sqlite_back_up(path: Path, target: Path) -> None:
    if not path.is_file():
        raise DatabaseMissing(path)
    # One step (pages=-1, the default): the whole copy is read in one transaction, one moment.
    live, copy = sqlite3.connect(path, timeout=30), sqlite3.connect(target)
    with closing(live), closing(copy):
        live.backup(copy)
        # The copy inherits WAL from the live file; a backup is one self-contained file.
        copy.execute("PRAGMA journal_mode=DELETE")


@contextmanager
def _written_whole(target: Path) -> Iterator[Path]:
    """A temporary path beside `target`, renamed to it when the block succeeds, else removed."""
    # One per process: two processes making the same day's backup never write one file.
    partial = target.with_name(f".{target.name}.{os.getpid()}.sebagian")
    partial.unlink(missing_ok=True)
    try:
        yield partial
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def _refuse_rows(database_url: str) -> None:
    """NotEmpty when any table but Alembic's holds a row."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            for name in sorted(inspect(connection).get_table_names()):
                if name == SCHEMA_TABLE:
                    continue
                if connection.execute(select(1).select_from(table(name)).limit(1)).first():
                    raise NotEmpty(name)
    finally:
        engine.dispose()


def _pg_tool(tool: str, database_url: str, *args: str) -> None:
    """Run pg_dump or pg_restore against the database; ToolMissing, ToolFailed."""
    program = shutil.which(tool)
    if program is None:
        raise ToolMissing(tool)
    url = make_url(database_url)
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    command = [program, f"--dbname={_libpq_uri(url)}", *args]
    try:
        subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    except subprocess.CalledProcessError as failed:
        lines = [line for line in (failed.stderr or "").splitlines() if line.strip()]
        raise ToolFailed(tool, lines[0] if lines else f"exit {failed.returncode}") from None


def _libpq_uri(url: URL) -> str:
    """The SQLAlchemy URL as libpq reads it: no driver name, no password."""
    return url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)

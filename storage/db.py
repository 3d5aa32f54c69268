"""Engines, sessions and schema upgrades.

The app upgrades the database on start (Alembic), so an office never runs a bot on an old
schema. SQLite gets WAL and a busy timeout so the bot and the CLI can share one file.

SQLite transactions are begun by us, not by the driver (which would begin only at the first
write, after the reads a decision rests on): a unit of work that will write asks for
`BEGIN IMMEDIATE` (`WRITE`), so it holds the write lock from its first read and two of them
run one after the other, never interleaved on stale reads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"

WRITE = {"sqlite_begin": "IMMEDIATE"}
"""Execution options of a unit of work that will write; other backends ignore them."""


def make_engine(url: str, *, lock_wait_seconds: float = 30) -> Engine:
    """An engine for `url`; a SQLite file's folder is created, and WAL switched on.

    `lock_wait_seconds` is how long a SQLite unit of work waits for another's write lock.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": lock_wait_seconds})

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


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration; idempotent."""
    command.upgrade(alembic_config(engine), "head")

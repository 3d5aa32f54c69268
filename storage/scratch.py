"""Throwaway databases on a PostgreSQL server, for the tests, the demo and the benchmarks.

They are given the URL of a server (any database on it, whose user may CREATE DATABASE) and
never touch the database it names: each gets a database of its own beside it, under a fresh
random name, and drops it afterwards. A copy of an already migrated template
(`CREATE DATABASE … TEMPLATE …`) costs a few milliseconds, where migrating takes a second.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import ProgrammingError

from storage.db import DatabaseProblem, connect, database_url, make_engine, printable

INSUFFICIENT_PRIVILEGE = "42501"


class CannotCreate(DatabaseProblem):
    """The server refused CREATE DATABASE: its user lacks the right (CREATEDB)."""


class ScratchServer:
    """One PostgreSQL server on which databases are made and dropped; `close()` when done."""

    def __init__(self, url: str) -> None:
        self.url: URL = database_url(url)
        if self.url.get_backend_name() != "postgresql":
            raise ValueError("ScratchServer needs a PostgreSQL URL")
        self._admin: Engine = make_engine(self.url).execution_options(isolation_level="AUTOCOMMIT")

    def create(self, prefix: str, template: str | None = None) -> str:
        """The URL of a new database named `prefix_<random>`: empty, or a copy of `template`
        (a database nobody is connected to)."""
        name = f"{prefix}_{secrets.token_hex(4)}"
        with connect(self._admin) as connection:
            copy = ""
            if template is not None:
                copy = f' TEMPLATE "{template}"'
                # Copying the files is several times faster for a small database than writing
                # it through the WAL, PostgreSQL 15's default.
                if (connection.dialect.server_version_info or (0,)) >= (15,):
                    copy += " STRATEGY FILE_COPY"
            try:
                connection.execute(text(f'CREATE DATABASE "{name}"{copy}'))
            except ProgrammingError as refused:
                if getattr(refused.orig, "sqlstate", None) == INSUFFICIENT_PRIVILEGE:
                    raise CannotCreate(printable(self.url)) from None
                raise
        return self.url.set(database=name).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        """Drops the database of `url`, ending whatever connections still use it."""
        name = database_url(url).database
        with connect(self._admin) as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    @contextmanager
    def scratch(self, prefix: str) -> Iterator[str]:
        """The URL of a new empty database for the block, dropped after it."""
        url = self.create(prefix)
        try:
            yield url
        finally:
            self.drop(url)

    def close(self) -> None:
        self._admin.dispose()

"""Which database the tests run on, and a fresh one for every test.

KINERJA_TEST_DATABASE_URL unset: SQLite, files in the test's own folder. Set to a PostgreSQL
URL whose user may create databases (tests/with_postgres.sh starts such a cluster for the
README's test command): new databases on that server, dropped after the test; the database the
URL names is never touched. Every test, and every process a test starts, takes its database
from here, so the whole suite runs on either.

A migrated database is a copy of one template that the real Alembic migrations upgraded once
per session (a file copy on SQLite, CREATE DATABASE … TEMPLATE on PostgreSQL): migrating each
of ~600 databases would cost minutes. The migrations themselves are tested on empty databases
(`migrated=False`), as a first start or `kinerja-bot init` meets them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import text

from storage.db import database_url, make_engine, upgrade
from storage.scratch import ScratchServer

SERVER_VARIABLE = "KINERJA_TEST_DATABASE_URL"


def server_url() -> str | None:
    """The PostgreSQL server the tests run on, or None for SQLite."""
    return os.environ.get(SERVER_VARIABLE) or None


def on_postgresql() -> bool:
    return server_url() is not None


@dataclass(frozen=True)
class Template:
    """The migrated database every test's database is copied from: a SQLite file, or a
    database on `server`."""

    url: str
    server: ScratchServer | None


@dataclass
class Databases:
    """Hands out the databases of one test; `drop()` removes those made on a server."""

    folder: Path
    template: Template
    made: list[str] = field(default_factory=list)

    def url(self, name: str = "kinerja", *, migrated: bool = True) -> str:
        """A new database: a copy of the migrated template, or empty (`migrated=False`)."""
        template, server = database_url(self.template.url).database, self.template.server
        if server is None:
            path = self.folder / f"{name}.db"
            if path.exists():
                raise ValueError(f"database {name} already handed out")
            if migrated:
                assert template is not None
                shutil.copyfile(template, path)
            return f"sqlite:///{path}"
        made = server.create(f"test_{name}", template=template if migrated else None)
        self.made.append(made)
        return made

    def drop(self) -> None:
        server = self.template.server
        while server is not None and self.made:
            server.drop(self.made.pop())


@pytest.fixture(scope="session")
def database_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Template]:
    url = server_url()
    if url is None:
        template = Template(f"sqlite:///{tmp_path_factory.mktemp('template') / 'kinerja.db'}", None)
        _migrate(template.url)
        yield template
        return
    server = ScratchServer(url)
    template = Template(server.create("template_kinerja"), server)
    try:
        _migrate(template.url)
        yield template
    finally:
        server.drop(template.url)
        server.close()


def _migrate(url: str) -> None:
    engine = make_engine(url)
    upgrade(engine)
    if engine.url.get_backend_name() == "sqlite":
        with engine.connect() as connection:  # the whole schema in the file, none in its WAL
            connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    engine.dispose()


@pytest.fixture
def databases(tmp_path: Path, database_template: Template) -> Iterator[Databases]:
    """The test's databases (see the module's docstring), dropped after it."""
    handed_out = Databases(tmp_path, database_template)
    yield handed_out
    handed_out.drop()

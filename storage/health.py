"""How the database is doing, for `kinerja-bot periksa` and the webhook's `GET /sehat`.

Read only: nothing here creates the database or applies a migration (a bot's start does that),
so a check tells what the next start would find and never changes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, func, select

from storage.db import MIGRATIONS
from storage.models import Outbox


@dataclass(frozen=True)
class SchemaState:
    """The revisions a database is at, against the newest this version of the bot ships."""

    current: tuple[str, ...]
    """Empty for a database the bot never set up."""
    latest: tuple[str, ...]
    known: bool
    """False when the database is at a revision this version does not have: a newer bot set
    it up, and this one must not run on it."""

    @property
    def up_to_date(self) -> bool:
        return set(self.current) == set(self.latest)


@cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory(str(MIGRATIONS))


def latest_revisions() -> tuple[str, ...]:
    return tuple(_scripts().get_heads())


def schema_state(connection: Connection) -> SchemaState:
    current = tuple(MigrationContext.configure(connection).get_current_heads())
    shipped = {script.revision for script in _scripts().walk_revisions()}
    return SchemaState(current, latest_revisions(), shipped.issuperset(current))


def outbox_backlog(connection: Connection) -> int:
    """Messages waiting to go out (neither sent nor given up on): a growing number means
    Telegram has not been reachable for a while."""
    waiting = (
        select(func.count())
        .select_from(Outbox)
        .where(Outbox.sent_at.is_(None), Outbox.failed_at.is_(None))
    )
    return int(connection.execute(waiting).scalar_one())

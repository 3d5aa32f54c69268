"""Whether this process can do its work, as the webhook's `GET /sehat` tells a reverse proxy.

Healthy means the database answers and its schema is the one this version expects; the outbox
backlog is reported beside that, not judged: a backlog grows while Telegram is unreachable, and
restarting the bot would not help it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.exc import SQLAlchemyError

from bot.workflow.context import Ctx
from storage.health import outbox_backlog, schema_state

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Health:
    database: bool
    migrations_current: bool
    outbox_backlog: int | None
    """None when it could not be counted (no database, or not the expected schema)."""

    @property
    def healthy(self) -> bool:
        return self.database and self.migrations_current

    def as_json(self) -> dict[str, bool | int | None]:
        return {
            "sehat": self.healthy,
            "basis_data": self.database,
            "migrasi_terbaru": self.migrations_current,
            "antrean_outbox": self.outbox_backlog,
        }


def check(ctx: Ctx) -> Health:
    """Ask the database; blocking, so an event loop runs it in a thread."""
    try:
        with ctx.read() as session:
            connection = session.connection()
            state = schema_state(connection)
            backlog = outbox_backlog(connection) if state.up_to_date else None
    except SQLAlchemyError as error:
        log.warning("pemeriksaan kesehatan: basis data tidak menjawab (%s)", type(error).__name__)
        return Health(database=False, migrations_current=False, outbox_backlog=None)
    return Health(database=True, migrations_current=state.up_to_date, outbox_backlog=backlog)

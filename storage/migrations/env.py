"""Alembic environment: batch mode for SQLite, and every upgrade under the migration lock.

Run by storage.db (which hands in its engine and connection) or by hand with `alembic -c
storage/alembic.ini …`, which reads the database from KINERJA_DATABASE_URL like the bot does
(without .env), or else from alembic.ini.
"""

import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy import Connection

from storage.db import make_engine, migration_lock
from storage.models import Base

config = context.config
if config.config_file_name is not None:  # by hand: alembic.ini's logging, to see each step
    fileConfig(config.config_file_name)


def run(connection: Connection) -> None:
    with migration_lock(connection):
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=True,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


handed_in = config.attributes.get("connection")
if handed_in is not None:
    run(handed_in)
else:
    engine = config.attributes.get("engine") or make_engine(
        os.environ.get("KINERJA_DATABASE_URL") or config.get_main_option("sqlalchemy.url")
    )
    with engine.connect() as connection:
        run(connection)

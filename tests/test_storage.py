"""The schema: migrations match the models on SQLite and on PostgreSQL, and decimals keep every
digit typed."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from storage.db import make_engine, make_sessions, schema_status, upgrade
from storage.models import Base, Bidang, Indicator
from tests.database import Databases

REPO = Path(__file__).resolve().parent.parent


def test_upgrade_head_on_empty_database_matches_the_models(databases: Databases) -> None:
    engine = make_engine(databases.url("fresh", migrated=False))
    upgrade(engine)
    upgrade(engine)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        assert diff == []
        if engine.dialect.name == "sqlite":
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    engine.dispose()


def test_decimals_are_stored_exactly_with_the_decimals_typed(databases: Databases) -> None:
    engine = make_engine(databases.url())
    sessions = make_sessions(engine)
    with sessions.begin() as session:
        bidang = Bidang(nama="Sekretariat", urutan=0)
        session.add(bidang)
        session.flush()
        session.add(
            Indicator(
                tahun=2026,
                bidang_id=bidang.id,
                urutan=1,
                sasaran="s",
                nama="n",
                satuan="%",
                arah="naik",
                sifat="akhir",
                target_tahunan=Decimal("0.1"),
                target_tw1=Decimal("94.20"),
                target_tw2=Decimal("1234567890.123456789"),
            )
        )
    with sessions() as session:
        indicator = session.query(Indicator).one()
        assert str(indicator.target_tw1) == "94.20"
        assert indicator.target_tw2 == Decimal("1234567890.123456789")
        assert indicator.target_tahunan + Decimal("0.2") == Decimal("0.3")


def test_times_come_back_aware_in_utc(databases: Databases) -> None:
    from storage.models import User

    engine = make_engine(databases.url())
    sessions = make_sessions(engine)
    moment = datetime(2026, 7, 1, 0, 30, tzinfo=UTC)
    with sessions.begin() as session:
        session.add(User(telegram_id=2**40, nama="Andi", created_at=moment))
    with sessions() as session:
        user = session.query(User).one()
        assert user.created_at == moment and user.created_at.tzinfo is not None
        assert user.telegram_id == 2**40


def test_rounds_opened_before_the_upgrade_get_their_own_copy_of_the_definitions(
    databases: Databases,
) -> None:
    from alembic import command

    from storage.db import alembic_config

    engine = make_engine(databases.url("old", migrated=False))
    command.upgrade(alembic_config(engine), "0001")
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO bidang (id, nama, urutan) VALUES (1, 'Sekretariat', 0)")
        )
        connection.execute(
            text(
                "INSERT INTO indicators (id, tahun, bidang_id, urutan, sasaran, nama, satuan, arah,"
                " rumus, sifat, boleh_negatif, target_tahunan, aktif) VALUES (7, 2026, 1, 3,"
                " 'Sasaran', 'Cakupan KTP-el', '%', 'turun', 'rasio', 'akhir', false, '95', true)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO rounds (id, tahun, triwulan, state, version, opened_at)"
                " VALUES (1, 2026, 2, 'pengisian', 4, '2026-07-01 00:30:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO round_indicators (id, round_id, indicator_id, target, diukur)"
                " VALUES (1, 1, 7, '90', true)"
            )
        )
    upgrade(engine)
    from storage.models import RoundIndicator

    with make_sessions(engine)() as session:
        item = session.query(RoundIndicator).one()
        assert (item.bidang_id, item.urutan, item.nama, item.satuan) == (
            1,
            3,
            "Cakupan KTP-el",
            "%",
        )
        assert (item.arah, item.rumus, item.sifat, item.boleh_negatif) == (
            "turun",
            "rasio",
            "akhir",
            False,
        )
        assert item.target_tahunan == Decimal("95") and item.target == Decimal("90")


UPGRADE_ON_SIGNAL = """
import sys
from storage.db import connect, make_engine, upgrade
engine = make_engine(sys.argv[1])
connect(engine).close()  # connected and ready: only the upgrade itself is left to race
print("siap", flush=True)
sys.stdin.readline()
upgrade(engine)
"""


def test_three_processes_starting_at_once_on_a_new_database_all_upgrade_it(
    databases: Databases,
) -> None:
    """Several bot processes (or a bot and the CLI) started together: the migration lock lets
    one migrate while the others wait, then find nothing left to do."""
    url = databases.url("bersamaan", migrated=False)
    children = [
        subprocess.Popen(
            [sys.executable, "-c", UPGRADE_ON_SIGNAL, url],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    try:
        for child in children:
            assert child.stdout is not None and child.stdout.readline() == "siap\n"
        for child in children:  # all three at once
            assert child.stdin is not None
            child.stdin.write("mulai\n")
            child.stdin.flush()
        ended = [child.communicate(timeout=120) for child in children]
    finally:
        for child in children:
            child.kill()
    assert [child.returncode for child in children] == [0, 0, 0], [err for _, err in ended]
    status = schema_status(url)
    assert status.up_to_date and status.current == (status.head,)

"""The schema: migrations match the models, and decimals keep every digit typed."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from storage.db import make_engine, make_sessions, upgrade
from storage.models import Base, Bidang, Indicator


def test_upgrade_head_on_empty_database_matches_the_models(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    upgrade(engine)
    upgrade(engine)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        assert diff == []
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_decimals_are_stored_exactly_with_the_decimals_typed(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'exact.db'}")
    upgrade(engine)
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


def test_times_come_back_aware_in_utc(tmp_path: Path) -> None:
    from storage.models import User

    engine = make_engine(f"sqlite:///{tmp_path / 'tz.db'}")
    upgrade(engine)
    sessions = make_sessions(engine)
    moment = datetime(2026, 7, 1, 0, 30, tzinfo=UTC)
    with sessions.begin() as session:
        session.add(User(telegram_id=2**40, nama="Andi", created_at=moment))
    with sessions() as session:
        user = session.query(User).one()
        assert user.created_at == moment and user.created_at.tzinfo is not None
        assert user.telegram_id == 2**40

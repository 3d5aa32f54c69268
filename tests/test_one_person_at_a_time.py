"""One person's updates are handled one at a time and in order (DESIGN §9), however many
processes serve the bot: `ctx.unit(person=…)` holds that person's lock for its transaction, and
the message-id claim refuses a typed message older than one already taken.

On PostgreSQL the lock is an advisory transaction lock, and "another process" is a second
engine on the same database whose statements give up on a lock after a moment
(`lock_timeout`), so a unit that would have to wait is seen refused instead of hanging the test.
SQLite needs no lock of its own: a unit that writes begins IMMEDIATE, so every writer already
waits for every other.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import OperationalError

from bot.workflow import conversation
from bot.workflow.context import Ctx
from storage.db import database_url, make_engine, make_sessions
from storage.models import User
from tests.conftest import KABID_CAPIL, KABID_DAFDUK, Office
from tests.database import on_postgresql
from tests.races import interleave

on_postgresql_only = pytest.mark.skipif(
    not on_postgresql(), reason="the advisory lock is PostgreSQL's (KINERJA_TEST_DATABASE_URL)"
)


@pytest.fixture
def other(office: Office) -> Iterator[Ctx]:
    """Another process on the office's database that waits at most 200 ms for any lock."""
    engine = create_engine(
        database_url(office.ctx.settings.database_url),
        connect_args={"options": "-c lock_timeout=200"},
    )
    yield Ctx(make_sessions(engine), office.clock, office.ctx.calendar, office.ctx.settings)
    engine.dispose()


@on_postgresql_only
def test_a_unit_for_a_person_keeps_another_for_them_out_until_it_commits(
    office: Office, other: Ctx
) -> None:
    with office.ctx.unit(person=KABID_DAFDUK) as session:
        session.execute(select(User.id))
        with (
            pytest.raises(OperationalError, match="lock timeout"),
            other.unit(person=KABID_DAFDUK) as blocked,
        ):
            blocked.execute(select(User.id))  # not reached: taking the person's lock fails
    with other.unit(person=KABID_DAFDUK) as session:
        assert session.execute(select(User.id)).first() is not None


@on_postgresql_only
def test_a_unit_for_one_person_does_not_hold_up_another_person_or_plain_units(
    office: Office, other: Ctx
) -> None:
    with office.ctx.unit(person=KABID_DAFDUK):
        with other.unit(person=KABID_CAPIL) as session:
            session.execute(select(User.id))
        with other.unit() as session:
            session.execute(select(User.id))


@on_postgresql_only
def test_the_second_unit_for_a_person_waits_and_then_goes_on(office: Office) -> None:
    engine = make_engine(office.ctx.settings.database_url)
    waiting = Ctx(make_sessions(engine), office.clock, office.ctx.calendar, office.ctx.settings)
    order: list[str] = []

    def second() -> None:
        with waiting.unit(person=KABID_DAFDUK):
            order.append("kedua")

    try:
        with office.ctx.unit(person=KABID_DAFDUK):
            runner = threading.Thread(target=second)
            runner.start()
            _until_a_lock_is_awaited(office.ctx.settings.database_url)
            order.append("pertama")
        runner.join(timeout=30)
        assert not runner.is_alive()
        assert order == ["pertama", "kedua"]
    finally:
        engine.dispose()


def _until_a_lock_is_awaited(url: str) -> None:
    """Return once some session waits for an advisory lock (asked of PostgreSQL itself)."""
    engine = make_engine(url)
    try:
        with engine.connect() as watcher:
            for _ in range(100_000):
                waiting = watcher.execute(
                    text(
                        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                    )
                ).scalar()
                watcher.rollback()  # a fresh snapshot of pg_locks for the next look
                if waiting:
                    return
        raise AssertionError("the second unit never waited for the person's lock")
    finally:
        engine.dispose()


def test_a_unit_for_a_person_commits_like_any_other(office: Office) -> None:
    with office.ctx.unit(person=KABID_DAFDUK) as session:
        session.execute(select(User).where(User.telegram_id == KABID_DAFDUK)).scalar_one().nip = "1"
    with office.ctx.read() as session:
        assert (
            session.execute(select(User.nip).where(User.telegram_id == KABID_DAFDUK)).scalar_one()
            == "1"
        )


# --- The message-id claim -------------------------------------------------------------


def test_an_older_message_that_arrives_late_is_not_taken(office: Office) -> None:
    ctx = office.ctx
    assert conversation.take_text(ctx, KABID_DAFDUK, 10)
    assert not conversation.take_text(ctx, KABID_DAFDUK, 9), "older, arrived late"
    assert not conversation.take_text(ctx, KABID_DAFDUK, 10), "the same one again"
    assert conversation.take_text(ctx, KABID_DAFDUK, 11)
    assert conversation.take_text(ctx, KABID_CAPIL, 3), "each person has their own messages"


def test_two_messages_claimed_at_once_leave_the_newer_as_the_last_taken(office: Office) -> None:
    """Message 6 is claimed in another process while message 5's claim is between its read
    and its write: 5 must not move the mark back, or a redelivered 6 would be taken again."""

    def older(ctx: Ctx) -> bool:
        return conversation.take_text(ctx, KABID_DAFDUK, 5)

    def newer(ctx: Ctx) -> bool:
        return conversation.take_text(ctx, KABID_DAFDUK, 6)

    raced = interleave(office.ctx, "users", older, newer)

    assert raced.second is True
    # SQLite: 5 held the write lock from its read, so it came first and was new then.
    assert raced.first is raced.held_off
    with office.ctx.read() as session:
        mark = session.execute(
            select(User.last_text_id).where(User.telegram_id == KABID_DAFDUK)
        ).scalar_one()
    assert mark == 6
    assert not conversation.take_text(office.ctx, KABID_DAFDUK, 6)

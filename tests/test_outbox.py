"""The outbox sender against a real telegram.Bot over the emulated Telegram (tests/chatkit.py).

The world answers as Telegram does — ok/result JSON, or ok: false with error_code, description
and parameters — and refuses or drops calls on cue, so PTB itself raises NetworkError, TimedOut,
RetryAfter, Forbidden and BadRequest, and the sender is tested on what reaches it in
production. What arrived is read from the people's chats; what was tried, from the world's
requests.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Sequence
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import create_engine, select, update
from telegram import Bot

from bot import instances
from bot.clock import FixedClock
from bot.emulator.model import (
    CHAT_NOT_FOUND,
    TOO_LONG,
    ChatMessage,
    Event,
    Kind,
    Request,
    flood,
    server_error,
)
from bot.emulator.world import BotApiWorld
from bot.instances import LEASE, Instance
from bot.workflow import common
from bot.workflow.context import Ctx
from scheduler import outbox
from scheduler.outbox import deliver_due
from storage import queries
from storage.db import database_url, make_engine, make_sessions
from storage.models import Outbox, User
from tests.chatkit import TOKEN, WorldRequest, office_world
from tests.conftest import KABID_CAPIL, KABID_DAFDUK, OPERATOR, Office
from tests.database import on_postgresql
from tests.test_reminders import second_process


@pytest.fixture
def me(ctx: Ctx) -> Instance:
    """The process the tests send as."""
    return instances.register(ctx)


@pytest.fixture
def world() -> BotApiWorld:
    """The office's chats, and the plain chats the tests queue for directly (0–6, 77, 78)."""
    found = office_world()
    for chat_id in (*range(7), 77, 78):
        found.person(chat_id, f"Pegawai {chat_id}")
    return found


@pytest.fixture
async def bot(world: BotApiWorld) -> AsyncIterator[Bot]:
    request = WorldRequest(world)
    async with Bot(TOKEN, request=request, get_updates_request=request) as started:
        yield started


def written(world: BotApiWorld) -> list[tuple[Kind, int, str]]:
    """What the bot wrote, in order, in every chat: a text sent or edited, a document's name."""
    return [(event.kind, event.chat_id, event.text) for event in world.events if event.from_bot]


def tried(world: BotApiWorld) -> list[Request]:
    """Every call the bot made for some chat, delivered or refused or dropped."""
    return [request for request in world.requests if request.chat_id is not None]


def keyboard(message: ChatMessage) -> list[list[tuple[str, str]]]:
    return [[(button["text"], button["data"]) for button in row] for row in message.buttons]


def render(attachment: dict[str, Any]) -> tuple[str, bytes] | None:
    """Stands in for the workbook code: a named file per attachment kind."""
    if attachment["kind"] == "hilang":
        return None
    return f"{attachment['kind']}.xlsx", b"PK\x03\x04 " + attachment["kind"].encode()


def queue(
    ctx: Ctx,
    chat_id: int,
    text: str,
    buttons: Sequence[Sequence[tuple[str, str]]] = (),
    attachment: dict[str, Any] | None = None,
    replaces: int | None = None,
) -> int:
    with ctx.unit() as session:
        row = Outbox(
            chat_id=chat_id,
            text=text,
            buttons=[[{"label": label, "data": data} for label, data in r] for r in buttons],
            attachment=attachment,
            created_at=ctx.now(),
            not_before=ctx.now(),
            replaces_id=replaces,
        )
        session.add(row)
        session.flush()
        return row.id


def row(ctx: Ctx, row_id: int) -> Outbox:
    with ctx.read() as session:
        found = session.get(Outbox, row_id)
        assert found is not None
        return found


def due_rows(ctx: Ctx) -> int:
    with ctx.read() as session:
        return len(
            session.scalars(
                select(Outbox.id).where(
                    Outbox.sent_at.is_(None),
                    Outbox.failed_at.is_(None),
                    Outbox.not_before <= ctx.now(),
                )
            ).all()
        )


async def drain(bot: Bot, ctx: Ctx, me: Instance, *, limit: int = 100) -> int:
    """Run the sender until nothing due is left (a failure may queue a notice)."""
    total = 0
    while due_rows(ctx):
        total += await deliver_due(bot, ctx, render, me, limit=limit)
    return total


async def test_text_buttons_and_documents_are_delivered(
    ctx: Ctx, clock: FixedClock, bot: Bot, world: BotApiWorld, me: Instance
) -> None:
    card = queue(ctx, 77, "Koreksi format", [[("✅ Benar", "kb:1:2"), ("↩️ Kembalikan", "kk:1:2")]])
    draft = queue(ctx, 77, "Draft terlampir", attachment={"kind": "draft", "round_id": 1})
    missing = queue(ctx, 77, "Tanpa file", attachment={"kind": "hilang"})
    assert await deliver_due(bot, ctx, render, me) == 3
    assert await deliver_due(bot, ctx, render, me) == 0
    assert written(world) == [
        (Kind.SENT, 77, "Koreksi format"),
        (Kind.DOCUMENT, 77, "draft.xlsx"),
        (Kind.SENT, 77, "Draft terlampir"),
        (Kind.SENT, 77, "Tanpa file"),
    ]
    first, file, after_file, without_file = world.bot_messages(77)
    assert keyboard(first) == [[("✅ Benar", "kb:1:2"), ("↩️ Kembalikan", "kk:1:2")]]
    assert all("parse_mode" not in request.params for request in tried(world))
    assert file.document == ("draft.xlsx", b"PK\x03\x04 draft")
    assert keyboard(after_file) == []
    for row_id, message in ((card, first), (draft, after_file), (missing, without_file)):
        sent = row(ctx, row_id)
        assert (sent.sent_at, sent.telegram_message_id) == (clock.now(), message.message_id)
        assert sent.locked_until is None


async def test_a_card_over_telegrams_limit_goes_in_parts_with_buttons_on_the_last(
    ctx: Ctx, bot: Bot, world: BotApiWorld, me: Instance
) -> None:
    lines = [
        f"{n}. Indikator dengan nama yang panjang sekali nomor {n} — 95 % · 100,00 %"
        for n in range(1, 90)
    ]
    queue(ctx, 77, "\n".join(lines), [[("✅ Terverifikasi", "vt:1:2")]])
    assert await deliver_due(bot, ctx, render, me) == 1
    sent = world.bot_messages(77)
    assert len(sent) == 2 and all(len(message.text) <= 4096 for message in sent)
    assert "\n".join(message.text for message in sent) == "\n".join(lines)
    assert keyboard(sent[0]) == [] and keyboard(sent[1]) == [[("✅ Terverifikasi", "vt:1:2")]]


async def test_a_failed_card_after_its_file_resends_only_the_card(
    ctx: Ctx, clock: FixedClock, bot: Bot, world: BotApiWorld, me: Instance
) -> None:
    row_id = queue(ctx, 77, "Format Data Kinerja", [[("Mulai isi", "mi:1")]], {"kind": "format"})
    world.fail_next("sendMessage", server_error(502), chat_id=77)
    assert await deliver_due(bot, ctx, render, me) == 0
    [file] = world.bot_messages(77)
    assert file.document is not None
    assert row(ctx, row_id).telegram_message_id == file.message_id
    clock.advance(seconds=5)
    assert await deliver_due(bot, ctx, render, me) == 1
    assert [kind for kind, _, _ in written(world)] == [Kind.DOCUMENT, Kind.SENT]
    assert [r.method for r in tried(world)] == ["sendDocument", "sendMessage", "sendMessage"]
    card = world.bot_messages(77)[1]
    assert keyboard(card) == [[("Mulai isi", "mi:1")]]
    assert row(ctx, row_id).telegram_message_id == card.message_id


async def test_network_error_backs_off_and_holds_back_only_that_chat(
    ctx: Ctx, clock: FixedClock, bot: Bot, world: BotApiWorld, me: Instance
) -> None:
    first = queue(ctx, 1, "satu")
    queue(ctx, 1, "dua")
    queue(ctx, 2, "untuk chat lain")
    world.fail_next("sendMessage", server_error(502), chat_id=1)
    assert await deliver_due(bot, ctx, render, me) == 1
    assert (world.bot_texts(1), world.bot_texts(2)) == ([], ["untuk chat lain"])
    failed = row(ctx, first)
    assert (failed.attempts, failed.sent_at, failed.failed_at) == (1, None, None)
    assert failed.not_before == clock.now() + timedelta(seconds=5)
    assert failed.last_error == "NetworkError: Bad Gateway"
    clock.advance(seconds=4)
    assert await deliver_due(bot, ctx, render, me) == 0
    clock.advance(seconds=1)
    assert await deliver_due(bot, ctx, render, me) == 2
    assert world.bot_texts(1) == ["satu", "dua"]


async def test_an_hour_without_telegram_loses_nothing(
    ctx: Ctx, clock: FixedClock, bot: Bot, world: BotApiWorld, me: Instance
) -> None:
    row_id = queue(ctx, 1, "penting")
    failures = 12
    world.fail_next(
        "sendMessage",
        *["timeout" if n % 2 else server_error(502) for n in range(failures)],
        chat_id=1,
    )
    started = clock.now()
    waits = []
    for _ in range(failures):
        assert await deliver_due(bot, ctx, render, me) == 0
        waits.append((row(ctx, row_id).not_before - clock.now()).total_seconds())
        clock.set(row(ctx, row_id).not_before)
    assert waits == [5, 10, 20, 40, 80, 160, 320, 600, 600, 600, 600, 600]
    assert clock.now() - started > timedelta(hours=1)
    assert await deliver_due(bot, ctx, render, me) == 1
    assert row(ctx, row_id).attempts == failures
    assert "TimedOut" in (row(ctx, row_id).last_error or "")
    assert len(tried(world)) == failures + 1
    assert world.bot_texts(1) == ["penting"]


async def test_retry_after_is_honoured(
    ctx: Ctx, clock: FixedClock, bot: Bot, world: BotApiWorld, me: Instance
) -> None:
    row_id = queue(ctx, 1, "pengingat")
    world.fail_next("sendMessage", flood(7), chat_id=1)
    assert await deliver_due(bot, ctx, render, me) == 0
    assert row(ctx, row_id).not_before == clock.now() + timedelta(seconds=7)
    clock.advance(seconds=6)
    assert await deliver_due(bot, ctx, render, me) == 0
    clock.advance(seconds=1)
    assert await deliver_due(bot, ctx, render, me) == 1
    assert len(tried(world)) == 2, "nothing was tried while Telegram asked to wait"


async def test_a_document_that_fails_to_build_is_retried_and_no_text_goes_without_it(
    ctx: Ctx, clock: FixedClock, bot: Bot, world: BotApiWorld, me: Instance
) -> None:
    calls = 0

    def flaky(attachment: dict[str, Any]) -> tuple[str, bytes] | None:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("basis data sibuk")
        return render(attachment)

    row_id = queue(ctx, 1, "Format terlampir", attachment={"kind": "format"})
    assert await deliver_due(bot, ctx, flaky, me) == 0
    assert tried(world) == []
    assert row(ctx, row_id).last_error == "RuntimeError: basis data sibuk"
    clock.advance(seconds=5)
    assert await deliver_due(bot, ctx, flaky, me) == 1
    assert written(world) == [(Kind.DOCUMENT, 1, "format.xlsx"), (Kind.SENT, 1, "Format terlampir")]


def person(ctx: Ctx, telegram_id: int) -> User:
    with ctx.read() as session:
        found = queries.user_by_telegram(session, telegram_id)
        assert found is not None
        return found


def tell(ctx: Ctx, telegram_id: int, text: str) -> None:
    with ctx.unit() as session:
        common.notify(session, ctx.now(), person(ctx, telegram_id), text)


# The office fixture starts with an empty outbox, so these tests see only their own messages.


async def test_blocked_person_is_marked_unreachable_and_operators_are_told_once(
    office: Office, bot: Bot, world: BotApiWorld, me: Instance
) -> None:
    ctx = office.ctx
    tell(ctx, KABID_CAPIL, "Format Data Kinerja")
    tell(ctx, KABID_CAPIL, "Pengingat")
    world.blocked.add(KABID_CAPIL)
    assert await drain(bot, ctx, me) == 1
    assert person(ctx, KABID_CAPIL).unreachable_at == office.clock.now()
    assert world.bot_texts(OPERATOR) == [
        "⚠️ Pesan bot tidak dapat dikirim kepada Rina (Kepala Bidang): memblokir bot ini. "
        "Mohon hubungi yang bersangkutan agar membuka bot ini lagi dan menekan Mulai (Start). "
        "Pesan yang gagal tidak dikirim ulang; posisi terbaru dapat dilihat dengan /status."
    ]
    with ctx.read() as session:
        failed = list(session.scalars(select(Outbox).where(Outbox.chat_id == KABID_CAPIL)))[-2:]
    assert [(r.failed_at is not None, r.last_error) for r in failed] == [
        (True, "Forbidden: bot was blocked by the user")
    ] * 2
    # Rina unblocks the bot: the next message arrives and she counts as reachable again.
    world.blocked.discard(KABID_CAPIL)
    tell(ctx, KABID_CAPIL, "Pengingat berikutnya")
    assert await drain(bot, ctx, me) == 1
    assert person(ctx, KABID_CAPIL).unreachable_at is None
    assert world.bot_texts(KABID_CAPIL) == ["Pengingat berikutnya"]


async def test_a_blocked_operator_never_loops(
    office: Office, bot: Bot, world: BotApiWorld, me: Instance
) -> None:
    ctx = office.ctx
    tell(ctx, KABID_CAPIL, "Format Data Kinerja")
    world.blocked.update({KABID_CAPIL, OPERATOR})
    await drain(bot, ctx, me)
    await drain(bot, ctx, me)
    assert person(ctx, OPERATOR).unreachable_at is not None
    with ctx.read() as session:
        pending = session.scalars(
            select(Outbox).where(Outbox.sent_at.is_(None), Outbox.failed_at.is_(None))
        ).all()
        total = len(session.scalars(select(Outbox)).all())
    assert pending == []
    # Rina's card, then the notice to the operator; nothing after.
    assert tried(world) == [Request("sendMessage", KABID_CAPIL), Request("sendMessage", OPERATOR)]
    await drain(bot, ctx, me)
    with ctx.read() as session:
        assert len(session.scalars(select(Outbox)).all()) == total


async def test_chat_not_found_is_unreachable_but_other_bad_requests_fail_only_the_row(
    office: Office, bot: Bot, world: BotApiWorld, me: Instance
) -> None:
    ctx = office.ctx
    tell(ctx, KABID_DAFDUK, "Format Data Kinerja")
    world.fail_next("sendMessage", CHAT_NOT_FOUND, chat_id=KABID_DAFDUK)
    tell(ctx, KABID_CAPIL, "x" * 5000)
    tell(ctx, KABID_CAPIL, "Sesudahnya")
    world.fail_next("sendMessage", TOO_LONG, chat_id=KABID_CAPIL)
    assert 5555 not in world.people  # so Telegram itself answers "chat not found"
    queue(ctx, 5555, "Untuk chat yang tidak dikenal bot")
    await drain(bot, ctx, me)
    assert person(ctx, KABID_DAFDUK).unreachable_at is not None
    assert person(ctx, KABID_CAPIL).unreachable_at is None
    assert world.bot_texts(KABID_CAPIL) == ["Sesudahnya"]
    [notice] = world.bot_texts(OPERATOR)
    assert "kepada Sari (Kepala Bidang): belum pernah memulai percakapan" in notice
    with ctx.read() as session:
        errors = sorted(
            r.last_error or ""
            for r in session.scalars(select(Outbox).where(Outbox.failed_at.is_not(None)))
        )
    assert errors == ["Chat not found", "Chat not found", "Message is too long"]


async def test_a_row_leased_by_another_sender_holds_back_its_chat(
    ctx: Ctx, clock: FixedClock, bot: Bot, world: BotApiWorld, me: Instance
) -> None:
    leased = queue(ctx, 1, "satu")
    queue(ctx, 1, "dua")
    other = instances.register(ctx)
    with ctx.unit() as session:
        session.execute(
            update(Outbox)
            .where(Outbox.id == leased)
            .values(locked_by=other.id, locked_until=clock.now() + timedelta(minutes=2))
        )
    assert await deliver_due(bot, ctx, render, me) == 0
    clock.advance(minutes=2)  # the other sender died holding it: its lease runs out
    assert await deliver_due(bot, ctx, render, me) == 2
    assert world.bot_texts(1) == ["satu", "dua"]


async def test_two_senders_at_once_deliver_each_row_once_and_in_order(
    ctx: Ctx, clock: FixedClock, bot: Bot, world: BotApiWorld, me: Instance
) -> None:
    for n in range(60):
        queue(ctx, n % 4, f"pesan {n}")
    other = second_process(ctx, clock.now())
    other_me = instances.register(other)
    total = 0
    while True:
        sent = await asyncio.gather(
            deliver_due(bot, ctx, render, me, limit=10),
            deliver_due(bot, other, render, other_me, limit=10),
        )
        if not any(sent):
            break
        total += sum(sent)
    assert total == len(written(world)) == 60
    for chat in range(4):
        assert world.bot_texts(chat) == [f"pesan {n}" for n in range(chat, 60, 4)]


async def test_a_thousand_rows_go_out_in_order_per_chat(
    ctx: Ctx, bot: Bot, world: BotApiWorld, me: Instance
) -> None:
    chats = 7
    with ctx.unit() as session:
        for n in range(1000):
            session.add(
                Outbox(
                    chat_id=n % chats,
                    text=f"pesan {n}",
                    buttons=[],
                    created_at=ctx.now(),
                    not_before=ctx.now(),
                )
            )
    assert await drain(bot, ctx, me) == 1000
    for chat in range(chats):
        assert world.bot_texts(chat) == [f"pesan {n}" for n in range(chat, 1000, chats)]
    with ctx.read() as session:
        assert session.scalars(select(Outbox).where(Outbox.sent_at.is_(None))).all() == []


async def test_an_edit_rewrites_the_delivered_card_with_its_note_below_and_no_buttons(
    ctx: Ctx, bot: Bot, world: BotApiWorld, me: Instance
) -> None:
    card = queue(ctx, 77, "Koreksi format\nTriwulan II 2026", [[("✅ Benar", "kb:1:2")]])
    assert await deliver_due(bot, ctx, render, me) == 1
    note = queue(ctx, 77, "✅ Sudah dinyatakan benar oleh Budi", replaces=card)
    never_sent = queue(ctx, 78, "Kartu yang tidak pernah sampai")
    with ctx.unit() as session:
        session.execute(update(Outbox).where(Outbox.id == never_sent).values(failed_at=ctx.now()))
    nothing_to_edit = queue(ctx, 78, "✅ Sudah dikerjakan", replaces=never_sent)

    assert await deliver_due(bot, ctx, render, me) == 2

    edit = [event for event in world.events if event.from_bot][-1]
    assert (edit.kind, edit.chat_id) == (Kind.EDITED, 77)
    assert edit.message_id == row(ctx, card).telegram_message_id
    [shown] = world.bot_messages(77)
    assert shown.text == "Koreksi format\nTriwulan II 2026\n\n✅ Sudah dinyatakan benar oleh Budi"
    assert (keyboard(shown), shown.edits) == ([], 1)
    assert row(ctx, note).telegram_message_id == row(ctx, card).telegram_message_id
    assert row(ctx, nothing_to_edit).sent_at is not None
    assert [r for r in tried(world) if r.chat_id == 78] == []


async def test_a_document_that_never_builds_is_given_up_after_five_tries_and_the_operators_told(
    office: Office, bot: Bot, world: BotApiWorld, me: Instance
) -> None:
    ctx = office.ctx

    def broken(attachment: dict[str, Any]) -> tuple[str, bytes] | None:
        if attachment["kind"] == "format":
            raise RuntimeError("templat rusak")
        return render(attachment)

    with ctx.unit() as session:
        common.notify(
            session,
            ctx.now(),
            person(ctx, KABID_CAPIL),
            "Format Data Kinerja Triwulan II 2026 — Bidang Pencatatan Sipil\nIsi sebelum …",
            attachment={"kind": "format", "submission_id": 1},
        )
        card = session.scalars(select(Outbox.id).order_by(Outbox.id.desc())).first()
    tell(ctx, KABID_CAPIL, "Pengingat sesudahnya")
    for _ in range(outbox.BUILD_ATTEMPTS - 1):
        assert await deliver_due(bot, ctx, broken, me) == 0
        assert row(ctx, card).failed_at is None
        assert world.bot_texts(KABID_CAPIL) == [], "the later message waits behind it"
        office.clock.set(row(ctx, card).not_before)

    assert await deliver_due(bot, ctx, broken, me) == 1, "the later message goes on"
    assert await deliver_due(bot, ctx, broken, me) == 1, "the operator's notice"

    given_up = row(ctx, card)
    assert given_up.failed_at == office.clock.now()
    assert (given_up.build_failures, given_up.last_error) == (5, "RuntimeError: templat rusak")
    assert world.bot_texts(KABID_CAPIL) == ["Pengingat sesudahnya"]
    assert world.bot_texts(OPERATOR) == [
        "⚠️ Berkas untuk Rina (Kepala Bidang) gagal disiapkan 5 kali, jadi pesan «Format Data "
        "Kinerja Triwulan II 2026 — Bidang Pencatatan Sipil» tidak dikirim kepadanya; pesan "
        "berikutnya untuknya tetap dikirim. Penyebabnya tercatat di log bot; setelah "
        "diperbaiki, yang bersangkutan dapat meminta kartunya lagi dengan /tugas."
    ]
    assert "sendDocument" not in world.calls


async def test_network_failures_do_not_count_towards_giving_up_a_document(
    ctx: Ctx, clock: FixedClock, bot: Bot, world: BotApiWorld, me: Instance
) -> None:
    row_id = queue(ctx, 1, "Format terlampir", attachment={"kind": "format"})
    world.fail_next("sendDocument", *[server_error(502)] * 6, chat_id=1)
    for _ in range(6):
        assert await deliver_due(bot, ctx, render, me) == 0
        clock.set(row(ctx, row_id).not_before)
    assert await deliver_due(bot, ctx, render, me) == 1
    assert (row(ctx, row_id).attempts, row(ctx, row_id).build_failures) == (6, 0)
    assert written(world) == [(Kind.DOCUMENT, 1, "format.xlsx"), (Kind.SENT, 1, "Format terlampir")]


async def test_a_row_whose_lease_moved_to_another_process_is_not_recorded_by_the_first(
    ctx: Ctx,
    clock: FixedClock,
    bot: Bot,
    world: BotApiWorld,
    me: Instance,
    caplog: pytest.LogCaptureFixture,
) -> None:
    row_id = queue(ctx, 1, "kartu")
    other = instances.register(ctx)

    def taken_over(event: Event) -> None:
        """While Telegram's answer is on its way, `me` was found dead and the other process
        leased the row."""
        with ctx.unit() as session:
            session.execute(
                update(Outbox)
                .where(Outbox.id == row_id)
                .values(locked_by=other.id, locked_until=clock.now() + LEASE)
            )

    world.listeners.append(taken_over)
    with caplog.at_level(logging.WARNING, logger="scheduler.outbox"):
        await deliver_due(bot, ctx, render, me)
    leased = row(ctx, row_id)
    assert world.bot_texts(1) == ["kartu"]
    assert (leased.sent_at, leased.locked_by) == (None, other.id)
    assert "sewanya sudah berpindah ke proses lain" in caplog.text


async def test_a_dead_process_leaves_its_rows_to_the_next_claim_at_once(
    ctx: Ctx, clock: FixedClock, bot: Bot, world: BotApiWorld, me: Instance
) -> None:
    """A process that died mid-batch, found dead (its heartbeat a lease old) when another
    starts: its rows go at once, not when their leases would have run out."""
    dead = instances.register(ctx)
    first = queue(ctx, 1, "satu")
    queue(ctx, 1, "dua")
    with ctx.unit() as session:
        session.execute(
            update(Outbox)
            .where(Outbox.id == first)
            .values(locked_by=dead.id, locked_until=clock.now() + timedelta(hours=1))
        )
    clock.advance(seconds=LEASE.total_seconds())
    instances.beat(ctx, me)
    assert await deliver_due(bot, ctx, render, me) == 2
    assert world.bot_texts(1) == ["satu", "dua"]


@pytest.mark.skipif(not on_postgresql(), reason="SKIP LOCKED is PostgreSQL's")
async def test_rows_another_claim_is_locking_are_skipped_and_hold_back_their_chat(
    ctx: Ctx, bot: Bot, world: BotApiWorld, me: Instance
) -> None:
    first = queue(ctx, 1, "satu")
    queue(ctx, 1, "dua")
    queue(ctx, 2, "untuk chat lain")
    # Without SKIP LOCKED the claim would wait for the lock, and give up after 2 seconds.
    engine = create_engine(
        database_url(ctx.settings.database_url), connect_args={"options": "-c lock_timeout=2000"}
    )
    impatient = Ctx(make_sessions(engine), ctx.clock, ctx.calendar, ctx.settings)
    claiming = make_engine(ctx.settings.database_url)
    try:
        with claiming.connect() as other:  # another process in the middle of its claim
            other.execute(select(Outbox.id).where(Outbox.id == first).with_for_update())
            assert await deliver_due(bot, impatient, render, me) == 1
            other.rollback()
        assert world.bot_texts(1) == [] and world.bot_texts(2) == ["untuk chat lain"]
        assert await deliver_due(bot, impatient, render, me) == 2
        assert world.bot_texts(1) == ["satu", "dua"]
    finally:
        engine.dispose()
        claiming.dispose()

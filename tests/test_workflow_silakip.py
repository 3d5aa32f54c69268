"""SOP step 11 per bidang (issue 14): the operator ticks each bidang as entered into SILAKIP,
each tick with who and when, and the round ends only when every bidang is ticked."""

from __future__ import annotations

from datetime import timedelta

from alembic import command
from sqlalchemy import select, text

from bot import formatting as fmt
from bot import texts
from bot.errors import NotAllowed, NotFound, Stale
from bot.sop import Acting, Role, StepNo
from bot.states import RoundState
from bot.workflow import approvals, cards, files, registration, silakip, status
from storage import queries
from storage.db import alembic_config, make_engine, make_sessions, upgrade
from storage.models import Approval, Outbox, SilakipEntry
from tests.conftest import (
    CAPIL,
    DAFDUK,
    KABID_CAPIL,
    KABID_DAFDUK,
    KASUBAG,
    OPERATOR,
    PERENCANA,
    SEKRETARIAT,
    WIB,
    Office,
    approvals_of,
    enrol,
    labels,
    outbox_messages,
    refused,
    user_id,
    widened,
)
from tests.database import Databases
from tests.races import interleave
from tests.workbooks import opened

OPERATOR_2 = 9_101


def tick(office: Office, round_id: int, bidang: str, by: int = OPERATOR) -> silakip.Ticked:
    return silakip.tick(office.ctx, actor=by, round_id=round_id, bidang_id=office.bidang_id(bidang))


def entries(office: Office, round_id: int) -> dict[str, tuple[str, object]]:
    """Each ticked bidang: who ticked it, and when (in WIB)."""
    with office.ctx.read() as session:
        ticks = queries.silakip_entries(session, round_id)
        return {
            queries.bidang_name(session, bidang_id) or "": (
                entry.actor.nama if entry.actor else "",
                entry.at.astimezone(WIB),
            )
            for bidang_id, entry in ticks.items()
        }


def card_of(office: Office, round_id: int, page: int = 0) -> cards.Card:
    with office.ctx.read() as session:
        round_ = office.round(round_id)
        return cards.for_step(session, office.ctx, round_, StepNo.SILAKIP, page=page)


def test_the_step_11_card_offers_every_bidang_and_semua_with_the_export(office: Office) -> None:
    round_ = office.walk(at_step=11)

    (card,) = [m for m in outbox_messages(office.ctx, OPERATOR) if "Langkah 11" in m.text]

    assert labels(card) == [SEKRETARIAT, DAFDUK, CAPIL, "Semua"]
    assert card.attachment == {"kind": "silakip", "round_id": round_.id}
    assert "SILAKIP: 0 dari 3 bidang." in card.text
    assert "Halaman" not in card.text


def test_each_tick_records_who_and_when_and_the_round_waits_for_the_last(office: Office) -> None:
    round_ = office.walk(at_step=11)
    office.clock.advance(minutes=7)
    first = office.clock.now()

    done = tick(office, round_.id, DAFDUK)

    assert not done.closed and done.round.state == RoundState.SILAKIP
    assert entries(office, round_.id) == {DAFDUK: ("Andi", first.astimezone(WIB))}
    card = card_of(office, round_.id)
    assert [label for row in card.buttons for label, _ in row] == [
        SEKRETARIAT,
        f"✅ {DAFDUK}",
        CAPIL,
        "Semua",
    ]
    assert "SILAKIP: 1 dari 3 bidang." in card.text
    assert f"✅ {DAFDUK} — Andi, {fmt.stempel(first, 'Asia/Jakarta')}" in card.text
    with office.ctx.read() as session:
        (step_11,) = [d for d in queries.deadlines(session, round_.id) if d.step == 11]
        assert step_11.done_at is None, "step 11 runs until every bidang is in SILAKIP"
    assert [a.action for a in approvals_of(office.ctx, round_.id)][-1] == "final"

    office.clock.advance(minutes=3)
    tick(office, round_.id, SEKRETARIAT)
    assert office.round(round_.id).state == RoundState.SILAKIP
    office.clock.advance(minutes=2)
    last = tick(office, round_.id, CAPIL)

    assert last.closed
    closed = office.round(round_.id)
    assert closed.state == RoundState.SELESAI and closed.closed_at == office.clock.now()
    assert set(entries(office, round_.id)) == {SEKRETARIAT, DAFDUK, CAPIL}
    with office.ctx.read() as session:
        assert queries.open_rounds(session) == []
        assert all(d.done_at is not None for d in queries.deadlines(session, round_.id))
    silakip_done = [a for a in approvals_of(office.ctx, round_.id) if a.step == 11]
    assert [(a.action, a.at) for a in silakip_done] == [("silakip", office.clock.now())]


def test_a_second_tick_of_a_bidang_is_refused_with_who_ticked_it_and_when(
    office: Office,
) -> None:
    enrol(office.ctx, OPERATOR_2, "Gita", Role.OPERATOR)
    round_ = office.walk(at_step=11)
    tick(office, round_.id, SEKRETARIAT)
    when = fmt.stempel(office.clock.now(), "Asia/Jakarta")
    office.clock.advance(minutes=1)

    for who in (OPERATOR, OPERATOR_2):  # a double tap, and another operator's press
        with refused(office.ctx, Stale) as refusal:
            tick(office, round_.id, SEKRETARIAT, by=who)
        assert refusal.value.message == (
            f"{SEKRETARIAT} sudah dicatat diinput ke SILAKIP oleh Andi pada {when}."
        )
    assert len(entries(office, round_.id)) == 1


def test_only_an_operator_ticks_and_only_at_step_11(office: Office) -> None:
    round_ = office.walk(at_step=10)
    with refused(office.ctx, Stale, "sekarang di langkah 10"):
        tick(office, round_.id, DAFDUK)
    office.press(approvals.finalise, OPERATOR, round_.id)
    with refused(office.ctx, NotAllowed, "hanya untuk Operator"):
        tick(office, round_.id, DAFDUK, by=KASUBAG)
    with refused(office.ctx, NotAllowed, "hanya untuk Operator"):
        silakip.tick_all(office.ctx, actor=KASUBAG, round_id=round_.id)
    with refused(office.ctx, NotFound, "Data bidang itu tidak ditemukan"):
        silakip.tick(office.ctx, actor=OPERATOR, round_id=round_.id, bidang_id=99_999)


def test_semua_ticks_every_bidang_left_and_keeps_the_ticks_given_before(office: Office) -> None:
    enrol(office.ctx, OPERATOR_2, "Gita", Role.OPERATOR)
    round_ = office.walk(at_step=11)
    tick(office, round_.id, CAPIL)
    first = office.clock.now()
    office.clock.advance(minutes=4)

    done = silakip.tick_all(office.ctx, actor=OPERATOR_2, round_id=round_.id)

    assert done.closed and office.round(round_.id).state == RoundState.SELESAI
    now = office.clock.now()
    assert entries(office, round_.id) == {
        CAPIL: ("Andi", first.astimezone(WIB)),
        SEKRETARIAT: ("Gita", now.astimezone(WIB)),
        DAFDUK: ("Gita", now.astimezone(WIB)),
    }
    (closing,) = [a for a in approvals_of(office.ctx, round_.id) if a.step == 11]
    assert closing.actor_id == user_id(office.ctx, OPERATOR_2)
    told = [m.text for m in outbox_messages(office.ctx, OPERATOR) if "Putaran selesai" in m.text]
    assert len(told) == 1 and "(Gita," in told[0]
    with refused(office.ctx, Stale, "sudah dicatat sudah diinput ke SILAKIP oleh Gita"):
        silakip.tick_all(office.ctx, actor=OPERATOR, round_id=round_.id)


def test_the_other_operators_copies_of_the_card_say_who_closed_the_step(office: Office) -> None:
    enrol(office.ctx, OPERATOR_2, "Gita", Role.OPERATOR)
    round_ = office.walk(at_step=11)
    (copy,) = [m for m in outbox_messages(office.ctx, OPERATOR_2) if "Langkah 11" in m.text]
    with office.ctx.unit() as session:
        session.get(Outbox, copy.id).sent_at = office.clock.now()

    tick(office, round_.id, DAFDUK)
    assert not [m for m in outbox_messages(office.ctx, OPERATOR_2) if m.replaces_id == copy.id]
    silakip.tick_all(office.ctx, actor=OPERATOR, round_id=round_.id)

    (rewritten,) = [m for m in outbox_messages(office.ctx, OPERATOR_2) if m.replaces_id]
    assert rewritten.replaces_id == copy.id and rewritten.buttons == []
    assert rewritten.text.startswith("✅ Sudah diinput ke SILAKIP oleh Andi")


def test_two_operators_ticking_one_bidang_at_once_leave_one_tick_and_the_other_is_told_who(
    office: Office,
) -> None:
    enrol(office.ctx, OPERATOR_2, "Gita", Role.OPERATOR)
    round_ = office.walk(at_step=11)
    dafduk = office.bidang_id(DAFDUK)

    def by(operator: int):
        return lambda ctx: silakip.tick(ctx, actor=operator, round_id=round_.id, bidang_id=dafduk)

    raced = interleave(office.ctx, "rounds", by(OPERATOR), by(OPERATOR_2))

    outcomes = [raced.first, raced.second]
    (won,) = [o for o in outcomes if isinstance(o, silakip.Ticked)]
    (lost,) = [o for o in outcomes if isinstance(o, Stale)]
    winner = entries(office, round_.id)[DAFDUK][0]
    assert lost.message.startswith(f"{DAFDUK} sudah dicatat diinput ke SILAKIP oleh {winner}")
    assert not won.closed
    assert raced.held_off == office.ctx.settings.database_url.startswith("sqlite")
    with office.ctx.read() as session:
        rows = session.scalars(select(SilakipEntry).where(SilakipEntry.bidang_id == dafduk))
        assert len(list(rows)) == 1
    assert office.round(round_.id).state == RoundState.SILAKIP


def test_the_last_two_bidang_ticked_at_once_close_the_round_exactly_once(office: Office) -> None:
    enrol(office.ctx, OPERATOR_2, "Gita", Role.OPERATOR)
    round_ = office.walk(at_step=11)
    tick(office, round_.id, SEKRETARIAT)

    def by(operator: int, bidang: str):
        bidang_id = office.bidang_id(bidang)
        return lambda ctx: silakip.tick(
            ctx, actor=operator, round_id=round_.id, bidang_id=bidang_id
        )

    raced = interleave(office.ctx, "rounds", by(OPERATOR, DAFDUK), by(OPERATOR_2, CAPIL))

    outcomes = [raced.first, raced.second]
    assert all(isinstance(o, silakip.Ticked) for o in outcomes), outcomes
    assert sorted(o.closed for o in outcomes) == [False, True]  # type: ignore[union-attr]
    assert set(entries(office, round_.id)) == {SEKRETARIAT, DAFDUK, CAPIL}
    assert office.round(round_.id).state == RoundState.SELESAI
    with office.ctx.read() as session:
        closing = session.scalars(
            select(Approval).where(Approval.round_id == round_.id, Approval.step == 11)
        ).all()
    assert [a.action for a in closing] == ["silakip"]


def test_the_checklist_shows_eight_bidang_a_page_with_page_buttons(office: Office) -> None:
    office = widened(office, 7)  # 10 bidang
    round_ = office.walk(at_step=11)

    first = card_of(office, round_.id)
    names = [label for row in first.buttons for label, _ in row]
    assert names[:3] == [SEKRETARIAT, DAFDUK, CAPIL]
    assert len(names) == 8 + 2 and names[-2:] == ["➡️ Berikutnya", "Semua"]
    assert first.buttons[-2] == (("➡️ Berikutnya", f"sh:{round_.id}:1"),)
    assert "Halaman 1 dari 2." in first.text and "SILAKIP: 0 dari 10 bidang." in first.text

    tick(office, round_.id, "Bidang Tambahan 07")
    second = card_of(office, round_.id, page=1)
    assert [label for row in second.buttons for label, _ in row] == [
        "Bidang Tambahan 06",
        "✅ Bidang Tambahan 07",
        "⬅️ Sebelumnya",
        "Semua",
    ]
    tambahan_06 = office.bidang_id("Bidang Tambahan 06")
    assert second.buttons[0] == (("Bidang Tambahan 06", f"sc:{round_.id}:{tambahan_06}:1"),)
    assert second.buttons[-2] == (("⬅️ Sebelumnya", f"sh:{round_.id}:0"),)
    assert "Halaman 2 dari 2." in second.text and "SILAKIP: 1 dari 10 bidang." in second.text
    assert "✅ Bidang Tambahan 07 — Andi" in second.text, "who ticked the page's bidang, when"
    assert "✅ Bidang Tambahan 07" not in card_of(office, round_.id).text
    assert card_of(office, round_.id, page=7).buttons == second.buttons, "kept within the pages"
    assert all(len(data.encode()) <= 64 for row in second.buttons for _, data in row)


# --- What the ticks leave: /status, the Lembar Kendali, and rounds closed before them ---


def test_status_shows_how_many_bidang_are_in_silakip_to_whom_sees_them(office: Office) -> None:
    round_ = office.walk(at_step=11)
    tick(office, round_.id, DAFDUK)

    (shown,) = status.overview(office.ctx, OPERATOR)
    assert shown.silakip == (1, 3)
    assert "SILAKIP: 1 dari 3 bidang" in texts.status([shown], "Asia/Jakarta").splitlines()
    (own,) = status.overview(office.ctx, KABID_DAFDUK)
    (other,) = status.overview(office.ctx, KABID_CAPIL)
    assert (own.silakip, other.silakip) == ((1, 1), (0, 1)), "a Kabid counts their own bidang"
    silakip.tick_all(office.ctx, actor=OPERATOR, round_id=round_.id)
    assert status.overview(office.ctx, OPERATOR) == []


def kendali_rows(content: bytes, step: int) -> list[list[object]]:
    sheet = opened(content)["Lembar Kendali"]
    return [[cell.value for cell in row] for row in sheet.iter_rows() if row[0].value == step]


def test_lembar_kendali_lists_each_bidang_entered_into_silakip_with_who_and_when(
    office: Office,
) -> None:
    invite = registration.create_invite(
        office.ctx,
        actor=None,
        role=Role.OPERATOR,
        acting=Acting.PLH,
        valid_to=office.clock.now() + timedelta(days=30),
        surat="800/3/DUKCAPIL/2026",
    )
    registration.redeem_invite(office.ctx, telegram_id=OPERATOR_2, nama="Gita", code=invite.code)
    round_ = office.walk(at_step=11)
    started = office.clock.now()
    stored = files.compiled_for(office.ctx, actor=PERENCANA, tahun=2026, triwulan=2)
    office.clock.advance(minutes=20)
    tick(office, round_.id, DAFDUK)
    first = office.clock.now()
    office.clock.advance(minutes=50)
    silakip.tick_all(office.ctx, actor=OPERATOR_2, round_id=round_.id)
    last = office.clock.now()

    rekap = files.render(office.ctx, {"kind": "rekap", "round_id": round_.id})
    assert rekap is not None
    rows = kendali_rows(rekap[1], 11)
    stamp = {at: f"{fmt.tanggal(at.astimezone(WIB).date())} {fmt.jam(at)}" for at in (first, last)}
    plh = "Plh. Operator Subbag Perencanaan"
    step_name = "Input data kinerja pada aplikasi SILAKIP"
    assert [row[:7] for row in rows] == [
        [11, step_name, plh, None, "Gita", rows[0][5], stamp[last]],
        [11, step_name, "Operator Subbag Perencanaan", DAFDUK, "Andi", rows[0][5], stamp[first]],
        [11, step_name, plh, SEKRETARIAT, "Gita", rows[0][5], stamp[last]],
        [11, step_name, plh, CAPIL, "Gita", rows[0][5], stamp[last]],
    ]
    assert rows[0][5] == f"{fmt.tanggal(started.astimezone(WIB).date())} {fmt.jam(started)}"
    assert [row[10] for row in rows] == ["Terlambat 10 menit"] + ["Tepat waktu"] + [
        "Terlambat 10 menit"
    ] * 2

    own = files.compiled_for(office.ctx, actor=KABID_DAFDUK, tahun=2026, triwulan=2)
    assert [row[3] for row in kendali_rows(own[1], 11)] == [None, DAFDUK]
    # The final workbook stays the one that was signed: its Lembar Kendali predates the ticks.
    assert files.compiled_for(office.ctx, actor=PERENCANA, tahun=2026, triwulan=2) == stored
    assert [row[10] for row in kendali_rows(stored[1], 11)] == ["berjalan"]


def test_a_round_closed_before_the_checklist_counts_every_bidang_ticked(
    databases: Databases,
) -> None:
    engine = make_engine(databases.url("lama", migrated=False))
    command.upgrade(alembic_config(engine), "0004")
    closed_at = "2026-07-01 03:00:00"
    with engine.begin() as connection:
        for statement in (
            "INSERT INTO bidang (id, nama, urutan) VALUES (1, 'Sekretariat', 0), (2, 'Capil', 1)",
            "INSERT INTO users (id, telegram_id, nama, nip, jabatan, created_at)"
            " VALUES (5, 1001, 'Andi', '', '', '2026-01-01 00:00:00')",
            "INSERT INTO rounds (id, tahun, triwulan, state, version, opened_at, closed_at)"
            f" VALUES (1, 2026, 1, 'selesai', 40, '2026-04-01 00:30:00', '{closed_at}'),"
            " (2, 2026, 2, 'silakip', 30, '2026-07-01 00:30:00', NULL)",
            "INSERT INTO submissions (id, round_id, bidang_id, state, version) VALUES"
            " (1, 1, 1, 'terverifikasi', 3), (2, 1, 2, 'terverifikasi', 3),"
            " (3, 2, 1, 'terverifikasi', 3), (4, 2, 2, 'terverifikasi', 3)",
            "INSERT INTO approvals (id, round_id, step, actor_id, action, at) VALUES"
            " (1, 1, 10, 5, 'final', '2026-07-01 02:00:00'),"
            f" (2, 1, 11, 5, 'silakip', '{closed_at}'),"
            " (3, 2, 10, 5, 'final', '2026-07-01 02:00:00')",
        ):
            connection.execute(text(statement))
    upgrade(engine)

    with make_sessions(engine)() as session:
        ticks = session.scalars(select(SilakipEntry).order_by(SilakipEntry.id)).all()
        assert [(e.round_id, e.bidang_id, e.actor_id) for e in ticks] == [(1, 1, 5), (1, 2, 5)]
        closing = session.get(Approval, 2)
        assert closing is not None and {e.at for e in ticks} == {closing.at}
    engine.dispose()

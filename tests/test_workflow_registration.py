"""Binding Telegram accounts to roles by one-time, expiring invites (DESIGN §3)."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timedelta

import pytest

from bot.clock import FixedClock
from bot.errors import InvalidInput, NotAllowed, NotFound, NotRegistered
from bot.sop import Acting, Role, StepNo
from bot.states import RoundState
from bot.workflow import approvals, registration
from bot.workflow.context import Ctx
from storage import queries
from storage.models import Invite, RoleGrant
from tests.conftest import (
    CAPIL,
    DAFDUK,
    KABID_DAFDUK,
    KASUBAG,
    OPERATOR,
    SEKRETARIAT,
    SEKRETARIS,
    WIB,
    Office,
    audit_trail,
    database_rows,
    deadlines_of,
    outbox_messages,
    refused,
    user_id,
)

NEWCOMER = 3001
PLT = 3002


def invite(ctx: Ctx, role: Role, bidang: str | None = None, **kwargs) -> registration.NewInvite:
    return registration.create_invite(ctx, actor=OPERATOR, role=role, bidang=bidang, **kwargs)


def redeem(ctx: Ctx, code: str, telegram_id: int = NEWCOMER, nama: str = "Wulan"):
    return registration.redeem_invite(ctx, telegram_id=telegram_id, nama=nama, code=code)


def grants_of(ctx: Ctx, telegram_id: int) -> list[RoleGrant]:
    with ctx.read() as session:
        user = queries.user_by_telegram(session, telegram_id)
        return list(user.grants) if user is not None else []


def test_operator_invites_and_the_link_binds_the_account_to_its_role(
    office: Office, clock: FixedClock
) -> None:
    new = invite(office.ctx, Role.PERENCANA)

    assert new.link == f"https://t.me/kinerja_bot?start={new.code}"
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,64}", new.code)
    assert new.expires_at == clock.now() + timedelta(hours=72)
    clock.advance(hours=1)
    registered = redeem(office.ctx, new.code)

    assert registered.role == Role.PERENCANA
    assert registered.bidang is None
    assert registered.user.nama == "Wulan"
    (grant,) = grants_of(office.ctx, NEWCOMER)
    assert (grant.role, grant.bidang_id, grant.valid_to) == ("perencana", None, None)
    assert grant.valid_from == clock.now()
    with office.ctx.read() as session:
        (row,) = [i for i in session.query(Invite) if i.used_by_id == registered.user.id]
    assert row.used_at == clock.now()
    created, used = audit_trail(office.ctx)[-2:]
    assert (created.action, created.actor_id) == ("undangan.buat", user_id(office.ctx, OPERATOR))
    assert (used.action, used.actor_id) == ("undangan.pakai", registered.user.id)


def test_kabid_invite_binds_to_its_bidang(office: Office) -> None:
    new = invite(office.ctx, Role.KABID, "  bidang pelayanan PENCATATAN   sipil ")

    assert new.bidang == CAPIL
    registered = redeem(office.ctx, new.code)

    assert (registered.role, registered.bidang) == (Role.KABID, CAPIL)
    (grant,) = grants_of(office.ctx, NEWCOMER)
    assert grant.bidang_id == office.bidang_id(CAPIL)


def test_kabid_invite_needs_a_bidang(office: Office) -> None:
    with refused(office.ctx, InvalidInput, "memerlukan nama bidang"):
        invite(office.ctx, Role.KABID)


def test_kabid_invite_for_an_unknown_bidang_is_refused_listing_the_known_ones(
    office: Office,
) -> None:
    with refused(office.ctx, NotFound, "Bidang «Bidang Khayalan» tidak dikenal") as refusal:
        invite(office.ctx, Role.KABID, "Bidang Khayalan")
    for known in (SEKRETARIAT, DAFDUK, CAPIL):
        assert known in refusal.value.message


def test_kabid_invite_for_a_bidang_name_longer_than_any_is_refused_naming_the_limit(
    office: Office,
) -> None:
    with refused(
        office.ctx, InvalidInput, r"^Nama bidang terlalu panjang \(maksimal 200 karakter\)"
    ):
        invite(office.ctx, Role.KABID, "x" * 201)


def test_bidang_is_refused_for_a_role_that_is_not_per_bidang(office: Office) -> None:
    with refused(office.ctx, InvalidInput, "hanya dipakai untuk peran kabid"):
        invite(office.ctx, Role.PERENCANA, DAFDUK)


def test_only_an_operator_invites_from_the_chat(office: Office) -> None:
    with refused(office.ctx, NotAllowed, "hanya untuk Operator"):
        registration.create_invite(office.ctx, actor=KASUBAG, role=Role.PERENCANA)
    with refused(office.ctx, NotAllowed, "hanya untuk Operator"):
        registration.create_invite(office.ctx, actor=KABID_DAFDUK, role=Role.KABID, bidang=DAFDUK)
    with refused(office.ctx, NotRegistered):
        registration.create_invite(office.ctx, actor=9999, role=Role.OPERATOR)


def test_command_line_invites_without_an_actor(office: Office) -> None:
    new = registration.create_invite(office.ctx, actor=None, role=Role.OPERATOR)

    assert redeem(office.ctx, new.code).role == Role.OPERATOR
    assert audit_trail(office.ctx)[-2].actor_id is None


def test_used_invite_is_refused_and_changes_nothing(office: Office) -> None:
    new = invite(office.ctx, Role.KABID, DAFDUK)
    redeem(office.ctx, new.code)

    with refused(office.ctx, InvalidInput, "tidak berlaku"):
        redeem(office.ctx, new.code, telegram_id=3003, nama="Penyusup")
    with refused(office.ctx, InvalidInput, "tidak berlaku"):
        redeem(office.ctx, new.code)
    assert grants_of(office.ctx, 3003) == []
    assert len(grants_of(office.ctx, NEWCOMER)) == 1


def test_expired_invite_is_refused(office: Office, clock: FixedClock) -> None:
    late = invite(office.ctx, Role.PERENCANA)
    in_time = invite(office.ctx, Role.PERENCANA)

    clock.advance(hours=71, minutes=59)
    redeem(office.ctx, in_time.code, telegram_id=3004)
    clock.advance(minutes=1)

    with refused(office.ctx, InvalidInput, "tidak berlaku"):
        redeem(office.ctx, late.code)
    clock.advance(days=30)
    with refused(office.ctx, InvalidInput, "tidak berlaku"):
        redeem(office.ctx, late.code)
    assert grants_of(office.ctx, NEWCOMER) == []


@pytest.mark.parametrize(
    "code", ["", "   ", "bukan-kode-sebenarnya", "x" * 65, "DROP TABLE invites; --"]
)
def test_unknown_code_is_refused(office: Office, code: str) -> None:
    invite(office.ctx, Role.PERENCANA)

    with refused(office.ctx, InvalidInput, "tidak berlaku"):
        redeem(office.ctx, code)


def test_code_is_stored_only_as_its_sha256(office: Office) -> None:
    new = invite(office.ctx, Role.KABID, DAFDUK)

    with office.ctx.read() as session:
        stored = [i.code_hash for i in session.query(Invite)]
    assert hashlib.sha256(new.code.encode()).hexdigest() in stored
    everything = repr(database_rows(office.ctx))
    assert new.code not in everything

    redeem(office.ctx, new.code)

    assert new.code not in repr(database_rows(office.ctx))


def cli_invite(ctx: Ctx, role: Role, bidang: str | None = None, **kwargs) -> registration.NewInvite:
    return registration.create_invite(ctx, actor=None, role=role, bidang=bidang, **kwargs)


def test_an_account_may_hold_several_roles(office: Office) -> None:
    redeem(office.ctx, cli_invite(office.ctx, Role.KABID, SEKRETARIAT).code, telegram_id=OPERATOR)

    with office.ctx.read() as session:
        users = [u for u in queries.all_users(session) if u.telegram_id == OPERATOR]
    assert len(users) == 1
    assert sorted(g.role for g in grants_of(office.ctx, OPERATOR)) == ["kabid", "operator"]


def test_role_names_are_read_in_any_case_and_unknown_ones_refused() -> None:
    assert registration.parse_role("  Kabid ") == Role.KABID
    assert registration.parse_role("KEPALA") == Role.KEPALA
    with pytest.raises(InvalidInput, match="Peran «bupati» tidak dikenal"):
        registration.parse_role("bupati")


# --- Acting officials (Plt./Plh.) ---


def plt_sekretaris(office: Office, valid_to: datetime) -> None:
    new = cli_invite(
        office.ctx,
        Role.SEKRETARIS,
        valid_to=valid_to,
        acting=Acting.PLT,
        surat="800/123/2026",
        nama="Hendra, S.E.",
    )
    redeem(office.ctx, new.code, telegram_id=PLT, nama="Plt. Hendra")


def test_acting_official_approves_while_the_grant_is_in_force(office: Office) -> None:
    plt_sekretaris(office, valid_to=datetime(2026, 7, 31, 16, 0, tzinfo=WIB))
    round_ = office.walk(at_step=8)

    assert "paraf Sekretaris (langkah 8)" in outbox_messages(office.ctx, PLT)[-1].text
    approvals.approve(office.ctx, actor=PLT, round_id=round_.id, expected_version=round_.version)

    assert office.round(round_.id).state == RoundState.TANDATANGAN
    (step_8,) = deadlines_of(office.ctx, round_.id, StepNo.PARAF_SEKRETARIS)
    assert step_8.done_by_id == user_id(office.ctx, PLT)


def test_acting_officials_grant_stops_working_after_its_end(
    office: Office, clock: FixedClock
) -> None:
    ends = datetime(2026, 7, 31, 16, 0, tzinfo=WIB)
    plt_sekretaris(office, valid_to=ends)
    round_ = office.walk(at_step=7)
    clock.set(ends)
    approvals.approve(
        office.ctx, actor=KASUBAG, round_id=round_.id, expected_version=round_.version
    )
    at_step_8 = office.round(round_.id)

    assert outbox_messages(office.ctx, PLT) == []
    assert "paraf Sekretaris" in outbox_messages(office.ctx, SEKRETARIS)[-1].text
    with refused(office.ctx, NotAllowed, "tidak lagi memegang peran Plt. Sekretaris"):
        approvals.approve(
            office.ctx, actor=PLT, round_id=round_.id, expected_version=at_step_8.version
        )
    approvals.approve(
        office.ctx, actor=SEKRETARIS, round_id=round_.id, expected_version=at_step_8.version
    )
    assert office.round(round_.id).state == RoundState.TANDATANGAN


# --- Who is who ---


def test_list_users_shows_every_person_with_the_roles_in_force(
    office: Office, clock: FixedClock
) -> None:
    ends = datetime(2026, 7, 31, 16, 0, tzinfo=WIB)
    plt_sekretaris(office, valid_to=ends)
    redeem(office.ctx, cli_invite(office.ctx, Role.KABID, SEKRETARIAT).code, telegram_id=OPERATOR)

    members = {m.nama: m for m in registration.list_users(office.ctx)}

    assert list(members) == sorted(members)
    assert members["Andi"].telegram_id == OPERATOR
    assert members["Andi"].roles == ["Operator Subbag Perencanaan", "Kepala Bidang — Sekretariat"]
    assert members["Sari"].roles == [f"Kepala Bidang — {DAFDUK}"]
    assert members["Dr. Ahmad"].roles == ["Kepala Dinas"]
    assert members["Plt. Hendra"].roles == ["Sekretaris (s.d. 31 Juli 2026)"]

    clock.set(ends)
    members = {m.nama: m for m in registration.list_users(office.ctx)}
    assert members["Plt. Hendra"].roles == []

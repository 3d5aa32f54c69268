"""Who may grant what, acting appointments, and ending grants (DESIGN §3, issue 10).

The authorization of granting is checked cell by cell: role × who invites × acting, and
role held × role invited × acting, each against the rule as DESIGN §3 states it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import count, product

import pytest
from sqlalchemy import select

from bot.clock import FixedClock
from bot.errors import InvalidInput, NotAllowed, NotFound, WorkflowError
from bot.sop import Acting, Role
from bot.workflow import common, grants, registration
from bot.workflow.context import Ctx
from storage import queries
from storage.models import Invite, RoleGrant, User
from tests.conftest import (
    CAPIL,
    DAFDUK,
    KABID_DAFDUK,
    KEPALA,
    OPERATOR,
    SEKRETARIS,
    WIB,
    Office,
    audit_trail,
    outbox_messages,
    refused,
    user_id,
)
from tests.races import interleave

APPROVER_ROLES = (Role.OPERATOR, Role.KASUBAG, Role.SEKRETARIS, Role.KEPALA)
"""The roles of which one person holds at most one, unless the second is acting."""
IN_CHAT = (Role.KABID, Role.PERENCANA)
"""What an operator may invite in chat."""
UNTIL = datetime(2026, 7, 31, 23, 59, tzinfo=WIB)
LETTER = "800/123/DUKCAPIL/2026"
ACTING_TERMS = {"valid_to": UNTIL, "surat": LETTER}

newcomers = count(5000)


def bidang_for(role: Role) -> str | None:
    return DAFDUK if role == Role.KABID else None


def cli_invite(ctx: Ctx, role: Role, **terms: object) -> registration.NewInvite:
    return registration.create_invite(ctx, actor=None, role=role, bidang=bidang_for(role), **terms)


def acting_terms(acting: Acting | None) -> dict[str, object]:
    return {"acting": acting, **ACTING_TERMS} if acting else {}


def redeem(ctx: Ctx, code: str, telegram_id: int, nama: str = "Wulan") -> registration.Registered:
    return registration.redeem_invite(ctx, telegram_id=telegram_id, nama=nama, code=code)


def grants_of(ctx: Ctx, telegram_id: int) -> list[RoleGrant]:
    with ctx.read() as session:
        user = queries.user_by_telegram(session, telegram_id)
        return sorted(user.grants, key=lambda g: g.id) if user is not None else []


def roles_now(ctx: Ctx, telegram_id: int) -> set[Role]:
    with ctx.read() as session:
        user = queries.user_by_telegram(session, telegram_id)
        assert user is not None
        return common.roles_of(session, user, ctx.now())


def invite_row(ctx: Ctx, invite_id: int | None = None) -> Invite:
    with ctx.read() as session:
        query = select(Invite).order_by(Invite.id.desc())
        if invite_id is not None:
            query = query.where(Invite.id == invite_id)
        return session.scalars(query).first()  # type: ignore[return-value]


# --- Who may invite whom: role × inviter × acting ---


@pytest.mark.parametrize("inviter", [None, OPERATOR], ids=["baris-perintah", "operator-di-chat"])
def test_who_may_invite_which_role(office: Office, inviter: int | None) -> None:
    """DESIGN §3: the command line grants every role, acting or not; an operator in chat
    invites only Kabid and perencana, and never as Plt./Plh."""
    outcome: dict[tuple[Role, Acting | None], str] = {}
    expected: dict[tuple[Role, Acting | None], str] = {}
    for role, acting in product(Role, (None, Acting.PLT, Acting.PLH)):
        allowed = inviter is None or (role in IN_CHAT and acting is None)
        expected[role, acting] = "diberikan" if allowed else "ditolak"
        try:
            new = registration.create_invite(
                office.ctx,
                actor=inviter,
                role=role,
                bidang=bidang_for(role),
                **acting_terms(acting),
            )
        except NotAllowed:
            outcome[role, acting] = "ditolak"
            continue
        newcomer = next(newcomers)
        redeem(office.ctx, new.code, newcomer)
        (grant,) = grants_of(office.ctx, newcomer)
        assert (grant.role, grant.acting) == (role, acting)
        outcome[role, acting] = "diberikan"
    assert outcome == expected


def test_a_chat_invite_of_an_approver_names_the_command_line(office: Office) -> None:
    with refused(office.ctx, NotAllowed, "hanya dapat diberikan oleh administrator") as refusal:
        registration.create_invite(office.ctx, actor=OPERATOR, role=Role.KEPALA)
    assert "kinerja-bot undang --peran kepala" in refusal.value.message


def test_only_an_operator_invites_in_chat(office: Office) -> None:
    with refused(office.ctx, NotAllowed, "hanya untuk Operator"):
        registration.create_invite(office.ctx, actor=SEKRETARIS, role=Role.PERENCANA)


# --- One of operator, kasubag, sekretaris, kepala, unless acting: held × invited × acting ---


@pytest.mark.parametrize(
    ("held", "held_acting"),
    [(role, acting) for role in APPROVER_ROLES for acting in (None, Acting.PLH)],
    ids=lambda value: str(value),
)
def test_one_person_holds_one_approver_or_operator_role_unless_acting(
    office: Office, held: Role, held_acting: Acting | None
) -> None:
    outcome: dict[tuple[Role, Acting | None], str] = {}
    expected: dict[tuple[Role, Acting | None], str] = {}
    for role, acting in product(Role, (None, Acting.PLT)):
        if role == held:
            expected[role, acting] = "sudah memegang"
        elif role in APPROVER_ROLES and acting is None and held_acting is None:
            expected[role, acting] = "rangkap"
        else:
            expected[role, acting] = "diberikan"
        person = next(newcomers)
        redeem(office.ctx, cli_invite(office.ctx, held, **acting_terms(held_acting)).code, person)
        new = cli_invite(office.ctx, role, **acting_terms(acting))
        try:
            redeem(office.ctx, new.code, person)
            outcome[role, acting] = "diberikan"
        except NotAllowed as refusal:
            outcome[role, acting] = (
                "rangkap" if "kecuali sebagai Plt." in refusal.message else "sudah memegang"
            )
            assert invite_row(office.ctx).used_at is None, "a refused invite stays unused"
    assert outcome == expected


def test_a_second_definitive_approver_role_is_refused_and_the_invite_stays_open(
    office: Office,
) -> None:
    new = cli_invite(office.ctx, Role.KEPALA)

    with refused(office.ctx, NotAllowed) as refusal:
        redeem(office.ctx, new.code, SEKRETARIS, "Citra")

    assert "sudah memegang peran Sekretaris" in refusal.value.message
    assert "Plt./Plh." in refusal.value.message
    redeem(office.ctx, new.code, next(newcomers))
    assert invite_row(office.ctx).used_at is not None


def test_the_sekretaris_may_also_be_plh_kepala(office: Office) -> None:
    new = cli_invite(office.ctx, Role.KEPALA, acting=Acting.PLH, nama="Citra, S.E.", **ACTING_TERMS)

    redeem(office.ctx, new.code, SEKRETARIS, "Citra")

    assert roles_now(office.ctx, SEKRETARIS) == {Role.SEKRETARIS, Role.KEPALA}


def test_a_kabid_holds_each_bidang_once(office: Office) -> None:
    again = registration.create_invite(office.ctx, actor=None, role=Role.KABID, bidang=DAFDUK)
    with refused(office.ctx, NotAllowed, f"sudah memegang peran Kepala {DAFDUK}"):
        redeem(office.ctx, again.code, KABID_DAFDUK, "Sari")

    other = registration.create_invite(office.ctx, actor=None, role=Role.KABID, bidang=CAPIL)
    redeem(office.ctx, other.code, KABID_DAFDUK, "Sari")
    assert sorted(g.bidang_id for g in grants_of(office.ctx, KABID_DAFDUK)) == sorted(
        [office.bidang_id(DAFDUK), office.bidang_id(CAPIL)]
    )


def test_an_ended_grant_may_be_granted_again(office: Office) -> None:
    grants.revoke(office.ctx, user_id=user_id(office.ctx, SEKRETARIS), role=Role.SEKRETARIS)
    office.clock.advance(minutes=1)

    redeem(office.ctx, cli_invite(office.ctx, Role.SEKRETARIS).code, SEKRETARIS, "Citra")

    assert [g.role for g in grants_of(office.ctx, SEKRETARIS)] == ["sekretaris", "sekretaris"]
    assert roles_now(office.ctx, SEKRETARIS) == {Role.SEKRETARIS}


# --- Nobody redeems their own invite ---


def test_nobody_redeems_an_invite_they_made(office: Office) -> None:
    own = registration.create_invite(office.ctx, actor=OPERATOR, role=Role.PERENCANA)

    with refused(office.ctx, NotAllowed, "undangan yang Anda buat sendiri"):
        redeem(office.ctx, own.code, OPERATOR, "Andi")

    assert roles_now(office.ctx, OPERATOR) == {Role.OPERATOR}
    redeem(office.ctx, own.code, next(newcomers))


# --- What an invite carries onto the grant ---


def test_the_invites_terms_become_the_grants(office: Office, clock: FixedClock) -> None:
    new = cli_invite(
        office.ctx,
        Role.KEPALA,
        acting=Acting.PLT,
        nama=" Ir.  Hendra   Wijaya, M.T. ",
        pangkat="Pembina (IV/a)",
        nip="19750505 200003 1 004",
        **ACTING_TERMS,
    )
    assert new.terms == grants.Terms(
        UNTIL, Acting.PLT, LETTER, "Ir. Hendra Wijaya, M.T.", "Pembina (IV/a)", "197505052000031004"
    )
    clock.advance(minutes=3)
    person = next(newcomers)

    redeem(office.ctx, new.code, person, "Hendra")

    (grant,) = grants_of(office.ctx, person)
    assert (grant.acting, grant.surat, grant.valid_to) == ("plt", LETTER, UNTIL)
    assert (grant.nama, grant.pangkat, grant.nip) == (
        "Ir. Hendra Wijaya, M.T.",
        "Pembina (IV/a)",
        "197505052000031004",
    )
    assert (grant.valid_from, grant.start_settled_at, grant.end_settled_at) == (
        clock.now(),
        clock.now(),
        None,
    )
    assert grant.granted_by_id is None


def test_a_chat_grant_records_who_granted_it_and_prints_the_telegram_name(office: Office) -> None:
    new = registration.create_invite(office.ctx, actor=OPERATOR, role=Role.KABID, bidang=CAPIL)
    person = next(newcomers)

    redeem(office.ctx, new.code, person)

    (grant,) = grants_of(office.ctx, person)
    assert grant.granted_by_id == user_id(office.ctx, OPERATOR)
    assert (grant.acting, grant.surat, grant.nama, grant.pangkat, grant.nip) == (
        None,
        "",
        "",
        "",
        "",
    )


def test_a_definitive_kepala_invite_takes_the_offices_data_for_what_is_not_given(
    office: Office,
) -> None:
    assert cli_invite(office.ctx, Role.KEPALA).terms == grants.Terms(
        nama="Dr. H. Ahmad Fauzi, S.Sos., M.Si.",
        pangkat="Pembina Utama Muda (IV/c)",
        nip="197001011995031001",
    )
    assert cli_invite(office.ctx, Role.KEPALA, nama="Drs. Baru").terms == grants.Terms(
        nama="Drs. Baru", pangkat="Pembina Utama Muda (IV/c)", nip="197001011995031001"
    )
    acting = cli_invite(office.ctx, Role.KEPALA, acting=Acting.PLH, **ACTING_TERMS).terms
    assert (acting.nama, acting.pangkat, acting.nip) == ("", "", "")


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        ({"acting": Acting.PLT, "surat": LETTER}, "--sampai"),
        ({"acting": Acting.PLH, "valid_to": UNTIL}, "--surat"),
        ({"acting": Acting.PLH, "valid_to": UNTIL, "surat": "   "}, "--surat"),
        ({"valid_to": datetime(2026, 7, 1, 7, 29, tzinfo=WIB)}, "sudah lewat"),
        ({"nip": "1970010119950310"}, "18 angka"),
        ({"nip": "19700101 199503 1 00A"}, "18 angka"),
        ({"nip": "1970010119950310011"}, "18 angka"),
        ({"nip": "١٩٧٠٠١٠١١٩٩٥٠٣١٠٠١٠٠"}, "18 angka"),
        ({"surat": "8" * 101}, "Nomor surat terlalu panjang"),
        ({"nama": "N" * 201}, "Nama terlalu panjang"),
    ],
)
def test_bad_terms_are_refused(office: Office, terms: dict[str, object], message: str) -> None:
    with refused(office.ctx, InvalidInput, message):
        cli_invite(office.ctx, Role.SEKRETARIS, **terms)


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.KABID, Role.PERENCANA])
def test_a_printed_name_is_for_approvers_only(office: Office, role: Role) -> None:
    with refused(office.ctx, InvalidInput, "hanya dipakai untuk peran kasubag, sekretaris"):
        cli_invite(office.ctx, role, nama="Andi Saputra")


def test_approver_invites_without_a_printed_name_still_work(office: Office) -> None:
    person = next(newcomers)
    redeem(office.ctx, cli_invite(office.ctx, Role.KASUBAG).code, person)
    assert grants_of(office.ctx, person)[0].nama == ""
    assert grants.needs_nama(Role.KASUBAG, None) and grants.needs_nama(Role.KEPALA, Acting.PLT)
    assert not grants.needs_nama(Role.KEPALA, None) and not grants.needs_nama(Role.KABID, None)


# --- The operators hear of every grant ---


def test_the_operators_are_told_of_a_grant_but_not_of_their_own(office: Office) -> None:
    second = next(newcomers)
    redeem(office.ctx, cli_invite(office.ctx, Role.OPERATOR).code, second, "Gita")
    told = [m.text for m in outbox_messages(office.ctx, OPERATOR)]
    assert told[-1] == "ℹ️ Gita kini terdaftar sebagai Operator Subbag Perencanaan."
    assert outbox_messages(office.ctx, second) == []

    redeem(
        office.ctx,
        cli_invite(office.ctx, Role.KEPALA, acting=Acting.PLH, **ACTING_TERMS).code,
        SEKRETARIS,
        "Citra",
    )

    expected = "ℹ️ Citra kini terdaftar sebagai Plh. Kepala Dinas sampai 31 Juli 2026."
    assert outbox_messages(office.ctx, OPERATOR)[-1].text == expected
    assert outbox_messages(office.ctx, second)[-1].text == expected
    assert outbox_messages(office.ctx, SEKRETARIS) == []


# --- One code, two accounts at once ---


def test_two_accounts_redeeming_one_code_at_once_get_one_grant(ctx: Ctx) -> None:
    new = registration.create_invite(ctx, actor=None, role=Role.PERENCANA)

    raced = interleave(
        ctx,
        "invites",
        lambda c: redeem(c, new.code, 4001, "Peserta 4001"),
        lambda c: redeem(c, new.code, 4002, "Peserta 4002"),
    )

    outcomes = (raced.first, raced.second)
    registered = [o for o in outcomes if isinstance(o, registration.Registered)]
    refusals = [o for o in outcomes if isinstance(o, WorkflowError)]
    assert (len(registered), len(refusals)) == (1, 1), outcomes
    assert isinstance(refusals[0], InvalidInput) and "tidak berlaku" in refusals[0].message
    with ctx.read() as session:
        assert len(list(session.scalars(select(RoleGrant)))) == 1
        assert len(list(session.scalars(select(User)))) == 1
    assert invite_row(ctx).used_by_id == registered[0].user.id


# --- Open invites: listed and cancelled ---


def test_open_invites_are_listed_without_their_code(office: Office, clock: FixedClock) -> None:
    used = cli_invite(office.ctx, Role.PERENCANA)
    redeem(office.ctx, used.code, next(newcomers))
    expiring = cli_invite(office.ctx, Role.PERENCANA)
    clock.advance(hours=1)
    cancelled = cli_invite(office.ctx, Role.PERENCANA)
    grants.cancel_invite(office.ctx, invite_row(office.ctx).id)
    plh = cli_invite(office.ctx, Role.KEPALA, acting=Acting.PLH, nama="Citra, S.E.", **ACTING_TERMS)
    chat = registration.create_invite(office.ctx, actor=OPERATOR, role=Role.KABID, bidang=CAPIL)
    clock.advance(hours=71, minutes=30)

    listed = grants.open_invites(office.ctx)

    assert [(i.jabatan, i.created_by) for i in listed] == [
        ("Plh. Kepala Dinas", None),
        (f"Kepala {CAPIL}", "Andi"),
    ]
    plh_row = listed[0]
    assert (plh_row.valid_to, plh_row.surat, plh_row.nama) == (UNTIL, LETTER, "Citra, S.E.")
    assert plh_row.expires_at == plh_row.created_at + timedelta(hours=72)
    for invite in (used, expiring, cancelled, plh, chat):
        assert invite.code not in repr(listed)


def test_a_cancelled_invite_binds_nobody(office: Office) -> None:
    new = cli_invite(office.ctx, Role.PERENCANA)
    row = invite_row(office.ctx)

    cancelled = grants.cancel_invite(office.ctx, row.id)

    assert (cancelled.id, cancelled.jabatan) == (row.id, "Perencana")
    assert invite_row(office.ctx, row.id).cancelled_at == office.clock.now()
    assert audit_trail(office.ctx)[-1].action == "undangan.batal"
    with refused(office.ctx, InvalidInput, "dibatalkan"):
        redeem(office.ctx, new.code, next(newcomers))


def test_cancelling_refuses_what_is_not_open(office: Office, clock: FixedClock) -> None:
    used = cli_invite(office.ctx, Role.PERENCANA)
    used_id = invite_row(office.ctx).id
    redeem(office.ctx, used.code, next(newcomers))
    cli_invite(office.ctx, Role.PERENCANA)
    cancelled_id = invite_row(office.ctx).id
    grants.cancel_invite(office.ctx, cancelled_id)
    cli_invite(office.ctx, Role.PERENCANA)
    expired_id = invite_row(office.ctx).id
    clock.advance(hours=73)

    for invite_id, error, message in (
        (9999, NotFound, "Tidak ada undangan dengan id 9999"),
        (used_id, InvalidInput, f"Undangan {used_id} sudah dipakai"),
        (cancelled_id, InvalidInput, f"Undangan {cancelled_id} sudah dibatalkan"),
        (expired_id, InvalidInput, f"Undangan {expired_id} sudah kedaluwarsa"),
    ):
        with refused(office.ctx, error, message):
            grants.cancel_invite(office.ctx, invite_id)


# --- kinerja-bot cabut ---


def test_revoking_now_ends_the_grant_and_tells_the_operators(
    office: Office, clock: FixedClock
) -> None:
    citra = user_id(office.ctx, SEKRETARIS)

    revoked = grants.revoke(office.ctx, user_id=citra, role=Role.SEKRETARIS)

    assert (revoked.nama, revoked.jabatan, revoked.ends) == ("Citra", "Sekretaris", clock.now())
    (grant,) = grants_of(office.ctx, SEKRETARIS)
    assert (grant.valid_to, grant.revoked_at, grant.end_settled_at) == (
        clock.now(),
        clock.now(),
        None,
    )
    assert roles_now(office.ctx, SEKRETARIS) == set()
    event_ = audit_trail(office.ctx)[-1]
    assert (event_.action, event_.actor_id) == ("peran.cabut", None)
    assert event_.detail["pengguna"] == citra and event_.detail["peran"] == "sekretaris"
    assert outbox_messages(office.ctx, OPERATOR)[-1].text == (
        "ℹ️ Peran Sekretaris Citra dicabut; berakhir sekarang."
    )
    assert outbox_messages(office.ctx, SEKRETARIS) == []


def test_revoking_from_a_date_ends_the_grant_at_the_start_of_that_day(
    office: Office, clock: FixedClock
) -> None:
    kepala = user_id(office.ctx, KEPALA)

    revoked = grants.revoke(office.ctx, user_id=kepala, role=Role.KEPALA, mulai=date(2026, 7, 10))

    starts = datetime(2026, 7, 10, 0, 0, tzinfo=WIB)
    assert revoked.ends == starts
    assert "berakhir mulai Jumat, 10 Juli 2026 pukul 00.00 WIB" in (
        outbox_messages(office.ctx, OPERATOR)[-1].text
    )
    clock.set(starts - timedelta(seconds=1))
    assert roles_now(office.ctx, KEPALA) == {Role.KEPALA}
    clock.set(starts)
    assert roles_now(office.ctx, KEPALA) == set()


def test_revoking_a_kabid_takes_the_bidang(office: Office) -> None:
    sari = user_id(office.ctx, KABID_DAFDUK)
    redeem(
        office.ctx,
        registration.create_invite(office.ctx, actor=None, role=Role.KABID, bidang=CAPIL).code,
        KABID_DAFDUK,
    )

    revoked = grants.revoke(
        office.ctx, user_id=sari, role=Role.KABID, bidang="bidang pelayanan pencatatan sipil"
    )

    assert revoked.jabatan == f"Kepala {CAPIL}"
    with office.ctx.read() as session:
        user = session.get(User, sari)
        assert common.kabid_bidang_ids(session, user, office.ctx.now()) == {
            office.bidang_id(DAFDUK)
        }


def test_revoking_an_acting_grant_before_its_end(office: Office) -> None:
    redeem(
        office.ctx,
        cli_invite(office.ctx, Role.KEPALA, acting=Acting.PLH, **ACTING_TERMS).code,
        SEKRETARIS,
    )

    revoked = grants.revoke(office.ctx, user_id=user_id(office.ctx, SEKRETARIS), role=Role.KEPALA)

    assert revoked.jabatan == "Plh. Kepala Dinas"
    assert roles_now(office.ctx, SEKRETARIS) == {Role.SEKRETARIS}


def _revoke_refusals(office: Office) -> list[tuple[dict[str, object], type, str]]:
    citra = user_id(office.ctx, SEKRETARIS)
    sari = user_id(office.ctx, KABID_DAFDUK)
    return [
        ({"user_id": 9999, "role": Role.SEKRETARIS}, NotFound, "Tidak ada pengguna dengan id 9999"),
        (
            {"user_id": citra, "role": Role.KEPALA},
            NotFound,
            "Citra tidak sedang memegang peran Kepala Dinas",
        ),
        ({"user_id": sari, "role": Role.KABID}, InvalidInput, "memerlukan nama bidang"),
        ({"user_id": sari, "role": Role.KABID, "bidang": CAPIL}, NotFound, "tidak sedang memegang"),
        (
            {"user_id": sari, "role": Role.KABID, "bidang": "Bidang Khayalan"},
            NotFound,
            "tidak dikenal",
        ),
        (
            {"user_id": citra, "role": Role.SEKRETARIS, "bidang": DAFDUK},
            InvalidInput,
            "hanya dipakai untuk peran kabid",
        ),
        (
            {"user_id": citra, "role": Role.SEKRETARIS, "mulai": date(2026, 7, 1)},
            InvalidInput,
            "harus sesudah hari ini",
        ),
        (
            {"user_id": citra, "role": Role.SEKRETARIS, "mulai": date(2026, 6, 30)},
            InvalidInput,
            "harus sesudah hari ini",
        ),
    ]


def test_revoking_refuses_clearly_and_changes_nothing(office: Office) -> None:
    for args, error, message in _revoke_refusals(office):
        with refused(office.ctx, error, message):
            grants.revoke(office.ctx, **args)  # type: ignore[arg-type]


def test_revoking_from_a_date_after_an_acting_grant_ends_is_refused(office: Office) -> None:
    redeem(
        office.ctx,
        cli_invite(office.ctx, Role.KEPALA, acting=Acting.PLH, **ACTING_TERMS).code,
        SEKRETARIS,
    )
    with refused(office.ctx, InvalidInput, "sudah berakhir 31 Juli 2026"):
        grants.revoke(
            office.ctx,
            user_id=user_id(office.ctx, SEKRETARIS),
            role=Role.KEPALA,
            mulai=date(2026, 8, 3),
        )


# --- kinerja-bot pengguna ---


def test_the_roster_shows_every_grant_active_and_ended(office: Office, clock: FixedClock) -> None:
    redeem(
        office.ctx,
        cli_invite(
            office.ctx, Role.KEPALA, acting=Acting.PLH, nama="Citra, S.E.", **ACTING_TERMS
        ).code,
        SEKRETARIS,
    )
    clock.advance(days=1)
    grants.revoke(office.ctx, user_id=user_id(office.ctx, SEKRETARIS), role=Role.SEKRETARIS)

    members = {m.nama: m for m in grants.roster(office.ctx)}

    citra = members["Citra"]
    assert (citra.id, citra.telegram_id) == (user_id(office.ctx, SEKRETARIS), SEKRETARIS)
    sekretaris, plh = citra.grants
    assert (sekretaris.jabatan, sekretaris.in_force, sekretaris.revoked_at) == (
        "Sekretaris",
        False,
        clock.now(),
    )
    assert (plh.jabatan, plh.in_force, plh.valid_to, plh.surat, plh.nama) == (
        "Plh. Kepala Dinas",
        True,
        UNTIL,
        LETTER,
        "Citra, S.E.",
    )
    assert [g.jabatan for g in members["Sari"].grants] == [f"Kepala {DAFDUK}"]
    clock.set(UNTIL + timedelta(minutes=1))
    (_, ended) = {m.nama: m for m in grants.roster(office.ctx)}["Citra"].grants
    assert (ended.in_force, ended.revoked_at) == (False, None)

"""Binding Telegram accounts to roles by one-time, expiring invites (DESIGN §3)."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot import texts
from bot.errors import InvalidInput
from bot.sop import Acting, Role
from bot.workflow import cards, common, grants
from bot.workflow.context import Ctx, unit_of_work
from storage import queries
from storage.models import Bidang, Invite, RoleGrant, User, column_length

CODE_BYTES = 18
"""24 URL-safe characters: well inside a deep link's 64, and unguessable."""


def hash_code(code: str) -> str:
    return hashlib.sha256(code.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class NewInvite:
    code: str
    link: str
    role: Role
    bidang: str | None
    expires_at: datetime
    terms: grants.Terms


def parse_role(text: str) -> Role:
    try:
        return Role(text.strip().lower())
    except ValueError:
        raise InvalidInput(texts.peran_tidak_dikenal(text)) from None


@dataclass(frozen=True)
class InviteRequest:
    role: Role
    bidang: str | None
    valid_to: datetime | None


def read_undang(words: Sequence[str], now: datetime, tz: str) -> InviteRequest:
    """/undang's words: a role, a bidang's name for kabid, and at the end an optional
    "sampai TTTT-BB-HH", the role's last day (a date past or unreadable is refused)."""
    role = parse_role(words[0])
    rest = list(words[1:])
    valid_to = None
    if rest and rest[-1].casefold() == "sampai":
        raise InvalidInput(texts.UNDANG_TANPA_TANGGAL)
    if len(rest) >= 2 and rest[-2].casefold() == "sampai":
        typed = rest[-1]
        day = grants.read_date(typed)
        if day is None:
            raise InvalidInput(texts.undang_tanggal_salah(typed))
        if day < now.astimezone(ZoneInfo(tz)).date():
            raise InvalidInput(texts.undang_tanggal_lewat(typed))
        valid_to = grants.end_of_day(day, tz)
        rest = rest[:-2]
    return InviteRequest(role, " ".join(rest) or None, valid_to)


@unit_of_work
def create_invite(
    session: Session,
    ctx: Ctx,
    *,
    actor: int | None,
    role: Role,
    bidang: str | None = None,
    valid_to: datetime | None = None,
    acting: Acting | None = None,
    surat: str = "",
    nama: str = "",
    pangkat: str = "",
    nip: str = "",
) -> NewInvite:
    """A one-time deep link; `actor` None is the command line (the office's administrator).

    `valid_to` bounds the role itself; an acting official (Plt./Plh.) needs it and the letter
    (`surat`) that appoints them. `nama`, `pangkat` and `nip` are what an approver's printed
    box shows (a definitive Kepala's default to the office's data). Who may invite what is
    grants.check_inviter's rule. A bidang name longer than any bidang can have is refused
    (InvalidInput) before it is looked up or echoed.
    """
    if bidang:
        limit = column_length(Bidang, "nama")
        bidang = common.clean_text(bidang, limit, texts.nama_bidang_panjang(limit))
    now = ctx.now()
    tz = ctx.settings.zona_waktu
    user = common.actor(session, actor) if actor is not None else None
    if user is not None:
        common.require_role(session, user, Role.OPERATOR, now)
    grants.check_inviter(role, from_cli=user is None, acting=acting)
    bidang_id, bidang = grants.resolve_bidang(session, role, bidang)
    terms = grants.checked_terms(
        role,
        grants.Terms(valid_to, acting, surat, nama, pangkat, nip),
        now=now,
        tz=tz,
        office=queries.instansi(session),
    )
    code = secrets.token_urlsafe(CODE_BYTES)
    expires_at = now + timedelta(hours=ctx.settings.masa_undangan_jam)
    session.add(
        Invite(
            code_hash=hash_code(code),
            role=role,
            bidang_id=bidang_id,
            created_by_id=user.id if user else None,
            created_at=now,
            expires_at=expires_at,
            valid_to=terms.valid_to,
            **{field: getattr(terms, field) for field in grants.APPOINTMENT_FIELDS},
        )
    )
    acting_detail = {"acting": acting, "sampai": terms.valid_to, "surat": terms.surat}
    common.audit(
        session,
        now,
        user,
        "undangan.buat",
        peran=role,
        bidang=bidang,
        **{key: value for key, value in acting_detail.items() if value},
    )
    link = f"https://t.me/{ctx.settings.bot_username}?start={code}"
    return NewInvite(code, link, role, bidang, expires_at, terms)


@dataclass(frozen=True)
class Registered:
    user: User
    role: Role
    bidang: str | None


@unit_of_work
def redeem_invite(
    session: Session, ctx: Ctx, *, telegram_id: int, nama: str, code: str
) -> Registered:
    """Binds the account to the invite's role, with the invite's terms (acting, letter,
    printed name, end). A used, cancelled, expired or unknown code, or one the office's rules
    forbid this person (grants.check_redeemer), changes nothing; the operators are told of
    the grant."""
    now = ctx.now()
    tz = ctx.settings.zona_waktu
    invite = (
        session.query(Invite).filter(Invite.code_hash == hash_code(code.strip())).one_or_none()
        if code and len(code) <= 64
        else None
    )
    if (
        invite is None
        or invite.used_at is not None
        or invite.cancelled_at is not None
        or invite.expires_at <= now
    ):
        raise InvalidInput(texts.KODE_TIDAK_BERLAKU)
    user = queries.user_by_telegram(session, telegram_id)
    names = grants.bidang_names(session)
    held = queries.grants_in_force(session, user, now) if user is not None else []
    grants.check_redeemer(invite, user, held, names)
    # The first write of the unit: of two accounts racing for one code, one gets it.
    if not queries.claim_invite(session, invite.id, now):
        raise InvalidInput(texts.KODE_TIDAK_BERLAKU)
    if user is None:
        user = User(telegram_id=telegram_id, nama=nama.strip() or "Pengguna", created_at=now)
        session.add(user)
        session.flush()
    invite.used_by_id = user.id
    session.add(
        RoleGrant(
            user_id=user.id,
            role=invite.role,
            bidang_id=invite.bidang_id,
            valid_from=now,
            valid_to=invite.valid_to,
            granted_by_id=invite.created_by_id,
            start_settled_at=now,
            **{field: getattr(invite, field) for field in grants.APPOINTMENT_FIELDS},
        )
    )
    session.flush()
    session.refresh(user)
    common.audit(session, now, user, "undangan.pakai", peran=invite.role, bidang=invite.bidang_id)
    grants.tell_operators(
        session,
        now,
        texts.peran_diberikan(user.nama, grants.jabatan_of(invite, names), invite.valid_to, tz),
        besides=user,
    )
    # Someone appointed while their step is open (a Kabid joining during filling, a Plt.
    # Kepala invited at step 9) gets its card at once.
    for card in cards.actionable(session, ctx, user, now):
        cards.deliver(session, now, user, card)
    bidang = names.get(invite.bidang_id) if invite.bidang_id is not None else None
    return Registered(user, Role(invite.role), bidang)


@dataclass(frozen=True)
class Member:
    nama: str
    telegram_id: int
    roles: list[str]


def list_users(ctx: Ctx) -> list[Member]:
    now = ctx.now()
    with ctx.read() as session:
        bidang = {b.id: b.nama for b in queries.all_bidang(session)}
        result = []
        for user in queries.all_users(session):
            labels = []
            for grant in queries.grants_in_force(session, user, now):
                label = Role(grant.role).label
                if grant.bidang_id is not None:
                    label += f" — {bidang[grant.bidang_id]}"
                if grant.valid_to is not None:
                    label += (
                        f" (s.d. {texts.tanggal_singkat(grant.valid_to, ctx.settings.zona_waktu)})"
                    )
                labels.append(label)
            result.append(Member(user.nama, user.telegram_id, labels))
        return result

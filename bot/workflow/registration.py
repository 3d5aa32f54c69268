"""Binding Telegram accounts to roles by one-time, expiring invites (DESIGN §3)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot import texts
from bot.errors import InvalidInput, NotFound
from bot.sop import Role
from bot.states import RoundState
from bot.workflow import common
from bot.workflow.context import Ctx
from bot.workflow.rounds import send_format
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


def parse_role(text: str) -> Role:
    try:
        return Role(text.strip().lower())
    except ValueError:
        raise InvalidInput(texts.peran_tidak_dikenal(text)) from None


def create_invite(
    ctx: Ctx,
    *,
    actor: int | None,
    role: Role,
    bidang: str | None = None,
    valid_to: datetime | None = None,
) -> NewInvite:
    """A one-time deep link; `actor` None is the command line (the office's administrator).

    `valid_to` bounds the role itself, for an acting official (Plt./Plh.). A bidang name longer
    than any bidang can have is refused (InvalidInput) before it is looked up or echoed.
    """
    if bidang:
        limit = column_length(Bidang, "nama")
        bidang = common.clean_text(bidang, limit, texts.nama_bidang_panjang(limit))
    now = ctx.now()
    with ctx.unit() as session:
        user = common.actor(session, actor) if actor is not None else None
        if user is not None:
            common.require_role(session, user, Role.OPERATOR, now)
        bidang_id = None
        if role == Role.KABID:
            if not bidang:
                raise InvalidInput(texts.BIDANG_WAJIB)
            found = queries.bidang_by_name(session, bidang)
            if found is None:
                raise NotFound(texts.bidang_tidak_dikenal(bidang, queries.all_bidang(session)))
            bidang_id, bidang = found.id, found.nama
        elif bidang:
            raise InvalidInput(texts.BIDANG_TIDAK_UNTUK_PERAN)
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
                valid_to=valid_to,
                **_office_head(session, role),
            )
        )
        common.audit(session, now, user, "undangan.buat", peran=role, bidang=bidang)
        link = f"https://t.me/{ctx.settings.bot_username}?start={code}"
        return NewInvite(code, link, role, bidang, expires_at)


def _office_head(session: Session, role: Role) -> dict[str, str]:
    """A Kepala invite is pre-filled with the head `init --kepala-*` recorded, so the print
    names whoever signs under it the same way the office's data does."""
    office = queries.instansi(session)
    if role != Role.KEPALA or office is None:
        return {}
    return {
        "nama": office.kepala_nama,
        "pangkat": office.kepala_pangkat,
        "nip": office.kepala_nip,
    }


@dataclass(frozen=True)
class Registered:
    user: User
    role: Role
    bidang: str | None


def redeem_invite(ctx: Ctx, *, telegram_id: int, nama: str, code: str) -> Registered:
    """Binds the account to the invite's role; a used, expired or unknown code changes nothing."""
    now = ctx.now()
    tz = ctx.settings.zona_waktu
    with ctx.unit() as session:
        invite = (
            session.query(Invite).filter(Invite.code_hash == hash_code(code.strip())).one_or_none()
            if code and len(code) <= 64
            else None
        )
        if invite is None or invite.used_at is not None or invite.expires_at <= now:
            raise InvalidInput(texts.KODE_TIDAK_BERLAKU)
        user = queries.user_by_telegram(session, telegram_id)
        if user is None:
            user = User(telegram_id=telegram_id, nama=nama.strip() or "Pengguna", created_at=now)
            session.add(user)
            session.flush()
        invite.used_at = now
        invite.used_by_id = user.id
        session.add(
            RoleGrant(
                user_id=user.id,
                role=invite.role,
                bidang_id=invite.bidang_id,
                valid_from=now,
                valid_to=invite.valid_to,
                acting=invite.acting,
                surat=invite.surat,
                nama=invite.nama,
                pangkat=invite.pangkat,
                nip=invite.nip,
                granted_by_id=invite.created_by_id,
                start_settled_at=now,
            )
        )
        session.flush()
        session.refresh(user)
        common.audit(
            session, now, user, "undangan.pakai", peran=invite.role, bidang=invite.bidang_id
        )
        bidang = None
        if invite.bidang_id is not None:
            bidang = next(b.nama for b in queries.all_bidang(session) if b.id == invite.bidang_id)
            _send_open_formats(session, now, tz, invite.bidang_id, user)
        return Registered(user, Role(invite.role), bidang)


def _send_open_formats(
    session: Session, now: datetime, tz: str, bidang_id: int, kabid: User
) -> None:
    """A Kabid who joins while their bidang is being filled gets the format at once."""
    for round_ in queries.open_rounds(session):
        if round_.state != RoundState.PENGISIAN:
            continue
        submission = queries.submission_for(session, round_.id, bidang_id)
        if submission is not None and submission.state in ("diisi", "dikembalikan"):
            send_format(session, now, tz, round_, submission, to=kabid)


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

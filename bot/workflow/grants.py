"""Who may grant which role, and the administrator's use cases on grants (DESIGN §3).

The rules are plain functions, applied where a grant is made (registration's invites):
operator, kasubag, sekretaris and kepala, and every acting (Plt./Plh.) appointment, come only
from the command line; in chat an operator invites Kabid and perencana; nobody redeems an
invite they created; one person holds at most one of operator, kasubag, sekretaris and kepala
unless the second is acting; and nobody holds the same role twice. The use cases are what
`kinerja-bot cabut`, `pengguna` and `undang --daftar` / `--batalkan` run.

Ending a grant only records its end here; what that means for open steps (telling the person,
handing their card on) is the scheduler's settlement of ended grants.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot import texts
from bot.errors import InvalidInput, NotAllowed, NotFound
from bot.sop import Acting, Role
from bot.workflow import common
from bot.workflow.context import Ctx
from storage import queries
from storage.models import Instansi, Invite, RoleGrant, User

EXCLUSIVE: frozenset[Role] = frozenset({Role.OPERATOR, Role.KASUBAG, Role.SEKRETARIS, Role.KEPALA})
"""One person holds at most one of these, unless the second is acting (Plt./Plh.)."""

APPROVERS: frozenset[Role] = frozenset({Role.KASUBAG, Role.SEKRETARIS, Role.KEPALA})
"""The roles whose holder's name, pangkat and NIP the printed paraf and signature boxes show."""

CHAT_INVITES: frozenset[Role] = frozenset({Role.KABID, Role.PERENCANA})
"""What an operator may invite in chat; every other role is the administrator's to grant."""

APPOINTMENT_FIELDS = ("acting", "surat", "nama", "pangkat", "nip")
"""What an invite carries beyond the role and copies onto the grant it becomes."""

NIP_DIGITS = 18
_LIMITS = {"surat": ("Nomor surat", 100), "nama": ("Nama", 200), "pangkat": ("Pangkat", 200)}
"""Column widths of storage.models.Appointment, said before the database would refuse."""

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


# --- Dates as the administrator and the operator type them ---


def read_date(text: str) -> date | None:
    """A date written TTTT-BB-HH, or None (only that form: what the texts ask for)."""
    if not _ISO_DATE.fullmatch(text.strip()):
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def end_of_day(day: date, tz: str) -> datetime:
    """The end of `day` in the office's zone: a role "sampai" that day still holds all of it."""
    return datetime.combine(day, time.max, tzinfo=ZoneInfo(tz))


def start_of_day(day: date, tz: str) -> datetime:
    """The start of `day` in the office's zone: a revocation "mulai" that day."""
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(tz))


# --- Rules for granting ---


def check_inviter(role: Role, *, from_cli: bool, acting: Acting | None) -> None:
    """Refuses an invite its maker may not issue: in chat only Kabid and perencana, not acting."""
    if from_cli:
        return
    if role not in CHAT_INVITES:
        raise NotAllowed(texts.hanya_dari_cli(role))
    if acting is not None:
        raise NotAllowed(texts.PLT_HANYA_DARI_CLI)


def needs_nama(role: Role, acting: Acting | None) -> bool:
    """Whether the administrator must name who the print shows: every approver, except a
    definitive Kepala, whose name the office's data (`init --kepala-*`) already gives."""
    return role in APPROVERS and not (role == Role.KEPALA and acting is None)


@dataclass(frozen=True)
class Terms:
    """What an invite grants beyond the role; copied onto the grant at redemption."""

    valid_to: datetime | None = None
    acting: Acting | None = None
    surat: str = ""
    nama: str = ""
    pangkat: str = ""
    nip: str = ""


def clean_nip(text: str) -> str:
    """An NIP as stored: its 18 digits without spaces; "" when none was given."""
    digits = "".join(text.split())
    if digits and not (len(digits) == NIP_DIGITS and digits.isascii() and digits.isdigit()):
        raise InvalidInput(texts.nip_salah(text.strip()))
    return digits


def checked_terms(
    role: Role, terms: Terms, *, now: datetime, tz: str, office: Instansi | None
) -> Terms:
    """The terms cleaned, or InvalidInput: an acting appointment needs an end and a letter,
    an end lies ahead, only approvers carry a printed name, an NIP is 18 digits. A definitive
    Kepala's blanks come from the office's data."""
    if terms.acting is not None and (terms.valid_to is None or not terms.surat.strip()):
        raise InvalidInput(texts.PLT_PERLU_SAMPAI_DAN_SURAT)
    if terms.valid_to is not None and terms.valid_to <= now:
        raise InvalidInput(texts.sampai_sudah_lewat(terms.valid_to, tz))
    printed = (terms.nama, terms.pangkat, terms.nip)
    if role not in APPROVERS and any(value.strip() for value in printed):
        raise InvalidInput(texts.IDENTITAS_HANYA_PENYETUJU)
    for field, (label, limit) in _LIMITS.items():
        if len(getattr(terms, field).strip()) > limit:
            raise InvalidInput(texts.isian_terlalu_panjang(label, limit))
    cleaned = replace(
        terms,
        surat=terms.surat.strip(),
        nama=" ".join(terms.nama.split()),
        pangkat=" ".join(terms.pangkat.split()),
        nip=clean_nip(terms.nip),
    )
    if role == Role.KEPALA and terms.acting is None and office is not None:
        cleaned = replace(
            cleaned,
            nama=cleaned.nama or office.kepala_nama,
            pangkat=cleaned.pangkat or office.kepala_pangkat,
            nip=cleaned.nip or "".join(office.kepala_nip.split()),
        )
    return cleaned


def check_redeemer(
    invite: Invite, user: User | None, held: Sequence[RoleGrant], bidang: Mapping[int, str]
) -> None:
    """Refuses a redemption the office's rules forbid (NotAllowed); the invite stays unused.

    `held` are the grants `user` holds now; `bidang` names bidang by id, for the message.
    """
    if user is None:
        return
    if invite.created_by_id == user.id:
        raise NotAllowed(texts.UNDANGAN_SENDIRI)
    role = Role(invite.role)
    for grant in held:
        if grant.role == role and grant.bidang_id == invite.bidang_id:
            raise NotAllowed(texts.sudah_memegang(jabatan_of(grant, bidang)))
    if role in EXCLUSIVE and invite.acting is None:
        for grant in held:
            if Role(grant.role) in EXCLUSIVE and grant.acting is None:
                raise NotAllowed(texts.rangkap_tidak_boleh(role, Role(grant.role)))


def resolve_bidang(
    session: Session, role: Role, bidang: str | None
) -> tuple[int | None, str | None]:
    """(id, name as stored) of the bidang a Kabid role is for; other roles take none."""
    if role != Role.KABID:
        if bidang:
            raise InvalidInput(texts.BIDANG_TIDAK_UNTUK_PERAN)
        return None, None
    if not bidang:
        raise InvalidInput(texts.BIDANG_WAJIB)
    found = queries.bidang_by_name(session, bidang)
    if found is None:
        raise NotFound(texts.bidang_tidak_dikenal(bidang, queries.all_bidang(session)))
    return found.id, found.nama


def jabatan_of(grant: RoleGrant | Invite, bidang: Mapping[int, str]) -> str:
    """A grant's or an invite's office as people name it: "Plh. Kepala Dinas"."""
    return texts.jabatan(
        Role(grant.role),
        bidang.get(grant.bidang_id) if grant.bidang_id is not None else None,
        Acting(grant.acting) if grant.acting else None,
    )


def bidang_names(session: Session) -> dict[int, str]:
    return {b.id: b.nama for b in queries.all_bidang(session)}


def tell_operators(session: Session, now: datetime, text: str, *, besides: User) -> None:
    """The operators hear of every grant and revocation, except the person it concerns."""
    for operator in queries.holders(session, Role.OPERATOR, now):
        if operator.id != besides.id:
            common.notify(session, now, operator, text)


# --- kinerja-bot cabut ---


@dataclass(frozen=True)
class Revoked:
    nama: str
    jabatan: str
    ends: datetime


def revoke(
    ctx: Ctx, *, user_id: int, role: Role, bidang: str | None = None, mulai: date | None = None
) -> Revoked:
    """Ends user `user_id`'s grant of `role` (for `bidang`, a Kabid's) now, or from the start
    of `mulai` in the office's zone. Refuses an unknown user, a grant not held, or a date not
    ahead; the operators are told."""
    now = ctx.now()
    tz = ctx.settings.zona_waktu
    with ctx.unit() as session:
        user = session.get(User, user_id)
        if user is None:
            raise NotFound(texts.pengguna_tidak_ada(user_id))
        bidang_id, bidang_nama = resolve_bidang(session, role, bidang)
        ends = now if mulai is None else start_of_day(mulai, tz)
        if mulai is not None and ends <= now:
            raise InvalidInput(texts.mulai_sudah_lewat(mulai.isoformat()))
        names = bidang_names(session)
        held = [
            grant
            for grant in queries.grants_in_force(session, user, now)
            if grant.role == role and grant.bidang_id == bidang_id
        ]
        if not held:
            raise NotFound(texts.tidak_memegang(user.nama, texts.jabatan(role, bidang_nama)))
        for grant in held:
            if grant.valid_to is not None and grant.valid_to <= ends:
                raise InvalidInput(
                    texts.sudah_berakhir_sebelum(jabatan_of(grant, names), grant.valid_to, tz)
                )
            grant.valid_to = ends
            grant.revoked_at = now
        label = jabatan_of(held[0], names)
        common.audit(
            session,
            now,
            None,
            "peran.cabut",
            pengguna=user.id,
            peran=role,
            bidang=bidang_nama,
            berakhir=ends,
        )
        tell_operators(
            session, now, texts.peran_dicabut(user.nama, label, ends, now, tz), besides=user
        )
        return Revoked(user.nama, label, ends)


# --- kinerja-bot pengguna ---


@dataclass(frozen=True)
class GrantLine:
    """One grant, active or ended, as the administrator's list shows it."""

    jabatan: str
    valid_from: datetime
    valid_to: datetime | None
    revoked_at: datetime | None
    in_force: bool
    surat: str
    nama: str
    pangkat: str
    nip: str


@dataclass(frozen=True)
class Member:
    id: int
    """What `kinerja-bot cabut --id` takes."""
    nama: str
    telegram_id: int
    grants: list[GrantLine]


def roster(ctx: Ctx) -> list[Member]:
    """Every user with every grant they ever held, oldest first."""
    now = ctx.now()
    with ctx.read() as session:
        names = bidang_names(session)
        return [
            Member(
                user.id,
                user.nama,
                user.telegram_id,
                [
                    GrantLine(
                        jabatan_of(grant, names),
                        grant.valid_from,
                        grant.valid_to,
                        grant.revoked_at,
                        grant.valid_from <= now
                        and (grant.valid_to is None or now < grant.valid_to),
                        grant.surat,
                        grant.nama,
                        grant.pangkat,
                        grant.nip,
                    )
                    for grant in sorted(user.grants, key=lambda g: (g.valid_from, g.id))
                ],
            )
            for user in queries.all_users(session)
        ]


# --- kinerja-bot undang --daftar / --batalkan ---


@dataclass(frozen=True)
class OpenInvite:
    """An invite as listed: never its code (only its hash is kept anyway)."""

    id: int
    jabatan: str
    created_at: datetime
    expires_at: datetime
    valid_to: datetime | None
    surat: str
    nama: str
    created_by: str | None
    """The operator who made it in chat; None for the command line."""


def _listed(invite: Invite, names: Mapping[int, str], session: Session) -> OpenInvite:
    maker = session.get(User, invite.created_by_id) if invite.created_by_id else None
    return OpenInvite(
        invite.id,
        jabatan_of(invite, names),
        invite.created_at,
        invite.expires_at,
        invite.valid_to,
        invite.surat,
        invite.nama,
        maker.nama if maker is not None else None,
    )


def open_invites(ctx: Ctx) -> list[OpenInvite]:
    """Invites that can still be redeemed: not used, not cancelled, not expired."""
    now = ctx.now()
    with ctx.read() as session:
        names = bidang_names(session)
        return [_listed(invite, names, session) for invite in queries.open_invites(session, now)]


def cancel_invite(ctx: Ctx, invite_id: int) -> OpenInvite:
    """Cancels an open invite, so its link no longer binds anyone."""
    now = ctx.now()
    with ctx.unit() as session:
        invite = session.get(Invite, invite_id)
        if invite is None:
            raise NotFound(texts.undangan_tidak_ada(invite_id))
        for closed, why in (
            (invite.used_at is not None, "dipakai"),
            (invite.cancelled_at is not None, "dibatalkan"),
            (invite.expires_at <= now, "kedaluwarsa"),
        ):
            if closed:
                raise InvalidInput(texts.undangan_tidak_terbuka(invite_id, why))
        invite.cancelled_at = now
        common.audit(session, now, None, "undangan.batal", undangan=invite.id, peran=invite.role)
        return _listed(invite, bidang_names(session), session)

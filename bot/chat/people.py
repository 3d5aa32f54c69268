"""Who one is to the bot, in chat: /start with an invite, /bantuan, /batal, /undang, /status,
/tugas, and what a stranger or a text the bot cannot place is told."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from bot import texts
from bot.chat import decisions
from bot.chat.reply import Picture, Reply, Say, text
from bot.documents import charts
from bot.errors import NotAllowed
from bot.sop import Role, StepNo
from bot.views import RoundStatus
from bot.workflow import common, conversation, handover, master, registration, status
from bot.workflow.context import Ctx, update_of
from storage import queries


def menu(session: Session, ctx: Ctx, telegram_id: int) -> tuple[tuple[str, str], ...]:
    """The command menu of what this person holds now."""
    roles = common.roles_of(session, common.actor(session, telegram_id), ctx.now())
    return tuple(texts.commands_for(list(roles)))


def introduction(ctx: Ctx) -> str:
    """What anyone not bound to a role is told: which office this is and how to join."""
    instansi = master.get_office(ctx).dinas or "Dinas"
    return texts.PERKENALAN.format(instansi=instansi)


@update_of
def start(session: Session, ctx: Ctx, telegram_id: int, nama: str, code: str) -> Reply:
    """/start: with an invite code, binds the account; without, greets by role (or, to a
    stranger, says how to get an invite)."""
    if code:
        done = registration.redeem_invite.within(
            session, ctx, telegram_id=telegram_id, nama=nama, code=code
        )
        return text(
            texts.selamat_datang(done.user.nama, done.role, done.bidang),
            menu=menu(session, ctx, telegram_id),
            wake=True,
        )
    user = common.actor(session, telegram_id)
    roles = common.roles_of(session, user, ctx.now())
    own = sorted(common.kabid_bidang_ids(session, user, ctx.now()))
    bidang = [name for i in own if (name := queries.bidang_name(session, i)) is not None]
    return text(texts.halo(user.nama, list(roles), bidang))


def _roles(session: Session, ctx: Ctx, telegram_id: int) -> list[Role]:
    return list(common.roles_of(session, common.actor(session, telegram_id), ctx.now()))


@update_of
def help_for(session: Session, ctx: Ctx, telegram_id: int) -> Reply:
    """/bantuan: what this person can do, by role."""
    return text(texts.bantuan(_roles(session, ctx, telegram_id)))


@update_of
def not_understood(session: Session, ctx: Ctx, telegram_id: int) -> Reply:
    """A command the bot does not know, or a text nothing was asked for."""
    roles = _roles(session, ctx, telegram_id)
    return text(texts.TIDAK_DIMENGERTI + "\n" + texts.bantuan(roles))


@update_of
def told(session: Session, ctx: Ctx, telegram_id: int, message: str) -> Reply:
    """A fixed answer for a registered person (a photo, an edited message): a stranger gets
    the introduction instead."""
    common.actor(session, telegram_id)
    return text(message)


@update_of
def cancel(session: Session, ctx: Ctx, telegram_id: int) -> Reply:
    """/batal: leave the current conversation; nothing already saved is touched."""
    left = conversation.clear(session, common.actor(session, telegram_id))
    return text(texts.DIBATALKAN if left else texts.TIDAK_ADA_YANG_DIBATALKAN)


@update_of
def invite(session: Session, ctx: Ctx, telegram_id: int, words: Sequence[str]) -> Reply:
    """/undang kabid <bidang> [sampai TTTT-BB-HH] | /undang perencana [sampai …]."""
    roles = _roles(session, ctx, telegram_id)
    if Role.OPERATOR not in roles:
        raise NotAllowed(texts.bantuan(roles))
    if not words:
        return text(texts.UNDANG_FORMAT)
    tz = ctx.settings.zona_waktu
    with decisions.arguments_of("undang", texts.CONTOH_UNDANG):
        wanted = registration.read_undang(words, ctx.now(), tz)
        made = registration.create_invite.within(
            session,
            ctx,
            actor=telegram_id,
            role=wanted.role,
            bidang=wanted.bidang,
            valid_to=wanted.valid_to,
        )
    return text(
        texts.undangan(made.link, made.role, made.bidang, made.expires_at, tz, made.terms.valid_to)
    )


def _period(shown: RoundStatus) -> tuple[int, int]:
    return shown.round.tahun, shown.round.triwulan


SEES_CHARTS = frozenset({Role.OPERATOR, Role.KASUBAG, Role.SEKRETARIS, Role.KEPALA})
"""Who gets a round's chart before /status: it shows every bidang (issue 14)."""


@update_of
def where_we_stand(session: Session, ctx: Ctx, telegram_id: int) -> Reply:
    """/status: the open rounds, who holds each step, deadlines and lateness; for the operator
    and the approvers each round being filled or approved comes after its chart."""
    rounds = status.overview_in(session, ctx, telegram_id)
    pictures: tuple[Picture, ...] = ()
    if set(_roles(session, ctx, telegram_id)) & SEES_CHARTS:
        pictures = tuple(
            Picture(
                charts.attachment(r.round.id), texts.grafik_capaian(r.round.tahun, r.round.triwulan)
            )
            for r in rounds
            if (r.state.step or 0) >= StepNo.PENGISIAN
        )
    return Reply(pictures=pictures, say=(Say(texts.status(rounds, ctx.settings.zona_waktu)),))


@update_of
def tasks(session: Session, ctx: Ctx, telegram_id: int) -> Reply:
    """/tugas: every card this person can act on now comes again, newest state."""
    count = handover.resend_tasks.within(session, ctx, telegram_id)
    return text(texts.tugas_dikirim(count) if count else texts.TIDAK_ADA_TUGAS, wake=bool(count))

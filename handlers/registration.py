"""/start with an invite, /bantuan, /batal, /undang, and the command menus per role."""

from __future__ import annotations

from telegram import BotCommand, BotCommandScopeChat, Update

from bot import texts
from bot.errors import NotAllowed, NotRegistered
from bot.sop import Role
from bot.workflow import conversation, lookup, registration
from handlers.arguments import arguments_of
from handlers.common import Context, ctx_of, guarded, introduction, reply, tz_of, user_id


async def set_commands(context: Context, chat_id: int, roles: frozenset[Role]) -> None:
    """The menu a person sees; the server still checks rights on every update (DESIGN §9)."""
    commands = [BotCommand(name, text) for name, text in texts.commands_for(list(roles))]
    await context.bot.set_my_commands(commands, scope=BotCommandScopeChat(chat_id))


@guarded
async def start(update: Update, context: Context) -> None:
    ctx = ctx_of(context)
    code = context.args[0] if context.args else ""
    assert update.effective_user is not None and update.effective_chat is not None
    if code:
        done = registration.redeem_invite(
            ctx,
            telegram_id=update.effective_user.id,
            nama=update.effective_user.full_name,
            code=code,
        )
        await reply(update, context, texts.selamat_datang(done.user.nama, done.role, done.bidang))
        person = lookup.person(ctx, update.effective_user.id)
        await set_commands(context, update.effective_chat.id, person.roles)
        context.application.bot_data.get("wake_outbox", lambda: None)()
        return
    try:
        person = lookup.person(ctx, update.effective_user.id)
    except NotRegistered:
        await reply(update, context, introduction(context))
        return
    await reply(
        update,
        context,
        texts.halo(person.nama, list(person.roles), [b for _, b in person.bidang]),
    )


@guarded
async def bantuan(update: Update, context: Context) -> None:
    person = lookup.person(ctx_of(context), user_id(update))
    await reply(update, context, texts.bantuan(list(person.roles)))


@guarded
async def batal(update: Update, context: Context) -> None:
    left = conversation.forget(ctx_of(context), user_id(update))
    await reply(update, context, texts.DIBATALKAN if left else texts.TIDAK_ADA_YANG_DIBATALKAN)


@guarded
async def undang(update: Update, context: Context) -> None:
    ctx = ctx_of(context)
    person = lookup.person(ctx, user_id(update))
    if not person.has(Role.OPERATOR):
        raise NotAllowed(texts.bantuan(list(person.roles)))
    if not context.args:
        await reply(update, context, texts.UNDANG_FORMAT)
        return
    tz = tz_of(context)
    with arguments_of("undang", texts.CONTOH_UNDANG):
        wanted = registration.read_undang(context.args, ctx.now(), tz)
        invite = registration.create_invite(
            ctx,
            actor=user_id(update),
            role=wanted.role,
            bidang=wanted.bidang,
            valid_to=wanted.valid_to,
        )
    await reply(
        update,
        context,
        texts.undangan(
            invite.link, invite.role, invite.bidang, invite.expires_at, tz, invite.terms.valid_to
        ),
    )

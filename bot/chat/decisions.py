"""What every decision by button shares: the card saying who did what, a reason asked for a
return and recorded on the card it came from, and the words typed after a command."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session

from bot import texts
from bot.chat.reply import Edit, Elsewhere, Reply, Say, say
from bot.errors import InvalidInput, NotFound
from bot.workflow import common, conversation
from bot.workflow.context import Ctx
from bot.workflow.conversation import Expect
from storage.models import User


def decided(
    session: Session, ctx: Ctx, telegram_id: int, verb: str, *, keep: bool = False
) -> Reply:
    """After a decision by button: others are told (outbox), and the card says who did what
    and when; `keep` keeps the card's own text above it (an approval card's chain)."""
    user = common.actor(session, telegram_id)
    verdict = texts.keputusan(verb, user.nama, ctx.now(), ctx.settings.zona_waktu)
    return Reply(edit=Edit(verdict, keep=keep), wake=True)


def ask_reason(
    session: Session, ctx: Ctx, user: User, kind: Expect, card: int, **payload: Any
) -> Reply:
    """Kembalikan: the reason is typed next (a reply is forced); the card it came from (the
    message `card`) says the outcome once it is."""
    conversation.ask(session, ctx, user, kind, message_id=card, **payload)
    return say(Say(texts.TULIS_ALASAN, ask=True))


def reason_recorded(
    session: Session, ctx: Ctx, user: User, given: dict[str, Any], typed: str, verb: str
) -> Reply:
    """The return is saved: the card it came from and the answer both say who, when and why."""
    conversation.clear(session, user)
    done = texts.keputusan(
        verb, user.nama, ctx.now(), ctx.settings.zona_waktu, " ".join(typed.split())
    )
    return Reply(say=(Say(done),), elsewhere=Elsewhere(given["message_id"], done), wake=True)


@contextmanager
def arguments_of(perintah: str, contoh: str) -> Iterator[None]:
    """The core words a refusal by what is wrong ("Tahun «99999» tidak dikenal"); inside, a
    refusal of the words typed after a command (InvalidInput, or NotFound for a named thing
    that does not exist) becomes "/perintah: what is wrong. Contoh: /perintah contoh"."""
    try:
        yield
    except (InvalidInput, NotFound) as wrong:
        raise InvalidInput(texts.argumen_salah(perintah, wrong.message, contoh)) from None

"""A file a Kabid sends in chat: the filled format, or a bukti dukung (issue 14).

Which one it is, is read from the file, never from its name:

- an xlsx carrying the format's hidden marker is the format sent back
  (`bot.workflow.upload`), whatever card is open; the step-4 summary follows;
- anything else sent while an indicator's card is open (its value, keterangan or analysis
  asked) is that indicator's evidence (`bot.workflow.bukti`): "📎 Bukti dukung tersimpan untuk
  3/7 …" and the same card again, in one message;
- with no card open, a photo, a PDF or an xlsx is refused with one sentence saying to open the
  indicator's card first (the bot does not guess the indicator, and keeps nothing it was not
  told where to put); any other file is read as a format, whose refusal says what is wrong.

A file is taken once, like a typed answer (`conversation.claim`): Telegram may deliver it
again after a crash, and evidence must not be kept twice. A file overtaken by a newer message
of the same person (two processes: its download took longer than the next text) is refused
with a sentence, not kept on whatever card the newer message opened.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot import texts
from bot.chat import filling
from bot.chat.reply import Reply, Say, say, text
from bot.documents.bukti import Jenis, jenis
from bot.documents.workbook.upload import carries_marker
from bot.limits import MAX_BUKTI_PER_BIDANG
from bot.sop import Role
from bot.states import SubmissionState
from bot.workflow import bukti, common, conversation, lookup, upload
from bot.workflow.context import Ctx, update_of
from bot.workflow.conversation import Dropped
from storage import queries

EVIDENCE_WITHOUT_NAME = "foto-{message_id}"
"""The name a file sent without one (a photo) is kept under; its kind adds the ending."""


@update_of
def receive_file(
    session: Session,
    ctx: Ctx,
    telegram_id: int,
    message_id: int,
    content: bytes,
    filename: str | None,
) -> Reply:
    """A document or a photo sent by `telegram_id`: the format, or evidence of the card open."""
    user = common.actor(session, telegram_id)
    if not conversation.claim(session, user, message_id):
        if message_id == user.last_text_id or queries.bukti_from_message(
            session, user.id, message_id
        ):
            return Reply()  # Telegram delivering it again: it was taken
        return text(texts.BERKAS_TERDAHULUI)
    if carries_marker(content):
        return _format(session, ctx, telegram_id, content, filename or "format.xlsx")
    pending = conversation.still_asked(session, ctx, user)
    if isinstance(pending, Dropped):
        return text(pending.message)
    card = pending.indicator_card() if pending is not None else None
    if card is None:
        kind = jenis(content)
        if kind is None:
            return _format(session, ctx, telegram_id, content, filename or "berkas")
        if Role.KABID not in common.roles_of(session, user, ctx.now()):
            return text(texts.JENIS_PESAN_TIDAK_DIDUKUNG)
        if kind is Jenis.XLSX:
            return text(texts.BUKAN_FORMAT_TANPA_KARTU)
        state = lookup.fill_state_in(session, ctx, telegram_id)
        if not state.can_fill:
            status = SubmissionState(state.submission.state)
            return text(texts.bukti_tidak_bisa_ditambah(state.bidang, status))
        return text(texts.BUKTI_TANPA_KARTU)
    assert pending is not None and not isinstance(pending, Dropped)
    sid, iid = card
    attached = bukti.attach.within(
        session,
        ctx,
        actor=telegram_id,
        submission_id=sid,
        indicator_id=iid,
        content=content,
        filename=filename,
        fallback=EVIDENCE_WITHOUT_NAME.format(message_id=message_id),
        message_id=message_id,
    )
    echo = texts.bukti_tersimpan(
        attached.item,
        attached.total,
        attached.file,
        attached.count,
        MAX_BUKTI_PER_BIDANG,
        bukti.megabytes(attached.file.size),
    )
    state = lookup.fill_state_in(session, ctx, telegram_id, sid)
    return say(filling.then(echo, filling.again(session, ctx, user, state, pending)))


@update_of
def remove_file(session: Session, ctx: Ctx, telegram_id: int, bukti_id: int) -> Reply:
    """🗑 Hapus on an indicator's card: the file taken back, then what is asked now, again
    (the card, without the file)."""
    removed = bukti.remove.within(session, ctx, actor=telegram_id, bukti_id=bukti_id)
    echo = texts.bukti_dihapus(removed.item, removed.total, removed.filename)
    user = common.actor(session, telegram_id)
    pending = conversation.still_asked(session, ctx, user)
    if pending is None or isinstance(pending, Dropped) or pending.indicator_card() is None:
        return text(echo, strip=True)
    state = lookup.fill_state_in(session, ctx, telegram_id, removed.submission_id)
    again = filling.again(session, ctx, user, state, pending)
    return say(filling.then(echo, again), strip=True)


def may_send(ctx: Ctx, telegram_id: int) -> str | None:
    """Asked before a file is fetched from Telegram: only a Kabid has a file to give (the format
    or evidence), so anyone else is refused without the bot downloading up to 10 MB for them
    (a stranger: NotRegistered, as for any update of theirs). Read-only, and apart from the
    file's own unit: no lock is held while the file travels, and that unit checks again."""
    with ctx.read() as session:
        user = common.actor(session, telegram_id)
        if Role.KABID not in common.roles_of(session, user, ctx.now()):
            return texts.JENIS_PESAN_TIDAK_DIDUKUNG
    return None


def _format(session: Session, ctx: Ctx, telegram_id: int, content: bytes, filename: str) -> Reply:
    """The filled format sent back: saved only when the whole file is valid; the summary."""
    result = upload.apply_upload.within(
        session, ctx, actor=telegram_id, content=content, filename=filename
    )
    state = lookup.fill_state_in(session, ctx, telegram_id, result.submission.id)
    user = common.actor(session, telegram_id)
    return say(Say(result.message), filling.summary(session, user, state))


def open_file(ctx: Ctx, telegram_id: int, bukti_id: int) -> tuple[str, bytes]:
    """An evidence button pressed (the operator's verification card): the file, for whoever
    may see its bidang's data; refused as an unknown button otherwise. Reads the bytes: the
    handler runs it off the event loop."""
    return bukti.opened(ctx, actor=telegram_id, bukti_id=bukti_id)

"""Bukti dukung (issue 14): a photo or a document a Kabid sends on an indicator's card.

Taken with the same care as the format sent back (DESIGN §6): the size is checked before
anything else, the kind is read from the bytes (`bot.documents.bukti`), and a refusal saves
nothing. The bytes go into the database with their SHA-256, so a backup carries them and the
approval's content hash covers them. Only the bidang's own Kabid sends them; who may open one
is who may download the bidang's data (never another bidang's Kabid).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from decimal import ROUND_CEILING, Decimal

from sqlalchemy.orm import Session

from bot import formatting as fmt
from bot import texts
from bot.documents.bukti import jenis, named
from bot.errors import InvalidInput, NotAllowed, NotFound
from bot.limits import MAX_BUKTI_BYTES, MAX_BUKTI_MB, MAX_BUKTI_PER_BIDANG
from bot.views import Bukti, FillItem
from bot.workflow import common, files, filling
from bot.workflow.context import Ctx, unit_of_work
from bot.workflow.views import fill_items
from storage import queries
from storage.models import BuktiDukung, Realisation, Submission


@dataclass(frozen=True)
class Attached:
    """What the Kabid is told once a file is kept: for which indicator, and how many files the
    bidang holds now (of MAX_BUKTI_PER_BIDANG)."""

    item: FillItem
    total: int
    """How many indicators the format has: the echo says "3/7"."""
    file: Bukti
    count: int


def check_size(size: int) -> None:
    """Refuses (InvalidInput) a file over MAX_BUKTI_MB; the handler asks before fetching the
    bytes, when Telegram says the size in advance."""
    if size > MAX_BUKTI_BYTES:
        raise InvalidInput(texts.bukti_terlalu_besar(megabytes(size), MAX_BUKTI_MB))


def megabytes(size: int) -> str:
    """A file's size as people read it, rounded up so a file just over a limit never reads as
    the limit: "10,1 MB" is written "10,1"."""
    mb = (Decimal(size) / (1024 * 1024)).quantize(Decimal("0.1"), rounding=ROUND_CEILING)
    return fmt.angka(mb)


@unit_of_work
def attach(
    session: Session,
    ctx: Ctx,
    *,
    actor: int,
    submission_id: int,
    indicator_id: int,
    content: bytes,
    filename: str | None,
    fallback: str,
    message_id: int | None = None,
) -> Attached:
    """Keeps `content` as evidence of one indicator of the Kabid's bidang data.

    Refuses, saving nothing: NotAllowed and Stale as a typed answer would be (another bidang,
    data sent or verified), InvalidInput for a file over MAX_BUKTI_MB, of a kind not taken
    (by its bytes: PDF, xlsx, JPG, PNG), the bidang's MAX_BUKTI_PER_BIDANG-th file already
    kept, or the same file kept already for that indicator. `fallback` names a file sent
    without a name (a photo); `message_id`, the Telegram message that brought it, tells a
    redelivery of it from a file overtaken by a newer message (`bot.chat.uploads`).
    """
    now = ctx.now()
    check_size(len(content))
    kind = jenis(content)
    if kind is None:
        raise InvalidInput(texts.BUKTI_JENIS_DITOLAK)
    user, round_, submission = filling.fillable(session, ctx, actor, submission_id)
    realisation = _realisation(session, submission, indicator_id)
    count = queries.bukti_count(session, submission.id)
    if count >= MAX_BUKTI_PER_BIDANG:
        raise InvalidInput(texts.bukti_penuh(MAX_BUKTI_PER_BIDANG))
    digest = hashlib.sha256(content).hexdigest()
    items = fill_items(session, ctx, submission)
    item = next(i for i in items if i.indicator_id == indicator_id)
    if any(file.sha256 == digest for file in item.bukti):
        raise InvalidInput(texts.bukti_sudah_ada(item.nomor, len(items)))
    kept = named(filename, kind, fallback)
    row = BuktiDukung(
        realisation_id=realisation.id,
        filename=kept.filename,
        jenis=kept.jenis.value,
        size=len(content),
        content=content,
        sha256=digest,
        uploaded_at=now,
        uploaded_by_id=user.id,
        message_id=message_id,
    )
    session.add(row)
    session.flush()
    common.audit(
        session,
        now,
        user,
        "bukti.unggah",
        round_,
        bidang=submission.bidang_id,
        indikator=indicator_id,
        berkas=kept.filename,
        sha256=digest,
    )
    file = Bukti(row.id, kept.filename, len(content), digest, now, user.nama)
    return Attached(replace(item, bukti=(*item.bukti, file)), len(items), file, count + 1)


def _realisation(session: Session, submission: Submission, indicator_id: int) -> Realisation:
    found = queries.realisation(session, submission.id, indicator_id)
    if found is None:
        raise NotFound(texts.INDIKATOR_BUKAN_BIDANG_ANDA)
    return found


@dataclass(frozen=True)
class Removed:
    """What the Kabid is told once a file is taken back: which file, from which indicator."""

    item: FillItem
    total: int
    filename: str
    submission_id: int


@unit_of_work
def remove(session: Session, ctx: Ctx, *, actor: int, bukti_id: int) -> Removed:
    """Takes back an evidence file the Kabid sent (on the wrong card, or the wrong file), while
    the bidang's data may still change; audited with the file's hash, since an approval given
    before a return may have covered it. A file of another bidang, or none, is refused as an
    unknown button (NotFound); data sent or verified as any change would be (Stale)."""
    row = session.get(BuktiDukung, bukti_id)
    realisation = session.get(Realisation, row.realisation_id) if row is not None else None
    if row is None or realisation is None:
        raise NotFound(texts.TOMBOL_TIDAK_DIKENAL)
    try:
        user, round_, submission = filling.fillable(session, ctx, actor, realisation.submission_id)
    except NotAllowed:
        raise NotFound(texts.TOMBOL_TIDAK_DIKENAL) from None
    items = fill_items(session, ctx, submission)
    item = next(i for i in items if i.indicator_id == realisation.indicator_id)
    session.delete(row)
    common.audit(
        session,
        ctx.now(),
        user,
        "bukti.hapus",
        round_,
        bidang=submission.bidang_id,
        indikator=realisation.indicator_id,
        berkas=row.filename,
        sha256=row.sha256,
    )
    left = tuple(file for file in item.bukti if file.id != bukti_id)
    return Removed(replace(item, bukti=left), len(items), row.filename, submission.id)


def opened(ctx: Ctx, *, actor: int, bukti_id: int) -> tuple[str, bytes]:
    """The file behind an evidence button, for whoever may download its bidang's data: the
    operator, the approvers, the planners, and the bidang's own Kabid.

    Anyone else, and a file that does not exist, is refused alike as an unknown button
    (NotFound), so a press tells nobody which files exist.
    """
    with ctx.read() as session:
        row = session.get(BuktiDukung, bukti_id)
        user = queries.user_by_telegram(session, actor)
        if row is None or user is None:
            raise NotFound(texts.TOMBOL_TIDAK_DIKENAL)
        realisation = session.get(Realisation, row.realisation_id)
        submission = session.get(Submission, realisation.submission_id) if realisation else None
        scope = files.download_scope(session, user, ctx.now())
        if submission is None or (scope is not None and submission.bidang_id not in scope):
            raise NotFound(texts.TOMBOL_TIDAK_DIKENAL)
        return row.filename, row.content

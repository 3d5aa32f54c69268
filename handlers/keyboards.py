"""Inline keyboards, named by intent. Labels are DESIGN §9's fixed words (after one emoji)."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import Act, encode
from bot.workflow.lookup import DraftItem
from bot.workflow.views import FillItem
from storage.models import Round, Submission

Rows = Sequence[Sequence[tuple[str, str]]]


def markup(rows: Rows) -> InlineKeyboardMarkup | None:
    """Rows of (label, callback data) as Telegram wants them; no rows, no keyboard."""
    if not rows:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )


def numbers(
    act: Act,
    prefix: Sequence[int],
    items: Sequence[tuple[int, int]],
    per_row: int = 6,
    marked: Sequence[int] = (),
) -> list[list[tuple[str, str]]]:
    """Buttons labelled with item numbers (DESIGN §9: a pick is labelled with its number)."""
    buttons = [
        (("✅ " if item_id in marked else "") + str(nomor), encode(act, *prefix, item_id))
        for nomor, item_id in items
    ]
    return [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]


def indicator_card(submission: Submission, item: FillItem) -> Rows:
    sid, iid = submission.id, item.indicator_id
    return [
        [
            ("⬅️ Sebelumnya", encode(Act.SEBELUMNYA, sid, iid)),
            ("⏭ Lewati", encode(Act.LEWATI, sid, iid)),
        ],
        [("📝 Tambah keterangan", encode(Act.KETERANGAN, sid, iid))],
    ]


def far_from_target(submission: Submission, item: FillItem) -> Rows:
    sid, iid = submission.id, item.indicator_id
    return [[("Ya, benar", encode(Act.YA_BENAR, sid, iid)), ("Ubah", encode(Act.UBAH, sid, iid))]]


def summary(submission: Submission) -> Rows:
    return [
        [
            ("✏️ Ubah", encode(Act.UBAH_PILIH, submission.id)),
            ("📨 Kirim", encode(Act.KIRIM, submission.id, submission.version)),
        ]
    ]


def pick_to_change(submission: Submission, items: Sequence[FillItem]) -> Rows:
    return numbers(Act.UBAH, (submission.id,), [(i.nomor, i.indicator_id) for i in items])


def draft_bidang(round_: Round, bidang: Sequence[tuple[int, str]]) -> Rows:
    rows = [
        [(nama, encode(Act.PILIH_BIDANG_DRAFT, round_.id, bidang_id))] for bidang_id, nama in bidang
    ]
    rows.append([("Kirim ke Kasubag", encode(Act.KIRIM_DRAFT, round_.id, round_.version))])
    return rows


def draft_items(round_: Round, items: Sequence[DraftItem]) -> Rows:
    rows = numbers(
        Act.PILIH_INDIKATOR_DRAFT, (round_.id,), [(i.nomor, i.indicator_id) for i in items]
    )
    rows.append([("Lihat per bidang", encode(Act.LIHAT_DRAFT, round_.id))])
    return rows


def draft_item(round_: Round, item: DraftItem) -> Rows:
    rows = [[("Ubah target", encode(Act.UBAH_TARGET, round_.id, item.indicator_id))]]
    if item.diukur:
        rows[0].append(
            ("Tidak diukur TW ini", encode(Act.TIDAK_DIUKUR, round_.id, item.indicator_id))
        )
    rows.append([("Lihat per bidang", encode(Act.LIHAT_DRAFT, round_.id))])
    return rows


def draft_actions(round_: Round) -> Rows:
    return [
        [("Lihat per bidang", encode(Act.LIHAT_DRAFT, round_.id))],
        [("Kirim ke Kasubag", encode(Act.KIRIM_DRAFT, round_.id, round_.version))],
    ]


def verification(submission: Submission) -> Rows:
    return [
        [
            ("✅ Terverifikasi", encode(Act.TERVERIFIKASI, submission.id, submission.version)),
            ("↩️ Kembalikan", encode(Act.KEMBALIKAN_BIDANG, submission.id, submission.version)),
        ]
    ]


def pick_returned(submission: Submission, items: Sequence[FillItem], picked: Sequence[int]) -> Rows:
    rows = numbers(
        Act.PILIH_KEMBALI,
        (submission.id, submission.version),
        [(i.nomor, i.indicator_id) for i in items],
        marked=picked,
    )
    rows.append([("Lanjut", encode(Act.LANJUT, submission.id, submission.version))])
    return rows


def bidang_list(act: Act, entries: Sequence[tuple[str, Sequence[int]]]) -> Rows:
    return [[(label, encode(act, *ids))] for label, ids in entries]


def download(round_: Round) -> Rows:
    return [[("Unduh", encode(Act.UNDUH, round_.id))]]

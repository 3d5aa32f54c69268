"""Button rows, named by intent: (label, callback data) pairs, no Telegram types.

The one home of every keyboard the bot shows, whether a handler answers with it or the outbox
delivers it later; `handlers.keyboards.markup` only turns rows into Telegram's markup. Labels
are DESIGN §9's fixed words (`bot.texts.labels`); callback data names what was pressed and the
version the card showed (`bot.callbacks`), and the core re-checks everything on a press.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.callbacks import Act, encode
from bot.sop import StepNo
from bot.texts import labels
from bot.views import Bukti, FillItem, SilakipPage

Row = tuple[tuple[str, str], ...]
Rows = tuple[Row, ...]

NONE: Rows = ()

_PER_ROW = 6
"""Number buttons (an indicator's, when picking one) per row: six fit a phone's width."""


def _one(label: str, act: Act, *ids: int) -> Rows:
    return (((label, encode(act, *ids)),),)


def numbers(
    act: Act, prefix: Sequence[int], items: Sequence[tuple[int, int]], marked: Sequence[int] = ()
) -> Rows:
    """Buttons labelled with item numbers (DESIGN §9: a pick is labelled with its number);
    `items` are (number shown, id in the callback), `marked` ids get a tick."""
    buttons = [
        (("✅ " if item_id in marked else "") + str(nomor), encode(act, *prefix, item_id))
        for nomor, item_id in items
    ]
    return tuple(tuple(buttons[i : i + _PER_ROW]) for i in range(0, len(buttons), _PER_ROW))


# --- Steps 1–3: the draft and its distribution ---


def draft(round_id: int, version: int) -> Rows:
    return _one(labels.LIHAT_PER_BIDANG, Act.LIHAT_DRAFT, round_id) + _one(
        labels.KIRIM_KE_KASUBAG, Act.KIRIM_DRAFT, round_id, version
    )


def draft_returned(round_id: int, version: int) -> Rows:
    return _one(labels.PERBAIKI_DRAFT, Act.LIHAT_DRAFT, round_id) + _one(
        labels.KIRIM_KE_KASUBAG, Act.KIRIM_DRAFT, round_id, version
    )


def draft_bidang(round_id: int, version: int, bidang: Sequence[tuple[int, str]]) -> Rows:
    """The bidang of the draft to look at, then the way on."""
    rows = tuple(
        ((label, encode(Act.PILIH_BIDANG_DRAFT, round_id, bidang_id)),)
        for bidang_id, label in bidang
    )
    return rows + _one(labels.KIRIM_KE_KASUBAG, Act.KIRIM_DRAFT, round_id, version)


def draft_items(round_id: int, items: Sequence[tuple[int, int]]) -> Rows:
    return numbers(Act.PILIH_INDIKATOR_DRAFT, (round_id,), items) + _one(
        labels.LIHAT_PER_BIDANG, Act.LIHAT_DRAFT, round_id
    )


def draft_item(round_id: int, indicator_id: int, diukur: bool) -> Rows:
    first: Row = ((labels.UBAH_TARGET, encode(Act.UBAH_TARGET, round_id, indicator_id)),)
    if diukur:
        first += ((labels.TIDAK_DIUKUR, encode(Act.TIDAK_DIUKUR, round_id, indicator_id)),)
    return (first, *_one(labels.LIHAT_PER_BIDANG, Act.LIHAT_DRAFT, round_id))


def correction(round_id: int, version: int) -> Rows:
    return (
        (
            (labels.BENAR, encode(Act.BENAR, round_id, version)),
            (labels.KEMBALIKAN, encode(Act.KEMBALIKAN_DRAFT, round_id, version)),
        ),
    )


def distribution(round_id: int, version: int) -> Rows:
    return _one(labels.BAGIKAN, Act.BAGIKAN, round_id, version)


# --- Steps 4–5: filling and verification ---


def start_filling(submission_id: int) -> Rows:
    return _one(labels.MULAI_ISI, Act.MULAI_ISI, submission_id)


def continue_filling(submission_id: int) -> Rows:
    """On a reminder of step 4."""
    return _one(labels.LANJUTKAN_ISI, Act.MULAI_ISI, submission_id)


def indicator_card(
    submission_id: int, indicator_id: int, *, first: bool, files: Sequence[Bukti] = ()
) -> Rows:
    """An indicator's card: Sebelumnya (not on the first), Lewati, Tambah keterangan, and a
    Hapus per evidence file it holds, so a file sent on the wrong card can be taken back."""
    moves: Row = ()
    if not first:
        moves += ((labels.SEBELUMNYA, encode(Act.SEBELUMNYA, submission_id, indicator_id)),)
    moves += ((labels.LEWATI, encode(Act.LEWATI, submission_id, indicator_id)),)
    removals = tuple(
        ((f"{labels.HAPUS_BUKTI} {_file_label(f.filename)}", encode(Act.HAPUS_BUKTI, f.id)),)
        for f in files
    )
    return (
        moves,
        *_one(labels.TAMBAH_KETERANGAN, Act.KETERANGAN, submission_id, indicator_id),
        *removals,
    )


ANALISIS_STEPS = ("penghambat", "upaya", "pendorong")
"""The analysis questions by their number in a Lewati button's callback data (1, 2, 3)."""


def analysis_question(submission_id: int, indicator_id: int, kind: str) -> Rows:
    """Under "Faktor penghambat?", "Upaya / tindak lanjut?" (with Ubah: the value typed just
    before may be the slip) and "Faktor pendorong?"."""
    step = ANALISIS_STEPS.index(kind) + 1
    row: Row = ((labels.LEWATI, encode(Act.LEWATI_ANALISIS, submission_id, indicator_id, step)),)
    if kind != "pendorong":
        row += ((labels.UBAH, encode(Act.UBAH, submission_id, indicator_id)),)
    return (row,)


def add_pendorong(submission_id: int, indicator_id: int, current: int) -> Rows:
    """On the echo of a value at or above target; `current` is the indicator whose card comes
    with it (0: the summary), so only the newest message's button acts."""
    return _one(labels.TAMBAH_PENDORONG, Act.PENDORONG, submission_id, indicator_id, current)


def summary(submission_id: int, version: int) -> Rows:
    return (
        (
            (labels.UBAH_RINGKASAN, encode(Act.UBAH_PILIH, submission_id)),
            (labels.KIRIM, encode(Act.KIRIM, submission_id, version)),
        ),
    )


def send_anyway(submission_id: int, version: int) -> Rows:
    """Under the reminder of analysis left out: change something, or send as it is."""
    return (
        (
            (labels.UBAH_RINGKASAN, encode(Act.UBAH_PILIH, submission_id)),
            (labels.KIRIM, encode(Act.KIRIM_TANPA_ANALISIS, submission_id, version)),
        ),
    )


_FILE_LABEL = 40
"""Characters of a file's name on its button: the rest of a long name is cut."""


def _file_label(filename: str) -> str:
    return filename if len(filename) <= _FILE_LABEL else filename[: _FILE_LABEL - 1] + "…"


def evidence_files(items: Sequence[FillItem]) -> Rows:
    """A button per evidence file of the bidang's indicators, that sends it."""
    rows = []
    for nomor, file_id, filename in ((i.nomor, f.id, f.filename) for i in items for f in i.bukti):
        label = f"{labels.BUKTI} {nomor} · {_file_label(filename)}"
        rows.append(((label, encode(Act.BUKTI, file_id)),))
    return tuple(rows)


def pick_to_change(submission_id: int, items: Sequence[tuple[int, int]]) -> Rows:
    return numbers(Act.UBAH, (submission_id,), items)


def verification(submission_id: int, version: int, items: Sequence[FillItem] = ()) -> Rows:
    """Terverifikasi / Kembalikan, and under them a button per evidence file to open it."""
    return (
        (
            (labels.TERVERIFIKASI, encode(Act.TERVERIFIKASI, submission_id, version)),
            (labels.KEMBALIKAN, encode(Act.KEMBALIKAN_BIDANG, submission_id, version)),
        ),
        *evidence_files(items),
    )


def pick_returned(
    submission_id: int, version: int, items: Sequence[tuple[int, int]], picked: Sequence[int]
) -> Rows:
    return numbers(Act.PILIH_KEMBALI, (submission_id, version), items, picked) + _one(
        labels.LANJUT, Act.LANJUT, submission_id, version
    )


def bidang_list(act: Act, entries: Sequence[tuple[str, Sequence[int]]]) -> Rows:
    """One bidang a row, labelled with its name (DESIGN §9: a pick is labelled with it)."""
    return tuple(((label, encode(act, *ids)),) for label, ids in entries)


# --- Steps 6–11 ---


def compilation(round_id: int, version: int) -> Rows:
    return _one(labels.SUSUN, Act.SUSUN, round_id, version) + _one(
        labels.BUKA_KEMBALI, Act.BUKA_KEMBALI, round_id, version
    )


def approval(round_id: int, version: int, number: int) -> Rows:
    word = labels.TANDATANGANI if number == StepNo.TANDATANGAN else labels.PARAF
    return (
        (
            (word, encode(Act.PARAF, round_id, version)),
            (labels.KEMBALIKAN, encode(Act.KEMBALIKAN_PUTARAN, round_id, version)),
        ),
        *download(round_id),
    )


def finalisation(round_id: int, version: int) -> Rows:
    return _one(labels.FINALKAN, Act.FINALKAN, round_id, version)


SILAKIP_PER_PAGE = 8
"""Bidang buttons on one page of step 11's checklist: one a row, since names are long."""


def silakip(round_id: int, checklist: SilakipPage) -> Rows:
    """Step 11's checklist on its page: each bidang labelled with its name, ✅ before it once
    entered into SILAKIP; Sebelumnya/Berikutnya between pages; Semua.

    The presses carry no version: a tick is refused only for a bidang already ticked (whoever
    did it), and Semua ticks whatever is left when it is pressed."""
    page = checklist.page
    rows: Rows = tuple(
        (
            (
                ("✅ " if line.ticked else "") + line.nama,
                encode(Act.SILAKIP_BIDANG, round_id, line.bidang_id, page),
            ),
        )
        for line in checklist.shown
    )
    moves: Row = ()
    if page > 0:
        moves += ((labels.SEBELUMNYA, encode(Act.SILAKIP_HALAMAN, round_id, page - 1)),)
    if page < checklist.pages - 1:
        moves += ((labels.BERIKUTNYA, encode(Act.SILAKIP_HALAMAN, round_id, page + 1)),)
    if moves:
        rows += (moves,)
    return rows + _one(labels.SEMUA, Act.SILAKIP_SEMUA, round_id)


def download(round_id: int) -> Rows:
    return _one(labels.UNDUH, Act.UNDUH, round_id)

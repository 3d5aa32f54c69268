"""Bukti dukung in chat (issue 14): a Kabid sends a photo or a document on an indicator's card,
the operator opens it at verification, and nobody of another bidang ever sees it."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select

from bot import texts
from bot.emulator.model import ChatMessage
from bot.emulator.samples import pdf, photo
from bot.limits import MAX_BUKTI_PER_BIDANG
from bot.workflow import master
from storage.models import BuktiDukung
from tests.chatkit import Chat
from tests.conftest import KTP, SMALL_MASTER, Office, audit_trail, database_rows
from tests.people import DAFDUK, KABID_CAPIL, KABID_DAFDUK, OPERATOR, PERENCANA, STRANGER

KK = "Rata-rata waktu penerbitan KK"
SIGN = photo(1280, 960, "spanduk perekaman KTP-el di SMA 1")
REPORT = pdf("Laporan penerbitan KK Juni 2026")


def kept(office: Office) -> list[tuple[str, str, bytes]]:
    """Every evidence file in the database: (name, kind, bytes), oldest first."""
    with office.ctx.read() as session:
        rows = session.scalars(select(BuktiDukung).order_by(BuktiDukung.id))
        return [(row.filename, row.jenis, row.content) for row in rows]


def data(office: Office) -> dict[str, list[tuple[object, ...]]]:
    """Every row but the people's: what a refused file must leave as it was. (A person's row
    marks the newest message taken, so a file refused is not read again when redelivered.)"""
    rows = database_rows(office.ctx)
    del rows["users"]
    return rows


def requiring_evidence(office: Office, nama: str) -> None:
    """The master marks `nama` as requiring evidence (the template's "Wajib bukti dukung")."""
    rows = tuple(replace(r, wajib_bukti=r.indikator == nama) for r in SMALL_MASTER)
    master.load_indicators(office.ctx, rows, 2026)


async def attach_two(chat: Chat) -> None:
    """Sari opens her format, photographs the KTP-el drive on card 1, answers it, and sends the
    KK report as a PDF on card 2."""
    await chat.text(KABID_DAFDUK, "/isi")
    await chat.photo(KABID_DAFDUK, SIGN)
    await chat.text(KABID_DAFDUK, "96")
    await chat.document(KABID_DAFDUK, "laporan-kk-juni.pdf", REPORT)


async def test_a_photo_and_a_pdf_are_kept_on_their_cards_and_the_same_card_stays(
    office: Office, chat: Chat
) -> None:
    office.walk(at_step=4)
    await chat.text(KABID_DAFDUK, "/isi")
    card = chat.last(KABID_DAFDUK)
    await chat.photo(KABID_DAFDUK, SIGN)
    echo, again = chat.answer(KABID_DAFDUK)
    photo_name = kept(office)[0][0]
    assert echo == (
        f"📎 Bukti dukung tersimpan untuk 1/3 · {KTP}: {photo_name} (0,1 MB). "
        f"Bukti dukung bidang ini: 1 dari {MAX_BUKTI_PER_BIDANG} berkas."
    )
    assert again.startswith(f"1/3 · {KTP}\n")
    assert f"📎 Bukti dukung: {photo_name}" in again
    assert card.labels() == [], "the card shown again is the one to act on"
    assert chat.last(KABID_DAFDUK).labels() == [
        "⏭ Lewati",
        "📝 Tambah keterangan",
        f"🗑 Hapus {photo_name}",
    ], "a file on the card can be taken back from it"

    await chat.text(KABID_DAFDUK, "96")
    assert chat.answer(KABID_DAFDUK)[1].startswith(f"2/3 · {KK}")
    await chat.document(KABID_DAFDUK, "laporan-kk-juni.pdf", REPORT)
    echo, again = chat.answer(KABID_DAFDUK)
    assert echo.startswith(f"📎 Bukti dukung tersimpan untuk 2/3 · {KK}: laporan-kk-juni.pdf")
    assert "Bukti dukung bidang ini: 2 dari 20 berkas." in echo
    assert again.startswith(f"2/3 · {KK}\n")

    assert photo_name.startswith("foto-") and photo_name.endswith(".jpg")
    assert kept(office) == [(photo_name, "jpg", SIGN), ("laporan-kk-juni.pdf", "pdf", REPORT)]
    await chat.text(KABID_DAFDUK, "7")
    assert chat.answer(KABID_DAFDUK)[-1].startswith("3/3 ·"), "the typed value still answers"


async def test_a_file_sent_on_the_wrong_card_is_taken_back_with_hapus(
    office: Office, chat: Chat
) -> None:
    office.walk(at_step=4)
    await chat.text(KABID_DAFDUK, "/isi")
    await chat.document(KABID_DAFDUK, "laporan-kk-juni.pdf", REPORT)
    card = chat.last(KABID_DAFDUK)
    await chat.press(KABID_DAFDUK, "Hapus laporan-kk-juni.pdf")
    echo, again = chat.answer(KABID_DAFDUK)
    assert echo == f"🗑 Bukti dukung dihapus dari 1/3 · {KTP}: laporan-kk-juni.pdf."
    assert again.startswith(f"1/3 · {KTP}\n") and "📎 Bukti dukung" not in again
    assert chat.last(KABID_DAFDUK).labels() == ["⏭ Lewati", "📝 Tambah keterangan"]
    assert card.labels() == []
    assert kept(office) == []
    assert "bukti.hapus" in [e.action for e in audit_trail(office.ctx)]
    await chat.text(KABID_DAFDUK, "96")
    assert chat.answer(KABID_DAFDUK)[1].startswith(f"2/3 · {KK}"), "the card still answers"


async def test_hapus_is_refused_to_another_bidang_and_once_the_data_is_sent(
    office: Office, chat: Chat
) -> None:
    round_ = office.walk(at_step=4)
    await chat.text(KABID_DAFDUK, "/isi")
    await chat.document(KABID_DAFDUK, "laporan-kk-juni.pdf", REPORT)
    card = chat.last(KABID_DAFDUK)
    data_of_button = next(b["data"] for row in card.buttons for b in row if "Hapus" in b["text"])
    await chat.text(KABID_CAPIL, "/isi")
    await chat.press_data(KABID_CAPIL, chat.last(KABID_CAPIL).message_id, data_of_button)
    assert chat.alert() == texts.TOMBOL_TIDAK_DIKENAL
    assert len(kept(office)) == 1
    office.advance(round_.id, at_step=5, after=4)
    await chat.press_data(KABID_DAFDUK, card.message_id, data_of_button)
    assert chat.alert() == (
        "Data Bidang Pelayanan Pendaftaran Penduduk tidak dapat diubah sekarang: statusnya "
        "dikirim, menunggu verifikasi."
    )
    assert len(kept(office)) == 1


async def test_a_file_over_ten_megabytes_is_refused_before_it_is_fetched(
    office: Office, chat: Chat
) -> None:
    office.walk(at_step=4)
    await chat.text(KABID_DAFDUK, "/isi")
    before, calls = data(office), len(chat.world.calls)
    await chat.document(KABID_DAFDUK, "scan.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024))
    assert chat.last(KABID_DAFDUK).text == texts.berkas_melebihi("10,1", 5, 10)
    assert "getFile" not in chat.world.calls[calls:]
    assert data(office) == before


async def test_nothing_is_fetched_for_a_stranger_or_for_one_who_fills_no_data(
    office: Office, chat: Chat
) -> None:
    office.walk(at_step=4)
    before, calls = data(office), len(chat.world.calls)
    await chat.document(STRANGER, "scan.pdf", REPORT)
    assert "tautan undangan dari operator" in chat.last(STRANGER).text
    await chat.photo(OPERATOR, SIGN)
    assert chat.last(OPERATOR).text == texts.JENIS_PESAN_TIDAK_DIDUKUNG
    assert "getFile" not in chat.world.calls[calls:]
    assert data(office) == before


async def test_a_photo_is_never_a_format_so_the_evidence_limit_is_its_own(
    office: Office, chat: Chat
) -> None:
    office.walk(at_step=4)
    await chat.text(KABID_DAFDUK, "/isi")
    calls = len(chat.world.calls)
    await chat.photo(KABID_DAFDUK, SIGN + b"\0" * (10 * 1024 * 1024))
    assert chat.last(KABID_DAFDUK).text == texts.bukti_terlalu_besar("10,1", 10)
    assert "getFile" not in chat.world.calls[calls:]
    assert kept(office) == []


async def test_a_program_renamed_pdf_is_refused_by_its_bytes(office: Office, chat: Chat) -> None:
    office.walk(at_step=4)
    await chat.text(KABID_DAFDUK, "/isi")
    before = data(office)
    await chat.document(KABID_DAFDUK, "laporan.pdf", b"MZ\x90\x00\x03" + b"\x00" * 500)
    assert chat.last(KABID_DAFDUK).text == texts.BUKTI_JENIS_DITOLAK
    assert data(office) == before
    await chat.text(KABID_DAFDUK, "96")
    assert chat.answer(KABID_DAFDUK)[0].startswith("✅ Tercatat 1/3"), "the card is still open"


async def test_the_twenty_first_file_of_a_bidang_is_refused(office: Office, chat: Chat) -> None:
    round_ = office.walk(at_step=4)
    submission = office.submission(round_.id, DAFDUK)
    ktp = next(i for i in office.items(submission) if i.nama == KTP)
    for n in range(MAX_BUKTI_PER_BIDANG):
        office.attach(KABID_DAFDUK, submission, ktp.indicator_id, pdf(f"Lampiran {n}"))
    await chat.text(KABID_DAFDUK, "/isi")
    before = data(office)
    await chat.photo(KABID_DAFDUK, SIGN)
    assert chat.last(KABID_DAFDUK).text == texts.bukti_penuh(20)
    assert data(office) == before


async def test_the_same_file_twice_for_one_indicator_is_kept_once(
    office: Office, chat: Chat
) -> None:
    office.walk(at_step=4)
    await chat.text(KABID_DAFDUK, "/isi")
    await chat.document(KABID_DAFDUK, "laporan-kk-juni.pdf", REPORT)
    before = data(office)
    await chat.document(KABID_DAFDUK, "salinan-laporan.pdf", REPORT)
    assert chat.last(KABID_DAFDUK).text == texts.bukti_sudah_ada(1, 3)
    assert data(office) == before
    await chat.text(KABID_DAFDUK, "96")
    await chat.document(KABID_DAFDUK, "laporan-kk-juni.pdf", REPORT)
    assert [name for name, _, _ in kept(office)] == ["laporan-kk-juni.pdf"] * 2, (
        "the same file may stand for another indicator"
    )


async def test_a_file_with_no_indicator_card_open_is_refused_saying_to_open_it(
    office: Office, chat: Chat
) -> None:
    office.walk(at_step=4)
    before = data(office)
    await chat.photo(KABID_DAFDUK, SIGN)
    assert chat.last(KABID_DAFDUK).text == texts.BUKTI_TANPA_KARTU
    await chat.document(KABID_DAFDUK, "laporan-kk-juni.pdf", REPORT)
    assert chat.last(KABID_DAFDUK).text == texts.BUKTI_TANPA_KARTU
    assert "buka dulu kartu indikatornya" in texts.BUKTI_TANPA_KARTU
    assert data(office) == before


async def test_a_file_delivered_twice_by_telegram_is_kept_once(office: Office, chat: Chat) -> None:
    """Telegram re-delivers updates not confirmed before a crash; the file is not kept twice."""
    office.walk(at_step=4)
    await chat.text(KABID_DAFDUK, "/isi")
    update = chat.world.send_photo(KABID_DAFDUK, SIGN)
    await chat.process(update)
    answers = len(chat.texts(KABID_DAFDUK))
    await chat.process(update)
    assert len(chat.texts(KABID_DAFDUK)) == answers
    assert len(kept(office)) == 1


async def test_a_file_delivered_again_after_a_newer_message_is_still_kept_once(
    office: Office, chat: Chat
) -> None:
    """After a crash Telegram re-delivers a photo and the value typed after it: both were
    taken, so neither is taken again nor answered."""
    office.walk(at_step=4)
    await chat.text(KABID_DAFDUK, "/isi")
    sent = chat.world.send_photo(KABID_DAFDUK, SIGN)
    await chat.process(sent)
    typed = chat.world.send_text(KABID_DAFDUK, "96")
    await chat.process(typed)
    answers = len(chat.texts(KABID_DAFDUK))
    await chat.process(sent)
    await chat.process(typed)
    assert len(chat.texts(KABID_DAFDUK)) == answers
    assert len(kept(office)) == 1


async def test_a_file_overtaken_by_a_newer_message_is_refused_not_put_on_the_next_card(
    office: Office, chat: Chat
) -> None:
    """With several processes a photo's download can outlast the value typed after it: the
    value moved the card on, so the photo is refused with a sentence and kept nowhere."""
    office.walk(at_step=4)
    await chat.text(KABID_DAFDUK, "/isi")
    late = chat.world.send_photo(KABID_DAFDUK, SIGN)
    await chat.process(chat.world.send_text(KABID_DAFDUK, "96"))
    assert chat.answer(KABID_DAFDUK)[1].startswith(f"2/3 · {KK}")
    before = data(office)
    await chat.process(late)
    assert chat.last(KABID_DAFDUK).text == texts.BERKAS_TERDAHULUI
    assert kept(office) == []
    assert data(office) == before


async def test_a_file_after_kirim_is_refused_saying_the_data_was_sent(
    office: Office, chat: Chat
) -> None:
    office.walk(at_step=5)
    before = data(office)
    await chat.document(KABID_DAFDUK, "laporan-kk-juni.pdf", REPORT)
    assert chat.last(KABID_DAFDUK).text == (
        "Bukti dukung tidak dapat ditambah: data Bidang Pelayanan Pendaftaran Penduduk statusnya "
        "dikirim, menunggu verifikasi. Bukti dukung hanya dapat dikirim selama data masih diisi, "
        "atau setelah dikembalikan operator."
    )
    assert data(office) == before


async def test_evidence_required_keeps_kirim_back_naming_the_indicator_until_sent(
    office: Office, chat: Chat
) -> None:
    requiring_evidence(office, KTP)
    round_ = office.walk(at_step=4)
    await chat.text(KABID_DAFDUK, "/isi")
    assert "📎 Wajib bukti dukung: kirim foto atau dokumennya" in chat.last(KABID_DAFDUK).text
    for value in ("96", "7", "5"):
        await chat.text(KABID_DAFDUK, value)
    summary = chat.last(KABID_DAFDUK)
    assert f"1. {KTP} — 96 % · 101,05 % ✅ · 📎 wajib bukti dukung" in summary.text
    await chat.press(KABID_DAFDUK, "Kirim")
    refusal = texts.perlu_bukti([(1, KTP)])
    assert refusal.startswith(f"Belum dapat dikirim: indikator no. 1 ({KTP}) wajib dilampiri")
    assert chat.alert() == refusal[:200]
    assert chat.last(KABID_DAFDUK).text == refusal, "the whole sentence, past the alert's 200"
    assert office.submission(round_.id, DAFDUK).state == "diisi"

    await chat.press(KABID_DAFDUK, "Ubah")
    await chat.press(KABID_DAFDUK, "1")
    await chat.photo(KABID_DAFDUK, SIGN)
    await chat.text(KABID_DAFDUK, "/isi")
    summary = chat.last(KABID_DAFDUK)
    assert summary.text.startswith("Ringkasan —")
    assert "wajib bukti dukung" not in summary.text
    assert f"1. {KTP} — 96 % · 101,05 % ✅\n   📎 {kept(office)[0][0]}\n" in summary.text
    await chat.press(KABID_DAFDUK, "Kirim")
    assert "Terkirim pukul" in chat.last(KABID_DAFDUK).text
    assert office.submission(round_.id, DAFDUK).state == "dikirim"


def evidence_buttons(message: ChatMessage) -> dict[str, str]:
    """The verification card's evidence buttons: label → callback data."""
    return {b["text"]: b["data"] for row in message.buttons for b in row if b["text"][0] == "📎"}


async def sent_and_verifying(office: Office, chat: Chat) -> ChatMessage:
    """Sari's data with a photo on 1 and a PDF on 2, sent; the operator's verification card."""
    round_ = office.walk(at_step=4)
    await attach_two(chat)
    await chat.text(KABID_DAFDUK, "7")
    await chat.text(KABID_DAFDUK, "5")
    await chat.press(KABID_DAFDUK, "Kirim")
    assert office.submission(round_.id, DAFDUK).state == "dikirim"
    await chat.deliver()
    return next(m for m in reversed(chat.messages(OPERATOR)) if "Verifikasi —" in m.text)


async def test_the_operator_sees_the_files_at_verification_and_opens_each(
    office: Office, chat: Chat
) -> None:
    card = await sent_and_verifying(office, chat)
    photo_name = kept(office)[0][0]
    assert f"1. {KTP} — " in card.text
    assert f"\n   📎 {photo_name}\n" in card.text
    assert "\n   📎 laporan-kk-juni.pdf\n" in card.text
    assert list(evidence_buttons(card)) == [f"📎 1 · {photo_name}", "📎 2 · laporan-kk-juni.pdf"]
    assert card.labels()[:2] == ["✅ Terverifikasi", "↩️ Kembalikan"]

    await chat.press(OPERATOR, f"1 · {photo_name}")
    assert chat.last(OPERATOR).document == (photo_name, SIGN)
    await chat.press(OPERATOR, "2 · laporan-kk-juni.pdf")
    assert chat.last(OPERATOR).document == ("laporan-kk-juni.pdf", REPORT)
    assert card.labels()[:2] == ["✅ Terverifikasi", "↩️ Kembalikan"], "it still decides"
    await chat.press(OPERATOR, "Terverifikasi")
    assert "Terverifikasi oleh Andi" in card.text


async def test_the_files_open_for_the_planner_and_never_for_another_bidangs_kabid(
    office: Office, chat: Chat
) -> None:
    card = await sent_and_verifying(office, chat)
    forged = list(evidence_buttons(card).values())
    chat.world.chats[KABID_CAPIL].append(card)
    received = len(chat.messages(KABID_CAPIL))
    for data in forged:
        await chat.press_data(KABID_CAPIL, card.message_id, data)
        assert chat.alert() == texts.TOMBOL_TIDAK_DIKENAL
    assert chat.messages(KABID_CAPIL)[received:] == [], "nothing sent: no file, no message"
    newest = max(int(data.split(":")[1]) for data in forged)
    await chat.press_data(KABID_CAPIL, card.message_id, f"bd:{newest + 1}")
    assert chat.alert() == texts.TOMBOL_TIDAK_DIKENAL, "a file that does not exist alike"

    chat.world.chats[PERENCANA].append(card)
    await chat.press_data(PERENCANA, card.message_id, forged[1])
    assert chat.last(PERENCANA).document == ("laporan-kk-juni.pdf", REPORT)


async def test_a_file_sent_at_an_analysis_question_or_a_keterangan_asks_it_again(
    office: Office, chat: Chat
) -> None:
    round_ = office.walk(at_step=4)
    await chat.text(KABID_DAFDUK, "/isi")
    await chat.text(KABID_DAFDUK, "90")
    await chat.document(KABID_DAFDUK, "laporan-kk-juni.pdf", REPORT)
    echo, again = chat.answer(KABID_DAFDUK)
    assert echo.startswith(f"📎 Bukti dukung tersimpan untuk 1/3 · {KTP}")
    assert again.startswith(f"Faktor penghambat? (1/3 · {KTP})")
    assert chat.last(KABID_DAFDUK).labels() == ["⏭ Lewati", "Ubah"]
    await chat.text(KABID_DAFDUK, "Blanko terlambat")
    assert chat.answer(KABID_DAFDUK)[0] == "✅ Faktor penghambat tersimpan."

    await chat.press(KABID_DAFDUK, "Lewati")
    await chat.press(KABID_DAFDUK, "Tambah keterangan")
    await chat.photo(KABID_DAFDUK, SIGN)
    kk = next(i for i in office.items(office.submission(round_.id, DAFDUK)) if i.nama == KK)
    assert chat.answer(KABID_DAFDUK)[1] == texts.minta_keterangan(kk)
    await chat.text(KABID_DAFDUK, "Data dari SIAK per 30 Juni")
    assert chat.answer(KABID_DAFDUK)[0] == texts.KETERANGAN_TERSIMPAN

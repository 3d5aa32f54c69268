"""Step 4 in chat, as a Kabid on a phone sees it: one card per indicator, nothing ever lost."""

from __future__ import annotations

from decimal import Decimal

from bot import texts
from bot.emulator.model import flood
from bot.workflow.views import fill_items
from storage import queries
from tests.chatfixtures import open_chat
from tests.chatkit import Chat
from tests.conftest import KTP, Office
from tests.people import DAFDUK, KABID_CAPIL, KABID_DAFDUK, OPERATOR


def saved_values(office: Office, round_id: int) -> dict[str, Decimal | None]:
    submission = office.submission(round_id, DAFDUK)
    with office.ctx.read() as session:
        return {i.nama: i.value for i in fill_items(session, office.ctx, submission)}


async def test_kabid_fills_one_card_at_a_time_with_echo_and_capaian(
    office: Office, chat: Chat
) -> None:
    round_ = office.walk(at_step=4)
    await chat.text(KABID_DAFDUK, "/isi")
    card = chat.last(KABID_DAFDUK)
    assert card.text.startswith("1/3 · Persentase penduduk wajib KTP-el yang telah merekam")
    assert "Target TW II: 95,00" in card.text
    assert "semakin tinggi semakin baik" in card.text
    assert card.labels() == ["⏭ Lewati", "📝 Tambah keterangan"], "no Sebelumnya on the first"

    await chat.text(KABID_DAFDUK, "96")
    echo, next_card = chat.answer(KABID_DAFDUK)
    assert chat.last(KABID_DAFDUK).labels() == [
        "⬅️ Sebelumnya",
        "⏭ Lewati",
        "📝 Tambah keterangan",
        "➕ Tambah faktor pendorong",
    ], "the next card's buttons, then the one of the value echoed (at target: issue 14)"
    assert card.labels() == [], "the answered card loses its buttons"
    assert echo == "✅ Tercatat 1/3: 96 % · capaian 101,05 % (Sangat Tinggi)"
    assert next_card.startswith("2/3 · Rata-rata waktu penerbitan KK")
    assert "semakin rendah semakin baik" in next_card and "(2 × target − realisasi)" in next_card
    assert saved_values(office, round_.id)[
        "Persentase penduduk wajib KTP-el yang telah merekam"
    ] == Decimal("96")


async def test_words_are_refused_and_the_same_card_is_asked_again(
    office: Office, chat: Chat
) -> None:
    round_ = office.walk(at_step=4)
    await chat.text(KABID_DAFDUK, "/isi")
    await chat.text(KABID_DAFDUK, "sembilan puluh")
    refusal, again = chat.answer(KABID_DAFDUK)
    assert "«sembilan puluh» belum bisa dibaca sebagai angka" in refusal
    assert again.startswith("1/3 ·")
    assert all(v is None for v in saved_values(office, round_.id).values())


async def test_lewati_comes_back_after_the_last_and_sebelumnya_goes_back(
    office: Office, chat: Chat
) -> None:
    office.walk(at_step=4)
    await chat.text(KABID_DAFDUK, "/isi")
    await chat.press(KABID_DAFDUK, "Lewati")
    assert chat.last(KABID_DAFDUK).text.startswith("2/3 ·")
    assert chat.messages(KABID_DAFDUK)[-2].labels() == []
    await chat.text(KABID_DAFDUK, "7")
    assert chat.answer(KABID_DAFDUK)[-1].startswith("3/3 ·")
    await chat.press(KABID_DAFDUK, "Sebelumnya")
    assert chat.last(KABID_DAFDUK).text.startswith("2/3 ·")
    assert "Nilai tersimpan: 7 hari" in chat.last(KABID_DAFDUK).text
    await chat.text(KABID_DAFDUK, "6,5")
    await chat.text(KABID_DAFDUK, "5")
    assert chat.answer(KABID_DAFDUK)[-1].startswith("1/3 ·"), "the skipped one comes back"


async def test_a_value_below_target_asks_faktor_penghambat_then_upaya(
    office: Office, chat: Chat
) -> None:
    """Issue 14: in place of the far-from-target keterangan, every value below 100 % asks why
    and what is done about it, one question a message, each with Lewati."""
    round_ = office.walk(at_step=4)
    await chat.text(KABID_DAFDUK, "/isi")
    await chat.text(KABID_DAFDUK, "38")
    echo, question = chat.answer(KABID_DAFDUK)
    assert echo == (
        "✅ Tercatat 1/3: 38 % · capaian 40,00 % (Sangat Rendah)\n"
        "⚠️ Capaian jauh dari target: periksa kembali angkanya (Ubah bila keliru)."
    )
    assert question == (
        "Faktor penghambat? (1/3 · Persentase penduduk wajib KTP-el yang telah merekam)\n"
        "Apa yang menghambat tercapainya target?\nKetik singkat, atau Lewati."
    )
    assert chat.last(KABID_DAFDUK).labels() == ["⏭ Lewati", "Ubah"]
    await chat.text(KABID_DAFDUK, "Server SIAK gangguan 3 minggu")
    saved, question = chat.answer(KABID_DAFDUK)
    assert saved == "✅ Faktor penghambat tersimpan."
    assert question.startswith("Upaya / tindak lanjut? (1/3 ·")
    await chat.text(KABID_DAFDUK, "Perekaman keliling di 21 kecamatan")
    saved, next_card = chat.answer(KABID_DAFDUK)
    assert saved == "✅ Upaya / tindak lanjut tersimpan."
    assert next_card.startswith("2/3 ·")
    submission = office.submission(round_.id, DAFDUK)
    with office.ctx.read() as session:
        row = next(
            r for r in queries.realisations(session, submission.id).values() if r.value is not None
        )
    assert (row.faktor_penghambat, row.upaya) == (
        "Server SIAK gangguan 3 minggu",
        "Perekaman keliling di 21 kecamatan",
    )


async def test_lewati_skips_an_analysis_question_and_kirim_reminds_of_it(
    office: Office, chat: Chat
) -> None:
    round_ = office.walk(at_step=4)
    await chat.text(KABID_DAFDUK, "/isi")
    await chat.text(KABID_DAFDUK, "90")
    await chat.press(KABID_DAFDUK, "Lewati")
    assert chat.last(KABID_DAFDUK).text.startswith("Upaya / tindak lanjut? (1/3 ·")
    await chat.text(KABID_DAFDUK, "Jemput bola di sekolah")
    await chat.text(KABID_DAFDUK, "7")
    await chat.text(KABID_DAFDUK, "5")
    summary = chat.last(KABID_DAFDUK)
    assert chat.answer(KABID_DAFDUK)[-1].startswith("Ringkasan —")
    assert (
        "1. Persentase penduduk wajib KTP-el yang telah merekam — 90 % · 94,74 % · ⚠️ analisis "
        "belum lengkap\n"
    ) in summary.text
    assert "   Upaya / tindak lanjut: Jemput bola di sekolah" in summary.text

    await chat.press(KABID_DAFDUK, "Kirim")
    reminder = chat.last(KABID_DAFDUK)
    assert reminder.text.splitlines()[:2] == [
        "Analisis belum lengkap untuk capaian di bawah target:",
        "1. Persentase penduduk wajib KTP-el yang telah merekam — belum ada faktor penghambat",
    ]
    assert reminder.labels() == ["✏️ Ubah", "📨 Kirim"]
    assert summary.labels() == [], "only the reminder is actionable now"
    assert office.submission(round_.id, DAFDUK).state == "diisi"
    await chat.press(KABID_DAFDUK, "Kirim")
    assert "Terkirim pukul" in chat.last(KABID_DAFDUK).text
    assert office.submission(round_.id, DAFDUK).state == "dikirim"


async def test_a_number_typed_at_the_penghambat_question_replaces_the_value_and_says_so(
    office: Office, chat: Chat
) -> None:
    """The echo showed a slip ("38" for 94,2): a bare number is no analysis but the value."""
    round_ = office.walk(at_step=4)
    await chat.text(KABID_DAFDUK, "/isi")
    await chat.text(KABID_DAFDUK, "38")
    assert chat.answer(KABID_DAFDUK)[0].startswith("✅ Tercatat 1/3: 38 % · capaian 40,00 %")
    await chat.text(KABID_DAFDUK, "96")
    echo, next_card = chat.answer(KABID_DAFDUK)
    assert echo == (
        "✅ Tercatat 1/3: diubah dari 38 menjadi 96 % · capaian 101,05 % (Sangat Tinggi)"
    )
    assert next_card.startswith("2/3 ·")
    assert saved_values(office, round_.id)[KTP] == Decimal("96")
    with office.ctx.read() as session:
        stored = queries.realisations(session, office.submission(round_.id, DAFDUK).id)
    assert all(r.faktor_penghambat == "" for r in stored.values())


async def test_tambah_faktor_pendorong_on_the_echo_then_the_same_next_card(
    office: Office, chat: Chat
) -> None:
    round_ = office.walk(at_step=4)
    await chat.text(KABID_DAFDUK, "/isi")
    await chat.text(KABID_DAFDUK, "96")
    await chat.press(KABID_DAFDUK, "Tambah faktor pendorong")
    question = chat.last(KABID_DAFDUK)
    assert question.text.startswith("Faktor pendorong? (1/3 ·")
    assert question.labels() == ["⏭ Lewati"]
    await chat.text(KABID_DAFDUK, "Perekaman di sekolah")
    saved, next_card = chat.answer(KABID_DAFDUK)
    assert saved == "✅ Faktor pendorong tersimpan."
    assert next_card.startswith("2/3 ·")
    submission = office.submission(round_.id, DAFDUK)
    with office.ctx.read() as session:
        stored = [r.faktor_pendorong for r in queries.realisations(session, submission.id).values()]
    assert "Perekaman di sekolah" in stored


async def test_an_older_echo_no_longer_adds_a_faktor_pendorong(office: Office, chat: Chat) -> None:
    office.walk(at_step=4)
    await chat.text(KABID_DAFDUK, "/isi")
    await chat.text(KABID_DAFDUK, "96")
    echo = chat.last(KABID_DAFDUK)
    button = next(b["data"] for row in echo.buttons for b in row if "pendorong" in b["text"])
    await chat.text(KABID_DAFDUK, "7")
    await chat.press_data(KABID_DAFDUK, echo.message_id, button)
    assert chat.alert() == texts.KARTU_SUDAH_TERJAWAB


async def test_the_echo_says_how_far_capaian_moved_from_the_quarter_before(
    office: Office, chat: Chat
) -> None:
    """Rata-rata waktu penerbitan KK: TW I realisation 8 days against 7 (85,71 %, from the
    round of TW I); TW II 6,5 against 7 is 107,14 %, 21,43 points up."""
    first = office.walk(at_step=11, triwulan=1, value="8")
    assert first.triwulan == 1
    round_ = office.walk(at_step=4, triwulan=2)
    await chat.text(KABID_DAFDUK, "/isi")
    await chat.press(KABID_DAFDUK, "Lewati")
    await chat.text(KABID_DAFDUK, "6,5")
    assert chat.answer(KABID_DAFDUK)[0] == (
        "✅ Tercatat 2/3: 6,5 hari · capaian 107,14 % (Sangat Tinggi) · naik 21,4 poin dari TW I"
    )
    assert round_.triwulan == 2


async def test_the_same_number_typed_again_is_no_change(office: Office, chat: Chat) -> None:
    office.walk(at_step=4)
    await chat.text(KABID_DAFDUK, "/isi")
    await chat.text(KABID_DAFDUK, "38")
    await chat.text(KABID_DAFDUK, "38,0")
    assert chat.answer(KABID_DAFDUK)[0].startswith("✅ Tercatat 1/3: 38,0 % · capaian 40,00 %")


async def test_summary_refuses_kirim_with_a_gap_then_sends(office: Office, chat: Chat) -> None:
    round_ = office.walk(at_step=4)
    await chat.text(KABID_DAFDUK, "/isi")
    await chat.text(KABID_DAFDUK, "95")
    await chat.text(KABID_DAFDUK, "7")
    await chat.press(KABID_DAFDUK, "Lewati")
    summary = chat.last(KABID_DAFDUK)
    assert summary.text.startswith("Ringkasan — Bidang Pelayanan Pendaftaran Penduduk, TW II 2026")
    assert "3. Persentase keluhan layanan — ⬜ belum diisi" in summary.text
    await chat.press(KABID_DAFDUK, "Kirim")
    assert chat.alert() == "Masih ada 1 indikator belum diisi (no. 3). Isi dulu, lalu kirim."
    assert office.submission(round_.id, DAFDUK).state == "diisi"

    await chat.press(KABID_DAFDUK, "Ubah")
    assert chat.last(KABID_DAFDUK).labels() == ["1", "2", "3"]
    await chat.press(KABID_DAFDUK, "3")
    await chat.text(KABID_DAFDUK, "5")
    await chat.press(KABID_DAFDUK, "Kirim")
    assert "Terkirim pukul" in chat.last(KABID_DAFDUK).text
    assert chat.last(KABID_DAFDUK).labels() == []
    assert office.submission(round_.id, DAFDUK).state == "dikirim"
    assert any(
        "Verifikasi — Bidang Pelayanan Pendaftaran Penduduk" in t
        for t in office.outbox_for(OPERATOR)
    )


async def test_another_kabid_cannot_press_or_see_this_bidang(office: Office, chat: Chat) -> None:
    round_ = office.walk(at_step=4)
    await chat.text(KABID_DAFDUK, "/isi")
    card = chat.last(KABID_DAFDUK)
    lewati = next(b["data"] for row in card.buttons for b in row if b["text"].endswith("Lewati"))
    chat.world.chats[KABID_CAPIL].append(card)
    await chat.press_data(KABID_CAPIL, card.message_id, lewati)
    assert chat.alert() == "Maaf, Anda hanya dapat melihat dan mengisi data bidang Anda sendiri."
    submission = office.submission(round_.id, DAFDUK)
    await chat.press_data(KABID_CAPIL, card.message_id, f"mi:{submission.id}")
    assert "bidang Anda sendiri" in chat.alert()


async def test_answers_survive_a_restart_and_isi_resumes_at_the_first_unanswered(
    office: Office, chat: Chat
) -> None:
    office.walk(at_step=4)
    await chat.text(KABID_DAFDUK, "/isi")
    await chat.text(KABID_DAFDUK, "95")
    await chat.application.shutdown()

    restarted, application = await open_chat(office.ctx, chat.world)
    try:
        await restarted.text(KABID_DAFDUK, "7")
        assert restarted.answer(KABID_DAFDUK)[0].startswith("✅ Tercatat 2/3: 7 hari")
        await restarted.text(KABID_DAFDUK, "/batal")
        await restarted.text(KABID_DAFDUK, "/isi")
        assert restarted.last(KABID_DAFDUK).text.startswith("3/3 · Persentase keluhan layanan")
    finally:
        await application.shutdown()  # type: ignore[attr-defined]


async def test_a_typed_value_delivered_twice_is_taken_once(office: Office, chat: Chat) -> None:
    """Telegram re-delivers updates not confirmed before a crash; a repeat changes nothing."""
    round_ = office.walk(at_step=4)
    await chat.text(KABID_DAFDUK, "/isi")
    update = chat.world.send_text(KABID_DAFDUK, "95")
    await chat.process(update)
    answers = len(chat.texts(KABID_DAFDUK))
    await chat.process(update)
    assert len(chat.texts(KABID_DAFDUK)) == answers
    values = saved_values(office, round_.id)
    assert values["Persentase penduduk wajib KTP-el yang telah merekam"] == Decimal("95")
    assert values["Rata-rata waktu penerbitan KK"] is None


async def test_a_card_whose_buttons_telegram_refuses_to_remove_leaves_the_answer_alone(
    office: Office, chat: Chat
) -> None:
    """Removing the answered card's buttons goes outside the rate limiter (bot.app.AnswersFirst),
    so Telegram's 429 for it reaches the handler: it is dropped, since a press on that card is
    refused by the core anyway, and the Kabid sees their echo and nothing else."""
    round_ = office.walk(at_step=4)
    await chat.text(KABID_DAFDUK, "/isi")
    card = chat.last(KABID_DAFDUK)
    chat.world.fail_next("editMessageReplyMarkup", flood(5), chat_id=KABID_DAFDUK)
    await chat.text(KABID_DAFDUK, "96")
    echo, next_card = chat.answer(KABID_DAFDUK)
    assert echo.startswith("✅ Tercatat 1/3: 96 %")
    assert next_card.startswith("2/3 ·")
    assert card.labels() != [], "Telegram kept the buttons"
    assert saved_values(office, round_.id)[KTP] == Decimal("96")
    await chat.press_data(KABID_DAFDUK, card.message_id, card.buttons[0][0]["data"])
    assert chat.alert() == texts.KARTU_SUDAH_TERJAWAB

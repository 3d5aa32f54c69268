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

    await chat.text(KABID_DAFDUK, "94,2")
    echo, next_card = chat.answer(KABID_DAFDUK)
    assert chat.last(KABID_DAFDUK).labels() == ["⬅️ Sebelumnya", "⏭ Lewati", "📝 Tambah keterangan"]
    assert card.labels() == [], "the answered card loses its buttons"
    assert echo == "✅ Tercatat 1/3: 94,2 % · capaian 99,16 % (Sangat Tinggi)"
    assert next_card.startswith("2/3 · Rata-rata waktu penerbitan KK")
    assert "semakin rendah semakin baik" in next_card and "(2 × target − realisasi)" in next_card
    assert saved_values(office, round_.id)[
        "Persentase penduduk wajib KTP-el yang telah merekam"
    ] == Decimal("94.2")


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


async def test_far_from_target_asks_confirmation_and_explanation(
    office: Office, chat: Chat
) -> None:
    round_ = office.walk(at_step=4)
    await chat.text(KABID_DAFDUK, "/isi")
    await chat.text(KABID_DAFDUK, "38")
    assert chat.answer(KABID_DAFDUK)[-1] == (
        "⚠️ 1/3 · Persentase penduduk wajib KTP-el yang telah merekam\n"
        "Capaian 40,00 % (Sangat Rendah) jauh dari target 95,00. Angka 38 sudah benar? "
        "Jika belum, ketik angka yang benar."
    )
    assert chat.last(KABID_DAFDUK).labels() == ["Ya, benar", "Ubah"]
    await chat.press(KABID_DAFDUK, "Ya, benar")
    assert chat.last(KABID_DAFDUK).text.startswith("Mohon tuliskan keterangan singkat")
    await chat.text(KABID_DAFDUK, "Server SIAK gangguan 3 minggu")
    saved, next_card = chat.answer(KABID_DAFDUK)
    assert saved == "✅ Keterangan tersimpan."
    assert next_card.startswith("2/3 ·")
    submission = office.submission(round_.id, DAFDUK)
    with office.ctx.read() as session:
        row = queries.realisations(session, submission.id)
        assert any(r.keterangan == "Server SIAK gangguan 3 minggu" for r in row.values())


async def test_a_number_typed_after_the_warning_replaces_the_value_and_says_so(
    office: Office, chat: Chat
) -> None:
    round_ = office.walk(at_step=4)
    await chat.text(KABID_DAFDUK, "/isi")
    await chat.text(KABID_DAFDUK, "38")
    assert chat.answer(KABID_DAFDUK)[0].startswith("✅ Tercatat 1/3: 38 % · capaian 40,00 %")
    await chat.text(KABID_DAFDUK, "94,2")
    echo, next_card = chat.answer(KABID_DAFDUK)
    assert echo == (
        "✅ Tercatat 1/3: diubah dari 38 menjadi 94,2 % · capaian 99,16 % (Sangat Tinggi)"
    )
    assert next_card.startswith("2/3 ·")
    assert saved_values(office, round_.id)[KTP] == Decimal("94.2")


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
    await chat.text(KABID_DAFDUK, "94,2")
    echo, next_card = chat.answer(KABID_DAFDUK)
    assert echo.startswith("✅ Tercatat 1/3: 94,2 %")
    assert next_card.startswith("2/3 ·")
    assert card.labels() != [], "Telegram kept the buttons"
    assert saved_values(office, round_.id)[KTP] == Decimal("94.2")
    await chat.press_data(KABID_DAFDUK, card.message_id, card.buttons[0][0]["data"])
    assert chat.alert() == texts.KARTU_SUDAH_TERJAWAB

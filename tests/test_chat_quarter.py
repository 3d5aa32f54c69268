"""A whole quarter in chat, every role, with returns at steps 2, 5 and 8 (issue: chat).

Each person only presses the buttons they see and types what the card asks; other people's
cards arrive through the outbox, as in production.
"""

from __future__ import annotations

from bot.states import RoundState
from storage import queries
from tests.chatkit import Chat
from tests.conftest import Office
from tests.people import (
    CAPIL,
    DAFDUK,
    KABID_CAPIL,
    KABID_DAFDUK,
    KABID_SEKRETARIAT,
    KASUBAG,
    KEPALA,
    OPERATOR,
    PERENCANA,
    SEKRETARIAT,
    SEKRETARIS,
)

VALUES = {
    KABID_SEKRETARIAT: ["73", "24"],
    KABID_DAFDUK: ["94,2", "6,5", "4"],
    KABID_CAPIL: ["1.150", "79"],
}


def round_now(office: Office):
    with office.ctx.read() as session:
        return queries.round_by_period(session, 2026, 2)


async def fill(chat: Chat, kabid: int, values: list[str]) -> None:
    """Every value typed; one below target is followed by its analysis (issue 14)."""
    await chat.press(kabid, "Mulai isi")
    for value in values:
        await chat.text(kabid, value)
        if chat.answer(kabid)[-1].startswith("Faktor penghambat?"):
            await chat.text(kabid, "Pencairan anggaran terlambat")
            assert chat.answer(kabid)[-1].startswith("Upaya / tindak lanjut?")
            await chat.text(kabid, "Percepatan pengajuan SPP")
    assert chat.answer(kabid)[-1].startswith("Ringkasan —")
    await chat.press(kabid, "Kirim")
    assert "Terkirim pukul" in chat.last(kabid).text


async def test_a_whole_quarter_in_chat(office: Office, chat: Chat) -> None:
    clock = office.clock
    # Step 1: the operator opens the round and corrects a target.
    await chat.text(OPERATOR, "/putaran 2026 II")
    opened = chat.last(OPERATOR)
    assert opened.text.startswith("Putaran Triwulan II 2026 dibuka (Rabu 1 Juli 07.30).")
    assert "batas: Jumat, 3 Juli 2026 pukul 07.30 WIB" in opened.text
    assert "• Bidang Pelayanan Pendaftaran Penduduk — 3 indikator" in opened.text
    await chat.press(OPERATOR, "Lihat per bidang")
    await chat.press(OPERATOR, f"{DAFDUK} (3)")
    assert (
        "1. Persentase penduduk wajib KTP-el yang telah merekam — % · target 95"
        in chat.last(OPERATOR).text
    )
    await chat.press(OPERATOR, "1")
    await chat.press(OPERATOR, "Ubah target")
    await chat.text(OPERATOR, "96")
    assert (
        chat.last(OPERATOR).text
        == "✅ Target «Persentase penduduk wajib KTP-el yang telah merekam» diubah menjadi 96."
    )
    await chat.press(OPERATOR, "Kirim ke Kasubag")

    # Step 2: the Kasubag returns it with a reason; the operator fixes and resends.
    clock.advance(minutes=5)
    await chat.deliver()
    card = chat.last(KASUBAG)
    assert card.text.startswith("Koreksi format — Triwulan II 2026 (langkah 2")
    assert card.labels() == ["✅ Benar", "↩️ Kembalikan"]
    assert any(m.document and m.document[0].endswith(".xlsx") for m in chat.messages(KASUBAG))
    await chat.press(KASUBAG, "Kembalikan")
    assert chat.last(KASUBAG).text == "Tuliskan alasan pengembalian:"
    assert chat.last(KASUBAG).force_reply
    await chat.text(KASUBAG, "Target TW II KTP-el seharusnya 95")
    assert card.text.startswith("↩️ Dikembalikan oleh Budi") and card.labels() == []
    await chat.deliver()
    back = chat.last(OPERATOR)
    assert "dikembalikan oleh Budi (Kasubag PKA)" in back.text
    assert "Target TW II KTP-el seharusnya 95" in back.text
    assert back.labels() == ["Perbaiki draft", "Kirim ke Kasubag"]
    await chat.press(OPERATOR, "Perbaiki draft")
    await chat.press(OPERATOR, f"{DAFDUK} (3)")
    await chat.press(OPERATOR, "1")
    await chat.press(OPERATOR, "Ubah target")
    await chat.text(OPERATOR, "95")
    await chat.press(OPERATOR, "Kirim ke Kasubag")
    await chat.deliver()
    await chat.press(KASUBAG, "Benar")
    assert chat.last(KASUBAG).text.startswith("✅ Format dinyatakan benar oleh Budi")

    # Step 3: distribution; every Kabid gets their format with the xlsx.
    await chat.deliver()
    assert chat.last(OPERATOR).text.startswith("Format benar (Budi,")
    await chat.press(OPERATOR, "Bagikan ke Kabid")
    assert chat.last(OPERATOR).text == "✅ Format dibagikan ke 3 bidang."
    await chat.deliver()
    for kabid in VALUES:
        texts = chat.texts(kabid)
        assert any(t.startswith("Format Data Kinerja Triwulan II 2026") for t in texts)
        assert any(m.document for m in chat.messages(kabid))

    # Step 4: each Kabid fills and sends.
    for kabid, values in VALUES.items():
        clock.advance(minutes=3)
        await fill(chat, kabid, values)
    await chat.deliver()
    assert sum("Verifikasi —" in t for t in chat.texts(OPERATOR)) == 3

    # Step 5: the operator returns indicator 2 of one bidang, then verifies everything.
    await chat.text(OPERATOR, "/verifikasi")
    assert chat.last(OPERATOR).text == "3 data bidang menunggu verifikasi. Pilih bidang:"
    await chat.press(OPERATOR, f"{DAFDUK} (TW II 2026)")
    await chat.press(OPERATOR, "Kembalikan")
    await chat.press(OPERATOR, "2")
    assert "Terpilih: 2." in chat.last(OPERATOR).text
    assert "✅ 2" in chat.last(OPERATOR).labels()
    await chat.press(OPERATOR, "Lanjut")
    await chat.text(OPERATOR, "Rata-rata waktu KK mohon dicek ulang")
    await chat.deliver()
    returned = chat.last(KABID_DAFDUK)
    assert "Indikator yang perlu diperbaiki: no. 2." in returned.text
    await chat.press(KABID_DAFDUK, "Mulai isi")
    assert chat.last(KABID_DAFDUK).text.startswith("2/3 · Rata-rata waktu penerbitan KK")
    await chat.text(KABID_DAFDUK, "6")
    assert chat.answer(KABID_DAFDUK)[-1].startswith("Ringkasan —")
    await chat.press(KABID_DAFDUK, "Kirim")
    await chat.deliver()
    for _ in range(3):
        await chat.text(OPERATOR, "/verifikasi")
        await chat.press(OPERATOR, chat.last(OPERATOR).labels()[0])
        await chat.press(OPERATOR, "Terverifikasi")
        assert "✅ Terverifikasi oleh Andi" in chat.last(OPERATOR).text

    # Step 6: compile and submit.
    await chat.deliver()
    assert any(
        t.startswith("Semua bidang Triwulan II 2026 terverifikasi") for t in chat.texts(OPERATOR)
    )
    await chat.press(OPERATOR, "Susun dan serahkan")

    # Step 7: Kasubag initials; a Kabid, a forged button and a double tap change nothing.
    await chat.deliver()
    paraf_card = chat.last(KASUBAG)
    assert paraf_card.text.startswith(
        "Data Kinerja Triwulan II 2026 — paraf Kasubag PKA (langkah 7)"
    )
    assert paraf_card.labels() == ["✍️ Paraf", "↩️ Kembalikan", "Unduh"]
    paraf_data = paraf_card.buttons[0][0]["data"]
    version = round_now(office).version
    chat.world.chats[KABID_CAPIL].append(paraf_card)
    await chat.press_data(KABID_CAPIL, paraf_card.message_id, paraf_data)
    assert chat.alert() == "Maaf, tindakan ini hanya untuk Kasubag PKA."
    await chat.press_data(KASUBAG, paraf_card.message_id, "pa:99999:1")
    assert chat.alert() == "Putaran pengumpulan data itu tidak ditemukan."
    await chat.press_data(KASUBAG, paraf_card.message_id, "zz:1:2")
    assert chat.alert() == "Tombol ini tidak dikenali atau sudah tidak berlaku."
    assert round_now(office).version == version
    await chat.press(KASUBAG, "Paraf")
    assert "✍️ Diparaf oleh Budi" in paraf_card.text and paraf_card.labels() == []
    await chat.press_data(KASUBAG, paraf_card.message_id, paraf_data)
    assert chat.alert().startswith("Data ini sudah diparaf oleh Budi pada Rabu 1 Juli")

    # Step 8: the Sekretaris returns; the Kasubag's paraf is void.
    await chat.deliver()
    sekretaris_card = chat.last(SEKRETARIS)
    assert "Paraf Kasubag PKA: ✅ Budi" in sekretaris_card.text
    await chat.press(SEKRETARIS, "Kembalikan")
    await chat.text(SEKRETARIS, "Keterangan capaian rendah belum lengkap")
    await chat.deliver()
    returned = chat.last(OPERATOR)
    assert "dikembalikan oleh Citra (Sekretaris)" in returned.text
    assert "Persetujuan yang dibatalkan: Paraf Kasubag PKA (Budi)." in returned.text
    assert returned.labels() == ["Susun dan serahkan", "Buka kembali bidang"]
    await chat.press_data(KASUBAG, paraf_card.message_id, paraf_data)
    assert "sudah" in chat.alert() or "tidak berlaku" in chat.alert()

    # Steps 6–9 again, then 10–11.
    await chat.press(OPERATOR, "Susun dan serahkan")
    await chat.deliver()
    await chat.press(KASUBAG, "Paraf")
    await chat.deliver()
    await chat.press(SEKRETARIS, "Paraf")
    await chat.deliver()
    kepala_card = chat.last(KEPALA)
    assert (
        "Paraf Kasubag PKA: ✅ Budi" in kepala_card.text
        and "Paraf Sekretaris: ✅ Citra" in kepala_card.text
    )
    assert kepala_card.labels() == ["✍️ Tandatangani", "↩️ Kembalikan", "Unduh"]
    await chat.press(KEPALA, "Tandatangani")
    await chat.deliver()
    assert chat.last(OPERATOR).text.startswith(
        "Data Kinerja Triwulan II 2026 ditandatangani Kepala Dinas"
    )
    await chat.press(OPERATOR, "Finalkan")
    await chat.deliver()
    for person in (KASUBAG, SEKRETARIS, KEPALA, PERENCANA):
        assert any("FINAL" in t for t in chat.texts(person))
        assert any(m.document for m in chat.messages(person))
    assert chat.last(OPERATOR).labels() == [SEKRETARIAT, DAFDUK, CAPIL, "Semua"]
    files = [m.document[0] for m in chat.messages(OPERATOR) if m.document]
    assert any(name.endswith(".csv") for name in files), files
    assert files.count("silakip-tw2-2026.xlsx") == 1, files
    await chat.press(OPERATOR, DAFDUK)
    assert round_now(office).state == RoundState.SILAKIP
    await chat.press(OPERATOR, "Semua")
    assert round_now(office).state == RoundState.SELESAI

    # A planner downloads the final workbook.
    await chat.text(PERENCANA, "/unduh 2026 II")
    assert chat.last(PERENCANA).document is not None
    assert chat.last(PERENCANA).document[0].endswith(".xlsx")

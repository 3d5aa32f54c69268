"""What a person types in chat is held to its limits before anything is saved (issue 9):
a number to 15 digits before the comma and 6 after, a keterangan to 1,000 characters, a return
reason to 500. The refusal names the limit and the same question stays open."""

from __future__ import annotations

from decimal import Decimal

from bot.states import SubmissionState
from storage import queries
from tests.chatkit import Chat
from tests.conftest import Office
from tests.people import DAFDUK, KABID_DAFDUK, OPERATOR

KTP = "Persentase penduduk wajib KTP-el yang telah merekam"


def ktp_value(office: Office, round_id: int) -> Decimal | None:
    return {i.nama: i.value for i in office.items(office.submission(round_id, DAFDUK))}[KTP]


async def test_a_realisation_beyond_the_number_range_is_refused_and_asked_again(
    office: Office, chat: Chat
) -> None:
    round_ = office.walk(at_step=4)
    await chat.text(KABID_DAFDUK, "/isi")

    await chat.text(KABID_DAFDUK, "1.234.567.890.123.456")
    refusal, again = chat.answer(KABID_DAFDUK)
    assert refusal == "Maaf, angka ini terlalu besar; paling banyak 15 angka sebelum koma."
    assert again.startswith("1/3 ·")
    await chat.text(KABID_DAFDUK, "94,1234567")
    assert "paling banyak 6 angka sesudah koma" in chat.answer(KABID_DAFDUK)[0]
    assert ktp_value(office, round_.id) is None

    await chat.text(KABID_DAFDUK, "94,123456")
    assert ktp_value(office, round_.id) == Decimal("94.123456")


async def test_a_target_beyond_the_number_range_is_refused_and_the_draft_keeps_its_target(
    office: Office, chat: Chat
) -> None:
    await chat.text(OPERATOR, "/putaran 2026 II")
    await chat.press(OPERATOR, "Lihat per bidang")
    await chat.press(OPERATOR, f"{DAFDUK} (3)")
    await chat.press(OPERATOR, "1")
    await chat.press(OPERATOR, "Ubah target")

    await chat.text(OPERATOR, "1.000.000.000.000.000")
    assert chat.last(OPERATOR).text == (
        "Maaf, angka ini terlalu besar; paling banyak 15 angka sebelum koma."
    )
    with office.ctx.read() as session:
        round_ = queries.round_by_period(session, 2026, 2)
        assert round_ is not None
        targets = {i.indicator.nama: i.target for i in queries.round_indicators(session, round_.id)}
    assert targets[KTP] == Decimal(95)

    await chat.text(OPERATOR, "96")
    assert chat.last(OPERATOR).text == f"✅ Target «{KTP}» diubah menjadi 96."


async def test_a_keterangan_over_a_thousand_characters_is_refused_naming_the_limit(
    office: Office, chat: Chat
) -> None:
    office.walk(at_step=4)
    await chat.text(KABID_DAFDUK, "/isi")
    await chat.press(KABID_DAFDUK, "Tambah keterangan")

    await chat.text(KABID_DAFDUK, "x" * 1001)
    assert chat.last(KABID_DAFDUK).text == (
        "Keterangan terlalu panjang (maksimal 1.000 karakter). Mohon diringkas."
    )
    await chat.text(KABID_DAFDUK, "Server SIAK gangguan 3 minggu")
    assert chat.answer(KABID_DAFDUK)[0] == "✅ Keterangan tersimpan."


async def test_a_return_reason_over_five_hundred_characters_is_refused_and_asked_again(
    office: Office, chat: Chat
) -> None:
    round_ = office.walk(at_step=5)
    await chat.text(OPERATOR, "/verifikasi")
    await chat.press(OPERATOR, f"{DAFDUK} (TW II 2026)")
    await chat.press(OPERATOR, "Kembalikan")
    await chat.press(OPERATOR, "Lanjut")

    await chat.text(OPERATOR, "x" * 501)
    assert chat.last(OPERATOR).text == (
        "Alasan terlalu panjang (maksimal 500 karakter). Mohon diringkas."
    )
    assert office.submission(round_.id, DAFDUK).state == SubmissionState.DIKIRIM

    await chat.text(OPERATOR, "y" * 500)
    assert office.submission(round_.id, DAFDUK).state == SubmissionState.DIKEMBALIKAN

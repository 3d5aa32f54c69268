"""Small words: a command's wrong argument is named, with that command's own example (issue 9,
item 9); a refused command changes nothing."""

from __future__ import annotations

import pytest

from tests.chatkit import Chat
from tests.conftest import Office, database_rows
from tests.people import OPERATOR, PERENCANA, STRANGER

UNDANG = "Contoh: /undang kabid Bidang Pelayanan Pencatatan Sipil"


@pytest.mark.parametrize(
    ("who", "typed", "answer"),
    [
        (
            PERENCANA,
            "/unduh 99999 2",
            "/unduh: Tahun «99999» tidak dikenal; tulis tahun 2000–2100. Contoh: /unduh 2026 II",
        ),
        (
            PERENCANA,
            "/unduh 2026 5",
            "/unduh: Triwulan «5» tidak dikenal; tulis 1–4 atau I–IV. Contoh: /unduh 2026 II",
        ),
        (
            PERENCANA,
            "/unduh juli",
            "/unduh: «juli» bukan tahun atau triwulan. Contoh: /unduh 2026 II",
        ),
        (
            PERENCANA,
            "/unduh 2026 II lengkap",
            "/unduh: «lengkap» bukan tahun atau triwulan. Contoh: /unduh 2026 II",
        ),
        (
            OPERATOR,
            "/putaran 2026 V",
            "/putaran: Triwulan «V» tidak dikenal; tulis 1–4 atau I–IV. Contoh: /putaran 2026 II",
        ),
        (
            OPERATOR,
            "/putaran 1999",
            "/putaran: Tahun «1999» tidak dikenal; tulis tahun 2000–2100. Contoh: /putaran 2026 II",
        ),
        (
            OPERATOR,
            "/putaran 2026 2027",
            "/putaran: «2027» berlebih; tulis satu tahun dan satu triwulan saja. "
            "Contoh: /putaran 2026 II",
        ),
        (
            OPERATOR,
            "/undang kabit",
            "/undang: Peran «kabit» tidak dikenal. Pilih salah satu: operator, kasubag, "
            f"sekretaris, kabid, kepala, perencana. {UNDANG}",
        ),
        (
            OPERATOR,
            "/undang kabid",
            f"/undang: Peran Kepala Bidang memerlukan nama bidang. {UNDANG}",
        ),
        (
            OPERATOR,
            "/undang kabid Bidang Khayalan",
            "/undang: Bidang «Bidang Khayalan» tidak dikenal. Bidang yang ada: Sekretariat; "
            "Bidang Pelayanan Pendaftaran Penduduk; Bidang Pelayanan Pencatatan Sipil. "
            f"{UNDANG}",
        ),
        (
            OPERATOR,
            "/undang perencana Sekretariat",
            f"/undang: Nama bidang hanya dipakai untuk peran kabid. {UNDANG}",
        ),
    ],
)
async def test_a_wrong_argument_is_named_with_an_example_of_the_same_command(
    office: Office, chat: Chat, who: int, typed: str, answer: str
) -> None:
    before = database_rows(office.ctx)
    await chat.text(who, typed)
    assert chat.texts(who) == [answer]
    assert database_rows(office.ctx) == before


async def test_a_code_that_does_not_work_names_start(bare_chat: Chat) -> None:
    await bare_chat.text(STRANGER, "/start kodengawur")
    assert bare_chat.texts(STRANGER) == [
        "Kode undangan ini tidak berlaku (sudah dipakai, dibatalkan, kedaluwarsa, atau salah). "
        "/start hanya menerima kode dari tautan undangan: mintalah tautan baru kepada operator."
    ]

"""/unduh tahunan [tahun] (issue 14, the year's workbook): TW I–IV in one file, in chat."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.chatkit import Chat
from tests.conftest import KABID_DAFDUK, PERENCANA, Office


async def test_a_planner_downloads_the_years_workbook(office: Office, chat: Chat) -> None:
    office.walk(at_step=4)

    await chat.text(PERENCANA, "/unduh tahunan 2026")

    name, content = chat.last(PERENCANA).document
    assert name == "data-kinerja-tahun-2026-DRAFT.xlsx"
    assert "Data Tahunan" in load_workbook(io.BytesIO(content)).sheetnames


async def test_the_year_defaults_to_the_open_rounds_and_a_triwulan_is_refused(
    office: Office, chat: Chat
) -> None:
    office.walk(at_step=4)

    await chat.text(KABID_DAFDUK, "/unduh tahunan")
    assert chat.last(KABID_DAFDUK).document[0].startswith("data-kinerja-tahun-2026-")
    await chat.text(KABID_DAFDUK, "/unduh tahunan 2026 II")
    assert chat.last(KABID_DAFDUK).text.startswith("/unduh: ")
    assert "Contoh: /unduh tahunan 2026" in chat.last(KABID_DAFDUK).text

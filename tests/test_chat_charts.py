"""Pictures (issue 14, part 3): an approver's card and the operator's /status come after a
chart of capaian per bidang and per kategori, as a message of its own."""

from __future__ import annotations

from tests.chatkit import Chat
from tests.conftest import KABID_DAFDUK, KASUBAG, OPERATOR, Office

PNG = b"\x89PNG\r\n\x1a\n"


async def test_an_approvers_card_comes_after_the_rounds_chart(office: Office, chat: Chat) -> None:
    office.walk(at_step=7)

    await chat.deliver()

    messages = chat.messages(KASUBAG)
    card = next(i for i, m in enumerate(messages) if "(langkah 7)" in m.text)
    charts = [i for i, m in enumerate(messages) if m.photo is not None]
    assert charts and charts[-1] < card, "the chart comes before the card"
    chart = messages[charts[-1]]
    assert chart.photo[1].startswith(PNG)
    assert chart.caption == "📊 Capaian Triwulan II 2026 per bidang dan per kategori"
    assert chart.buttons == [] and messages[card].labels()[0] == "✍️ Paraf"


async def test_status_for_the_operator_comes_after_a_chart_and_a_kabids_does_not(
    office: Office, chat: Chat
) -> None:
    office.walk(at_step=5)

    await chat.text(OPERATOR, "/status")
    await chat.text(KABID_DAFDUK, "/status")

    chart, status = chat.messages(OPERATOR)[-2:]
    assert chart.photo is not None and chart.photo[1].startswith(PNG)
    assert status.text.startswith("Triwulan II 2026")
    assert all(m.photo is None for m in chat.messages(KABID_DAFDUK))

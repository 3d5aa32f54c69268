"""What was signed stays signed (issue 10, part 5): a re-imported master reaches an open round
only when the administrator applies it (`import-indikator --terapkan-ke-putaran`), before step
6 as a change of the draft, from step 6 on only with --paksa as a return to step 6, and never
once the data is final."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.errors import InvalidInput
from bot.sop import StepNo
from bot.states import RoundState
from bot.workflow import approvals, common, master
from storage import queries
from tests.conftest import (
    DAFDUK,
    KABID_DAFDUK,
    KASUBAG,
    KTP,
    OPERATOR,
    SEKRETARIS,
    SMALL_MASTER,
    Office,
    approvals_of,
    indicator,
    outbox_messages,
    refused,
)

TURNED = [
    row if row.indikator != KTP else replace(row, arah="turun", rumus="selisih", satuan="‰")
    for row in SMALL_MASTER
]
"""The sample master with the KTP-el indicator's direction turned, as in the issue."""


def ktp_item(office: Office, round_id: int):
    with office.ctx.read() as session:
        return next(i for i in queries.round_indicators(session, round_id) if i.nama == KTP)


def texts_of(office: Office, telegram_id: int) -> list[str]:
    return [m.text for m in outbox_messages(office.ctx, telegram_id)]


def test_applying_at_step_8_without_paksa_is_refused_and_nothing_is_loaded(
    office: Office,
) -> None:
    office.walk(at_step=8)

    with refused(office.ctx, InvalidInput, "sudah di langkah 8.*--paksa"):
        master.load_indicators(office.ctx, TURNED, 2026, terapkan=True)


def test_applying_at_step_8_with_paksa_voids_the_paraf_and_says_so(office: Office) -> None:
    round_ = office.walk(at_step=8)
    with office.ctx.read() as session:
        signed_hash = common.content_hash(session, office.round(round_.id))

    loaded = master.load_indicators(office.ctx, TURNED, 2026, terapkan=True, paksa=True)

    (done,) = loaded.applied
    assert done.changed == [KTP] and done.voided == ["Paraf Kasubag PKA (Budi)"]
    assert office.round(round_.id).state == RoundState.PENYUSUNAN
    assert (ktp_item(office, round_.id).arah, ktp_item(office, round_.id).satuan) == ("turun", "‰")
    voided = [a for a in approvals_of(office.ctx, round_.id) if a.step == StepNo.PARAF_KASUBAG]
    assert [a.voided_at is not None for a in voided] == [True]
    assert "definisi indikator diubah" in (voided[0].void_reason or "")
    assert "paraf atau tanda tangan Anda pada data itu batal" in texts_of(office, KASUBAG)[-1]
    operator = texts_of(office, OPERATOR)
    assert any("Persetujuan yang dibatalkan: Paraf Kasubag PKA (Budi)" in t for t in operator)
    assert any("langkah 6" in t.lower() for t in operator)
    (card,) = [m for m in outbox_messages(office.ctx, SEKRETARIS) if "langkah 8" in m.text]
    assert card.failed_at is not None, "a card not sent yet for a step voided never goes"
    with office.ctx.read() as session:
        assert common.content_hash(session, office.round(round_.id)) != signed_hash
    with pytest.raises(Exception, match="langkah 6"):
        office.press(approvals.approve, SEKRETARIS, round_.id)


def test_applying_during_filling_tells_the_kabid_and_keeps_their_values(office: Office) -> None:
    round_ = office.walk(at_step=4)
    dafduk = office.submission(round_.id, DAFDUK)
    item = next(i for i in office.items(dafduk) if i.nama == KTP)
    office.type_value(KABID_DAFDUK, dafduk, item.indicator_id, "90")

    master.load_indicators(office.ctx, TURNED, 2026, terapkan=True)

    after = office.submission(round_.id, DAFDUK)
    assert after.version == dafduk.version + 1
    (ktp,) = [i for i in office.items(after) if i.nama == KTP]
    assert ktp.value == 90 and ktp.arah == "turun"
    told = texts_of(office, KABID_DAFDUK)
    assert any(f"{KTP}" in t and "diubah oleh administrator" in t for t in told)
    assert told[-1].startswith("Format Data Kinerja Triwulan II 2026")
    assert office.round(round_.id).state == RoundState.PENGISIAN


def test_indicators_come_and_go_with_the_master_before_the_formats_go_out(
    office: Office,
) -> None:
    round_ = office.walk(at_step=1)
    added = indicator(DAFDUK, "Persentase anak yang memiliki KIA")
    changed = [row for row in SMALL_MASTER if row.indikator != KTP] + [added]

    loaded = master.load_indicators(office.ctx, changed, 2026, terapkan=True)

    (done,) = loaded.applied
    assert done.added == ["Persentase anak yang memiliki KIA"] and done.removed == [KTP]
    with office.ctx.read() as session:
        names = [i.nama for i in queries.round_indicators(session, round_.id)]
    assert KTP not in names and "Persentase anak yang memiliki KIA" in names
    draft_card, summary = outbox_messages(office.ctx, OPERATOR)[-2:]
    assert draft_card.text.startswith("Putaran Triwulan II 2026 dibuka")
    assert "Bidang Pelayanan Pendaftaran Penduduk — 3 indikator" in draft_card.text
    assert summary.text.startswith("ℹ️ Definisi indikator Triwulan II 2026 diperbarui")


def test_a_new_indicator_is_refused_once_the_formats_are_out(office: Office) -> None:
    office.walk(at_step=4)
    added = [*SMALL_MASTER, indicator(DAFDUK, "Persentase anak yang memiliki KIA")]

    with refused(office.ctx, InvalidInput, "sudah dibagikan ke Kabid"):
        master.load_indicators(office.ctx, added, 2026, terapkan=True)


def test_a_final_round_is_never_changed_even_with_paksa(office: Office) -> None:
    office.walk(at_step=11)

    with refused(office.ctx, InvalidInput, "sudah final"):
        master.load_indicators(office.ctx, TURNED, 2026, terapkan=True, paksa=True)


def test_without_terapkan_the_open_round_is_named_as_keeping_its_definitions(
    office: Office,
) -> None:
    round_ = office.walk(at_step=8)

    loaded = master.load_indicators(office.ctx, TURNED, 2026)

    assert loaded.kept == [(2026, 2)] and loaded.applied == []
    assert ktp_item(office, round_.id).arah == "naik"
    approvals.approve(
        office.ctx,
        actor=SEKRETARIS,
        round_id=round_.id,
        expected_version=office.round(round_.id).version,
    )
    assert office.round(round_.id).state == RoundState.TANDATANGAN

"""Workflow states of a round and of one bidang's submission, and where each sits in the SOP."""

from __future__ import annotations

from enum import StrEnum

from bot.sop import StepNo


class RoundState(StrEnum):
    DRAFT = "draft"
    KOREKSI = "koreksi"
    DISTRIBUSI = "distribusi"
    PENGISIAN = "pengisian"
    PENYUSUNAN = "penyusunan"
    PARAF_KASUBAG = "paraf_kasubag"
    PARAF_SEKRETARIS = "paraf_sekretaris"
    TANDATANGAN = "tandatangan"
    FINALISASI = "finalisasi"
    SILAKIP = "silakip"
    SELESAI = "selesai"

    @property
    def step(self) -> int | None:
        """The SOP step the round is at (4 stands for 4–5); None once closed."""
        return _ROUND_STEP.get(self)

    @property
    def is_final(self) -> bool:
        """Locked: the data is final from step 10's Finalkan on."""
        return self in (RoundState.SILAKIP, RoundState.SELESAI)


_ROUND_STEP: dict[RoundState, int] = {
    RoundState.DRAFT: StepNo.DRAFT,
    RoundState.KOREKSI: StepNo.KOREKSI,
    RoundState.DISTRIBUSI: StepNo.DISTRIBUSI,
    RoundState.PENGISIAN: StepNo.PENGISIAN,
    RoundState.PENYUSUNAN: StepNo.PENYUSUNAN,
    RoundState.PARAF_KASUBAG: StepNo.PARAF_KASUBAG,
    RoundState.PARAF_SEKRETARIS: StepNo.PARAF_SEKRETARIS,
    RoundState.TANDATANGAN: StepNo.TANDATANGAN,
    RoundState.FINALISASI: StepNo.FINALISASI,
    RoundState.SILAKIP: StepNo.SILAKIP,
}


class SubmissionState(StrEnum):
    DIISI = "diisi"
    DIKIRIM = "dikirim"
    TERVERIFIKASI = "terverifikasi"
    DIKEMBALIKAN = "dikembalikan"

    @property
    def can_fill(self) -> bool:
        return self in (SubmissionState.DIISI, SubmissionState.DIKEMBALIKAN)

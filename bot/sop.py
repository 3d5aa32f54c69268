"""The SOP "Mekanisme Pengumpulan Data Kinerja" as data.

Everything that needs a step's name, its holder or its allotted time reads it here, so the SOP
can be checked against the paper original in one place (DESIGN §2).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum


class Role(StrEnum):
    """The roles of DESIGN §3; a person may hold several."""

    OPERATOR = "operator"
    KASUBAG = "kasubag"
    SEKRETARIS = "sekretaris"
    KABID = "kabid"
    KEPALA = "kepala"
    PERENCANA = "perencana"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


class Acting(StrEnum):
    """An acting appointment by letter, for a period (DESIGN §3): Pelaksana Tugas while the
    post is vacant, Pelaksana Harian while its holder is away."""

    PLT = "plt"
    PLH = "plh"

    @property
    def label(self) -> str:
        """As it precedes the office on paper: "Plt.", "Plh."."""
        return f"{self.value.capitalize()}."


ROLE_LABELS: dict[Role, str] = {
    Role.OPERATOR: "Operator Subbag Perencanaan",
    Role.KASUBAG: "Kasubag PKA",
    Role.SEKRETARIS: "Sekretaris",
    Role.KABID: "Kepala Bidang",
    Role.KEPALA: "Kepala Dinas",
    Role.PERENCANA: "Perencana",
}

SUPERIOR: dict[Role, Role] = {
    Role.KABID: Role.SEKRETARIS,
    Role.OPERATOR: Role.KASUBAG,
    Role.KASUBAG: Role.SEKRETARIS,
    Role.SEKRETARIS: Role.KEPALA,
    Role.KEPALA: Role.OPERATOR,
}
"""Who hears of a late step (DESIGN §5, Reminders); the Kepala's lateness goes to the operator."""


@dataclass(frozen=True)
class Allotted:
    """An allotted time in working days and working minutes, as WorkCalendar counts them."""

    days: int = 0
    minutes: int = 0

    @property
    def label(self) -> str:
        if self.days:
            return f"{self.days} hari kerja"
        return f"{self.minutes} menit kerja"

    @property
    def is_short(self) -> bool:
        """Steps of 60 minutes or less escalate after 60 working minutes instead of a day."""
        return self.days == 0 and self.minutes <= 60


class StepNo(IntEnum):
    DRAFT = 1
    KOREKSI = 2
    DISTRIBUSI = 3
    PENGISIAN = 4
    VERIFIKASI = 5
    PENYUSUNAN = 6
    PARAF_KASUBAG = 7
    PARAF_SEKRETARIS = 8
    TANDATANGAN = 9
    FINALISASI = 10
    SILAKIP = 11


@dataclass(frozen=True)
class Step:
    number: int
    name: str
    role: Role
    allotted: Allotted
    output: str
    per_bidang: bool = False
    apart_from: tuple[int, ...] = ()
    """Separation of duties (DESIGN §3): nobody who performed these steps of a round (for the
    same bidang) does this one, unless acting in its role or alone in it."""


STEPS: tuple[Step, ...] = (
    Step(1, "Membuat draft format data kinerja", Role.OPERATOR, Allotted(days=2), "draft format"),
    Step(
        2,
        "Mengkoreksi format",
        Role.KASUBAG,
        Allotted(minutes=10),
        "format data kinerja",
        apart_from=(1,),
    ),
    Step(
        3,
        "Menggandakan dan menyerahkan ke Kabid",
        Role.OPERATOR,
        Allotted(days=1),
        "format di meja Kabid",
    ),
    Step(
        4,
        "Menerima dan mengisi data kinerja",
        Role.KABID,
        Allotted(days=3),
        "format terisi",
        per_bidang=True,
    ),
    Step(
        5,
        "Menerima dan verifikasi data kinerja dari bidang",
        Role.OPERATOR,
        Allotted(days=1),
        "data terverifikasi",
        per_bidang=True,
        apart_from=(4,),
    ),
    Step(
        6,
        "Mengumpulkan dan menyerahkan data kinerja pada Kasubag PKA",
        Role.OPERATOR,
        Allotted(days=2),
        "print out data kinerja",
    ),
    Step(7, "Validasi dan paraf data kinerja", Role.KASUBAG, Allotted(minutes=10), "paraf Kasubag"),
    Step(
        8,
        "Paraf data kinerja",
        Role.SEKRETARIS,
        Allotted(minutes=10),
        "paraf Sekretaris",
        apart_from=(7,),
    ),
    Step(
        9,
        "Menandatangani data kinerja",
        Role.KEPALA,
        Allotted(minutes=10),
        "ditandatangani",
        apart_from=(7, 8),
    ),
    Step(10, "Data kinerja per triwulan final", Role.OPERATOR, Allotted(minutes=60), "data final"),
    Step(
        11,
        "Input data kinerja pada aplikasi SILAKIP",
        Role.OPERATOR,
        Allotted(minutes=60),
        "data di SILAKIP",
    ),
)


def step(number: int) -> Step:
    """The step with this SOP number (1–11)."""
    return STEPS[number - 1]


APPROVAL_STEPS: tuple[int, ...] = (
    StepNo.PARAF_KASUBAG,
    StepNo.PARAF_SEKRETARIS,
    StepNo.TANDATANGAN,
)
"""Approvals voided together by any return from steps 7–9 or by a data change (DESIGN §2)."""

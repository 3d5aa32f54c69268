"""What the indicator sheet reads into (`IndicatorRow`) and what it refuses with
(`RowProblem`, `IndicatorSheetError`); the format a Kabid sends back reports its problems the
same way.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from bot.capaian import Arah, Rumus, Sifat


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator as the operator wrote it; quarter tuples run TW I to TW IV."""

    row: int
    bidang: str
    sasaran: str
    indikator: str
    satuan: str
    arah: Arah
    rumus: Rumus | None
    """`None` for "naik", and for "turun" left blank: the office default applies."""
    sifat: Sifat
    boleh_negatif: bool
    target_tahunan: Decimal
    target_tw: tuple[Decimal | None, Decimal | None, Decimal | None, Decimal | None]
    """`None`: the indicator is not measured that quarter."""
    realisasi_tw: tuple[Decimal | None, Decimal | None, Decimal | None, Decimal | None]
    """History for quarters before the bot was used; later quarters come through the bot."""
    wajib_bukti: bool = False
    """Kirim waits until the realisation has a bukti dukung (issue 14)."""


@dataclass(frozen=True)
class RowProblem:
    """One thing to fix; `row` 0 means the file as a whole, `column` "" no single column."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        place = []
        if self.row:
            place.append(f"Baris {self.row}")
        if self.column:
            place.append(f"kolom {self.column}")
        if not place:
            return f"{self.message[:1].upper()}{self.message[1:]}"
        where = ", ".join(place)
        return f"{where[0].upper()}{where[1:]}: {self.message}"


class IndicatorSheetError(ValueError):
    """The sheet cannot be used as it is; `str()` lists every problem for the operator."""

    def __init__(self, problems: Sequence[RowProblem]) -> None:
        self.problems = list(problems)
        lines = [f"Daftar indikator belum dapat dipakai. Perbaiki {len(self.problems)} hal ini:"]
        lines += [f"- {problem}" for problem in self.problems]
        super().__init__("\n".join(lines))

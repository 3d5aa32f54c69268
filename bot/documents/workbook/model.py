"""What the workbooks print, as plain data: filled by `bot.workflow.files`, laid out here.

The figures a row prints (capaian, kategori, values to date) are derived in this module from
the quarter values with `bot.capaian`, so the sheet, the chart, the trend and the SILAKIP export
of one workbook can never disagree, and a test can check them without opening a file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Final

from bot import capaian as rules
from bot import texts

KOSONG: Final = "–"
"""Printed where a figure cannot be given (DESIGN §5: no percentage, never a zero)."""

BELUM_DIISI: Final = "belum diisi"
TANPA_CAPAIAN: Final = "Tanpa capaian"
KATEGORI: Final = tuple(label for _, label in rules.SKALA_DEFAULT)
"""The category labels from best to worst, for summaries and colours."""


@dataclass(frozen=True)
class Kop:
    """The office as the kop prints it, and the signature's place (Instansi, set by `init`)."""

    kabupaten: str
    instansi: str
    alamat: str
    tempat: str


@dataclass(frozen=True)
class Penandatangan:
    """Who the signature block names: whoever signed, under the appointment they signed with
    ("Plh. KEPALA DINAS …", their name, pangkat and NIP); before a signature, the office's head
    as `init` set it."""

    jabatan: str
    nama: str
    pangkat: str
    nip: str


@dataclass(frozen=True)
class Periode:
    tahun: int
    triwulan: int

    @property
    def tw(self) -> str:
        """ "TW II": how column headers name the quarter."""
        return texts.tw(self.triwulan)

    @property
    def judul(self) -> str:
        """ "TRIWULAN II TAHUN 2026": how titles name the period."""
        return f"TRIWULAN {texts.ROMAWI[self.triwulan]} TAHUN {self.tahun}"

    @property
    def berkas(self) -> str:
        """ "tw2-2026": how file names name the period."""
        return f"tw{self.triwulan}-{self.tahun}"


# --- the format of step 3 --------------------------------------------------------------------


@dataclass(frozen=True)
class FormatRow:
    """One indicator of a bidang's format, with what has been answered so far."""

    nomor: int
    sasaran: str
    indikator: str
    satuan: str
    target: Decimal | None
    realisasi: Decimal | None
    keterangan: str
    boleh_negatif: bool
    perlu_perbaikan: bool


@dataclass(frozen=True)
class Marker:
    """What an uploaded format names, so the reader can match it to its submission."""

    round_id: int
    bidang_id: int
    version: int


@dataclass(frozen=True)
class FormatDoc:
    kop: Kop
    periode: Periode
    bidang: str
    rows: tuple[FormatRow, ...]
    marker: Marker | None
    """None for the draft the Kasubag corrects at step 2: it is read, never sent back."""
    maks_keterangan: int
    """The longest keterangan the workflow accepts, so Excel can refuse a longer one."""


# --- the compiled workbook -------------------------------------------------------------------


@dataclass(frozen=True)
class Kuartal:
    """One quarter of an indicator: its target and realisation, and where the value came from."""

    triwulan: int
    target: Decimal | None
    realisasi: Decimal | None
    dari_riwayat: bool = False
    """The realisation came from the indicator import (quarters before the bot was used)."""


@dataclass(frozen=True)
class ReportRow:
    """One indicator of the compiled data, with the quarters of the year up to this one.

    Its figures are cached: every sheet, chart and footnote reads them again.
    """

    nomor: int
    sasaran: str
    indikator: str
    satuan: str
    arah: rules.Arah
    rumus: rules.Rumus
    sifat: rules.Sifat
    target_tahunan: Decimal
    keterangan: str
    kuartal: tuple[Kuartal, ...]
    """TW I up to the report's triwulan; the last one is this quarter."""

    @property
    def ini(self) -> Kuartal:
        return self.kuartal[-1]

    def capaian_kuartal(self, kuartal: Kuartal) -> Decimal | None:
        return rules.capaian(kuartal.target, kuartal.realisasi, self.arah, self.rumus)

    @cached_property
    def capaian_tw(self) -> Decimal | None:
        return self.capaian_kuartal(self.ini)

    @cached_property
    def kategori(self) -> str | None:
        pct = self.capaian_tw
        return rules.kategori(pct) if pct is not None else None

    @cached_property
    def target_sd(self) -> Decimal | None:
        return rules.akumulasi([k.target for k in self.kuartal], self.sifat)

    @cached_property
    def realisasi_sd(self) -> Decimal | None:
        return rules.akumulasi([k.realisasi for k in self.kuartal], self.sifat)

    @cached_property
    def capaian_sd(self) -> Decimal | None:
        return rules.capaian(self.target_sd, self.realisasi_sd, self.arah, self.rumus)

    @cached_property
    def capaian_tahunan(self) -> Decimal | None:
        return rules.capaian(self.target_tahunan, self.realisasi_sd, self.arah, self.rumus)

    def catatan(self, tw: str) -> list[str]:
        """Why a figure is printed as "–", in words for the footnotes (DESIGN §5)."""
        notes: list[str] = []
        now = self.ini
        if now.realisasi is None:
            notes.append(f"realisasi {tw} belum diisi")
        elif self.capaian_tw is None:
            if not now.target:
                notes.append(f"tanpa target {tw}, capaian {tw} tidak dihitung")
            else:
                notes.append("realisasi 0 dengan rumus rasio, capaian tidak dihitung")
        # "akhir" only reads this quarter, so earlier gaps never matter for it.
        if self.sifat != "akhir":
            for kuartal in self.kuartal[:-1]:
                name = texts.tw(kuartal.triwulan)
                if kuartal.target is None:
                    notes.append(f"{name} tidak diukur (tanpa target), target s.d. {tw} tidak ada")
                if kuartal.realisasi is None:
                    notes.append(
                        f"realisasi {name} tidak tersedia (tidak ada putaran {name} dan tidak ada "
                        "riwayat di master indikator)"
                    )
        known = now.realisasi is not None and self.realisasi_sd is not None
        if known and self.capaian_tahunan is None:
            notes.append("target tahunan 0, capaian tahunan tidak dihitung")
        return notes


@dataclass(frozen=True)
class BidangReport:
    nama: str
    rows: tuple[ReportRow, ...]

    def kategori_count(self) -> dict[str, int]:
        """Indicators per category, best first, then those without a capaian."""
        counts = dict.fromkeys((*KATEGORI, TANPA_CAPAIAN), 0)
        for row in self.rows:
            counts[row.kategori or TANPA_CAPAIAN] += 1
        return counts


@dataclass(frozen=True)
class ControlRow:
    """One activation of an SOP step on the Lembar Kendali (a return makes a second one)."""

    langkah: int
    kegiatan: str
    pelaksana: str
    jatah: str
    status: str
    bidang: str = ""
    oleh: str = ""
    mulai: str = ""
    selesai: str = ""
    batas: str = ""
    terpakai: str = ""
    terlambat: bool | None = None
    """None while the step has not finished, so the status is not coloured as a verdict."""
    dirangkap: str = ""
    """ "dirangkap (Plh.)" …: the one who acted also did the step before (DESIGN §3)."""


@dataclass(frozen=True)
class Paraf:
    """A paraf box (paraf hierarki): empty until that official initialled."""

    jabatan: str
    nama: str | None
    waktu: str | None


@dataclass(frozen=True)
class Report:
    kop: Kop
    periode: Periode
    final: bool
    lingkup: str
    """What the Rekap covers: "SELURUH BIDANG", or a Kabid's own bidang."""
    keadaan: str
    """Where the round stands, printed under the title ("DRAFT — langkah 7: …")."""
    bidang: tuple[BidangReport, ...]
    kendali: tuple[ControlRow, ...]
    paraf: tuple[Paraf, ...]
    penandatangan: Penandatangan
    tanggal: str
    """The date of the signature block: the Kepala's signature, else the day it was made."""

    @property
    def has_history(self) -> bool:
        """Whether any earlier quarter of the year has a value, so a trend can be shown."""
        return any(
            k.realisasi is not None for b in self.bidang for r in b.rows for k in r.kuartal[:-1]
        )


def mean(values: Sequence[Decimal]) -> Decimal | None:
    """The average capaian of a bidang, over the indicators that have one."""
    if not values:
        return None
    return sum(values, Decimal(0)) / len(values)

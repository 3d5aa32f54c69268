"""What the workbooks print, as plain data: filled by `bot.workflow.files`, laid out here.

The figures a row prints (capaian, kategori, values to date) are derived in this module from
the quarter values with `bot.capaian`, so the sheet, the chart, the trend and the SILAKIP export
of one workbook can never disagree, and a test can check them without opening a file.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Final

from bot import capaian as rules
from bot import texts

KOSONG: Final = "–"
"""Printed where a figure cannot be given (DESIGN §5: no percentage, never a zero)."""

BELUM_DIISI: Final = "belum diisi"
TRIWULAN: Final = (1, 2, 3, 4)
"""The quarters of a year, as the year's workbook lays them side by side."""
TANPA_CAPAIAN: Final = "Tanpa capaian"
KATEGORI: Final = tuple(label for _, label in rules.SKALA_DEFAULT)
"""The category labels from best to worst, for summaries and colours."""
KATEGORI_WARNA: Final = dict(
    zip(KATEGORI, ("63BE7B", "C6EFCE", "FFEB9C", "F8CBAD", "FF9B9B"), strict=True)
)
"""Green to red, so a printed page or a chart shows at a glance where the office falls short;
the workbook's cells and the chart's bars use the same colours."""


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
    faktor_penghambat: str = ""
    upaya: str = ""
    faktor_pendorong: str = ""


@dataclass(frozen=True)
class Analisis:
    """What the LKjIP asks of a quarter's value beyond its keterangan (issue 14): why a target
    was missed, what is done about it, and what helped one that was reached."""

    faktor_penghambat: str = ""
    upaya: str = ""
    faktor_pendorong: str = ""

    def __bool__(self) -> bool:
        return bool(self.faktor_penghambat or self.upaya or self.faktor_pendorong)

    @property
    def cells(self) -> tuple[str, str, str]:
        """The three texts in the order the sheets print them."""
        return (self.faktor_penghambat, self.upaya, self.faktor_pendorong)


ANALISIS_HEADERS: Final = ("Faktor penghambat", "Upaya / tindak lanjut", "Faktor pendorong")
"""The analysis columns' titles, the same on every sheet and export that prints them."""


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
    keterangan: str = ""
    """What the Kabid wrote with it (the year's workbook lists every quarter's)."""
    dari_putaran: bool = False
    """The quarter's round carries the indicator: a blank is "belum diisi", not "not available"."""
    analisis: Analisis = Analisis()


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
    analisis: Analisis = Analisis()
    """This quarter's analysis."""

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
    bukti: tuple[BuktiDukung, ...] = ()
    """The quarter's evidence files, for the "Bukti Dukung" sheet."""

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


# --- the year's workbook ---------------------------------------------------------------------


@dataclass(frozen=True)
class TahunRow:
    """One indicator over the whole year: TW I–IV side by side, then the annual figures.

    The annual realisation follows the sifat over all four quarters (kumulatif sums them,
    rata-rata averages them, akhir takes TW IV), so until every quarter needed is known it is
    "–" with a note, never a partial sum that would look like the year's figure.
    """

    nomor: int
    sasaran: str
    indikator: str
    satuan: str
    arah: rules.Arah
    rumus: rules.Rumus
    sifat: rules.Sifat
    target_tahunan: Decimal
    kuartal: tuple[Kuartal, ...]
    """TW I, II, III and IV, always four."""

    def capaian_kuartal(self, kuartal: Kuartal) -> Decimal | None:
        return rules.capaian(kuartal.target, kuartal.realisasi, self.arah, self.rumus)

    @cached_property
    def realisasi_tahunan(self) -> Decimal | None:
        return rules.akumulasi([k.realisasi for k in self.kuartal], self.sifat)

    @cached_property
    def capaian_tahunan(self) -> Decimal | None:
        return rules.capaian(self.target_tahunan, self.realisasi_tahunan, self.arah, self.rumus)

    @cached_property
    def kategori_tahunan(self) -> str | None:
        pct = self.capaian_tahunan
        return rules.kategori(pct) if pct is not None else None

    def catatan(self, kosong: Collection[int] = ()) -> list[str]:
        """Why a figure is printed as "–", in words for the footnotes (DESIGN §5).

        `kosong` are the quarters with no data at all (no round, no history): the sheet says
        that once, so they are not repeated for every indicator.
        """
        notes: list[str] = []
        for kuartal in self.kuartal:
            name = texts.tw(kuartal.triwulan)
            if kuartal.triwulan in kosong:
                continue
            if kuartal.target is None:
                notes.append(f"{name} tidak diukur (tanpa target)")
            elif kuartal.realisasi is None:
                notes.append(
                    f"realisasi {name} belum diisi"
                    if kuartal.dari_putaran
                    else f"realisasi {name} tidak tersedia (tidak ada putaran {name} dan tidak "
                    "ada riwayat di master indikator)"
                )
            elif self.capaian_kuartal(kuartal) is None:
                notes.append(
                    f"capaian {name} tidak dihitung (target 0, atau realisasi 0 dengan rumus rasio)"
                )
        needed = self.kuartal[-1:] if self.sifat == "akhir" else self.kuartal
        if any(k.triwulan in kosong for k in needed):
            return notes
        if self.realisasi_tahunan is None:
            notes.append(
                "realisasi tahunan tidak dihitung: sifat akhir memerlukan realisasi TW IV"
                if self.sifat == "akhir"
                else f"realisasi tahunan tidak dihitung: sifat {self.sifat} memerlukan realisasi "
                "keempat triwulan"
            )
        elif self.capaian_tahunan is None:
            notes.append(
                "capaian tahunan tidak dihitung (target tahunan 0, atau realisasi 0 dengan rumus "
                "rasio)"
            )
        return notes


@dataclass(frozen=True)
class TahunBidang:
    nama: str
    rows: tuple[TahunRow, ...]


@dataclass(frozen=True)
class BuktiDukung:
    """One evidence file of an indicator, as the "Bukti Dukung" sheet lists it (issue 14)."""

    bidang: str
    nomor: int
    indikator: str
    triwulan: int
    berkas: str
    oleh: str
    waktu: str
    sha256: str


@dataclass(frozen=True)
class TandaTangan:
    """A signed round's signature block: the paraf boxes, the signer and the date."""

    paraf: tuple[Paraf, ...]
    penandatangan: Penandatangan
    tanggal: str


@dataclass(frozen=True)
class TahunReport:
    """Everything the year's workbook prints (`/unduh tahunan`, `kinerja-bot ekspor --tahunan`)."""

    kop: Kop
    tahun: int
    final: bool
    """Every quarter is final or comes from the master's history: no round is still open."""
    lingkup: str
    keadaan: str
    """Where each quarter stands, printed under the title ("DRAFT — … TW III langkah 7 …")."""
    bidang: tuple[TahunBidang, ...]
    kosong: frozenset[int]
    """Quarters with no data at all (no round, no history), said once instead of per row."""
    bukti: tuple[BuktiDukung, ...]
    tanda_tangan: TandaTangan | None
    """Printed only once the year's last round (TW IV) is signed."""

    @property
    def judul(self) -> str:
        return f"DATA KINERJA TAHUN {self.tahun}"

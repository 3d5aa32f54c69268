"""The indicator sheet's columns: their headers, the help text each shows in the template and
the Petunjuk sheet, the other labels the reader accepts, and which are required.

The template writer and the reader both work from `COLUMNS`, so a column is described once.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from bot.texts import ROMAWI
from storage.models import Bidang, Indicator, column_length

SHEET: Final = "Indikator"
GUIDE_SHEET: Final = "Petunjuk"

BIDANG: Final = "Bidang"
SASARAN: Final = "Sasaran Strategis"
INDIKATOR: Final = "Indikator Kinerja"
SATUAN: Final = "Satuan"
ARAH: Final = "Arah"
RUMUS: Final = "Rumus (turun)"
SIFAT: Final = "Sifat"
BOLEH_NEGATIF: Final = "Boleh negatif"
WAJIB_BUKTI: Final = "Wajib bukti dukung"
TARGET_TAHUNAN: Final = "Target Tahunan"
TRIWULAN: Final = tuple(ROMAWI[number] for number in range(1, 5))
TARGET_TW: Final = tuple(f"Target TW {tw}" for tw in TRIWULAN)
REALISASI_TW: Final = tuple(f"Realisasi TW {tw}" for tw in TRIWULAN)
ANY_TARGET_TW: Final = "Target TW I–IV"
"""Names the four quarterly target columns together in a problem about all of them."""

MAX_LENGTH: Final = {
    BIDANG: column_length(Bidang, "nama"),
    SATUAN: column_length(Indicator, "satuan"),
}
"""Lengths of the database columns that hold these texts; Sasaran and Indikator are kept
without a limit."""

YA: Final = "Ya"
TIDAK: Final = "Tidak"

_MONTHS: Final = ("Januari–Maret", "April–Juni", "Juli–September", "Oktober–Desember")


@dataclass(frozen=True)
class Column:
    """One column of the sheet."""

    header: str
    width: float
    note: str
    """Shown as the header's comment and in the Petunjuk sheet: one text, two places."""
    required: bool = True
    aliases: tuple[str, ...] = ()
    """Other labels the reader accepts, for sheets the office made before the template."""


COLUMNS: Final = (
    Column(
        BIDANG,
        28,
        "Nama bidang atau sekretariat pemilik indikator, ditulis sama persis untuk semua "
        "indikatornya, misalnya 'Bidang Pelayanan Pencatatan Sipil'.",
    ),
    Column(
        SASARAN,
        36,
        "Sasaran strategis (Renstra) yang didukung indikator ini.",
        aliases=("Sasaran",),
    ),
    Column(
        INDIKATOR,
        44,
        "Nama indikator kinerja. Dalam satu bidang tidak boleh ada dua indikator bernama sama.",
        aliases=("Indikator",),
    ),
    Column(SATUAN, 11, "Satuan nilai, misalnya %, lembar, keping, hari, nilai, dokumen."),
    Column(
        ARAH,
        9,
        "'naik' bila makin tinggi makin baik: capaian = realisasi ÷ target × 100. "
        "'turun' bila makin rendah makin baik, misalnya waktu layanan atau jumlah keluhan; "
        "rumusnya dipilih di kolom Rumus (turun).",
    ),
    Column(
        RUMUS,
        11,
        "Hanya untuk arah 'turun'. 'selisih': capaian = (2 × target − realisasi) ÷ target × 100, "
        "paling kecil 0. 'rasio': capaian = target ÷ realisasi × 100. Kosongkan untuk memakai "
        "rumus bawaan kantor; kosongkan juga untuk arah 'naik'.",
        required=False,
        aliases=("Rumus",),
    ),
    Column(
        SIFAT,
        12,
        "Cara menggabungkan triwulan menjadi nilai s.d. triwulan dan tahunan: 'kumulatif' "
        "menjumlahkan triwulan (misalnya jumlah akta terbit), 'rata-rata' merata-ratakannya, "
        "'akhir' memakai nilai triwulan terakhir (misalnya persentase cakupan).",
    ),
    Column(
        BOLEH_NEGATIF,
        10,
        "'Ya' bila nilai indikator memang bisa negatif (misalnya laju pertumbuhan). "
        "Kosong berarti 'Tidak': angka negatif ditolak.",
        required=False,
    ),
    Column(
        WAJIB_BUKTI,
        10,
        "'Ya' bila kepala bidang wajib melampirkan bukti dukung (foto atau dokumen: PDF, Excel, "
        "JPG/PNG) untuk indikator ini; data bidang tidak dapat dikirim sebelum ada buktinya. "
        "Kosong berarti 'Tidak'. Kolom ini boleh tidak ada.",
        required=False,
        aliases=("Wajib bukti",),
    ),
    Column(
        TARGET_TAHUNAN,
        11,
        "Target satu tahun, wajib diisi. Untuk sifat 'kumulatif' biasanya jumlah target TW I–IV; "
        "untuk 'akhir' sama dengan target triwulan terakhir.",
    ),
    *(
        Column(
            header,
            10,
            f"Target triwulan {tw} ({months}). Kosongkan bila indikator tidak diukur pada "
            "triwulan ini; paling sedikit satu triwulan harus bertarget.",
            aliases=(f"Target TW {number}",),
        )
        for number, (header, tw, months) in enumerate(
            zip(TARGET_TW, TRIWULAN, _MONTHS, strict=True), start=1
        )
    ),
    *(
        Column(
            header,
            10,
            f"Realisasi triwulan {tw}, hanya untuk triwulan sebelum bot dipakai (riwayat). "
            "Triwulan berikutnya diisi kepala bidang lewat bot; biarkan kosong.",
            required=False,
            aliases=(f"Realisasi TW {number}",),
        )
        for number, (header, tw) in enumerate(zip(REALISASI_TW, TRIWULAN, strict=True), start=1)
    ),
)
NUMBER_COLUMNS: Final = (TARGET_TAHUNAN, *TARGET_TW, *REALISASI_TW)
"""The columns that hold numbers; the rest hold text or a choice."""


def either(allowed: Sequence[str]) -> str:
    """The choices of a dropdown in a sentence: "'naik' atau 'turun'"."""
    quoted = [f"'{value}'" for value in allowed]
    return f"{', '.join(quoted[:-1])} atau {quoted[-1]}"

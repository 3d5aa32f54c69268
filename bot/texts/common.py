"""The small pieces every text is built from: a round's name, a deadline, lateness, a list of
numbers, a capaian with its category. A wording used in more than one concern lives here once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from bot import formatting as fmt
from bot.views import FillItem

__all__ = [
    "ANALISIS_NAMA",
    "BELUM_DIISI",
    "PLT_PLH",
    "ROMAWI",
    "analisis_lines",
    "capaian_dan_kategori",
    "daftar_berkas",
    "daftar_nomor",
    "dirangkap",
    "lama_terlambat",
    "nilai",
    "putaran",
    "putaran_singkat",
    "rincian",
    "silakip_kemajuan",
    "tanggal_singkat",
    "tenggat",
    "tw",
]

ROMAWI = {1: "I", 2: "II", 3: "III", 4: "IV"}

PLT_PLH = {"plt": "Plt.", "plh": "Plh."}
"""An acting appointment as written before its jabatan: Pelaksana Tugas, Pelaksana Harian."""


def putaran(tahun: int, triwulan: int) -> str:
    """A round in full: "Triwulan II 2026"."""
    return f"Triwulan {ROMAWI[triwulan]} {tahun}"


def tw(triwulan: int) -> str:
    """A quarter as cards and column headers name it: "TW II"."""
    return f"TW {ROMAWI[triwulan]}"


def putaran_singkat(tahun: int, triwulan: int) -> str:
    """A round where room is short: "TW II 2026"."""
    return f"{tw(triwulan)} {tahun}"


def silakip_kemajuan(done: int, total: int) -> str:
    """How far step 11 is, on its card and in /status: "SILAKIP: 3 dari 5 bidang"."""
    return f"SILAKIP: {done} dari {total} bidang"


def tenggat(due: datetime, tz: str) -> str:
    return fmt.waktu_lengkap(due, tz)


def tanggal_singkat(moment: datetime, tz: str) -> str:
    return fmt.tanggal(moment.astimezone(ZoneInfo(tz)).date())


def lama_terlambat(minutes: int, days: int) -> str:
    """Working time past a deadline: "1 hari kerja", "2 jam kerja", "10 menit kerja"."""
    if days:
        return f"{days} hari kerja"
    return f"{fmt.durasi_kerja(minutes)} kerja"


def daftar_nomor(nomor: Sequence[int]) -> str:
    """Indicator numbers in a sentence: "1, 3, 4"."""
    return ", ".join(str(n) for n in nomor)


def capaian_dan_kategori(item: FillItem) -> str:
    """ "94,20 % (baik)": a capaian as a person reads it, with its category."""
    return f"{fmt.persen(item.capaian)} % ({item.kategori})"


ANALISIS_NAMA = {
    "penghambat": "Faktor penghambat",
    "upaya": "Upaya / tindak lanjut",
    "pendorong": "Faktor pendorong",
}
"""The analysis of a value (issue 14) as texts name it, by `bot.views.ANALISIS` key."""


def analisis_lines(item: FillItem) -> list[str]:
    """ "Faktor penghambat: …" for each analysis text given."""
    return [
        f"{name}: {item.analisis(kind)}"
        for kind, name in ANALISIS_NAMA.items()
        if item.analisis(kind)
    ]


def daftar_berkas(item: FillItem) -> str:
    return "; ".join(file.filename for file in item.bukti)


def rincian(item: FillItem) -> list[str]:
    """The lines under an indicator in a summary: its analysis and its evidence files."""
    lines = [f"   {line}" for line in analisis_lines(item)]
    if item.bukti:
        lines.append(f"   📎 {daftar_berkas(item)}")
    return lines


def dirangkap(jenis: str) -> str:
    """The mark of a step done by whoever did the step before (DESIGN §3): as an acting
    holder ("plt", "plh"), or because nobody else held the role ("tunggal")."""
    if jenis in PLT_PLH:
        return f"dirangkap ({PLT_PLH[jenis]})"
    return "dirangkap (tidak ada pemegang lain)"


BELUM_DIISI = "belum diisi"
"""A blank realisation, which is not zero (DESIGN §5)."""


def nilai(value: Decimal | None, satuan: str) -> str:
    """A value with its satuan ("94,2 %", "1.234 keping"), or "belum diisi"."""
    return BELUM_DIISI if value is None else fmt.nilai(value, satuan)

"""What the scheduler sends on its own: reminders before and after a deadline, the escalation
to the holder's superior, and the operators' notices that a person's chat refuses the bot or
that a message's document could not be built.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.sop import Role
from bot.texts.common import putaran, tenggat

__all__ = [
    "KEGIATAN",
    "berkas_gagal_disiapkan",
    "eskalasi",
    "masih_terlambat",
    "pemegang_langkah",
    "pengguna_tak_terjangkau",
    "pengingat_tenggat",
    "progres_isi",
    "sebab_tak_terkirim",
    "tenggat_lewat",
]

KEGIATAN: dict[int, str] = {
    1: "pembuatan draft format data kinerja",
    2: "koreksi format data kinerja",
    3: "penggandaan dan penyerahan format ke Kabid",
    4: "pengisian data kinerja",
    5: "verifikasi data kinerja",
    6: "penyusunan dan penyerahan data kinerja ke Kasubag PKA",
    7: "validasi dan paraf Kasubag PKA",
    8: "paraf Sekretaris",
    9: "tanda tangan Kepala Dinas",
    10: "finalisasi data kinerja",
    11: "input data kinerja ke SILAKIP",
}
"""Each SOP step as the activity a reminder speaks of ("pengisian data kinerja …")."""

_SEGERA = "Mohon segera diselesaikan."


def _langkah(tahun: int, triwulan: int, number: int, bidang: str | None) -> str:
    where = f" — {bidang}" if bidang else ""
    return f"{KEGIATAN[number]} {putaran(tahun, triwulan)}{where} (langkah {number})"


def _kalimat(text: str) -> str:
    return text[:1].upper() + text[1:]


def progres_isi(terisi: int, total: int) -> str:
    return f"{terisi} dari {total} indikator sudah diisi."


def _dengan(lines: list[str], progres: str | None) -> str:
    return "\n".join([*lines, progres] if progres else lines)


def pengingat_tenggat(
    tahun: int,
    triwulan: int,
    number: int,
    bidang: str | None,
    due: datetime,
    tz: str,
    progres: str | None = None,
) -> str:
    """Before the deadline: at opening on the working day before the due day, and on it."""
    return _dengan(
        [
            f"⏰ Pengingat: {_langkah(tahun, triwulan, number, bidang)} jatuh tempo "
            f"{tenggat(due, tz)}."
        ],
        progres,
    )


def tenggat_lewat(
    tahun: int,
    triwulan: int,
    number: int,
    bidang: str | None,
    due: datetime,
    tz: str,
    terlambat: str | None = None,
    progres: str | None = None,
) -> str:
    """At the deadline, to the holder; `terlambat` when it goes out later than the deadline."""
    late = f" (terlambat {terlambat})" if terlambat else ""
    return _dengan(
        [
            f"⚠️ Batas waktu {_langkah(tahun, triwulan, number, bidang)} sudah lewat: "
            f"{tenggat(due, tz)}{late}. {_SEGERA}"
        ],
        progres,
    )


def masih_terlambat(
    tahun: int,
    triwulan: int,
    number: int,
    bidang: str | None,
    due: datetime,
    tz: str,
    terlambat: str,
    progres: str | None = None,
) -> str:
    """The daily overdue reminder to the holder, after the escalation."""
    return _dengan(
        [
            f"⏰ {_kalimat(_langkah(tahun, triwulan, number, bidang))} terlambat {terlambat} "
            f"(batas {tenggat(due, tz)}). {_SEGERA}"
        ],
        progres,
    )


def pemegang_langkah(role: Role, names: Sequence[str]) -> str:
    if not names:
        return f"belum ada {role.label} yang terdaftar"
    return f"{', '.join(names)} ({role.label})"


def eskalasi(
    tahun: int,
    triwulan: int,
    number: int,
    bidang: str | None,
    due: datetime,
    tz: str,
    terlambat: str,
    pemegang: str,
    progres: str | None = None,
) -> str:
    """To the holder's superior (for the Kepala Dinas: the operator), naming who is late."""
    return _dengan(
        [
            f"⚠️ Eskalasi: {_langkah(tahun, triwulan, number, bidang)} terlambat {terlambat} "
            f"(batas {tenggat(due, tz)}).",
            f"Pemegang langkah: {pemegang}.",
        ],
        progres,
    )


_SEBAB_TAK_TERKIRIM = (
    ("blocked", "memblokir bot ini"),
    ("deactivated", "akun Telegram-nya sudah tidak aktif"),
    ("chat not found", "belum pernah memulai percakapan dengan bot ini"),
)


def sebab_tak_terkirim(error: str) -> str:
    """Telegram's refusal ("Forbidden: bot was blocked by the user") in the operator's words."""
    lowered = error.lower()
    for marker, sebab in _SEBAB_TAK_TERKIRIM:
        if marker in lowered:
            return sebab
    return f"Telegram menolak pengiriman ({error})"


def _penerima(nama: str, peran: Sequence[str]) -> str:
    return f"{nama} ({', '.join(peran)})" if peran else nama


def pengguna_tak_terjangkau(nama: str, peran: Sequence[str], sebab: str) -> str:
    """Told to the operators once, when a person's chat starts refusing the bot's messages."""
    who = _penerima(nama, peran)
    return (
        f"⚠️ Pesan bot tidak dapat dikirim kepada {who}: {sebab}. Mohon hubungi yang "
        "bersangkutan agar membuka bot ini lagi dan menekan Mulai (Start). Pesan yang gagal "
        "tidak dikirim ulang; posisi terbaru dapat dilihat dengan /status."
    )


def berkas_gagal_disiapkan(nama: str, peran: Sequence[str], judul: str, kali: int) -> str:
    """Told to the operators when a message's document failed to build `kali` times and the
    message was given up (so that person's later messages go on)."""
    pesan = f"pesan «{judul}»" if judul else "sebuah pesan"
    return (
        f"⚠️ Berkas untuk {_penerima(nama, peran)} gagal disiapkan {kali} kali, jadi {pesan} "
        "tidak dikirim kepadanya; pesan berikutnya untuknya tetap dikirim. Penyebabnya tercatat "
        "di log bot; setelah diperbaiki, yang bersangkutan dapat meminta kartunya lagi dengan "
        "/tugas."
    )

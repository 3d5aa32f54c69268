"""Why the bot says no: the messages a WorkflowError carries to the person who pressed or typed.

Each names what is wrong and, where there is one, what to do instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot import formatting as fmt
from bot.sop import Role, step
from bot.states import RoundState, SubmissionState
from bot.texts.common import daftar_nomor, putaran

__all__ = [
    "ALASAN_KOSONG",
    "ALASAN_PANJANG",
    "BELUM_ADA_FORMAT",
    "BELUM_TERDAFTAR",
    "BIDANG_TIDAK_UNTUK_PERAN",
    "BIDANG_WAJIB",
    "DATA_BIDANG_TIDAK_ADA",
    "DRAFT_TANPA_INDIKATOR",
    "INDIKATOR_BUKAN_BIDANG_ANDA",
    "INDIKATOR_TIDAK_ADA",
    "ISI_TARGET_DULU",
    "KETERANGAN_PANJANG",
    "KODE_TIDAK_BERLAKU",
    "PUTARAN_TIDAK_ADA",
    "STATUS_BIDANG",
    "TARGET_NEGATIF",
    "bidang_tidak_dikenal",
    "bukan_bidang_anda",
    "masih_kosong",
    "masih_perlu_perbaikan",
    "nilai_negatif",
    "peran_tidak_dikenal",
    "perlu_keterangan",
    "putaran_berpindah",
    "putaran_sudah_ada",
    "status_bidang_berubah",
    "sudah_ditangani",
    "tidak_ada_indikator",
    "tidak_berhak",
    "tidak_bisa_diisi",
    "triwulan_salah",
    "versi_berubah",
]

_TOMBOL_TIDAK_BERLAKU_LAGI = "Tombol ini tidak berlaku lagi."


def _terlalu_panjang(apa: str) -> str:
    return f"{apa} terlalu panjang (maksimal 1.000 karakter). Mohon diringkas."


# --- Who may do it ---

BELUM_TERDAFTAR = (
    "Akun Anda belum terdaftar. Untuk memakai bot ini, Anda memerlukan tautan undangan dari "
    "operator Subbag Perencanaan."
)
KODE_TIDAK_BERLAKU = (
    "Kode undangan ini tidak berlaku (sudah dipakai, dibatalkan, atau kedaluwarsa). "
    "Mintalah tautan baru kepada operator."
)
BIDANG_WAJIB = "Peran Kepala Bidang memerlukan nama bidang."
BIDANG_TIDAK_UNTUK_PERAN = "Nama bidang hanya dipakai untuk peran kabid."


def tidak_berhak(role: Role) -> str:
    return f"Maaf, tindakan ini hanya untuk {role.label}."


def bukan_bidang_anda() -> str:
    return "Maaf, Anda hanya dapat melihat dan mengisi data bidang Anda sendiri."


def peran_tidak_dikenal(text: str) -> str:
    names = ", ".join(role.value for role in Role)
    return f"Peran «{text}» tidak dikenal. Pilih salah satu: {names}."


def bidang_tidak_dikenal(text: str, known: Sequence[object]) -> str:
    names = "; ".join(getattr(b, "nama", str(b)) for b in known) or "(belum ada bidang)"
    return f"Bidang «{text}» tidak dikenal. Bidang yang ada: {names}."


# --- What does not exist ---

PUTARAN_TIDAK_ADA = "Putaran pengumpulan data itu tidak ditemukan."
DATA_BIDANG_TIDAK_ADA = "Data bidang itu tidak ditemukan."
INDIKATOR_TIDAK_ADA = "Indikator itu tidak ada dalam format putaran ini."
INDIKATOR_BUKAN_BIDANG_ANDA = "Indikator itu tidak ada dalam format bidang Anda."
BELUM_ADA_FORMAT = "Belum ada format data kinerja untuk bidang Anda pada putaran yang terbuka."


def putaran_sudah_ada(tahun: int, triwulan: int) -> str:
    return f"Putaran {putaran(tahun, triwulan)} sudah dibuka sebelumnya."


def tidak_ada_indikator(tahun: int) -> str:
    return (
        f"Belum ada indikator untuk tahun {tahun}. Impor dulu dengan "
        f"«kinerja-bot import-indikator FILE.xlsx --tahun {tahun}»."
    )


def triwulan_salah() -> str:
    return "Triwulan harus 1–4 atau I–IV, misalnya /putaran 2026 II."


# --- A button pressed after the data moved on ---

_VERB = {
    "benar": "dinyatakan benar",
    "kembalikan": "dikembalikan",
    "serahkan": "diserahkan ke Kasubag PKA",
    "paraf": "diparaf",
    "tandatangan": "ditandatangani",
    "verifikasi": "diverifikasi",
    "final": "difinalkan",
    "silakip": "dicatat sudah diinput ke SILAKIP",
    "kirim": "dikirim",
}

STATUS_BIDANG = {
    SubmissionState.DIISI: "sedang diisi",
    SubmissionState.DIKIRIM: "dikirim, menunggu verifikasi",
    SubmissionState.TERVERIFIKASI: "terverifikasi",
    SubmissionState.DIKEMBALIKAN: "dikembalikan untuk diperbaiki",
}


def sudah_ditangani(action: str, nama: str, at: datetime, tz: str) -> str:
    verb = _VERB.get(action, action)
    return f"Data ini sudah {verb} oleh {nama} pada {fmt.stempel(at, tz)}."


def putaran_berpindah(tahun: int, triwulan: int, state: RoundState) -> str:
    if state.step is None:
        return f"Putaran {putaran(tahun, triwulan)} sudah selesai. {_TOMBOL_TIDAK_BERLAKU_LAGI}"
    return (
        f"Putaran {putaran(tahun, triwulan)} sekarang di langkah {state.step} "
        f"({step(state.step).name}). {_TOMBOL_TIDAK_BERLAKU_LAGI}"
    )


def tidak_bisa_diisi(bidang: str, state: SubmissionState) -> str:
    return f"Data {bidang} tidak dapat diubah sekarang: statusnya {STATUS_BIDANG[state]}."


def status_bidang_berubah(bidang: str, state: SubmissionState) -> str:
    return (
        f"Data {bidang} sudah berubah status: {STATUS_BIDANG[state]}. {_TOMBOL_TIDAK_BERLAKU_LAGI}"
    )


def versi_berubah() -> str:
    return (
        "Data ini sudah berubah sejak tombol ini ditampilkan. "
        "Silakan buka ringkasan terbaru (/isi)."
    )


# --- What a person typed or left out ---

ALASAN_KOSONG = "Alasan pengembalian wajib diisi (minimal 3 huruf). Silakan tulis alasannya."
ALASAN_PANJANG = _terlalu_panjang("Alasan")
KETERANGAN_PANJANG = _terlalu_panjang("Keterangan")
TARGET_NEGATIF = "Target tidak boleh negatif untuk indikator ini."
ISI_TARGET_DULU = "Isi dulu target TW ini untuk indikator tersebut (Ubah target)."
DRAFT_TANPA_INDIKATOR = "Draft tidak berisi indikator yang diukur triwulan ini."


def nilai_negatif(indikator: str) -> str:
    return f"Realisasi «{indikator}» tidak boleh negatif. Ketik angka 0 atau lebih."


def masih_kosong(nomor: Sequence[int]) -> str:
    return (
        f"Masih ada {len(nomor)} indikator belum diisi (no. {daftar_nomor(nomor)}). "
        "Isi dulu, lalu kirim."
    )


def masih_perlu_perbaikan(nomor: Sequence[int]) -> str:
    return (
        f"Masih ada {len(nomor)} indikator yang perlu diperbaiki (no. {daftar_nomor(nomor)}). "
        "Periksa dan isi kembali, lalu kirim."
    )


def perlu_keterangan(nomor: Sequence[int]) -> str:
    return (
        f"Capaian indikator no. {daftar_nomor(nomor)} jauh dari target dan belum diberi "
        "keterangan. Tambahkan keterangan (penyebab/kendala dan upaya), lalu kirim."
    )

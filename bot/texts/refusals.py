"""Why the bot says no: the messages a WorkflowError carries to the person who pressed or typed.

Each names what is wrong and, where there is one, what to do instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot import formatting as fmt
from bot.limits import MAX_ALASAN, MAX_ANALISIS, MAX_KETERANGAN, NIP_DIGITS
from bot.sop import Role, step
from bot.states import RoundState, SubmissionState
from bot.texts.common import ANALISIS_NAMA, ROMAWI, daftar_nomor, putaran

__all__ = [
    "ALASAN_KOSONG",
    "ALASAN_PANJANG",
    "BARU_SAJA_BERUBAH",
    "BELUM_ADA_FORMAT",
    "BELUM_TERDAFTAR",
    "BERKAS_TERDAHULUI",
    "BIDANG_TIDAK_UNTUK_PERAN",
    "BIDANG_WAJIB",
    "BUKAN_FORMAT_TANPA_KARTU",
    "BUKTI_JENIS_DITOLAK",
    "BUKTI_TANPA_KARTU",
    "DATA_BIDANG_TIDAK_ADA",
    "DATA_INSTANSI",
    "DRAFT_TANPA_INDIKATOR",
    "INDIKATOR_BUKAN_BIDANG_ANDA",
    "INDIKATOR_TIDAK_ADA",
    "ISI_TARGET_DULU",
    "KETERANGAN_PANJANG",
    "KODE_TIDAK_BERLAKU",
    "NIP_SALAH",
    "PUTARAN_TIDAK_ADA",
    "STATUS_BIDANG",
    "TARGET_NEGATIF",
    "analisis_panjang",
    "argumen_salah",
    "berkas_melebihi",
    "bidang_tidak_dikenal",
    "bukan_bidang_anda",
    "bukan_periode",
    "bukti_penuh",
    "bukti_sudah_ada",
    "bukti_terlalu_besar",
    "bukti_tidak_bisa_ditambah",
    "contoh_periode",
    "masih_kosong",
    "masih_perlu_perbaikan",
    "nama_bidang_panjang",
    "nilai_negatif",
    "pemisahan_tugas",
    "peran_tidak_dikenal",
    "periode_berlebih",
    "perlu_bukti",
    "pertanyaan_gugur",
    "putaran_berpindah",
    "putaran_sudah_ada",
    "silakip_sudah_dicentang",
    "status_bidang_berubah",
    "sudah_ditangani",
    "tahun_salah",
    "terlalu_panjang",
    "tidak_ada_indikator",
    "tidak_berhak",
    "tidak_bisa_diisi",
    "tidak_lagi_memegang",
    "triwulan_salah",
    "versi_berubah",
]

_TOMBOL_TIDAK_BERLAKU_LAGI = "Tombol ini tidak berlaku lagi."


def terlalu_panjang(apa: str, batas: int) -> str:
    return f"{apa} terlalu panjang (maksimal {fmt.angka(batas)} karakter). Mohon diringkas."


def _kutip(kata: str, batas: int = 40) -> str:
    """A typed word quoted back, shortened so a pasted paragraph is not echoed whole."""
    return f"«{kata if len(kata) <= batas else kata[: batas - 1] + '…'}»"


# --- Who may do it ---

BELUM_TERDAFTAR = (
    "Akun Anda belum terdaftar. Untuk memakai bot ini, Anda memerlukan tautan undangan dari "
    "operator Subbag Perencanaan."
)
KODE_TIDAK_BERLAKU = (
    "Kode undangan ini tidak berlaku (sudah dipakai, dibatalkan, kedaluwarsa, atau salah). "
    "/start hanya menerima kode dari tautan undangan: mintalah tautan baru kepada operator."
)
BIDANG_WAJIB = "Peran Kepala Bidang memerlukan nama bidang."
BIDANG_TIDAK_UNTUK_PERAN = "Nama bidang hanya dipakai untuk peran kabid."


def tidak_berhak(role: Role) -> str:
    return f"Maaf, tindakan ini hanya untuk {role.label}."


def tidak_lagi_memegang(jabatan: str) -> str:
    """A press or a step of a role that has ended for this person (cabut, or its term)."""
    return f"Anda tidak lagi memegang peran {jabatan}, sehingga tindakan ini tidak dapat dilakukan."


BARU_SAJA_BERUBAH = (
    "Data ini baru saja diubah oleh orang lain. Muat ulang dengan /tugas atau /status, "
    "lalu coba lagi."
)


def pemisahan_tugas(number: int) -> str:
    return (
        f"Maaf, Anda sudah melakukan langkah sebelumnya pada putaran ini; langkah {number} "
        "harus dilakukan oleh orang lain (pemisahan tugas)."
    )


def bukan_bidang_anda() -> str:
    return "Maaf, Anda hanya dapat melihat dan mengisi data bidang Anda sendiri."


def peran_tidak_dikenal(text: str) -> str:
    names = ", ".join(role.value for role in Role)
    return f"Peran {_kutip(text)} tidak dikenal. Pilih salah satu: {names}."


def bidang_tidak_dikenal(text: str, known: Sequence[object]) -> str:
    names = "; ".join(getattr(b, "nama", str(b)) for b in known) or "(belum ada bidang)"
    return f"Bidang {_kutip(text)} tidak dikenal. Bidang yang ada: {names}."


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


def tahun_salah(kata: str, terawal: int, terakhir: int) -> str:
    return f"Tahun {_kutip(kata)} tidak dikenal; tulis tahun {terawal}–{terakhir}."


def triwulan_salah(kata: str) -> str:
    return f"Triwulan {_kutip(kata)} tidak dikenal; tulis 1–4 atau I–IV."


def bukan_periode(kata: str) -> str:
    return f"{_kutip(kata)} bukan tahun atau triwulan."


def periode_berlebih(kata: str) -> str:
    return f"{_kutip(kata)} berlebih; tulis satu tahun dan satu triwulan saja."


def argumen_salah(perintah: str, masalah: str, contoh: str) -> str:
    """A command refused for what was typed after it: the command, what is wrong (naming the
    word), and the command as it should be typed ("Contoh: /unduh 2026 II")."""
    return f"/{perintah}: {masalah} Contoh: /{perintah} {contoh}"


def contoh_periode(tahun: int, triwulan: int) -> str:
    """The "[tahun] [triwulan]" of an example, as a person would type it: "2026 II"."""
    return f"{tahun} {ROMAWI[triwulan]}"


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


def silakip_sudah_dicentang(bidang: str, nama: str, at: datetime, tz: str) -> str:
    """A bidang ticked again (a double tap, or another operator was first)."""
    return f"{bidang} sudah dicatat diinput ke SILAKIP oleh {nama} pada {fmt.stempel(at, tz)}."


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


_PERTANYAAN = {
    "nilai": "pengisian nilai realisasi",
    "keterangan": "permintaan keterangan",
    "penghambat": "pertanyaan faktor penghambat",
    "upaya": "pertanyaan upaya / tindak lanjut",
    "pendorong": "pertanyaan faktor pendorong",
    "target": "permintaan target",
    "alasan_draft": "permintaan alasan pengembalian",
    "alasan_bidang": "permintaan alasan pengembalian",
    "alasan_putaran": "permintaan alasan pengembalian",
    "pilih_kembali": "pemilihan indikator yang dikembalikan",
}
"""What the bot had asked, by the kind of answer it waited for (conversation.Expect)."""


def pertanyaan_gugur(kind: str, why: str) -> str:
    """A text typed in answer to a question whose card has moved on; said once."""
    return f"Pesan Anda tidak diproses: {_PERTANYAAN[kind]} sudah tidak berlaku. {why}"


# --- What a person typed or left out ---

ALASAN_KOSONG = "Alasan pengembalian wajib diisi (minimal 3 huruf). Silakan tulis alasannya."
ALASAN_PANJANG = terlalu_panjang("Alasan", MAX_ALASAN)
KETERANGAN_PANJANG = terlalu_panjang("Keterangan", MAX_KETERANGAN)
TARGET_NEGATIF = "Target tidak boleh negatif untuk indikator ini."
ISI_TARGET_DULU = "Isi dulu target TW ini untuk indikator tersebut (Ubah target)."
DRAFT_TANPA_INDIKATOR = "Draft tidak berisi indikator yang diukur triwulan ini."
NIP_SALAH = (
    f"NIP harus {NIP_DIGITS} angka, boleh ditulis dengan spasi, misalnya 19700101 199503 1 001."
)
DATA_INSTANSI = {
    "nama": "Nama instansi",
    "kabupaten": "Nama kabupaten",
    "alamat": "Alamat kantor",
    "tempat": "Tempat penandatanganan",
    "kepala_nama": "Nama Kepala Dinas",
    "kepala_pangkat": "Pangkat/golongan Kepala Dinas",
}
"""The office's data as `kinerja-bot init` names it in a refusal, by column of Instansi."""


def nama_bidang_panjang(batas: int) -> str:
    return terlalu_panjang("Nama bidang", batas)


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


def perlu_bukti(indicators: Sequence[tuple[int, str]]) -> str:
    """Kirim refused: these indicators (number, name) require evidence and have none yet."""
    named = "; ".join(f"no. {nomor} ({nama})" for nomor, nama in indicators)
    return (
        f"Belum dapat dikirim: indikator {named} wajib dilampiri bukti dukung. Buka kartunya "
        "(Ubah pada ringkasan), kirim foto atau dokumennya, lalu kirim lagi."
    )


def analisis_panjang(kind: str) -> str:
    return terlalu_panjang(ANALISIS_NAMA[kind], MAX_ANALISIS)


# --- A file sent as evidence (bukti dukung) or as the format ---

BUKTI_JENIS_DITOLAK = (
    "Berkas ini tidak disimpan: bukti dukung hanya berupa foto atau dokumen PDF, Excel (.xlsx), "
    "JPG, atau PNG."
)
BUKTI_TANPA_KARTU = (
    "Untuk menyimpan bukti dukung, buka dulu kartu indikatornya (ketik /isi, atau Ubah pada "
    "ringkasan), lalu kirim foto atau dokumennya lagi."
)
BERKAS_TERDAHULUI = (
    "Berkas ini tidak disimpan: pesan Anda sesudahnya sudah diproses lebih dulu. Bila masih "
    "perlu, kirim lagi berkasnya saat kartu indikatornya terbuka."
)
BUKAN_FORMAT_TANPA_KARTU = (
    "Berkas Excel ini bukan format data kinerja dari bot; bila ini bukti dukung, buka dulu "
    "kartu indikatornya (/isi) lalu kirim lagi."
)


def bukti_tidak_bisa_ditambah(bidang: str, state: SubmissionState) -> str:
    """A file sent when the bidang's data can no longer change (sent, verified, past step 4)."""
    return (
        f"Bukti dukung tidak dapat ditambah: data {bidang} statusnya {STATUS_BIDANG[state]}. "
        "Bukti dukung hanya dapat dikirim selama data masih diisi, atau setelah dikembalikan "
        "operator."
    )


def bukti_terlalu_besar(mb: str, limit_mb: int) -> str:
    """`mb` as shown ("12,4"): the file's size."""
    return (
        f"Berkas ini terlalu besar ({mb} MB) dan tidak disimpan; bukti dukung paling besar "
        f"{limit_mb} MB."
    )


def berkas_melebihi(mb: str, format_mb: int, bukti_mb: int) -> str:
    """A file larger than anything the bot takes, refused before it is fetched."""
    return (
        f"Berkas ini terlalu besar ({mb} MB) dan tidak dibuka: format data kinerja paling besar "
        f"{format_mb} MB dan bukti dukung paling besar {bukti_mb} MB."
    )


def bukti_penuh(limit: int) -> str:
    return (
        f"Berkas ini tidak disimpan: bidang ini sudah mengirim {limit} bukti dukung, batas satu "
        "putaran."
    )


def bukti_sudah_ada(nomor: int, total: int) -> str:
    return f"Berkas yang sama sudah tersimpan sebagai bukti dukung indikator {nomor}/{total}."

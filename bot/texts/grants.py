"""Granting and ending roles (DESIGN §3): the /undang usage and its link, why a grant is
refused, what a grant or a revocation tells the operators, and what `cabut` and `undang
--batalkan` refuse.
"""

from __future__ import annotations

from datetime import datetime

from bot import formatting as fmt
from bot.sop import Acting, Role
from bot.texts.chat import pengisi
from bot.texts.common import tanggal_singkat

__all__ = [
    "IDENTITAS_HANYA_PENYETUJU",
    "PLT_HANYA_DARI_CLI",
    "PLT_PERLU_SAMPAI_DAN_SURAT",
    "UNDANGAN_SENDIRI",
    "UNDANG_FORMAT",
    "UNDANG_TANPA_TANGGAL",
    "hanya_dari_cli",
    "isian_terlalu_panjang",
    "jabatan",
    "kartu_tidak_berlaku",
    "langkah_tanpa_pemegang",
    "mulai_sudah_lewat",
    "nip_salah",
    "pengguna_tidak_ada",
    "peran_berakhir",
    "peran_diberikan",
    "peran_dicabut",
    "peran_habis_masa",
    "rangkap_tidak_boleh",
    "sampai_sudah_lewat",
    "sudah_berakhir_sebelum",
    "sudah_memegang",
    "tidak_memegang",
    "undang_tanggal_lewat",
    "undang_tanggal_salah",
    "undangan",
    "undangan_tidak_ada",
    "undangan_tidak_terbuka",
]

_CONTOH_SAMPAI = "/undang perencana sampai 2026-12-31"

UNDANG_FORMAT = (
    "Format: /undang kabid <nama bidang> [sampai TTTT-BB-HH] atau "
    "/undang perencana [sampai TTTT-BB-HH]. «sampai» membatasi masa peran sampai tanggal itu.\n"
    "Contoh: /undang kabid Bidang Pelayanan Pencatatan Sipil\n"
    "Operator, Kasubag PKA, Sekretaris dan Kepala Dinas diundang oleh administrator melalui "
    "baris perintah (kinerja-bot undang)."
)


def jabatan(role: Role, bidang: str | None = None, acting: Acting | None = None) -> str:
    """A role as an office names its holder: "Plt. Kepala Dinas", "Kepala Bidang …"."""
    name = pengisi(bidang) if role == Role.KABID and bidang else role.label
    return f"{acting.label} {name}" if acting is not None else name


def undangan(
    link: str,
    role: Role,
    bidang: str | None,
    expires: datetime,
    tz: str,
    valid_to: datetime | None = None,
) -> str:
    lines = [
        f"Tautan undangan {jabatan(role, bidang)} (sekali pakai, berlaku sampai "
        f"{fmt.waktu_lengkap(expires, tz)}):",
        link,
    ]
    if valid_to is not None:
        lines.append(f"Peran ini berlaku sampai {tanggal_singkat(valid_to, tz)}.")
    lines.append("Kirimkan tautan ini hanya kepada orang yang bersangkutan.")
    return "\n".join(lines)


# --- Who may grant what ---


def hanya_dari_cli(role: Role) -> str:
    return (
        f"Peran {role.label} hanya dapat diberikan oleh administrator melalui baris perintah "
        f"(kinerja-bot undang --peran {role.value}). Di sini Anda dapat mengundang Kabid dan "
        "perencana."
    )


PLT_HANYA_DARI_CLI = (
    "Penunjukan Plt./Plh. hanya dapat dibuat oleh administrator melalui baris perintah, "
    "dengan nomor suratnya."
)
PLT_PERLU_SAMPAI_DAN_SURAT = (
    "Penunjukan Plt./Plh. memerlukan tanggal akhir (--sampai TTTT-BB-HH) dan nomor surat "
    "penunjukannya (--surat)."
)
IDENTITAS_HANYA_PENYETUJU = (
    "Nama, pangkat dan NIP untuk cetakan hanya dipakai untuk peran kasubag, sekretaris dan kepala."
)
UNDANGAN_SENDIRI = (
    "Anda tidak dapat memakai undangan yang Anda buat sendiri. Kirimkan tautan itu kepada "
    "orang yang bersangkutan."
)


def nip_salah(text: str) -> str:
    return f"NIP «{text}» tidak sah: NIP terdiri atas 18 angka (boleh dengan spasi)."


def isian_terlalu_panjang(apa: str, batas: int) -> str:
    return f"{apa} terlalu panjang (maksimal {batas} karakter)."


def sampai_sudah_lewat(valid_to: datetime, tz: str) -> str:
    return (
        f"Tanggal akhir peran ({tanggal_singkat(valid_to, tz)}) sudah lewat. Pilih hari ini "
        "atau sesudahnya."
    )


def sudah_memegang(nama_jabatan: str) -> str:
    return (
        f"Anda sudah memegang peran {nama_jabatan}; undangan ini tidak dipakai dan tetap "
        "berlaku untuk orang lain."
    )


def rangkap_tidak_boleh(baru: Role, lama: Role) -> str:
    return (
        f"Anda sudah memegang peran {lama.label}, sehingga tidak dapat sekaligus menjadi "
        f"{baru.label} kecuali sebagai Plt./Plh. dengan surat penunjukan. Undangan ini tidak "
        "dipakai; hubungi administrator."
    )


# --- /undang's "sampai TTTT-BB-HH" ---

UNDANG_TANPA_TANGGAL = (
    f"Setelah «sampai» pada /undang tuliskan tanggalnya (TTTT-BB-HH), misalnya {_CONTOH_SAMPAI}."
)


def undang_tanggal_salah(text: str) -> str:
    return (
        f"Tanggal «{text}» pada /undang tidak dapat dibaca. Tulis TTTT-BB-HH, misalnya "
        f"{_CONTOH_SAMPAI}."
    )


def undang_tanggal_lewat(text: str) -> str:
    return f"Tanggal «{text}» pada /undang sudah lewat. Pilih hari ini atau sesudahnya."


# --- What the operators hear ---


def peran_diberikan(nama: str, nama_jabatan: str, valid_to: datetime | None, tz: str) -> str:
    until = f" sampai {tanggal_singkat(valid_to, tz)}" if valid_to is not None else ""
    return f"ℹ️ {nama} kini terdaftar sebagai {nama_jabatan}{until}."


def peran_dicabut(nama: str, nama_jabatan: str, ends: datetime, now: datetime, tz: str) -> str:
    when = "sekarang" if ends <= now else f"mulai {fmt.waktu_lengkap(ends, tz)}"
    return f"ℹ️ Peran {nama_jabatan} {nama} dicabut; berakhir {when}."


def peran_berakhir(nama_jabatan: str, ends: datetime, tz: str) -> str:
    """To the person whose grant ended (its term, or `cabut`)."""
    return (
        f"ℹ️ Peran Anda sebagai {nama_jabatan} berakhir {fmt.waktu_lengkap(ends, tz)}. "
        "Tombol pada kartu peran itu tidak berlaku lagi; tugas yang masih terbuka diteruskan "
        "kepada pemegang peran sekarang. Terima kasih."
    )


def peran_habis_masa(nama: str, nama_jabatan: str, ends: datetime, tz: str) -> str:
    """To the operators, when an acting period or an invite's «sampai» runs out."""
    return f"ℹ️ Masa peran {nama_jabatan} {nama} berakhir {fmt.waktu_lengkap(ends, tz)}."


def langkah_tanpa_pemegang(langkah: int, nama_langkah: str, putaran: str, peran: str) -> str:
    """To the operators, when an open step is left with nobody who may do it."""
    return (
        f"⚠️ Langkah {langkah} ({nama_langkah}) {putaran} kini tidak memiliki pemegang. "
        f"Mohon tunjuk {peran} yang baru agar langkah ini dapat dilanjutkan."
    )


def kartu_tidak_berlaku(nama_jabatan: str) -> str:
    """Below a card of a role that ended for its reader, whose buttons are taken away."""
    return f"ℹ️ Kartu ini tidak berlaku lagi untuk Anda: peran {nama_jabatan} Anda telah berakhir."


# --- What `kinerja-bot cabut` and `undang --batalkan` refuse ---


def pengguna_tidak_ada(user_id: int) -> str:
    return f"Tidak ada pengguna dengan id {user_id}. Lihat daftar id: kinerja-bot pengguna."


def tidak_memegang(nama: str, nama_jabatan: str) -> str:
    return f"{nama} tidak sedang memegang peran {nama_jabatan}. Lihat: kinerja-bot pengguna."


def mulai_sudah_lewat(day: str) -> str:
    return (
        f"Tanggal mulai pencabutan ({day}) harus sesudah hari ini; untuk mencabut sekarang, "
        "jalankan tanpa --mulai."
    )


def sudah_berakhir_sebelum(nama_jabatan: str, ends: datetime, tz: str) -> str:
    return (
        f"Peran {nama_jabatan} itu sudah berakhir {tanggal_singkat(ends, tz)}, sebelum tanggal "
        "mulai pencabutan."
    )


def undangan_tidak_ada(invite_id: int) -> str:
    return f"Tidak ada undangan dengan id {invite_id}. Lihat: kinerja-bot undang --daftar."


def undangan_tidak_terbuka(invite_id: int, why: str) -> str:
    """`why` is "dipakai", "dibatalkan" or "kedaluwarsa"."""
    return f"Undangan {invite_id} sudah {why}; tidak ada yang diubah."

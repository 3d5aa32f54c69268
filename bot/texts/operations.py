"""What the administrator's upkeep commands say: `cadangkan`, `pulihkan` and `periksa`.

Each failure is one sentence saying what is wrong and what to do; none quotes a password or
the token (database URLs are shown without their password by the caller).
"""

from __future__ import annotations

__all__ = [
    "BOT_API_DILEWATI",
    "CADANGAN_TIDAK_DIATUR",
    "JENIS_BASIS_DATA",
    "MIGRASI_BELUM_ADA",
    "MIGRASI_DILEWATI",
    "PEMERIKSAAN_DILEWATI",
    "PSYCOPG_TIDAK_ADA",
    "basis_data_belum_ada",
    "basis_data_tak_terbuka",
    "bot_api_terhubung",
    "cadangan_beda_jenis",
    "cadangan_ditulis",
    "cadangan_harian",
    "cadangan_tak_dikenal",
    "cadangan_tidak_ada",
    "dipulihkan",
    "folder_cadangan_tak_dapat_ditulis",
    "jenis_tak_didukung",
    "konfigurasi_terbaca",
    "migrasi_tak_dikenal",
    "migrasi_terbaru",
    "migrasi_tertinggal",
    "nama_bot_berbeda",
    "pemulihan_ditolak",
    "perkakas_gagal",
    "perkakas_tidak_ada",
    "terhubung_ke",
]

JENIS_BASIS_DATA = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}

PEMERIKSAAN_DILEWATI = "tidak diperiksa, karena konfigurasinya belum benar."
BOT_API_DILEWATI = "tidak diperiksa tanpa TELEGRAM_BOT_TOKEN yang benar."
CADANGAN_TIDAK_DIATUR = (
    "tidak diatur (isi KINERJA_CADANGAN_FOLDER untuk mencadangkan setiap jam tutup kantor)."
)
PSYCOPG_TIDAK_ADA = (
    "pustaka PostgreSQL (psycopg) belum terpasang: pasang bot dengan «pip install "
    "'kinerja-bot[postgres]'» (atau «pip install -e '.[postgres]'» dari folder repositori)."
)
MIGRASI_DILEWATI = "tidak diperiksa tanpa basis data yang terhubung."
MIGRASI_BELUM_ADA = "basis data belum disiapkan: jalankan «kinerja-bot init»."


def cadangan_ditulis(target: str, ukuran: str) -> str:
    return (
        f"Cadangan ditulis ke {target} ({ukuran}); isinya seluruh basis data, termasuk buku "
        "kerja final setiap putaran."
    )


def dipulihkan(source: str, url: str) -> str:
    return (
        f"Cadangan {source} dipulihkan ke {url}; jalankan «kinerja-bot run» (migrasi yang "
        "belum ada diterapkan saat mulai)."
    )


def cadangan_tidak_ada(source: str) -> str:
    return f"Berkas cadangan {source} tidak ditemukan."


def jenis_tak_didukung(backend: str) -> str:
    return (
        f"Basis data {backend} tidak dapat dicadangkan oleh kinerja-bot: yang didukung SQLite "
        "(berkas, bukan :memory:) dan PostgreSQL."
    )


def basis_data_belum_ada(path: str) -> str:
    return (
        f"berkas {path} belum ada: jalankan «kinerja-bot init», atau periksa KINERJA_DATABASE_URL."
    )


def basis_data_tak_terbuka(url: str) -> str:
    return (
        f"basis data {url} tidak dapat dibuka: periksa bahwa servernya berjalan, nama pengguna "
        "dan kata sandinya, serta KINERJA_DATABASE_URL."
    )


def perkakas_tidak_ada(tool: str) -> str:
    return (
        f"{tool} tidak terpasang di komputer ini, padahal basis data PostgreSQL dicadangkan dan "
        "dipulihkan dengannya: pasang klien PostgreSQL (mis. «apt install postgresql-client») "
        "yang versinya sama dengan server atau lebih baru, lalu ulangi."
    )


def perkakas_gagal(tool: str, detail: str) -> str:
    return (
        f"{tool} berhenti dengan pesan «{detail}»: periksa KINERJA_DATABASE_URL dan bahwa versi "
        f"{tool} sama dengan server PostgreSQL atau lebih baru."
    )


def cadangan_tak_dikenal(source: str) -> str:
    return f"Berkas {source} bukan cadangan kinerja-bot (yang dibuat «kinerja-bot cadangkan»)."


def cadangan_beda_jenis(source: str, backup: str, database: str) -> str:
    return (
        f"Berkas {source} adalah cadangan basis data {JENIS_BASIS_DATA[backup]}, sedangkan "
        f"KINERJA_DATABASE_URL menunjuk basis data {JENIS_BASIS_DATA[database]}: pulihkan ke "
        "basis data yang jenisnya sama."
    )


def pemulihan_ditolak(table: str) -> str:
    return (
        f"Basis data tujuan sudah berisi data (antara lain tabel {table}), jadi tidak dipulihkan "
        "agar tidak ada yang tertimpa: buat basis data baru yang kosong dan arahkan "
        "KINERJA_DATABASE_URL ke sana."
    )


def folder_cadangan_tak_dapat_ditulis(folder: str) -> str:
    return (
        f"folder cadangan {folder} tidak dapat ditulis oleh pengguna ini: buat foldernya atau "
        "berikan hak tulis, atau ubah KINERJA_CADANGAN_FOLDER."
    )


def konfigurasi_terbaca(url: str, mode: str, zona: str) -> str:
    return f"terbaca; basis data {url}, {mode}, zona waktu {zona}."


def terhubung_ke(url: str) -> str:
    return f"terhubung ke {url}."


def migrasi_terbaru(revision: str) -> str:
    return f"skema terbaru (revisi {revision})."


def migrasi_tertinggal(current: str, latest: str) -> str:
    return (
        f"basis data pada revisi {current}, versi bot ini membawa revisi {latest}: jalankan "
        "«kinerja-bot init» (bot yang dimulai juga menerapkannya sendiri)."
    )


def migrasi_tak_dikenal(current: str) -> str:
    return (
        f"basis data pada revisi {current} yang tidak dikenal versi bot ini (dibuat oleh versi "
        "yang lebih baru): pasang versi kinerja-bot yang sama dengan yang menyiapkannya."
    )


def bot_api_terhubung(username: str, server: str) -> str:
    return f"terhubung ke {server} sebagai @{username}."


def nama_bot_berbeda(username: str, configured: str) -> str:
    return (
        f"token ini milik @{username}, sedangkan KINERJA_BOT_USERNAME berisi «{configured}», "
        "sehingga tautan undangan menunjuk bot yang salah: samakan KINERJA_BOT_USERNAME."
    )


def cadangan_harian(folder: str, simpan: int) -> str:
    return f"setiap jam tutup kantor ke {folder}; {simpan} cadangan terakhir disimpan."

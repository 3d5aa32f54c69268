"""What `kinerja-bot run` says when the bot cannot start (or must stop), why a setting is
refused, and why a database cannot be used (by any command).

Each failure is one sentence that says what is wrong and what to do about it; none repeats the
token, not even a mistyped one (half a token is still a secret), and a database is named by its
URL with the password written as ***.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "BOT_API_URL_SALAH",
    "DATABASE_URL_SALAH",
    "JAM_KANTOR_BERZONA",
    "JAM_KERJA_KOSONG",
    "JOB_QUEUE_TIDAK_ADA",
    "SEWA_POLLING_HILANG",
    "TOKEN_DITOLAK",
    "TOKEN_KOSONG",
    "TOKEN_SALAH_BENTUK",
    "WAKTU_KERJA_NEGATIF",
    "WEBHOOK_SECRET_KOSONG",
    "WEBHOOK_SECRET_SALAH_BENTUK",
    "basis_data_lebih_baru",
    "basis_data_tak_terbuka",
    "driver_postgres_belum_ada",
    "hari_kerja_salah",
    "jam_buka_setelah_tutup",
    "jam_kerja_tidak_dikenali",
    "jam_tutup_sebelum_buka",
    "jawaban_tak_terduga",
    "konfigurasi_salah",
    "libur_dan_masuk",
    "mencoba_lagi",
    "polling_bentrok",
    "polling_menghalangi_webhook",
    "polling_sedang_berjalan",
    "port_dipakai",
    "port_tak_dapat_dipakai",
    "tak_boleh_membuat_basis_data",
    "tak_terhubung",
    "tidak_ada_hari_kerja",
    "waktu_tanpa_zona",
    "webhook_sudah_terpasang",
    "zona_tidak_dikenal",
]

TOKEN_KOSONG = (
    "TELEGRAM_BOT_TOKEN belum diisi: salin token bot dari @BotFather ke variabel itu "
    "(atau ke berkas .env), lalu jalankan lagi «kinerja-bot run»."
)
TOKEN_SALAH_BENTUK = (
    "TELEGRAM_BOT_TOKEN tidak berbentuk token bot (angka, titik dua, lalu huruf dan angka, "
    "mis. 123456789:AAH…): salin ulang token dari @BotFather tanpa spasi atau tanda kutip."
)
TOKEN_DITOLAK = (
    "Server Bot API menolak TELEGRAM_BOT_TOKEN (token salah atau sudah dicabut, atau "
    "KINERJA_BOT_API_URL bukan server Bot API): salin token yang berlaku dari @BotFather "
    "(/mybots, API Token), lalu jalankan lagi."
)
WEBHOOK_SECRET_KOSONG = (
    "KINERJA_WEBHOOK_SECRET belum diisi, padahal mode webhook (KINERJA_WEBHOOK_URL) "
    "memerlukannya: isi dengan kata rahasia acak yang sama untuk setiap proses bot ini, mis. "
    "hasil «openssl rand -hex 32», lalu jalankan lagi."
)
WEBHOOK_SECRET_SALAH_BENTUK = (
    "KINERJA_WEBHOOK_SECRET harus 1 sampai 256 huruf, angka, «_» atau «-» (syarat Telegram): "
    "buat yang baru, mis. dengan «openssl rand -hex 32», untuk setiap proses bot ini."
)
SEWA_POLLING_HILANG = (
    "Bot berhenti: sewa polling di basis data sudah diambil proses lain karena proses ini "
    "terlalu lama tidak memperbaruinya, jadi proses ini tidak boleh polling lagi; periksa beban "
    "komputer ini, lalu jalankan lagi bila proses lain itu tidak berjalan."
)
BOT_API_URL_SALAH = (
    "harus alamat http:// atau https:// dengan nama server, mis. https://api.telegram.org"
)

DATABASE_URL_SALAH = (
    "harus URL basis data SQLite atau PostgreSQL, mis. sqlite:///data/kinerja.db atau "
    "postgresql+psycopg://pengguna:sandi@server:5432/kinerja"
)


def driver_postgres_belum_ada(basis_data: str) -> str:
    return (
        f"Basis data {basis_data} memerlukan driver PostgreSQL (psycopg) yang belum terpasang: "
        "pasang dengan «pip install 'kinerja-bot[postgres]'», lalu jalankan lagi."
    )


def basis_data_tak_terbuka(basis_data: str) -> str:
    return (
        f"Basis data {basis_data} tidak dapat dibuka (server mati, alamat, nama basis data, "
        "pengguna atau sandi salah, atau berkas SQLite tidak dapat ditulis): periksa "
        "KINERJA_DATABASE_URL, lalu jalankan lagi."
    )


def basis_data_lebih_baru(basis_data: str, revisi: str) -> str:
    return (
        f"Basis data {basis_data} sudah dimigrasi oleh kinerja-bot yang lebih baru (versi skema "
        f"{revisi}): pasang versi kinerja-bot itu atau yang lebih baru, lalu jalankan lagi."
    )


def tak_boleh_membuat_basis_data(basis_data: str) -> str:
    return (
        f"Pengguna basis data {basis_data} tidak boleh membuat basis data (CREATE DATABASE): "
        "beri pengguna itu hak CREATEDB, atau pakai pengguna lain."
    )


def mencoba_lagi(server: str, detik: int) -> str:
    """Said once, when the first try to reach the Bot API fails."""
    return f"Server Bot API {server} belum dapat dihubungi; bot mencoba lagi selama {detik} detik."


def tak_terhubung(server: str) -> str:
    return (
        f"Server Bot API {server} tidak dapat dihubungi: periksa jaringan komputer ini dan "
        "KINERJA_BOT_API_URL, lalu jalankan lagi."
    )


def jawaban_tak_terduga(server: str) -> str:
    return (
        f"Server Bot API {server} memberi jawaban yang tidak terduga saat bot dimulai: "
        "periksa KINERJA_BOT_API_URL, lalu jalankan lagi."
    )


def port_dipakai(alamat: str, port: int) -> str:
    return (
        f"Port {port} di {alamat} sudah dipakai program lain: hentikan program itu, atau pilih "
        "port lain dengan KINERJA_WEBHOOK_PORT."
    )


def port_tak_dapat_dipakai(alamat: str, port: int) -> str:
    return (
        f"Bot tidak dapat mendengarkan di {alamat}:{port} (alamat itu bukan milik komputer ini, "
        "atau port di bawah 1024 memerlukan hak administrator): periksa KINERJA_WEBHOOK_LISTEN "
        "dan KINERJA_WEBHOOK_PORT."
    )


def konfigurasi_salah(variable: str, kind: str, detail: Mapping[str, Any]) -> str:
    """A refused setting, from pydantic's error `kind` and its `detail` (never the value typed,
    which for some variables is a secret)."""
    reasons = {
        "int_parsing": "harus bilangan bulat",
        "bool_parsing": "harus true atau false",
        "greater_than_equal": f"paling kecil {detail.get('ge')}",
        "less_than_equal": f"paling besar {detail.get('le')}",
        "literal_error": f"harus {str(detail.get('expected', '')).replace(' or ', ' atau ')}",
        "date_from_datetime_parsing": "setiap tanggal harus berbentuk TTTT-BB-HH",
        # Our own validators raise ValueError with an Indonesian reason.
        "value_error": str(detail.get("error", "")),
    }
    reason = reasons.get(kind) or "nilainya tidak dapat dipakai"
    return f"Konfigurasi {variable} tidak valid: {reason}."


# --- The working-time calendar and office hours, as configured (start-up) ---


def zona_tidak_dikenal(tz: str) -> str:
    return f"Zona waktu tidak dikenal: {tz!r}."


def hari_kerja_salah(hari: int) -> str:
    return f"Hari kerja harus 0 (Senin) sampai 6 (Minggu), bukan {hari}."


JAM_KANTOR_BERZONA = "Jam kantor ditulis tanpa zona waktu; zona waktu diatur terpisah."


def jam_buka_setelah_tutup(buka: object, tutup: object) -> str:
    return f"Jam buka {buka} harus sebelum jam tutup {tutup}."


def libur_dan_masuk(tanggal: str) -> str:
    return f"Tanggal tidak bisa sekaligus libur dan masuk: {tanggal}."


WAKTU_KERJA_NEGATIF = "Waktu kerja yang ditambahkan tidak boleh negatif."


def waktu_tanpa_zona(waktu: str) -> str:
    return f"Waktu harus menyertakan zona waktu: {waktu}."


def tidak_ada_hari_kerja(hari: int, dari: str) -> str:
    return (
        f"Tidak ada hari kerja dalam {hari} hari dari {dari}; periksa jam kantor dan daftar "
        "hari libur."
    )


def jam_kerja_tidak_dikenali(bagian: str) -> str:
    return f"bagian «{bagian}» tidak dikenali (contoh: Sen-Kam 07.30-16.00)"


def jam_tutup_sebelum_buka(bagian: str) -> str:
    return f"bagian «{bagian}»: jam tutup harus setelah jam buka"


JAM_KERJA_KOSONG = "jam kerja kosong"

JOB_QUEUE_TIDAK_ADA = "JobQueue tidak tersedia: pasang python-telegram-bot[job-queue]."


def polling_sedang_berjalan(host: str, pid: int, sejak: str, detik: int) -> str:
    """Another live process holds the polling lease on the same database."""
    return (
        f"Bot ini sudah berjalan dalam mode polling di {host} (pid {pid}, sejak {sejak}) dengan "
        "basis data yang sama, dan hanya satu proses yang boleh polling: hentikan proses itu "
        f"dulu (bila proses itu sudah mati, jalankan lagi setelah {detik} detik), atau jalankan "
        "beberapa proses dalam mode webhook."
    )


def polling_menghalangi_webhook(host: str, pid: int, sejak: str, detik: int) -> str:
    """A webhook-mode start while a live process polls on the same database."""
    return (
        f"Bot ini sedang berjalan dalam mode polling di {host} (pid {pid}, sejak {sejak}) dengan "
        "basis data yang sama, dan webhook yang akan dipasang proses ini menghentikan polling-nya: "
        f"hentikan proses polling itu dulu (bila sudah mati, jalankan lagi setelah {detik} detik)."
    )


def webhook_sudah_terpasang(url: str) -> str:
    """Polling would delete the webhook another deployment set."""
    return (
        f"Bot ini sedang memakai webhook ke {url}, yang dipasang oleh pemasangan lain, jadi mode "
        "polling tidak dijalankan agar webhook itu tidak terhapus: jalankan bot ini dengan "
        "KINERJA_WEBHOOK_URL yang sama, atau hentikan pemasangan itu dan hapus webhook-nya dulu "
        "(deleteWebhook)."
    )


def polling_bentrok(webhook_aktif: bool) -> str:
    """Telegram refused a getUpdates of this process with 409 Conflict."""
    sebab = (
        "pemasangan lain memasang webhook untuk bot ini"
        if webhook_aktif
        else "proses lain dengan token yang sama juga polling, dengan basis data lain"
    )
    return (
        f"Telegram menolak polling bot ini (409 Conflict) karena {sebab}: pesan-pesan terbagi "
        "ke dua pemasangan, jadi hentikan salah satunya (kalimat ini diulang paling sering "
        "sekali semenit selama bentrok berlangsung)."
    )

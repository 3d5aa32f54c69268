"""Every text a person reads, in Bahasa Indonesia: formal, short, Bapak/Ibu and Anda.

One home for wording, so the chat, the outbox and the CLI say the same thing the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from bot import formatting as fmt
from bot.sop import Role, step
from bot.states import RoundState, SubmissionState

if TYPE_CHECKING:
    from bot.workflow.views import FillItem

ROMAWI = {1: "I", 2: "II", 3: "III", 4: "IV"}

BELUM_TERDAFTAR = (
    "Akun Anda belum terdaftar. Untuk memakai bot ini, Anda memerlukan tautan undangan dari "
    "operator Subbag Perencanaan."
)
PUTARAN_TIDAK_ADA = "Putaran pengumpulan data itu tidak ditemukan."
DATA_BIDANG_TIDAK_ADA = "Data bidang itu tidak ditemukan."
INDIKATOR_TIDAK_ADA = "Indikator itu tidak ada dalam format putaran ini."
ALASAN_KOSONG = "Alasan pengembalian wajib diisi (minimal 3 huruf). Silakan tulis alasannya."
ALASAN_PANJANG = "Alasan terlalu panjang (maksimal 1.000 karakter). Mohon diringkas."
KETERANGAN_PANJANG = "Keterangan terlalu panjang (maksimal 1.000 karakter). Mohon diringkas."
KODE_TIDAK_BERLAKU = (
    "Kode undangan ini tidak berlaku (sudah dipakai atau kedaluwarsa). "
    "Mintalah tautan baru kepada operator."
)
BIDANG_WAJIB = "Peran Kepala Bidang memerlukan nama bidang."
BIDANG_TIDAK_UNTUK_PERAN = "Nama bidang hanya dipakai untuk peran kabid."

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


def putaran(tahun: int, triwulan: int) -> str:
    return f"Triwulan {ROMAWI[triwulan]} {tahun}"


def tidak_berhak(role: Role) -> str:
    return f"Maaf, tindakan ini hanya untuk {role.label}."


def bukan_bidang_anda() -> str:
    return "Maaf, Anda hanya dapat melihat dan mengisi data bidang Anda sendiri."


def sudah_ditangani(action: str, nama: str, at: datetime, tz: str) -> str:
    verb = _VERB.get(action, action)
    return f"Data ini sudah {verb} oleh {nama} pada {fmt.stempel(at, tz)}."


def putaran_berpindah(tahun: int, triwulan: int, state: RoundState) -> str:
    if state.step is None:
        return f"Putaran {putaran(tahun, triwulan)} sudah selesai. Tombol ini tidak berlaku lagi."
    return (
        f"Putaran {putaran(tahun, triwulan)} sekarang di langkah {state.step} "
        f"({step(state.step).name}). Tombol ini tidak berlaku lagi."
    )


def putaran_sudah_ada(tahun: int, triwulan: int) -> str:
    return f"Putaran {putaran(tahun, triwulan)} sudah dibuka sebelumnya."


def tidak_ada_indikator(tahun: int) -> str:
    return (
        f"Belum ada indikator untuk tahun {tahun}. Impor dulu dengan "
        f"«kinerja-bot import-indikator FILE.xlsx --tahun {tahun}»."
    )


def triwulan_salah() -> str:
    return "Triwulan harus 1–4 atau I–IV, misalnya /putaran 2026 II."


def tenggat(due: datetime, tz: str) -> str:
    return fmt.waktu_lengkap(due, tz)


def putaran_dibuka(
    tahun: int,
    triwulan: int,
    opened_at: datetime,
    due: datetime,
    per_bidang: Sequence[tuple[str, int]],
    tz: str,
) -> str:
    total = sum(count for _, count in per_bidang)
    lines = [
        f"Putaran {putaran(tahun, triwulan)} dibuka ({fmt.stempel(opened_at, tz)}).",
        f"Langkah 1 — {step(1).name} (batas: {tenggat(due, tz)}).",
        f"Draft dari data master: {len(per_bidang)} bidang, {total} indikator.",
    ]
    lines += [f"• {nama} — {count} indikator" for nama, count in per_bidang]
    return "\n".join(lines)


def koreksi_format(
    tahun: int,
    triwulan: int,
    operator: str,
    at: datetime,
    due: datetime,
    n_bidang: int,
    n_indikator: int,
    tz: str,
) -> str:
    return (
        f"Koreksi format — {putaran(tahun, triwulan)} (langkah 2, batas 10 menit kerja: "
        f"{fmt.jam_zona(due, tz)})\n"
        f"Diajukan oleh {operator} (operator) {fmt.stempel(at, tz)}. "
        f"{n_bidang} bidang, {n_indikator} indikator."
    )


def draft_dikembalikan(
    tahun: int, triwulan: int, oleh: str, at: datetime, reason: str, due: datetime, tz: str
) -> str:
    return (
        f"↩️ Draft format {putaran(tahun, triwulan)} dikembalikan oleh {oleh} (Kasubag PKA) "
        f"pukul {fmt.jam(at, tz)}: {reason}\n"
        f"Perbaiki draft, lalu kirim lagi ke Kasubag (batas langkah 1: {tenggat(due, tz)})."
    )


def format_benar(oleh: str, at: datetime, due: datetime, tz: str) -> str:
    return (
        f"Format benar ({oleh}, {fmt.jam(at, tz)}). Langkah 3 — bagikan ke Kabid "
        f"(batas: {tenggat(due, tz)})."
    )


def format_bidang(tahun: int, triwulan: int, bidang: str, n: int, due: datetime, tz: str) -> str:
    return (
        f"Format Data Kinerja {putaran(tahun, triwulan)} — {bidang}\n"
        f"{n} indikator. Batas pengisian: {tenggat(due, tz)} (3 hari kerja).\n"
        "Isi di sini satu per satu, atau kirim kembali file Excel terlampir yang sudah diisi."
    )


def data_dikirim(
    tahun: int, triwulan: int, bidang: str, oleh: str, at: datetime, due: datetime, tz: str
) -> str:
    return (
        f"Verifikasi — {bidang}, {putaran(tahun, triwulan)} (dikirim {oleh}, "
        f"{fmt.stempel(at, tz)}; batas verifikasi: {tenggat(due, tz)})"
    )


def bidang_dikembalikan(
    tahun: int,
    triwulan: int,
    bidang: str,
    oleh: str,
    reason: str,
    nomor: Sequence[int],
    due: datetime,
    tz: str,
) -> str:
    which = (
        "Indikator yang perlu diperbaiki: no. " + ", ".join(str(n) for n in nomor) + "."
        if nomor
        else "Semua indikator dibuka kembali untuk diperiksa."
    )
    return (
        f"↩️ Data {bidang}, {putaran(tahun, triwulan)} dikembalikan oleh {oleh}: {reason}\n"
        f"{which} Nilai yang sudah diisi tetap tersimpan.\n"
        f"Batas pengisian: {tenggat(due, tz)}."
    )


def semua_terverifikasi(tahun: int, triwulan: int, due: datetime, tz: str) -> str:
    return (
        f"Semua bidang {putaran(tahun, triwulan)} terverifikasi. Langkah 6 — susun dan serahkan "
        f"ke Kasubag PKA (batas: {tenggat(due, tz)})."
    )


def kartu_persetujuan(
    tahun: int,
    triwulan: int,
    number: int,
    chain: Sequence[tuple[str, str | None, datetime | None]],
    rekap: str,
    due: datetime,
    tz: str,
) -> str:
    judul = {7: "paraf Kasubag PKA", 8: "paraf Sekretaris", 9: "tanda tangan Kepala Dinas"}
    lines = [f"Data Kinerja {putaran(tahun, triwulan)} — {judul[number]} (langkah {number})"]
    for label, nama, at in chain:
        done = f"✅ {nama}, {fmt.stempel(at, tz)}" if nama and at else "⬜ belum"
        lines.append(f"{label}: {done}")
    lines.append(f"Rekap: {rekap}")
    lines.append(f"Batas: {tenggat(due, tz)}")
    return "\n".join(lines)


def putaran_dikembalikan(
    tahun: int,
    triwulan: int,
    oleh: str,
    role: Role,
    at: datetime,
    reason: str,
    voided: Sequence[str],
    tz: str,
) -> str:
    lines = [
        f"↩️ Data Kinerja {putaran(tahun, triwulan)} dikembalikan oleh {oleh} ({role.label}) "
        f"pada {fmt.stempel(at, tz)}: {reason}",
    ]
    if voided:
        lines.append("Persetujuan yang dibatalkan: " + "; ".join(voided) + ".")
    lines.append(
        "Langkah 6 — perbaiki (buka kembali bidang bila perlu), lalu susun dan serahkan lagi."
    )
    return "\n".join(lines)


def ditandatangani(tahun: int, triwulan: int, oleh: str, at: datetime, tz: str) -> str:
    return (
        f"Data Kinerja {putaran(tahun, triwulan)} ditandatangani Kepala Dinas ({oleh}, "
        f"{fmt.jam(at, tz)}). Langkah 10 — finalkan."
    )


def data_final(tahun: int, triwulan: int, oleh: str, at: datetime, tz: str) -> str:
    return (
        f"Data Kinerja {putaran(tahun, triwulan)} FINAL ({oleh}, {fmt.stempel(at, tz)}). "
        "File final terlampir."
    )


def langkah_silakip(tahun: int, triwulan: int, due: datetime, tz: str) -> str:
    return (
        f"Langkah 11 — input data kinerja {putaran(tahun, triwulan)} ke SILAKIP "
        f"(batas: {tenggat(due, tz)}). File siap-input terlampir."
    )


def silakip_csv(tahun: int, triwulan: int) -> str:
    return f"Ekspor SILAKIP {putaran(tahun, triwulan)} dalam format CSV (satu baris per indikator)."


def putaran_selesai(tahun: int, triwulan: int, oleh: str, at: datetime, tz: str) -> str:
    return (
        f"✅ Data Kinerja {putaran(tahun, triwulan)} sudah diinput ke SILAKIP ({oleh}, "
        f"{fmt.stempel(at, tz)}). Putaran selesai. Terima kasih."
    )


def data_berubah_setelah_paraf(tahun: int, triwulan: int) -> str:
    return (
        f"Data {putaran(tahun, triwulan)} berubah setelah diparaf, sehingga paraf dan tanda "
        "tangan sebelumnya batal. Data dikembalikan ke operator (langkah 6)."
    )


STATUS_BIDANG = {
    SubmissionState.DIISI: "sedang diisi",
    SubmissionState.DIKIRIM: "dikirim, menunggu verifikasi",
    SubmissionState.TERVERIFIKASI: "terverifikasi",
    SubmissionState.DIKEMBALIKAN: "dikembalikan untuk diperbaiki",
}


def tidak_bisa_diisi(bidang: str, state: SubmissionState) -> str:
    return f"Data {bidang} tidak dapat diubah sekarang: statusnya {STATUS_BIDANG[state]}."


def status_bidang_berubah(bidang: str, state: SubmissionState) -> str:
    return (
        f"Data {bidang} sudah berubah status: {STATUS_BIDANG[state]}. "
        "Tombol ini tidak berlaku lagi."
    )


def versi_berubah() -> str:
    return (
        "Data ini sudah berubah sejak tombol ini ditampilkan. "
        "Silakan buka ringkasan terbaru (/isi)."
    )


def nilai_negatif(indikator: str) -> str:
    return f"Realisasi «{indikator}» tidak boleh negatif. Ketik angka 0 atau lebih."


def _nomor(nomor: Sequence[int]) -> str:
    return ", ".join(str(n) for n in nomor)


def masih_kosong(nomor: Sequence[int]) -> str:
    return (
        f"Masih ada {len(nomor)} indikator belum diisi (no. {_nomor(nomor)}). Isi dulu, lalu kirim."
    )


def masih_perlu_perbaikan(nomor: Sequence[int]) -> str:
    return (
        f"Masih ada {len(nomor)} indikator yang perlu diperbaiki (no. {_nomor(nomor)}). "
        "Periksa dan isi kembali, lalu kirim."
    )


def perlu_keterangan(nomor: Sequence[int]) -> str:
    return (
        f"Capaian indikator no. {_nomor(nomor)} jauh dari target dan belum diberi keterangan. "
        "Tambahkan keterangan (penyebab/kendala dan upaya), lalu kirim."
    )


def capaian_singkat(item: FillItem) -> str:
    if item.value is None:
        return "⬜ belum diisi"
    value = fmt.nilai(item.value, item.satuan)
    if item.capaian is None:
        mark = "capaian - (tanpa target)"
    else:
        mark = f"{fmt.persen(item.capaian)} % ({item.kategori})"
    flag = " ⚠️ perlu diperbaiki" if item.perlu_perbaikan else ""
    return f"{value} · {mark}{flag}"


def ringkasan(items: Sequence[FillItem]) -> str:
    return "\n".join(f"{i.nomor}. {i.nama} — {capaian_singkat(i)}" for i in items)


def peran_tidak_dikenal(text: str) -> str:
    names = ", ".join(role.value for role in Role)
    return f"Peran «{text}» tidak dikenal. Pilih salah satu: {names}."


def bidang_tidak_dikenal(text: str, known: Sequence[object]) -> str:
    names = "; ".join(getattr(b, "nama", str(b)) for b in known) or "(belum ada bidang)"
    return f"Bidang «{text}» tidak dikenal. Bidang yang ada: {names}."


def tanggal_singkat(moment: datetime, tz: str) -> str:
    from zoneinfo import ZoneInfo

    return fmt.tanggal(moment.astimezone(ZoneInfo(tz)).date())


BELUM_ADA_FORMAT = "Belum ada format data kinerja untuk bidang Anda pada putaran yang terbuka."


# --- Pengingat, eskalasi, dan pesan yang tidak terkirim (scheduler/) ---

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


def _langkah(tahun: int, triwulan: int, number: int, bidang: str | None) -> str:
    where = f" — {bidang}" if bidang else ""
    return f"{KEGIATAN[number]} {putaran(tahun, triwulan)}{where} (langkah {number})"


def _kalimat(text: str) -> str:
    return text[:1].upper() + text[1:]


def lama_terlambat(minutes: int, days: int) -> str:
    """Working time past a deadline: "1 hari kerja", "2 jam kerja", "10 menit kerja"."""
    if days:
        return f"{days} hari kerja"
    return f"{fmt.durasi_kerja(minutes)} kerja"


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
            f"{tenggat(due, tz)}{late}. Mohon segera diselesaikan."
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
            f"(batas {tenggat(due, tz)}). Mohon segera diselesaikan."
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


def pengguna_tak_terjangkau(nama: str, peran: Sequence[str], sebab: str) -> str:
    """Told to the operators once, when a person's chat starts refusing the bot's messages."""
    who = f"{nama} ({', '.join(peran)})" if peran else nama
    return (
        f"⚠️ Pesan bot tidak dapat dikirim kepada {who}: {sebab}. Mohon hubungi yang "
        "bersangkutan agar membuka bot ini lagi dan menekan Mulai (Start). Pesan yang gagal "
        "tidak dikirim ulang; posisi terbaru dapat dilihat dengan /status."
    )


# --- The workbook: uploading a filled format, downloading the compiled data (issue 5) ---

UNGGAH_PANJANG_MAKS = 3500
"""Room for a refusal in one Telegram message (4096), with the header and the tail."""

UNGGAH_TIDAK_DIKENAL = (
    "Berkas ini bukan format dari putaran yang dikenal bot. Isi dan kirim kembali format "
    "terakhir yang dikirim bot."
)
UNGGAH_KOSONG = "Berkas belum berisi realisasi apa pun. Isi kolom Realisasi, lalu kirim lagi."
UNDUH_TIDAK_BERHAK = (
    "Maaf, buku kerja data kinerja hanya untuk operator, Kasubag PKA, Sekretaris, Kepala Dinas, "
    "perencana, dan Kepala Bidang (untuk bidangnya sendiri)."
)


def unggah_ditolak(filename: str, problems: Sequence[str]) -> str:
    """Every problem of an uploaded format by row, cut to one message ("… dan 3 masalah lain")."""
    name = " ".join(filename.split())[:60] or "tanpa nama"
    lines = [
        f"Berkas «{name}» belum dapat diterima; tidak ada nilai yang disimpan. "
        "Perbaiki hal berikut, lalu kirim lagi:"
    ]
    size = len(lines[0])
    for index, problem in enumerate(problems):
        line = f"• {problem}"
        left = len(problems) - index
        tail = 40 if left > 1 else 0
        if size + 1 + len(line) + tail > UNGGAH_PANJANG_MAKS:
            lines.append(f"… dan {left} masalah lain.")
            break
        lines.append(line)
        size += 1 + len(line)
    return "\n".join(lines)


def unggah_putaran_lain(tahun: int, triwulan: int, diisi: Sequence[str]) -> str:
    text = f"Berkas ini format {putaran(tahun, triwulan)}, yang tidak sedang dalam pengisian."
    if diisi:
        text += f" Yang sedang diisi: {', '.join(diisi)}; kirim format putaran itu."
    return text


def unggah_bidang_lain(bidang: str) -> str:
    return (
        f"Berkas ini format {bidang}, bukan bidang Anda. Anda hanya dapat mengirim format "
        "bidang Anda sendiri."
    )


def unggah_versi_lama(bidang: str) -> str:
    return (
        f"Berkas ini format versi lama: data {bidang} sudah berubah status sejak format itu "
        "dikirim (dikirim, dikembalikan, atau diverifikasi). Isi format terbaru yang dikirim bot."
    )


def unggah_perlu_keterangan(capaian: str) -> str:
    """`capaian` as shown ("40,00"): a value far from target must be explained (DESIGN §5)."""
    return (
        f"capaian {capaian} % jauh dari target; isi kolom Keterangan (penyebab/kendala dan upaya)"
    )


def unggah_diterima(bidang: str, n_realisasi: int, n_keterangan: int) -> str:
    saved = f"{n_realisasi} realisasi"
    if n_keterangan:
        saved += f" dan {n_keterangan} keterangan"
    return f"✅ Berkas diterima: {saved} {bidang} tersimpan. Periksa ringkasan, lalu Kirim."


def putaran_belum_ada(tahun: int, triwulan: int) -> str:
    return f"Putaran {putaran(tahun, triwulan)} belum dibuka."


def unduh_tanpa_bidang(tahun: int, triwulan: int) -> str:
    return f"Bidang Anda tidak memiliki indikator pada putaran {putaran(tahun, triwulan)}."

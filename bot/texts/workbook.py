"""The workbook in chat: a Kabid sending back a filled format (what is refused and what is
kept), and `/unduh` of the compiled data and of the year's workbook.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.texts.common import putaran, tw

__all__ = [
    "BELUM_DIMULAI",
    "INSTANSI_BELUM_DIATUR",
    "UNDUH_TIDAK_BERHAK",
    "UNGGAH_KOSONG",
    "UNGGAH_PANJANG_MAKS",
    "UNGGAH_TIDAK_DIKENAL",
    "keadaan_draft",
    "keadaan_final",
    "keadaan_tahunan",
    "kuartal_putaran",
    "kuartal_tanpa_putaran",
    "putaran_belum_ada",
    "unduh_tahunan_tanpa_bidang",
    "unduh_tanpa_bidang",
    "unggah_bidang_lain",
    "unggah_diterima",
    "unggah_ditolak",
    "unggah_putaran_lain",
    "unggah_versi_lama",
]

# --- Uploading a filled format ---

UNGGAH_PANJANG_MAKS = 3500
"""Room for a refusal in one Telegram message (4096), with the header and the tail."""

UNGGAH_TIDAK_DIKENAL = (
    "Berkas ini bukan format dari putaran yang dikenal bot. Isi dan kirim kembali format "
    "terakhir yang dikirim bot."
)
UNGGAH_KOSONG = "Berkas belum berisi realisasi apa pun. Isi kolom Realisasi, lalu kirim lagi."


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


def unggah_diterima(bidang: str, n_realisasi: int, n_keterangan: int, n_analisis: int = 0) -> str:
    parts = [f"{n_realisasi} realisasi"]
    if n_keterangan:
        parts.append(f"{n_keterangan} keterangan")
    if n_analisis:
        parts.append(f"{n_analisis} isian analisis")
    saved = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} dan {parts[-1]}"
    return f"✅ Berkas diterima: {saved} {bidang} tersimpan. Periksa ringkasan, lalu Kirim."


# --- Downloading the compiled workbook ---

INSTANSI_BELUM_DIATUR = "NAMA INSTANSI BELUM DIATUR (KINERJA-BOT INIT)"
UNDUH_TIDAK_BERHAK = (
    "Maaf, buku kerja data kinerja hanya untuk operator, Kasubag PKA, Sekretaris, Kepala Dinas, "
    "perencana, dan Kepala Bidang (untuk bidangnya sendiri)."
)


def putaran_belum_ada(tahun: int, triwulan: int) -> str:
    return f"Putaran {putaran(tahun, triwulan)} belum dibuka."


def unduh_tanpa_bidang(tahun: int, triwulan: int) -> str:
    return f"Bidang Anda tidak memiliki indikator pada putaran {putaran(tahun, triwulan)}."


# --- What the compiled workbook prints of the round's progress ---

BELUM_DIMULAI = "belum dimulai"
"""A step of the Lembar Kendali not started yet."""


def keadaan_final(stempel: str) -> str:
    return f"FINAL — difinalkan {stempel}"


def keadaan_draft(langkah: int, nama_langkah: str, stempel: str) -> str:
    return f"DRAFT — belum final; posisi langkah {langkah} ({nama_langkah}). Dibuat {stempel}."


def unduh_tahunan_tanpa_bidang(tahun: int) -> str:
    return f"Bidang Anda tidak memiliki indikator pada tahun {tahun}."


# --- The year's workbook: where each quarter stands ---


def kuartal_putaran(triwulan: int, final: bool, langkah: int | None) -> str:
    return f"{tw(triwulan)} final" if final else f"{tw(triwulan)} langkah {langkah}"


def kuartal_tanpa_putaran(triwulan: int, dari_riwayat: bool) -> str:
    if dari_riwayat:
        return f"{tw(triwulan)} dari riwayat master indikator"
    return f"{tw(triwulan)} belum ada data"


def keadaan_tahunan(bagian: Sequence[str], final: bool, dibuat: str) -> str:
    if final:
        return f"FINAL — {'; '.join(bagian)}."
    return f"DRAFT — belum final: {'; '.join(bagian)}. Dibuat {dibuat}."

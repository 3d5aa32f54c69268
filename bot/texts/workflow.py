"""The notices of the SOP's steps 1–11: what the holder of the next step reads when a round
opens, moves on, comes back or finishes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot import formatting as fmt
from bot.sop import Role, step
from bot.texts.common import (
    capaian_dan_kategori,
    daftar_nomor,
    putaran,
    rincian,
    silakip_kemajuan,
    tenggat,
)
from bot.views import FillItem, SilakipLine, SilakipPage

__all__ = [
    "BATAL_DATA_BERUBAH",
    "BATAL_DEFINISI_DIUBAH",
    "KARTU_DIGANTI_DEFINISI",
    "batal_karena_dikembalikan",
    "bidang_dikembalikan",
    "data_berubah_setelah_paraf",
    "data_dikirim",
    "data_final",
    "definisi_bidang_diubah",
    "definisi_diterapkan",
    "ditandatangani",
    "draft_dikembalikan",
    "format_benar",
    "format_bidang",
    "kartu_persetujuan",
    "koreksi_format",
    "langkah_silakip",
    "persetujuan_batal_definisi",
    "putaran_dibuka",
    "putaran_dikembalikan",
    "putaran_selesai",
    "ringkasan",
    "semua_terverifikasi",
    "silakip_csv",
    "silakip_selesai",
    "silakip_tercentang",
    "terapkan_indikator_berubah",
    "terapkan_perlu_paksa",
    "terapkan_sudah_final",
]


# --- Steps 1–3: the draft format ---


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


# --- Steps 4–5: filling and verification ---


def format_bidang(tahun: int, triwulan: int, bidang: str, n: int, due: datetime, tz: str) -> str:
    return (
        f"Format Data Kinerja {putaran(tahun, triwulan)} — {bidang}\n"
        f"{n} indikator. Batas pengisian: {tenggat(due, tz)} (3 hari kerja).\n"
        "Isi di sini satu per satu, atau kirim kembali file Excel terlampir yang sudah diisi. "
        "Bukti dukung (foto, PDF, Excel, JPG/PNG) dikirim saat kartu indikatornya terbuka."
    )


def data_dikirim(
    tahun: int, triwulan: int, bidang: str, oleh: str, at: datetime, due: datetime, tz: str
) -> str:
    return (
        f"Verifikasi — {bidang}, {putaran(tahun, triwulan)} (dikirim {oleh}, "
        f"{fmt.stempel(at, tz)}; batas verifikasi: {tenggat(due, tz)})"
    )


def _capaian_singkat(item: FillItem) -> str:
    if item.value is None:
        return "⬜ belum diisi"
    value = fmt.nilai(item.value, item.satuan)
    mark = "capaian - (tanpa target)" if item.capaian is None else capaian_dan_kategori(item)
    flag = " ⚠️ perlu diperbaiki" if item.perlu_perbaikan else ""
    return f"{value} · {mark}{flag}"


def ringkasan(items: Sequence[FillItem]) -> str:
    """The sent data under the operator's verification notice, one line an indicator, its
    analysis and evidence files under it (the buttons below the card open the files)."""
    return "\n".join(
        "\n".join([f"{i.nomor}. {i.nama} — {_capaian_singkat(i)}", *rincian(i)]) for i in items
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
        f"Indikator yang perlu diperbaiki: no. {daftar_nomor(nomor)}."
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


# --- Steps 6–9: compiling and the approvals ---


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


BATAL_DATA_BERUBAH = "data berubah setelah paraf"
"""Why approvals are void when the data under them changed (as the audit and print keep it)."""


BATAL_DEFINISI_DIUBAH = "definisi indikator diubah (import-indikator --terapkan-ke-putaran --paksa)"
"""Why approvals are void when the administrator applied new definitions to a round."""


def batal_karena_dikembalikan(reason: str) -> str:
    """Why approvals are void after a return at steps 7–9."""
    return f"dikembalikan: {reason}"


def data_berubah_setelah_paraf(tahun: int, triwulan: int) -> str:
    return (
        f"Data {putaran(tahun, triwulan)} berubah setelah diparaf, sehingga paraf dan tanda "
        "tangan sebelumnya batal. Data dikembalikan ke operator (langkah 6)."
    )


def ditandatangani(tahun: int, triwulan: int, oleh: str, at: datetime, tz: str) -> str:
    return (
        f"Data Kinerja {putaran(tahun, triwulan)} ditandatangani Kepala Dinas ({oleh}, "
        f"{fmt.jam(at, tz)}). Langkah 10 — finalkan."
    )


# --- Steps 10–11: final and SILAKIP ---


def data_final(tahun: int, triwulan: int, oleh: str, at: datetime, tz: str) -> str:
    return (
        f"Data Kinerja {putaran(tahun, triwulan)} FINAL ({oleh}, {fmt.stempel(at, tz)}). "
        "File final terlampir."
    )


def langkah_silakip(
    tahun: int, triwulan: int, due: datetime, checklist: SilakipPage, tz: str
) -> str:
    """Step 11's card: how many bidang are entered into SILAKIP, who entered those of the page
    shown and when (its buttons are that page's bidang)."""
    text = (
        f"Langkah 11 — input data kinerja {putaran(tahun, triwulan)} ke SILAKIP "
        f"(batas: {tenggat(due, tz)}). File siap-input terlampir.\n"
        "Tekan nama bidang yang datanya sudah diinput ke SILAKIP, atau Semua untuk seluruh "
        "bidang yang tersisa.\n"
        + silakip_tercentang(checklist.done, len(checklist.lines), checklist.shown, tz)
    )
    if checklist.pages > 1:
        text += f"\nHalaman {checklist.page + 1} dari {checklist.pages}."
    return text


def silakip_selesai(tahun: int, triwulan: int, lines: Sequence[SilakipLine], tz: str) -> str:
    """Step 11's card once its last bidang is ticked: who entered each one, and when."""
    return (
        f"Langkah 11 — input data kinerja {putaran(tahun, triwulan)} ke SILAKIP.\n"
        + silakip_tercentang(len(lines), len(lines), lines, tz)
    )


def silakip_tercentang(done: int, total: int, lines: Sequence[SilakipLine], tz: str) -> str:
    """How far step 11 is, then each of `lines` already entered: by whom and when."""
    rows = [silakip_kemajuan(done, total) + "."]
    rows += [
        f"✅ {line.nama} — {line.oleh}, {fmt.stempel(line.at, tz)}"
        for line in lines
        if line.at is not None
    ]
    return "\n".join(rows)


def silakip_csv(tahun: int, triwulan: int) -> str:
    return f"Ekspor SILAKIP {putaran(tahun, triwulan)} dalam format CSV (satu baris per indikator)."


def putaran_selesai(tahun: int, triwulan: int, oleh: str, at: datetime, tz: str) -> str:
    return (
        f"✅ Data Kinerja {putaran(tahun, triwulan)} sudah diinput ke SILAKIP ({oleh}, "
        f"{fmt.stempel(at, tz)}). Putaran selesai. Terima kasih."
    )


# --- import-indikator --terapkan-ke-putaran ---

KARTU_DIGANTI_DEFINISI = (
    "ℹ️ Kartu ini diganti: definisi indikator putaran ini diubah. Kartu yang baru menyusul."
)


def terapkan_sudah_final(periode: str) -> str:
    return (
        f"Putaran {periode} sudah final (langkah 10); definisinya tidak dapat diubah lagi, "
        "juga tidak dengan --paksa."
    )


def terapkan_perlu_paksa(periode: str, langkah: int) -> str:
    return (
        f"Putaran {periode} sudah di langkah {langkah}: mengubah definisinya membatalkan paraf "
        "dan tanda tangan dan mengembalikannya ke langkah 6. Tambahkan --paksa bila memang itu "
        "yang dimaksud. Tidak ada yang dimuat."
    )


def terapkan_indikator_berubah(
    periode: str, ditambah: Sequence[str], dihapus: Sequence[str]
) -> str:
    parts = []
    if ditambah:
        parts.append("indikator baru: " + "; ".join(ditambah))
    if dihapus:
        parts.append("indikator yang tidak ada lagi: " + "; ".join(dihapus))
    return (
        f"Format putaran {periode} sudah dibagikan ke Kabid, sehingga hanya definisi dan target "
        f"yang dapat diterapkan, bukan {' dan '.join(parts)}. Tidak ada yang dimuat."
    )


def definisi_bidang_diubah(periode: str, bidang: str, indikator: Sequence[str]) -> str:
    return (
        f"ℹ️ Definisi atau target indikator {bidang}, {periode} diubah oleh administrator: "
        + "; ".join(indikator)
        + ". Nilai yang sudah diisi tetap tersimpan; periksa kembali capaiannya. Format baru "
        "menyusul."
    )


def persetujuan_batal_definisi(periode: str) -> str:
    return (
        f"ℹ️ Definisi indikator {periode} diubah oleh administrator, sehingga paraf atau tanda "
        "tangan Anda pada data itu batal. Data kembali ke operator (langkah 6) dan akan diajukan "
        "lagi."
    )


def definisi_diterapkan(periode: str, bidang: Sequence[str], voided: Sequence[str]) -> str:
    lines = [f"ℹ️ Definisi indikator {periode} diperbarui dari master: {'; '.join(bidang)}."]
    if voided:
        lines.append("Persetujuan yang dibatalkan: " + "; ".join(voided) + ".")
    return "\n".join(lines)

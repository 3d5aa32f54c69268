"""Texts of the chat cards (CHAT.md): what each person reads, card by card."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from bot import formatting as fmt
from bot.sop import Role, step
from bot.states import RoundState, SubmissionState
from bot.texts import ROMAWI, lama_terlambat, putaran
from bot.workflow.lookup import DraftItem
from bot.workflow.status import BidangLine, Clock, RoundStatus
from bot.workflow.views import FillItem

PERKENALAN = (
    "Bot ini untuk pengumpulan data kinerja {instansi}. Untuk memakainya, Anda memerlukan "
    "tautan undangan dari operator Subbag Perencanaan."
)
GANGGUAN = (
    "Maaf, terjadi gangguan saat memproses permintaan Anda. Data yang sudah tersimpan tidak "
    "hilang. Silakan coba lagi sebentar lagi."
)
TIDAK_DIMENGERTI = "Maaf, pesan ini belum bisa saya proses. Ketik /bantuan untuk melihat perintah."
DIBATALKAN = "Baik, dibatalkan. Data yang sudah tersimpan tetap aman."
TIDAK_ADA_YANG_DIBATALKAN = "Tidak ada percakapan yang sedang berlangsung."
TOMBOL_TIDAK_DIKENAL = "Tombol ini tidak dikenali atau sudah tidak berlaku."
TULIS_ALASAN = "Tuliskan alasan pengembalian:"
TULIS_KETERANGAN_JAUH = "Mohon tuliskan keterangan singkat (penyebab/kendala dan upaya):"
TIDAK_ADA_VERIFIKASI = "Tidak ada data bidang yang menunggu verifikasi."
TIDAK_ADA_PUTARAN = "Belum ada putaran pengumpulan data yang terbuka."
KETERANGAN_TERSIMPAN = "✅ Keterangan tersimpan."
PILIH_BIDANG = "Pilih bidang:"
PUTARAN_FORMAT = "Format: /putaran [tahun] [triwulan], misalnya /putaran 2026 II."
UNDANG_FORMAT = (
    "Format: /undang <peran> [bidang]. Peran: operator, kasubag, sekretaris, kabid, kepala, "
    "perencana. Contoh: /undang kabid Bidang Pelayanan Pencatatan Sipil"
)


def berkas_terlalu_besar(limit_mb: int) -> str:
    return (
        f"Berkas terlalu besar (maksimal {limit_mb} MB). Kirim kembali file Excel format data "
        "kinerja yang dikirim bot, tanpa lampiran lain."
    )


PERINTAH: dict[Role, list[tuple[str, str]]] = {
    Role.OPERATOR: [
        ("putaran", "membuka putaran / melihat posisinya"),
        ("verifikasi", "data bidang yang menunggu verifikasi"),
        ("undang", "membuat tautan undangan"),
        ("unduh", "mengunduh buku kerja"),
        ("status", "posisi pengumpulan"),
    ],
    Role.KASUBAG: [("unduh", "mengunduh buku kerja"), ("status", "posisi pengumpulan")],
    Role.SEKRETARIS: [("unduh", "mengunduh buku kerja"), ("status", "posisi pengumpulan")],
    Role.KEPALA: [("unduh", "mengunduh buku kerja"), ("status", "posisi pengumpulan")],
    Role.PERENCANA: [("unduh", "mengunduh buku kerja"), ("status", "posisi pengumpulan")],
    Role.KABID: [
        ("isi", "mengisi data kinerja bidang Anda"),
        ("unduh", "mengunduh data bidang Anda"),
        ("status", "posisi pengumpulan"),
    ],
}
UMUM = [("bantuan", "apa yang dapat Anda lakukan"), ("batal", "keluar dari percakapan")]


def commands_for(roles: Sequence[Role]) -> list[tuple[str, str]]:
    """The command menu of a person holding `roles`, without repeats, in a stable order."""
    seen: dict[str, str] = {}
    for role in Role:
        if role in roles:
            for name, description in PERINTAH[role]:
                seen.setdefault(name, description)
    for name, description in UMUM:
        seen.setdefault(name, description)
    return list(seen.items())


def selamat_datang(nama: str, role: Role, bidang: str | None) -> str:
    jabatan = f"Kepala {bidang}" if role == Role.KABID and bidang else role.label
    lines = [f"Selamat datang, {nama}. Akun Anda terdaftar sebagai {jabatan}."]
    if role == Role.KABID:
        lines.append("Anda akan menerima format data kinerja setiap triwulan di sini.")
    lines.append(bantuan([role]))
    return "\n".join(lines)


def bantuan(roles: Sequence[Role]) -> str:
    lines = ["Perintah Anda:"]
    lines += [f"/{name} — {description}" for name, description in commands_for(roles)]
    return "\n".join(lines)


def halo(nama: str, roles: Sequence[Role], bidang: Sequence[str]) -> str:
    labels = [r.label for r in Role if r in roles and r != Role.KABID]
    labels += [f"Kepala {b}" for b in bidang]
    return f"Halo, {nama}. Peran Anda: {', '.join(labels)}.\n" + bantuan(roles)


def undangan(link: str, role: Role, bidang: str | None, expires: datetime, tz: str) -> str:
    who = role.label + (f" — {bidang}" if bidang else "")
    return (
        f"Tautan undangan {who} (sekali pakai, berlaku sampai {fmt.waktu_lengkap(expires, tz)}):\n"
        f"{link}\nKirimkan tautan ini hanya kepada orang yang bersangkutan."
    )


def arah_text(item: FillItem) -> str:
    if item.arah == "naik":
        return "semakin tinggi semakin baik"
    if item.rumus == "rasio":
        return "semakin rendah semakin baik (capaian = target ÷ realisasi × 100)"
    return "semakin rendah semakin baik (capaian = (2 × target − realisasi) ÷ target × 100)"


def kartu_indikator(item: FillItem, total: int, triwulan: int) -> str:
    tw = ROMAWI[triwulan]
    target = fmt.angka(item.target, 2) if item.target is not None else "- (tanpa target)"
    lines = [
        f"{item.nomor}/{total} · {item.nama}",
        f"Satuan: {item.satuan} · Arah: {arah_text(item)}",
        f"Target TW {tw}: {target}"
        + (
            f" · Realisasi TW {ROMAWI[triwulan - 1]}: {fmt.angka(item.sebelumnya)}"
            if item.sebelumnya is not None and triwulan > 1
            else ""
        ),
    ]
    if item.value is not None:
        lines.append(f"Nilai tersimpan: {fmt.nilai(item.value, item.satuan)}")
    if item.perlu_perbaikan:
        lines.append("⚠️ Perlu diperbaiki: periksa lalu ketik kembali nilainya.")
    if item.keterangan:
        lines.append(f"Keterangan: {item.keterangan}")
    lines.append(f"Ketik realisasi TW {tw} (contoh: 94,5).")
    return "\n".join(lines)


def tercatat(item: FillItem) -> str:
    value = fmt.nilai(item.value, item.satuan)
    if item.capaian is None:
        return f"✅ Tercatat: {value} · capaian - (tidak ada target triwulan ini)"
    return f"✅ Tercatat: {value} · capaian {fmt.persen(item.capaian)} % ({item.kategori})"


def jauh_dari_target(item: FillItem, typed: Decimal) -> str:
    target = fmt.angka(item.target, 2) if item.target is not None else "-"
    return (
        f"⚠️ Capaian {fmt.persen(item.capaian)} % ({item.kategori}) jauh dari target {target}. "
        f"Angka {fmt.angka(typed)} sudah benar?"
    )


def minta_keterangan(item: FillItem) -> str:
    return f"Tuliskan keterangan untuk indikator no. {item.nomor} ({item.nama}):"


def ringkasan_judul(bidang: str, tahun: int, triwulan: int) -> str:
    return f"Ringkasan — {bidang}, TW {ROMAWI[triwulan]} {tahun}"


def ringkasan_baris(item: FillItem) -> str:
    if item.value is None:
        return f"{item.nomor}. {item.nama} — ⬜ belum diisi"
    value = fmt.nilai(item.value, item.satuan)
    pct = "-" if item.capaian is None else f"{fmt.persen(item.capaian)} %"
    mark = " ✅" if item.capaian is not None and item.capaian >= 100 else ""
    flag = " ⚠️ perlu diperbaiki" if item.perlu_perbaikan else ""
    note = " ⚠️ perlu keterangan" if item.needs_keterangan else ""
    return f"{item.nomor}. {item.nama} — {value} · {pct}{mark}{flag}{note}"


def terkirim(at: datetime, tz: str) -> str:
    return f"Terkirim pukul {fmt.jam(at, tz)}. Operator akan memverifikasi."


def pilih_ubah() -> str:
    return "Pilih nomor indikator yang akan diubah:"


def draft_bidang(nama: str, items: Sequence[DraftItem], triwulan: int) -> str:
    lines = [f"{nama} — target TW {ROMAWI[triwulan]}:"]
    for item in items:
        target = fmt.angka(item.target) if item.target is not None else "-"
        mark = "" if item.diukur else " (tidak diukur TW ini)"
        lines.append(f"{item.nomor}. {item.nama} — {item.satuan} · target {target}{mark}")
    lines.append("Pilih nomor indikator untuk mengubah target atau menandai tidak diukur.")
    return "\n".join(lines)


def draft_indikator(item: DraftItem, triwulan: int) -> str:
    shown = fmt.angka(item.target) if item.target is not None else "-"
    state = "diukur" if item.diukur else "tidak diukur"
    return (
        f"{item.nomor}. {item.nama}\nSatuan: {item.satuan} · Target TW {ROMAWI[triwulan]}: "
        f"{shown} · {state} triwulan ini."
    )


def minta_target(nama: str, triwulan: int) -> str:
    return f"Ketik target TW {ROMAWI[triwulan]} yang benar untuk «{nama}»:"


def target_diubah(nama: str, target: Decimal) -> str:
    return f"✅ Target «{nama}» diubah menjadi {fmt.angka(target)}."


def tidak_diukur(nama: str) -> str:
    return f"✅ «{nama}» ditandai tidak diukur triwulan ini."


def draft_terkirim(at: datetime, tz: str) -> str:
    return f"📨 Draft dikirim ke Kasubag PKA pukul {fmt.jam(at, tz)}."


def keputusan(verb: str, nama: str, at: datetime, tz: str, reason: str | None = None) -> str:
    """What an approval card becomes after the press: what happened, who and when."""
    line = f"{verb} oleh {nama} pada {fmt.stempel(at, tz)}"
    return line + (f": {reason}" if reason else ".")


def dibagikan(n: int, tanpa_kabid: Sequence[str]) -> str:
    text = f"✅ Format dibagikan ke {n} bidang."
    if tanpa_kabid:
        text += (
            "\n⚠️ Belum ada Kabid terdaftar untuk: "
            + "; ".join(tanpa_kabid)
            + ". Format dikirim otomatis begitu Kabid mendaftar (/undang kabid <bidang>)."
        )
    return text


def pilih_kembali(bidang: str, picked: Sequence[int]) -> str:
    chosen = ", ".join(str(n) for n in sorted(picked)) if picked else "belum ada (berarti semua)"
    return (
        f"Kembalikan {bidang}: pilih indikator yang perlu diperbaiki, lalu Lanjut.\n"
        f"Terpilih: {chosen}."
    )


def daftar_verifikasi(count: int) -> str:
    return f"{count} data bidang menunggu verifikasi. Pilih bidang:"


def status(rounds: Sequence[RoundStatus], tz: str) -> str:
    if not rounds:
        return TIDAK_ADA_PUTARAN
    blocks = []
    for item in rounds:
        number = item.state.step
        title = putaran(item.round.tahun, item.round.triwulan)
        if item.state == RoundState.PENGISIAN:
            head = f"{title} — langkah 4–5 (pengisian & verifikasi)"
        elif number is not None:
            head = f"{title} — langkah {number}: {step(number).name}"
        else:
            head = f"{title} — selesai"
        lines = [head]
        if item.holders:
            lines.append("Pemegang: " + ", ".join(item.holders))
        if item.clock is not None:
            lines.append(_clock_line(item.clock, tz))
        for line in item.bidang:
            lines.append(_bidang_line(line, tz))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


_ICON = {
    SubmissionState.DIISI: "🟡",
    SubmissionState.DIKIRIM: "📨",
    SubmissionState.TERVERIFIKASI: "✅",
    SubmissionState.DIKEMBALIKAN: "↩️",
}


def _clock_line(clock: Clock, tz: str) -> str:
    if clock.late.past_due:
        late = lama_terlambat(clock.late.minutes, clock.late.days)
        return f"⏰ terlambat {late} (batas {fmt.stempel(clock.due, tz)})"
    return f"batas {fmt.stempel(clock.due, tz)}"


def _bidang_line(line: BidangLine, tz: str) -> str:
    state = line.state
    if state == SubmissionState.TERVERIFIKASI:
        text = "terverifikasi"
    elif state == SubmissionState.DIKIRIM and line.at is not None:
        text = f"dikirim {fmt.stempel(line.at, tz)}, menunggu verifikasi"
    elif line.filled == 0:
        text = "belum diisi"
    else:
        text = f"sedang diisi {line.filled}/{line.total}"
    if state == SubmissionState.DIKEMBALIKAN:
        text = f"dikembalikan, {text}"
    clock = line.clock
    suffix = f" · {_clock_line(clock, tz)}" if clock else ""
    return f"{_ICON[state]} {line.nama} — {text}{suffix}"

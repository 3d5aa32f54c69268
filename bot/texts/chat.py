"""The chat cards of CHAT.md, card by card: greetings and menus, the filling card and its
summary, the draft editor, approval cards after the press, and `/status`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from bot import capaian as rules
from bot import formatting as fmt
from bot.sop import Role, step
from bot.states import RoundState, SubmissionState
from bot.texts.common import (
    ANALISIS_NAMA,
    analisis_lines,
    capaian_dan_kategori,
    daftar_berkas,
    daftar_nomor,
    lama_terlambat,
    putaran,
    putaran_singkat,
    rincian,
    silakip_kemajuan,
    tw,
)
from bot.views import BidangLine, Bukti, Clock, DraftItem, FillItem, RoundStatus

__all__ = [
    "CONTOH_UNDANG",
    "DIBATALKAN",
    "GANGGUAN",
    "JENIS_PESAN_TIDAK_DIDUKUNG",
    "KARTU_SUDAH_TERJAWAB",
    "KETERANGAN_TERSIMPAN",
    "MENU_ORANG_BARU",
    "PERKENALAN",
    "PESAN_DIUBAH_TIDAK_DIPROSES",
    "PILIH_BIDANG",
    "TIDAK_ADA_PUTARAN",
    "TIDAK_ADA_TUGAS",
    "TIDAK_ADA_VERIFIKASI",
    "TIDAK_ADA_YANG_DIBATALKAN",
    "TIDAK_DIMENGERTI",
    "TOMBOL_TIDAK_DIKENAL",
    "TULIS_ALASAN",
    "analisis_tersimpan",
    "bantuan",
    "bidang_dikembalikan_oleh",
    "bidang_putaran",
    "bukti_dihapus",
    "bukti_tersimpan",
    "commands_for",
    "daftar_verifikasi",
    "dibagikan",
    "draft_bidang",
    "draft_indikator",
    "draft_terkirim",
    "grafik_capaian",
    "halo",
    "kartu_indikator",
    "kartu_verifikasi",
    "keputusan",
    "minta_keterangan",
    "minta_target",
    "pengingat_analisis",
    "pengisi",
    "pilih_kembali",
    "pilih_ubah",
    "ringkasan_baris",
    "ringkasan_judul",
    "selamat_datang",
    "status",
    "tanya_analisis",
    "target_diubah",
    "tercatat",
    "terkirim",
    "tidak_diukur",
    "tugas_dikirim",
]

PERKENALAN = (
    "Bot ini untuk pengumpulan data kinerja {instansi}. Untuk memakainya, Anda memerlukan "
    "tautan undangan dari operator Subbag Perencanaan."
)
GANGGUAN = (
    "Maaf, terjadi gangguan saat memproses permintaan Anda. Data yang sudah tersimpan tidak "
    "hilang. Silakan coba lagi sebentar lagi."
)
TIDAK_DIMENGERTI = "Maaf, pesan ini belum bisa saya proses. Ketik /bantuan untuk melihat perintah."
JENIS_PESAN_TIDAK_DIDUKUNG = (
    "Maaf, bot hanya dapat membaca pesan teks, file Excel (.xlsx) format data kinerja, dan foto "
    "atau dokumen bukti dukung pada kartu indikator."
)
PESAN_DIUBAH_TIDAK_DIPROSES = (
    "Pesan yang diubah tidak diproses; nilai yang tersimpan tetap seperti semula. Ketik ulang "
    "nilainya, atau pakai /isi lalu Ubah."
)
DIBATALKAN = "Baik, dibatalkan. Data yang sudah tersimpan tetap aman."
TIDAK_ADA_YANG_DIBATALKAN = "Tidak ada percakapan yang sedang berlangsung."
TOMBOL_TIDAK_DIKENAL = "Tombol ini tidak dikenali atau sudah tidak berlaku."
TULIS_ALASAN = "Tuliskan alasan pengembalian:"
TIDAK_ADA_VERIFIKASI = "Tidak ada data bidang yang menunggu verifikasi."
TIDAK_ADA_PUTARAN = "Belum ada putaran pengumpulan data yang terbuka."
KETERANGAN_TERSIMPAN = "✅ Keterangan tersimpan."
PILIH_BIDANG = "Pilih bidang:"
CONTOH_UNDANG = "kabid Bidang Pelayanan Pencatatan Sipil"


_UNDUH = ("unduh", "buku kerja triwulan; «/unduh tahunan» untuk setahun")
_STATUS = ("status", "posisi pengumpulan")
_PERINTAH: dict[Role, list[tuple[str, str]]] = {
    Role.OPERATOR: [
        ("putaran", "membuka putaran / melihat posisinya"),
        ("verifikasi", "data bidang yang menunggu verifikasi"),
        ("undang", "mengundang Kabid atau perencana"),
        _UNDUH,
        _STATUS,
    ],
    Role.KASUBAG: [_UNDUH, _STATUS],
    Role.SEKRETARIS: [_UNDUH, _STATUS],
    Role.KEPALA: [_UNDUH, _STATUS],
    Role.PERENCANA: [_UNDUH, _STATUS],
    Role.KABID: [
        ("isi", "mengisi data kinerja bidang Anda"),
        ("unduh", "data bidang Anda; «/unduh tahunan» untuk setahun"),
        _STATUS,
    ],
}
MENU_ORANG_BARU = (
    ("start", "memulai / memakai tautan undangan"),
    ("bantuan", "apa yang dapat Anda lakukan"),
)
"""The default command menu, for anyone not bound to a role yet."""

_UMUM = [
    ("tugas", "mengirim ulang kartu yang menunggu tindakan Anda"),
    ("bantuan", "apa yang dapat Anda lakukan"),
    ("batal", "keluar dari percakapan"),
]


def commands_for(roles: Sequence[Role]) -> list[tuple[str, str]]:
    """The command menu of a person holding `roles`, without repeats, in a stable order."""
    seen: dict[str, str] = {}
    for role in Role:
        if role in roles:
            for name, description in _PERINTAH[role]:
                seen.setdefault(name, description)
    for name, description in _UMUM:
        seen.setdefault(name, description)
    return list(seen.items())


KARTU_SUDAH_TERJAWAB = (
    "Kartu ini sudah terjawab. Lanjutkan pada kartu terbaru di bawah, atau ketik /isi."
)


def grafik_capaian(tahun: int, triwulan: int) -> str:
    """The caption of a round's chart (before /status and an approver's card)."""
    return f"📊 Capaian {putaran(tahun, triwulan)} per bidang dan per kategori"


TIDAK_ADA_TUGAS = "Tidak ada tugas yang menunggu tindakan Anda saat ini."


def tugas_dikirim(jumlah: int) -> str:
    return f"Tugas Anda saat ini: {jumlah}. Kartunya dikirim ulang di bawah ini."


def selamat_datang(nama: str, role: Role, bidang: str | None) -> str:
    jabatan = pengisi(bidang) if role == Role.KABID and bidang else role.label
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
    labels += [pengisi(b) for b in bidang]
    return f"Halo, {nama}. Peran Anda: {', '.join(labels)}.\n" + bantuan(roles)


def pengisi(bidang: str) -> str:
    """Who fills a bidang's data: its Kepala Bidang, or for the Sekretariat its appointed filler."""
    if bidang.casefold().startswith("bidang"):
        return f"Kepala {bidang}"
    return f"pengisi data kinerja {bidang}"


def _arah_text(item: FillItem) -> str:
    if item.arah == "naik":
        return "semakin tinggi semakin baik"
    if item.rumus == "rasio":
        return "semakin rendah semakin baik (capaian = target ÷ realisasi × 100)"
    return "semakin rendah semakin baik (capaian = (2 × target − realisasi) ÷ target × 100)"


def kartu_indikator(item: FillItem, total: int, triwulan: int) -> str:
    target = fmt.angka(item.target, 2) if item.target is not None else "- (tanpa target)"
    lines = [
        f"{item.nomor}/{total} · {item.nama}",
        f"Satuan: {item.satuan} · Arah: {_arah_text(item)}",
        f"Target {tw(triwulan)}: {target}"
        + (
            f" · Realisasi {tw(triwulan - 1)}: {fmt.angka(item.sebelumnya)}"
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
    lines += analisis_lines(item)
    if item.bukti:
        lines.append(f"📎 Bukti dukung: {daftar_berkas(item)}")
    elif item.wajib_bukti:
        lines.append(
            "📎 Wajib bukti dukung: kirim foto atau dokumennya (PDF, Excel, JPG/PNG) di sini."
        )
    lines.append(f"Ketik realisasi {tw(triwulan)} (contoh: 94,5).")
    return "\n".join(lines)


_PERTANYAAN_ANALISIS: dict[str, tuple[str, str]] = {
    "penghambat": ("Faktor penghambat?", "Apa yang menghambat tercapainya target?"),
    "upaya": (
        "Upaya / tindak lanjut?",
        "Apa yang dilakukan atau akan dilakukan untuk mencapai target?",
    ),
    "pendorong": ("Faktor pendorong?", "Apa yang mendorong tercapainya target?"),
}
"""Each analysis question (`bot.views.ANALISIS` keys) and what it asks for."""


def _perubahan(item: FillItem, triwulan: int | None) -> str:
    """ " · naik 3,2 poin dari TW I": the change of capaian from the quarter before."""
    change = item.perubahan_poin
    if change is None or triwulan is None or triwulan < 2:
        return ""
    before = tw(triwulan - 1)
    shown = fmt.angka(abs(change), 1)
    if shown == "0,0":
        return f" · sama dengan {before}"
    return f" · {'naik' if change > 0 else 'turun'} {shown} poin dari {before}"


def tercatat(
    item: FillItem, total: int, replaced: Decimal | None = None, triwulan: int | None = None
) -> str:
    """The echo of a typed value: the indicator's position, the value as understood (and the
    one it replaced), its capaian and, given the round's `triwulan`, how far it moved from the
    quarter before — "✅ Tercatat 2/6: 6,5 % · capaian 107,14 % (Sangat Tinggi) · naik 3,2
    poin dari TW I"; a capaian far from target asks to check the number."""
    value = fmt.nilai(item.value, item.satuan)
    if replaced is not None:
        value = f"diubah dari {fmt.angka(replaced)} menjadi {value}"
    capaian = (
        "- (tidak ada target triwulan ini)" if item.capaian is None else capaian_dan_kategori(item)
    )
    echo = f"✅ Tercatat {item.nomor}/{total}: {value} · capaian {capaian}"
    echo += _perubahan(item, triwulan)
    if rules.jauh_dari_target(item.capaian):
        echo += "\n⚠️ Capaian jauh dari target: periksa kembali angkanya (Ubah bila keliru)."
    return echo


def tanya_analisis(kind: str, item: FillItem, total: int) -> str:
    """ "Faktor penghambat?" (or upaya, pendorong) for one indicator, naming it, with what is
    kept already."""
    question, detail = _PERTANYAAN_ANALISIS[kind]
    stored = item.analisis(kind)
    lines = [f"{question} ({item.nomor}/{total} · {item.nama})", detail]
    if stored:
        lines.append(f"Tersimpan: «{stored}». Ketik untuk menggantinya, atau Lewati.")
    else:
        lines.append("Ketik singkat, atau Lewati.")
    return "\n".join(lines)


def analisis_tersimpan(kind: str) -> str:
    return f"✅ {ANALISIS_NAMA[kind]} tersimpan."


def bukti_tersimpan(
    item: FillItem, total: int, file: Bukti, count: int, limit: int, mb: str
) -> str:
    """The echo of an evidence file kept: for which indicator, and the bidang's count of
    `limit`; `mb` is its size as shown ("1,2")."""
    return (
        f"📎 Bukti dukung tersimpan untuk {item.nomor}/{total} · {item.nama}: {file.filename} "
        f"({mb} MB). Bukti dukung bidang ini: {count} dari {limit} berkas."
    )


def bukti_dihapus(item: FillItem, total: int, filename: str) -> str:
    """The echo of an evidence file taken back."""
    return f"🗑 Bukti dukung dihapus dari {item.nomor}/{total} · {item.nama}: {filename}."


def minta_keterangan(item: FillItem) -> str:
    return f"Tuliskan keterangan untuk indikator no. {item.nomor} ({item.nama}):"


def pengingat_analisis(items: Sequence[FillItem]) -> str:
    """Kirim, while values below target lack their analysis: which, and what is missing."""
    names = {"penghambat": "faktor penghambat", "upaya": "upaya / tindak lanjut"}
    lines = ["Analisis belum lengkap untuk capaian di bawah target:"]
    lines += [
        f"{i.nomor}. {i.nama} — belum ada {' dan '.join(names[k] for k in i.analisis_kurang)}"
        for i in items
    ]
    lines.append(
        "Lengkapi lewat Ubah (ketik ulang nilainya, lalu jawab pertanyaannya), atau tekan Kirim "
        "untuk mengirim tanpa analisis itu."
    )
    return "\n".join(lines)


def ringkasan_judul(bidang: str, tahun: int, triwulan: int) -> str:
    return f"Ringkasan — {bidang}, {putaran_singkat(tahun, triwulan)}"


def ringkasan_baris(item: FillItem) -> str:
    """An indicator in the step-4 summary, with what it still lacks, then its `rincian`."""
    if item.value is None:
        head = f"{item.nomor}. {item.nama} — ⬜ belum diisi"
    else:
        value = fmt.nilai(item.value, item.satuan)
        pct = "-" if item.capaian is None else f"{fmt.persen(item.capaian)} %"
        mark = " ✅" if item.capaian is not None and item.capaian >= 100 else ""
        flag = " ⚠️ perlu diperbaiki" if item.perlu_perbaikan else ""
        head = f"{item.nomor}. {item.nama} — {value} · {pct}{mark}{flag}"
    if item.analisis_kurang:
        head += " · ⚠️ analisis belum lengkap"
    if item.needs_bukti:
        head += " · 📎 wajib bukti dukung"
    return "\n".join([head, *rincian(item)])


def terkirim(at: datetime, tz: str) -> str:
    return f"Terkirim pukul {fmt.jam(at, tz)}. Operator akan memverifikasi."


def pilih_ubah() -> str:
    return "Pilih nomor indikator yang akan diubah:"


def draft_bidang(nama: str, items: Sequence[DraftItem], triwulan: int) -> str:
    lines = [f"{nama} — target {tw(triwulan)}:"]
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
        f"{item.nomor}. {item.nama}\nSatuan: {item.satuan} · Target {tw(triwulan)}: "
        f"{shown} · {state} triwulan ini."
    )


def minta_target(nama: str, triwulan: int) -> str:
    return f"Ketik target {tw(triwulan)} yang benar untuk «{nama}»:"


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
    chosen = daftar_nomor(sorted(picked)) if picked else "belum ada (berarti semua)"
    return (
        f"Kembalikan {bidang}: pilih indikator yang perlu diperbaiki, lalu Lanjut.\n"
        f"Terpilih: {chosen}."
    )


def bidang_putaran(bidang: str, tahun: int, triwulan: int) -> str:
    """One bidang's data in a list that may span rounds: "Bidang X (TW II 2026)"."""
    return f"{bidang} ({putaran_singkat(tahun, triwulan)})"


def kartu_verifikasi(
    bidang: str,
    tahun: int,
    triwulan: int,
    submitted_at: datetime | None,
    items: Sequence[FillItem],
    tz: str,
) -> str:
    """A bidang's data as the operator verifies it (opened from /verifikasi)."""
    head = f"Verifikasi — {bidang}, {putaran(tahun, triwulan)}"
    if submitted_at is not None:
        head += f" (dikirim {fmt.stempel(submitted_at, tz)})"
    return "\n".join([head, *(ringkasan_baris(i) for i in items)])


def bidang_dikembalikan_oleh(bidang: str) -> str:
    """The verdict on the card a bidang's return came from."""
    return f"↩️ {bidang} dikembalikan"


def daftar_verifikasi(count: int) -> str:
    return f"{count} data bidang menunggu verifikasi. {PILIH_BIDANG}"


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
        if item.silakip is not None:
            lines.append(silakip_kemajuan(*item.silakip))
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

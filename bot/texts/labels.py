"""Button labels: DESIGN §9's fixed words, each optionally after one emoji and a space, so that
people (and tests) recognise them; and the verdict a card shows once its step is done.
"""

from __future__ import annotations

__all__ = [
    "BAGIKAN",
    "BENAR",
    "BERIKUTNYA",
    "BUKA_KEMBALI",
    "BUKTI",
    "DIFINALKAN",
    "DIKEMBALIKAN",
    "DIKEMBALIKAN_KE_OPERATOR",
    "DIPARAF",
    "DISERAHKAN",
    "DITANDATANGANI",
    "DRAFT_DIKIRIM",
    "FINALKAN",
    "FORMAT_BENAR",
    "FORMAT_DIBAGIKAN",
    "HAPUS_BUKTI",
    "KEMBALIKAN",
    "KIRIM",
    "KIRIM_KE_KASUBAG",
    "LANJUT",
    "LANJUTKAN_ISI",
    "LEWATI",
    "LIHAT_PER_BIDANG",
    "MULAI_ISI",
    "PARAF",
    "PERBAIKI_DRAFT",
    "SEBELUMNYA",
    "SEMUA",
    "SUDAH_SILAKIP",
    "SUSUN",
    "TAMBAH_KETERANGAN",
    "TAMBAH_PENDORONG",
    "TANDATANGANI",
    "TERVERIFIKASI",
    "TIDAK_DIUKUR",
    "UBAH",
    "UBAH_RINGKASAN",
    "UBAH_TARGET",
    "UNDUH",
]

# Step 1 (operator)
LIHAT_PER_BIDANG = "Lihat per bidang"
UBAH_TARGET = "Ubah target"
TIDAK_DIUKUR = "Tidak diukur TW ini"
KIRIM_KE_KASUBAG = "Kirim ke Kasubag"
PERBAIKI_DRAFT = "Perbaiki draft"
# Step 2 (kasubag) and every return
BENAR = "✅ Benar"
KEMBALIKAN = "↩️ Kembalikan"
# Step 3 (operator)
BAGIKAN = "Bagikan ke Kabid"
# Step 4 (kabid)
MULAI_ISI = "Mulai isi"
SEBELUMNYA = "⬅️ Sebelumnya"
LEWATI = "⏭ Lewati"
TAMBAH_KETERANGAN = "📝 Tambah keterangan"
UBAH = "Ubah"
UBAH_RINGKASAN = "✏️ Ubah"
KIRIM = "📨 Kirim"
TAMBAH_PENDORONG = "➕ Tambah faktor pendorong"
LANJUTKAN_ISI = "Lanjutkan isi"
# Step 5 (operator)
TERVERIFIKASI = "✅ Terverifikasi"
LANJUT = "Lanjut"
BUKTI = "📎"
HAPUS_BUKTI = "🗑 Hapus"
"""Before an evidence file's indicator number and name, on the button that sends it."""
# Steps 6–11
SUSUN = "Susun dan serahkan"
BUKA_KEMBALI = "Buka kembali bidang"
PARAF = "✍️ Paraf"
TANDATANGANI = "✍️ Tandatangani"
FINALKAN = "Finalkan"
# Step 11 (operator): one button per bidang, its name (✅ before it once entered into SILAKIP),
# pages of them with SEBELUMNYA and BERIKUTNYA, and every bidang left at once.
BERIKUTNYA = "➡️ Berikutnya"
SEMUA = "Semua"
UNDUH = "Unduh"

# What a card says once its step is done ("✍️ Diparaf oleh Budi, …"): the pressed card, and
# the copies other holders of the step received.
DRAFT_DIKIRIM = "📨 Draft dikirim ke Kasubag PKA"
FORMAT_BENAR = "✅ Format dinyatakan benar"
FORMAT_DIBAGIKAN = "📨 Format dibagikan ke Kabid"
DIKEMBALIKAN = "↩️ Dikembalikan"
DIKEMBALIKAN_KE_OPERATOR = "↩️ Dikembalikan ke operator"
DISERAHKAN = "📨 Data kinerja disusun dan diserahkan ke Kasubag PKA"
DIPARAF = "✍️ Diparaf"
DITANDATANGANI = "✍️ Ditandatangani"
DIFINALKAN = "🔒 Data kinerja difinalkan"
SUDAH_SILAKIP = "✅ Sudah diinput ke SILAKIP"

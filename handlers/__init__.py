"""The whole chat surface on one screen: every command and button, and who handles it.

Buttons are plain CallbackQueryHandlers keyed by the action code of their callback data; each
handler looks the round up by the ids and re-checks everything on the server (DESIGN §9).
"""

from __future__ import annotations

from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.callbacks import Act
from handlers import approval, download, draft, filling, registration, status, text, verification
from handlers.common import Handler

COMMANDS: dict[str, Handler] = {
    "start": registration.start,
    "bantuan": registration.bantuan,
    "batal": registration.batal,
    "undang": registration.undang,
    "status": status.show,
    "putaran": draft.putaran,
    "isi": filling.isi,
    "verifikasi": verification.daftar,
    "unduh": download.unduh,
    "tugas": status.tugas,
}

BUTTONS: dict[Act, Handler] = {
    Act.LIHAT_DRAFT: draft.lihat_draft,
    Act.PILIH_BIDANG_DRAFT: draft.pilih_bidang,
    Act.PILIH_INDIKATOR_DRAFT: draft.pilih_indikator,
    Act.UBAH_TARGET: draft.ubah_target,
    Act.TIDAK_DIUKUR: draft.tidak_diukur,
    Act.KIRIM_DRAFT: draft.kirim_draft,
    Act.BENAR: draft.benar,
    Act.KEMBALIKAN_DRAFT: draft.kembalikan_draft,
    Act.BAGIKAN: draft.bagikan,
    Act.MULAI_ISI: filling.mulai_isi,
    Act.SEBELUMNYA: filling.sebelumnya,
    Act.LEWATI: filling.lewati,
    Act.KETERANGAN: filling.tambah_keterangan,
    Act.UBAH: filling.ubah,
    Act.UBAH_PILIH: filling.ubah_pilih,
    Act.LEWATI_ANALISIS: filling.lewati_analisis,
    Act.PENDORONG: filling.tambah_pendorong,
    Act.KIRIM: filling.kirim,
    Act.KIRIM_TANPA_ANALISIS: filling.kirim_tanpa_analisis,
    Act.VERIFIKASI_BIDANG: verification.buka,
    Act.BUKTI: filling.bukti,
    Act.HAPUS_BUKTI: filling.hapus_bukti,
    Act.TERVERIFIKASI: verification.terverifikasi,
    Act.KEMBALIKAN_BIDANG: verification.kembalikan,
    Act.PILIH_KEMBALI: verification.pilih,
    Act.LANJUT: verification.lanjut,
    Act.BUKA_KEMBALI: verification.buka_kembali,
    Act.BUKA_BIDANG: verification.kembalikan,
    Act.SUSUN: approval.susun,
    Act.PARAF: approval.paraf,
    Act.KEMBALIKAN_PUTARAN: approval.kembalikan,
    Act.FINALKAN: approval.finalkan,
    Act.SILAKIP_BIDANG: approval.silakip_bidang,
    Act.SILAKIP_HALAMAN: approval.silakip_halaman,
    Act.SILAKIP_SEMUA: approval.silakip_semua,
    Act.UNDUH: download.unduh_tombol,
}


def register(application: Application) -> None:  # type: ignore[type-arg]
    # Private chats only: a card in a group would show one bidang's data to everyone there.
    # Only new messages: an edited one would re-answer (or re-run) what was already taken.
    new = filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE
    for name, handler in COMMANDS.items():
        application.add_handler(CommandHandler(name, handler, filters=new))
    for act, handler in BUTTONS.items():
        application.add_handler(CallbackQueryHandler(handler, pattern=f"^{act.value}(:|$)"))
    application.add_handler(CallbackQueryHandler(text.unknown_button))
    application.add_handler(MessageHandler(new & filters.TEXT & ~filters.COMMAND, text.receive))
    files = filters.Document.ALL | filters.PHOTO
    application.add_handler(MessageHandler(new & files, filling.upload))
    application.add_handler(MessageHandler(new & filters.COMMAND, text.unknown_command))
    application.add_handler(MessageHandler(new, text.unsupported))
    edited = filters.UpdateType.EDITED_MESSAGE & filters.ChatType.PRIVATE
    application.add_handler(MessageHandler(edited, text.edited))

"""The `kinerja-bot` command line: set up the office, load indicators, invite people, run.

Help and errors are in Indonesian; an error is one readable line and a non-zero exit, never a
traceback, since the person typing is an office administrator, not a developer.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

from bot import backups, checks, texts
from bot import formatting as fmt
from bot.backups import BackupFailed
from bot.config import ConfigError, Settings, load_settings
from bot.documents.indicator_sheet import SAMPLE_PATH, IndicatorSheetError, write_template
from bot.errors import StartupError, WorkflowError
from bot.sop import STEPS, Acting, Role
from bot.workflow import files, grants, master, registration
from bot.workflow.context import Ctx, build_context
from storage import db
from storage.scratch import CannotCreate

_ARGPARSE_ID = (
    ("the following arguments are required: ", "argumen wajib belum diisi: "),
    ("unrecognized arguments: ", "argumen tidak dikenal: "),
    ("invalid choice: ", "pilihan tidak dikenal: "),
    ("choose from ", "pilih dari "),
    ("expected one argument", "memerlukan satu nilai"),
    ("one of the arguments ", "argumen wajib belum diisi: salah satu dari "),
    (" is required", ""),
    ("not allowed with argument ", "tidak boleh bersama argumen "),
    ("invalid int value: ", "bukan bilangan bulat: "),
    ("argument ", "argumen "),
)


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, "Pemakaian: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with Indonesian section titles, help flag and error messages."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._positionals.title = "argumen"
        self._optionals.title = "pilihan"
        self.add_argument(
            "-h",
            "--help",
            action="help",
            default=argparse.SUPPRESS,
            help="tampilkan bantuan ini lalu keluar",
        )

    def error(self, message: str) -> None:  # type: ignore[override]
        for english, indonesian in _ARGPARSE_ID:
            message = message.replace(english, indonesian)
        self.exit(2, f"{self.prog}: {message}\nLihat «{self.prog} --help».\n")


def _tahun_ini() -> int:
    return date.today().year


def _tanggal(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"tanggal «{text}» harus berbentuk TTTT-BB-HH") from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="kinerja-bot",
        description=(
            "Bot Telegram pengumpulan data kinerja triwulanan sesuai SOP "
            "«Mekanisme Pengumpulan Data Kinerja»."
        ),
        epilog="Konfigurasi dibaca dari variabel lingkungan KINERJA_* dan TELEGRAM_BOT_TOKEN, "
        "atau dari berkas .env.",
    )
    commands = parser.add_subparsers(
        dest="command", title="perintah", metavar="PERINTAH", parser_class=_Parser
    )

    init = commands.add_parser(
        "init",
        help="membuat atau memperbarui basis data dan data instansi",
        description="Membuat atau memperbarui basis data (aman diulang) dan mengisi data "
        "instansi untuk kop dan blok tanda tangan dokumen.",
    )
    for flag, helptext in (
        ("--kabupaten", "nama kabupaten, mis. «Musi Rawas»"),
        ("--instansi", "nama dinas, mis. «Dinas Kependudukan dan Pencatatan Sipil»"),
        ("--alamat", "alamat kantor untuk kop"),
        ("--tempat", "tempat penandatanganan, mis. «Muara Beliti»"),
        ("--kepala-nama", "nama Kepala Dinas dengan gelar"),
        ("--kepala-pangkat", "pangkat/golongan Kepala Dinas"),
        ("--kepala-nip", "NIP Kepala Dinas (18 angka)"),
    ):
        init.add_argument(flag, metavar="TEKS", help=helptext)
    init.add_argument(
        "--contoh",
        action="store_true",
        help="sekaligus memuat indikator contoh Dinas Dukcapil untuk tahun berjalan",
    )
    init.set_defaults(handler=cmd_init)

    template = commands.add_parser(
        "template", help="menulis template kosong", description="Menulis template kosong."
    )
    template.add_argument("jenis", choices=["indikator"], help="jenis template: indikator")
    template.add_argument(
        "-o", "--output", required=True, type=Path, metavar="FILE.xlsx", help="berkas tujuan"
    )
    template.set_defaults(handler=cmd_template)

    load = commands.add_parser(
        "import-indikator",
        help="memuat indikator dari berkas Excel template",
        description="Memuat master indikator satu tahun dari template. Bila ada baris yang "
        "salah, tidak ada yang dimuat dan setiap kesalahan disebutkan per baris.",
    )
    load.add_argument("file", type=Path, metavar="FILE.xlsx", help="template yang sudah diisi")
    load.add_argument(
        "--tahun",
        type=int,
        default=None,
        metavar="TTTT",
        help="tahun indikator (bawaan: tahun berjalan)",
    )
    load.add_argument(
        "--terapkan-ke-putaran",
        dest="terapkan",
        action="store_true",
        help="terapkan juga ke putaran tahun itu yang sedang berjalan (sebelum langkah 6 sebagai "
        "perubahan draft; Kabid diberi tahu). Tanpa ini putaran berjalan tetap memakai "
        "definisinya sendiri",
    )
    load.add_argument(
        "--paksa",
        action="store_true",
        help="bersama --terapkan-ke-putaran: juga pada putaran di langkah 6–10; paraf dan tanda "
        "tangan batal dan putaran kembali ke langkah 6 (ditolak setelah final)",
    )
    load.set_defaults(handler=cmd_import)

    invite = commands.add_parser(
        "undang",
        help="membuat, mendaftar atau membatalkan tautan undangan sekali pakai",
        description="Membuat tautan undangan sekali pakai (deep link) untuk satu peran, "
        "menampilkan undangan yang masih terbuka (--daftar), atau membatalkan satu (--batalkan). "
        "Operator, kasubag, sekretaris dan kepala hanya diundang dari sini; operator di "
        "Telegram mengundang kabid dan perencana.",
    )
    what = invite.add_mutually_exclusive_group(required=True)
    what.add_argument("--peran", choices=[r.value for r in Role], help="peran yang diberikan")
    what.add_argument(
        "--daftar", action="store_true", help="menampilkan undangan yang masih terbuka"
    )
    what.add_argument(
        "--batalkan", type=int, metavar="ID", help="membatalkan undangan bernomor ID (--daftar)"
    )
    invite.add_argument("--bidang", metavar="NAMA", help="nama bidang (wajib untuk kabid)")
    invite.add_argument(
        "--sampai",
        type=_tanggal,
        metavar="TTTT-BB-HH",
        help="peran berlaku sampai akhir tanggal ini (wajib untuk Plt./Plh.)",
    )
    acting = invite.add_mutually_exclusive_group()
    acting.add_argument(
        "--plt", action="store_true", help="sebagai Pelaksana Tugas (perlu --sampai dan --surat)"
    )
    acting.add_argument(
        "--plh", action="store_true", help="sebagai Pelaksana Harian (perlu --sampai dan --surat)"
    )
    invite.add_argument("--surat", metavar="NOMOR", help="nomor surat penunjukan, mis. 800/…/2026")
    for flag, helptext in (
        ("--nama", "nama dengan gelar untuk cetakan (wajib untuk kasubag, sekretaris, Plt./Plh.)"),
        ("--pangkat", "pangkat/golongan untuk cetakan"),
        ("--nip", "NIP 18 angka untuk cetakan (boleh dengan spasi)"),
    ):
        invite.add_argument(flag, metavar="TEKS", help=helptext)
    invite.set_defaults(handler=cmd_invite)

    revoke = commands.add_parser(
        "cabut",
        help="mengakhiri peran seorang pengguna",
        description="Mengakhiri peran pengguna bernomor ID (lihat «kinerja-bot pengguna») "
        "sekarang, atau mulai awal tanggal --mulai (zona waktu kantor). Operator diberi tahu.",
    )
    revoke.add_argument("--id", required=True, type=int, metavar="N", help="id pengguna")
    revoke.add_argument(
        "--peran", required=True, choices=[r.value for r in Role], help="peran yang dicabut"
    )
    revoke.add_argument("--bidang", metavar="NAMA", help="nama bidang (wajib untuk kabid)")
    revoke.add_argument(
        "--mulai", type=_tanggal, metavar="TTTT-BB-HH", help="berlaku mulai tanggal ini"
    )
    revoke.set_defaults(handler=cmd_revoke)

    users = commands.add_parser(
        "pengguna",
        help="daftar pengguna dan perannya",
        description="Menampilkan setiap pengguna dengan id-nya (untuk «cabut») dan semua "
        "perannya, yang berlaku dan yang sudah berakhir.",
    )
    users.set_defaults(handler=cmd_users)

    run = commands.add_parser(
        "run",
        help="menjalankan bot",
        description="Menjalankan bot (polling, atau webhook "
        "bila KINERJA_WEBHOOK_URL diisi). Memerlukan TELEGRAM_BOT_TOKEN.",
    )
    run.set_defaults(handler=cmd_run)

    export = commands.add_parser(
        "ekspor",
        help="menulis buku kerja data kinerja satu triwulan atau satu tahun",
        description="Menulis buku kerja data kinerja (Rekap, per bidang, grafik, tren, lembar "
        "kendali) satu triwulan ke berkas Excel: DRAFT sebelum final, berkas final yang "
        "tersimpan sesudahnya. Dengan --tahunan: buku kerja satu tahun untuk LKjIP (TW I–IV "
        "berdampingan, realisasi dan capaian tahunan, keterangan, bukti dukung).",
    )
    export.add_argument("--tahun", required=True, type=int, metavar="TTTT", help="tahun putaran")
    period = export.add_mutually_exclusive_group(required=True)
    period.add_argument("--triwulan", type=_triwulan, metavar="N", help="triwulan: 1–4 atau I–IV")
    period.add_argument(
        "--tahunan", action="store_true", help="buku kerja satu tahun, TW I–IV (untuk LKjIP)"
    )
    export.add_argument(
        "-o", "--output", required=True, type=Path, metavar="FILE.xlsx", help="berkas tujuan"
    )
    export.set_defaults(handler=cmd_export)

    demo = commands.add_parser(
        "demo",
        help="gladi satu triwulan penuh tanpa token dan tanpa internet",
        description="Menjalankan bot melawan emulator Telegram di komputer ini, memainkan satu "
        "triwulan penuh (semua peran, langkah 1–11) dengan indikator contoh di folder "
        "sementara, mencetak percakapannya, dan menulis buku kerja finalnya. Tidak memerlukan "
        "token; basis data Anda tidak disentuh.",
    )
    demo.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("demo-kinerja-final.xlsx"),
        metavar="FILE.xlsx",
        help="tempat buku kerja final (bawaan: ./demo-kinerja-final.xlsx)",
    )
    demo.add_argument(
        "--database-url",
        type=_postgres_url,
        metavar="URL",
        help="server PostgreSQL (postgresql+psycopg://…, pengguna yang boleh CREATE DATABASE): "
        "demo berjalan di basis data sementara di server itu, yang dihapus lagi sesudahnya "
        "(bawaan: SQLite di folder sementara)",
    )
    demo.set_defaults(handler=cmd_demo)

    backup = commands.add_parser(
        "cadangkan",
        help="mencadangkan seluruh basis data ke satu berkas",
        description="Menulis cadangan seluruh basis data (alur kerja, jejak audit, pesan "
        "keluar, buku kerja final) ke satu berkas, aman selagi bot berjalan: SQLite dengan "
        "backup API-nya, PostgreSQL dengan pg_dump (harus terpasang).",
    )
    backup.add_argument(
        "-o", "--output", required=True, type=Path, metavar="FILE", help="berkas cadangan"
    )
    backup.set_defaults(handler=cmd_backup)

    restore = commands.add_parser(
        "pulihkan",
        help="memulihkan cadangan ke basis data yang masih kosong",
        description="Memulihkan berkas buatan «kinerja-bot cadangkan» ke basis data "
        "KINERJA_DATABASE_URL, yang harus masih kosong (basis data berisi ditolak, tidak ada "
        "yang ditimpa). Hentikan bot selama pemulihan.",
    )
    restore.add_argument("file", type=Path, metavar="FILE", help="berkas cadangan")
    restore.set_defaults(handler=cmd_restore)

    check = commands.add_parser(
        "periksa",
        help="memeriksa konfigurasi, basis data, migrasi, dan Bot API",
        description="Memeriksa konfigurasi, basis data, migrasi skema, Bot API (getMe) dan "
        "cadangan harian, satu baris per pemeriksaan; kode keluar bukan nol bila ada yang "
        "salah. Tidak mengubah apa pun.",
    )
    check.set_defaults(handler=cmd_check)

    database = commands.add_parser(
        "db",
        help="melihat dan menerapkan migrasi skema basis data",
        description="Melihat versi skema basis data KINERJA_DATABASE_URL (status) atau "
        "menerapkan migrasi yang belum (upgrade). «kinerja-bot run» juga menerapkannya sendiri "
        "saat dimulai; beberapa proses yang dimulai bersamaan bergiliran.",
    )
    actions = database.add_subparsers(
        dest="aksi", title="aksi", metavar="AKSI", parser_class=_Parser, required=True
    )
    actions.add_parser(
        "status",
        help="versi skema dan migrasi yang belum diterapkan",
        description="Menampilkan versi skema basis data dan migrasi yang belum diterapkan, "
        "tanpa mengubah apa pun.",
    ).set_defaults(handler=cmd_db_status)
    actions.add_parser(
        "upgrade",
        help="menerapkan migrasi yang belum diterapkan",
        description="Menerapkan semua migrasi yang belum diterapkan (aman diulang).",
    ).set_defaults(handler=cmd_db_upgrade)
    return parser


def _context(settings: Settings) -> Ctx:
    return build_context(settings)


def cmd_init(args: argparse.Namespace, settings: Settings) -> int:
    ctx = _context(settings)
    office = master.set_office(
        ctx,
        kabupaten=args.kabupaten,
        nama=args.instansi,
        alamat=args.alamat,
        tempat=args.tempat,
        kepala_nama=args.kepala_nama,
        kepala_pangkat=args.kepala_pangkat,
        kepala_nip=args.kepala_nip,
    )
    print(f"Basis data siap: {db.printable(settings.database_url)}")
    print(f"Instansi: {office.nama} Kabupaten {office.kabupaten}")
    belum = "(belum diisi)"
    print(
        f"Kepala Dinas: {office.kepala_nama or belum}, {office.kepala_pangkat or belum}, "
        f"NIP. {fmt.nip(office.kepala_nip) or belum}"
    )
    if args.contoh:
        tahun = _tahun_ini()
        loaded = master.import_indicators(ctx, SAMPLE_PATH, tahun)
        print()
        print("Langkah SOP (waktu kerja):")
        for step in STEPS:
            print(f"  {step.number:>2}. {step.name} — {step.role.label}, {step.allotted.label}")
        print()
        _print_loaded(loaded)
        print()
        print("Menjalankan bot: buat bot di @BotFather, lalu")
        print("  export TELEGRAM_BOT_TOKEN=<token dari BotFather>")
        print("  export KINERJA_BOT_USERNAME=<nama bot tanpa @>")
        print("  kinerja-bot undang --peran operator")
        print("  kinerja-bot run")
    return 0


def _print_loaded(loaded: master.Loaded) -> None:
    total = sum(count for _, count in loaded.per_bidang)
    print(f"Indikator tahun {loaded.tahun}: {len(loaded.per_bidang)} bidang, {total} indikator")
    for nama, count in loaded.per_bidang:
        print(f"  • {nama} — {count} indikator")
    if loaded.deactivated:
        print(f"  ({loaded.deactivated} indikator lama yang tidak ada di berkas dinonaktifkan)")


def cmd_template(args: argparse.Namespace, settings: Settings) -> int:
    write_template(args.output)
    print(f"Template indikator ditulis ke {args.output}")
    return 0


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    if args.paksa and not args.terapkan:
        raise WorkflowError("--paksa hanya berlaku bersama --terapkan-ke-putaran.")
    if not args.file.is_file():
        raise WorkflowError(f"Berkas {args.file} tidak ditemukan.")
    ctx = _context(settings)
    loaded = master.import_indicators(
        ctx, args.file, args.tahun or _tahun_ini(), terapkan=args.terapkan, paksa=args.paksa
    )
    _print_loaded(loaded)
    for tahun, triwulan in loaded.kept:
        print(
            f"Putaran {texts.putaran(tahun, triwulan)} yang sedang berjalan tetap memakai "
            "definisinya sendiri; untuk menerapkan master ini ke putaran itu, ulangi dengan "
            "--terapkan-ke-putaran."
        )
    for done in loaded.applied:
        periode = texts.putaran(done.tahun, done.triwulan)
        if not (done.changed or done.added or done.removed):
            print(f"Putaran {periode}: tidak ada perubahan definisi.")
            continue
        print(f"Putaran {periode} (langkah {done.state.step}) diperbarui:")
        for label, names in (
            ("diubah", done.changed),
            ("ditambah", done.added),
            ("dihapus", done.removed),
        ):
            for nama in names:
                print(f"  • {label}: {nama}")
        if done.voided:
            print("  Persetujuan yang dibatalkan: " + "; ".join(done.voided))
    return 0


_INVITE_TERMS = ("bidang", "sampai", "plt", "plh", "surat", "nama", "pangkat", "nip")


def cmd_invite(args: argparse.Namespace, settings: Settings) -> int:
    ctx = _context(settings)
    if args.peran is None:
        given = [f"--{name}" for name in _INVITE_TERMS if getattr(args, name)]
        if given:
            raise WorkflowError(
                f"{', '.join(given)} hanya dipakai bersama --peran, tidak dengan "
                "--daftar atau --batalkan."
            )
        if args.daftar:
            return _print_open_invites(ctx, settings.zona_waktu)
        cancelled = grants.cancel_invite(ctx, args.batalkan)
        print(f"Undangan {cancelled.id} ({cancelled.jabatan}) dibatalkan.")
        return 0
    role = Role(args.peran)
    acting = Acting.PLT if args.plt else Acting.PLH if args.plh else None
    if not args.nama and grants.needs_nama(role, acting):
        raise WorkflowError(
            f"Undangan {texts.jabatan(role, acting=acting)} memerlukan --nama (nama dengan gelar "
            "untuk kotak paraf/tanda tangan), juga --pangkat dan --nip bila ada."
        )
    tz = settings.zona_waktu
    invite = registration.create_invite(
        ctx,
        actor=None,
        role=role,
        bidang=args.bidang,
        valid_to=grants.end_of_day(args.sampai, tz) if args.sampai is not None else None,
        acting=acting,
        surat=args.surat or "",
        nama=args.nama or "",
        pangkat=args.pangkat or "",
        nip=args.nip or "",
    )
    terms = invite.terms
    print(
        f"Undangan {texts.jabatan(role, invite.bidang, acting)}, sekali pakai, berlaku sampai "
        f"{fmt.waktu_lengkap(invite.expires_at, tz)}:"
    )
    print(invite.link)
    if terms.valid_to is not None:
        letter = f" (surat {terms.surat})" if terms.surat else ""
        print(f"Peran berlaku sampai {texts.tanggal_singkat(terms.valid_to, tz)}{letter}.")
    if terms.nama or terms.pangkat or terms.nip:
        print(f"Dicetak sebagai: {_printed(terms.nama, terms.pangkat, terms.nip)}")
    return 0


def _printed(nama: str, pangkat: str, nip: str) -> str:
    """The name block an approver's print shows: "Dr. …, Pembina (IV/a), NIP. 19700101 …"."""
    parts = [nama or "(nama Telegram)", pangkat, f"NIP. {fmt.nip(nip)}" if nip else ""]
    return ", ".join(part for part in parts if part)


def _print_open_invites(ctx: Ctx, tz: str) -> int:
    invites = grants.open_invites(ctx)
    if not invites:
        print("Tidak ada undangan yang masih terbuka.")
    for invite in invites:
        extra = [f"untuk {invite.nama}"] if invite.nama else []
        if invite.valid_to is not None:
            extra.append(f"peran s.d. {texts.tanggal_singkat(invite.valid_to, tz)}")
        if invite.surat:
            extra.append(f"surat {invite.surat}")
        print(
            f"[{invite.id}] {invite.jabatan}"
            + (f" ({'; '.join(extra)})" if extra else "")
            + f" — dibuat {fmt.stempel(invite.created_at, tz)} oleh "
            + (invite.created_by or "administrator")
            + f", berlaku sampai {fmt.waktu_lengkap(invite.expires_at, tz)}"
        )
    return 0


def cmd_revoke(args: argparse.Namespace, settings: Settings) -> int:
    revoked = grants.revoke(
        _context(settings),
        user_id=args.id,
        role=Role(args.peran),
        bidang=args.bidang,
        mulai=args.mulai,
    )
    when = (
        "sekarang"
        if args.mulai is None
        else f"mulai {fmt.waktu_lengkap(revoked.ends, settings.zona_waktu)}"
    )
    print(f"Peran {revoked.jabatan} {revoked.nama} dicabut, berakhir {when}. Operator diberi tahu.")
    return 0


def cmd_users(args: argparse.Namespace, settings: Settings) -> int:
    members = grants.roster(_context(settings))
    if not members:
        print("Belum ada pengguna terdaftar. Buat undangan: kinerja-bot undang --peran operator")
    tz = settings.zona_waktu
    for member in members:
        print(f"[{member.id}] {member.nama} (Telegram {member.telegram_id})")
        for grant in member.grants:
            print(f"    • {_grant_line(grant, tz)}")
        if not member.grants:
            print("    • tanpa peran")
    return 0


def _grant_line(grant: grants.GrantLine, tz: str) -> str:
    """ "Plh. Kepala Dinas, sejak 1 Juli 2026 s.d. 31 Juli 2026; surat …; dicetak: …", and an
    ended one "… — berakhir 31 Juli 2026" or "… — dicabut 3 Juli 2026"."""
    line = f"{grant.jabatan}, sejak {texts.tanggal_singkat(grant.valid_from, tz)}"
    if grant.valid_to is not None:
        until = texts.tanggal_singkat(grant.valid_to, tz)
        if grant.revoked_at is not None:
            line += f" — dicabut mulai {until}" if grant.in_force else f" — dicabut {until}"
        else:
            line += f" s.d. {until}" if grant.in_force else f" — berakhir {until}"
    if grant.surat:
        line += f"; surat {grant.surat}"
    if grant.nama or grant.pangkat or grant.nip:
        line += f"; dicetak: {_printed(grant.nama, grant.pangkat, grant.nip)}"
    return line


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    # Imported here: python-telegram-bot is slow to import and only `run` needs it.
    from bot.app import run

    run(settings)
    return 0


def _triwulan(text: str) -> int:
    """A triwulan written 1–4 or I–IV, as /putaran takes it."""
    written = text.strip().upper()
    by_name = {name: number for number, name in texts.ROMAWI.items()}
    if written in by_name:
        return by_name[written]
    if written in ("1", "2", "3", "4"):
        return int(written)
    raise argparse.ArgumentTypeError(f"triwulan «{text}» harus 1–4 atau I–IV")


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    ctx = _context(settings)
    if args.tahunan:
        name, content = files.yearly_for(ctx, actor=None, tahun=args.tahun)
        what = f"Tahun {args.tahun}"
    else:
        name, content = files.compiled_for(
            ctx, actor=None, tahun=args.tahun, triwulan=args.triwulan
        )
        what = texts.putaran(args.tahun, args.triwulan)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(content)
    print(f"Data Kinerja {what} ditulis ke {args.output} ({name}).")
    return 0


def _postgres_url(text: str) -> str:
    """The demo's --database-url: a PostgreSQL server (the demo makes its own database there)."""
    try:
        usable = db.database_url(text).get_backend_name() == "postgresql"
    except db.BadUrl:
        usable = False
    if not usable:
        raise argparse.ArgumentTypeError(
            "harus URL server PostgreSQL, mis. postgresql+psycopg://pengguna:sandi@server/postgres"
        )
    return text


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    # Imported here: the emulator and the scenario are for the demo, not for the office's bot.
    from bot.emulator import demo

    return demo.run(args.output, args.database_url)


def _migration(migration: db.Migration) -> str:
    return f"{migration.revision} — {migration.title}"


def cmd_db_status(args: argparse.Namespace, settings: Settings) -> int:
    status = db.schema_status(settings.database_url)
    print(f"Basis data: {db.printable(settings.database_url)}")
    if status.current:
        print(f"Versi skema: {', '.join(status.current)}")
    else:
        print("Versi skema: belum ada (basis data kosong)")
    if status.up_to_date:
        print(f"Skema sudah terbaru (versi {status.head}).")
        return 0
    print(f"Belum diterapkan ({len(status.pending)} migrasi):")
    for migration in status.pending:
        print(f"  {_migration(migration)}")
    print("Terapkan dengan «kinerja-bot db upgrade» (atau mulai bot: ia menerapkannya sendiri).")
    return 0


def cmd_db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    before = db.schema_status(settings.database_url)
    print(f"Basis data: {db.printable(settings.database_url)}")
    engine = db.make_engine(settings.database_url)
    try:
        db.upgrade(engine)
    finally:
        engine.dispose()
    after = db.schema_status(settings.database_url)
    applied = [m for m in before.pending if m not in after.pending]
    for migration in applied:
        print(f"Diterapkan: {_migration(migration)}")
    if not applied:
        print("Tidak ada migrasi yang perlu diterapkan.")
    print(f"Skema sudah terbaru (versi {after.head}).")
    return 0


def _database_problem(problem: db.DatabaseProblem) -> str:
    """The one sentence for a database that cannot be used, named without its password."""
    if isinstance(problem, db.DriverMissing):
        return texts.driver_postgres_belum_ada(problem.where)
    if isinstance(problem, db.NewerSchema):
        return texts.basis_data_lebih_baru(problem.where, problem.revision)
    if isinstance(problem, CannotCreate):
        return texts.tak_boleh_membuat_basis_data(problem.where)
    if isinstance(problem, db.BadUrl):
        return texts.konfigurasi_salah(
            "KINERJA_DATABASE_URL", "value_error", {"error": texts.DATABASE_URL_SALAH}
        )
    return texts.basis_data_tak_terbuka(problem.where)


def cmd_backup(args: argparse.Namespace, settings: Settings) -> int:
    target = backups.back_up(settings.database_url, args.output)
    print(texts.cadangan_ditulis(str(target), _size(target.stat().st_size)))
    return 0


def _size(count: int) -> str:
    """A file size as people read it: "840 KB", "12,5 MB"."""
    if count < 1024 * 1024:
        return f"{fmt.angka(Decimal(count) / 1024, 0)} KB"
    return f"{fmt.angka(Decimal(count) / 1024 / 1024, 1)} MB"


def cmd_restore(args: argparse.Namespace, settings: Settings) -> int:
    backups.restore(settings.database_url, args.file)
    print(texts.dipulihkan(str(args.file), db.printable(settings.database_url)))
    return 0


def cmd_check() -> int:
    findings = checks.check_all()
    for finding in findings:
        print(finding.line)
    return 1 if any(finding.ok is False for finding in findings) else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[..., int] | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    if handler is cmd_check:  # a setting that is wrong is one of the things it reports
        return cmd_check()
    try:
        return handler(args, load_settings())
    except IndicatorSheetError as error:
        print(f"Gagal memuat indikator; tidak ada yang dimuat.\n{error}", file=sys.stderr)
    except (WorkflowError, ConfigError, StartupError, BackupFailed) as error:
        print(f"Gagal: {getattr(error, 'message', error)}", file=sys.stderr)
    except db.DatabaseProblem as problem:
        print(f"Gagal: {_database_problem(problem)}", file=sys.stderr)
    except OSError as error:
        print(f"Gagal: {error.strerror or error} ({error.filename or ''})", file=sys.stderr)
    except KeyboardInterrupt:
        # Ctrl+C is the administrator's own choice (say, while the bot waits for the network):
        # no traceback, and the shell's usual exit code for it.
        return 130
    return 1


if __name__ == "__main__":
    sys.exit(main())

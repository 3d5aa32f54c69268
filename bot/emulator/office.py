"""The scripted office: who holds which role, and what each Kabid reports for Triwulan II 2026.

The values are chosen against the sample indicators' TW II targets (bot/documents/samples/
indikator-contoh.xlsx) to cover what the bot must get right: Indonesian and international
number forms ("3.612", "98.9", "79%"), "turun" indicators with both formulas, values below
target whose analysis is answered or skipped (one far from target), the evidence the master
requires, and a target corrected at step 2. The expected capaian were worked out by hand,
independently of bot.capaian.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from bot.emulator import samples

SEKRETARIAT = "Sekretariat"
DAFDUK = "Bidang Pelayanan Pendaftaran Penduduk"
CAPIL = "Bidang Pelayanan Pencatatan Sipil"
PIAK = "Bidang Pengelolaan Informasi Administrasi Kependudukan"
PDIP = "Bidang Pemanfaatan Data dan Inovasi Pelayanan"


@dataclass(frozen=True)
class Office:
    """What `kinerja-bot init` is told: the kop and the head's signature block."""

    kabupaten: str = "Musi Rawas"
    instansi: str = "Dinas Kependudukan dan Pencatatan Sipil"
    alamat: str = "Jl. Lintas Sumatera Km. 12, Muara Beliti"
    tempat: str = "Muara Beliti"
    kepala_nama: str = "Dr. H. Ahmad Fauzi, S.Sos., M.Si."
    kepala_pangkat: str = "Pembina Utama Muda (IV/c)"
    kepala_nip: str = "197001011995031001"
    kepala_nip_dicetak: str = "19700101 199503 1 001"

    def init_args(self) -> list[str]:
        return [
            "init",
            *("--kabupaten", self.kabupaten, "--instansi", self.instansi),
            *("--alamat", self.alamat, "--tempat", self.tempat),
            *("--kepala-nama", self.kepala_nama, "--kepala-pangkat", self.kepala_pangkat),
            *("--kepala-nip", self.kepala_nip),
        ]


OFFICE: Final = Office()


@dataclass(frozen=True)
class Member:
    """A person of the office and the role they are invited to (by the operator in chat, or
    by the administrator's `kinerja-bot undang` for operator and approver roles)."""

    telegram_id: int
    nama: str
    peran: str
    """The role as /undang and `kinerja-bot undang --peran` take it."""
    jabatan: str
    """How the transcript introduces them."""
    bidang: str | None = None


OPERATOR = Member(1001, "Andi", "operator", "Operator")
KASUBAG = Member(1002, "Budi", "kasubag", "Kasubag PKA")
SEKRETARIS = Member(1003, "Citra", "sekretaris", "Sekretaris")
KEPALA = Member(1004, "Ahmad Fauzi", "kepala", "Kepala Dinas")
PERENCANA = Member(1005, "Eka", "perencana", "Perencana")
KABID: Final = {
    SEKRETARIAT: Member(2001, "Fitri", "kabid", "Kasubbag Umum, pengisi Sekretariat", SEKRETARIAT),
    DAFDUK: Member(2002, "Sari", "kabid", "Kabid Pendaftaran Penduduk", DAFDUK),
    CAPIL: Member(2003, "Rina", "kabid", "Kabid Pencatatan Sipil", CAPIL),
    PIAK: Member(2004, "Yudi", "kabid", "Kabid PIAK", PIAK),
    PDIP: Member(2005, "Dewi", "kabid", "Kabid Pemanfaatan Data", PDIP),
}
CAST: Final = (OPERATOR, KASUBAG, SEKRETARIS, KEPALA, PERENCANA, *KABID.values())


@dataclass(frozen=True)
class Value:
    """One indicator's answer: what the Kabid types (or puts in Excel) and what must come out."""

    typed: str | float
    """Text for the chat; a number for the Kabid who fills the xlsx."""
    realisasi: str
    capaian: str
    """As the workbook shows it, two decimals: worked out by hand from the sample's targets."""
    keterangan: str = ""
    penghambat: str = ""
    """Below target the bot asks "Faktor penghambat?": typed when given, else Lewati."""
    upaya: str = ""
    """Then "Upaya / tindak lanjut?", alike."""

    @property
    def below_target(self) -> bool:
        return Decimal(self.capaian) < 100


VALUES: Final[dict[str, dict[str, Value]]] = {
    SEKRETARIAT: {
        "Persentase realisasi anggaran": Value(
            "24,1",
            "24.1",
            "96.40",
            penghambat="Pencairan DAK menunggu petunjuk teknis",
            upaya="Percepatan SPJ kegiatan pada TW III",
        ),
        "Persentase dokumen perencanaan dan pelaporan kinerja yang disusun tepat waktu": Value(
            "50", "50", "100.00"
        ),
        # The upaya is skipped, the ASN figure's analysis too: Kirim reminds of both.
        "Persentase rekomendasi hasil pemeriksaan yang ditindaklanjuti": Value(
            "45", "45", "90.00", penghambat="Dua rekomendasi menunggu dokumen dari pihak ketiga"
        ),
        "Persentase ASN yang memenuhi standar kompetensi jabatan": Value("70,5", "70.5", "97.92"),
        "Jumlah hari keterlambatan penyampaian laporan keuangan bulanan": Value("2", "2", "133.33"),
    },
    DAFDUK: {
        "Persentase penduduk wajib KTP-el yang telah merekam": Value(
            "97,1",
            "97.1",
            "99.59",
            penghambat="Blanko KTP-el terlambat datang dari pusat",
            upaya="Perekaman keliling ke sekolah dan panti",
        ),
        "Persentase penduduk yang memiliki Kartu Keluarga": Value("98.9", "98.9", "100.10"),
        "Jumlah KIA (Kartu Identitas Anak) yang diterbitkan": Value("3.612", "3612", "103.20"),
        # Target 9 after the Kasubag's correction at step 2 (the master says 8).
        "Jumlah kegiatan jemput bola perekaman KTP-el di sekolah, panti dan rumah sakit": Value(
            "9", "9", "100.00"
        ),
        # Typed 1,8 first; returned at step 5 and corrected.
        "Rata-rata waktu penerbitan KK": Value("1,9", "1.9", "105.00"),
        "Rata-rata waktu pelayanan perekaman KTP-el": Value("14", "14", "107.14"),
    },
    CAPIL: {
        "Cakupan kepemilikan akta kelahiran anak 0–18 tahun": Value("95,2", "95.2", "99.69"),
        "Jumlah akta kelahiran yang diterbitkan": Value("2.140", "2140", "107.00"),
        "Jumlah akta kematian yang diterbitkan": Value(
            "385",
            "385",
            "96.25",
            penghambat="Laporan kematian dari desa terlambat",
            upaya="Koordinasi bulanan dengan kepala desa",
        ),
        "Persentase pasangan nikah non-muslim yang memiliki akta perkawinan": Value(
            "79%", "79", "96.34"
        ),
        "Rata-rata waktu penerbitan akta kelahiran": Value("2,5", "2.5", "120.00"),
        "Jumlah berkas pencatatan sipil yang dikembalikan karena tidak lengkap": Value(
            "21", "21", "116.00"
        ),
    },
    PIAK: {
        "Persentase ketersediaan jaringan SIAK": Value(98.6, "98.6", "100.61"),
        "Persentase kecamatan yang terhubung jaringan SIAK terpusat": Value(
            92.86, "92.86", "100.00"
        ),
        "Persentase data NIK ganda yang diselesaikan": Value(62, "62", "124.00"),
        "Jumlah data anomali kependudukan yang belum diselesaikan": Value(850, "850", "105.56"),
        "Jumlah hari gangguan server database kependudukan": Value(
            1.5, "1.5", "133.33", "Gangguan listrik PLN 1,5 hari pada bulan Mei"
        ),
        "Persentase perangkat perekaman KTP-el yang rusak": Value(7.5, "7.5", "106.67"),
    },
    PDIP: {
        "Jumlah kerja sama pemanfaatan data kependudukan": Value("1", "1", "100.00"),
        "Jumlah lembaga pengguna yang memanfaatkan data kependudukan": Value("23", "23", "104.55"),
        # Far from target: the echo asks to check the number, then the analysis.
        "Persentase penduduk yang mengaktifkan Identitas Kependudukan Digital (IKD)": Value(
            "7",
            "7",
            "46.67",
            penghambat="Aplikasi IKD sering gagal verifikasi wajah",
            upaya="Sosialisasi IKD di 21 kecamatan mulai Juli",
        ),
        "Jumlah inovasi pelayanan administrasi kependudukan yang diterapkan": Value(
            "1", "1", "100.00"
        ),
        "Indeks kepuasan masyarakat terhadap pelayanan administrasi kependudukan": Value(
            "82,4", "82.4", "103.00"
        ),
        "Persentase keluhan layanan administrasi kependudukan": Value("4", "4", "125.00"),
    },
}


@dataclass(frozen=True)
class Evidence:
    """A bukti dukung a Kabid sends on an indicator's card: a photo (no file name: the bot
    names it) or a document."""

    indikator: str
    filename: str | None
    content: bytes


EVIDENCE: Final[dict[str, tuple[Evidence, ...]]] = {
    DAFDUK: (
        Evidence(
            "Jumlah KIA (Kartu Identitas Anak) yang diterbitkan",
            "rekap-penerbitan-kia-juni-2026.pdf",
            samples.pdf("Rekap penerbitan KIA Juni 2026: 3.612 keping"),
        ),
        # The master marks this one as requiring evidence: Kirim waits for it.
        Evidence(
            "Jumlah kegiatan jemput bola perekaman KTP-el di sekolah, panti dan rumah sakit",
            None,
            samples.photo(1280, 960, "Perekaman KTP-el di SMA Negeri 1 Muara Beliti"),
        ),
    ),
}
CORRECTED: Final = (DAFDUK, "Rata-rata waktu penerbitan KK", "1,8")
"""The value the operator returns at step 5: bidang, indicator, what was typed first."""
TARGET_FIXED: Final = (f"{DAFDUK} (6)", "4", "9")
"""The Kasubag's correction at step 2: the bidang's button in the draft (its name and its 6
indicators), the indicator's number there, and its new target TW II (the master says 8)."""

"""Callback data of inline buttons: a short action code and integer ids, within 64 bytes.

Callback data comes from the client and is never trusted: it only names what was pressed; every
service re-checks the person, the state and the version (DESIGN §3).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Act(StrEnum):
    LIHAT_DRAFT = "dl"
    PILIH_BIDANG_DRAFT = "db"
    PILIH_INDIKATOR_DRAFT = "di"
    UBAH_TARGET = "dt"
    TIDAK_DIUKUR = "dx"
    KIRIM_DRAFT = "ds"
    BENAR = "kb"
    KEMBALIKAN_DRAFT = "kk"
    BAGIKAN = "bg"
    MULAI_ISI = "mi"
    SEBELUMNYA = "sb"
    LEWATI = "lw"
    KETERANGAN = "kt"
    UBAH = "ub"
    UBAH_PILIH = "up"
    KIRIM = "ks"
    KIRIM_TANPA_ANALISIS = "kn"
    LEWATI_ANALISIS = "la"
    PENDORONG = "fp"
    BUKTI = "bd"
    HAPUS_BUKTI = "bh"
    TERVERIFIKASI = "vt"
    KEMBALIKAN_BIDANG = "vk"
    PILIH_KEMBALI = "vp"
    LANJUT = "vl"
    SUSUN = "ss"
    PARAF = "pa"
    KEMBALIKAN_PUTARAN = "ak"
    BUKA_KEMBALI = "bk"
    BUKA_BIDANG = "bb"
    FINALKAN = "fn"
    SILAKIP_BIDANG = "sc"
    SILAKIP_HALAMAN = "sh"
    SILAKIP_SEMUA = "sa"
    UNDUH = "ud"
    VERIFIKASI_BIDANG = "vb"


@dataclass(frozen=True)
class Callback:
    act: Act
    ids: tuple[int, ...]


class BadCallback(ValueError):
    """Callback data that this bot did not make (forged, truncated or from an old version)."""


def encode(act: Act, *ids: int) -> str:
    data = ":".join([act.value, *(str(int(i)) for i in ids)])
    if len(data.encode()) > 64:
        raise ValueError(f"callback data over 64 bytes: {data!r}")
    return data


def decode(data: str | None) -> Callback:
    if not data or len(data) > 64:
        raise BadCallback(data or "")
    code, *parts = data.split(":")
    try:
        act = Act(code)
        ids = tuple(int(part) for part in parts)
    except ValueError:
        raise BadCallback(data) from None
    if len(ids) > 4 or any(i < 0 or i > 2**53 for i in ids):
        raise BadCallback(data)
    return Callback(act, ids)

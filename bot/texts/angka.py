"""Why a typed text is not a number (`bot.numbers`): each message says what was read and how to
write it instead, with an example."""

from __future__ import annotations

__all__ = [
    "CONTOH_ANGKA",
    "PETUNJUK_PEMISAH",
    "angka_kosong",
    "angka_terlalu_besar",
    "angka_terlalu_panjang",
    "angka_terlalu_rinci",
    "bukan_angka",
    "lebih_dari_satu_angka",
    "penulisan_belum_jelas",
    "tanpa_angka_setelah_pemisah",
    "tanpa_nol_di_depan",
]

CONTOH_ANGKA = "94,5"
PETUNJUK_PEMISAH = "Gunakan koma untuk desimal dan titik untuk ribuan, misalnya 1.234,5 atau 94,5."


def angka_kosong() -> str:
    return f"Maaf, pesan Anda kosong. Ketik angkanya, misalnya {CONTOH_ANGKA}."


def angka_terlalu_panjang(batas: int) -> str:
    return (
        f"Maaf, isian Anda terlalu panjang untuk sebuah angka (paling banyak {batas} "
        f"karakter). Ketik angkanya saja, misalnya {CONTOH_ANGKA}."
    )


def lebih_dari_satu_angka(diketik: str) -> str:
    return (
        f"Maaf, «{diketik}» berisi lebih dari satu angka. Ketik satu angka saja, "
        f"misalnya {CONTOH_ANGKA}."
    )


def angka_terlalu_besar(batas: int) -> str:
    return f"Maaf, angka ini terlalu besar; paling banyak {batas} angka sebelum koma."


def angka_terlalu_rinci(batas: int) -> str:
    return (
        f"Maaf, angka ini terlalu rinci; paling banyak {batas} angka sesudah koma. "
        f"Bulatkan dulu, misalnya {CONTOH_ANGKA}."
    )


def tanpa_nol_di_depan(angka: str | None) -> str:
    """ ",5": the digits after the mark, when they are digits, make the example."""
    return f"Tulis angka 0 di depannya, misalnya {f'0,{angka}' if angka else '0,5'}."


def tanpa_angka_setelah_pemisah(angka: str | None) -> str:
    """ "5,": the digits before the mark, when they are digits, make the example."""
    contoh = f"{angka} atau {angka},5" if angka else "5 atau 5,5"
    return f"Tidak ada angka setelah pemisah; ketik misalnya {contoh}."


def penulisan_belum_jelas(diketik: str, petunjuk: str) -> str:
    return f"Maaf, penulisan «{diketik}» belum jelas. {petunjuk}"


def bukan_angka(diketik: str) -> str:
    return (
        f"Maaf, «{diketik}» belum bisa dibaca sebagai angka. Ketik angkanya saja, "
        f"misalnya {CONTOH_ANGKA}."
    )

"""How long a text a person gives may be, and how a NIP is written (issue 9, DESIGN §6).

Name-like texts (the office's data, a bidang's name, a satuan) are held to the length of the
database column that keeps them (`storage.models.column_length`); the free texts below have
limits of their own, since they are read on a phone card and printed in the workbook. Each is
checked before anything is saved, so a long text gets an Indonesian refusal, not a database
error.
"""

from typing import Final

MAX_KETERANGAN: Final = 1000
"""A keterangan explains a deviation in the LKjIP: a paragraph, not a report."""
MAX_ANALISIS: Final = MAX_KETERANGAN
"""A faktor penghambat, an upaya or a faktor pendorong: as long as a keterangan."""
MAX_ALASAN: Final = 500
"""A return reason is read on the card of the person who must fix it."""
NIP_DIGITS: Final = 18

MAX_BUKTI_MB: Final = 10
"""The largest evidence file (bukti dukung) taken: a phone photo or a scanned report fits."""
MAX_BUKTI_BYTES: Final = MAX_BUKTI_MB * 1024 * 1024
MAX_BUKTI_PER_BIDANG: Final = 20
"""Evidence files one bidang may send in one round, all indicators together."""


def nip_digits(text: str) -> str | None:
    """The 18 digits of a NIP written with or without spaces ("19700101 199503 1 001"), or None
    for anything else (letters, dots, another count of digits)."""
    digits = "".join(text.split())
    if len(digits) != NIP_DIGITS or not (digits.isascii() and digits.isdigit()):
        return None
    return digits

"""What an evidence file (bukti dukung) is, read from its bytes and never from its name.

A photo, a scanned letter or a report comes from a phone: its name may say ".pdf" and be a
picture, or be missing (Telegram gives photos none). A PDF must begin as one (its header first,
after a byte-order mark or blank lines at most) and end as one (%%EOF near its end); a picture
must open as a PNG or JPEG in Pillow; an xlsx must hold the two members every workbook holds.
So a page of HTML or a program carrying "%PDF-" in a comment is refused, as is anything else:
an old .xls or a password-protected workbook is no evidence the office can open and print.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePath
from typing import Final


class Jenis(StrEnum):
    """The kinds of evidence taken, as stored (`BuktiDukung.jenis`)."""

    PDF = "pdf"
    XLSX = "xlsx"
    JPG = "jpg"
    PNG = "png"

    @property
    def extensions(self) -> tuple[str, ...]:
        """The file name endings that fit the kind, the usual one first."""
        return (".jpg", ".jpeg") if self is Jenis.JPG else (f".{self.value}",)

    @property
    def mime(self) -> str:
        return _MIME[self]


_MIME: Final = {
    Jenis.PDF: "application/pdf",
    Jenis.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Jenis.JPG: "image/jpeg",
    Jenis.PNG: "image/png",
}
_PDF: Final = b"%PDF-"
_PDF_WITHIN: Final = 1024
_PDF_LEAD: Final = b"\xef\xbb\xbf\r\n\t "
"""What may come before a PDF's header: a byte-order mark and blank lines (some scanners)."""
_PDF_END: Final = b"%%EOF"
_PDF_TAIL: Final = 1024
"""A PDF's end marker stands in its last kilobyte (after it, at most a little padding)."""
_PICTURES: Final = {"PNG": "png", "JPEG": "jpg"}
_PNG: Final = b"\x89PNG\r\n\x1a\n"
_JPEG: Final = b"\xff\xd8\xff"
_ZIP: Final = b"PK\x03\x04"
_XLSX_MEMBERS: Final = frozenset({"[Content_Types].xml", "xl/workbook.xml"})
_NAME_LIMIT: Final = 120
_INVISIBLE: Final = frozenset({"Cc", "Cf", "Co", "Cs", "Zl", "Zp"})
"""Unicode categories a name loses: controls (C0 and C1), format marks such as the right-to-left
override that shows "laporan\u202efdp.exe" as "laporanexe.pdf", private and unpaired code
points; whitespace (line breaks included) has become one space before."""
_UNSAFE: Final = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


def jenis(content: bytes) -> Jenis | None:
    """The kind of evidence `content` is, or None when it is none of those taken."""
    if content.startswith((_PNG, _JPEG)):
        return _picture(content)
    if content[:_PDF_WITHIN].lstrip(_PDF_LEAD).startswith(_PDF) and (
        _PDF_END in content[-_PDF_TAIL:]
    ):
        return Jenis.PDF
    if content.startswith(_ZIP) and _is_xlsx(content):
        return Jenis.XLSX
    return None


def _picture(content: bytes) -> Jenis | None:
    """A PNG or JPEG that opens as what its first bytes say; its pixels are not decoded, and
    Pillow refuses a picture too large to ever decode (a decompression bomb)."""
    from PIL import Image  # only when a picture comes: Pillow is not needed to start

    try:
        with Image.open(io.BytesIO(content)) as image:
            found = image.format
            image.verify()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    kind = _PICTURES.get(found or "")
    return Jenis(kind) if kind else None


def _is_xlsx(content: bytes) -> bool:
    """A zip holding an Excel workbook; its members are only listed, never unpacked."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = {member.filename for member in archive.infolist()}
    except (zipfile.BadZipFile, ValueError, OSError):
        return False
    return names >= _XLSX_MEMBERS


@dataclass(frozen=True)
class Named:
    """A file as kept: a name safe to send back, ending as its kind does."""

    filename: str
    jenis: Jenis


def named(filename: str | None, kind: Jenis, fallback: str) -> Named:
    """The name to keep for evidence of `kind` sent as `filename`: trimmed to one line
    without path, control or invisible characters, `fallback` when nothing is left (a photo
    has no name), and given the kind's ending when it has another, so that the file opens as
    what it is."""
    one_line = " ".join((filename or "").split())
    visible = "".join(c for c in one_line if unicodedata.category(c) not in _INVISIBLE)
    cleaned = _UNSAFE.sub("_", visible).strip(" ._")
    name = cleaned[:_NAME_LIMIT] or fallback
    if PurePath(name).suffix.casefold() not in kind.extensions:
        name = f"{name}{kind.extensions[0]}"
    return Named(name, kind)

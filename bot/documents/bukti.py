"""What an evidence file (bukti dukung) is, read from its bytes and never from its name.

A photo, a scanned letter or a report comes from a phone: its name may say ".pdf" and be a
picture, or be missing (Telegram gives photos none). The kinds taken are recognised by their
first bytes (PDF, PNG, JPEG) or, for Excel, by the two members every xlsx holds; anything
else, an old .xls or a password-protected workbook included, is no evidence the office can open
and print.
"""

from __future__ import annotations

import io
import re
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
"""Readers take a PDF whose header comes after some junk bytes, within the first kilobyte."""
_PNG: Final = b"\x89PNG\r\n\x1a\n"
_JPEG: Final = b"\xff\xd8\xff"
_ZIP: Final = b"PK\x03\x04"
_XLSX_MEMBERS: Final = frozenset({"[Content_Types].xml", "xl/workbook.xml"})
_NAME_LIMIT: Final = 120
_UNSAFE: Final = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


def jenis(content: bytes) -> Jenis | None:
    """The kind of evidence `content` is, or None when it is none of those taken."""
    if content.startswith(_PNG):
        return Jenis.PNG
    if content.startswith(_JPEG):
        return Jenis.JPG
    if _PDF in content[:_PDF_WITHIN]:
        return Jenis.PDF
    if content.startswith(_ZIP) and _is_xlsx(content):
        return Jenis.XLSX
    return None


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
    """The name to keep for evidence of `kind` sent as `filename`: trimmed to one line without
    path or control characters, `fallback` when nothing is left (a photo has no name), and
    given the kind's ending when it has another, so that the file opens as what it is."""
    cleaned = _UNSAFE.sub("_", " ".join((filename or "").split())).strip(" ._")
    name = cleaned[:_NAME_LIMIT] or fallback
    if PurePath(name).suffix.casefold() not in kind.extensions:
        name = f"{name}{kind.extensions[0]}"
    return Named(name, kind)

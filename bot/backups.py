"""Backups as the administrator and the daily job see them: storage.backup does the work, and
every way it can fail becomes one Indonesian sentence (BackupFailed.message).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from bot import texts
from storage import backup
from storage.backup import BackupError
from storage.db import printable

_FAILURES = (BackupError, SQLAlchemyError, sqlite3.Error, ModuleNotFoundError)
"""What a backup or restore can meet: the database refuses, or its driver is not installed."""


class BackupFailed(Exception):
    """A backup or restore that was not done; `message` is the sentence to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def back_up(database_url: str, target: Path) -> Path:
    """A consistent backup of the database in `target`, taken while the bot may be running."""
    try:
        return backup.back_up(database_url, target)
    except _FAILURES as error:
        raise BackupFailed(_worded(error, database_url, target)) from None


def restore(database_url: str, source: Path) -> None:
    """The backup `source` restored into the database, which must hold no rows yet."""
    if not source.is_file():
        raise BackupFailed(texts.cadangan_tidak_ada(str(source)))
    try:
        backup.restore(database_url, source)
    except _FAILURES as error:
        raise BackupFailed(_worded(error, database_url, source)) from None


def _worded(error: Exception, database_url: str, file: Path) -> str:
    match error:
        case backup.UnsupportedDatabase():
            return texts.jenis_tak_didukung(str(error))
        case backup.DatabaseMissing(path=path):
            return _sentence(texts.basis_data_belum_ada(str(path)))
        case backup.ToolMissing(tool=tool):
            return texts.perkakas_tidak_ada(tool)
        case backup.ToolFailed(tool=tool, detail=detail):
            return texts.perkakas_gagal(tool, detail)
        case backup.NotABackup():
            return texts.cadangan_tak_dikenal(str(file))
        case backup.OtherKind(backup=found, database=wanted):
            return texts.cadangan_beda_jenis(str(file), found, wanted)
        case backup.NotEmpty(table=table):
            return texts.pemulihan_ditolak(table)
        case ModuleNotFoundError():
            return _sentence(texts.PSYCOPG_TIDAK_ADA)
    return _sentence(texts.basis_data_tak_terbuka(printable(database_url)))


def _sentence(clause: str) -> str:
    """A clause that `periksa` shows after a label, as a sentence of its own."""
    return clause[0].upper() + clause[1:]

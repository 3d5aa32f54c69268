"""`kinerja-bot periksa`: is this installation ready to run the bot?

One line per check, ✅ or ❌ with what to do (➖ for one that could not be checked or is not
set up), so an administrator — or a deployment script, by the exit code — knows before the bot
starts, or while it runs, without reading a log. Nothing is changed: the database is neither
created nor migrated, and the token is never shown.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from bot import texts
from bot.config import ConfigError, Settings, bot_token, load_settings, webhook_secret
from bot.startup import server_name
from storage.backup import UnsupportedDatabase, kind_of
from storage.db import printable
from storage.health import SchemaState, schema_state

KONFIGURASI = "Konfigurasi"
BASIS_DATA = "Basis data"
MIGRASI = "Migrasi"
BOT_API = "Bot API"
CADANGAN = "Cadangan harian"

GET_ME_TIMEOUT_SECONDS = 10


@dataclass(frozen=True)
class Finding:
    label: str
    ok: bool | None
    """None: not checked (it needs what an earlier check found wrong), or not set up."""
    detail: str

    @property
    def line(self) -> str:
        mark = "➖" if self.ok is None else "✅" if self.ok else "❌"
        return f"{mark} {self.label}: {self.detail}"


def check_all(load: Callable[[], Settings] = load_settings) -> list[Finding]:
    """Every check, in the order a start needs them."""
    try:
        settings = load()
    except ConfigError as error:
        skipped = (BASIS_DATA, MIGRASI, BOT_API, CADANGAN)
        return [
            Finding(KONFIGURASI, False, str(error)),
            *(Finding(label, None, texts.PEMERIKSAAN_DILEWATI) for label in skipped),
        ]
    return [
        configuration(settings),
        *database(settings),
        bot_api(settings),
        daily_backup(settings),
    ]


def configuration(settings: Settings) -> Finding:
    try:
        bot_token(settings)
        if settings.webhook_url:
            webhook_secret(settings)
    except ConfigError as error:
        return Finding(KONFIGURASI, False, str(error))
    mode = f"webhook {settings.webhook_url}" if settings.webhook_url else "polling"
    detail = texts.konfigurasi_terbaca(printable(settings.database_url), mode, settings.zona_waktu)
    return Finding(KONFIGURASI, True, detail)


def database(settings: Settings) -> tuple[Finding, Finding]:
    """Whether the database answers, and whether its schema is this version's."""
    url = settings.database_url
    parsed = make_url(url)
    unchecked = Finding(MIGRASI, None, texts.MIGRASI_DILEWATI)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, ":memory:"):
        path = Path(str(parsed.database))
        if not path.is_file():
            return Finding(BASIS_DATA, False, texts.basis_data_belum_ada(str(path))), unchecked
    try:
        # Not storage.db.make_engine: that would create a missing folder and switch SQLite to
        # WAL, and a check changes nothing.
        engine = create_engine(url)
        try:
            with engine.connect() as connection:
                state = schema_state(connection)
        finally:
            engine.dispose()
    except ModuleNotFoundError:
        return Finding(BASIS_DATA, False, texts.PSYCOPG_TIDAK_ADA), unchecked
    except SQLAlchemyError:
        return Finding(BASIS_DATA, False, texts.basis_data_tak_terbuka(printable(url))), unchecked
    return Finding(BASIS_DATA, True, texts.terhubung_ke(printable(url))), _migrations(state)


def _migrations(state: SchemaState) -> Finding:
    current, latest = ", ".join(state.current), ", ".join(state.latest)
    if not state.current:
        return Finding(MIGRASI, False, texts.MIGRASI_BELUM_ADA)
    if not state.known:
        return Finding(MIGRASI, False, texts.migrasi_tak_dikenal(current))
    if not state.up_to_date:
        return Finding(MIGRASI, False, texts.migrasi_tertinggal(current, latest))
    return Finding(MIGRASI, True, texts.migrasi_terbaru(latest))


def bot_api(settings: Settings) -> Finding:
    """getMe with the configured token, and the bot's name against KINERJA_BOT_USERNAME."""
    try:
        token = bot_token(settings)
    except ConfigError:
        return Finding(BOT_API, None, texts.BOT_API_DILEWATI)
    server = server_name(settings.bot_api_url)
    address = f"{settings.bot_api_url.rstrip('/')}/bot{token}/getMe"
    try:
        answer = httpx.get(address, timeout=GET_ME_TIMEOUT_SECONDS)
    except httpx.HTTPError:  # never shown: its text carries the URL, and with it the token
        return Finding(BOT_API, False, texts.tak_terhubung(server))
    if answer.status_code in (401, 404):
        return Finding(BOT_API, False, texts.TOKEN_DITOLAK)
    try:
        body = answer.json()
        username = str(body["result"]["username"]) if body["ok"] else ""
    except (ValueError, KeyError, TypeError):
        username = ""
    if answer.status_code != 200 or not username:
        return Finding(BOT_API, False, texts.jawaban_tak_terduga(server))
    if username.lower() != settings.bot_username.removeprefix("@").lower():
        return Finding(BOT_API, False, texts.nama_bot_berbeda(username, settings.bot_username))
    return Finding(BOT_API, True, texts.bot_api_terhubung(username, server))


def daily_backup(settings: Settings) -> Finding:
    """The backup folder can be written, and pg_dump is there for a PostgreSQL database."""
    folder = settings.cadangan_folder
    if folder is None:
        return Finding(CADANGAN, None, texts.CADANGAN_TIDAK_DIATUR)
    try:
        kind = kind_of(settings.database_url)
    except UnsupportedDatabase as error:
        return Finding(CADANGAN, False, texts.jenis_tak_didukung(str(error)))
    if not _writable(folder):
        return Finding(CADANGAN, False, texts.folder_cadangan_tak_dapat_ditulis(str(folder)))
    if kind == "postgresql" and shutil.which("pg_dump") is None:
        return Finding(CADANGAN, False, texts.perkakas_tidak_ada("pg_dump"))
    return Finding(CADANGAN, True, texts.cadangan_harian(str(folder), settings.cadangan_simpan))


def _writable(folder: Path) -> bool:
    """The folder, or the nearest existing folder it would be made in, takes new files."""
    existing = folder.absolute()
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    return existing.is_dir() and os.access(existing, os.W_OK | os.X_OK)

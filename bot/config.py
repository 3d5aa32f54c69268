"""Configuration from the environment (prefix KINERJA_, plus TELEGRAM_BOT_TOKEN) or a `.env` file.

A bad value must name its variable in one Indonesian line (the CLI shows it), never a traceback
and never the value itself: some values are secrets.
"""

from __future__ import annotations

import re
from datetime import date, time
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot import texts
from storage.db import BadUrl, database_url

DEFAULT_JAM_KERJA = "Sen-Kam 07.30-16.00; Jum 07.30-16.30"
_HARI = {"sen": 0, "sel": 1, "rab": 2, "kam": 3, "jum": 4, "sab": 5, "min": 6}
_TOKEN_SHAPE = re.compile(r"\d+:[A-Za-z0-9_-]+")
_WEBHOOK_SECRET_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,256}")
"""What Telegram takes as a webhook's secret_token."""


class ConfigError(ValueError):
    """A configuration value that cannot be used; the message names the variable."""


def parse_jam_kerja(text: str) -> dict[int, tuple[time, time]]:
    """Office hours per weekday from "Sen-Kam 07.30-16.00; Jum 07.30-16.30".

    Written in the office's own words so an operator can change it without learning a format.
    """
    hours: dict[int, tuple[time, time]] = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        match = re.fullmatch(
            r"([a-z]{3})(?:\s*-\s*([a-z]{3}))?\s+(\d{1,2})[.:](\d{2})\s*-\s*(\d{1,2})[.:](\d{2})",
            part.lower(),
        )
        if not match or match.group(1) not in _HARI or (match.group(2) or "sen") not in _HARI:
            raise ValueError(texts.jam_kerja_tidak_dikenali(part))
        first = _HARI[match.group(1)]
        last = _HARI[match.group(2)] if match.group(2) else first
        opening = time(int(match.group(3)), int(match.group(4)))
        closing = time(int(match.group(5)), int(match.group(6)))
        if closing <= opening or last < first:
            raise ValueError(texts.jam_tutup_sebelum_buka(part))
        for weekday in range(first, last + 1):
            hours[weekday] = (opening, closing)
    if not hours:
        raise ValueError(texts.JAM_KERJA_KOSONG)
    return hours


class Settings(BaseSettings):
    """Every setting the bot reads; defaults are the embedded, offline ones (DESIGN §4, §5)."""

    model_config = SettingsConfigDict(
        env_prefix="KINERJA_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    telegram_bot_token: SecretStr | None = Field(
        default=None, validation_alias="TELEGRAM_BOT_TOKEN"
    )
    database_url: str = "sqlite:///data/kinerja.db"
    bot_username: str = "kinerja_bot"
    bot_api_url: str = "https://api.telegram.org"
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    zona_waktu: str = "Asia/Jakarta"
    jam_kerja: str = DEFAULT_JAM_KERJA
    libur_tambahan: Annotated[list[date], NoDecode] = []
    hari_masuk: Annotated[list[date], NoDecode] = []
    rumus_turun: Literal["selisih", "rasio"] = "selisih"
    buka_otomatis: bool = True
    masa_undangan_jam: int = Field(default=72, ge=1, le=24 * 60)
    interval_pengingat_detik: int = Field(default=60, ge=5, le=3600)
    pengingat_di_luar_jam_kerja: bool = False
    maks_unggah_mb: int = Field(default=5, ge=1, le=20)
    batas_mulai_detik: int = Field(default=60, ge=1, le=3600)
    log_format: Literal["plain", "json"] = "plain"
    cadangan_folder: Path | None = None
    """Where the daily backup goes, at closing time on each working day; none when unset."""
    cadangan_simpan: int = Field(default=14, ge=1, le=3650)
    """How many daily backups are kept; older ones are removed."""
    clock_file: Path | None = None

    @field_validator("libur_tambahan", "hari_masuk", mode="before")
    @classmethod
    def _dates(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("bot_api_url")
    @classmethod
    def _bot_api_url(cls, value: str) -> str:
        try:
            parts = urlsplit(value)
            usable = parts.scheme in ("http", "https") and bool(parts.hostname) and parts.port != 0
        except ValueError:  # a port that is not a number, a broken [IPv6] address
            usable = False
        if not usable:
            raise ValueError(texts.BOT_API_URL_SALAH)
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        try:
            database_url(value)
        except BadUrl:
            raise ValueError(texts.DATABASE_URL_SALAH) from None
        return value

    @field_validator("jam_kerja")
    @classmethod
    def _jam_kerja(cls, value: str) -> str:
        parse_jam_kerja(value)
        return value

    @cached_property
    def office_hours(self) -> dict[int, tuple[time, time]]:
        return parse_jam_kerja(self.jam_kerja)


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment; raises ConfigError naming the variable that is wrong."""
    try:
        return Settings(**overrides)
    except ValidationError as error:
        first = error.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "?"
        variable = "TELEGRAM_BOT_TOKEN" if field == "telegram_bot_token" else f"KINERJA_{field}"
        raise ConfigError(
            texts.konfigurasi_salah(variable.upper(), first["type"], first.get("ctx", {}))
        ) from None


def bot_token(settings: Settings) -> str:
    """The token `kinerja-bot run` needs, refused before any network call unless it has
    BotFather's shape (digits, a colon, letters and digits); the refusal never quotes it."""
    secret = settings.telegram_bot_token
    token = secret.get_secret_value() if secret is not None else ""
    if not token.strip():
        raise ConfigError(texts.TOKEN_KOSONG)
    if not _TOKEN_SHAPE.fullmatch(token):
        raise ConfigError(texts.TOKEN_SALAH_BENTUK)
    return token


def webhook_secret(settings: Settings) -> str:
    """The secret Telegram echoes on every webhook post, which webhook mode requires: several
    processes behind one URL must all check the same one, so none is made up. Refused before
    any network call when empty or not in the shape Telegram takes; never quoted."""
    secret = settings.webhook_secret
    value = secret.get_secret_value() if secret is not None else ""
    if not value.strip():
        raise ConfigError(texts.WEBHOOK_SECRET_KOSONG)
    if not _WEBHOOK_SECRET_SHAPE.fullmatch(value):
        raise ConfigError(texts.WEBHOOK_SECRET_SALAH_BENTUK)
    return value

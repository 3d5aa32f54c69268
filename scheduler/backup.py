"""The daily backup (KINERJA_CADANGAN_FOLDER): one consistent backup at the office's closing
time on each working day, keeping the newest KINERJA_CADANGAN_SIMPAN.

Like the quarterly opening it runs on the reminder tick and decides from `now` and the
working-time calendar, so nothing waits in memory: the day's file is the record that it was
made. A restart, a start later that evening or a second process makes no second one; a day on
which no bot ran after closing has none, and the next closing makes the next. A failed backup
is tried again on the next tick.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from bot import backups
from bot.workflow.context import Ctx
from storage.backup import Kind, kind_of

DAILY = re.compile(r"kinerja-\d{4}-\d{2}-\d{2}\.(?:db|dump)")
"""The daily backups' names; any other file in the folder is the administrator's, left alone."""


def daily_name(day: date, kind: Kind) -> str:
    """The day's file name: kinerja-2026-07-01.db (SQLite) or …dump (pg_dump's own format)."""
    return f"kinerja-{day.isoformat()}.{'db' if kind == 'sqlite' else 'dump'}"


def back_up_if_due(ctx: Ctx) -> Path | None:
    """Today's backup when the office has closed and it is not there yet; the new file, or
    None when there is nothing to do. Raises BackupFailed with its sentence."""
    folder = ctx.settings.cadangan_folder
    if folder is None:
        return None
    now = ctx.now()
    today = now.astimezone(ctx.calendar.tz).date()
    hours = ctx.calendar.hours(today)
    if hours is None or now < hours[1]:
        return None
    url = ctx.settings.database_url
    target = folder / daily_name(today, kind_of(url))
    if target.exists():
        return None
    backups.back_up(url, target)
    _keep_newest(folder, ctx.settings.cadangan_simpan)
    return target


def _keep_newest(folder: Path, keep: int) -> None:
    daily = sorted(path for path in folder.iterdir() if DAILY.fullmatch(path.name))
    for old in daily[:-keep]:
        old.unlink(missing_ok=True)

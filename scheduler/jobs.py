"""The scheduler's jobs on PTB's JobQueue: reminders, the outbox sender, the quarterly opening,
the process's heartbeat, and the daily backup when KINERJA_CADANGAN_FOLDER is set.

Every job finds its work in the database and reads `now` from the context's clock, so nothing
lives only in memory and a restart picks up where the last process stopped. A job never raises:
an error is logged and the next run tries again.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from telegram import BotCommand, BotCommandScopeChat
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes

from bot import instances, texts
from bot.backups import BackupFailed
from bot.instances import Instance
from bot.workflow import handover
from bot.workflow.context import Ctx
from scheduler import backup, opening, outbox, reminders
from scheduler.outbox import RenderAttachment, deliver_due

log = logging.getLogger(__name__)

OUTBOX_JOB = "outbox"
OUTBOX_WAKE_JOB = "outbox-segera"
REMINDER_JOB = "pengingat"
OPENING_JOB = "buka-otomatis"
HANDOVER_JOB = "peran-berakhir"
BACKUP_JOB = "cadangan"
BEAT_JOB = "denyut"
STOPPED = "berhenti_karena"
"""bot_data key: why the application was stopped from within (one Indonesian sentence), for
`kinerja-bot run` to say as it ends."""

BATCH = 100
"""Outbox rows one sender run claims at a time."""

OUTBOX_INTERVAL_SECONDS = 5
"""The sender's timer, behind the wake-up after each commit: it retries what was postponed and
catches what a wake-up missed (a crash between commit and wake-up only delays a message)."""

AnyApplication = Application[Any, Any, Any, Any, Any, Any]


@dataclass(frozen=True)
class _Wiring:
    ctx: Ctx
    render_attachment: RenderAttachment
    me: Instance
    polling: bool
    """Whether this process polls Telegram, under the polling lease it must keep."""
    sending: asyncio.Lock = field(default_factory=asyncio.Lock)
    """One sender run at a time in this process: a wake-up during a run waits for it and then
    goes, so it never races the run for rows whose lease that run holds."""


def install(
    application: AnyApplication,
    ctx: Ctx,
    render_attachment: RenderAttachment,
    me: Instance,
    *,
    polling: bool = False,
) -> None:
    """Register the repeating jobs, and `bot_data["wake_outbox"]` for the handlers.

    The reminder check, the quarterly opening, the settling of ended grants and the daily
    backup (only with a backup folder) run every KINERJA_INTERVAL_PENGINGAT_DETIK seconds, the
    sender every few seconds, the heartbeat of the process `me` every
    bot.instances.BEAT; all start as soon as the application does. When `polling`, a heartbeat
    that finds the polling lease gone stops the application (see STOPPED).
    """
    queue = application.job_queue
    if queue is None:
        raise RuntimeError(texts.JOB_QUEUE_TIDAK_ADA)
    wiring = _Wiring(ctx, render_attachment, me, polling)
    interval = ctx.settings.interval_pengingat_detik
    queue.run_repeating(_beat, instances.BEAT, first=instances.BEAT, data=wiring, name=BEAT_JOB)
    queue.run_repeating(_deliver, OUTBOX_INTERVAL_SECONDS, first=0, data=wiring, name=OUTBOX_JOB)
    queue.run_repeating(_remind, interval, first=0, data=wiring, name=REMINDER_JOB)
    queue.run_repeating(_open_quarter, interval, first=0, data=wiring, name=OPENING_JOB)
    queue.run_repeating(_settle_grants, interval, first=0, data=wiring, name=HANDOVER_JOB)
    if ctx.settings.cadangan_folder is not None:
        queue.run_repeating(_back_up, interval, first=0, data=wiring, name=BACKUP_JOB)
    application.bot_data["wake_outbox"] = partial(wake_outbox, application)


def wake_outbox(application: AnyApplication) -> None:
    """Deliver what was just committed now rather than at the sender's next tick.

    Does nothing when the jobs are not installed (an Application built for a test or the CLI):
    there is no sender to wake then.
    """
    queue = application.job_queue
    installed = queue.get_jobs_by_name(OUTBOX_JOB) if queue is not None else ()
    if queue is not None and installed:
        queue.run_once(_deliver, 0, data=installed[0].data, name=OUTBOX_WAKE_JOB)


def _wiring(context: ContextTypes.DEFAULT_TYPE) -> _Wiring:
    assert context.job is not None
    wiring = context.job.data
    assert isinstance(wiring, _Wiring)
    return wiring


async def _deliver(context: ContextTypes.DEFAULT_TYPE) -> None:
    wiring = _wiring(context)
    try:
        async with wiring.sending:
            # A full batch means more may be due: go on at once rather than at the next tick,
            # so a burst (a round opening, the morning's reminders) leaves at the rate limit.
            while (
                await deliver_due(
                    context.bot, wiring.ctx, wiring.render_attachment, wiring.me, limit=BATCH
                )
                >= BATCH
            ):
                pass
    except Exception:
        log.exception("pengiriman outbox gagal; dicoba lagi pada putaran berikutnya")


async def _beat(context: ContextTypes.DEFAULT_TYPE) -> None:
    """This process is alive: its record, its outbox leases and its polling lease renewed.
    A lease it must hold but lost (its beats stalled, and another process took it over) stops
    the application, with the reason for `kinerja-bot run` to say."""
    wiring = _wiring(context)
    try:
        held = await asyncio.to_thread(instances.beat, wiring.ctx, wiring.me)
        await asyncio.to_thread(outbox.renew, wiring.ctx, wiring.me)
    except Exception:
        log.exception("denyut proses gagal; dicoba lagi pada denyut berikutnya")
        return
    if wiring.polling and instances.POLLING not in held:
        log.error(texts.SEWA_POLLING_HILANG)
        context.application.bot_data[STOPPED] = texts.SEWA_POLLING_HILANG
        context.application.stop_running()


async def _remind(context: ContextTypes.DEFAULT_TYPE) -> None:
    wiring = _wiring(context)
    try:
        queued = await asyncio.to_thread(reminders.send_due, wiring.ctx)
    except Exception:
        log.exception("pemeriksaan pengingat gagal; dicoba lagi pada putaran berikutnya")
        return
    if queued:
        wake_outbox(context.application)


async def _open_quarter(context: ContextTypes.DEFAULT_TYPE) -> None:
    wiring = _wiring(context)
    try:
        opened = await asyncio.to_thread(opening.open_due_quarter, wiring.ctx)
    except Exception:
        log.exception("pembukaan putaran otomatis gagal; dicoba lagi pada putaran berikutnya")
        return
    if opened is not None:
        wake_outbox(context.application)


async def _settle_grants(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Grants whose end has passed take effect even when nobody writes: the step passes on,
    and the person's command menu shows what they hold now."""
    wiring = _wiring(context)
    try:
        settled = await asyncio.to_thread(handover.settle_ended, wiring.ctx)
    except Exception:
        log.exception("penyelesaian peran berakhir gagal; dicoba lagi pada putaran berikutnya")
        return
    if not settled:
        return
    wake_outbox(context.application)
    for person in settled:
        scope = BotCommandScopeChat(person.telegram_id)
        commands = [BotCommand(n, d) for n, d in texts.commands_for(list(person.roles))]
        try:
            if person.roles:
                await context.bot.set_my_commands(commands, scope=scope)
            else:
                await context.bot.delete_my_commands(scope=scope)
        except TelegramError as error:
            # The menu is a convenience: every press and command is checked anyway.
            log.warning("menu perintah chat %s tidak diubah: %s", person.telegram_id, error)


async def _back_up(context: ContextTypes.DEFAULT_TYPE) -> None:
    wiring = _wiring(context)
    try:
        written = await asyncio.to_thread(backup.back_up_if_due, wiring.ctx)
    except BackupFailed as failed:
        log.error("cadangan harian gagal, dicoba lagi pada putaran berikutnya: %s", failed.message)
        return
    except Exception:
        log.exception("cadangan harian gagal; dicoba lagi pada putaran berikutnya")
        return
    if written is not None:
        log.info("cadangan harian ditulis ke %s", written)

"""The processes serving one bot, and the lease only one of them may hold (polling).

Several `kinerja-bot run` processes may serve one bot on one database (issue 12). Each records
itself — host, pid, start time — when it starts (`register`), beats every BEAT while it runs
(`beat`) and removes itself on a clean stop (`leave`). A process is dead once its heartbeat is
older than LEASE, or at once when it ran on this machine (the same boot and pid namespace) and
its pid is gone: a process killed and started again by systemd does not wait out its own
lease. Removing a dead process frees what it held through the database's foreign keys — its
outbox leases (Outbox.locked_by is set NULL) and its polling lease (deleted with it) — so every
live process removes the dead on each beat, and a process starting removes them first.

Only one process may poll Telegram for a bot's updates (a second getUpdates ends the first with
409 Conflict), so polling is a lease (`take`): held for LEASE, renewed on every beat, released
on a clean stop, and taken over once it has run out or its holder is dead.

Leases and heartbeats go by `Ctx.wall_now()`, real time even when the office's clock is moved
by a test.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.workflow.context import Ctx
from storage.models import BotInstance, Lease

LEASE = timedelta(seconds=60)
"""How long a lease (polling, an outbox row) lasts unless renewed, and how old a heartbeat may
be before its process counts as dead."""
BEAT = timedelta(seconds=20)
"""How often a running process renews its heartbeat and its leases: three beats per lease, so
one late beat loses nothing."""
POLLING = "polling"


@dataclass(frozen=True)
class Instance:
    """A process serving the bot, as the database knows it."""

    id: int
    host: str
    pid: int
    started_at: datetime


class LeaseHeld(Exception):
    """The lease is held by another process that is alive; `holder` names it."""

    def __init__(self, holder: Instance) -> None:
        super().__init__(f"{holder.host} pid {holder.pid}")
        self.holder = holder


def register(ctx: Ctx) -> Instance:
    """This process, recorded; what dead processes held is freed first."""
    now = ctx.wall_now()
    with ctx.unit() as session:
        _remove_dead(session, now, keep=None)
        row = BotInstance(
            host=socket.gethostname(),
            pid=os.getpid(),
            pid_space=_pid_space(),
            started_at=now,
            heartbeat_at=now,
        )
        session.add(row)
        session.flush()
        return _instance(row)


def beat(ctx: Ctx, me: Instance) -> frozenset[str]:
    """The heartbeat: renews this process's record and the leases it holds, removes the dead;
    returns the names of the leases it still holds.

    A process whose beats stalled past LEASE may have been taken for dead meanwhile: its record
    is written again, and a lease taken over by another process is not in the answer, so the
    caller can stop doing what it no longer may.
    """
    now = ctx.wall_now()
    with ctx.unit() as session:
        _remove_dead(session, now, keep=me.id)
        found = session.execute(
            update(BotInstance).where(BotInstance.id == me.id).values(heartbeat_at=now)
        )
        if not found.rowcount:  # type: ignore[attr-defined]
            session.add(
                BotInstance(
                    id=me.id,
                    host=me.host,
                    pid=me.pid,
                    pid_space=_pid_space(),
                    started_at=me.started_at,
                    heartbeat_at=now,
                )
            )
        session.execute(
            update(Lease).where(Lease.holder_id == me.id).values(expires_at=now + LEASE)
        )
        return frozenset(session.scalars(select(Lease.name).where(Lease.holder_id == me.id)))


def take(ctx: Ctx, me: Instance, name: str = POLLING) -> None:
    """Hold the lease `name` for LEASE from now; LeaseHeld while another live process holds it.

    Two processes taking it at once: on PostgreSQL the second insert waits for the first and
    fails on the key, and is tried again, now finding the holder; on SQLite the units run one
    after the other anyway.
    """
    for last_try in (False, True):
        try:
            _take(ctx, me, name)
            return
        except IntegrityError:
            if last_try:
                raise


def _take(ctx: Ctx, me: Instance, name: str) -> None:
    now = ctx.wall_now()
    with ctx.unit() as session:
        _remove_dead(session, now, keep=me.id)
        lease = session.get(Lease, name, with_for_update=True)
        if lease is None:
            session.add(Lease(name=name, holder_id=me.id, expires_at=now + LEASE))
            session.flush()
        elif lease.holder_id == me.id or lease.expires_at <= now:
            lease.holder_id = me.id
            lease.expires_at = now + LEASE
        else:
            holder = session.get(BotInstance, lease.holder_id)
            assert holder is not None  # the lease goes with its holder (ON DELETE CASCADE)
            raise LeaseHeld(_instance(holder))


def holder(ctx: Ctx, name: str = POLLING) -> Instance | None:
    """The live process holding the lease `name`, if one does."""
    now = ctx.wall_now()
    with ctx.unit() as session:
        _remove_dead(session, now, keep=None)
        lease = session.get(Lease, name)
        if lease is None or lease.expires_at <= now:
            return None
        found = session.get(BotInstance, lease.holder_id)
        return _instance(found) if found is not None else None


def leave(ctx: Ctx, me: Instance) -> None:
    """A clean stop: this process's record goes, and with it every lease it held."""
    with ctx.unit() as session:
        session.execute(delete(BotInstance).where(BotInstance.id == me.id))


def _remove_dead(session: Session, now: datetime, keep: int | None) -> None:
    """Remove every other process that is dead (see the module's docstring)."""
    here = _pid_space()
    dead = [
        row.id
        for row in session.scalars(select(BotInstance).where(BotInstance.id != (keep or 0)))
        if row.heartbeat_at <= now - LEASE or (here and row.pid_space == here and _gone(row.pid))
    ]
    if dead:
        session.execute(delete(BotInstance).where(BotInstance.id.in_(dead)))


def _gone(pid: int) -> bool:
    """Whether no process with this pid runs here. A pid taken by another program since looks
    alive: the heartbeat decides then."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # it runs, as another user
        return False
    return False


@cache
def _pid_space() -> str:
    """This machine's boot and pid namespace: pids compare only within both ("" when the system
    does not say, and then only heartbeats tell)."""
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
        namespace = os.readlink("/proc/self/ns/pid")
    except OSError:
        return ""
    return f"{boot} {namespace}"


def _instance(row: BotInstance) -> Instance:
    return Instance(row.id, row.host, row.pid, row.started_at)

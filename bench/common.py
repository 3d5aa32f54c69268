"""What every figure shares: statistics of repeated runs, the goal a ratio is held to, the
result table, and a fresh database for each run.

A figure is never an absolute time: the machine is shared, so each one is the ratio of our
cost to its floor, both measured in the same run, with a warm-up first and the median and a
tail (p95, or p99 where the goal names it) of the repeated runs.
"""

from __future__ import annotations

import argparse
import math
import os
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from bot.clock import Clock
from bot.config import Settings
from bot.workflow import master
from bot.workflow.context import Ctx, calendar_from
from storage.db import make_engine, make_sessions, upgrade
from storage.scratch import ScratchServer

POSTGRES_VARIABLE = "KINERJA_TEST_DATABASE_URL"
"""When set (a PostgreSQL URL whose user may create databases), P1, P4 and P6 run on it too."""

Statistic = Literal["median", "p95", "p99"]


def percentile(samples: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100), interpolated between the closest ranks."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass(frozen=True)
class Stat:
    """Repeated runs of one measurement. For a figure where more is better (a rate) the tails
    are taken from the low end, so "p95" is always the worse side."""

    median: float
    p95: float
    p99: float
    runs: int

    @classmethod
    def of(cls, samples: Sequence[float], *, more_is_better: bool = False) -> Stat:
        def tail(q: float) -> float:
            return percentile(samples, 100 - q if more_is_better else q)

        return cls(percentile(samples, 50), tail(95), tail(99), len(samples))

    @classmethod
    def constant(cls, value: float) -> Stat:
        """A published limit rather than a measurement."""
        return cls(value, value, value, 0)

    def get(self, statistic: Statistic) -> float:
        return float(getattr(self, statistic))


@dataclass(frozen=True)
class Goal:
    """What the ratio ours/floor of one statistic must be: at most `limit`, or at least it."""

    limit: float
    at_most: bool = True
    on: Statistic = "median"

    def met(self, ratio: float) -> bool:
        return ratio <= self.limit if self.at_most else ratio >= self.limit

    def __str__(self) -> str:
        sign = "≤" if self.at_most else "≥"
        return f"{sign} {self.limit:g}× {self.on}"


@dataclass(frozen=True)
class Figure:
    """One row of the table: our cost, its floor, and the goal their ratio is held to.

    `checks` are conditions besides the ratio that the goal names (nothing lost, order kept).
    """

    name: str
    unit: str
    ours: Stat
    floor: Stat
    goal: Goal
    checks: tuple[tuple[str, bool], ...] = ()
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.ours.get(self.goal.on) / self.floor.get(self.goal.on)

    @property
    def passed(self) -> bool:
        return self.goal.met(self.ratio) and all(ok for _, ok in self.checks)

    def goal_text(self) -> str:
        return ", ".join([str(self.goal), *(name for name, _ in self.checks)])

    def as_json(self) -> dict[str, object]:
        """The row for a machine to compare runs (`python -m bench --json`)."""
        return {
            "figure": self.name,
            "unit": self.unit,
            "ours": asdict(self.ours),
            "floor": asdict(self.floor),
            "ratio": self.ratio,
            "goal": self.goal_text(),
            "checks": dict(self.checks),
            "passed": self.passed,
            "note": self.note,
        }


def _number(value: float) -> str:
    """Four significant digits, never in exponent form."""
    return f"{value:.0f}" if abs(value) >= 1000 else f"{value:.4g}"


def _shown(stat: Stat, unit: str, tail: Statistic) -> str:
    if stat.runs == 0:
        return f"{_number(stat.median)} {unit}"
    tail = "p95" if tail == "median" else tail
    return f"{_number(stat.median)} {unit} ({tail} {_number(stat.get(tail))}, n={stat.runs})"


def table(figures: Sequence[Figure]) -> str:
    """The figures as a Markdown table, then what each measured and any check that failed."""
    header = ("figure", "ours", "floor", "ratio", "goal", "pass/fail")
    rows = [
        (
            f.name,
            _shown(f.ours, f.unit, f.goal.on),
            _shown(f.floor, f.unit, f.goal.on),
            f"{f.ratio:.2f}×",
            f.goal_text(),
            "pass" if f.passed else "FAIL",
        )
        for f in figures
    ]
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    lines = [line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    lines += [line(r) for r in rows]
    for f in figures:
        failed = [name for name, ok in f.checks if not ok]
        detail = f.note + (f" — not met: {', '.join(failed)}" if failed else "")
        if detail:
            lines.append(f"- {f.name}: {detail}")
    return "\n".join(lines)


def alternate(
    sides: Mapping[str, Callable[[], object]], *, warmup: int, runs: int
) -> dict[str, list[float]]:
    """Seconds of each counted call of each side, the sides taking turns run after run (so a
    busy moment of the machine falls on all of them), after `warmup` turns not counted."""
    seconds: dict[str, list[float]] = {name: [] for name in sides}
    for turn in range(warmup + runs):
        for name, run in sides.items():
            started = time.perf_counter()
            run()
            if turn >= warmup:
                seconds[name].append(time.perf_counter() - started)
    return seconds


# --- databases ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Backend:
    """Where a figure's fresh databases are made: SQLite files, or a PostgreSQL server."""

    name: str
    server_url: str | None = None

    def label(self, figure: str) -> str:
        return figure if self.server_url is None else f"{figure} [{self.name}]"


SQLITE = Backend("SQLite")


def backends() -> list[Backend]:
    """SQLite always; PostgreSQL too when KINERJA_TEST_DATABASE_URL names a server."""
    url = os.environ.get(POSTGRES_VARIABLE)
    return [SQLITE, Backend("PostgreSQL", url)] if url else [SQLITE]


@contextmanager
def fresh_database(backend: Backend, folder: Path, name: str) -> Iterator[str]:
    """The URL of an empty database, dropped again afterwards (a SQLite file in `folder`, or
    a new database on the PostgreSQL server, so the one the URL names is never touched)."""
    if backend.server_url is None:
        yield f"sqlite:///{folder / f'{name}.db'}"
        return
    server = ScratchServer(backend.server_url)
    try:
        with server.scratch(f"bench_{name}") as url:
            yield url
    finally:
        server.close()


def office_context(url: str, clock: Clock) -> Ctx:
    """The core's context on `url`, upgraded by the real migrations, with the office's kop."""
    settings = Settings(database_url=url, _env_file=None)
    ctx = Ctx(make_sessions(make_engine(url)), clock, calendar_from(settings), settings)
    upgrade(ctx.sessions.kw["bind"])
    master.set_office(ctx, kepala_nama="Dr. H. Ahmad Fauzi, S.Sos., M.Si.")
    return ctx


def close(ctx: Ctx) -> None:
    ctx.sessions.kw["bind"].dispose()


# --- running ------------------------------------------------------------------------------

Run = Callable[[Path, bool], list[Figure]]
"""A figure's script: measures in a scratch folder, at full or --quick (tiny) sizes."""


def scratch(folder: Path, name: str) -> Path:
    """A fresh subfolder for one part of a run."""
    path = folder / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def script(run: Run, doc: str | None) -> None:
    """`python -m bench.pN_…`: one figure alone, its table printed."""
    parser = argparse.ArgumentParser(description=(doc or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, seconds")
    quick = parser.parse_args().quick
    with tempfile.TemporaryDirectory(prefix="kinerja-bench-") as folder:
        print(table(run(Path(folder), quick)))

"""P2 workbook compile: the compiled workbook of a large office against plain openpyxl.

Ours: `files.render` of the compiled workbook (Rekap, a sheet per bidang, Grafik, Tren,
Lembar Kendali) of a TW II round of 20 bidang × 60 indicators, every format uploaded filled,
read from the database as the sender does. Floor: openpyxl writing the very cell values of
that workbook, sheet by sheet, with no styling, charts or print setup. The two alternate, run
after run, so a busy moment of the machine falls on both.

    python -m bench.p2_workbook [--quick]
"""

from __future__ import annotations

import io
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook, load_workbook

from bench.common import (
    SQLITE,
    Figure,
    Goal,
    Stat,
    alternate,
    close,
    fresh_database,
    office_context,
    script,
)
from bot.clock import FixedClock
from bot.workflow import files
from tests.conftest import ROUND_OPENS
from tests.workbooks import big_round

NAME = "P2 workbook compile"
GOAL = Goal(2.0)

Sheets = list[tuple[str, list[tuple[object, ...]]]]


@dataclass(frozen=True)
class Size:
    bidang: int
    indicators: int
    warmup: int
    runs: int


FULL = Size(20, 60, warmup=1, runs=7)
QUICK = Size(2, 3, warmup=1, runs=2)


def cell_values(content: bytes) -> Sheets:
    """Every sheet's title and its rows of values, as the workbook holds them."""
    book = load_workbook(io.BytesIO(content))
    return [(sheet.title, list(sheet.iter_rows(values_only=True))) for sheet in book.worksheets]


def plain_workbook(sheets: Sheets) -> bytes:
    """The floor: the same values written by openpyxl with nothing else."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    saved = io.BytesIO()
    book.save(saved)
    return saved.getvalue()


def measure(folder: Path, size: Size) -> Figure:
    with fresh_database(SQLITE, folder, "p2") as url:
        ctx = office_context(url, FixedClock(ROUND_OPENS))
        spec = {"kind": "rekap", "round_id": big_round(ctx, size.bidang, size.indicators)}

        def ours() -> bytes:
            rendered = files.render(ctx, spec)
            assert rendered is not None
            return rendered[1]

        sheets = cell_values(ours())
        samples = alternate(
            {"ours": ours, "floor": lambda: plain_workbook(sheets)},
            warmup=size.warmup,
            runs=size.runs,
        )
        tracemalloc.start()
        ours()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        close(ctx)
    cells = sum(value is not None for _, rows in sheets for row in rows for value in row)
    return Figure(
        NAME,
        "s",
        Stat.of(samples["ours"]),
        Stat.of(samples["floor"]),
        GOAL,
        note=f"{size.bidang} bidang × {size.indicators} indicators; {len(sheets)} sheets, "
        f"{cells} cells; {size.runs} runs each, alternating, after {size.warmup} warm-up; "
        f"ours peaks at {peak / 2**20:.0f} MiB of Python memory (tracemalloc)",
    )


def run(folder: Path, quick: bool) -> list[Figure]:
    return [measure(folder, QUICK if quick else FULL)]


if __name__ == "__main__":
    script(run, __doc__)

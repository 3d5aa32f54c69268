"""`python -m bench`: every figure in one run on this machine, then the table.

    python -m bench [--quick] [--only P1 P4 …]

Figures are ratios against floors measured in the same run (see bench/__init__.py); `--quick`
runs tiny sizes in seconds, to keep the scripts working (what CI's smoke test runs), and its
numbers mean nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import openpyxl
import sqlalchemy
import telegram

from bench import (
    p1_answer_latency,
    p2_workbook,
    p3_delivery,
    p4_reminder_tick,
    p5_memory,
    p6_concurrency,
)
from bench.common import Figure, backends, scratch, table

SCRIPTS = {
    "P1": p1_answer_latency,
    "P2": p2_workbook,
    "P3": p3_delivery,
    "P4": p4_reminder_tick,
    "P5": p5_memory,
    "P6": p6_concurrency,
}


def machine() -> str:
    """What the numbers were measured on, for whoever compares two tables."""
    databases = " and ".join(b.name for b in backends())
    load = os.getloadavg()[0]
    return (
        f"{os.cpu_count()} CPUs, load {load:.2f}; Python {platform.python_version()}, "
        f"python-telegram-bot {telegram.__version__}, SQLAlchemy {sqlalchemy.__version__}, "
        f"openpyxl {openpyxl.__version__}, SQLite {sqlite3.sqlite_version}; {databases}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, seconds")
    parser.add_argument("--only", nargs="+", choices=sorted(SCRIPTS), metavar="PN")
    parser.add_argument("--json", type=Path, metavar="FILE", help="the rows as JSON too")
    args = parser.parse_args()
    print(machine(), file=sys.stderr)
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="kinerja-bench-") as folder:
        for key in args.only or SCRIPTS:
            script = SCRIPTS[key]
            started = time.perf_counter()
            print(f"{(script.__doc__ or key).splitlines()[0]} …", file=sys.stderr, flush=True)
            figures += script.run(scratch(Path(folder), key), args.quick)
            print(f"  {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    print(table(figures))
    print(f"\n{machine()}")
    if args.json is not None:
        rows = [figure.as_json() for figure in figures]
        args.json.write_text(json.dumps(rows, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()

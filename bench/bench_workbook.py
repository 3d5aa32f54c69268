"""How long the compiled workbook takes to build, and how much memory, for a large office.

A plain script, not a test: it builds a round of 20 bidang × 60 indicators through the
workflow (every format uploaded filled), then times `documents.render` of the compiled workbook
and measures its peak Python memory with tracemalloc.

    .venv/bin/python bench/bench_workbook.py [--bidang 20] [--indikator 60] [--ulang 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

# Run as a script from anywhere: the repository root holds the packages it imports.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.clock import FixedClock
from bot.config import Settings
from bot.workflow import documents, master
from bot.workflow.context import Ctx, calendar_from
from storage.db import make_engine, make_sessions, upgrade
from tests.conftest import ROUND_OPENS
from tests.test_workbook_support import big_round


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bidang", type=int, default=20)
    parser.add_argument("--indikator", type=int, default=60)
    parser.add_argument("--ulang", type=int, default=3, help="timed repetitions")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(database_url=f"sqlite:///{folder}/bench.db", _env_file=None)
        engine = make_engine(settings.database_url)
        upgrade(engine)
        ctx = Ctx(make_sessions(engine), FixedClock(ROUND_OPENS), calendar_from(settings), settings)
        master.set_office(ctx, kepala_nama="Dr. H. Ahmad Fauzi, S.Sos., M.Si.")
        started = time.perf_counter()
        round_id = big_round(ctx, args.bidang, args.indikator)
        print(
            f"putaran {args.bidang} bidang × {args.indikator} indikator disiapkan "
            f"dalam {time.perf_counter() - started:.1f} s ({args.bidang} unggahan)"
        )
        spec = {"kind": "rekap", "round_id": round_id}
        timings = []
        size = 0
        for _ in range(args.ulang):
            started = time.perf_counter()
            rendered = documents.render(ctx, spec)
            timings.append(time.perf_counter() - started)
            assert rendered is not None
            size = len(rendered[1])
        tracemalloc.start()
        documents.render(ctx, spec)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        engine.dispose()
    print(
        f"buku kerja: median {statistics.median(timings):.2f} s, "
        f"min {min(timings):.2f} s dari {args.ulang} kali; {size / 1024:.0f} KiB"
    )
    print(f"memori puncak (tracemalloc): {peak / 1024 / 1024:.1f} MiB")


if __name__ == "__main__":
    main()

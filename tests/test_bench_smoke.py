"""The benchmarks still run: `python -m bench --quick`, tiny sizes, as CI runs it.

No timing is asserted here (DESIGN §8: performance is measured by bench/, never by tests); only
that every figure produced its row, and that the sender and the bot under load lost nothing.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIGURES = ("P1", "P2", "P3", "P4", "P5", "P6")


def _quick(module: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m module --quick args…` from the repository, refused unless it exits 0."""
    done = subprocess.run(
        [sys.executable, "-m", module, "--quick", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def test_quick_benchmarks_print_every_figure_and_lose_nothing(tmp_path: Path) -> None:
    rows_file = tmp_path / "bench.json"
    done = _quick("bench", "--json", str(rows_file))
    assert "| figure" in done.stdout and "pass/fail |" in done.stdout, done.stdout
    rows = {row["figure"]: row for row in json.loads(rows_file.read_text(encoding="utf-8"))}
    for figure in FIGURES:
        assert any(name.startswith(f"{figure} ") for name in rows), (figure, sorted(rows))
        assert any(f"| {figure} " in line for line in done.stdout.splitlines()), figure
    for name, row in rows.items():
        assert row["ours"]["runs"] > 0 and row["ratio"] > 0, row
        if name.startswith(("P3 ", "P6 ")):
            lost = {check: ok for check, ok in row["checks"].items() if "lost" in check}
            assert lost and all(lost.values()), row


def test_the_p1_budget_measures_every_part_of_the_answer() -> None:
    done = _quick("bench.p1_budget")
    parts = ("use case", "least unit, SQLAlchemy Core", "least unit, driver", "texts")
    lines = done.stdout.splitlines()
    for part in parts:
        assert any(line.startswith(part) and "median" in line for line in lines), (part, lines)

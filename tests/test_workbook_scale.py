"""A large office still compiles: 20 bidang of 60 indicators, filled through the upload path."""

from __future__ import annotations

from bot.workflow import files
from bot.workflow.context import Ctx
from tests.workbooks import big_round, opened


def test_a_round_of_20_bidang_and_60_indicators_compiles(ctx: Ctx) -> None:
    round_id = big_round(ctx, n_bidang=20, n_indicators=60)
    rendered = files.render(ctx, {"kind": "rekap", "round_id": round_id})
    assert rendered is not None
    book = opened(rendered[1], read_only=True)
    assert len(book.sheetnames) == 1 + 20 + 4
    assert book.sheetnames[-4:] == ["Grafik", "Tren", "Lembar Kendali", "Bukti Dukung"]
    rekap = book["Rekap"]
    numbered = [row[0] for row in rekap.iter_rows(values_only=True) if isinstance(row[0], int)]
    assert numbered[:1200] == [n for _ in range(20) for n in range(1, 61)]
    assert rekap.max_row > 1200

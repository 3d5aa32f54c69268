"""How fast a Kabid sees a typed value confirmed, with the bot as a process over real HTTP.

A plain script, not a test. `kinerja-bot run` polls the Bot API emulator on 127.0.0.1, as in
the end-to-end test; the scripted quarter is played up to step 4, then one Kabid types the
value of an indicator and goes back to it (Sebelumnya), again and again. Timed from the moment
the message reaches "Telegram" to the moment the echo ("✅ Tercatat …") and the next card are
there: what the Kabid waits for on the phone, minus the real network (DESIGN §6).

Values go at `--jeda` seconds apart, a brisk typist's pace: each one costs the bot four or five
Bot API calls, and without a pause they would run into the bot's own rate limiter (Telegram's
30 messages a second, AIORateLimiter) and time that cap, not the answer; `--jeda 0` shows it.

    .venv/bin/python bench/bench_answer_latency.py [--ulang 200] [--jeda 0.2]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

# Run as a script from anywhere: the repository root holds the packages it imports.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.emulator.office import DAFDUK, KABID
from bot.emulator.scenario import after_value, card_or_summary, reply_with, staged


async def measure(repetitions: int, pause: float) -> tuple[list[float], list[float]]:
    with tempfile.TemporaryDirectory() as folder:
        async with staged(Path(folder), lambda line: None) as quarter:
            await quarter.set_up()
            await quarter.register()
            await quarter.open_round()
            await quarter.draft_and_correction()
            sari = quarter.phone(KABID[DAFDUK])
            await sari.press("Mulai isi", card_or_summary)
            echoes, cards = [], []
            for _ in range(repetitions):
                await asyncio.sleep(pause)
                mark = quarter.world.mark()
                started = time.perf_counter()
                quarter.world.send_text(sari.user_id, "97,1")
                await sari.wait("Tercatat 1/6:", after=mark)
                echoes.append(time.perf_counter() - started)
                await sari.wait(after_value, after=mark)
                cards.append(time.perf_counter() - started)
                # Sebelumnya edits the card it was pressed on, then sends the earlier card.
                await sari.press("Sebelumnya", reply_with("1/6 · "))
            return echoes, cards


def report(name: str, seconds: list[float]) -> None:
    ms = sorted(s * 1000 for s in seconds)
    cuts = statistics.quantiles(ms, n=100)
    print(f"{name}: p50 {cuts[49]:.1f} ms · p95 {cuts[94]:.1f} ms · maks {ms[-1]:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ulang", type=int, default=200, help="values typed and timed")
    parser.add_argument("--jeda", type=float, default=0.2, help="seconds between two values")
    args = parser.parse_args()
    echoes, cards = asyncio.run(measure(args.ulang, args.jeda))
    print(
        f"{args.ulang} nilai diketik berjeda {args.jeda:g} detik; bot sebagai proses, "
        "HTTP ke emulator di 127.0.0.1"
    )
    report("balasan «Tercatat»", echoes)
    report("kartu berikutnya  ", cards)


if __name__ == "__main__":
    main()

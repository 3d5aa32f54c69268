"""Benchmarks: the bot's costs, each against its floor, measured side by side (not tests).

`python -m bench` runs every figure and prints one table (figure, ours, floor, ratio, goal,
pass/fail); `python -m bench.p1_answer_latency` (…) runs one. A shared machine makes absolute
times noise, so each figure is a ratio to a floor measured in the same run, after a warm-up,
over repeated runs (median and a tail):

- P1 answer latency — a Kabid's typed value confirmed, against a bare PTB echo bot;
- P2 workbook compile — the compiled workbook, against plain openpyxl writing its values;
- P3 delivery rate — the outbox sender, against Telegram's 30 messages a second;
- P4 reminder tick — one scheduler tick with 10× the history, and with 10× the open bidang;
- P5 memory — `kinerja-bot run` after whole quarters, against a bare PTB process;
- P6 concurrency — 200 Kabid answering at once, against the echo bot.

Nothing here is imported by the product; this file stays empty of imports so the echo bot
(bench.echo_bot), the floor of P5's memory, loads nothing but python-telegram-bot.
"""

"""`kinerja-bot demo`: an offline rehearsal of a whole quarter, for someone meeting the bot.

A fresh database with the sample indicators in a temporary folder, the Bot API emulator on
127.0.0.1 and `kinerja-bot run` against it; the scripted office plays Triwulan II 2026
(bot.emulator.scenario) while the conversation is printed as it happens. The final workbook
is checked and written to the path given (by default ./demo-kinerja-final.xlsx, since the
temporary folder is removed at the end). No token, no network, well under a minute.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bot.emulator.excel import check_final_workbook
from bot.emulator.process import ProcessFailed
from bot.emulator.scenario import staged


class DemoFailed(RuntimeError):
    """The rehearsal stopped; the message says where, with the end of the bot's log."""


async def rehearse(output: Path, write: Callable[[str], None]) -> int:
    """Play the quarter, write the final workbook to `output`; the number of indicators
    checked in it. DemoFailed when a step does not go as scripted."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kinerja-demo-") as folder:
        async with staged(Path(folder), write) as quarter:
            quarter.story.heading("Demo kinerja-bot: satu triwulan penuh, tanpa internet")
            quarter.story.note(
                f"emulator Telegram di {quarter.bot.env['KINERJA_BOT_API_URL']}; "
                f"folder sementara {folder}"
            )
            try:
                final = await quarter.play()
                checked = check_final_workbook(final)
            except (AssertionError, ProcessFailed) as stopped:
                # NoAnswer and WorkbookMismatch are AssertionErrors, as are the script's checks.
                raise DemoFailed(f"{stopped}\n\nAkhir log bot:\n{quarter.bot.log_tail()}") from None
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(final)
    write("")
    write("═══ Selesai ═══")
    write(f"  Buku kerja final: {output.resolve()}")
    write(
        f"  Diperiksa sel demi sel: realisasi dan capaian {checked} indikator sesuai yang "
        "diketik, tanpa tanda DRAFT, blok tanda tangan Kepala Dinas dan paraf terisi."
    )
    write(f"  Satu triwulan dimainkan dalam {time.monotonic() - started:.0f} detik.")
    return checked


def run(output: Path) -> int:
    """The command's body: 0 when the rehearsal went through, 1 with the reason otherwise."""

    def write(line: str) -> None:
        print(line, flush=True)

    try:
        asyncio.run(rehearse(output, write))
    except DemoFailed as failed:
        print(f"\nDemo berhenti: {failed}", flush=True)
        return 1
    return 0

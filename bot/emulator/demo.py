"""`kinerja-bot demo`: an offline rehearsal of a whole quarter, for someone meeting the bot.

A fresh database with the sample indicators in a temporary folder, the Bot API emulator on
127.0.0.1 and `kinerja-bot run` against it; the scripted office plays Triwulan II 2026
(bot.emulator.scenario) while the conversation is printed as it happens. The final workbook
is checked and written to the path given (by default ./demo-kinerja-final.xlsx, since the
temporary folder is removed at the end). No token, no network, well under a minute.

Given a PostgreSQL server (`--database-url`), the bot runs on a database of its own made there
for the rehearsal and dropped after it, so the one the URL names is never touched.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from bot.emulator.excel import Checked, check_final_workbook
from bot.emulator.process import ProcessFailed
from bot.emulator.scenario import Quarter, staged
from storage.db import printable
from storage.scratch import ScratchServer


class DemoFailed(RuntimeError):
    """The rehearsal stopped; the message says where, with the end of the bot's log."""


@asynccontextmanager
async def _stage(
    folder: Path, write: Callable[[str], None], server_url: str | None
) -> AsyncIterator[Quarter]:
    """The quarter staged on SQLite in `folder`, or on a scratch database of `server_url`."""
    if server_url is None:
        async with staged(folder, write) as quarter:
            yield quarter
        return
    server = ScratchServer(server_url)
    try:
        with server.scratch("kinerja_demo") as url:
            async with staged(folder, write, url) as quarter:
                yield quarter
    finally:
        server.close()


async def rehearse(
    output: Path, write: Callable[[str], None], server_url: str | None = None
) -> Checked:
    """Play the quarter, write the final workbook to `output`; what was checked in it.
    DemoFailed when a step does not go as scripted."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kinerja-demo-") as folder:
        async with _stage(Path(folder), write, server_url) as quarter:
            quarter.story.heading("Demo kinerja-bot: satu triwulan penuh, tanpa internet")
            database = quarter.bot.env["KINERJA_DATABASE_URL"]
            quarter.story.note(
                f"emulator Telegram di {quarter.bot.env['KINERJA_BOT_API_URL']}; "
                f"folder sementara {folder}"
                + (f"; basis data sementara {printable(database)}" if server_url else "")
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
        f"  Diperiksa sel demi sel: realisasi dan capaian {checked.indicators} indikator, "
        f"{checked.analyses} isian analisis, dan {checked.files} bukti dukung (nama, pengirim, "
        "SHA-256) sesuai yang dikirim, tanpa tanda DRAFT, blok tanda tangan Kepala Dinas dan "
        "paraf terisi."
    )
    write(f"  Satu triwulan dimainkan dalam {time.monotonic() - started:.0f} detik.")
    return checked


def run(output: Path, server_url: str | None = None) -> int:
    """The command's body: 0 when the rehearsal went through, 1 with the reason otherwise."""

    def write(line: str) -> None:
        print(line, flush=True)

    try:
        asyncio.run(rehearse(output, write, server_url))
    except DemoFailed as failed:
        print(f"\nDemo berhenti: {failed}", flush=True)
        return 1
    return 0

"""What is typed after a command: a refusal of it names the command and shows its use.

The core words a refusal by what is wrong ("Tahun «99999» tidak dikenal"); only the chat knows
which command it was typed after, so the command and an example of it are added here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from bot import texts
from bot.errors import InvalidInput, NotFound
from bot.periods import parse_period
from handlers.common import Context


@contextmanager
def arguments_of(perintah: str, contoh: str) -> Iterator[None]:
    """Refusals of the arguments read inside (InvalidInput, or NotFound for a named thing that
    does not exist) become "/perintah: what is wrong. Contoh: /perintah contoh"."""
    try:
        yield
    except (InvalidInput, NotFound) as wrong:
        raise InvalidInput(texts.argumen_salah(perintah, wrong.message, contoh)) from None


def typed_period(context: Context, perintah: str, default: tuple[int, int]) -> tuple[int, int]:
    """The "[tahun] [triwulan]" typed after /putaran or /unduh; the example shows `default`."""
    tahun, triwulan = default
    with arguments_of(perintah, f"{tahun} {texts.ROMAWI[triwulan]}"):
        return parse_period(context.args or [], default)

"""Every text a person reads, in Bahasa Indonesia: formal, short, Bapak/Ibu and Anda.

One home for wording, so the chat, the outbox and the CLI say the same thing the same way.
Callers write `from bot import texts` and `texts.bantuan(...)`; the modules split it by concern:

- `angka`: why a typed text is not a number;
- `common`: a round's name, a deadline, lateness and the other pieces the rest is built from;
- `workflow`: the notices of SOP steps 1–11;
- `refusals`: why the bot says no (the messages a WorkflowError carries);
- `chat`: the chat cards, menus and `/status`;
- `grants`: granting and ending roles (/undang, `cabut`) and what the operators hear of it;
- `reminders`: the scheduler's reminders and escalations, and undeliverable-chat notices;
- `workbook`: uploading a filled format and downloading the compiled workbook;
- `startup`: why `kinerja-bot run` could not start, and why a setting is refused;
- `operations`: the upkeep commands `cadangkan`, `pulihkan` and `periksa`.

Each module lists its texts in `__all__`; this package re-exports them all.
"""

from bot.texts.angka import *  # noqa: F403
from bot.texts.chat import *  # noqa: F403
from bot.texts.common import *  # noqa: F403
from bot.texts.grants import *  # noqa: F403
from bot.texts.operations import *  # noqa: F403
from bot.texts.refusals import *  # noqa: F403
from bot.texts.reminders import *  # noqa: F403
from bot.texts.startup import *  # noqa: F403
from bot.texts.workbook import *  # noqa: F403
from bot.texts.workflow import *  # noqa: F403

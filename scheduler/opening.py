"""The quarterly opening (DESIGN §5, "Rounds"): the bot opens the quarter that just ended.

At the first opening time after a quarter ends, the bot opens that quarter's round itself and
the operators get step 1's card; a bot started later than that opens it at once. Only the
quarter that just ended is considered — a bot installed in August opens Triwulan II, never
Triwulan I or last year's — and only when it makes sense:

- KINERJA_BUKA_OTOMATIS is on;
- the round does not exist yet (an operator may have opened it, or it ran and closed);
- the indicator master of that year is loaded;
- the master carries no realisation for that quarter: an office that imported its TW II values
  with the master collected that quarter before the bot, on paper.
"""

from __future__ import annotations

import logging
from datetime import date

from sqlalchemy.exc import IntegrityError

from bot.errors import WorkflowError
from bot.workflow.context import Ctx
from bot.workflow.rounds import Opened, open_round, quarter_just_ended
from storage import queries

log = logging.getLogger(__name__)


def open_due_quarter(ctx: Ctx) -> Opened | None:
    """Open the quarter that just ended, if it is time and nobody has; None when nothing to do."""
    if not ctx.settings.buka_otomatis:
        return None
    now = ctx.now()
    local = now.astimezone(ctx.calendar.tz)
    this_quarter_began = date(local.year, (local.month - 1) // 3 * 3 + 1, 1)
    if now < ctx.calendar.opening_on_or_after(this_quarter_began):
        return None
    tahun, triwulan = quarter_just_ended(now, ctx.settings.zona_waktu)
    with ctx.read() as session:
        if queries.round_by_period(session, tahun, triwulan) is not None:
            return None
        indicators = queries.indicators_of_year(session, tahun)
    if not indicators:
        log.debug("TW %s %s tidak dibuka otomatis: belum ada indikator", triwulan, tahun)
        return None
    if any(indicator.realisasi_awal(triwulan) is not None for indicator in indicators):
        log.debug("TW %s %s tidak dibuka otomatis: realisasinya sudah diimpor", triwulan, tahun)
        return None
    try:
        opened = open_round(ctx, actor=None, tahun=tahun, triwulan=triwulan)
    except (WorkflowError, IntegrityError) as refused:
        # Another process opened it a moment ago (the unique key on tahun+triwulan).
        log.info("TW %s %s tidak dibuka otomatis: %s", triwulan, tahun, refused)
        return None
    log.info("putaran TW %s %s dibuka otomatis", triwulan, tahun)
    return opened

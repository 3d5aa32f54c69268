"""A round's own copy of its indicators' definitions (issue 10: what was signed stays signed).

A round copies each indicator's definition from the master when it opens. Re-importing the
master changes later rounds only; an open round takes the new definitions only when the
administrator applies them on purpose (`import-indikator --terapkan-ke-putaran`).
"""

from __future__ import annotations

from storage.models import Indicator, RoundIndicator

DEFINITION = (
    "bidang_id",
    "urutan",
    "sasaran",
    "nama",
    "satuan",
    "arah",
    "rumus",
    "sifat",
    "boleh_negatif",
    "target_tahunan",
)
"""What a round keeps of each indicator besides its quarter target, as approvals have always
hashed it (`common.content_hash`)."""
COPIED = (*DEFINITION, "wajib_bukti")
"""Everything a round copies, the later additions included (hashed only when they are set)."""


def new_item(round_id: int, indicator: Indicator, triwulan: int) -> RoundIndicator:
    """The round's copy of `indicator`, measured when the master has a target this quarter."""
    target = indicator.target(triwulan)
    item = RoundIndicator(
        round_id=round_id, indicator_id=indicator.id, target=target, diukur=target is not None
    )
    copy_definition(item, indicator)
    return item


def copy_definition(item: RoundIndicator, indicator: Indicator) -> bool:
    """Copy the master's definition into the round's item; True when anything changed."""
    changed = False
    for name in COPIED:
        value = getattr(indicator, name)
        if getattr(item, name) != value:
            setattr(item, name, value)
            changed = True
    return changed

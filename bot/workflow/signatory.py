"""How the print names who acted: the appointment an approval was given under (issue 10).

A paraf or a signature must show the person who held the office when they gave it, not the
office's standing data. The signature block, the paraf boxes and the Lembar Kendali therefore
name an approval the same way, from its grant (`Approval.grant`): the name, pangkat and NIP
given with the appointment (the person's own name when none was given), and "Plt."/"Plh."
before the jabatan when the appointment is acting.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot import texts
from bot.workflow import common
from storage.models import Approval, RoleGrant, User


@dataclass(frozen=True)
class Signatory:
    """Who acted, as printed."""

    nama: str
    pangkat: str
    nip: str
    acting: str | None
    """"plt" or "plh" for an acting appointment, None for a regular one."""

    def jabatan(self, label: str) -> str:
        """The jabatan as printed: "Plh. KEPALA DINAS …" when acting, else `label` itself."""
        prefix = texts.PLT_PLH.get(self.acting or "")
        return f"{prefix} {label}" if prefix else label


def appointed(grant: RoleGrant | None, actor: User | None) -> Signatory:
    """Who acted under `grant` (an approval's, a SILAKIP tick's), else `actor` under their own
    name when no appointment was recorded."""
    if grant is None:
        return Signatory(common.nama_of(actor), "", "", None)
    return Signatory(grant.nama or grant.user.nama, grant.pangkat, grant.nip, grant.acting)


def of_grant(approval: Approval) -> Signatory | None:
    """The appointment the approval was given under; None when it records none (given before
    appointments were recorded), so the caller keeps what it printed then."""
    return appointed(approval.grant, None) if approval.grant is not None else None


def acted_by(approval: Approval) -> Signatory:
    """Who gave the approval: its appointment, else the actor under their own name."""
    return appointed(approval.grant, approval.actor)


def dirangkap(approval: Approval) -> str:
    """ "dirangkap (Plh.)" … when the actor also did the step before, else ""."""
    return texts.dirangkap(approval.dirangkap) if approval.dirangkap else ""

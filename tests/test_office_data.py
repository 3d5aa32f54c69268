"""The office's identity as `kinerja-bot init` records it: before init, nothing prints another
office's name or address (the demo Dinas's data lives with the demo only)."""

from __future__ import annotations

from sqlalchemy import delete

from bot import texts
from bot.workflow import files, master
from storage.models import Instansi
from tests.conftest import Office
from tests.workbooks import opened


def _forget_office(office: Office) -> None:
    with office.ctx.unit() as session:
        session.execute(delete(Instansi))


def _printed_text(office: Office, round_id: int) -> list[str]:
    rendered = files.render(office.ctx, {"kind": "rekap", "round_id": round_id})
    assert rendered is not None
    sheet = opened(rendered[1])["Rekap"]
    return [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None]


def test_before_init_the_print_shows_the_gap_not_another_office(office: Office) -> None:
    round_ = office.walk(at_step=7)
    _forget_office(office)
    printed = _printed_text(office, round_.id)
    assert any(texts.INSTANSI_BELUM_DIATUR in line for line in printed)
    for demo in ("Musi Rawas", "Muara Beliti", "Lintas Sumatera", "Kependudukan"):
        assert not [line for line in printed if demo in line], demo


def test_init_with_one_field_leaves_the_others_blank(office: Office) -> None:
    _forget_office(office)
    master.set_office(office.ctx, tempat="Lubuklinggau")
    recorded = master.get_office(office.ctx)
    assert recorded == master.Office(tempat="Lubuklinggau")
    assert recorded.dinas == ""


def test_the_introduction_names_the_office_as_recorded(office: Office) -> None:
    assert master.get_office(office.ctx).dinas == (
        "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Musi Rawas"
    )

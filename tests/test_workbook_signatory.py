"""The print shows who acted (issue 10, part 3): the signature block, the paraf boxes and the
Lembar Kendali name the appointment each approval was given under — its own name, pangkat and
NIP, "Plt."/"Plh." when acting — and mark a step done by the one who did the step before.

The workflow records which grant an approval was given under; here the grants and the
approvals' `grant_id`/`dirangkap` are set in the database directly, so these tests read the
print alone.
"""

from __future__ import annotations

from datetime import timedelta

from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select

from bot import formatting as fmt
from bot.sop import Role
from bot.workflow import approvals, files
from storage import queries
from storage.models import Approval, RoleGrant
from tests.conftest import (
    KASUBAG,
    KEPALA,
    OPERATOR,
    SEKRETARIAT,
    SEKRETARIS,
    WIB,
    Office,
)
from tests.test_workbook_compiled import header_row, paraf_box, rekap, signature_block
from tests.workbooks import opened

JABATAN = "KEPALA DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL"
OFFICE_HEAD = [
    "Muara Beliti, 1 Juli 2026",
    JABATAN,
    "KABUPATEN MUSI RAWAS,",
    "Dr. H. Ahmad Fauzi, S.Sos., M.Si.",
    "Pembina Utama Muda (IV/c)",
    "NIP. 19700101 199503 1 001",
]
"""The signature block from the office's data (`init --kepala-*`), as the fixture sets it."""


def grant_of(office: Office, telegram_id: int, role: Role) -> int:
    """The id of the person's grant of `role` (the one their invite gave them)."""
    with office.ctx.read() as session:
        user = queries.user_by_telegram(session, telegram_id)
        assert user is not None
        return next(g.id for g in user.grants if g.role == role)


def describe(office: Office, grant_id: int, **fields: str | None) -> int:
    """What the grant says beyond the role (acting, surat, nama, pangkat, nip)."""
    with office.ctx.unit() as session:
        grant = session.get(RoleGrant, grant_id)
        assert grant is not None
        for name, value in fields.items():
            setattr(grant, name, value)
    return grant_id


def appoint(office: Office, telegram_id: int, role: Role, acting: str, **fields: str) -> int:
    """An acting grant by letter for 30 days from yesterday, as `kinerja-bot undang --plh`
    makes it; the id of the new grant."""
    now = office.ctx.now()
    with office.ctx.unit() as session:
        user = queries.user_by_telegram(session, telegram_id)
        assert user is not None
        grant = RoleGrant(
            user_id=user.id,
            role=role,
            valid_from=now - timedelta(days=1),
            valid_to=now + timedelta(days=30),
            acting=acting,
            surat="800/123/2026",
            **fields,
        )
        session.add(grant)
        session.flush()
        return grant.id


def acted_under(
    office: Office,
    round_id: int,
    step: int,
    grant_id: int,
    dirangkap: str | None = None,
    bidang: str | None = None,
) -> None:
    """Marks the step's approval in force as given under `grant_id`, as the workflow records it."""
    bidang_id = office.bidang_id(bidang) if bidang else None
    with office.ctx.unit() as session:
        approval = session.scalars(
            select(Approval).where(
                Approval.round_id == round_id,
                Approval.step == step,
                Approval.bidang_id == bidang_id if bidang_id else Approval.bidang_id.is_(None),
                Approval.voided_at.is_(None),
            )
        ).one()
        approval.grant_id = grant_id
        approval.dirangkap = dirangkap


def final(office: Office, round_id: int) -> Workbook:
    rendered = files.render(office.ctx, {"kind": "final", "round_id": round_id})
    assert rendered is not None
    return opened(rendered[1])


def printed(book: Workbook) -> set[object]:
    return {cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row}


def kendali_rows(sheet: Worksheet) -> list[list[object]]:
    return [
        [cell.value for cell in row]
        for row in sheet.iter_rows(min_row=header_row(sheet) + 1)
        if isinstance(row[0].value, int)
    ]


def stamp(office: Office, round_id: int, step: int) -> str:
    with office.ctx.read() as session:
        approval = queries.last_approval(session, round_id, step)
        assert approval is not None
    return f"✓ {fmt.tanggal(approval.at.astimezone(WIB).date())} {fmt.jam(approval.at)}"


def test_signature_prints_the_grant_of_the_kepala_who_signed(office: Office) -> None:
    kepala = describe(
        office,
        grant_of(office, KEPALA, Role.KEPALA),
        nama="Drs. H. Ahmad Yani, M.Si.",
        pangkat="Pembina Utama Madya (IV/d)",
        nip="196801011990031002",
    )
    round_ = office.walk(at_step=10)
    acted_under(office, round_.id, 9, kepala)
    assert signature_block(rekap(office, round_.id)["Rekap"]) == [
        "Muara Beliti, 1 Juli 2026",
        JABATAN,
        "KABUPATEN MUSI RAWAS,",
        "Drs. H. Ahmad Yani, M.Si.",
        "Pembina Utama Madya (IV/d)",
        "NIP. 19680101 199003 1 002",
    ]


def test_a_kepala_invite_is_prefilled_with_the_offices_head(office: Office) -> None:
    round_ = office.walk(at_step=10)
    acted_under(office, round_.id, 9, grant_of(office, KEPALA, Role.KEPALA))
    assert signature_block(rekap(office, round_.id)["Rekap"])[-3:] == [
        "Dr. H. Ahmad Fauzi, S.Sos., M.Si.",
        "Pembina Utama Muda (IV/c)",
        "NIP. 19700101 199503 1 001",
    ]


def test_a_grant_without_a_printed_name_signs_with_the_persons_name(office: Office) -> None:
    round_ = office.walk(at_step=10)
    unnamed = describe(office, grant_of(office, KEPALA, Role.KEPALA), nama="", pangkat="", nip="")
    acted_under(office, round_.id, 9, unnamed)
    book = rekap(office, round_.id)
    # No pangkat given: that line stays blank; no NIP given: dots to fill in by hand.
    assert signature_block(book["Rekap"])[-3:] == [
        "KABUPATEN MUSI RAWAS,",
        "Dr. Ahmad",
        f"NIP. {'.' * 40}",
    ]
    assert "Dr. H. Ahmad Fauzi, S.Sos., M.Si." not in printed(book)


def test_a_plh_kepala_signs_the_final_under_their_own_name_not_the_offices(office: Office) -> None:
    plh = appoint(
        office,
        SEKRETARIS,
        Role.KEPALA,
        "plh",
        nama="Citra Lestari, S.E., M.M.",
        pangkat="Pembina Tingkat I (IV/b)",
        nip="197505052000032003",
    )
    round_ = office.walk(at_step=9)
    office.press(approvals.approve, SEKRETARIS, round_.id)
    acted_under(office, round_.id, 9, plh, dirangkap="plh")
    office.press(approvals.finalise, OPERATOR, round_.id)
    book = final(office, round_.id)
    assert signature_block(book["Rekap"]) == [
        "Muara Beliti, 1 Juli 2026",
        f"Plh. {JABATAN}",
        "KABUPATEN MUSI RAWAS,",
        "Citra Lestari, S.E., M.M.",
        "Pembina Tingkat I (IV/b)",
        "NIP. 19750505 200003 2 003",
    ]
    name = next(
        c
        for row in book["Rekap"].iter_rows()
        for c in row
        if c.value == "Citra Lestari, S.E., M.M."
    )
    assert name.font.u == "single" and name.font.b
    assert not {"Dr. H. Ahmad Fauzi, S.Sos., M.Si.", "NIP. 19700101 199503 1 001"} & printed(book)


def test_an_unsigned_round_prints_the_offices_head(office: Office) -> None:
    describe(office, grant_of(office, KEPALA, Role.KEPALA), nama="Drs. H. Ahmad Yani, M.Si.")
    appoint(office, SEKRETARIS, Role.KEPALA, "plh", nama="Citra Lestari, S.E., M.M.")
    sekretaris = describe(office, grant_of(office, SEKRETARIS, Role.SEKRETARIS), nama="Citra")
    round_ = office.walk(at_step=9)
    acted_under(office, round_.id, 8, sekretaris)
    assert signature_block(rekap(office, round_.id)["Rekap"]) == OFFICE_HEAD


def test_paraf_boxes_print_the_grants_name_and_plt(office: Office) -> None:
    plt = describe(
        office,
        grant_of(office, SEKRETARIS, Role.SEKRETARIS),
        acting="plt",
        surat="800/045/2026",
        nama="Citra Ayu, S.H.",
    )
    round_ = office.walk(at_step=9)
    acted_under(office, round_.id, 7, grant_of(office, KASUBAG, Role.KASUBAG))
    acted_under(office, round_.id, 8, plt)
    assert paraf_box(rekap(office, round_.id)["Rekap"]) == {
        "Kasubag PKA": ("Budi", stamp(office, round_.id, 7)),
        "Plt. Sekretaris": ("Citra Ayu, S.H.", stamp(office, round_.id, 8)),
    }


def test_lembar_kendali_names_who_acted_and_marks_a_step_dirangkap(office: Office) -> None:
    plh = appoint(office, SEKRETARIS, Role.KEPALA, "plh", nama="Citra Lestari, S.E., M.M.")
    round_ = office.walk(at_step=9)
    office.press(approvals.approve, SEKRETARIS, round_.id)
    acted_under(office, round_.id, 9, plh, dirangkap="plh")
    operator = grant_of(office, OPERATOR, Role.OPERATOR)
    acted_under(office, round_.id, 5, operator, dirangkap="tunggal", bidang=SEKRETARIAT)
    sheet = rekap(office, round_.id)["Lembar Kendali"]
    rows = kendali_rows(sheet)
    ninth = next(r for r in rows if r[0] == 9)
    assert ninth[2] == "Plh. Kepala Dinas"
    assert ninth[4] == "Citra Lestari, S.E., M.M."
    assert ninth[10] == "Tepat waktu, dirangkap (Plh.)"
    fifth = {r[3]: r for r in rows if r[0] == 5}
    assert fifth[SEKRETARIAT][2] == "Operator Subbag Perencanaan"
    assert fifth[SEKRETARIAT][4] == "Andi"
    assert fifth[SEKRETARIAT][10].endswith(", dirangkap (tidak ada pemegang lain)")
    marked = [(r[0], r[3]) for r in rows if "dirangkap" in str(r[10])]
    assert marked == [(5, SEKRETARIAT), (9, None)]
    notes = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert any(note.startswith("Dirangkap:") for note in notes)

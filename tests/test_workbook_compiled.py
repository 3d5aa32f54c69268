"""The compiled workbook read back cell by cell: the figures, the document around them (kop,
DRAFT, paraf, signature, print setup), the final copy kept once, and who may download what."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import timedelta
from decimal import Decimal

import pytest
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select

from bot import capaian as rules
from bot import formatting as fmt
from bot.clock import FixedClock
from bot.documents.workbook.compiled import SIGNATURE
from bot.documents.workbook.layout import sheet_title
from bot.emulator.samples import pdf, png
from bot.errors import NotAllowed, NotFound, NotRegistered
from bot.sop import Role
from bot.workflow import approvals, bukti, files, filling, upload, verification
from bot.workflow.views import fill_items
from storage.models import Document, Indicator, StepDeadline
from tests.conftest import (
    CAPIL,
    DAFDUK,
    KABID_CAPIL,
    KABID_DAFDUK,
    KABID_SEKRETARIAT,
    KASUBAG,
    KEPALA,
    OPERATOR,
    PERENCANA,
    SEKRETARIAT,
    SEKRETARIS,
    WIB,
    Office,
    distributed_round,
)
from tests.workbooks import fill, format_file, opened

PERCENT_COLUMNS = ("H", "L", "M")
REPORT = pdf("Laporan perekaman KTP-el Juni 2026")
SNAP = png(8, 6)
DASH = "–"

TYPED = {
    SEKRETARIAT: ({1: "70,2", 2: 24}, KABID_SEKRETARIAT),
    DAFDUK: ({1: "85,5", 2: "6,5", 3: 4}, KABID_DAFDUK),
    CAPIL: ({1: 1100, 2: 60}, KABID_CAPIL),
}
"""Values each Kabid uploads; DESIGN §5's worked examples are among them (85,5 of 90 …)."""

SHOWN = {
    # bidang, no: capaian TW, kategori, target s.d., realisasi s.d., capaian s.d., tahunan
    (SEKRETARIAT, 1): ("97.50", "Sangat Tinggi", "72", "70.2", "97.50", "93.60"),
    (SEKRETARIAT, 2): ("96.00", "Sangat Tinggi", "45", "45", "100.00", "45.00"),
    (DAFDUK, 1): ("90.00", "Tinggi", "95", "85.5", "90.00", "85.50"),
    (DAFDUK, 2): ("107.14", "Sangat Tinggi", "7", DASH, DASH, DASH),
    (DAFDUK, 3): ("125.00", "Sangat Tinggi", "5", "4", "125.00", "100.00"),
    (CAPIL, 1): ("91.67", "Sangat Tinggi", "2200", DASH, DASH, DASH),
    (CAPIL, 2): ("75.00", "Sedang", "80", "60", "75.00", "66.67"),
}
"""Worked out by hand. Realisasi anggaran is kumulatif: TW I 21 (imported history) + 24 against
20 + 25; waktu KK is rata-rata with no TW I realisation anywhere, so only its target to date
is known."""


def at_step_6(office: Office) -> int:
    """A round whose Kabid uploaded TYPED, sent, and had every bidang verified."""
    round_ = office.walk(at_step=4)
    uploaded_and_verified(office, round_.id)
    return round_.id


def uploaded_and_verified(
    office: Office,
    round_id: int,
    analisis: Mapping[str, Mapping[int, tuple[str, str, str]]] | None = None,
) -> None:
    """Each Kabid uploads TYPED (and `analisis` by bidang), sends, and the operator verifies."""
    for bidang, (values, kabid) in TYPED.items():
        submission = office.submission(round_id, bidang)
        given = (analisis or {}).get(bidang)
        content = fill(format_file(office.ctx, submission.id), values, analisis=given)
        upload.apply_upload(office.ctx, actor=kabid, content=content, filename="f.xlsx")
        sent = filling.send(
            office.ctx,
            actor=kabid,
            submission_id=submission.id,
            expected_version=submission.version,
        )
        verification.verify(
            office.ctx, actor=OPERATOR, submission_id=sent.id, expected_version=sent.version
        )


def rekap(office: Office, round_id: int) -> Workbook:
    rendered = files.render(office.ctx, {"kind": "rekap", "round_id": round_id})
    assert rendered is not None
    return opened(rendered[1])


def header_row(sheet: Worksheet) -> int:
    return next(row for row in range(1, 30) if sheet.cell(row, 1).value in ("No", "Langkah"))


def table(sheet: Worksheet) -> dict[tuple[str, int], list[object]]:
    """Indicator rows by (bidang heading, no.); the bidang sheet's rows under "" ."""
    rows: dict[tuple[str, int], list[object]] = {}
    heading = ""
    for row in sheet.iter_rows(min_row=header_row(sheet) + 1):
        first = row[0].value
        if isinstance(first, str) and first not in ("Catatan:",):
            if first.startswith("Rekapitulasi"):
                break
            heading = first
        elif isinstance(first, int):
            rows[(heading, first)] = list(row)
        elif first is None and rows and row[1].value is None:
            break
    return rows


def grafik_capaian(grafik: Worksheet) -> list[object]:
    """The Grafik sheet's capaian column, one value per numbered indicator row."""
    return [
        grafik.cell(row, 3).value
        for row in range(1, grafik.max_row + 1)
        if isinstance(grafik.cell(row, 1).value, int)
    ]


def shown_percent(cell: object) -> str:
    value = cell.value  # type: ignore[attr-defined]
    if value == DASH:
        return DASH
    assert isinstance(value, int | float), f"{cell} holds {value!r}, not a number"
    assert "%" in cell.number_format  # type: ignore[attr-defined]
    return str((Decimal(str(value)) * 100).quantize(Decimal("0.01")))


def shown_number(cell: object) -> str:
    value = cell.value  # type: ignore[attr-defined]
    return DASH if value == DASH else format(Decimal(str(value)).normalize(), "f")


def test_rekap_reads_back_cell_by_cell_against_the_database(office: Office) -> None:
    round_id = at_step_6(office)
    sheet = rekap(office, round_id)["Rekap"]
    rows = table(sheet)
    assert set(rows) == set(SHOWN)
    with office.ctx.read() as session:
        for bidang in (SEKRETARIAT, DAFDUK, CAPIL):
            submission = office.submission(round_id, bidang)
            for item in fill_items(session, office.ctx, submission):
                cells = rows[(bidang, item.nomor)]
                indicator = session.get(Indicator, item.indicator_id)
                assert indicator is not None
                assert [c.value for c in cells[1:4]] == [item.sasaran, item.nama, item.satuan]
                assert Decimal(str(cells[4].value)) == indicator.target_tahunan
                assert Decimal(str(cells[5].value)) == item.target
                assert Decimal(str(cells[6].value)) == item.value
                pct = rules.capaian(item.target, item.value, item.arah, item.rumus)  # type: ignore[arg-type]
                assert pct is not None
                assert Decimal(str(cells[7].value)) == rules.bulatkan(pct) / 100
                assert cells[8].value == rules.kategori(pct)
                shown = (
                    shown_percent(cells[7]),
                    cells[8].value,
                    shown_number(cells[9]),
                    shown_number(cells[10]),
                    shown_percent(cells[11]),
                    shown_percent(cells[12]),
                )
                assert shown == SHOWN[(bidang, item.nomor)], (bidang, item.nomor)
                assert cells[13].value in (None, item.keterangan)


def test_each_bidang_sheet_repeats_its_rows_of_the_rekap(office: Office) -> None:
    round_id = at_step_6(office)
    book = rekap(office, round_id)
    assert book.sheetnames == [
        "Rekap",
        SEKRETARIAT,
        "Pelayanan Pendaftaran Penduduk",
        "Pelayanan Pencatatan Sipil",
        "Grafik",
        "Tren",
        "Lembar Kendali",
        "Bukti Dukung",
    ]
    everything = table(book["Rekap"])
    for title, bidang in (
        (SEKRETARIAT, SEKRETARIAT),
        ("Pelayanan Pendaftaran Penduduk", DAFDUK),
        ("Pelayanan Pencatatan Sipil", CAPIL),
    ):
        sheet = book[title]
        assert sheet["A6"].value == bidang.upper()
        own = table(sheet)
        assert {no for _, no in own} == {no for b, no in everything if b == bidang}
        for (_, no), cells in own.items():
            assert [c.value for c in cells] == [c.value for c in everything[(bidang, no)]]


def test_percentages_are_numbers_under_a_percent_format(office: Office) -> None:
    round_id = at_step_6(office)
    rows = table(rekap(office, round_id)["Rekap"])
    assert set(rows) == set(SHOWN), "every indicator row, so the loop below checks something"
    for cells in rows.values():
        for cell in (cells[7], cells[11], cells[12]):
            assert cell.column_letter in PERCENT_COLUMNS
            if cell.value != DASH:
                assert isinstance(cell.value, float | int)
                assert cell.number_format == "0.00%"
            assert cell.alignment.horizontal == "right"


def test_categories_are_coloured_and_figures_explained_in_footnotes(office: Office) -> None:
    round_id = at_step_6(office)
    sheet = rekap(office, round_id)["Rekap"]
    rows = table(sheet)
    assert rows[(DAFDUK, 1)][8].fill.fgColor.rgb.endswith("C6EFCE")
    assert rows[(CAPIL, 2)][8].fill.fgColor.rgb.endswith("FFEB9C")
    notes = [
        sheet.cell(row, 1).value
        for row in range(1, sheet.max_row + 1)
        if str(sheet.cell(row, 1).value).startswith(DAFDUK + ", no.")
    ]
    assert notes == [
        f"{DAFDUK}, no. 2: realisasi TW I tidak tersedia (tidak ada putaran TW I dan tidak ada "
        "riwayat di master indikator) (ditulis «–»)."
    ]


def test_a_blank_realisation_is_never_a_zero(office: Office) -> None:
    round_ = office.walk(at_step=4)
    sheet = rekap(office, round_.id)["Rekap"]
    cells = table(sheet)[(DAFDUK, 1)]
    assert cells[6].value == "belum diisi"
    assert [cells[i].value for i in (7, 8, 10, 11, 12)] == [DASH] * 5
    assert grafik_capaian(rekap(office, round_.id)["Grafik"]) == [None] * 7, (
        "a chart must not plot a blank as 0 %"
    )


def test_draft_says_so_on_every_sheet_until_the_round_is_final(office: Office) -> None:
    round_ = office.walk(at_step=10)
    book = rekap(office, round_.id)
    for sheet in book.worksheets:
        assert sheet.oddHeader.center.text == "DRAFT", sheet.title
    assert book["Rekap"]["A7"].value.startswith("DRAFT — belum final; posisi langkah 10")
    approvals.finalise(
        office.ctx, actor=OPERATOR, round_id=round_.id, expected_version=round_.version
    )
    final = rekap(office, round_.id)
    assert "SILAKIP" in final.sheetnames
    for sheet in final.worksheets:
        assert not sheet.oddHeader.center.text, sheet.title
    assert final["Rekap"]["A7"].value.startswith("FINAL — difinalkan")


def test_final_workbook_is_stored_once_and_never_rebuilt(office: Office) -> None:
    round_ = office.walk(at_step=11)
    with office.ctx.read() as session:
        stored = list(session.scalars(select(Document).where(Document.round_id == round_.id)))
    assert [(d.kind, d.filename) for d in stored] == [("final", "data-kinerja-tw2-2026-final.xlsx")]
    assert stored[0].sha256 == hashlib.sha256(stored[0].content).hexdigest()
    office.clock.advance(days=3)
    first = files.render(office.ctx, {"kind": "final", "round_id": round_.id})
    again = files.render(office.ctx, {"kind": "final", "round_id": round_.id})
    downloaded = files.compiled_for(office.ctx, actor=PERENCANA, tahun=2026, triwulan=2)
    assert first == again == downloaded == (stored[0].filename, stored[0].content)
    with office.ctx.read() as session:
        assert len(list(session.scalars(select(Document)))) == 1


def test_no_final_workbook_while_the_round_is_open(office: Office) -> None:
    round_ = office.walk(at_step=9)
    assert files.render(office.ctx, {"kind": "final", "round_id": round_.id}) is None
    with office.ctx.read() as session:
        assert list(session.scalars(select(Document))) == []


def paraf_box(sheet: Worksheet) -> dict[str, tuple[object, object]]:
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 2).value == "Jabatan")
    return {
        sheet.cell(r, 2).value: (sheet.cell(r, 3).value, sheet.cell(r, 4).value)
        for r in (row + 1, row + 2)
    }


def test_paraf_boxes_are_empty_until_someone_initials(office: Office) -> None:
    round_ = office.walk(at_step=7)
    assert paraf_box(rekap(office, round_.id)["Rekap"]) == {
        "Kasubag PKA": (None, None),
        "Sekretaris": (None, None),
    }


def test_paraf_boxes_fill_and_empty_again_after_a_return(office: Office) -> None:
    round_ = office.walk(at_step=8)
    with office.ctx.read() as session:
        from storage import queries

        paraf = queries.last_approval(session, round_.id, 7)
        assert paraf is not None
    stamp = f"✓ {fmt.tanggal(paraf.at.astimezone(WIB).date())} {fmt.jam(paraf.at)}"
    assert paraf_box(rekap(office, round_.id)["Rekap"]) == {
        "Kasubag PKA": ("Budi", stamp),
        "Sekretaris": (None, None),
    }
    approvals.return_round(
        office.ctx,
        actor=SEKRETARIS,
        round_id=round_.id,
        expected_version=round_.version,
        reason="Keterangan capaian rendah belum lengkap",
    )
    assert paraf_box(rekap(office, round_.id)["Rekap"]) == {
        "Kasubag PKA": (None, None),
        "Sekretaris": (None, None),
    }


def signature_block(sheet: Worksheet) -> list[object]:
    """The signature block's printed lines: place and date, jabatan, kabupaten, name, pangkat,
    NIP (the blank lines left for the signature skipped)."""
    block = [
        sheet.cell(row, SIGNATURE.ttd[0]).value
        for row in range(1, sheet.max_row + 1)
        if sheet.cell(row, SIGNATURE.ttd[0]).value and sheet.cell(row, 1).value is None
    ]
    return block[-6:]


def test_signature_block_names_the_head_with_grouped_nip(office: Office) -> None:
    round_ = office.walk(at_step=7)
    sheet = rekap(office, round_.id)["Rekap"]
    assert signature_block(sheet) == [
        "Muara Beliti, 1 Juli 2026",
        "KEPALA DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL",
        "KABUPATEN MUSI RAWAS,",
        "Dr. H. Ahmad Fauzi, S.Sos., M.Si.",
        "Pembina Utama Muda (IV/c)",
        "NIP. 19700101 199503 1 001",
    ]
    name = next(
        sheet.cell(row, SIGNATURE.ttd[0])
        for row in range(1, sheet.max_row + 1)
        if sheet.cell(row, SIGNATURE.ttd[0]).value == "Dr. H. Ahmad Fauzi, S.Sos., M.Si."
    )
    assert name.font.u == "single" and name.font.b


def test_kop_titles_headings_and_boxes_span_the_table_as_merged_cells(office: Office) -> None:
    """What a reader sees as one wide line is one merged range in the file, its covered cells
    empty, and a boxed heading keeps its border to the last column."""
    round_ = office.walk(at_step=7)
    sheet = rekap(office, round_.id)["Rekap"]
    header = header_row(sheet)
    width = max(c for c in range(1, sheet.max_column + 1) if sheet.cell(header, c).value)
    last = get_column_letter(width)
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {f"A{row}:{last}{row}" for row in (1, 2, 3, 5)} <= merged, "kop and title span it"
    heading = header + 1
    assert sheet.cell(heading, 1).value == "Sekretariat"
    assert f"A{heading}:{last}{heading}" in merged
    covered = [sheet.cell(heading, column) for column in range(2, width + 1)]
    assert [cell.value for cell in covered] == [None] * (width - 1)
    assert all(cell.border.top.style == "thin" for cell in covered), "boxed to the last column"
    summary = next(r for r in range(heading, sheet.max_row) if sheet.cell(r, 2).value == "Bidang")
    assert f"B{summary}:C{summary}" in merged, "the summary's Bidang spans two columns"
    block = [r for r in sheet.merged_cells.ranges if r.max_col == width and r.min_col > 3]
    assert len(block) >= 10, "the signature block's lines each span their columns"


def test_every_sheet_prints_on_a4_landscape_fit_to_width(office: Office) -> None:
    round_ = office.walk(at_step=11)
    book = rekap(office, round_.id)
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert (setup.paperSize, setup.orientation) == (9, "landscape"), sheet.title
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows
        assert sheet.oddFooter.right.text == "Halaman &P dari &N"
    rekap_sheet = book["Rekap"]
    assert rekap_sheet.print_title_rows == f"${header_row(rekap_sheet)}:${header_row(rekap_sheet)}"
    assert rekap_sheet["A1"].value == "PEMERINTAH KABUPATEN MUSI RAWAS"
    assert rekap_sheet["A5"].value == "DATA KINERJA TRIWULAN II TAHUN 2026"
    assert rekap_sheet.freeze_panes == f"A{header_row(rekap_sheet) + 1}"


def test_lembar_kendali_lists_every_step_with_who_when_and_lateness(office: Office) -> None:
    round_ = office.walk(at_step=7)
    office.clock.advance(hours=2)
    approvals.approve(
        office.ctx, actor=KASUBAG, round_id=round_.id, expected_version=round_.version
    )
    sheet = rekap(office, round_.id)["Lembar Kendali"]
    rows = [
        [cell.value for cell in row]
        for row in sheet.iter_rows(min_row=header_row(sheet) + 1)
        if isinstance(row[0].value, int)
    ]
    assert [r[0] for r in rows] == [1, 2, 3, 4, 4, 4, 5, 5, 5, 6, 7, 8, 9, 10, 11]
    first = rows[0]
    assert first[1:5] == [
        "Membuat draft format data kinerja",
        "Operator Subbag Perencanaan",
        None,
        "Andi",
    ]
    assert first[8] == "2 hari kerja" and first[10] == "Tepat waktu"
    assert {r[3] for r in rows if r[0] == 4} == {SEKRETARIAT, DAFDUK, CAPIL}
    with office.ctx.read() as session:
        paraf = session.scalars(
            select(StepDeadline).where(StepDeadline.round_id == round_.id, StepDeadline.step == 7)
        ).one()
        late = office.ctx.calendar.working_minutes_between(paraf.due_at, paraf.done_at)
    seventh = next(r for r in rows if r[0] == 7)
    assert seventh[4] == "Budi"
    assert seventh[10] == f"Terlambat {fmt.durasi_kerja(late)}"
    assert late > 100
    assert next(r for r in rows if r[0] == 8)[10] == "berjalan"
    assert [r[10] for r in rows if r[0] in (9, 10, 11)] == ["belum dimulai"] * 3


def test_earlier_rounds_feed_the_figures_to_date_and_the_trend(office: Office) -> None:
    first = distributed_round(office.ctx, 2026, 1)
    submission = office.submission(first.id, SEKRETARIAT)
    content = fill(format_file(office.ctx, submission.id), {1: 69, 2: 22})
    upload.apply_upload(office.ctx, actor=KABID_SEKRETARIAT, content=content, filename="tw1.xlsx")
    second = office.walk(at_step=6)
    book = rekap(office, second.id)
    anggaran = table(book["Rekap"])[(SEKRETARIAT, 2)]
    assert shown_number(anggaran[10]) == "117", "TW I from its round (22), not the import (21)"
    tren = book["Tren"]
    tren_rows = {
        (row[1].value, row[0].value): row
        for row in tren.iter_rows(min_row=header_row(tren) + 1)
        if isinstance(row[0].value, int)
    }
    sakip = tren_rows[("Nilai SAKIP", 1)]
    assert [c.value for c in sakip[3:9]] == [
        70,
        69,
        pytest.approx(0.9857),
        72,
        95,
        pytest.approx(1.3194),
    ]
    assert not sakip[4].font.i
    captured = tren_rows[("Cakupan kepemilikan akta kelahiran anak", 2)]
    assert [c.value for c in captured[3:6]] == [DASH, DASH, DASH]


def test_imported_history_is_marked_in_the_trend(office: Office) -> None:
    round_id = at_step_6(office)
    tren = rekap(office, round_id)["Tren"]
    row = next(r for r in tren.iter_rows() if r[1].value == "Persentase realisasi anggaran")
    assert row[4].value == 21 and row[4].font.i
    assert any(str(c.value).startswith("Angka miring: realisasi dari riwayat") for c in tren["A"])


def test_charts_show_capaian_per_indicator_of_each_bidang(office: Office) -> None:
    round_id = at_step_6(office)
    grafik = rekap(office, round_id)["Grafik"]
    assert len(grafik._charts) == 3
    assert grafik_capaian(grafik) == pytest.approx([0.975, 0.96, 0.90, 1.0714, 1.25, 0.9167, 0.75])


def test_every_chart_reads_capaian_from_zero(office: Office) -> None:
    """An axis starting at 94 % draws 99 % as half of 107 %."""
    book = rekap(office, at_step_6(office))
    charts = [chart for title in ("Grafik", "Tren") for chart in book[title]._charts]
    assert len(charts) >= 4
    assert [chart.y_axis.scaling.min for chart in charts] == [0] * len(charts)


WHO: Mapping[int, set[str]] = {
    OPERATOR: {SEKRETARIAT, DAFDUK, CAPIL},
    KASUBAG: {SEKRETARIAT, DAFDUK, CAPIL},
    SEKRETARIS: {SEKRETARIAT, DAFDUK, CAPIL},
    KEPALA: {SEKRETARIAT, DAFDUK, CAPIL},
    PERENCANA: {SEKRETARIAT, DAFDUK, CAPIL},
    KABID_CAPIL: {CAPIL},
}


@pytest.mark.parametrize("actor", list(WHO))
def test_unduh_gives_every_bidang_to_planners_and_a_kabid_their_own(
    office: Office, actor: int
) -> None:
    office.walk(at_step=7)
    name, content = files.compiled_for(office.ctx, actor=actor, tahun=2026, triwulan=2)
    book = opened(content)
    assert {bidang for bidang, _ in table(book["Rekap"])} == WHO[actor]
    kendali = book["Lembar Kendali"]
    filled_by = {row[3].value for row in kendali.iter_rows() if row[0].value == 4 and row[3].value}
    assert filled_by == WHO[actor]
    if actor == KABID_CAPIL:
        assert name == "data-kinerja-tw2-2026-bidang-pelayanan-pencatatan-sipil-DRAFT.xlsx"
        assert book["Rekap"]["A6"].value == "REKAPITULASI BIDANG PELAYANAN PENCATATAN SIPIL"
    else:
        assert name == "data-kinerja-tw2-2026-DRAFT.xlsx"


def test_unduh_refuses_strangers_lapsed_roles_and_unknown_rounds(office: Office) -> None:
    from bot.workflow import registration

    office.walk(at_step=7)
    with pytest.raises(NotRegistered):
        files.compiled_for(office.ctx, actor=9999, tahun=2026, triwulan=2)
    invite = registration.create_invite(
        office.ctx,
        actor=None,
        role=Role.PERENCANA,
        valid_to=office.clock.now() + timedelta(hours=1),
    )
    registration.redeem_invite(
        office.ctx, telegram_id=4242, nama="Plh. Perencana", code=invite.code
    )
    office.clock.advance(hours=2)
    with pytest.raises(NotAllowed, match="hanya untuk operator"):
        files.compiled_for(office.ctx, actor=4242, tahun=2026, triwulan=2)
    with pytest.raises(NotFound, match="Triwulan III 2026 belum dibuka"):
        files.compiled_for(office.ctx, actor=OPERATOR, tahun=2026, triwulan=3)


def test_silakip_export_has_one_row_per_indicator_as_xlsx_and_csv(office: Office) -> None:
    round_ = office.walk(at_step=11)
    spec = {"kind": "silakip", "round_id": round_.id}
    rendered = files.render(office.ctx, spec)
    assert rendered is not None and rendered[0] == "silakip-tw2-2026.xlsx"
    sheet = opened(rendered[1])["SILAKIP"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == [
        "No",
        "Bidang",
        "Sasaran",
        "Indikator Kinerja",
        "Satuan",
        "Target TW II",
        "Realisasi TW II",
        "Capaian (%)",
        "Keterangan",
        "Faktor penghambat",
        "Upaya / tindak lanjut",
        "Faktor pendorong",
    ]
    assert len(rows) == 1 + 7
    assert rows[3][:8] == [
        1,
        DAFDUK,
        "Meningkatnya kualitas pelayanan administrasi kependudukan",
        "Persentase penduduk wajib KTP-el yang telah merekam",
        "%",
        95,
        95,
        1,
    ]
    csv_file = files.render(office.ctx, {**spec, "format": "csv"})
    assert csv_file is not None and csv_file[0] == "silakip-tw2-2026.csv"
    assert csv_file[1].startswith(b"\xef\xbb\xbf")
    lines = csv_file[1].decode("utf-8-sig").splitlines()
    assert lines[0].startswith("No;Bidang;Sasaran;Indikator Kinerja;Satuan;Target TW II")
    assert lines[4].endswith(";hari;7;95;0,00;Sesuai kondisi lapangan;;;")
    final = files.render(office.ctx, {"kind": "final", "round_id": round_.id})
    assert final is not None
    in_final = opened(final[1])["SILAKIP"]
    assert [[c.value for c in row] for row in in_final.iter_rows()] == rows


def test_render_gives_nothing_for_what_does_not_exist(office: Office) -> None:
    assert files.render(office.ctx, {"kind": "sertifikat", "round_id": 1}) is None
    assert files.render(office.ctx, {"kind": "format", "submission_id": 404}) is None
    assert files.render(office.ctx, {"kind": "rekap", "round_id": 404}) is None
    assert files.render(office.ctx, {"kind": "final", "round_id": 404}) is None


def test_rekap_before_distribution_shows_targets_only(office: Office) -> None:
    round_ = office.walk(at_step=2)
    rows = table(rekap(office, round_.id)["Rekap"])
    assert len(rows) == 7
    assert all(cells[6].value == "belum diisi" for cells in rows.values())


def test_sheet_names_fit_excel_and_stay_unique() -> None:
    taken = {"Rekap"}
    names = [
        sheet_title(nama, taken)
        for nama in (
            "Bidang Pengelolaan Informasi Administrasi Kependudukan",
            "Bidang Pengelolaan Informasi Administrasi Lainnya",
            "Bidang Perencanaan: Data/Evaluasi",
            "rekap",
        )
    ]
    assert names == [
        "Pengelolaan Informasi",
        "Pengelolaan Informasi (2)",
        "Perencanaan Data Evaluasi",
        "rekap (2)",
    ]
    assert all(len(name) <= 31 for name in names)


ANALYSED = {
    DAFDUK: {
        1: ("Server SIAK gangguan 3 minggu", "Perekaman keliling di 21 kecamatan", ""),
        3: ("", "", "Pengaduan daring lewat WhatsApp"),
    }
}


def evidenced_final(office: Office, clock: FixedClock) -> tuple[int, list[bukti.Attached]]:
    """A round taken to its final with a PDF on Dafduk's KTP-el indicator, a photo on its KK
    one three minutes later (both sent by Sari before her upload), and ANALYSED."""
    round_ = office.walk(at_step=4)
    submission = office.submission(round_.id, DAFDUK)
    ktp, kk, _ = office.items(submission)
    kept = []
    for item, content, name in ((ktp, REPORT, "laporan-ktp.pdf"), (kk, SNAP, None)):
        kept.append(office.attach(KABID_DAFDUK, submission, item.indicator_id, content, name))
        clock.advance(minutes=3)
    uploaded_and_verified(office, round_.id, ANALYSED)
    office.advance(round_.id, 11, after=6)
    return round_.id, kept


def test_the_final_workbook_lists_the_evidence_with_who_when_and_hash(
    office: Office, clock: FixedClock
) -> None:
    """Issue 14: the "Bukti Dukung" sheet, by bidang, one row a file."""
    round_id, kept = evidenced_final(office, clock)
    final = files.render(office.ctx, {"kind": "final", "round_id": round_id})
    assert final is not None
    sheet = opened(final[1])["Bukti Dukung"]
    top = header_row(sheet)
    assert [c.value for c in sheet[top]] == [
        "No",
        "Indikator",
        "Triwulan",
        "Nama berkas",
        "Diunggah oleh",
        "Waktu",
        "SHA-256",
    ]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=top + 1, max_row=top + 3)]
    tz = office.ctx.settings.zona_waktu
    report, snap = (hashlib.sha256(content).hexdigest() for content in (REPORT, SNAP))
    sent = (
        (1, "Persentase penduduk wajib KTP-el yang telah merekam", "laporan-ktp.pdf", report),
        (2, "Rata-rata waktu penerbitan KK", "foto-7.png", snap),
    )
    assert rows == [
        [DAFDUK, *[None] * 6],
        *(
            [no, nama, "TW II", name, "Sari", fmt.stempel_cetak(file.file.uploaded_at, tz), sha]
            for (no, nama, name, sha), file in zip(sent, kept, strict=True)
        ),
    ]
    assert kept[1].file.uploaded_at - kept[0].file.uploaded_at == timedelta(minutes=3)
    assert sheet.cell(top + 4, 1).value is None, "no other bidang sent any"


def test_the_analysis_is_printed_beside_each_indicator_and_in_the_silakip_export(
    office: Office, clock: FixedClock
) -> None:
    round_id, _ = evidenced_final(office, clock)
    final = files.render(office.ctx, {"kind": "final", "round_id": round_id})
    assert final is not None
    book = opened(final[1])
    rekap_sheet, own = book["Rekap"], book["Pelayanan Pendaftaran Penduduk"]
    assert [c.value for c in rekap_sheet[header_row(rekap_sheet)]][-4:] == [
        "Keterangan",
        "Faktor penghambat",
        "Upaya / tindak lanjut",
        "Faktor pendorong",
    ]
    for sheet, heading in ((rekap_sheet, DAFDUK), (own, "")):
        rows = table(sheet)
        for nomor, (penghambat, upaya, pendorong) in ANALYSED[DAFDUK].items():
            shown = [c.value for c in rows[(heading, nomor)][-3:]]
            assert shown == [penghambat or None, upaya or None, pendorong or None], sheet.title
        assert [c.value for c in rows[(heading, 2)][-3:]] == [None, None, None]
    silakip = [[c.value for c in row] for row in book["SILAKIP"].iter_rows()]
    by_name = {row[3]: row[-3:] for row in silakip[1:]}
    assert by_name["Persentase penduduk wajib KTP-el yang telah merekam"] == [
        "Server SIAK gangguan 3 minggu",
        "Perekaman keliling di 21 kecamatan",
        None,
    ]
    assert by_name["Persentase keluhan layanan"] == [None, None, "Pengaduan daring lewat WhatsApp"]
    csv_file = files.render(office.ctx, {"kind": "silakip", "round_id": round_id, "format": "csv"})
    assert csv_file is not None
    lines = {line.split(";")[3]: line for line in csv_file[1].decode("utf-8-sig").splitlines()}
    assert lines["Persentase penduduk wajib KTP-el yang telah merekam"].endswith(
        ";Server SIAK gangguan 3 minggu;Perekaman keliling di 21 kecamatan;"
    )
    assert lines["Persentase keluhan layanan"].endswith(";;;Pengaduan daring lewat WhatsApp")

"""The year's workbook read back cell by cell (issue 14 part 5): TW I–IV side by side, the
annual figures by sifat, a quarter without a round read from the master's history, every
quarter's keterangan, the evidence list, DRAFT until the year is final, the signature once TW IV
is signed, and a Kabid who sees only their own bidang."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from bot import texts
from bot.emulator.samples import pdf
from bot.errors import NotAllowed, NotFound, NotRegistered
from bot.sop import Role
from bot.workflow import files, filling, master, registration
from tests.conftest import (
    CAPIL,
    DAFDUK,
    KABID_CAPIL,
    KABID_DAFDUK,
    KASUBAG,
    KEPALA,
    OPERATOR,
    PERENCANA,
    SEKRETARIAT,
    SEKRETARIS,
    SMALL_MASTER,
    Office,
)
from tests.workbooks import opened

DASH = "–"
SHEETS = ["Data Tahunan", "Keterangan", "Bukti Dukung"]
HISTORY = {
    "Nilai SAKIP": "68",
    "Persentase realisasi anggaran": "21",
    "Rata-rata waktu penerbitan KK": "8",
    "Persentase keluhan layanan": "6",
    "Jumlah akta kelahiran yang diterbitkan": "900",
}
"""TW I as the master brings it: no round of TW I was run in the bot. KTP-el has no history,
and the akta cakupan is not measured in TW I."""
VALUES = {2: "80", 3: "90", 4: "100"}
"""What every Kabid answers in TW II, III and IV."""

YEAR = {
    # (bidang, no.): TW I target, realisasi, capaian; realisasi tahunan, capaian, kategori
    (SEKRETARIAT, 1): (("70", "68", "97.14"), ("100", "133.33", "Sangat Tinggi")),
    (SEKRETARIAT, 2): (("20", "21", "105.00"), ("291", "291.00", "Sangat Tinggi")),
    (DAFDUK, 1): (("90", DASH, DASH), ("100", "100.00", "Sangat Tinggi")),
    (DAFDUK, 2): (("7", "8", "85.71"), ("69.5", "0.00", "Sangat Rendah")),
    (DAFDUK, 3): (("5", "6", "83.33"), ("100", "4.00", "Sangat Rendah")),
    (CAPIL, 1): (("1000", "900", "90.00"), ("1170", "23.40", "Sangat Rendah")),
    (CAPIL, 2): ((DASH, DASH, DASH), ("100", "111.11", "Sangat Tinggi")),
}
"""Worked out by hand. Nilai SAKIP, KTP-el, keluhan and cakupan are akhir (TW IV against the
annual target); anggaran and akta are kumulatif (21 + 80 + 90 + 100; 900 + 80 + 90 + 100);
waktu KK is rata-rata ((8 + 80 + 90 + 100) / 4 = 69,5 days against 6: selisih, floored at 0)."""


def with_history(office: Office) -> None:
    """The master re-imported with the realisations of TW I before the bot was used."""
    rows = [
        replace(row, realisasi_tw=(Decimal(HISTORY[row.indikator]), None, None, None))
        if row.indikator in HISTORY
        else row
        for row in SMALL_MASTER
    ]
    master.load_indicators(office.ctx, rows, 2026)


def whole_year(office: Office) -> None:
    """TW I from the master's history; TW II, III and IV run to the end and signed."""
    with_history(office)
    for triwulan, value in VALUES.items():
        office.walk(at_step=11, triwulan=triwulan, value=value)


def year_book(office: Office, actor: int | None = None) -> tuple[str, Workbook]:
    name, content = files.yearly_for(office.ctx, actor=actor, tahun=2026)
    return name, opened(content)


def header_row(sheet: Worksheet) -> int:
    return next(row for row in range(1, 30) if sheet.cell(row, 1).value == "No")


def headers(sheet: Worksheet) -> list[object]:
    return [cell.value for cell in sheet[header_row(sheet)]]


def table(sheet: Worksheet) -> dict[tuple[str, int], list[object]]:
    """Rows by (bidang heading, no.), until the footnotes."""
    rows: dict[tuple[str, int], list[object]] = {}
    heading = ""
    for row in sheet.iter_rows(min_row=header_row(sheet) + 1):
        first = row[0].value
        if first == "Catatan:" or (first is None and rows):
            break
        if isinstance(first, str):
            heading = first
        elif isinstance(first, int):
            rows[(heading, first)] = list(row)
    return rows


def shown(cell: object) -> str:
    """A cell as a person reads it: "–", or the number (a percentage in percent)."""
    value = cell.value  # type: ignore[attr-defined]
    if not isinstance(value, int | float):
        return str(value)
    number = Decimal(str(value))
    if "%" in cell.number_format:  # type: ignore[attr-defined]
        return str((number * 100).quantize(Decimal("0.01")))
    return format(number.normalize(), "f")


def column_text(sheet: Worksheet) -> list[str]:
    return [str(c.value) for c in sheet["A"] if c.value is not None]


def test_the_year_sets_tw_i_to_iv_side_by_side_with_the_annual_figure_of_each_sifat(
    office: Office,
) -> None:
    whole_year(office)
    name, book = year_book(office)
    assert name == "data-kinerja-tahun-2026-final.xlsx"
    assert book.sheetnames == SHEETS
    sheet = book["Data Tahunan"]
    assert headers(sheet) == [
        "No",
        "Sasaran",
        "Indikator",
        "Satuan",
        "Sifat",
        "Target tahunan",
        *(
            f"{what} {texts.tw(k)}{unit}"
            for k in (1, 2, 3, 4)
            for what, unit in (("Target", ""), ("Realisasi", ""), ("Capaian", " (%)"))
        ),
        "Realisasi tahunan",
        "Capaian tahunan (%)",
        "Kategori tahunan",
    ]
    rows = table(sheet)
    assert set(rows) == set(YEAR)
    for where, (tw1, annual) in YEAR.items():
        cells = rows[where]
        assert [shown(c) for c in cells[6:9]] == list(tw1), where
        assert [shown(c) for c in cells[18:21]] == list(annual), where
    sakip = rows[(SEKRETARIAT, 1)]
    assert [c.value for c in sakip[:6]] == [
        1,
        SMALL_MASTER[0].sasaran,
        "Nilai SAKIP",
        "nilai",
        "akhir",
        75,
    ]
    # TW II–IV from their rounds: target, the value sent, and its capaian against that target.
    assert [shown(c) for c in sakip[9:18]] == [
        "72",
        "80",
        "111.11",
        "74",
        "90",
        "121.62",
        "75",
        "100",
        "133.33",
    ]
    assert sakip[7].font.i, "TW I came from the master's history"
    assert not sakip[10].font.i
    assert sheet.cell(header_row(sheet), 1).font.b
    assert (
        "FINAL — TW I dari riwayat master indikator; TW II final; TW III final; TW IV final."
        in (column_text(sheet))
    )


def test_footnotes_explain_every_dash_once(office: Office) -> None:
    whole_year(office)
    notes = column_text(year_book(office)[1]["Data Tahunan"])
    assert any(n.startswith("Realisasi tahunan menurut sifat indikator: kumulatif") for n in notes)
    assert any(n.startswith("Angka miring: realisasi dari riwayat") for n in notes)
    assert (
        f"{DAFDUK}, no. 1: realisasi TW I tidak tersedia (tidak ada putaran TW I dan tidak ada "
        "riwayat di master indikator) (ditulis «–»)." in notes
    )
    assert f"{CAPIL}, no. 2: TW I tidak diukur (tanpa target) (ditulis «–»)." in notes
    assert not any(n.startswith(f"{SEKRETARIAT}, no.") for n in notes)


def test_the_signature_block_comes_once_tw_iv_is_signed(office: Office) -> None:
    whole_year(office)
    sheet = year_book(office)[1]["Data Tahunan"]
    texts_on_sheet = {c.value for row in sheet.iter_rows() for c in row if c.value}
    assert "Paraf hierarki:" in texts_on_sheet
    assert "NIP. 19700101 199503 1 001" in texts_on_sheet
    assert any(str(t).startswith("Budi") for t in texts_on_sheet), "the Kasubag's paraf"


def test_a_year_in_progress_is_draft_on_every_sheet_and_unsigned(office: Office) -> None:
    with_history(office)
    office.walk(at_step=7)
    name, book = year_book(office)
    assert name == "data-kinerja-tahun-2026-DRAFT.xlsx"
    for title in SHEETS:
        assert book[title].oddHeader.center.text == "DRAFT", title
    sheet = book["Data Tahunan"]
    status = next(t for t in column_text(sheet) if t.startswith("DRAFT"))
    assert status.startswith(
        "DRAFT — belum final: TW I dari riwayat master indikator; TW II langkah 7; "
        "TW III belum ada data; TW IV belum ada data. Dibuat "
    )
    rows = table(sheet)
    sakip = rows[(SEKRETARIAT, 1)]
    assert [shown(c) for c in sakip[6:12]] == ["70", "68", "97.14", "72", "95", "131.94"]
    # No round and no history: the master's targets, no value, and no annual figure yet.
    assert [shown(c) for c in sakip[12:21]] == [
        "74",
        DASH,
        DASH,
        "75",
        DASH,
        DASH,
        DASH,
        DASH,
        DASH,
    ]
    notes = column_text(sheet)
    assert any(
        n.startswith("TW III, TW IV: belum ada putaran dan tidak ada riwayat") for n in notes
    )
    assert not any("realisasi TW III" in n or "realisasi tahunan" in n for n in notes)
    assert "Paraf hierarki:" not in {c.value for row in sheet.iter_rows() for c in row}


def test_a_quarter_with_a_round_and_no_answer_yet_is_belum_diisi(office: Office) -> None:
    office.walk(at_step=4)
    rows = table(year_book(office)[1]["Data Tahunan"])
    assert [c.value for c in rows[(DAFDUK, 1)][9:12]] == [95, "belum diisi", DASH]
    assert [c.value for c in rows[(CAPIL, 2)][6:9]] == [DASH, DASH, DASH]


def test_keterangan_lists_what_was_written_with_each_quarter(office: Office) -> None:
    whole_year(office)
    sheet = year_book(office)[1]["Keterangan"]
    assert headers(sheet) == [
        "No",
        "Indikator",
        "Triwulan",
        "Realisasi",
        "Capaian (%)",
        "Keterangan",
        "Faktor penghambat",
        "Upaya / tindak lanjut",
        "Faktor pendorong",
    ]
    rows = [
        [c.value for c in row]
        for row in sheet.iter_rows(min_row=header_row(sheet) + 1)
        if isinstance(row[0].value, int)
    ]
    # The office's helper explains values far from target (capaian below 50 or above 150).
    explained = {(r[1], r[2]) for r in rows}
    assert ("Rata-rata waktu penerbitan KK", "TW II") in explained
    assert ("Persentase realisasi anggaran", "TW IV") in explained
    assert ("Nilai SAKIP", "TW II") not in explained
    assert {r[5] for r in rows} == {"Sesuai kondisi lapangan"}
    assert sheet.cell(header_row(sheet) + 1, 1).value == SEKRETARIAT


def test_bukti_dukung_is_empty_until_evidence_exists(office: Office) -> None:
    office.walk(at_step=7)
    sheet = year_book(office)[1]["Bukti Dukung"]
    assert headers(sheet) == [
        "No",
        "Indikator",
        "Triwulan",
        "Nama berkas",
        "Diunggah oleh",
        "Waktu",
        "SHA-256",
    ]
    assert sheet.cell(header_row(sheet) + 1, 1).value == "Belum ada bukti dukung yang diunggah."


def test_keterangan_lists_each_quarters_analysis_too(office: Office) -> None:
    """Issue 14: a quarter's faktor penghambat, upaya and faktor pendorong, beside its
    keterangan, for the LKjIP's analysis of each indicator."""
    round_ = office.walk(at_step=4, value="80")
    submission = office.submission(round_.id, CAPIL)
    akta = next(i for i in office.items(submission) if i.nama.startswith("Jumlah akta"))
    for kind, text in (("penghambat", "=Blanko habis"), ("upaya", "Pengadaan blanko")):
        filling.save_analisis(
            office.ctx,
            actor=KABID_CAPIL,
            submission_id=submission.id,
            indicator_id=akta.indicator_id,
            kind=kind,
            text=text,
        )
    sheet = year_book(office)[1]["Keterangan"]
    rows = [
        [c.value for c in row]
        for row in sheet.iter_rows(min_row=header_row(sheet) + 1)
        if isinstance(row[0].value, int)
    ]
    assert [r[1:3] + r[6:] for r in rows if r[6]] == [
        [
            "Jumlah akta kelahiran yang diterbitkan",
            "TW II",
            "=Blanko habis",
            "Pengadaan blanko",
            None,
        ]
    ]


def test_bukti_dukung_lists_every_quarters_evidence_numbered_as_the_data(
    office: Office,
) -> None:
    """Issue 14 part 1 fills the sheet: the file's indicator as the year's data numbers it,
    its quarter, name, who sent it, when, and its SHA-256."""
    round_ = office.walk(at_step=4)
    submission = office.submission(round_.id, CAPIL)
    akta = next(i for i in office.items(submission) if i.nama.startswith("Jumlah akta"))
    content = pdf("rekap akta")
    office.attach(KABID_CAPIL, submission, akta.indicator_id, content, "=rekap.pdf")
    sheet = year_book(office)[1]["Bukti Dukung"]
    first = header_row(sheet) + 1
    assert sheet.cell(first, 1).value == CAPIL
    assert [c.value for c in sheet[first + 1]] == [
        1,
        "Jumlah akta kelahiran yang diterbitkan",
        "TW II",
        "=rekap.pdf",
        "Rina",
        "1 Juli 2026 07.45",
        hashlib.sha256(content).hexdigest(),
    ]
    assert sheet.cell(first + 1, 4).data_type == "s"
    assert year_book(office, KABID_CAPIL)[1]["Bukti Dukung"].cell(first, 1).value == CAPIL
    dafduk = year_book(office, KABID_DAFDUK)[1]["Bukti Dukung"]
    assert dafduk.cell(header_row(dafduk) + 1, 1).value == "Belum ada bukti dukung yang diunggah."


def test_every_sheet_prints_on_a4_landscape_with_its_header_repeated(office: Office) -> None:
    office.walk(at_step=7)
    book = year_book(office)[1]
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert (setup.paperSize, setup.orientation) == (9, "landscape"), sheet.title
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == f"${header_row(sheet)}:${header_row(sheet)}"
        assert sheet.oddFooter.right.text == "Halaman &P dari &N"
        first = "D" if sheet.title == "Data Tahunan" else "A"
        assert sheet.freeze_panes == f"{first}{header_row(sheet) + 1}"
        assert sheet["A1"].value == "PEMERINTAH KABUPATEN MUSI RAWAS"
        assert str(sheet["A5"].value).endswith("TAHUN 2026 — SELURUH BIDANG")
    assert book["Data Tahunan"]["A5"].value == "DATA KINERJA TAHUN 2026 — SELURUH BIDANG"


WHO = {
    OPERATOR: {SEKRETARIAT, DAFDUK, CAPIL},
    KASUBAG: {SEKRETARIAT, DAFDUK, CAPIL},
    SEKRETARIS: {SEKRETARIAT, DAFDUK, CAPIL},
    KEPALA: {SEKRETARIAT, DAFDUK, CAPIL},
    PERENCANA: {SEKRETARIAT, DAFDUK, CAPIL},
    KABID_CAPIL: {CAPIL},
}


@pytest.mark.parametrize("actor", list(WHO))
def test_unduh_tahunan_gives_every_bidang_to_planners_and_a_kabid_their_own(
    office: Office, actor: int
) -> None:
    whole_year(office)
    name, book = year_book(office, actor)
    assert {bidang for bidang, _ in table(book["Data Tahunan"])} == WHO[actor]
    keterangan = book["Keterangan"]
    headings = {
        c.value for c in keterangan["A"][header_row(keterangan) :] if isinstance(c.value, str)
    }
    assert headings == WHO[actor]
    if actor == KABID_CAPIL:
        assert name == "data-kinerja-tahun-2026-bidang-pelayanan-pencatatan-sipil-final.xlsx"
        title = "DATA KINERJA TAHUN 2026 — BIDANG PELAYANAN PENCATATAN SIPIL"
        assert book["Data Tahunan"]["A5"].value == title
    else:
        assert name == "data-kinerja-tahun-2026-final.xlsx"


def test_unduh_tahunan_refuses_strangers_lapsed_roles_and_years_without_indicators(
    office: Office,
) -> None:
    office.walk(at_step=7)
    with pytest.raises(NotRegistered):
        files.yearly_for(office.ctx, actor=9999, tahun=2026)
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
        files.yearly_for(office.ctx, actor=4242, tahun=2026)
    with pytest.raises(NotFound, match="Belum ada indikator untuk tahun 2025"):
        files.yearly_for(office.ctx, actor=OPERATOR, tahun=2025)
    with pytest.raises(NotFound, match="Bidang Anda tidak memiliki indikator pada tahun 2025"):
        files.yearly_for(office.ctx, actor=KABID_CAPIL, tahun=2025)


def test_an_indicator_dropped_from_the_master_keeps_the_quarters_it_was_reported_in(
    office: Office,
) -> None:
    office.walk(at_step=11)
    master.load_indicators(office.ctx, SMALL_MASTER[:-1], 2026)
    rows = table(year_book(office)[1]["Data Tahunan"])
    cakupan = rows[(CAPIL, 2)]
    assert cakupan[2].value == "Cakupan kepemilikan akta kelahiran anak"
    assert [shown(c) for c in cakupan[9:12]] == ["80", "95", "118.75"]

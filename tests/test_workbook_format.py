"""The format of step 3 and its way back: a Kabid fills the xlsx in Excel and sends it back."""

from __future__ import annotations

from decimal import Decimal

from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select

from bot.documents.workbook.format_sheet import HEADER_ROW, MARKER_SHEET, REALISASI_COL, SHEET
from bot.states import SubmissionState
from bot.workflow import files, filling, upload, verification
from storage.models import AuditEvent
from tests.conftest import (
    CAPIL,
    DAFDUK,
    KABID_CAPIL,
    KABID_DAFDUK,
    OPERATOR,
    SEKRETARIAT,
    Office,
)
from tests.workbooks import fill, format_file, opened, values_of


def realisasi_cells(sheet: Worksheet) -> list[object]:
    """What the Realisasi column of Dafduk's three indicator rows holds."""
    return [sheet.cell(HEADER_ROW + n, REALISASI_COL).value for n in (1, 2, 3)]


def test_format_has_kop_title_and_the_indicators_of_the_bidang(office: Office) -> None:
    round_ = office.walk(at_step=4)
    submission = office.submission(round_.id, DAFDUK)
    book = opened(format_file(office.ctx, submission.id))
    sheet = book[SHEET]
    assert sheet["A1"].value == "PEMERINTAH KABUPATEN MUSI RAWAS"
    assert sheet["A2"].value == "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL"
    assert sheet["A5"].value == "FORMAT DATA KINERJA TRIWULAN II TAHUN 2026"
    assert sheet["A6"].value == "BIDANG PELAYANAN PENDAFTARAN PENDUDUK"
    header = [cell.value for cell in sheet[HEADER_ROW]]
    assert header == [
        "No",
        "Sasaran",
        "Indikator Kinerja",
        "Satuan",
        "Target TW II",
        "Realisasi TW II",
        "Keterangan",
        "Faktor penghambat",
        "Upaya / tindak lanjut",
        "Faktor pendorong",
    ]
    rows = [
        [cell.value for cell in row]
        for row in sheet.iter_rows(min_row=HEADER_ROW + 1, max_row=sheet.max_row)
    ]
    assert [(r[0], r[2], r[3], r[4], r[5]) for r in rows] == [
        (1, "Persentase penduduk wajib KTP-el yang telah merekam", "%", 95, None),
        (2, "Rata-rata waktu penerbitan KK", "hari", 7, None),
        (3, "Persentase keluhan layanan", "%", 5, None),
    ]


def test_only_realisasi_keterangan_and_the_analysis_can_be_edited(office: Office) -> None:
    round_ = office.walk(at_step=4)
    content = format_file(office.ctx, office.submission(round_.id, DAFDUK).id)
    book = opened(content)
    sheet = book[SHEET]
    assert sheet.protection.sheet
    assert book.security is not None and book.security.lockStructure
    for row in range(HEADER_ROW + 1, HEADER_ROW + 4):
        locked = {cell.column_letter: cell.protection.locked for cell in sheet[row]}
        assert locked == {
            "A": True,
            "B": True,
            "C": True,
            "D": True,
            "E": True,
            "F": False,
            "G": False,
            "H": False,
            "I": False,
            "J": False,
        }
    assert sheet["A1"].protection.locked


def test_realisasi_takes_only_decimals_and_negatives_only_where_allowed(office: Office) -> None:
    round_ = office.walk(at_step=4)
    content = format_file(office.ctx, office.submission(round_.id, DAFDUK).id)
    sheet = opened(content)[SHEET]
    realisasi = [v for v in sheet.data_validations.dataValidation if v.type == "decimal"]
    assert realisasi and all(v.showErrorMessage for v in realisasi)
    covered = {str(ref) for v in realisasi for ref in v.sqref.ranges}
    assert covered == {"F10", "F11", "F12"}
    assert all(v.formula1 == "0" for v in realisasi), "no indicator here may be negative"
    lengths = [v for v in sheet.data_validations.dataValidation if v.type == "textLength"]
    assert lengths[0].formula1 == str(filling.MAX_KETERANGAN)
    assert {str(ref) for ref in lengths[0].sqref.ranges} == {"G10:J10", "G11:J11", "G12:J12"}


def test_hidden_marker_names_round_bidang_and_version(office: Office) -> None:
    round_ = office.walk(at_step=4)
    submission = office.submission(round_.id, DAFDUK)
    book = opened(format_file(office.ctx, submission.id))
    marker = book[MARKER_SHEET]
    assert marker.sheet_state == "veryHidden"
    assert [marker.cell(r, 2).value for r in (2, 3, 4)] == [
        round_.id,
        office.bidang_id(DAFDUK),
        submission.version,
    ]
    assert book.active.title == SHEET


def test_filled_format_is_saved_and_the_summary_is_as_if_typed(office: Office) -> None:
    round_ = office.walk(at_step=4)
    submission = office.submission(round_.id, DAFDUK)
    content = fill(
        format_file(office.ctx, submission.id),
        {1: 93.5, 2: "6,5", 3: 4},
        {3: "Keluhan turun berkat layanan daring"},
    )
    result = upload.apply_upload(
        office.ctx, actor=KABID_DAFDUK, content=content, filename="format dafduk.xlsx"
    )
    assert result.realisasi == 3 and result.keterangan == 1
    assert result.message.startswith("✅ Berkas diterima: 3 realisasi dan 1 keterangan")
    assert [(i.nomor, i.value) for i in result.items] == [
        (1, Decimal("93.5")),
        (2, Decimal("6.5")),
        (3, Decimal("4")),
    ]
    assert values_of(office.ctx, submission.id) == {
        "Persentase penduduk wajib KTP-el yang telah merekam": (Decimal("93.5"), "", False),
        "Rata-rata waktu penerbitan KK": (Decimal("6.5"), "", False),
        "Persentase keluhan layanan": (
            Decimal("4"),
            "Keluhan turun berkat layanan daring",
            False,
        ),
    }
    with office.ctx.read() as session:
        events = list(
            session.scalars(select(AuditEvent).where(AuditEvent.action == "realisasi.unggah"))
        )
    assert len(events) == 1
    assert events[0].detail["realisasi"] == 3 and events[0].detail["berkas"] == "format dafduk.xlsx"


def test_upload_then_send_goes_on_as_typed_answers_do(office: Office) -> None:
    round_ = office.walk(at_step=4)
    submission = office.submission(round_.id, CAPIL)
    content = fill(format_file(office.ctx, submission.id), {1: 1150, 2: "82,5%"})
    upload.apply_upload(office.ctx, actor=KABID_CAPIL, content=content, filename="capil.xlsx")
    sent = filling.send(
        office.ctx,
        actor=KABID_CAPIL,
        submission_id=submission.id,
        expected_version=submission.version,
    )
    assert sent.state == SubmissionState.DIKIRIM
    assert values_of(office.ctx, submission.id)["Cakupan kepemilikan akta kelahiran anak"][0] == (
        Decimal("82.5")
    )


def test_numbers_typed_as_text_are_read_the_indonesian_way(office: Office) -> None:
    round_ = office.walk(at_step=4)
    submission = office.submission(round_.id, CAPIL)
    content = fill(format_file(office.ctx, submission.id), {1: "1.234", 2: " 81,25 "})
    upload.apply_upload(office.ctx, actor=KABID_CAPIL, content=content, filename="capil.xlsx")
    saved = values_of(office.ctx, submission.id)
    assert saved["Jumlah akta kelahiran yang diterbitkan"][0] == Decimal("1234")
    assert saved["Cakupan kepemilikan akta kelahiran anak"][0] == Decimal("81.25")


def test_blank_cells_keep_what_was_typed_in_chat(office: Office) -> None:
    round_ = office.walk(at_step=4)
    submission = office.submission(round_.id, DAFDUK)
    original = format_file(office.ctx, submission.id)
    office.type_value(KABID_DAFDUK, submission, office.items(submission)[0].indicator_id, "96")
    upload.apply_upload(
        office.ctx, actor=KABID_DAFDUK, content=fill(original, {2: 7}), filename="f.xlsx"
    )
    saved = values_of(office.ctx, submission.id)
    assert saved["Persentase penduduk wajib KTP-el yang telah merekam"][0] == Decimal("96")
    assert saved["Rata-rata waktu penerbitan KK"][0] == Decimal("7")
    assert saved["Persentase keluhan layanan"][0] is None


def test_a_saved_zero_is_written_as_zero_not_blank(office: Office) -> None:
    round_ = office.walk(at_step=4)
    submission = office.submission(round_.id, DAFDUK)
    office.type_value(KABID_DAFDUK, submission, office.items(submission)[2].indicator_id, "0")
    sheet = opened(format_file(office.ctx, submission.id))[SHEET]
    assert realisasi_cells(sheet) == [None, None, 0]


def test_returned_format_carries_saved_values_and_marks_rows_to_fix(office: Office) -> None:
    round_ = office.walk(at_step=5)
    submission = office.submission(round_.id, DAFDUK)
    second = office.items(submission)[1]
    verification.return_submission(
        office.ctx,
        actor=OPERATOR,
        submission_id=submission.id,
        expected_version=submission.version,
        reason="Waktu KK tidak sesuai laporan SIAK",
        indicator_ids=[second.indicator_id],
    )
    returned = office.submission(round_.id, DAFDUK)
    content = format_file(office.ctx, returned.id)
    sheet = opened(content)[SHEET]
    assert realisasi_cells(sheet) == [95, 95, 95]
    assert sheet.cell(HEADER_ROW + 2, 6).fill.fgColor.rgb.endswith("FFE699")
    assert sheet.cell(HEADER_ROW + 1, 6).fill.fgColor.rgb.endswith("FFFDE7")
    upload.apply_upload(
        office.ctx, actor=KABID_DAFDUK, content=fill(content, {2: 6}), filename="f.xlsx"
    )
    assert values_of(office.ctx, returned.id)["Rata-rata waktu penerbitan KK"] == (
        Decimal("6"),
        "Sesuai kondisi lapangan",
        False,
    )


def test_draft_for_the_kasubag_has_every_bidang_and_no_lock(office: Office) -> None:
    round_ = office.walk(at_step=2)
    rendered = files.render(office.ctx, {"kind": "draft", "round_id": round_.id})
    assert rendered is not None
    name, content = rendered
    assert name == "draft-format-tw2-2026.xlsx"
    book = opened(content)
    assert book.sheetnames == [
        SEKRETARIAT,
        "Pelayanan Pendaftaran Penduduk",
        "Pelayanan Pencatatan Sipil",
    ]
    sheet = book[SEKRETARIAT]
    assert sheet["A5"].value.startswith("DRAFT FORMAT DATA KINERJA")
    assert not sheet.protection.sheet
    assert sheet.oddHeader.center.text == "DRAFT"
    assert [sheet.cell(HEADER_ROW + n, 3).value for n in (1, 2)] == [
        "Nilai SAKIP",
        "Persentase realisasi anggaran",
    ]


def test_the_analysis_goes_out_in_the_format_and_comes_back_from_it(office: Office) -> None:
    """Issue 14: the three analysis columns carry what was typed in chat, and what the Kabid
    writes in them in Excel is saved; a blank cell keeps what chat has."""
    round_ = office.walk(at_step=4)
    submission = office.submission(round_.id, DAFDUK)
    ktp, kk, _ = office.items(submission)
    office.type_value(KABID_DAFDUK, submission, ktp.indicator_id, "90")
    filling.save_analisis(
        office.ctx,
        actor=KABID_DAFDUK,
        submission_id=submission.id,
        indicator_id=ktp.indicator_id,
        kind="penghambat",
        text="Server SIAK gangguan 3 minggu",
    )
    content = format_file(office.ctx, submission.id)
    sheet = opened(content)[SHEET]
    assert [sheet.cell(HEADER_ROW + 1, c).value for c in (8, 9, 10)] == [
        "Server SIAK gangguan 3 minggu",
        None,
        None,
    ]
    given = fill(
        content,
        {2: "6,5", 3: 4},
        analisis={
            1: ("", "Perekaman keliling di 21 kecamatan", ""),
            2: ("", "", "Layanan KK daring lewat WhatsApp"),
        },
    )
    result = upload.apply_upload(office.ctx, actor=KABID_DAFDUK, content=given, filename="f.xlsx")
    assert (result.realisasi, result.analisis) == (3, 3), "every filled cell, as for values"
    saved = {i.nama: (i.faktor_penghambat, i.upaya, i.faktor_pendorong) for i in result.items}
    assert saved[ktp.nama] == (
        "Server SIAK gangguan 3 minggu",
        "Perekaman keliling di 21 kecamatan",
        "",
    )
    assert saved[kk.nama] == ("", "", "Layanan KK daring lewat WhatsApp")
    again = opened(format_file(office.ctx, submission.id))[SHEET]
    assert again.cell(HEADER_ROW + 2, 10).value == "Layanan KK daring lewat WhatsApp"

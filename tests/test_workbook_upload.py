"""Every bad upload is refused with a message that says what to fix, by row, and saves nothing."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from bot import texts
from bot.documents.workbook.format_sheet import MARKER_SHEET
from bot.documents.workbook.upload import MAX_MEMBERS
from bot.errors import InvalidInput, NotAllowed, NotRegistered, Stale
from bot.workflow import upload, verification
from tests.conftest import (
    DAFDUK,
    KABID_CAPIL,
    KABID_DAFDUK,
    KABIDS,
    OPERATOR,
    Office,
    distributed_round,
)
from tests.workbooks import (
    as_excel_wrote,
    edit,
    fill,
    format_file,
    opened,
    refused,
    saved,
)

MB = 1024 * 1024


def dafduk_format(office: Office) -> tuple[int, bytes]:
    """A round at step 4 and the format the Kabid of Pendaftaran Penduduk received."""
    round_ = office.walk(at_step=4)
    return round_.id, format_file(office.ctx, office.submission(round_.id, DAFDUK).id)


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_file_that_is_not_an_xlsx_is_refused(office: Office) -> None:
    office.walk(at_step=4)
    message = refused(office.ctx, KABID_DAFDUK, b"Realisasi 95, 7, 4", InvalidInput, "isi.txt")
    assert message.startswith(
        "Berkas «isi.txt» belum dapat diterima; tidak ada nilai yang disimpan"
    )
    assert "bukan berkas Excel (.xlsx)" in message
    word = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"})
    assert "bukan berkas Excel (.xlsx)" in refused(office.ctx, KABID_DAFDUK, word, InvalidInput)


def test_an_old_xls_or_a_password_protected_file_is_refused(office: Office) -> None:
    office.walk(at_step=4)
    ole = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(2048)
    message = refused(office.ctx, KABID_DAFDUK, ole, InvalidInput, "isi.xls")
    assert "Excel lama (.xls) atau dilindungi kata sandi" in message


def test_a_file_over_the_size_limit_is_refused_before_it_is_opened(office: Office) -> None:
    office.walk(at_step=4)
    too_big = bytes(office.ctx.settings.maks_unggah_mb * MB + 1)
    message = refused(office.ctx, KABID_DAFDUK, too_big, InvalidInput)
    assert "terlalu besar (5,1 MB); paling besar 5 MB" in message


def test_a_zip_bomb_is_refused_before_openpyxl_touches_it(office: Office) -> None:
    office.walk(at_step=4)
    bomb = zipped(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": bytes(4 * MB),
        }
    )
    assert len(bomb) < 50_000
    message = refused(office.ctx, KABID_DAFDUK, bomb, InvalidInput)
    assert "kemungkinan zip bomb" in message
    crowded = zipped(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            **{f"xl/media/{n}.bin": b"x" for n in range(MAX_MEMBERS)},
        }
    )
    assert "kemungkinan zip bomb" in refused(office.ctx, KABID_DAFDUK, crowded, InvalidInput)


def test_a_corrupt_xlsx_is_refused(office: Office) -> None:
    content = dafduk_format(office)[1]
    broken = zipped(
        {
            "[Content_Types].xml": b"<Types",
            "xl/workbook.xml": b"<workbook",
        }
    )
    message = refused(office.ctx, KABID_DAFDUK, broken, InvalidInput)
    assert "Berkas rusak atau bukan berkas Excel (.xlsx) yang sah" in message
    truncated = content[: len(content) // 2]
    assert "bukan berkas Excel" in refused(office.ctx, KABID_DAFDUK, truncated, InvalidInput)


def test_a_workbook_not_made_by_the_bot_is_refused(office: Office) -> None:
    office.walk(at_step=4)
    book = openpyxl.Workbook()
    book.active.title = "Format"
    book.active["A1"] = "No"
    message = refused(office.ctx, KABID_DAFDUK, saved(book), InvalidInput)
    assert "bukan format data kinerja dari bot (penanda format tidak ditemukan)" in message


def test_a_format_of_another_bidang_is_refused(office: Office) -> None:
    content = fill(dafduk_format(office)[1], {1: 95})
    message = refused(office.ctx, KABID_CAPIL, content, NotAllowed)
    assert message == texts.unggah_bidang_lain(DAFDUK)


def test_an_unregistered_sender_is_refused(office: Office) -> None:
    content = fill(dafduk_format(office)[1], {1: 95})
    refused(office.ctx, 9999, content, NotRegistered)


def test_a_format_of_a_round_no_longer_being_filled_points_to_the_right_one(
    office: Office,
) -> None:
    round_id, content = dafduk_format(office)
    content = fill(content, {1: 95})
    for bidang, kabid in KABIDS:
        office.fill_all(round_id, bidang, kabid)
        submission = office.submission(round_id, bidang)
        verification.verify(
            office.ctx,
            actor=OPERATOR,
            submission_id=submission.id,
            expected_version=submission.version,
        )
    distributed_round(office.ctx, 2026, 3)
    message = refused(office.ctx, KABID_DAFDUK, content, InvalidInput)
    assert (
        "Berkas ini format Triwulan II 2026, yang tidak sedang dalam pengisian. "
        "Yang sedang diisi: Triwulan III 2026; kirim format putaran itu." in message
    )


def test_a_marker_naming_an_unknown_round_is_refused(office: Office) -> None:
    content = fill(dafduk_format(office)[1], {1: 95})
    book = opened(content)
    book[MARKER_SHEET]["B2"] = 999
    message = refused(office.ctx, KABID_DAFDUK, saved(book), InvalidInput)
    assert texts.UNGGAH_TIDAK_DIKENAL in message


def test_an_older_version_of_the_format_is_refused(office: Office) -> None:
    round_id, old = dafduk_format(office)
    old = fill(old, {1: 95})
    sent = office.fill_all(round_id, DAFDUK, KABID_DAFDUK)
    verification.return_submission(
        office.ctx,
        actor=OPERATOR,
        submission_id=sent.id,
        expected_version=sent.version,
        reason="Periksa lagi semua angka",
    )
    message = refused(office.ctx, KABID_DAFDUK, old, InvalidInput)
    assert texts.unggah_versi_lama(DAFDUK) in message


def test_a_format_of_data_already_sent_cannot_change_it(office: Office) -> None:
    round_id, _ = dafduk_format(office)
    sent = office.fill_all(round_id, DAFDUK, KABID_DAFDUK)
    content = fill(format_file(office.ctx, sent.id), {1: 90})
    message = refused(office.ctx, KABID_DAFDUK, content, Stale)
    assert "statusnya dikirim, menunggu verifikasi" in message


def test_edited_locked_cells_are_named_by_row_and_column(office: Office) -> None:
    def tamper(sheet: Worksheet) -> None:
        sheet["C10"] = "Persentase penduduk yang merekam KTP-el"
        sheet["E11"] = 8
        sheet["F10"] = 90
        sheet["F11"] = 7

    message = refused(
        office.ctx, KABID_DAFDUK, edit(dafduk_format(office)[1], tamper), InvalidInput
    )
    assert (
        "• Baris 10, kolom Indikator Kinerja: kolom ini dikunci dan tidak boleh diubah; "
        "seharusnya «Persentase penduduk wajib KTP-el yang telah merekam»" in message
    )
    assert "• Baris 11, kolom Target TW II: kolom ini dikunci dan tidak boleh diubah; " in message
    assert "seharusnya «7»" in message


def test_rows_added_removed_or_doubled_are_refused(office: Office) -> None:
    content = dafduk_format(office)[1]

    def add(sheet: Worksheet) -> None:
        sheet["A13"], sheet["C13"], sheet["F13"] = 4, "Indikator tambahan", 5
        sheet["F10"] = 90

    message = refused(office.ctx, KABID_DAFDUK, edit(content, add), InvalidInput)
    assert "• Baris 13: baris ini tidak ada di format asli (baris tambahan); hapus" in message

    def remove(sheet: Worksheet) -> None:
        sheet.delete_rows(11)
        sheet["F10"] = 90

    message = refused(office.ctx, KABID_DAFDUK, edit(content, remove), InvalidInput)
    assert "• Baris 11: baris indikator no. 2 (Rata-rata waktu penerbitan KK) dihapus" in message

    def double(sheet: Worksheet) -> None:
        for column in range(1, 8):
            sheet.cell(13, column, sheet.cell(10, column).value)
        sheet["F10"] = 90

    message = refused(office.ctx, KABID_DAFDUK, edit(content, double), InvalidInput)
    assert "• Baris 13, kolom No: indikator no. 1 sudah ada di baris 10 (baris ganda)" in message


def test_a_row_inserted_above_the_table_is_refused(office: Office) -> None:
    def insert(sheet: Worksheet) -> None:
        sheet.insert_rows(5)
        sheet["F11"] = 90

    message = refused(
        office.ctx, KABID_DAFDUK, edit(dafduk_format(office)[1], insert), InvalidInput
    )
    assert "Baris 9: judul kolom tidak sesuai format" in message


def test_non_numbers_are_refused_with_the_chat_explanation(office: Office) -> None:
    content = fill(dafduk_format(office)[1], {1: "sembilan puluh", 2: date(2026, 7, 1), 3: 4})
    message = refused(office.ctx, KABID_DAFDUK, content, InvalidInput)
    assert (
        "• Baris 10, kolom Realisasi TW II: Maaf, «sembilan puluh» belum bisa dibaca sebagai "
        "angka." in message
    )
    assert "• Baris 11, kolom Realisasi TW II: berisi tanggal atau jam, bukan angka" in message
    assert message.index("Baris 10") < message.index("Baris 11")


def test_numbers_out_of_range_are_refused_naming_the_limit(office: Office) -> None:
    content = fill(dafduk_format(office)[1], {1: 919191, 2: 1e40, 3: 0.1234567}, {1: "x", 2: "x"})
    message = refused(
        office.ctx,
        KABID_DAFDUK,
        as_excel_wrote(content, {919191: "1.7976931348623157E308"}),
        InvalidInput,
    )
    too_large = "Maaf, angka ini terlalu besar; paling banyak 15 angka sebelum koma."
    assert f"• Baris 10, kolom Realisasi TW II: {too_large}" in message
    assert f"• Baris 11, kolom Realisasi TW II: {too_large}" in message
    assert (
        "• Baris 12, kolom Realisasi TW II: Maaf, angka ini terlalu rinci; paling banyak 6 angka "
        "sesudah koma." in message
    )


def test_the_rules_of_typed_answers_hold_for_uploads(office: Office) -> None:
    content = fill(dafduk_format(office)[1], {1: -5, 2: 7, 3: 4}, {2: "x" * 1001})
    message = refused(office.ctx, KABID_DAFDUK, content, InvalidInput)
    negative = texts.nilai_negatif("Persentase penduduk wajib KTP-el yang telah merekam")
    assert f"• Baris 10, kolom Realisasi TW II: {negative}" in message
    assert f"• Baris 11, kolom Keterangan: {texts.KETERANGAN_PANJANG}" in message


def test_a_value_below_target_without_analysis_in_the_file_is_taken(office: Office) -> None:
    """Issue 14 supersedes the far-from-target keterangan: a file is not refused for analysis
    left blank (Kirim reminds of it, as in chat); what it gives is saved with the value."""
    content = dafduk_format(office)[1]
    upload.apply_upload(
        office.ctx, actor=KABID_DAFDUK, content=fill(content, {1: 10}), filename="f.xlsx"
    )
    given = fill(content, {1: 10}, analisis={1: ("Server SIAK gangguan 3 minggu", "", "")})
    result = upload.apply_upload(office.ctx, actor=KABID_DAFDUK, content=given, filename="f.xlsx")
    assert result.analisis == 1
    assert (result.items[0].faktor_penghambat, result.items[0].analisis_kurang) == (
        "Server SIAK gangguan 3 minggu",
        ("upaya",),
    )


def test_an_overlong_analysis_in_the_file_is_refused_naming_its_column(office: Office) -> None:
    content = fill(dafduk_format(office)[1], {1: 10}, analisis={1: ("", "y" * 1001, "")})
    message = refused(office.ctx, KABID_DAFDUK, content, InvalidInput)
    assert f"• Baris 10, kolom Upaya / tindak lanjut: {texts.analisis_panjang('upaya')}" in message


def test_a_format_of_the_layout_before_the_analysis_columns_is_refused_saying_so(
    office: Office,
) -> None:
    content = fill(dafduk_format(office)[1], {1: 95})
    book = opened(content)
    book[MARKER_SHEET]["B1"] = 1
    message = refused(office.ctx, KABID_DAFDUK, saved(book), InvalidInput)
    assert "format versi lama yang belum memuat kolom analisis" in message
    assert "/tugas" in message


def test_a_file_without_any_realisasi_is_refused(office: Office) -> None:
    message = refused(office.ctx, KABID_DAFDUK, dafduk_format(office)[1], InvalidInput)
    assert texts.UNGGAH_KOSONG in message


def test_a_long_list_of_problems_fits_one_message() -> None:
    problems = [f"Baris {n}, kolom Realisasi TW II: «abc» bukan angka" for n in range(10, 310)]
    message = texts.unggah_ditolak("besar.xlsx", problems)
    assert len(message) <= texts.UNGGAH_PANJANG_MAKS
    shown = message.count("\n• ")
    assert message.endswith(f"… dan {len(problems) - shown} masalah lain.")
    assert shown > 40

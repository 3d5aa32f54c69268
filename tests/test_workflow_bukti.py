"""Bukti dukung in the core (issue 14): what a file is, read from its bytes; who may keep one
and who may open it; and the approval's hash, which vouches for the files and the analysis."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from openpyxl import Workbook
from sqlalchemy import select, update

from bot import texts
from bot.documents.bukti import Jenis, jenis, named
from bot.emulator.samples import pdf, photo, png
from bot.errors import InvalidInput, NotAllowed, NotFound, Stale
from bot.limits import MAX_BUKTI_BYTES
from bot.workflow import approvals, bukti, common
from bot.workflow.bukti import Attached
from storage.models import AuditEvent, BuktiDukung, Realisation
from tests.conftest import (
    CAPIL,
    DAFDUK,
    KABID_CAPIL,
    KABID_DAFDUK,
    KASUBAG,
    KTP,
    OPERATOR,
    PERENCANA,
    SEKRETARIS,
    Office,
    approvals_of,
    refused,
)

REPORT = pdf("Laporan perekaman KTP-el Juni 2026")


def xlsx() -> bytes:
    """A workbook as Excel saves it: a zip holding [Content_Types].xml and xl/workbook.xml."""
    book = Workbook()
    book.active["A1"] = "Rekap perekaman"
    saved = io.BytesIO()
    book.save(saved)
    return saved.getvalue()


def a_zip(*members: str) -> bytes:
    saved = io.BytesIO()
    with zipfile.ZipFile(saved, "w") as archive:
        for member in members:
            archive.writestr(member, "x")
    return saved.getvalue()


def attach(
    office: Office,
    round_id: int,
    content: bytes = REPORT,
    *,
    bidang: str = DAFDUK,
    nama: str = KTP,
    actor: int = KABID_DAFDUK,
    filename: str | None = "laporan.pdf",
) -> Attached:
    submission = office.submission(round_id, bidang)
    item = next(i for i in office.items(submission) if i.nama == nama)
    return office.attach(actor, submission, item.indicator_id, content, filename)


# --- What a file is ---


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (png(4, 3), Jenis.PNG),
        (photo(640, 480, "kegiatan"), Jenis.JPG),
        (REPORT, Jenis.PDF),
        (b"\xef\xbb\xbf\r\n" + REPORT, Jenis.PDF),
        (xlsx(), Jenis.XLSX),
    ],
)
def test_the_kinds_taken_are_known_by_their_bytes(content: bytes, kind: Jenis) -> None:
    assert jenis(content) is kind


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00\x03\x00\x00\x00",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
        a_zip("word/document.xml", "[Content_Types].xml"),
        b"PK\x03\x04 not a zip at all",
        b"GIF89a",
        b" " * 1024 + b"%PDF-1.4",
        b"",
        b"<html><!-- %PDF-1.4 --><script>alert(1)</script></html>\n%%EOF",
        b"<svg xmlns='http://www.w3.org/2000/svg'><!-- %PDF-1.4 --></svg>",
        b"MZ" + b"\x00" * 62 + REPORT,
        REPORT.replace(b"%%EOF", b""),
        b"\xff\xd8\xff<html><script>alert(1)</script></html>",
        png(4, 3)[:20] + b"<html></html>",
    ],
    ids=[
        "exe",
        "xls-lama",
        "docx",
        "zip-rusak",
        "gif",
        "pdf-terlalu-jauh",
        "kosong",
        "html-berkomentar-pdf",
        "svg-berkomentar-pdf",
        "program-berisi-pdf",
        "pdf-tanpa-akhir",
        "html-berkepala-jpeg",
        "png-terpotong",
    ],
)
def test_anything_else_is_no_evidence(content: bytes) -> None:
    assert jenis(content) is None


@pytest.mark.parametrize(
    ("filename", "kind", "kept"),
    [
        (None, Jenis.JPG, "foto-7.jpg"),
        ("", Jenis.PNG, "foto-7.png"),
        ("Laporan Juni.PDF", Jenis.PDF, "Laporan Juni.PDF"),
        ("kegiatan.jpeg", Jenis.JPG, "kegiatan.jpeg"),
        ("laporan.pdf", Jenis.JPG, "laporan.pdf.jpg"),
        ("../../etc/passwd", Jenis.PDF, "etc_passwd.pdf"),
        ("rekap\n  tw2\t.xlsx", Jenis.XLSX, "rekap tw2 .xlsx"),
        ('a:b*c?"<d>|.pdf', Jenis.PDF, "a_b_c_d_.pdf"),
        ("...", Jenis.PDF, "foto-7.pdf"),
        ("laporan\u202efdp.exe", Jenis.PDF, "laporanfdp.exe.pdf"),
        ("a\u200bb\u2066c\u2069.pdf", Jenis.PDF, "abc.pdf"),
        ("x\x85y\x9bz.pdf", Jenis.PDF, "x yz.pdf"),
        ("baris\u2028dua.pdf", Jenis.PDF, "baris dua.pdf"),
        ("\ue000rahasia.pdf", Jenis.PDF, "rahasia.pdf"),
    ],
)
def test_a_file_is_kept_under_a_safe_name_ending_as_its_kind(
    filename: str | None, kind: Jenis, kept: str
) -> None:
    assert named(filename, kind, "foto-7").filename == kept


def test_a_long_name_is_cut_and_keeps_its_ending() -> None:
    kept = named("x" * 300 + ".pdf", Jenis.PDF, "foto").filename
    assert kept == "x" * 120 + ".pdf"


def test_a_size_just_over_the_limit_never_reads_as_the_limit() -> None:
    assert bukti.megabytes(MAX_BUKTI_BYTES + 1) == "10,1"
    assert bukti.megabytes(1) == "0,1"
    assert bukti.megabytes(MAX_BUKTI_BYTES) == "10,0"


# --- Keeping a file ---


def test_a_kept_file_is_stored_with_its_hash_and_audited(office: Office) -> None:
    round_ = office.walk(at_step=4)
    attached = attach(office, round_.id, filename=None)
    assert (attached.file.filename, attached.count, attached.total) == ("foto-7.pdf", 1, 3)
    assert [f.filename for f in attached.item.bukti] == ["foto-7.pdf"]
    with office.ctx.read() as session:
        row = session.scalars(select(BuktiDukung)).one()
        assert (row.content, row.jenis, row.size) == (REPORT, "pdf", len(REPORT))
        assert row.sha256 == attached.file.sha256 == hashlib.sha256(REPORT).hexdigest()
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert event is not None and event.action == "bukti.unggah"


def test_a_file_over_ten_megabytes_is_refused_even_when_fetched(office: Office) -> None:
    """The handler refuses it before fetching when Telegram says the size; a format limit
    set above 10 MB fetches it, and the core still refuses."""
    round_ = office.walk(at_step=4)
    with refused(office.ctx, InvalidInput, "terlalu besar \\(10,1 MB\\)"):
        attach(office, round_.id, REPORT + b"0" * (MAX_BUKTI_BYTES + 1 - len(REPORT)))


def test_another_bidangs_kabid_keeps_no_file_there(office: Office) -> None:
    round_ = office.walk(at_step=4)
    with refused(office.ctx, NotAllowed, "bidang Anda sendiri"):
        attach(office, round_.id, actor=KABID_CAPIL)


def test_an_indicator_of_another_bidang_takes_no_file(office: Office) -> None:
    round_ = office.walk(at_step=4)
    capil = office.submission(round_.id, CAPIL)
    akta = office.items(capil)[0]
    dafduk = office.submission(round_.id, DAFDUK)
    with refused(office.ctx, NotFound, texts.INDIKATOR_BUKAN_BIDANG_ANDA):
        office.attach(KABID_DAFDUK, dafduk, akta.indicator_id, REPORT)


def test_data_sent_takes_no_more_files(office: Office) -> None:
    round_ = office.walk(at_step=5)
    with refused(office.ctx, Stale):
        attach(office, round_.id)


# --- Opening a file ---


def test_a_file_opens_for_the_office_and_its_own_kabid_only(office: Office) -> None:
    round_ = office.walk(at_step=4)
    file_id = attach(office, round_.id).file.id
    for who in (OPERATOR, KASUBAG, SEKRETARIS, PERENCANA, KABID_DAFDUK):
        assert bukti.opened(office.ctx, actor=who, bukti_id=file_id) == ("laporan.pdf", REPORT)
    for who, bukti_id in ((KABID_CAPIL, file_id), (OPERATOR, file_id + 1), (3001, file_id)):
        with pytest.raises(NotFound, match=texts.TOMBOL_TIDAK_DIKENAL):
            bukti.opened(office.ctx, actor=who, bukti_id=bukti_id)


# --- The approval's hash covers the files and the analysis (DESIGN §6) ---


def hash_now(office: Office, round_id: int) -> str:
    with office.ctx.read() as session:
        return common.content_hash(session, office.round(round_id))


def test_the_hash_follows_each_file_and_each_analysis_text(office: Office) -> None:
    round_ = office.walk(at_step=4)
    seen = {hash_now(office, round_.id)}
    attach(office, round_.id)
    seen.add(hash_now(office, round_.id))
    attach(office, round_.id, png(2, 2), nama="Rata-rata waktu penerbitan KK")
    seen.add(hash_now(office, round_.id))
    for field in ("faktor_penghambat", "upaya", "faktor_pendorong"):
        with office.ctx.unit() as session:
            session.execute(update(Realisation).values({field: f"{field} diubah"}))
        seen.add(hash_now(office, round_.id))
    assert len(seen) == 6


def test_a_round_without_files_or_analysis_hashes_as_before_issue_14(office: Office) -> None:
    """A paraf given before the upgrade stands: only an indicator with any of the new parts
    hashes them, so the same data hashes the same."""
    round_ = office.walk(at_step=8)
    given = [a.content_hash for a in approvals_of(office.ctx, round_.id) if a.step >= 6]
    assert set(given) == {hash_now(office, round_.id)}


def behind_the_workflow(office: Office, round_id: int, change: str) -> None:
    """After the paraf, a file is added to the KTP-el indicator in the database directly, or
    its faktor penghambat rewritten (DESIGN §6: what an approver vouched for changed)."""
    submission = office.submission(round_id, DAFDUK)
    ktp = next(i for i in office.items(submission) if i.nama == KTP)
    with office.ctx.unit() as session:
        realisation = session.scalars(
            select(Realisation).where(
                Realisation.submission_id == submission.id,
                Realisation.indicator_id == ktp.indicator_id,
            )
        ).one()
        if change == "bukti":
            session.add(
                BuktiDukung(
                    realisation_id=realisation.id,
                    filename="susulan.pdf",
                    jenis="pdf",
                    size=len(REPORT),
                    content=REPORT,
                    sha256="0" * 64,
                    uploaded_at=office.clock.now(),
                )
            )
        else:
            realisation.faktor_penghambat = "Ditulis setelah paraf"


@pytest.mark.parametrize("change", ["bukti", "analisis"])
def test_a_file_or_an_analysis_changed_after_paraf_voids_it(office: Office, change: str) -> None:
    round_ = office.walk(at_step=8)
    behind_the_workflow(office, round_.id, change)
    version = office.round(round_.id).version
    with pytest.raises(Stale, match="berubah setelah diparaf"):
        approvals.approve(
            office.ctx, actor=SEKRETARIS, round_id=round_.id, expected_version=version
        )
    given = [a for a in approvals_of(office.ctx, round_.id) if a.step >= 6]
    assert [(a.step, a.action) for a in given] == [(6, "serahkan"), (7, "paraf")]
    assert all(a.void_reason == "data berubah setelah paraf" for a in given)
    assert office.round(round_.id).state == "penyusunan"

"""Helpers the workbook tests share (no tests here): the format as the bot sends it, filled
the way a Kabid fills it in Excel, and the check that a refused upload saved nothing."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select

from bot.documents.indicator_sheet import IndicatorRow
from bot.documents.workbook.format_sheet import (
    HEADER_ROW,
    KETERANGAN_COL,
    PENGHAMBAT_COL,
    REALISASI_COL,
    SHEET,
    format_workbook,
)
from bot.errors import WorkflowError
from bot.sop import Role
from bot.workflow import files, master, upload
from bot.workflow.context import Ctx
from storage import queries
from storage.models import AuditEvent, Indicator, Realisation, Submission
from tests.conftest import distributed_round, enrol


def opened(content: bytes, read_only: bool = False) -> Workbook:
    """An xlsx the bot sent, opened as Excel would open it."""
    return openpyxl.load_workbook(io.BytesIO(content), read_only=read_only)


def saved(workbook: Workbook) -> bytes:
    """The workbook's bytes, as Excel would save it."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def format_file(ctx: Ctx, submission_id: int) -> bytes:
    """The xlsx attached to the format card, rendered as the sender renders it."""
    rendered = files.render(ctx, {"kind": "format", "submission_id": submission_id})
    assert rendered is not None
    name, content = rendered
    assert name.endswith(".xlsx")
    return content


def edit(content: bytes, change: object) -> bytes:
    """The workbook after `change(sheet)` ran on its Format sheet, saved as Excel would."""
    workbook = opened(content)
    change(workbook[SHEET])  # type: ignore[operator]
    return saved(workbook)


def fill(
    content: bytes,
    values: Mapping[int, object],
    keterangan: Mapping[int, str] | None = None,
    analisis: Mapping[int, tuple[str, str, str]] | None = None,
) -> bytes:
    """The format with Realisasi (and Keterangan, and the analysis: faktor penghambat, upaya,
    faktor pendorong, "" left blank) typed in the rows of these indicator numbers."""

    def type_in(sheet: Worksheet) -> None:
        for nomor, value in values.items():
            sheet.cell(HEADER_ROW + nomor, REALISASI_COL, value)
        for nomor, text in (keterangan or {}).items():
            sheet.cell(HEADER_ROW + nomor, KETERANGAN_COL, text)
        for nomor, texts in (analisis or {}).items():
            for offset, text in enumerate(texts):
                if text:
                    sheet.cell(HEADER_ROW + nomor, PENGHAMBAT_COL + offset, text)

    return edit(content, type_in)


def as_excel_wrote(content: bytes, numbers: Mapping[int, str]) -> bytes:
    """The xlsx with each placeholder number's cell holding the number text Excel wrote.

    openpyxl writes a float with 16 digits only, so a value such as 1.7976931348623157E308,
    which Excel writes as it is, can only reach a test by editing the sheet's XML.
    """
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename.startswith("xl/worksheets/"):
                for placeholder, written in numbers.items():
                    data = data.replace(
                        f"<v>{placeholder}</v>".encode(), f"<v>{written}</v>".encode()
                    )
            target.writestr(member, data)
    return buffer.getvalue()


def stored(ctx: Ctx) -> list[tuple[object, ...]]:
    """Every realisation, submission version and audit event: what a refusal must not move."""
    with ctx.read() as session:
        values = [
            (r.id, r.value, r.keterangan, r.perlu_perbaikan, r.updated_at)
            for r in session.scalars(select(Realisation).order_by(Realisation.id))
        ]
        versions = [(s.id, s.state, s.version) for s in session.scalars(select(Submission))]
        events = list(session.scalars(select(AuditEvent.id)))
    return [*values, *versions, tuple(events)]


def refused(
    ctx: Ctx, actor: int, content: bytes, error: type[WorkflowError], filename: str = "isi.xlsx"
) -> str:
    """Uploads `content`, expects `error`, checks nothing was saved, returns the message."""
    before = stored(ctx)
    with pytest.raises(error) as raised:
        upload.apply_upload(ctx, actor=actor, content=content, filename=filename)
    assert stored(ctx) == before, "a refused upload must save nothing"
    return raised.value.message


def values_of(ctx: Ctx, submission_id: int) -> dict[str, tuple[Decimal | None, str, bool]]:
    """The submission's realisations by indicator name: (value, keterangan, perlu_perbaikan)."""
    with ctx.read() as session:
        rows = session.execute(
            select(Indicator.nama, Realisation)
            .join(Realisation, Realisation.indicator_id == Indicator.id)
            .where(Realisation.submission_id == submission_id)
        )
        return {nama: (r.value, r.keterangan, r.perlu_perbaikan) for nama, r in rows}


def big_master(n_bidang: int, n_indicators: int) -> list[IndicatorRow]:
    """An office far larger than the sample: every arah, rumus and sifat, some TW I history."""
    kinds = (
        ("naik", None, "akhir", "%"),
        ("naik", None, "kumulatif", "dokumen"),
        ("turun", "selisih", "rata-rata", "hari"),
        ("turun", "rasio", "akhir", "%"),
        ("naik", None, "rata-rata", "nilai"),
    )
    rows = []
    for b in range(1, n_bidang + 1):
        bidang = "Sekretariat" if b == 1 else f"Bidang Urusan Nomor {b:02d}"
        for i in range(1, n_indicators + 1):
            arah, rumus, sifat, satuan = kinds[i % len(kinds)]
            target = Decimal(10 * (i % 9 + 1))
            rows.append(
                IndicatorRow(
                    row=0,
                    bidang=bidang,
                    sasaran=f"Sasaran strategis {i % 4 + 1} bidang {b}",
                    indikator=f"Indikator kinerja nomor {i} dari bidang {b} yang cukup panjang",
                    satuan=satuan,
                    arah=arah,  # type: ignore[arg-type]
                    rumus=rumus,  # type: ignore[arg-type]
                    sifat=sifat,  # type: ignore[arg-type]
                    boleh_negatif=False,
                    target_tahunan=target * 4 if sifat == "kumulatif" else target,
                    target_tw=(target, target, target, target),
                    realisasi_tw=(target if i % 3 else None, None, None, None),
                )
            )
    return rows


def big_round(ctx: Ctx, n_bidang: int, n_indicators: int) -> int:
    """A TW II round of that size, every Kabid's format uploaded filled: the id of the round."""
    master.load_indicators(ctx, big_master(n_bidang, n_indicators), 2026)
    enrol(ctx, 1, "Operator", Role.OPERATOR)
    enrol(ctx, 2, "Kasubag", Role.KASUBAG)
    with ctx.read() as session:
        bidang = [b.nama for b in queries.all_bidang(session)]
    for number, nama in enumerate(bidang, start=100):
        enrol(ctx, number, f"Kabid {number}", Role.KABID, nama)
    round_ = distributed_round(ctx, 2026, 2, operator=1, kasubag=2)
    factors = (Decimal("0.9"), Decimal("1"), Decimal("1.1"), Decimal("0.8"))
    for number, nama in enumerate(bidang, start=100):
        with ctx.read() as session:
            found = queries.bidang_by_name(session, nama)
            assert found is not None
            submission = queries.submission_for(session, round_.id, found.id)
            assert submission is not None
            doc = files.submission_format(session, ctx, submission)
        # Filled by the writer itself: the Excel-like editing is covered by the round-trip
        # tests, and one openpyxl pass per bidang keeps this test quick.
        rows = tuple(
            replace(row, realisasi=row.target * factors[row.nomor % 4]) for row in doc.rows
        )
        content = format_workbook(replace(doc, rows=rows))
        upload.apply_upload(ctx, actor=number, content=content, filename=f"{nama}.xlsx")
    return round_.id

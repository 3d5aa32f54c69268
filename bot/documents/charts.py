"""The round's picture for the phone (issue 14 part 3): each bidang's average capaian this
quarter and how many indicators fall in each category, one PNG about 1000 px wide.

matplotlib is imported inside `figure` only: it weighs tens of megabytes, and a bot that never
draws a chart should not carry them (README, *Tolok ukur* P5). The input is plain data, made
from the compiled workbook's rows by `from_report`, so the chart, the Grafik sheet and the cards
read the same capaian. Bars start at 0 % (an axis from 94 % draws 99 % as half of 107 %) and are
coloured like the workbook's categories; a bidang without any capaian gets words, never a 0 %
bar (DESIGN §5: a blank is not zero).
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

from bot import capaian as rules
from bot import formatting as fmt
from bot.documents.workbook.model import (
    KATEGORI_WARNA,
    TANPA_CAPAIAN,
    Report,
    mean,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

WIDTH_PX: Final = 1000
DPI: Final = 100
TANPA_WARNA: Final = "D9D9D9"
"""Grey for the indicators without a capaian, beside the categories' green to red."""
TEPI: Final = "595959"
DRAFT_WARNA: Final = "C00000"
_ROW_IN: Final = 0.62
_CLEAR: Final = {"facecolor": "white", "edgecolor": "none", "pad": 1}
"""Behind a label, so it stays readable where the 100 % line crosses it."""
_LABEL_WIDTH: Final = 48

KIND: Final = "grafik"
"""The outbox attachment kind of a round's chart; it goes as a photo."""


def attachment(round_id: int) -> dict[str, Any]:
    """What an outbox row (or a chat reply) names to send a round's chart as a photo."""
    return {"kind": KIND, "round_id": round_id, "photo": True}


@dataclass(frozen=True)
class BidangCapaian:
    """One bidang's bar: the average capaian of its indicators that have one."""

    nama: str
    capaian: Decimal | None

    @property
    def kategori(self) -> str | None:
        return rules.kategori(self.capaian) if self.capaian is not None else None


@dataclass(frozen=True)
class Grafik:
    """What the chart shows, as plain data."""

    judul: str
    """ "Capaian Kinerja TW II 2026"."""
    instansi: str
    final: bool
    bidang: tuple[BidangCapaian, ...]
    kategori: tuple[tuple[str, int], ...]
    """Indicators per category, best first, then those without a capaian."""


def from_report(report: Report) -> Grafik:
    """The chart of a compiled report: every bidang in it, every indicator counted once."""
    counts = dict.fromkeys((*KATEGORI_WARNA, TANPA_CAPAIAN), 0)
    for bidang in report.bidang:
        for label, count in bidang.kategori_count().items():
            counts[label] += count
    return Grafik(
        judul=f"Capaian Kinerja {report.periode.tw} {report.periode.tahun}",
        instansi=report.kop.instansi,
        final=report.final,
        bidang=tuple(
            BidangCapaian(
                b.nama, mean([pct for row in b.rows if (pct := row.capaian_tw) is not None])
            )
            for b in report.bidang
        ),
        kategori=tuple(counts.items()),
    )


def capaian_png(grafik: Grafik) -> bytes:
    """The chart as PNG bytes, WIDTH_PX wide (its height grows with the bidang)."""
    buffer = io.BytesIO()
    figure(grafik).savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def _colour(label: str | None) -> str:
    return f"#{KATEGORI_WARNA.get(label or '', TANPA_WARNA)}"


def figure(grafik: Grafik) -> Figure:
    """The matplotlib figure of `capaian_png`: per bidang on top, per category below."""
    # Imported here, not at the top: see the module's docstring.
    from matplotlib.figure import Figure

    n_bidang = max(len(grafik.bidang), 1)
    n_kategori = len(grafik.kategori)
    height = 2.0 + _ROW_IN * (n_bidang + n_kategori) + 1.4
    fig = Figure(figsize=(WIDTH_PX / DPI, height), dpi=DPI, layout="constrained")
    fig.suptitle(grafik.judul, fontsize=22, fontweight="bold")
    top, bottom = fig.subplots(2, 1, height_ratios=[n_bidang + 1, n_kategori + 1])
    status = "FINAL" if grafik.final else "DRAFT — belum final"
    colour = TEPI if grafik.final else DRAFT_WARNA
    top.set_title(f"{grafik.instansi} · {status}", fontsize=14, color=f"#{colour}", loc="left")
    _per_bidang(top, grafik.bidang)
    _per_kategori(bottom, grafik.kategori)
    return fig


def _per_bidang(ax: Axes, rows: Sequence[BidangCapaian]) -> None:
    """Average capaian per bidang: its name above a bar from 0, the value at the bar's end."""
    from matplotlib.ticker import FuncFormatter

    known = [float(b.capaian) for b in rows if b.capaian is not None]
    positions = list(range(len(rows)))
    ax.barh(
        positions,
        [float(b.capaian) if b.capaian is not None else 0.0 for b in rows],
        height=0.5,
        color=[_colour(b.kategori) for b in rows],
        edgecolor=f"#{TEPI}",
        linewidth=[1.0 if b.capaian is not None else 0.0 for b in rows],
    )
    for position, bidang in zip(positions, rows, strict=True):
        name = textwrap.shorten(bidang.nama, _LABEL_WIDTH, placeholder="…")
        ax.text(0, position - 0.3, name, fontsize=15, va="bottom", bbox=_CLEAR)
        if bidang.capaian is None:
            ax.text(0, position, " belum ada capaian", fontsize=14, va="center", style="italic")
            continue
        value = float(bidang.capaian)
        ax.text(
            value,
            position,
            f" {fmt.persen(bidang.capaian)} % ",
            fontsize=15,
            fontweight="bold",
            va="center",
            ha="left" if value >= 0 else "right",
            bbox=_CLEAR,
        )
    ax.axvline(100, color=f"#{TEPI}", linestyle="--", linewidth=1.2)
    # From 0 unless a capaian is negative (a "turun" formula can give one): no bar is cut off.
    ax.set_xlim(min([0.0, *known]) * 1.1, max([110.0, *known]) * 1.18)
    ax.set_ylim(len(rows) - 0.5, -1.0)
    ax.set_yticks([])
    ax.set_xlabel("Rata-rata capaian indikator (%); garis putus-putus: 100 %", fontsize=13)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:.0f} %"))
    ax.tick_params(axis="x", labelsize=13)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)


def _per_kategori(ax: Axes, kategori: Sequence[tuple[str, int]]) -> None:
    """How many indicators fall in each category (Permendagri 86/2017), best first."""
    from matplotlib.ticker import MaxNLocator

    labels = [label for label, _ in kategori]
    counts = [count for _, count in kategori]
    positions = list(range(len(labels)))
    ax.barh(
        positions,
        counts,
        height=0.6,
        color=[_colour(label) for label in labels],
        edgecolor=f"#{TEPI}",
    )
    for position, count in zip(positions, counts, strict=True):
        ax.text(count, position, f" {count}", fontsize=15, va="center")
    ax.set_yticks(positions, labels, fontsize=15)
    ax.set_ylim(len(labels) - 0.5, -0.5)
    ax.set_xlim(0, max([*counts, 1]) * 1.15)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("Jumlah indikator per kategori", fontsize=13)
    ax.tick_params(axis="x", labelsize=13)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)

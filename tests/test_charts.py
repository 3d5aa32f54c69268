"""The round's chart (issue 14 part 3): capaian per bidang and by category as a PNG a phone
shows whole, bars from 0 % in the workbook's category colours, labels in Indonesian; and
matplotlib stays out of the bot until a chart is drawn."""

from __future__ import annotations

import struct
import subprocess
import sys
from decimal import Decimal

from matplotlib.colors import to_hex

from bot.documents import charts
from bot.documents.charts import BidangCapaian, Grafik
from bot.documents.workbook.model import KATEGORI_WARNA
from bot.workflow import files
from tests.conftest import CAPIL, DAFDUK, SEKRETARIAT, Office

KATEGORI = (
    ("Sangat Tinggi", 4),
    ("Tinggi", 1),
    ("Sedang", 1),
    ("Rendah", 0),
    ("Sangat Rendah", 0),
    ("Tanpa capaian", 1),
)
GRAFIK = Grafik(
    judul="Capaian Kinerja TW II 2026",
    instansi="Dinas Kependudukan dan Pencatatan Sipil",
    final=False,
    bidang=(
        BidangCapaian(SEKRETARIAT, Decimal("96.75")),
        BidangCapaian(DAFDUK, Decimal("107.38")),
        BidangCapaian(CAPIL, Decimal("83.333")),
        BidangCapaian("Bidang Pengelolaan Informasi Administrasi Kependudukan", None),
    ),
    kategori=KATEGORI,
)


def png_size(content: bytes) -> tuple[int, int]:
    assert content.startswith(b"\x89PNG\r\n\x1a\n")
    return struct.unpack(">II", content[16:24])


def bar_colours(axes: object) -> list[str]:
    return [to_hex(patch.get_facecolor()).upper() for patch in axes.patches]  # type: ignore[attr-defined]


def texts_of(axes: object) -> list[str]:
    return [text.get_text() for text in axes.texts]  # type: ignore[attr-defined]


def test_the_chart_is_a_png_a_thousand_pixels_wide() -> None:
    width, height = png_size(charts.capaian_png(GRAFIK))
    assert width == 1000
    assert 800 < height < 1400


def test_bars_start_at_zero_and_wear_the_workbooks_category_colours() -> None:
    per_bidang, per_kategori = charts.figure(GRAFIK).axes
    assert per_bidang.get_xlim()[0] == 0
    assert per_kategori.get_xlim()[0] == 0
    colours = {label: f"#{colour}" for label, colour in KATEGORI_WARNA.items()}
    assert bar_colours(per_bidang) == [
        colours["Sangat Tinggi"],
        colours["Sangat Tinggi"],
        colours["Tinggi"],
        f"#{charts.TANPA_WARNA}",
    ]
    assert bar_colours(per_kategori) == [*colours.values(), f"#{charts.TANPA_WARNA}"]
    assert [patch.get_width() for patch in per_kategori.patches] == [4, 1, 1, 0, 0, 1]


def test_a_bidang_without_capaian_gets_words_never_a_zero_bar() -> None:
    per_bidang = charts.figure(GRAFIK).axes[0]
    empty = per_bidang.patches[-1]
    assert (empty.get_width(), empty.get_linewidth()) == (0, 0)
    assert " belum ada capaian" in texts_of(per_bidang)


def test_labels_are_indonesian() -> None:
    figure = charts.figure(GRAFIK)
    per_bidang, per_kategori = figure.axes
    figure.canvas.draw()
    assert figure.get_suptitle() == "Capaian Kinerja TW II 2026"
    assert per_bidang.get_title(loc="left").endswith("· DRAFT — belum final")
    shown = texts_of(per_bidang)
    assert [t for t in shown if t.endswith("% ")] == [" 96,75 % ", " 107,38 % ", " 83,33 % "]
    assert "Bidang Pengelolaan Informasi Administrasi…" in shown
    assert "100 %" in [label.get_text() for label in per_bidang.get_xticklabels()]
    assert per_bidang.get_xlabel().startswith("Rata-rata capaian indikator (%)")
    assert [t.get_text() for t in per_kategori.get_yticklabels()] == [k for k, _ in KATEGORI]
    assert per_kategori.get_xlabel() == "Jumlah indikator per kategori"


def test_a_negative_capaian_extends_the_axis_below_zero() -> None:
    grafik = Grafik(
        "Capaian Kinerja TW II 2026",
        "Dinas",
        True,
        (BidangCapaian("Umum", Decimal(-20)),),
        KATEGORI,
    )
    per_bidang = charts.figure(grafik).axes[0]
    assert per_bidang.get_xlim()[0] < -20
    assert per_bidang.get_title(loc="left") == "Dinas · FINAL"


def test_chart_for_averages_each_bidang_and_counts_every_indicator(office: Office) -> None:
    round_ = office.walk(at_step=7, value="90")
    name, content = files.chart_for(office.ctx, round_.id) or ("", b"")
    assert name == "grafik-capaian-tw2-2026.png"
    assert png_size(content)[0] == 1000
    with office.ctx.read() as session:
        grafik = charts.from_report(
            files.build_report(session, office.ctx, office.round(round_.id))
        )
    assert [b.nama for b in grafik.bidang] == [SEKRETARIAT, DAFDUK, CAPIL]
    # Nilai SAKIP 90 of 72 and realisasi anggaran 90 of 25: (125 + 360) / 2.
    assert grafik.bidang[0].capaian == Decimal("242.5")
    assert sum(count for _, count in grafik.kategori) == 7
    assert grafik.final is False


def test_chart_for_gives_nothing_for_a_round_that_does_not_exist(office: Office) -> None:
    assert files.chart_for(office.ctx, 999) is None


IMPORT_THE_BOT = (
    "import importlib, pkgutil, sys\n"
    "import bot.app, bot.cli, bot.workflow.files, bot.documents.charts, handlers, scheduler\n"
    "for package in (handlers, scheduler):\n"
    "    for found in pkgutil.iter_modules(package.__path__):\n"
    "        importlib.import_module(f'{package.__name__}.{found.name}')\n"
)


def matplotlib_loaded(after: str = "") -> bool:
    code = IMPORT_THE_BOT + after + "print('matplotlib' in sys.modules)\n"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return run.stdout.strip() == "True"


def test_the_bot_does_not_import_matplotlib_until_a_chart_is_drawn() -> None:
    """The bot's memory grows by matplotlib's only when someone needs a picture."""
    assert not matplotlib_loaded()
    draw = (
        "from decimal import Decimal\n"
        "from bot.documents.charts import BidangCapaian, Grafik, capaian_png\n"
        "bidang = (BidangCapaian('Umum', Decimal(90)),)\n"
        "capaian_png(Grafik('Capaian', 'Dinas', True, bidang, (('Tinggi', 1),)))\n"
    )
    assert matplotlib_loaded(draw), "the check must be able to see matplotlib"

"""The office's data for the kop and signature block (`kinerja-bot init`): every text is held to
its column before it is saved, and the NIP to its 18 digits."""

from __future__ import annotations

import pytest

from bot.errors import InvalidInput
from bot.workflow import master
from bot.workflow.context import Ctx
from tests.conftest import refused

LIMITS = [
    ("nama", "Nama instansi", 200),
    ("kabupaten", "Nama kabupaten", 100),
    ("alamat", "Alamat kantor", 300),
    ("tempat", "Tempat penandatanganan", 100),
    ("kepala_nama", "Nama Kepala Dinas", 200),
    ("kepala_pangkat", "Pangkat/golongan Kepala Dinas", 200),
]


@pytest.mark.parametrize(("field", "label", "limit"), LIMITS)
def test_office_text_over_its_column_is_refused_naming_the_limit(
    ctx: Ctx, field: str, label: str, limit: int
) -> None:
    with refused(ctx, InvalidInput, rf"^{label} terlalu panjang \(maksimal {limit} karakter\)"):
        master.set_office(ctx, **{"kepala_nama": "Nama Baru", field: "x" * (limit + 1)})

    office = master.set_office(ctx, **{field: " " + "y" * limit + " "})
    assert getattr(office, field) == "y" * limit


def test_nip_is_kept_as_its_eighteen_digits_however_spaced(ctx: Ctx) -> None:
    office = master.set_office(ctx, kepala_nip=" 19700101 199503 1 001 ")

    assert office.kepala_nip == "197001011995031001"


@pytest.mark.parametrize(
    "nip",
    [
        "1970010119950310",
        "1970010119950310011",
        "19700101.199503.1.001",
        "19700101-199503-1-001",
        "NIP 197001011995031001",
        "１９７００１０１１９９５０３１００１",
        "1" * 31,
    ],
)
def test_anything_but_eighteen_digits_is_refused_as_a_nip(ctx: Ctx, nip: str) -> None:
    with refused(ctx, InvalidInput, "^NIP harus 18 angka, boleh ditulis dengan spasi"):
        master.set_office(ctx, kepala_nama="Ahmad", kepala_nip=nip)
    assert master.get_office(ctx).kepala_nip == "197001011995031001"  # type: ignore[union-attr]

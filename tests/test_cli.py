"""The command line as an administrator uses it: Indonesian help, one-line errors, exit codes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import load_settings
from bot.documents.indicator_sheet import SAMPLE_PATH, read_indicator_rows, write_template
from bot.errors import WorkflowError
from bot.workflow import master, registration
from bot.workflow.context import build_context
from tests.database import Databases


@pytest.fixture(autouse=True)
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, databases: Databases) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in ("TELEGRAM_BOT_TOKEN", "KINERJA_DATABASE_URL", "KINERJA_CLOCK_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KINERJA_DATABASE_URL", databases.url("cli", migrated=False))
    return tmp_path


def test_init_with_sample_prints_steps_bidang_and_how_to_run(capsys: pytest.CaptureFixture) -> None:
    assert main(["init", "--contoh", "--kepala-nip", "197001011995031001"]) == 0
    out = capsys.readouterr().out
    assert "1. Membuat draft format data kinerja — Operator Subbag Perencanaan, 2 hari kerja" in out
    assert "9. Menandatangani data kinerja — Kepala Dinas, 10 menit kerja" in out
    assert "5 bidang, 30 indikator" in out
    assert "• Sekretariat — 6 indikator" in out
    assert "NIP. 19700101 199503 1 001" in out
    assert "TELEGRAM_BOT_TOKEN" in out


def test_init_is_idempotent(capsys: pytest.CaptureFixture) -> None:
    assert main(["init", "--kabupaten", "Musi Rawas"]) == 0
    assert main(["init", "--contoh"]) == 0
    assert main(["init", "--contoh"]) == 0
    assert "5 bidang, 30 indikator" in capsys.readouterr().out


def test_import_with_bad_rows_loads_nothing_and_names_each_row(
    workdir: Path, capsys: pytest.CaptureFixture
) -> None:
    rows = read_indicator_rows(
        Path(__file__).parent.parent / "bot/documents/samples/indikator-contoh.xlsx"
    )
    write_template(workdir / "baik.xlsx", rows)
    write_template(workdir / "buruk.xlsx", rows)
    import openpyxl

    book = openpyxl.load_workbook(workdir / "buruk.xlsx")
    sheet = book["Indikator"]
    header = next(
        r for r in sheet.iter_rows(min_row=1, max_row=10) if any(c.value == "Arah" for c in r)
    )
    arah_col = next(c.column for c in header if c.value == "Arah")
    sheet.cell(row=header[0].row + 2, column=arah_col, value="atas")
    book.save(workdir / "buruk.xlsx")

    assert main(["import-indikator", "buruk.xlsx", "--tahun", "2026"]) == 1
    err = capsys.readouterr().err
    assert "tidak ada yang dimuat" in err
    assert f"Baris {header[0].row + 2}, kolom Arah" in err
    assert "Traceback" not in err
    assert main(["pengguna"]) == 0
    assert main(["undang", "--peran", "kabid", "--bidang", "Sekretariat"]) == 1
    assert "belum ada bidang" in capsys.readouterr().err

    assert main(["import-indikator", "baik.xlsx", "--tahun", "2026"]) == 0
    assert "5 bidang, 30 indikator" in capsys.readouterr().out


def stored_office() -> tuple[str, str]:
    """(alamat, kepala_nip) as `init` left them in the database."""
    office = master.get_office(build_context(load_settings()))
    return office.alamat, office.kepala_nip


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--alamat", "x" * 301], "Alamat kantor terlalu panjang (maksimal 300 karakter)."),
        (["--instansi", "x" * 201], "Nama instansi terlalu panjang (maksimal 200 karakter)."),
        (["--kepala-nip", "1" * 31], "NIP harus 18 angka, boleh ditulis dengan spasi"),
        (["--kepala-nip", "19700101 199503 1 00"], "NIP harus 18 angka"),
    ],
)
def test_init_refuses_an_option_beyond_its_limit_in_one_line_and_saves_nothing(
    capsys: pytest.CaptureFixture, option: list[str], message: str
) -> None:
    assert main(["init", "--alamat", "Jl. Lintas", "--kepala-nip", "197001011995031001"]) == 0
    capsys.readouterr()

    assert main(["init", "--kabupaten", "Lahat", *option]) == 1

    err = capsys.readouterr().err
    assert err.startswith(f"Gagal: {message}") and err.count("\n") == 1
    assert "Traceback" not in err
    assert stored_office() == ("Jl. Lintas", "197001011995031001")


def test_init_takes_a_nip_typed_with_spaces_and_stores_its_digits(
    capsys: pytest.CaptureFixture,
) -> None:
    assert main(["init", "--kepala-nip", "19700101 199503 1 001"]) == 0

    assert "NIP. 19700101 199503 1 001" in capsys.readouterr().out
    assert stored_office()[1] == "197001011995031001"


def test_invite_for_an_overlong_bidang_name_is_one_line_naming_the_limit(
    capsys: pytest.CaptureFixture,
) -> None:
    assert main(["undang", "--peran", "kabid", "--bidang", "x" * 201]) == 1
    err = capsys.readouterr().err
    assert err == "Gagal: Nama bidang terlalu panjang (maksimal 200 karakter). Mohon diringkas.\n"


def test_import_refuses_numbers_and_texts_beyond_their_limits_and_loads_nothing(
    workdir: Path, capsys: pytest.CaptureFixture
) -> None:
    rows = read_indicator_rows(SAMPLE_PATH)
    write_template(workdir / "batas.xlsx", rows)
    import openpyxl

    book = openpyxl.load_workbook(workdir / "batas.xlsx")
    sheet = book["Indikator"]
    header = next(r for r in sheet.iter_rows(max_row=10) if any(c.value == "Satuan" for c in r))
    column = {c.value: c.column for c in header}
    first = header[0].row + 1
    sheet.cell(first, column["Satuan"], "s" * 51)
    sheet.cell(first, column["Target Tahunan"], 1e40)
    sheet.cell(first + 1, column["Target TW I"], "0,1234567")
    book.save(workdir / "batas.xlsx")

    assert main(["import-indikator", "batas.xlsx", "--tahun", "2026"]) == 1

    err = capsys.readouterr().err
    assert f"Baris {first}, kolom Satuan: terlalu panjang; paling banyak 50 karakter" in err
    assert f"Baris {first}, kolom Target Tahunan: Maaf, angka ini terlalu besar" in err
    assert "paling banyak 15 angka sebelum koma" in err
    assert f"Baris {first + 1}, kolom Target TW I: Maaf, angka ini terlalu rinci" in err
    assert "Traceback" not in err
    assert main(["undang", "--peran", "kabid", "--bidang", "Sekretariat"]) == 1
    assert "belum ada bidang" in capsys.readouterr().err


def test_invite_prints_one_time_deep_link(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("KINERJA_BOT_USERNAME", "dukcapil_mura_bot")
    assert main(["undang", "--peran", "operator"]) == 0
    out = capsys.readouterr().out
    assert "https://t.me/dukcapil_mura_bot?start=" in out
    code = out.strip().rsplit("start=", 1)[1]
    assert 20 <= len(code) <= 64 and code.replace("-", "").replace("_", "").isalnum()


def test_template_writes_the_indicator_template(workdir: Path) -> None:
    assert main(["template", "indikator", "-o", "t.xlsx"]) == 0
    assert (workdir / "t.xlsx").stat().st_size > 0


def test_run_without_token_says_what_to_do(capsys: pytest.CaptureFixture) -> None:
    assert main(["run"]) == 1
    err = capsys.readouterr().err
    assert "TELEGRAM_BOT_TOKEN belum diisi" in err and "BotFather" in err


def test_bad_configuration_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("KINERJA_JAM_KERJA", "setiap hari")
    assert main(["pengguna"]) == 1
    assert "KINERJA_JAM_KERJA" in capsys.readouterr().err


def test_missing_file_is_one_line(capsys: pytest.CaptureFixture) -> None:
    assert main(["import-indikator", "tidak-ada.xlsx"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "tidak ditemukan" in err


def test_help_and_usage_errors_are_indonesian(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["undang", "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("Pemakaian: kinerja-bot undang")
    assert "tampilkan bantuan ini" in out and "show this help" not in out
    with pytest.raises(SystemExit) as exited:
        main(["undang"])
    assert exited.value.code == 2
    assert (
        "argumen wajib belum diisi: salah satu dari --peran --daftar --batalkan"
        in capsys.readouterr().err
    )


# --- Granting from the command line, acting roles, open invites, cabut, pengguna ---


@pytest.fixture
def office_day(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The office's clock stands at Wednesday 1 July 2026, 07.30 WIB."""
    clock = workdir / "jam.txt"
    clock.write_text("2026-07-01T07:30:00+07:00", encoding="utf-8")
    monkeypatch.setenv("KINERJA_CLOCK_FILE", str(clock))
    return clock


def run(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    """`kinerja-bot ARGS`: exit code, output and errors."""
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def open_link(printed: str, telegram_id: int, nama: str) -> None:
    """Someone opens the printed deep link in Telegram."""
    code = re.search(r"start=([A-Za-z0-9_-]+)", printed)
    assert code is not None, printed
    registration.redeem_invite(
        build_context(load_settings()), telegram_id=telegram_id, nama=nama, code=code.group(1)
    )


def test_an_acting_invite_needs_an_end_and_a_letter(
    office_day: Path, capsys: pytest.CaptureFixture
) -> None:
    for extra in ([], ["--sampai", "2026-07-31"], ["--surat", "800/1/2026"]):
        code, _, err = run(capsys, "undang", "--peran", "kepala", "--plt", "--nama", "X", *extra)
        assert code == 1 and "--sampai TTTT-BB-HH" in err and "--surat" in err
    with pytest.raises(SystemExit) as exited:
        main(["undang", "--peran", "kepala", "--plt", "--plh"])
    assert exited.value.code == 2
    assert "argumen --plh: tidak boleh bersama argumen --plt" in capsys.readouterr().err
    assert run(capsys, "undang", "--daftar")[1] == "Tidak ada undangan yang masih terbuka.\n"


def test_an_acting_invite_prints_its_terms_and_becomes_an_acting_grant(
    office_day: Path, capsys: pytest.CaptureFixture
) -> None:
    code, out, _ = run(
        capsys,
        *("undang", "--peran", "kepala", "--plh", "--sampai", "2026-07-31"),
        *("--surat", "800/45/DUKCAPIL/2026", "--nama", "Citra Lestari, S.E."),
        *("--pangkat", "Pembina (IV/a)", "--nip", "19800101 200501 2 003"),
    )
    assert code == 0
    assert out.startswith("Undangan Plh. Kepala Dinas, sekali pakai, berlaku sampai Sabtu, 4 Juli")
    assert "Peran berlaku sampai 31 Juli 2026 (surat 800/45/DUKCAPIL/2026)." in out
    assert "Dicetak sebagai: Citra Lestari, S.E., Pembina (IV/a), NIP. 19800101 200501 2 003" in out
    open_link(out, 1003, "Citra")

    code, out, _ = run(capsys, "pengguna")
    assert out.splitlines() == [
        "[1] Citra (Telegram 1003)",
        "    • Plh. Kepala Dinas, sejak 1 Juli 2026 s.d. 31 Juli 2026; surat 800/45/DUKCAPIL/2026; "
        "dicetak: Citra Lestari, S.E., Pembina (IV/a), NIP. 19800101 200501 2 003",
    ]


def test_approver_invites_need_a_printed_name_except_the_kepalas(
    office_day: Path, capsys: pytest.CaptureFixture
) -> None:
    for role in ("kasubag", "sekretaris"):
        code, _, err = run(capsys, "undang", "--peran", role)
        assert code == 1 and "memerlukan --nama" in err
    code, _, err = run(
        capsys, "undang", "--peran", "kepala", "--plt", "--sampai", "2026-07-31", "--surat", "8/1"
    )
    assert code == 1 and "Undangan Plt. Kepala Dinas memerlukan --nama" in err
    run(capsys, "init", "--kepala-nama", "Dr. H. Ahmad Fauzi", "--kepala-pangkat", "Pembina")
    run(capsys, "init", "--kepala-nip", "197001011995031001")

    code, out, _ = run(capsys, "undang", "--peran", "kepala")

    assert code == 0
    assert "Dicetak sebagai: Dr. H. Ahmad Fauzi, Pembina, NIP. 19700101 199503 1 001" in out
    code, out, _ = run(capsys, "undang", "--peran", "kasubag", "--nama", "Budi, S.E.")
    assert code == 0 and "Dicetak sebagai: Budi, S.E." in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--peran", "kepala", "--nip", "1970 0101"], "NIP «1970 0101» tidak sah"),
        (["--peran", "perencana", "--sampai", "2026-06-30"], "sudah lewat"),
        (["--peran", "perencana", "--nama", "Eka"], "hanya dipakai untuk peran kasubag"),
        (["--daftar", "--bidang", "Sekretariat"], "--bidang hanya dipakai bersama --peran"),
        (["--batalkan", "7"], "Tidak ada undangan dengan id 7"),
    ],
)
def test_bad_invite_options_are_one_line(
    office_day: Path, capsys: pytest.CaptureFixture, args: list[str], message: str
) -> None:
    code, out, err = run(capsys, "undang", *args)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and message in err


def test_open_invites_are_listed_and_cancelled(
    office_day: Path, capsys: pytest.CaptureFixture
) -> None:
    first = run(capsys, "undang", "--peran", "perencana")[1]
    second = run(capsys, "undang", "--peran", "sekretaris", "--nama", "Citra, S.E.")[1]

    code, out, _ = run(capsys, "undang", "--daftar")

    assert code == 0
    assert out.splitlines() == [
        "[1] Perencana — dibuat Rabu 1 Juli 07.30 oleh administrator, berlaku sampai "
        "Sabtu, 4 Juli 2026 pukul 07.30 WIB",
        "[2] Sekretaris (untuk Citra, S.E.) — dibuat Rabu 1 Juli 07.30 oleh administrator, "
        "berlaku sampai Sabtu, 4 Juli 2026 pukul 07.30 WIB",
    ]
    for printed in (first, second):
        assert printed.rsplit("start=", 1)[1].strip() not in out
    assert run(capsys, "undang", "--batalkan", "1")[1] == "Undangan 1 (Perencana) dibatalkan.\n"
    assert [line[:3] for line in run(capsys, "undang", "--daftar")[1].splitlines()] == ["[2]"]
    code, _, err = run(capsys, "undang", "--batalkan", "1")
    assert code == 1 and "Undangan 1 sudah dibatalkan" in err
    with pytest.raises(WorkflowError, match="tidak berlaku"):
        open_link(first, 1005, "Eka")


def test_cabut_ends_a_grant_and_pengguna_shows_it_ended(
    office_day: Path, capsys: pytest.CaptureFixture
) -> None:
    run(capsys, "init", "--contoh")
    open_link(run(capsys, "undang", "--peran", "operator")[1], 1001, "Andi")
    open_link(run(capsys, "undang", "--peran", "kabid", "--bidang", "Sekretariat")[1], 1001, "Andi")
    open_link(run(capsys, "undang", "--peran", "sekretaris", "--nama", "Citra")[1], 1003, "Citra")

    code, out, _ = run(capsys, "cabut", "--id", "2", "--peran", "sekretaris")

    assert code == 0
    assert out == "Peran Sekretaris Citra dicabut, berakhir sekarang. Operator diberi tahu.\n"
    code, out, _ = run(
        capsys,
        "cabut",
        "--id",
        "1",
        "--peran",
        "kabid",
        "--bidang",
        "sekretariat",
        "--mulai",
        "2026-07-15",
    )
    assert code == 0 and "berakhir mulai Rabu, 15 Juli 2026 pukul 00.00 WIB" in out
    assert run(capsys, "pengguna")[1].splitlines() == [
        "[1] Andi (Telegram 1001)",
        "    • Operator Subbag Perencanaan, sejak 1 Juli 2026",
        "    • pengisi data kinerja Sekretariat, sejak 1 Juli 2026 — dicabut mulai 15 Juli 2026",
        "[2] Citra (Telegram 1003)",
        "    • Sekretaris, sejak 1 Juli 2026 — dicabut 1 Juli 2026; dicetak: Citra",
    ]
    for args, message in (
        (["--id", "2", "--peran", "sekretaris"], "Citra tidak sedang memegang peran Sekretaris"),
        (["--id", "9", "--peran", "kepala"], "Tidak ada pengguna dengan id 9"),
        (["--id", "1", "--peran", "kabid"], "memerlukan nama bidang"),
        (["--id", "1", "--peran", "operator", "--mulai", "2026-07-01"], "harus sesudah hari ini"),
    ):
        code, _, err = run(capsys, "cabut", *args)
        assert code == 1 and message in err and err.count("\n") == 1

"""The deployment files, read as files: no container engine or systemd runs here.

The Dockerfile, compose.yaml and the systemd unit must start `kinerja-bot run` as an
unprivileged user with its data in a volume, and name only settings the bot has: a misspelt
KINERJA_* variable is silently ignored by the bot, so it is caught here.
"""

from __future__ import annotations

import configparser
import re
import shlex
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy.engine import make_url

from bot.cli import build_parser
from bot.config import Settings

ROOT = Path(__file__).parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
DATA = "/data"


def setting_variables() -> set[str]:
    """Every environment variable the bot reads."""
    names = {f"KINERJA_{name.upper()}" for name in Settings.model_fields}
    names.discard("KINERJA_TELEGRAM_BOT_TOKEN")
    return names | {"TELEGRAM_BOT_TOKEN"}


def bot_variables(names: set[str]) -> set[str]:
    return {name for name in names if name.startswith(("KINERJA_", "TELEGRAM_"))}


def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order, continuation lines joined, comments left out."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n\s*", " ", "\n".join(lines))
    instructions = []
    for line in joined.splitlines():
        if line.strip():
            keyword, _, rest = line.strip().partition(" ")
            instructions.append((keyword.upper(), rest.strip()))
    return instructions


def dockerfile_env() -> dict[str, str]:
    found: dict[str, str] = {}
    for keyword, rest in dockerfile():
        if keyword == "ENV":
            found |= dict(pair.split("=", 1) for pair in shlex.split(rest))
    return found


def compose() -> dict[str, Any]:
    loaded = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def interpolated(value: str) -> str:
    """A compose value with every ${VAR…} written as VAR, as a filled-in .env would make it."""
    return re.sub(r"\$\{([A-Z_]+)[^}]*\}", lambda match: match.group(1).lower(), value)


def test_the_image_is_slim_python_311_and_installs_the_bot_with_postgresql() -> None:
    instructions = dockerfile()
    [base] = [rest for keyword, rest in instructions if keyword == "FROM"]
    assert re.fullmatch(r"python:3\.11-slim(-\w+)?", base)
    runs = " ".join(rest for keyword, rest in instructions if keyword == "RUN")
    assert re.search(r"""pip install ["']?\.\[postgres\]""", runs)
    assert "postgresql-client" in runs, "pg_dump for `kinerja-bot cadangkan` on PostgreSQL"
    copied = {
        source
        for keyword, rest in instructions
        if keyword == "COPY"
        for source in rest.split()[:-1]
    }
    packages = set(PYPROJECT["tool"]["setuptools"]["packages"]["find"]["include"])
    assert {package.rstrip("*") for package in packages} <= copied
    assert {"pyproject.toml", PYPROJECT["project"]["readme"]} <= copied


def test_the_image_runs_the_bot_unprivileged_with_its_data_in_a_volume() -> None:
    instructions = dockerfile()
    keywords = [keyword for keyword, _ in instructions]
    users = [rest for keyword, rest in instructions if keyword == "USER"]
    assert users and users[-1] not in ("root", "0")
    last_user = len(keywords) - 1 - keywords[::-1].index("USER")
    assert "RUN" not in keywords[last_user:], "nothing runs as root after USER"
    [volume] = [rest for keyword, rest in instructions if keyword == "VOLUME"]
    assert DATA in yaml.safe_load(volume)
    env = dockerfile_env()
    assert make_url(env["KINERJA_DATABASE_URL"]).database == f"{DATA}/kinerja.db"
    assert env["KINERJA_CADANGAN_FOLDER"].startswith(f"{DATA}/")
    assert bot_variables(set(env)) <= setting_variables()


def test_the_image_starts_kinerja_bot_run_which_migrates_first() -> None:
    [command] = [rest for keyword, rest in dockerfile() if keyword == "CMD"]
    assert yaml.safe_load(command) == ["kinerja-bot", "run"]
    assert PYPROJECT["project"]["scripts"]["kinerja-bot"] == "bot.cli:main"


def test_compose_runs_the_bot_on_postgresql_with_the_variables_it_needs() -> None:
    services = compose()["services"]
    assert set(services) == {"bot", "db"}
    db, bot = services["db"], services["bot"]
    assert db["image"] == "postgres:15", "the major version of the image's pg_dump (Debian 12)"
    assert any(mount.endswith(":/var/lib/postgresql/data") for mount in db["volumes"])
    assert bot["build"] == "."
    assert bot["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert "command" not in bot, "the image's CMD, kinerja-bot run"
    env = bot["environment"]
    url = make_url(interpolated(env["KINERJA_DATABASE_URL"]))
    assert (url.drivername, url.host, url.database) == ("postgresql+psycopg", "db", "kinerja")
    assert url.password == "kinerja_db_password"
    assert db["environment"]["POSTGRES_PASSWORD"].startswith("${KINERJA_DB_PASSWORD:?")
    for required in ("TELEGRAM_BOT_TOKEN", "KINERJA_BOT_USERNAME"):
        assert env[required].startswith(f"${{{required}:?"), f"{required} must be given"
    assert bot_variables(set(env)) <= setting_variables()


def test_compose_keeps_the_bots_data_and_the_databases_in_named_volumes() -> None:
    spec = compose()
    mounts = dict(mount.split(":", 1) for mount in spec["services"]["bot"]["volumes"])
    assert set(mounts.values()) == {DATA}
    assert set(mounts) | {"postgres-data"} <= set(spec["volumes"])
    env = spec["services"]["bot"]["environment"]
    assert env["KINERJA_CADANGAN_FOLDER"].startswith(f"{DATA}/")


@pytest.fixture
def unit() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(ROOT / "deploy" / "kinerja-bot.service", encoding="utf-8")
    return parser


def test_the_systemd_unit_runs_the_bot_unprivileged_in_its_state_folder(
    unit: configparser.ConfigParser,
) -> None:
    service = unit["Service"]
    program, *arguments = shlex.split(service["ExecStart"])
    assert (Path(program).name, arguments) == ("kinerja-bot", ["run"])
    assert service["User"] not in ("root", "0")
    assert service["WorkingDirectory"] == f"/var/lib/{service['StateDirectory']}"
    assert service["Restart"] == "on-failure"
    if service.get("ProtectHome") == "yes":
        mpl = service["Environment"].removeprefix("MPLCONFIGDIR=")
        assert mpl.startswith(service["WorkingDirectory"] + "/"), "charts need a writable cache"
    assert "network-online.target" in unit["Unit"]["After"]
    assert unit["Install"]["WantedBy"] == "multi-user.target"


def test_the_readme_documents_every_setting_and_every_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert {name for name in setting_variables() if f"`{name}`" not in readme} == set()
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert {name for name in commands if f"`kinerja-bot {name}" not in readme} == set()

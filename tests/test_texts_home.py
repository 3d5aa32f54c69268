"""Every chat-visible Indonesian text lives in bot/texts/ (issue 11): a scan of the string
literals everywhere else finds no Indonesian prose.

Exempt, as DESIGN §7 and the issue say: the SOP table (bot/sop.py), the printed labels of the
documents (bot/documents/), the command line's help and messages (bot/cli.py), the Bot API
stand-in and its scripted office (bot/emulator/), and log lines. Docstrings are the code's
own English and are not scanned.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCANNED = ("bot", "handlers", "scheduler", "storage")
EXEMPT = (
    "bot/texts/",
    "bot/sop.py",
    "bot/documents/",
    "bot/cli.py",
    "bot/emulator/",
    "storage/migrations/",
)
LOGGERS = {"log", "logger", "logging", "warnings"}
WORDS = re.compile(
    r"\b(yang|dan|tidak|untuk|dengan|sudah|belum|anda|mohon|silakan|oleh|pada|dari|ini|"
    r"itu|akan|atau|telah|harus|bisa|dapat|kami|sedang|kembali|diisi|tersimpan)\b",
    re.IGNORECASE,
)


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
        # A string standing alone after an assignment documents it (attribute docstrings).
        if isinstance(node, ast.Module | ast.ClassDef):
            for statement in node.body:
                if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
                    found.add(id(statement.value))
    return found


def _logged(tree: ast.AST) -> set[int]:
    """Strings inside a logging call (log.info("…"), warnings.warn("…"))."""
    found = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id in LOGGERS
        ):
            for inner in ast.walk(node):
                found.add(id(inner))
    return found


def prose_outside_texts() -> list[str]:
    found = []
    for folder in SCANNED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if relative.startswith(EXEMPT):
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            skip = _docstrings(tree) | _logged(tree)
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Constant)
                    and isinstance(node.value, str)
                    and id(node) not in skip
                    and len(node.value.split()) >= 2
                    and WORDS.search(node.value)
                ):
                    found.append(f"{relative}:{node.lineno}: {node.value[:70]!r}")
    return found


def test_no_indonesian_prose_lives_outside_bot_texts() -> None:
    assert prose_outside_texts() == []


def test_the_scan_finds_prose_where_it_should_not_be(tmp_path: Path) -> None:
    """The scan itself: a sentence in code is found, a docstring and a log line are not."""
    sample = (
        '"""Module docstring: sudah diparaf oleh Budi."""\n'
        "import logging\nlog = logging.getLogger()\n"
        'log.info("putaran dibuka otomatis untuk operator")\n'
        'PESAN = "Data ini sudah diparaf oleh Budi."\n'
    )
    tree = ast.parse(sample)
    skip = _docstrings(tree) | _logged(tree)
    hits = [
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant)
        and isinstance(n.value, str)
        and id(n) not in skip
        and WORDS.search(n.value)
    ]
    assert hits == ["Data ini sudah diparaf oleh Budi."]

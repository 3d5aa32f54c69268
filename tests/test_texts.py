"""bot.texts: each module's texts are reachable as `texts.X`, and no name lives in two modules."""

import ast
import inspect
from types import ModuleType

import pytest

from bot import texts
from bot.texts import chat, common, grants, refusals, reminders, startup, workbook, workflow

MODULES = (common, workflow, refusals, chat, grants, reminders, workbook, startup)


def _public_names(module: ModuleType) -> set[str]:
    """The public names a module defines at its top level (not the ones it imports)."""
    names: set[str] = set()
    for node in ast.parse(inspect.getsource(module)).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {target.id for target in node.targets if isinstance(target, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return {name for name in names if not name.startswith("_")}


@pytest.mark.parametrize("module", MODULES, ids=lambda module: module.__name__)
def test_every_public_text_of_a_module_is_exported_by_the_package(module: ModuleType) -> None:
    assert set(module.__all__) == _public_names(module)
    for name in module.__all__:
        assert getattr(texts, name) is getattr(module, name)


def test_no_text_name_is_defined_in_two_modules() -> None:
    names = [name for module in MODULES for name in module.__all__]
    assert len(names) == len(set(names))

"""Imports point pages → components → sheets; sheets/ never imports streamlit or components."""
import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", sorted((ROOT / "sheets").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_sheets_never_imports_ui_or_components(path):
    assert not imported_modules(path) & {"streamlit", "components", "pages"}


@pytest.mark.parametrize("path", sorted((ROOT / "components").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_components_never_import_pages(path):
    assert "pages" not in imported_modules(path)


def test_app_is_a_router_only():
    source = (ROOT / "app.py").read_text(encoding="utf-8")
    assert "st.navigation" in source and len(source.splitlines()) < 60

"""Imports point pages → components → sheets; sheets/ never imports streamlit or components."""
import ast
import re
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


APP_CODE = sorted([ROOT / "app.py", ROOT / "cli.py", *(ROOT / "pages").rglob("*.py"),
                   *(ROOT / "components").rglob("*.py"), *(ROOT / "sheets").rglob("*.py")])
READERS = {"read_source", "read_demo", "read_xlsx_bytes", "read_xlsx_path", "read_link_shared",
           "read_workbook", "read_link_shared_xlsx"}
# Where the readers live; every other module reaches a source through sources.read_source.
READER_HOMES = {"sheets/sources.py", "sheets/xlsx.py", "sheets/google/read.py", "sheets/google/__init__.py"}
GOOGLE_LIBRARIES = ("gspread", "google.auth", "google.oauth2", "googleapiclient")


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def called_names(path: Path) -> set[str]:
    """Names of every function called in a module (`f(...)` and `module.f(...)`)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            names.add(func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))
    return names


def full_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", APP_CODE, ids=relative)
def test_one_dispatcher_only_sources_calls_the_readers(path):
    if relative(path) in READER_HOMES:
        return
    allowed = {"read_source"}
    assert not (called_names(path) & READERS) - allowed, "read a source through sheets.sources.read_source"
    if relative(path) not in ("cli.py", "components/data.py"):
        assert "read_source" not in called_names(path), "only the CLI and the data seam dispatch"


@pytest.mark.parametrize("path", [*APP_CODE, *sorted((ROOT / "scripts").rglob("*.py"))], ids=relative)
def test_google_libraries_are_imported_only_inside_sheets_google(path):
    if relative(path).startswith("sheets/google/"):
        return
    imported = full_imports(path)
    assert not [name for name in imported if name.startswith(GOOGLE_LIBRARIES)], "go through sheets.google"


@pytest.mark.parametrize("path", sorted((ROOT / "pages").glob("*.py")), ids=relative)
def test_no_page_builds_an_error_message(path):
    source = path.read_text(encoding="utf-8")
    assert "st.error(" not in source and "st.warning(" not in source, "use components.errors"
    handlers = [node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.ExceptHandler)]
    assert not handlers, "errors reach the page through components.errors.error_boundary"


def test_the_cli_prints_errors_only_through_the_mapping():
    tree = ast.parse((ROOT / "cli.py").read_text(encoding="utf-8"))
    to_stderr = [node for node in ast.walk(tree) if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "print"
                 and any(keyword.arg == "file" for keyword in node.keywords)]
    assert to_stderr, "the CLI reports errors on stderr"
    for call in to_stderr:
        (argument,) = call.args
        assert isinstance(argument, ast.Call) and ast.unparse(argument.func) == "errors.cli_line"
    assert "ผิดพลาด: " not in (ROOT / "cli.py").read_text(encoding="utf-8")


def test_one_reader_of_the_environment_and_of_st_secrets():
    for path in APP_CODE:
        source = path.read_text(encoding="utf-8")
        if relative(path) != "sheets/config.py":
            assert not re.search(r'environ(\.get\(|\[)"(ITA_|GOOGLE_APPLICATION_CREDENTIALS)', source), path
        if relative(path) != "components/settings.py":
            assert not re.search(r"st\.secrets[.\[]", source), path

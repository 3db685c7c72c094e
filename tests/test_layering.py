"""Imports point pages → components → sheets; sheets/ never imports streamlit or components."""
import ast
import re
import subprocess
import sys
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


OUTPUTS = ROOT / "components" / "outputs"
UI_FREE_COMPONENTS = {"components.format"}  # plain text formatting, shared by widgets and builders


def imported_full_names(path: Path) -> set[str]:
    """Return every module a file imports, dotted in full ("from components import format" → components.format)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names
                         if node.module in ("components", "components.outputs"))
    return names


@pytest.mark.parametrize("path", sorted(OUTPUTS.rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_outputs_import_neither_streamlit_nor_widgets(path):
    names = imported_full_names(path)
    assert not {name for name in names if name.split(".")[0] in ("streamlit", "pages")}
    widgets = {name for name in names if name.startswith("components.")
               and not name.startswith("components.outputs") and name not in UI_FREE_COMPONENTS}
    assert not widgets, f"{path.name} imports widgets {widgets}"


@pytest.mark.parametrize("module", sorted(UI_FREE_COMPONENTS))
def test_the_ui_free_components_outputs_use_import_no_streamlit(module):
    path = ROOT / (module.replace(".", "/") + ".py")
    assert not imported_modules(path) & {"streamlit", "pages"}


def test_importing_every_output_builder_loads_no_streamlit():
    modules = sorted(".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
                     for path in OUTPUTS.rglob("*.py"))
    script = "import sys\n" + "".join(f"import {name}\n" for name in modules) + (
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'streamlit'))")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert len(modules) >= 15 and result.stdout.strip() == "[]"


def test_the_widgets_stay_out_of_outputs_and_the_builders_out_of_the_widgets():
    widgets = {path.stem for path in (ROOT / "components").glob("*.py")}
    assert {"annex", "deck", "exports", "images"}.isdisjoint(widgets)
    chart_widget = imported_modules(ROOT / "components" / "charts.py")
    assert "streamlit" in chart_widget and "plotly" in chart_widget
    assert not [line for line in (ROOT / "components" / "charts.py").read_text(encoding="utf-8").splitlines()
                if line.startswith("def build_")]

"""app.py: the router runs, every registered page runs on the demo, the sidebar works across pages."""
from __future__ import annotations

import ast
import re
import tomllib

import pytest
from streamlit.testing.v1 import AppTest

from components import choice, sidebar, tiles
from sheets import figures, sources, xlsx
from sheets.workbook import parse_workbook
from tests.components.conftest import texts
from tests.conftest import ROOT, TODAY

APP = str(ROOT / "app.py")
DEMO_DEPARTMENT = "สำนักปลัดเทศบาล"


def registered_pages() -> list[tuple[str, dict]]:
    """(path, keyword arguments) of every st.Page(...) in app.py, read from its AST."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)
             and isinstance(node.func, ast.Attribute) and node.func.attr == "Page"]
    return [(call.args[0].value, {kw.arg: ast.literal_eval(kw.value) for kw in call.keywords}) for call in calls]


PAGE_PATHS = [path for path, _ in registered_pages()]


@pytest.fixture
def at() -> AppTest:
    """app.py with nothing configured (the demo), run once."""
    return AppTest.from_file(APP, default_timeout=60).run()


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, texts(at.error)


def test_app_opens_on_the_overview_of_the_demo(at):
    assert_clean(at)
    assert texts(at.title)[0] == "ภาพรวม"
    demo = parse_workbook(sources.read_demo())
    expected = [tile.value for tile in tiles.summary_tiles(figures.compute_summary(demo, TODAY))]
    assert texts(at.metric) == expected


@pytest.mark.parametrize("page", PAGE_PATHS)
def test_every_registered_page_runs_on_the_demo(at, page):
    at.switch_page(page).run()
    assert_clean(at)
    assert at.button(key=sidebar.REFRESH_KEY)  # the shared sidebar is there on every page
    assert any("ข้อมูล ณ" in caption for caption in texts(at.sidebar.caption))


def test_navigation_lists_every_page_file_with_a_thai_title_and_material_icon():
    files = {f"pages/{path.name}" for path in (ROOT / "pages").glob("*.py") if path.name != "__init__.py"}
    assert set(PAGE_PATHS) == files
    pages = dict(registered_pages())
    assert [pages[p]["title"] for p in PAGE_PATHS] == ["ภาพรวม", "มาตรการ", "ตัวชี้วัด OIT", "คุณภาพข้อมูล", "รายงานผล",
                                                     "อัปเดตงานของฉัน"]
    assert all(options["icon"].startswith(":material/") for options in pages.values())
    assert [p for p, options in pages.items() if options.get("default")] == ["pages/overview.py"]


def test_sidebar_defaults_to_the_demo_when_nothing_is_configured(at):
    picker = at.radio(key=sidebar.SOURCE_WIDGET)
    assert picker.value == choice.DEMO
    assert choice.CONFIGURED not in picker.options and choice.CHOICE_LABELS[choice.CONFIGURED] not in picker.options
    caption = " ".join(texts(at.sidebar.caption))
    assert "ข้อมูล ณ" in caption and "เทศบาลตำบลกุดจิก" in caption


def test_department_filter_survives_page_switches(at):
    at.multiselect(key=sidebar.FILTER_WIDGET).select(DEMO_DEPARTMENT).run()
    assert at.session_state[choice.FILTER_KEY] == [DEMO_DEPARTMENT]
    for page in PAGE_PATHS:
        at.switch_page(page).run()
        assert_clean(at)
        assert at.multiselect(key=sidebar.FILTER_WIDGET).value == [DEMO_DEPARTMENT]
    at.multiselect(key=sidebar.FILTER_WIDGET).unselect(DEMO_DEPARTMENT).run()
    assert at.session_state[choice.FILTER_KEY] == []


def test_source_choice_survives_page_switches(at):
    at.radio(key=sidebar.SOURCE_WIDGET).set_value(choice.UPLOAD).run()
    at.switch_page("pages/oit.py").run()
    assert at.radio(key=sidebar.SOURCE_WIDGET).value == choice.UPLOAD
    assert "อัปโหลดไฟล์ .xlsx" in " ".join(texts(at.info))
    assert not at.exception


def test_config_toml_is_headless_private_and_caps_uploads_like_the_reader():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["headless"] is True
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == xlsx.MAX_FILE_BYTES


def test_secrets_example_documents_every_setting_the_seam_reads():
    example_text = (ROOT / ".streamlit" / "secrets.toml.example").read_text(encoding="utf-8")
    example = tomllib.loads(example_text)
    assert {"sheet", "cache_ttl_seconds", "gcp_service_account"} <= set(example)
    assert {"client_email", "private_key", "token_uri"} <= set(example["gcp_service_account"])
    env = (ROOT / "sheets" / "config.py").read_text(encoding="utf-8")
    secrets = (ROOT / "components" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r'"((?:ITA|GOOGLE)_[A-Z_]+)"', env)) | set(re.findall(r'secrets\.get\("(\w+)"\)', secrets))
    assert {"ITA_SHEET", "ITA_REFRESH_MIN_SECONDS", "sheet", "refresh_min_seconds"} <= read
    assert read and all(name in example_text for name in read)


def test_visitors_never_see_error_details():
    from streamlit.config import ShowErrorDetailsConfigOptions

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    value = config["client"]["showErrorDetails"]
    assert value == ShowErrorDetailsConfigOptions.NONE or ShowErrorDetailsConfigOptions.is_false_variation(value)


def test_theme_fonts_are_served_by_the_app_from_no_outside_host():
    text = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    config = tomllib.loads(text)
    assert not re.search(r"https?://", text), "no font (or anything) from another host"
    assert config["server"]["enableStaticServing"] is True
    faces = config["theme"]["fontFaces"]
    assert {face["family"] for face in faces} == {"Sarabun"} and config["theme"]["font"].startswith("Sarabun")
    for face in faces:
        assert face["url"].startswith("app/static/")
        served = ROOT / "static" / face["url"].removeprefix("app/static/")
        assert served.read_bytes()[:4] == b"\x00\x01\x00\x00", f"{served} is a TrueType font"

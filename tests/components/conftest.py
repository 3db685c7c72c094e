"""Fixtures of the data seam's tests: the fake Google wired to the app, AppTest helpers."""
from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from components import sidebar, tiles
from scripts.fakes.workbooks import tabs_for_fake
from sheets import figures, google
from sheets.workbook import parse_workbook
from tests.conftest import ROOT, TODAY, make_tabs

APP = str(ROOT / "app.py")
PAGES = ("pages/overview.py", "pages/measures.py", "pages/oit.py", "pages/quality.py", "pages/annex.py")
STALE_PREFIX = "แสดงข้อมูลล่าสุดที่โหลดได้เมื่อ"


@pytest.fixture
def google_env(fake_google, monkeypatch):
    """The fake Google, with the app's Google traffic sent to it, short retries and no refresh limit."""
    monkeypatch.setenv("ITA_GOOGLE_ENDPOINT", fake_google.base_url)
    monkeypatch.setenv("ITA_GOOGLE_BACKOFF", "0.01")
    monkeypatch.setenv("ITA_GOOGLE_RETRIES", "1")
    monkeypatch.setenv("ITA_GOOGLE_TIMEOUT", "5")
    monkeypatch.setenv("ITA_REFRESH_MIN_SECONDS", "0")
    return fake_google


@pytest.fixture
def sheet_id(google_env) -> str:
    """A valid small workbook (tests.conftest.make_tabs) stored in the fake."""
    return google_env.add_spreadsheet("ติดตาม ITA ทดสอบ", tabs_for_fake(make_tabs()))


@pytest.fixture
def expected_tiles(google_env, sheet_id, service_account_info) -> list[str]:
    """The overview tile values compute_summary gives for the fake sheet (log cleared after)."""
    raw = google.read_workbook(sheet_id, service_account_info, adapter=google_env.adapter())
    google_env.clear_log()
    return tile_values(parse_workbook(raw))


@pytest.fixture
def app(sheet_id, service_account_info) -> AppTest:
    """app.py configured with the fake sheet and the service account, not yet run."""
    return make_app(sheet=sheet_id, gcp_service_account=service_account_info)


def tile_values(workbook) -> list[str]:
    return [tile.value for tile in tiles.summary_tiles(figures.compute_summary(workbook, TODAY))]


def make_app(**secrets) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in secrets.items():
        at.secrets[key] = value
    return at


def press_refresh(at: AppTest) -> AppTest:
    return at.button(key=sidebar.REFRESH_KEY).click().run()


def texts(elements) -> list[str]:
    """Element texts as a reader sees them (Markdown backslash escapes and invisible word joiners removed)."""
    return [re.sub(r"\\(.)", r"\1", str(element.value)).replace("\u2060", "") for element in elements]


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, texts(at.error)

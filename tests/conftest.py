"""Shared fixtures and factories: raw workbooks made in code, the demo, the fake Google."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import pytest
import streamlit as st

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.fakes.workbooks import ACTIVITY_HEADER, make_raw_workbook, make_tabs  # noqa: E402, F401
from sheets.workbook import parse_workbook  # noqa: E402

SEED_PATH = ROOT / "tests" / "data" / "seed-report-kudjik-2566.txt"
TODAY = dt.date(2026, 11, 25)

def make_workbook(**overrides: Any):
    """Return the parsed Workbook of make_raw_workbook(**overrides)."""
    return parse_workbook(make_raw_workbook(**overrides))


def load_workbook(source: str | None = None):
    """Return the parsed Workbook of a local source (a path; None: the demo), as the CLI reads it."""
    from sheets import sources

    return parse_workbook(sources.read_source(sources.spec_for(source)))


@pytest.fixture
def small_workbook():
    """A small valid parsed workbook (2 measures, 2 departments, 2 OIT rows)."""
    return make_workbook()


@pytest.fixture(scope="session")
def demo_workbook():
    """The embedded demo, parsed (the seed report's content)."""
    from sheets import sources

    return parse_workbook(sources.read_demo())


@pytest.fixture
def today() -> dt.date:
    return TODAY


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


from tests.fake_google_fixtures import fake_google, fake_google_write, service_account_info  # noqa: E402, F401


@pytest.fixture(autouse=True)
def fresh_app_state(tmp_path, monkeypatch):
    """Empty Streamlit caches, snapshots under tmp_path, a pinned today, no outside config.

    AppTest forgets the st.navigation routing before every run (as a fresh server does), so
    page switches here also exercise components.routing.require_router.
    """
    st.cache_data.clear()
    st.cache_resource.clear()
    monkeypatch.setenv("ITA_SNAPSHOT_DIR", str(tmp_path / "snapshots"))
    monkeypatch.setenv("ITA_TODAY", TODAY.isoformat())
    for name in ("ITA_SHEET", "GOOGLE_APPLICATION_CREDENTIALS", "ITA_GOOGLE_ENDPOINT", "ITA_CACHE_TTL",
                 "ITA_RETRY_AFTER", "ITA_GOOGLE_TIMEOUT", "ITA_GOOGLE_RETRIES", "ITA_GOOGLE_BACKOFF",
                 "ITA_REFRESH_MIN_SECONDS", "ITA_READ_DEADLINE", "ITA_SNAPSHOT_MAX_COUNT",
                 "ITA_SNAPSHOT_MAX_AGE_DAYS"):
        monkeypatch.delenv(name, raising=False)
    yield
    st.cache_data.clear()
    st.cache_resource.clear()

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

from sheets.model import RawTab, RawWorkbook, SourceInfo  # noqa: E402
from sheets.workbook import parse_workbook  # noqa: E402

SHARED = ROOT.parent / "shared"
SEED_PATH = SHARED / "seed" / "000_7d6b844840da190f.txt"
TODAY = dt.date(2026, 11, 25)

ACTIVITY_HEADER = ["มาตรการที่", "วิธีการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลา", "กำหนดเสร็จ", "สถานะ",
                   "ความคืบหน้า (%)", "ผลการดำเนินการ", "ข้อเสนอแนะ", "หลักฐาน", "ปรับปรุงล่าสุด"]


def make_tabs(**overrides: Any) -> list[RawTab]:
    """Return the tabs of a small valid workbook; pass settings=/measures=/oit=/departments= to change one.

    Each override is a list of rows without the header (settings: (key, value) pairs;
    departments: {tab title: [rows]}); pass None to leave that tab out.
    """
    settings = overrides.get("settings", [("ชื่อหน่วยงาน", "เทศบาลทดสอบ"), ("ปีงบประมาณ", 2566),
                                          ("กรอบ OIT ปี", 2565)])
    measures = overrides.get("measures", [(1, "มาตรการหนึ่ง", "สำนักปลัดเทศบาล", "O1"), (2, "มาตรการสอง", "กองคลัง", "")])
    oit = overrides.get("oit", [("O1", "", "สำนักปลัดเทศบาล", "เผยแพร่แล้ว", "https://example.go.th/o1", "2023-01-10", "ใช่", ""),
                                ("O2", "", "สำนักปลัดเทศบาล", "ยังไม่ดำเนินการ", "", "", "", "")])
    departments = overrides.get("departments", {
        "สำนักปลัดเทศบาล": [(1, "กิจกรรม ก", "", "มกราคม ๒๕๖๖", "31/1/2566", "เสร็จแล้ว", 100, "ผล ก", "", "", "")],
        "กองคลัง": [(2, "กิจกรรม ข", "", "", "2023-03-31", "กำลังดำเนินการ", 40, "", "", "", "")],
    })
    tabs: list[RawTab] = []
    if settings is not None:
        tabs.append(RawTab("ตั้งค่า", [["คีย์", "ค่า"]] + [list(row) for row in settings], 0))
    if measures is not None:
        tabs.append(RawTab("มาตรการ", [["ลำดับ", "มาตรการ", "ผู้รับผิดชอบ", "ตัวชี้วัดที่เกี่ยวข้อง"]] + [list(r) for r in measures], 1))
    if oit is not None:
        tabs.append(RawTab("ตัวชี้วัด OIT", [["รหัส", "หัวข้อ", "ผู้รับผิดชอบ", "สถานะ", "ลิงก์", "วันที่เผยแพร่",
                                              "ต้องปรับปรุง", "หมายเหตุ"]] + [list(r) for r in oit], 2))
    for index, (title, rows) in enumerate((departments or {}).items()):
        tabs.append(RawTab(title, [list(ACTIVITY_HEADER)] + [list(r) for r in rows], 10 + index))
    tabs.extend(overrides.get("extra_tabs", []))
    return tabs


def make_raw_workbook(**overrides: Any) -> RawWorkbook:
    """Return a RawWorkbook built by make_tabs (see there for overrides)."""
    return RawWorkbook(make_tabs(**overrides), SourceInfo(kind="xlsx", name="test.xlsx"))


def make_workbook(**overrides: Any):
    """Return the parsed Workbook of make_raw_workbook(**overrides)."""
    return parse_workbook(make_raw_workbook(**overrides))


@pytest.fixture
def small_workbook():
    """A small valid parsed workbook (2 measures, 2 departments, 2 OIT rows)."""
    return make_workbook()


@pytest.fixture(scope="session")
def demo_workbook():
    """The embedded demo, parsed (the seed report's content)."""
    from sheets import sources

    return sources.load_workbook(None)


@pytest.fixture
def today() -> dt.date:
    return TODAY


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


from tests.fake_google_fixtures import fake_google, service_account_info  # noqa: E402, F401


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
                 "ITA_RETRY_AFTER", "ITA_GOOGLE_TIMEOUT", "ITA_GOOGLE_RETRIES", "ITA_GOOGLE_BACKOFF"):
        monkeypatch.delenv(name, raising=False)
    yield
    st.cache_data.clear()
    st.cache_resource.clear()

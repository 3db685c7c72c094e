"""ตัวชี้วัด OIT under AppTest: the grid, the flagged items, the item table, coverage per department."""
from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from components import data
from components.outputs import charts
from sheets import figures
from tests.conftest import ROOT

PAGE = str(ROOT / "pages" / "oit.py")


def run_page() -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception, at.exception
    return at


def test_oit_runs_on_the_demo_with_the_grid():
    at = run_page()
    assert [title.value for title in at.title] == ["ตัวชี้วัด OIT"]
    (chart,) = at.get("plotly_chart")
    assert json.loads(chart.proto.spec)["layout"]["title"]["text"] == charts.TITLES["oit_grid"]
    assert [sub.value for sub in at.subheader] == ["ต้องปรับปรุงจากผลปีก่อน", "รายการตัวชี้วัดทั้งหมด",
                                                   "ความครอบคลุมรายส่วนราชการ"]


def test_the_caption_states_coverage_as_the_summary_does(demo_workbook):
    summary = figures.oit_summary(demo_workbook)
    caption = run_page().caption[0].value
    assert caption.startswith("กรอบ OIT ปี 2565")
    assert f"({summary.published}/{summary.total})" in caption


def test_tables_list_flagged_items_and_every_item(demo_workbook):
    flagged, every, _ = run_page().dataframe
    assert list(flagged.value["รหัส"]) == [i.code for i in demo_workbook.oit_items if i.needs_improvement]
    assert list(every.value.columns) == ["รหัส", "หัวข้อ", "ผู้รับผิดชอบ", "สถานะ", "ต้องปรับปรุง", "ลิงก์", "วันที่เผยแพร่"]
    assert len(every.value) == len(demo_workbook.oit_items) == 43
    assert set(every.value["สถานะ"]) <= {"เผยแพร่แล้ว", "อยู่ระหว่างดำเนินการ", "ยังไม่ดำเนินการ", "ไม่เกี่ยวข้อง"}
    assert json.loads(every.proto.columns)["ลิงก์"]["type_config"]["type"] == "link"


def test_coverage_per_department_uses_the_item_owner(demo_workbook):
    coverage = run_page().dataframe[2].value
    owned = [i for i in demo_workbook.oit_items if i.owner == "สำนักปลัดเทศบาล"]
    row = coverage[coverage["ผู้รับผิดชอบ"] == "สำนักปลัดเทศบาล"].iloc[0]
    assert row["ความครอบคลุม (%)"] == figures.coverage(owned).coverage_pct
    assert list(coverage["ผู้รับผิดชอบ"])[-1] == "ไม่ระบุผู้รับผิดชอบ"


def test_a_department_filter_narrows_the_tables_and_is_stated(monkeypatch):
    monkeypatch.setattr(data, "selected_departments", lambda: ["กองคลัง"])
    at = run_page()
    assert "กองคลัง" in at.info[0].value
    assert set(at.dataframe[1].value["ผู้รับผิดชอบ"]) == {"กองคลัง"}


def test_a_2569_sheet_shows_the_2569_titles_groups_and_confidence(monkeypatch):
    from sheets import catalog
    from tests.conftest import make_workbook

    workbook = make_workbook(settings=[("ชื่อหน่วยงาน", "ก"), ("ปีงบประมาณ", 2569)],
                             oit=[("O25", "", "สำนักปลัดเทศบาล", "เผยแพร่แล้ว", "", "", "ใช่", "")])
    monkeypatch.setattr(data, "get_workbook", lambda: workbook)
    at = run_page()
    expected = catalog.catalog_for(2569)
    assert at.caption[0].value.startswith("กรอบ OIT ปี 2569")
    assert list(at.dataframe[1].value["หัวข้อ"]) == [item.title for item in expected]
    assert list(at.dataframe[0].value["หัวข้อ"]) == ["การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร"]
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    headings = {note["text"] for note in spec["layout"]["annotations"]}
    assert {item.group for item in expected} <= headings
    hovers = {row[0]: row for trace in spec["data"] for row in trace.get("customdata") or []}
    assert set(hovers) == {item.code for item in expected}
    assert hovers["O2"][5].startswith("ความเชื่อมั่นของรายการ: ต่ำ") and "2568" in hovers["O2"][5]
    assert hovers["O25"][5].startswith("ความเชื่อมั่นของรายการ: ปานกลาง")

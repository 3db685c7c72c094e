"""มาตรการ under AppTest: one expander per measure, the status filter, evidence links, escaping."""
from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from components import data
from components.outputs import charts
from tests.conftest import ROOT, make_workbook

PAGE = str(ROOT / "pages" / "measures.py")


def run_page() -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception, at.exception
    return at


def test_measures_runs_on_the_demo_with_an_expander_per_measure(demo_workbook):
    at = run_page()
    assert [title.value for title in at.title] == ["มาตรการ"]
    assert len(at.expander) == len(demo_workbook.measures) == 7
    assert at.expander[0].label.startswith("มาตรการที่ 1 · 100% · การแต่งตั้งคณะทำงาน")
    assert "เกินกำหนด 2" in at.expander[5].label


def test_activity_tables_show_thai_status_and_evidence_as_links(demo_workbook):
    at = run_page()
    frame = at.dataframe[0].value
    assert list(frame["สถานะ"]) == ["เสร็จแล้ว"]
    assert frame["หลักฐาน"][0] == demo_workbook.activities[0].evidence[0]
    config = json.loads(at.dataframe[0].proto.columns)
    assert config["หลักฐาน"]["type_config"]["type"] == "link"
    assert sum(len(table.value) for table in at.dataframe) == len(demo_workbook.activities)


def test_rows_are_tall_enough_for_long_activities_to_wrap(demo_workbook):
    at = run_page()
    longest = max(len(a.activity) for a in demo_workbook.activities_of(1))
    assert at.dataframe[0].value["วิธีการดำเนินการ"][0] == demo_workbook.activities[0].activity
    assert at.dataframe[0].proto.row_height >= 20 * min(4, -(-longest // 34))


def test_the_timeline_is_drawn_with_its_thai_file_name():
    (chart,) = run_page().get("plotly_chart")
    assert json.loads(chart.proto.config)["toImageButtonOptions"]["filename"] == charts.FILE_NAMES["timeline"]


def test_the_status_filter_keeps_only_measures_with_matching_activities():
    at = run_page()
    at.multiselect[0].select("กำลังดำเนินการ").run()
    assert not at.exception
    assert [expander.label.split(" · ")[0] for expander in at.expander] == ["มาตรการที่ 6"]
    assert list(at.dataframe[0].value["สถานะ"]) == ["กำลังดำเนินการ", "กำลังดำเนินการ"]


def test_a_department_filter_is_stated(monkeypatch):
    monkeypatch.setattr(data, "selected_departments", lambda: ["กองคลัง"])
    monkeypatch.setattr(data, "get_workbook", make_workbook)
    at = run_page()
    assert "กองคลัง" in at.info[0].value
    assert [expander.label.split(" · ")[0] for expander in at.expander] == ["มาตรการที่ 2"]


def test_sheet_strings_reach_markdown_escaped(monkeypatch):
    workbook = make_workbook(measures=[(1, "**ตัวหนา** [ลิงก์](https://evil.example)", "<b>กอง</b>", "")])
    monkeypatch.setattr(data, "get_workbook", lambda: workbook)
    at = run_page()
    label = at.expander[0].label
    assert r"\*\*ตัวหนา\*\* \[ลิงก์\]\(https" + "\u2060" + r"\:" in label
    assert r"\<b\>กอง\</b\>" in at.expander[0].markdown[0].value

"""ภาพรวม under AppTest: runs on the demo, and every tile equals compute_summary's figure."""
from __future__ import annotations

import datetime as dt
import json

from streamlit.testing.v1 import AppTest

from components import data
from components import format as fmt
from components.outputs import charts
from sheets import figures
from tests.conftest import ROOT

PAGE = str(ROOT / "pages" / "overview.py")


def run_page() -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception, at.exception
    return at


def test_overview_runs_on_the_demo_with_its_heading_and_three_charts():
    at = run_page()
    assert [title.value for title in at.title] == ["ภาพรวม"]
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    assert [spec["layout"]["title"]["text"] for spec in specs] == [
        charts.TITLES["measure_progress"], charts.TITLES["department_progress"], charts.TITLES["oit_coverage"]]
    assert all(spec["layout"]["font"]["family"] == charts.FONT_FAMILY for spec in specs)


def test_overview_tiles_equal_compute_summary_of_the_demo(demo_workbook):
    summary = figures.compute_summary(demo_workbook, data.get_today())
    at = run_page()
    shown = {metric.label: metric.value for metric in at.metric}
    problems = sum(p.severity in ("error", "warning") for p in summary.problems)
    assert shown == {
        "มาตรการเสร็จ": f"{summary.measures.done}/{summary.measures.total}",
        "ความคืบหน้ากิจกรรม": fmt.format_pct(summary.activities.progress_pct),
        "ความครอบคลุม OIT": fmt.format_pct(summary.oit.coverage_pct),
        "กิจกรรมเกินกำหนด": str(summary.activities.overdue),
        "ปัญหาข้อมูลที่ต้องแก้": str(problems),
    }
    assert shown["มาตรการเสร็จ"] == "6/7" and shown["ความครอบคลุม OIT"] == "53.5%"
    notes = {metric.label: metric.delta for metric in at.metric}
    assert notes["ความครอบคลุม OIT"] == f"เผยแพร่ {summary.oit.published}/{summary.oit.total} ข้อ"
    assert notes["มาตรการเสร็จ"] == f"เฉลี่ย {fmt.format_pct(summary.measures.progress_pct)}"


def test_overview_charts_carry_the_summary_numbers(demo_workbook):
    summary = figures.compute_summary(demo_workbook, data.get_today())
    measures, departments, oit = (json.loads(c.proto.spec)["data"][0] for c in run_page().get("plotly_chart"))
    assert departments["x"] == [row.progress_pct for row in summary.departments]
    assert oit["x"][0] == summary.oit.coverage_pct
    assert len(measures["x"]) == summary.measures.total


def test_overview_states_the_data_time_and_source():
    captions = [caption.value for caption in run_page().caption]
    assert any(text.startswith("ข้อมูล ณ ") and "แหล่งข้อมูล" in text for text in captions)
    assert any("เทศบาลตำบลกุดจิก" in text for text in captions)


def test_a_department_filter_is_stated_and_narrows_only_the_department_chart(monkeypatch):
    monkeypatch.setattr(data, "selected_departments", lambda: ["กองที่ไม่มี"])
    at = run_page()
    assert "กองที่ไม่มี" in at.info[0].value
    department_chart = json.loads(at.get("plotly_chart")[1].proto.spec)
    assert department_chart["data"][0]["y"] == []
    assert [metric.value for metric in at.metric][0] == "6/7"


def test_overview_rerun_is_quick_on_the_demo():
    at = run_page()
    started = dt.datetime.now()
    at.run()
    seconds = (dt.datetime.now() - started).total_seconds()
    print(f"overview rerun: {seconds:.3f} s")
    assert seconds < 5

"""The contract's figures, computed by hand on small workbooks."""
import datetime as dt

import pytest

from sheets import figures
from tests.conftest import TODAY, make_workbook


def dept_rows(*rows):
    return {"departments": {"กองช่าง": [
        (m, f"กิจกรรม {i}", "", "", due, status, progress, "", "", "", "")
        for i, (m, due, status, progress) in enumerate(rows)]}}


@pytest.mark.parametrize("status, progress, expected", [
    ("เสร็จแล้ว", "", 100.0), ("กำลังดำเนินการ", "", 50.0), ("ยังไม่เริ่ม", "", 0.0),
    ("กำลังดำเนินการ", 30, 30.0), ("เสร็จแล้ว", 80, 80.0), ("ยกเลิก", 40, None), ("อะไรนะ", "", 0.0),
])
def test_activity_progress_prefers_the_cell_then_the_status(status, progress, expected):
    workbook = make_workbook(**dept_rows((1, "", status, progress)))
    assert figures.activity_progress(workbook.activities[0]) == expected


def test_measure_progress_is_the_mean_and_done_needs_all_done():
    workbook = make_workbook(**dept_rows((1, "", "เสร็จแล้ว", ""), (1, "", "กำลังดำเนินการ", 20),
                                         (2, "", "เสร็จแล้ว", ""), (2, "", "ยกเลิก", "")))
    rows = {row.no: row for row in figures.measure_rows(workbook, TODAY)}
    assert rows[1].progress_pct == 60.0 and not rows[1].is_done
    assert rows[2].progress_pct == 100.0 and rows[2].is_done and rows[2].activities == 1


def test_measure_without_activities_is_not_done():
    workbook = make_workbook(departments={})
    assert [row.is_done for row in figures.measure_rows(workbook, TODAY)] == [False, False]
    assert figures.compute_summary(workbook, TODAY).measures.progress_pct is None


@pytest.mark.parametrize("due, status, overdue", [
    ("2026-11-24", "กำลังดำเนินการ", True), ("2026-11-25", "กำลังดำเนินการ", False),
    ("2026-11-24", "เสร็จแล้ว", False), ("", "ยังไม่เริ่ม", False), ("2020-01-01", "ยกเลิก", False),
    ("๑ ม.ค. ๖๙", "", True),
])
def test_overdue_is_due_before_today_and_not_done(due, status, overdue):
    workbook = make_workbook(**dept_rows((1, due, status, "")))
    assert figures.is_overdue(workbook.activities[0], TODAY) is overdue
    assert figures.compute_summary(workbook, TODAY).activities.overdue == int(overdue)


def test_oit_coverage_excludes_not_applicable_and_counts_missing_as_not_started():
    oit = [("O1", "", "", "เผยแพร่แล้ว", "", "", "ใช่", ""), ("O2", "", "", "ไม่เกี่ยวข้อง", "", "", "", ""),
           ("O35", "", "", "เผยแพร่แล้ว", "", "", "ใช่", ""), ("O36", "", "", "", "", "", "ใช่", "")]
    summary = figures.oit_summary(make_workbook(oit=oit))
    assert summary.total == 42 and summary.published == 2
    assert summary.coverage_pct == round(100 * 2 / 42, 1)
    assert summary.by_indicator[9] == figures.Coverage(total=32, published=1, coverage_pct=round(100 / 32, 1))
    assert summary.by_indicator[10] == figures.Coverage(total=10, published=1, coverage_pct=10.0)
    assert (summary.needs_improvement.total, summary.needs_improvement.published) == (3, 2)


def test_summary_shape_matches_the_cli_contract(small_workbook):
    summary = figures.compute_summary(small_workbook, TODAY).to_json()
    assert list(summary) == ["organization", "fiscal_year", "oit_framework", "measures", "activities",
                             "departments", "oit", "problems", "ignored_tabs", "source"]
    assert list(summary["activities"]["by_status"]) == ["not_started", "in_progress", "done", "cancelled", "unknown"]
    assert list(summary["departments"][0]) == ["name", "activities", "done", "progress_pct", "overdue"]
    assert list(summary["oit"]) == ["total", "published", "coverage_pct", "by_indicator", "needs_improvement"]
    assert list(summary["oit"]["by_indicator"]) == ["9", "10"]
    assert list(summary["oit"]["needs_improvement"]) == ["total", "published"]
    assert list(summary["source"]) == ["kind", "name", "url", "spreadsheet_id", "fetched_at"]


def test_demo_summary_has_the_seed_measures_activities_and_flags(demo_workbook):
    summary = figures.compute_summary(demo_workbook, dt.date(2023, 3, 31))
    assert summary.organization == "เทศบาลตำบลกุดจิก"
    assert (summary.fiscal_year, summary.oit_framework) == (2566, 2565)
    assert summary.measures.total == 7 and summary.activities.total == 12
    assert summary.oit.needs_improvement.total == 15
    assert not [p for p in summary.problems if p.severity == "error"]

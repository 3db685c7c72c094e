"""Progress and coverage bars: the categories and values are the figures module's, in Thai."""
from __future__ import annotations

import plotly.graph_objects as go
import pytest

from components import format as fmt
from components.outputs.charts import bars
from components.outputs.charts.layout import NO_DATA
from sheets import contract, figures
from tests.conftest import TODAY


def bar(fig: go.Figure) -> go.Bar:
    (trace,) = fig.data
    return trace


def test_measure_figure_has_one_bar_per_measure_with_its_progress(demo_workbook):
    rows = figures.measure_rows(demo_workbook, TODAY)
    trace = bar(bars.build_measure_progress_figure(rows))
    assert list(trace.y) == [f"มาตรการที่ {row.no}" for row in rows]
    assert list(trace.x) == [row.progress_pct for row in rows]
    assert list(trace.text) == [fmt.format_pct(row.progress_pct) for row in rows]


def test_department_figure_has_one_bar_per_department_with_its_progress(demo_workbook):
    rows = figures.department_rows(demo_workbook, TODAY)
    trace = bar(bars.build_department_progress_figure(rows))
    assert list(trace.y) == [row.name for row in rows]
    assert list(trace.x) == [row.progress_pct for row in rows]


def test_oit_coverage_figure_shows_overall_then_each_indicator(demo_workbook):
    summary = figures.oit_summary(demo_workbook)
    trace = bar(bars.build_oit_coverage_figure(summary))
    assert list(trace.y) == bars.oit_coverage_labels()
    assert list(trace.x) == [summary.coverage_pct, summary.by_indicator[9].coverage_pct,
                             summary.by_indicator[10].coverage_pct]
    assert trace.text[0] == f"{fmt.format_pct(summary.coverage_pct)} ({summary.published}/{summary.total})"


def test_status_figure_counts_activities_per_status_in_thai(demo_workbook):
    by_status = figures.compute_summary(demo_workbook, TODAY).activities.by_status
    trace = bar(bars.build_status_figure(by_status))
    assert list(trace.y) == [contract.ACTIVITY_STATUS_TH[key] for key in ("not_started", "in_progress", "done")]
    assert list(trace.x) == [by_status["not_started"], by_status["in_progress"], by_status["done"]]


def test_status_figure_adds_cancelled_and_unknown_only_when_present():
    trace = bar(bars.build_status_figure({"done": 1, "cancelled": 2, "unknown": 0}))
    assert list(trace.y) == ["ยังไม่เริ่ม", "กำลังดำเนินการ", "เสร็จแล้ว", "ยกเลิก"]
    assert list(trace.x) == [0, 0, 1, 2]


def test_sheet_strings_are_escaped_before_plotly_labels():
    rows = [figures.DepartmentRow(name="<b>กอง</b> & <a href='x'>", activities=1, done=0, progress_pct=10.0,
                                  overdue=0)]
    trace = bar(bars.build_department_progress_figure(rows))
    assert trace.y[0] == "&lt;b&gt;กอง&lt;/b&gt; &amp; &lt;a href='x'&gt;"
    assert "<b>กอง" not in trace.customdata[0][0]



@pytest.mark.parametrize("builder", [bars.build_measure_progress_figure, bars.build_department_progress_figure])
def test_empty_input_draws_a_no_data_note(builder):
    fig = builder([])
    assert NO_DATA in [annotation.text for annotation in fig.layout.annotations]

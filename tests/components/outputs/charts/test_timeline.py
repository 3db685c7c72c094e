"""The due-date timeline: every dated activity placed, overdue circled, Thai month ticks."""
from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go

from components.outputs.charts import timeline
from components.outputs.charts.layout import NO_DATA
from sheets import figures
from tests.conftest import TODAY, make_workbook


def points(fig: go.Figure, name: str) -> list[str]:
    return [y for trace in fig.data if trace.name == name for y in trace.y]


def test_timeline_places_every_dated_activity_and_circles_the_overdue(demo_workbook):
    fig = timeline.build_timeline_figure(demo_workbook.activities, TODAY)
    status_traces = [t for t in fig.data if not t.name.startswith("เกินกำหนด")]
    assert sum(len(t.x) for t in status_traces) == sum(a.due is not None for a in demo_workbook.activities)
    late = figures.overdue_activities(demo_workbook, TODAY)
    assert len(points(fig, f"เกินกำหนด ({len(late)})")) == len(late) == 2
    (line,) = fig.layout.shapes
    assert (line.x0, line.x1, line.yref) == (TODAY.isoformat(), TODAY.isoformat(), "paper")
    assert fig.layout.annotations[0].text.startswith("วันนี้ 25 พ.ย. 2569")


def test_timeline_names_statuses_in_thai_and_notes_undated_activities():
    workbook = make_workbook(departments={"กองคลัง": [
        (2, "มีกำหนด", "", "", "2023-03-31", "กำลังดำเนินการ", 40, "", "", "", ""),
        (2, "ไม่มีกำหนด", "", "", "", "เสร็จแล้ว", 100, "", "", "", "")]})
    fig = timeline.build_timeline_figure(workbook.activities, dt.date(2023, 3, 1))
    assert [t.name for t in fig.data] == ["กำลังดำเนินการ"]
    assert any("ไม่มีกำหนดเสร็จ 1 กิจกรรม" in a.text for a in fig.layout.annotations)


def test_timeline_month_ticks_are_thai_short_months_with_be_years():
    values, labels = timeline.thai_month_ticks(dt.date(2022, 12, 20), dt.date(2023, 10, 20))
    assert values[0] == "2023-01-01" and labels[0] == "ม.ค. 66"
    assert len(labels) <= 6


def test_timeline_ticks_years_apart_show_the_be_year_only():
    values, labels = timeline.thai_month_ticks(dt.date(2023, 1, 1), dt.date(2026, 12, 1))
    assert labels == ["2566", "2567", "2568", "2569"] and values[0] == "2023-01-01"


def test_timeline_keeps_at_most_the_limit_with_overdue_first():
    import datetime as dt

    from scripts.fakes.workbooks import build_large_tabs
    from sheets.model import RawWorkbook, SourceInfo
    from sheets.workbook import parse_workbook

    workbook = parse_workbook(RawWorkbook(build_large_tabs(departments=2, rows=150), SourceInfo("xlsx", "big")))
    today = dt.date(2026, 11, 25)
    figure = timeline.build_timeline_figure(workbook.activities, today)
    points = sum(len(trace.x) for trace in figure.data if trace.hoverinfo != "skip")
    overdue = [a for a in workbook.activities if figures.is_overdue(a, today)]
    late_trace = [trace for trace in figure.data if trace.hoverinfo == "skip"]
    assert points == timeline.TIMELINE_LIMIT
    assert len(late_trace[0].x) == min(len(overdue), timeline.TIMELINE_LIMIT)
    assert "แสดง 60 จาก" in figure.layout.annotations[-1].text



def test_no_activities_draws_a_no_data_note():
    fig = timeline.build_timeline_figure([], TODAY)
    assert NO_DATA in [annotation.text for annotation in fig.layout.annotations]

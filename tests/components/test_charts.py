"""Chart builders: the categories and values are the figures module's, in Thai, with a Thai font."""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import unicodedata

import plotly.graph_objects as go
import pytest

from components import charts
from components import format as fmt
from sheets import contract, figures
from tests.conftest import TODAY, make_workbook

THAI_FONTS_INSTALLED = ("Loma", "Garuda", "Sarabun", "Noto Sans Thai")


def bar(fig: go.Figure) -> go.Bar:
    (trace,) = fig.data
    return trace


def points(fig: go.Figure, name: str) -> list[str]:
    return [y for trace in fig.data if trace.name == name for y in trace.y]


def test_measure_figure_has_one_bar_per_measure_with_its_progress(demo_workbook):
    rows = figures.measure_rows(demo_workbook, TODAY)
    trace = bar(charts.build_measure_progress_figure(rows))
    assert list(trace.y) == [f"มาตรการที่ {row.no}" for row in rows]
    assert list(trace.x) == [row.progress_pct for row in rows]
    assert list(trace.text) == [fmt.format_pct(row.progress_pct) for row in rows]


def test_department_figure_has_one_bar_per_department_with_its_progress(demo_workbook):
    rows = figures.department_rows(demo_workbook, TODAY)
    trace = bar(charts.build_department_progress_figure(rows))
    assert list(trace.y) == [row.name for row in rows]
    assert list(trace.x) == [row.progress_pct for row in rows]


def test_oit_coverage_figure_shows_overall_then_each_indicator(demo_workbook):
    summary = figures.oit_summary(demo_workbook)
    trace = bar(charts.build_oit_coverage_figure(summary))
    assert list(trace.y) == charts.oit_coverage_labels()
    assert list(trace.x) == [summary.coverage_pct, summary.by_indicator[9].coverage_pct,
                             summary.by_indicator[10].coverage_pct]
    assert trace.text[0] == f"{fmt.format_pct(summary.coverage_pct)} ({summary.published}/{summary.total})"


def test_status_figure_counts_activities_per_status_in_thai(demo_workbook):
    by_status = figures.compute_summary(demo_workbook, TODAY).activities.by_status
    trace = bar(charts.build_status_figure(by_status))
    assert list(trace.y) == [contract.ACTIVITY_STATUS_TH[key] for key in ("not_started", "in_progress", "done")]
    assert list(trace.x) == [by_status["not_started"], by_status["in_progress"], by_status["done"]]


def test_status_figure_adds_cancelled_and_unknown_only_when_present():
    trace = bar(charts.build_status_figure({"done": 1, "cancelled": 2, "unknown": 0}))
    assert list(trace.y) == ["ยังไม่เริ่ม", "กำลังดำเนินการ", "เสร็จแล้ว", "ยกเลิก"]
    assert list(trace.x) == [0, 0, 1, 2]


def test_timeline_places_every_dated_activity_and_circles_the_overdue(demo_workbook):
    fig = charts.build_timeline_figure(demo_workbook.activities, TODAY)
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
    fig = charts.build_timeline_figure(workbook.activities, dt.date(2023, 3, 1))
    assert [t.name for t in fig.data] == ["กำลังดำเนินการ"]
    assert any("ไม่มีกำหนดเสร็จ 1 กิจกรรม" in a.text for a in fig.layout.annotations)


def test_timeline_month_ticks_are_thai_short_months_with_be_years():
    values, labels = charts.thai_month_ticks(dt.date(2022, 12, 20), dt.date(2023, 10, 20))
    assert values[0] == "2023-01-01" and labels[0] == "ม.ค. 66"
    assert len(labels) <= 6


def test_timeline_ticks_years_apart_show_the_be_year_only():
    values, labels = charts.thai_month_ticks(dt.date(2023, 1, 1), dt.date(2026, 12, 1))
    assert labels == ["2566", "2567", "2568", "2569"] and values[0] == "2023-01-01"


def test_oit_grid_has_a_cell_per_item_coloured_by_status_and_flagged_marked(demo_workbook):
    items = demo_workbook.oit_items
    fig = charts.build_oit_grid_figure(items)
    for status in contract.OIT_STATUSES:
        name = contract.OIT_STATUS_TH[status]
        cells = [t for t in fig.data if t.name == name and t.mode == "markers+text"]
        assert sum(len(t.x) for t in cells) == sum(item.status == status for item in items)
    shapes = fig.layout.shapes
    assert len(shapes) == len(items)
    assert sum(shape.line.width == 3 for shape in shapes) == sum(item.needs_improvement for item in items)
    assert {shape.fillcolor for shape in shapes} >= {charts.OIT_COLORS["published"], charts.OIT_COLORS["not_started"]}
    legend = [t.name for t in fig.data if t.showlegend is not False]
    assert legend == [contract.OIT_STATUS_TH[s] for s in contract.OIT_STATUSES] + [charts.FLAG_LABEL]


def test_oit_grid_heads_every_indicator_and_group(demo_workbook):
    fig = charts.build_oit_grid_figure(demo_workbook.oit_items)
    texts = [annotation.text for annotation in fig.layout.annotations]
    assert "<b>ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล</b>" in texts
    assert {item.group for item in demo_workbook.oit_items} <= set(texts)


def test_every_registered_chart_builds_with_its_title_and_a_thai_font(demo_workbook):
    keys = [spec.key for spec in charts.DASHBOARD_CHARTS]
    assert len(set(keys)) == len(keys) == 6
    for spec in charts.DASHBOARD_CHARTS:
        fig = spec.build(demo_workbook, TODAY)
        assert isinstance(fig, go.Figure)
        assert fig.layout.title.text == spec.title
        assert any(font in fig.layout.font.family for font in THAI_FONTS_INSTALLED)
        assert fig.layout.hoverlabel.font.family == charts.FONT_FAMILY
        assert any("\u0e00" <= char <= "\u0e7f" for char in spec.file_name)
        assert not spec.file_name.endswith(".png") and "/" not in spec.file_name


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig not installed")
def test_the_font_family_names_a_thai_font_that_is_installed():
    installed = subprocess.run(["fc-list", ":lang=th", "family"], capture_output=True, text=True).stdout
    families = [name.strip() for name in charts.FONT_FAMILY.split(",")]
    assert any(name in installed for name in families if name != "sans-serif")


def test_chart_config_downloads_a_2x_png_with_the_thai_file_name():
    config = charts.chart_config("ITA_ความคืบหน้า")
    assert config["toImageButtonOptions"] == {"format": "png", "scale": 2, "filename": "ITA_ความคืบหน้า"}
    assert config["displaylogo"] is False and config["responsive"] is True


def test_sheet_strings_are_escaped_before_plotly_labels():
    rows = [figures.DepartmentRow(name="<b>กอง</b> & <a href='x'>", activities=1, done=0, progress_pct=10.0,
                                  overdue=0)]
    trace = bar(charts.build_department_progress_figure(rows))
    assert trace.y[0] == "&lt;b&gt;กอง&lt;/b&gt; &amp; &lt;a href='x'&gt;"
    assert "<b>กอง" not in trace.customdata[0][0]


@pytest.mark.parametrize("builder, empty", [
    (charts.build_measure_progress_figure, []),
    (charts.build_department_progress_figure, []),
    (charts.build_oit_grid_figure, []),
    (lambda items: charts.build_timeline_figure(items, TODAY), []),
])
def test_empty_input_draws_a_no_data_note(builder, empty):
    fig = builder(empty)
    assert charts.NO_DATA in [annotation.text for annotation in fig.layout.annotations]


@pytest.mark.parametrize("text, limit", [
    ("การแต่งตั้งคณะทำงาน", 3),  # would cut before ร's neighbour marks
    ("สนับสนุนและยกระดับ", 4),
    ("แต่งตั้ง", 1),  # a leading vowel is never left alone
    ("ผู้รับผิดชอบ", 2),
    ("ปรับปรุงระบบการทำงาน", 30),
])
def test_clip_text_keeps_thai_marks_with_their_consonant(text, limit):
    clipped = charts.clip_text(text, limit)
    kept = clipped.removesuffix("…")
    assert text.startswith(kept) and kept
    if len(kept) < len(text):
        assert not unicodedata.combining(text[len(kept)]) and unicodedata.category(text[len(kept)]) != "Mn"
        assert kept[-1] not in charts.LEADING_VOWELS


def test_wrap_text_breaks_long_thai_into_lines_without_losing_characters():
    text = "การแต่งตั้งคณะทำงานเพื่อสนับสนุนและยกระดับผลการประเมินคุณธรรมและความโปร่งใส"
    lines = charts.wrap_text(text, 20)
    assert "".join(lines) == text and all(len(line) <= 20 for line in lines)
    assert all(unicodedata.category(line[0]) != "Mn" for line in lines)


def test_timeline_keeps_at_most_the_limit_with_overdue_first():
    import datetime as dt

    from scripts.fakes.workbooks import build_large_tabs
    from sheets.model import RawWorkbook, SourceInfo
    from sheets.workbook import parse_workbook

    workbook = parse_workbook(RawWorkbook(build_large_tabs(departments=2, rows=150), SourceInfo("xlsx", "big")))
    today = dt.date(2026, 11, 25)
    figure = charts.build_timeline_figure(workbook.activities, today)
    points = sum(len(trace.x) for trace in figure.data if trace.hoverinfo != "skip")
    overdue = [a for a in workbook.activities if figures.is_overdue(a, today)]
    late_trace = [trace for trace in figure.data if trace.hoverinfo == "skip"]
    assert points == charts.TIMELINE_LIMIT
    assert len(late_trace[0].x) == min(len(overdue), charts.TIMELINE_LIMIT)
    assert "แสดง 60 จาก" in figure.layout.annotations[-1].text

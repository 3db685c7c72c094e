"""Progress and coverage bars: per measure, per department, OIT coverage per indicator, activity status."""
from __future__ import annotations

import plotly.graph_objects as go

from components import format as fmt
from components.outputs.charts.layout import (
    ACTIVITY_COLORS,
    TITLES,
    add_no_data_note,
    bar_height,
    clip_text,
    escape,
    hover_text,
    progress_bars,
    progress_color,
    style_figure,
)
from sheets import contract, figures


def build_measure_progress_figure(rows: list[figures.MeasureRow]) -> go.Figure:
    """Return a bar per measure (figures.measure_rows) with its progress %; title in the hover."""
    values = [row.progress_pct for row in rows]
    fig = progress_bars(
        [row.label for row in rows], values, [progress_color(v) for v in values],
        [[hover_text(row.title), row.done, row.activities, row.overdue] for row in rows],
        "<b>%{y}</b><br>%{customdata[0]}<br>ความคืบหน้า %{text}<br>"
        "เสร็จ %{customdata[1]} จาก %{customdata[2]} กิจกรรม · เกินกำหนด %{customdata[3]}<extra></extra>",
    )
    style_figure(fig, TITLES["measure_progress"], bar_height(len(rows)))
    return fig if rows else add_no_data_note(fig)


def build_department_progress_figure(rows: list[figures.DepartmentRow]) -> go.Figure:
    """Return a bar per department (figures.department_rows) with its progress %."""
    values = [row.progress_pct for row in rows]
    fig = progress_bars(
        [escape(clip_text(row.name, 28)) for row in rows], values,
        [progress_color(v) for v in values],
        [[hover_text(row.name), row.done, row.activities, row.overdue] for row in rows],
        "<b>%{customdata[0]}</b><br>ความคืบหน้า %{text}<br>"
        "เสร็จ %{customdata[1]} จาก %{customdata[2]} กิจกรรม · เกินกำหนด %{customdata[3]}<extra></extra>",
    )
    style_figure(fig, TITLES["department_progress"], bar_height(len(rows)))
    return fig if rows else add_no_data_note(fig)


def oit_coverage_labels() -> list[str]:
    """Return the OIT coverage chart's categories: overall, then each indicator (two lines)."""
    return ["ภาพรวม"] + [f"ตัวชี้วัดที่ {number}<br>{name}"
                         for number, name in sorted(contract.OIT_INDICATORS.items())]


def build_oit_coverage_figure(oit: figures.OitCoverage) -> go.Figure:
    """Return OIT coverage % overall and per indicator (figures.oit_summary), "n/total" on each bar."""
    parts = [oit.overall] + [oit.by_indicator[number] for number in sorted(contract.OIT_INDICATORS)]
    values = [part.coverage_pct for part in parts]
    fig = progress_bars(
        oit_coverage_labels(), values, [progress_color(v) for v in values],
        [[part.published, part.total] for part in parts],
        "<b>%{y}</b><br>ความครอบคลุม %{text}<br>เผยแพร่แล้ว %{customdata[0]} จาก %{customdata[1]} ข้อ"
        "<extra></extra>",
    )
    fig.update_traces(text=[f"{fmt.format_pct(v)} ({p.published}/{p.total})"
                            for v, p in zip(values, parts)])
    return style_figure(fig, TITLES["oit_coverage"], bar_height(len(parts) + 1))


def build_status_figure(by_status: dict[str, int]) -> go.Figure:
    """Return activity counts per status (figures.ActivityTotals.by_status), Thai labels."""
    keys = [key for key in figures.ACTIVITY_STATUS_KEYS
            if by_status.get(key) or key in ("not_started", "in_progress", "done")]
    counts = [by_status.get(key, 0) for key in keys]
    fig = go.Figure(go.Bar(
        x=counts, y=[contract.ACTIVITY_STATUS_TH[key] for key in keys], orientation="h",
        marker_color=[ACTIVITY_COLORS[key] for key in keys], text=counts, textposition="auto",
        cliponaxis=False, hovertemplate="<b>%{y}</b><br>%{x} กิจกรรม<extra></extra>", showlegend=False,
    ))
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(rangemode="tozero", tickformat="d")
    return style_figure(fig, TITLES["activity_status"], bar_height(len(keys)))

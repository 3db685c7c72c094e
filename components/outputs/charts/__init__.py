"""Dashboard chart figures: pure `build_*` builders → plotly Figure, and the registry exporters use.

Split by kind: `bars` (progress and coverage), `timeline` (due dates), `oit_grid` (every O
item), over `layout` (fonts, colours, titles, text helpers). No streamlit: pages draw
these through `components.charts.render_chart`; images and the CLI build them directly.
"""
from __future__ import annotations

import datetime as dt
from typing import Callable, NamedTuple

import plotly.graph_objects as go

from components.outputs.charts import bars, oit_grid, timeline
from components.outputs.charts.layout import FILE_NAMES, FONT_FAMILY, TITLES
from sheets import figures
from sheets.model import Workbook

__all__ = ["DASHBOARD_CHARTS", "FILE_NAMES", "FONT_FAMILY", "TITLES", "ChartSpec", "bars", "chart_spec", "oit_grid",
           "timeline"]


class ChartSpec(NamedTuple):
    """One dashboard chart: key, Thai title, Thai file name (no extension), builder."""

    key: str
    title: str
    file_name: str
    build: Callable[[Workbook, dt.date], go.Figure]


def _spec(key: str, build: Callable[[Workbook, dt.date], go.Figure]) -> ChartSpec:
    return ChartSpec(key, TITLES[key], FILE_NAMES[key], build)


DASHBOARD_CHARTS: list[ChartSpec] = [
    _spec("measure_progress", lambda wb, today: bars.build_measure_progress_figure(figures.measure_rows(wb, today))),
    _spec("department_progress",
          lambda wb, today: bars.build_department_progress_figure(figures.department_rows(wb, today))),
    _spec("oit_coverage", lambda wb, today: bars.build_oit_coverage_figure(figures.oit_summary(wb))),
    _spec("activity_status", lambda wb, today: bars.build_status_figure(
        figures.activity_totals(wb, today).by_status)),
    _spec("timeline", lambda wb, today: timeline.build_timeline_figure(wb.activities, today)),
    _spec("oit_grid", lambda wb, today: oit_grid.build_oit_grid_figure(wb.oit_items)),
]


def chart_spec(key: str) -> ChartSpec:
    """Return the registered chart with this key (KeyError when there is none)."""
    return next(spec for spec in DASHBOARD_CHARTS if spec.key == key)

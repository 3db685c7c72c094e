"""What pages build from a workbook (figures, charts, tables, the annex), built once and shared.

A page run on cached data used to rebuild every figure and chart: the same work for every
session and every rerun. `memo(build, workbook, *args)` returns `build(workbook, *args)`,
built once per workbook object and arguments for every session of the process (the newest
MAX_VIEWS kept). The workbook store (components.data) hands every session the same Workbook
object until the source is read again (or a row save swaps in a patched copy), so a new read
is a new key and nothing stale is served.

What memo returns is shared: pages read it and pass it to st.*, never change it.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components import tables, tiles
from components.outputs import annex
from components.outputs.charts import bars, oit_grid, timeline
from sheets import figures
from sheets.model import Workbook

MAX_VIEWS = 256  # a 60×200 workbook's figures and charts are ~1–2 MB in all
T = TypeVar("T")


class ViewCache:
    """Built values by (builder, workbook identity, arguments), least recently used dropped first."""

    def __init__(self, size: int = MAX_VIEWS) -> None:
        self._size = size
        self._guard = threading.Lock()
        self._values: OrderedDict[tuple, tuple[Workbook, Any]] = OrderedDict()

    def get_or_build(self, build: Callable[..., T], workbook: Workbook, args: tuple[Hashable, ...]) -> T:
        key = (build.__module__, build.__qualname__, id(workbook), args)
        with self._guard:
            found = self._values.get(key)
            if found is not None and found[0] is workbook:  # id() alone could name a collected workbook
                self._values.move_to_end(key)
                return found[1]
        value = build(workbook, *args)
        with self._guard:
            self._values[key] = (workbook, value)
            while len(self._values) > self._size:
                self._values.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._values)


@st.cache_resource(show_spinner=False)
def view_cache() -> ViewCache:
    """The process's one ViewCache (cleared with st.cache_resource in tests)."""
    return ViewCache()


def memo(build: Callable[..., T], workbook: Workbook, *args: Hashable) -> T:
    """Return build(workbook, *args), built once per workbook and arguments for every session (read-only)."""
    return view_cache().get_or_build(build, workbook, args)


# --- what each page shows, built through memo -----------------------------------------------


@dataclass(frozen=True)
class OverviewView:
    summary: figures.Summary
    tiles: list
    measure_figure: go.Figure
    department_figure: go.Figure
    oit_figure: go.Figure


def build_overview(workbook: Workbook, today: dt.date, departments: tuple[str, ...] | None) -> OverviewView:
    """The overview's numbers and charts; only the department chart follows the department filter."""
    summary = figures.compute_summary(workbook, today)
    rows = [row for row in summary.departments if not departments or row.name in departments]
    return OverviewView(summary, tiles.summary_tiles(summary),
                        bars.build_measure_progress_figure(figures.measure_rows(workbook, today)),
                        bars.build_department_progress_figure(rows), bars.build_oit_coverage_figure(summary.oit))


@dataclass(frozen=True)
class MeasuresView:
    timeline: go.Figure
    rows: list[tuple[figures.MeasureRow, pd.DataFrame | None]]  # None: no activity under the filter


def build_measures(workbook: Workbook, today: dt.date, departments: tuple[str, ...] | None,
                   statuses: tuple[str, ...] | None) -> MeasuresView:
    """The timeline and, per measure, its activities' table under the department and status filters."""
    activities = tables.filter_activities(workbook.activities, list(departments or []), list(statuses or []))
    rows = []
    for row in figures.measure_rows(workbook, today):
        acts = [a for a in activities if a.measure_no == row.no]
        rows.append((row, tables.activity_frame(acts, today) if acts else None))
    return MeasuresView(timeline.build_timeline_figure(activities, today), rows)


@dataclass(frozen=True)
class OitView:
    summary: figures.OitCoverage
    grid: go.Figure
    flagged: list
    flagged_frame: pd.DataFrame
    items_frame: pd.DataFrame
    coverage_frame: pd.DataFrame


def build_oit(workbook: Workbook, departments: tuple[str, ...] | None) -> OitView:
    """The OIT grid and headline (whole framework) and the tables (department filter)."""
    items = tables.filter_oit(workbook.oit_items, list(departments or []))
    flagged = tables.filter_oit(items, flagged_only=True)
    return OitView(figures.oit_summary(workbook), oit_grid.build_oit_grid_figure(workbook.oit_items), flagged,
                   tables.oit_frame(flagged), tables.oit_frame(items), tables.oit_department_frame(items))


@dataclass(frozen=True)
class AnnexView:
    report: annex.Report
    html: str
    key: str   # the HTML's hash: a PDF made from another choice is never offered for this one


def build_annex(workbook: Workbook, measures: tuple[int, ...], departments: tuple[str, ...], arabic: bool) -> AnnexView:
    """The annex for the chosen measures and departments, and its printable HTML."""
    report = annex.build_report(workbook, measures=list(measures), departments=list(departments),
                                arabic_digits=arabic)
    html = annex.build_annex_html(report, print_button=True)
    return AnnexView(report, html, hashlib.sha256(html.encode("utf-8")).hexdigest())

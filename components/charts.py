"""Dashboard charts: pure `build_*` builders → plotly Figure, and `render_chart` for pages.

Builders take the figures module's rows (or the workbook's items) and never call
streamlit, so an exporter can draw every chart in `DASHBOARD_CHARTS` without a page.
Every sheet string is HTML-escaped before it reaches plotly, whose labels accept
a little HTML (<b>, <br>, <a>, <span style>).
"""
from __future__ import annotations

import datetime as dt
import html
import unicodedata
from typing import Callable, Iterable, NamedTuple

import plotly.graph_objects as go
import streamlit as st

from components import format as fmt
from sheets import contract, figures, oit
from sheets.model import Activity, OitItem, Workbook

# Thai-capable families first (fonts-thai-tlwg ships Loma, Garuda); sans-serif last.
FONT_FAMILY = "Sarabun, Noto Sans Thai, Loma, Garuda, Tahoma, sans-serif"
FONT_SIZE = 13
TEXT_COLOR = "#1f2933"
GRID_COLOR = "#e4e7eb"
BAR_COLOR = "#0072B2"
DONE_COLOR = "#009E73"
OVERDUE_COLOR = "#D55E00"
TODAY_COLOR = "#3e4c59"
# Okabe–Ito based, readable with dark text and for colour-blind readers.
ACTIVITY_COLORS = {"done": DONE_COLOR, "in_progress": "#E69F00", "not_started": "#9AA5B1",
                   "cancelled": "#CBD2D9", "unknown": "#CC79A7"}
OIT_COLORS = {"published": DONE_COLOR, "in_progress": "#E69F00", "not_started": "#D9DEE3",
              "not_applicable": "#FFFFFF"}
FLAG_LABEL = "ต้องปรับปรุงจากผลปีก่อน"
NO_DATA = "ไม่มีข้อมูล"
NO_GROUP = "อื่น ๆ"
GRID_COLUMNS = 9
BAR_ROW_PX = 38
TIMELINE_ROW_PX = 32
GRID_UNIT_PX = 44
LABEL_CHARS = 18
HOVER_LINE_CHARS = 40
# Thai leading vowels (เ แ โ ใ ไ) belong to the next consonant: never end a piece on one.
LEADING_VOWELS = "\u0e40\u0e41\u0e42\u0e43\u0e44"

TITLES = {
    "measure_progress": "ความคืบหน้ารายมาตรการ",
    "department_progress": "ความคืบหน้ารายส่วนราชการ",
    "oit_coverage": "ความครอบคลุม OIT รายตัวชี้วัด",
    "activity_status": "สถานะกิจกรรม",
    "timeline": "กำหนดเสร็จของกิจกรรม",
    "oit_grid": "สถานะตัวชี้วัด OIT รายข้อ",
}
FILE_NAMES = {
    "measure_progress": "ITA_ความคืบหน้ารายมาตรการ",
    "department_progress": "ITA_ความคืบหน้ารายส่วนราชการ",
    "oit_coverage": "ITA_ความครอบคลุมOIT",
    "activity_status": "ITA_สถานะกิจกรรม",
    "timeline": "ITA_กำหนดเสร็จกิจกรรม",
    "oit_grid": "ITA_สถานะOITรายข้อ",
}


# --- text helpers -------------------------------------------------------------------

def escape(text: object) -> str:
    """Return text safe for plotly's HTML-like labels (& < > escaped)."""
    return html.escape(str(text), quote=False)


def _is_boundary(text: str, index: int) -> bool:
    """Return True when text can be cut before index: no mark or leading vowel split off."""
    if index <= 0 or index >= len(text):
        return True
    char = text[index]
    return not (unicodedata.combining(char) or unicodedata.category(char) == "Mn"
                or text[index - 1] in LEADING_VOWELS)


def _safe_cut(text: str, limit: int) -> int:
    """Return the cut index nearest below limit (else above it) that keeps Thai clusters whole."""
    limit = min(limit, len(text))
    below = next((i for i in range(limit, 0, -1) if _is_boundary(text, i)), 0)
    return below or next(i for i in range(limit, len(text) + 1) if _is_boundary(text, i))


def clip_text(text: str, limit: int = LABEL_CHARS) -> str:
    """Return text shortened to about `limit` characters with "…", keeping Thai clusters whole."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:_safe_cut(text, limit)].rstrip() + "…"


def wrap_text(text: str, width: int = HOVER_LINE_CHARS) -> list[str]:
    """Return text split into lines of about `width` characters (at a space when one is near)."""
    rest, lines = " ".join(str(text).split()), []
    while len(rest) > width:
        space = rest.rfind(" ", width // 2, width + 1)
        cut = space if space > 0 else _safe_cut(rest, width)
        lines.append(rest[:cut].strip())
        rest = rest[cut:].strip()
    return lines + ([rest] if rest else [])


def hover_text(text: str, width: int = HOVER_LINE_CHARS) -> str:
    """Return a sheet string escaped and wrapped with <br> for a hover box."""
    return "<br>".join(escape(line) for line in wrap_text(text, width))


# --- shared layout ------------------------------------------------------------------

def _style(fig: go.Figure, title: str, height: int) -> go.Figure:
    """Apply the dashboard look: Thai font, title, compact margins, no drag-zoom (phones scroll)."""
    fig.update_layout(
        font={"family": FONT_FAMILY, "size": FONT_SIZE, "color": TEXT_COLOR},
        title={"text": escape(title), "x": 0, "xanchor": "left", "font": {"size": 16}},
        hoverlabel={"font": {"family": FONT_FAMILY}, "align": "left"},
        margin={"l": 8, "r": 16, "t": 56, "b": 8},
        height=height, dragmode=False, plot_bgcolor="white", paper_bgcolor="white",
        # Anchored to the figure's bottom-left (not the plot area's) so it never covers the
        # x tick labels and wraps across the full width on a phone.
        legend={"orientation": "h", "xref": "container", "yref": "container", "x": 0, "xanchor": "left",
                "y": 0, "yanchor": "bottom", "font": {"size": 12}},
    )
    fig.update_xaxes(fixedrange=True, gridcolor=GRID_COLOR, automargin=True)
    fig.update_yaxes(fixedrange=True, gridcolor=GRID_COLOR, automargin=True)
    return fig


def _no_data(fig: go.Figure) -> go.Figure:
    fig.add_annotation(text=NO_DATA, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                       font={"size": 15})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def _bar_height(count: int) -> int:
    return max(170, 110 + BAR_ROW_PX * count)


def _progress_bars(labels: list[str], values: list[float | None], colors: list[str],
                   customdata: list[list], hovertemplate: str) -> go.Figure:
    """Return horizontal 0–100 % bars, first label on top, the value written on each bar."""
    fig = go.Figure(go.Bar(
        x=[value or 0 for value in values], y=labels, orientation="h", marker_color=colors,
        text=[fmt.format_pct(value) for value in values], textposition="auto",
        insidetextanchor="end", cliponaxis=False, customdata=customdata,
        hovertemplate=hovertemplate, showlegend=False,
    ))
    fig.update_xaxes(range=[0, 100], ticksuffix="%", dtick=25)
    fig.update_yaxes(autorange="reversed", type="category")
    return fig


def _progress_color(value: float | None) -> str:
    return DONE_COLOR if value is not None and value >= 100 else BAR_COLOR


# --- builders -----------------------------------------------------------------------

def build_measure_progress_figure(rows: list[figures.MeasureRow]) -> go.Figure:
    """Return a bar per measure (figures.measure_rows) with its progress %; title in the hover."""
    values = [row.progress_pct for row in rows]
    fig = _progress_bars(
        [row.label for row in rows], values, [_progress_color(v) for v in values],
        [[hover_text(row.title), row.done, row.activities, row.overdue] for row in rows],
        "<b>%{y}</b><br>%{customdata[0]}<br>ความคืบหน้า %{text}<br>"
        "เสร็จ %{customdata[1]} จาก %{customdata[2]} กิจกรรม · เกินกำหนด %{customdata[3]}<extra></extra>",
    )
    _style(fig, TITLES["measure_progress"], _bar_height(len(rows)))
    return fig if rows else _no_data(fig)


def build_department_progress_figure(rows: list[figures.DepartmentRow]) -> go.Figure:
    """Return a bar per department (figures.department_rows) with its progress %."""
    values = [row.progress_pct for row in rows]
    fig = _progress_bars(
        [escape(clip_text(row.name, 28)) for row in rows], values,
        [_progress_color(v) for v in values],
        [[hover_text(row.name), row.done, row.activities, row.overdue] for row in rows],
        "<b>%{customdata[0]}</b><br>ความคืบหน้า %{text}<br>"
        "เสร็จ %{customdata[1]} จาก %{customdata[2]} กิจกรรม · เกินกำหนด %{customdata[3]}<extra></extra>",
    )
    _style(fig, TITLES["department_progress"], _bar_height(len(rows)))
    return fig if rows else _no_data(fig)


def oit_coverage_labels() -> list[str]:
    """Return the OIT coverage chart's categories: overall, then each indicator (two lines)."""
    return ["ภาพรวม"] + [f"ตัวชี้วัดที่ {number}<br>{name}"
                         for number, name in sorted(contract.OIT_INDICATORS.items())]


def build_oit_coverage_figure(oit: figures.OitCoverage) -> go.Figure:
    """Return OIT coverage % overall and per indicator (figures.oit_summary), "n/total" on each bar."""
    parts = [oit.overall] + [oit.by_indicator[number] for number in sorted(contract.OIT_INDICATORS)]
    values = [part.coverage_pct for part in parts]
    fig = _progress_bars(
        oit_coverage_labels(), values, [_progress_color(v) for v in values],
        [[part.published, part.total] for part in parts],
        "<b>%{y}</b><br>ความครอบคลุม %{text}<br>เผยแพร่แล้ว %{customdata[0]} จาก %{customdata[1]} ข้อ"
        "<extra></extra>",
    )
    fig.update_traces(text=[f"{fmt.format_pct(v)} ({p.published}/{p.total})"
                            for v, p in zip(values, parts)])
    return _style(fig, TITLES["oit_coverage"], _bar_height(len(parts) + 1))


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
    return _style(fig, TITLES["activity_status"], _bar_height(len(keys)))


def thai_month_ticks(start: dt.date, end: dt.date, max_ticks: int = 6) -> tuple[list[str], list[str]]:
    """Return (ISO dates, labels) for ticks from start to end: "ม.ค. 66", or the B.E. year "2566"
    when the ticks are a year or more apart."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    step = next((s for s in (1, 2, 3, 6, 12, 24, 60) if months / s <= max_ticks), 120)
    index = start.year * 12 + start.month - 1
    index += (-index) % step
    values, labels = [], []
    while index <= end.year * 12 + end.month - 1:
        year, month = divmod(index, 12)
        values.append(dt.date(year, month + 1, 1).isoformat())
        be_year = year + contract.BE_OFFSET
        labels.append(str(be_year) if step >= 12 else f"{contract.THAI_MONTHS[month][1]} {be_year % 100:02d}")
        index += step
    return values, labels


TIMELINE_LIMIT = 60


def _timeline_rows(activities: Iterable[Activity]) -> list[tuple[str, Activity]]:
    """Return (unique label "measure.k activity…", activity) for dated activities, earliest first."""
    counters: dict[int, int] = {}
    labelled = []
    for activity in activities:
        counters[activity.measure_no] = counters.get(activity.measure_no, 0) + 1
        label = f"{activity.measure_no}.{counters[activity.measure_no]} {clip_text(activity.activity)}"
        labelled.append((escape(label), activity))
    dated = [pair for pair in labelled if pair[1].due is not None]
    return sorted(dated, key=lambda pair: (pair[1].due, pair[1].measure_no))


def _timeline_hover(activity: Activity, overdue: bool) -> list[str]:
    progress = figures.activity_progress(activity)
    return [hover_text(activity.activity), escape(activity.department),
            fmt.thai_date(activity.due, digits="arabic"), escape(activity.period or "–"),
            contract.ACTIVITY_STATUS_TH.get(activity.status, activity.status),
            fmt.format_pct(progress) + (" · <b>เกินกำหนด</b>" if overdue else "")]


TIMELINE_HOVER = ("%{customdata[0]}<br>%{customdata[1]}<br>กำหนดเสร็จ %{customdata[2]}"
                  " · ระยะเวลา %{customdata[3]}<br>%{customdata[4]} %{customdata[5]}<extra></extra>")


def build_timeline_figure(activities: Iterable[Activity], today: dt.date) -> go.Figure:
    """Return activities placed by due date (one row each), a dashed today line and overdue circled.

    Activities without a due date are left out and counted in a note under the chart.
    """
    activities = list(activities)
    dated = _timeline_rows(activities)
    rows = pick_timeline_rows(dated, today)
    fig = go.Figure()
    for status in figures.ACTIVITY_STATUS_KEYS:
        picked = [(label, a) for label, a in rows if a.status == status]
        if picked:
            fig.add_trace(go.Scatter(
                x=[a.due.isoformat() for _, a in picked], y=[label for label, _ in picked],
                mode="markers", name=contract.ACTIVITY_STATUS_TH[status], cliponaxis=False,
                marker={"size": 13, "color": ACTIVITY_COLORS[status], "line": {"width": 1, "color": "white"}},
                customdata=[_timeline_hover(a, figures.is_overdue(a, today)) for _, a in picked],
                hovertemplate=TIMELINE_HOVER,
            ))
    late = [(label, a) for label, a in rows if figures.is_overdue(a, today)]
    if late:
        fig.add_trace(go.Scatter(
            x=[a.due.isoformat() for _, a in late], y=[label for label, _ in late], mode="markers",
            name=f"เกินกำหนด ({len(late)})", hoverinfo="skip", cliponaxis=False,
            marker={"size": 22, "symbol": "circle-open", "color": OVERDUE_COLOR, "line": {"width": 3}},
        ))
    _style(fig, TITLES["timeline"], max(260, 150 + TIMELINE_ROW_PX * len(rows)))
    if not rows:
        return _no_data(fig)
    _timeline_axes(fig, rows, today)
    undated = len(activities) - len(dated)
    notes = [f"ไม่มีกำหนดเสร็จ {undated} กิจกรรม (ไม่แสดงในแผนภาพ)"] if undated else []
    if len(rows) < len(dated):
        notes.append(f"แสดง {len(rows)} จาก {len(dated)} กิจกรรม: เกินกำหนดและใกล้ครบกำหนดก่อน "
                     "(กรองส่วนราชการเพื่อดูเพิ่ม)")
    if notes:
        fig.add_annotation(text="<br>".join(notes), x=0, y=1, xref="paper", yref="paper", yanchor="bottom",
                           showarrow=False, font={"size": 11}, align="left")
    return fig


def pick_timeline_rows(rows: list[tuple[str, Activity]], today: dt.date,
                       limit: int = TIMELINE_LIMIT) -> list[tuple[str, Activity]]:
    """Return at most `limit` rows, earliest due first: overdue, then open ones due soonest, then done.

    A chart of thousands of rows is unreadable (and megabytes to send); the table below it
    holds every activity.
    """
    if len(rows) <= limit:
        return rows

    def priority(pair: tuple[str, Activity]) -> tuple:
        activity = pair[1]
        if figures.is_overdue(activity, today):
            return (0, activity.due)
        if activity.status not in ("done", "cancelled"):
            return (1, activity.due)
        return (2, -activity.due.toordinal())

    chosen = sorted(rows, key=priority)[:limit]
    return sorted(chosen, key=lambda pair: (pair[1].due, pair[1].measure_no))


def _timeline_axes(fig: go.Figure, rows: list[tuple[str, Activity]], today: dt.date) -> None:
    """Add the today line and Thai month ticks; overdue rows get red axis labels."""
    dates = [a.due for _, a in rows] + [today]
    pad = max(dt.timedelta(days=20), (max(dates) - min(dates)) * 0.05)
    start, end = min(dates) - pad, max(dates) + pad
    values, labels = thai_month_ticks(start, end)
    fig.update_xaxes(type="date", range=[start.isoformat(), end.isoformat()],
                     tickvals=values, ticktext=labels)
    overdue = {label for label, a in rows if figures.is_overdue(a, today)}
    fig.update_yaxes(autorange="reversed", type="category", categoryorder="array",
                     categoryarray=[label for label, _ in rows],
                     tickvals=[label for label, _ in rows],
                     ticktext=[f'<span style="color:{OVERDUE_COLOR}">{label}</span>' if label in overdue
                               else label for label, _ in rows])
    fig.add_shape(type="line", x0=today.isoformat(), x1=today.isoformat(), y0=0, y1=1,
                  xref="x", yref="paper", line={"color": TODAY_COLOR, "width": 2, "dash": "dash"})
    fig.add_annotation(text=f"วันนี้ {fmt.thai_date(today, digits='arabic', short=True)}",
                       x=today.isoformat(), y=1, xref="x", yref="paper", yanchor="bottom",
                       xanchor="right", showarrow=False, font={"size": 11, "color": TODAY_COLOR})


def _grid_sections(items: list[OitItem]) -> list[tuple[str, list[tuple[str, list[OitItem]]]]]:
    """Return [(indicator heading, [(group, items)])] in catalog order; ungrouped items last."""
    sections: dict[int | None, dict[str, list[OitItem]]] = {}
    for item in items:
        sections.setdefault(item.indicator, {}).setdefault(item.group or NO_GROUP, []).append(item)
    ordered = sorted(sections, key=lambda key: (key is None, key or 0))
    return [(f"ตัวชี้วัดที่ {key} {contract.OIT_INDICATORS.get(key, '')}".strip() if key else NO_GROUP,
             list(sections[key].items())) for key in ordered]


def _grid_cells(items: list[OitItem]) -> tuple[list[tuple[float, str, int]], list[tuple[OitItem, int, float]]]:
    """Return (headings as (y, text, level), cells as (item, column, y)); y grows downwards."""
    headings, cells, y = [], [], 0.0
    for heading, groups in _grid_sections(items):
        headings.append((y, heading, 1))
        y += 0.8
        for group, members in groups:
            headings.append((y, group, 2))
            y += 0.75
            for index, item in enumerate(members):
                cells.append((item, index % GRID_COLUMNS, y + index // GRID_COLUMNS))
            y += -(-len(members) // GRID_COLUMNS)
        y += 0.2
    return headings, cells


def _grid_hover(item: OitItem) -> list[str]:
    flag = f"<br><b>{FLAG_LABEL}</b>" if item.needs_improvement else ""
    return [escape(item.code), hover_text(item.title), escape(item.owner or "ไม่ระบุผู้รับผิดชอบ"),
            contract.OIT_STATUS_TH.get(item.status, item.status),
            fmt.thai_date(item.published_on, digits="arabic") + flag, hover_text(oit.describe_title_source(item))]


def build_oit_grid_figure(items: Iterable[OitItem]) -> go.Figure:
    """Return every O item as a cell coloured by status, grouped by indicator and group.

    Items flagged by last year's assessment get a thick dark border and bold code.
    """
    items = list(items)
    headings, cells = _grid_cells(items)
    fig = go.Figure()
    for item, column, y in cells:
        flagged = item.needs_improvement
        fig.add_shape(type="rect", x0=column + 0.06, x1=column + 0.94, y0=y - 0.42, y1=y + 0.42,
                      fillcolor=OIT_COLORS.get(item.status, "#FFFFFF"), layer="below",
                      line={"color": "#1f2933" if flagged else "#9AA5B1", "width": 3 if flagged else 1,
                            "dash": "dot" if item.status == "not_applicable" else "solid"})
    for status in contract.OIT_STATUSES:
        picked = [(item, column, y) for item, column, y in cells if item.status == status]
        fig.add_trace(go.Scatter(
            x=[column + 0.5 for _, column, _ in picked], y=[y for _, _, y in picked],
            mode="markers+text", name=contract.OIT_STATUS_TH[status],
            text=[f"<b>{escape(i.code)}</b>" if i.needs_improvement else escape(i.code) for i, _, _ in picked],
            textfont={"size": 12, "color": TEXT_COLOR}, showlegend=False,
            marker={"symbol": "square", "size": 34, "opacity": 0},  # a wide hover target only
            customdata=[_grid_hover(item) for item, _, _ in picked],
            hovertemplate="<b>%{customdata[0]}</b> %{customdata[1]}<br>%{customdata[2]}<br>"
                          "%{customdata[3]} · เผยแพร่ %{customdata[4]}<br><i>%{customdata[5]}</i><extra></extra>",
        ))
    for status in contract.OIT_STATUSES:
        fig.add_trace(_legend_entry(contract.OIT_STATUS_TH[status], OIT_COLORS[status], "#9AA5B1", 1))
    fig.add_trace(_legend_entry(FLAG_LABEL, "#FFFFFF", "#1f2933", 3))
    for y, text, level in headings:
        fig.add_annotation(text=f"<b>{escape(text)}</b>" if level == 1 else escape(text), x=0.06, y=y,
                           xref="x", yref="y", xanchor="left", yanchor="middle", showarrow=False,
                           font={"size": 14 if level == 1 else 12})
    bottom = max([y for _, _, y in cells] + [y for y, _, _ in headings] + [0.0]) + 0.6
    fig.update_xaxes(visible=False, range=[0, GRID_COLUMNS])
    fig.update_yaxes(visible=False, range=[bottom, -0.5])
    _style(fig, TITLES["oit_grid"], int(130 + GRID_UNIT_PX * bottom))
    return fig if items else _no_data(fig)


def _legend_entry(name: str, fill: str, line: str, width: int) -> go.Scatter:
    return go.Scatter(x=[None], y=[None], mode="markers", name=name, hoverinfo="skip",
                      marker={"symbol": "square", "size": 14, "color": fill,
                              "line": {"color": line, "width": width}})


# --- registry for exporters ---------------------------------------------------------

class ChartSpec(NamedTuple):
    """One dashboard chart: key, Thai title, Thai file name (no extension), builder."""

    key: str
    title: str
    file_name: str
    build: Callable[[Workbook, dt.date], go.Figure]


def _spec(key: str, build: Callable[[Workbook, dt.date], go.Figure]) -> ChartSpec:
    return ChartSpec(key, TITLES[key], FILE_NAMES[key], build)


DASHBOARD_CHARTS: list[ChartSpec] = [
    _spec("measure_progress", lambda wb, today: build_measure_progress_figure(figures.measure_rows(wb, today))),
    _spec("department_progress",
          lambda wb, today: build_department_progress_figure(figures.department_rows(wb, today))),
    _spec("oit_coverage", lambda wb, today: build_oit_coverage_figure(figures.oit_summary(wb))),
    _spec("activity_status", lambda wb, today: build_status_figure(
        figures.activity_totals(wb, today).by_status)),
    _spec("timeline", lambda wb, today: build_timeline_figure(wb.activities, today)),
    _spec("oit_grid", lambda wb, today: build_oit_grid_figure(wb.oit_items)),
]


def chart_spec(key: str) -> ChartSpec:
    """Return the registered chart with this key (KeyError when there is none)."""
    return next(spec for spec in DASHBOARD_CHARTS if spec.key == key)


# --- rendering ----------------------------------------------------------------------

def chart_config(file_name: str) -> dict:
    """Return the plotly config: PNG download at 2× named file_name, no logo, responsive."""
    return {"displaylogo": False, "responsive": True,
            "toImageButtonOptions": {"format": "png", "scale": 2, "filename": file_name},
            "modeBarButtonsToRemove": ["zoom2d", "pan2d", "select2d", "lasso2d", "zoomIn2d",
                                       "zoomOut2d", "autoScale2d", "resetScale2d"]}


def render_chart(fig: go.Figure, file_name: str, *, key: str | None = None) -> None:
    """Draw fig full width with the dashboard's config (PNG download named file_name)."""
    st.plotly_chart(fig, width="stretch", config=chart_config(file_name), key=key)

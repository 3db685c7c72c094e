"""The due-date timeline: one row per dated activity, a dashed today line, overdue circled."""
from __future__ import annotations

import datetime as dt
from typing import Iterable

import plotly.graph_objects as go

from components import format as fmt
from components.outputs.charts.layout import (
    ACTIVITY_COLORS,
    OVERDUE_COLOR,
    TITLES,
    TODAY_COLOR,
    add_no_data_note,
    clip_text,
    escape,
    hover_text,
    style_figure,
)
from sheets import contract, figures
from sheets.model import Activity

TIMELINE_ROW_PX = 32


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
    style_figure(fig, TITLES["timeline"], max(260, 150 + TIMELINE_ROW_PX * len(rows)))
    if not rows:
        return add_no_data_note(fig)
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

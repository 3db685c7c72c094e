"""The OIT grid: every O item a cell coloured by status, grouped by indicator and group."""
from __future__ import annotations

from typing import Iterable

import plotly.graph_objects as go

from components import format as fmt
from components.outputs.charts.layout import (
    OIT_COLORS,
    TEXT_COLOR,
    TITLES,
    add_no_data_note,
    escape,
    hover_text,
    style_figure,
)
from sheets import contract, oit
from sheets.model import OitItem

FLAG_LABEL = "ต้องปรับปรุงจากผลปีก่อน"
NO_GROUP = "อื่น ๆ"
GRID_COLUMNS = 9
GRID_UNIT_PX = 44


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
    # Shapes and annotations go in as one list each: add_shape/add_annotation re-validate every
    # earlier one, which made a 43-item grid cost ~0.5 s per page run.
    fig = go.Figure(layout={"shapes": [_cell_shape(item, column, y) for item, column, y in cells],
                            "annotations": [_heading(y, text, level) for y, text, level in headings]})
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
    bottom = max([y for _, _, y in cells] + [y for y, _, _ in headings] + [0.0]) + 0.6
    fig.update_xaxes(visible=False, range=[0, GRID_COLUMNS])
    fig.update_yaxes(visible=False, range=[bottom, -0.5])
    style_figure(fig, TITLES["oit_grid"], int(130 + GRID_UNIT_PX * bottom))
    return fig if items else add_no_data_note(fig)


def _cell_shape(item: OitItem, column: int, y: float) -> dict:
    flagged = item.needs_improvement
    return {"type": "rect", "x0": column + 0.06, "x1": column + 0.94, "y0": y - 0.42, "y1": y + 0.42,
            "xref": "x", "yref": "y", "fillcolor": OIT_COLORS.get(item.status, "#FFFFFF"), "layer": "below",
            "line": {"color": "#1f2933" if flagged else "#9AA5B1", "width": 3 if flagged else 1,
                     "dash": "dot" if item.status == "not_applicable" else "solid"}}


def _heading(y: float, text: str, level: int) -> dict:
    return {"text": f"<b>{escape(text)}</b>" if level == 1 else escape(text), "x": 0.06, "y": y,
            "xref": "x", "yref": "y", "xanchor": "left", "yanchor": "middle", "showarrow": False,
            "font": {"size": 14 if level == 1 else 12}}


def _legend_entry(name: str, fill: str, line: str, width: int) -> go.Scatter:
    return go.Scatter(x=[None], y=[None], mode="markers", name=name, hoverinfo="skip",
                      marker={"symbol": "square", "size": 14, "color": fill,
                              "line": {"color": line, "width": width}})

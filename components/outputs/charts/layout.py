"""The charts' shared look: fonts, colours, Thai titles and file names, text helpers, bar layout.

Every sheet string is HTML-escaped before it reaches plotly, whose labels accept a
little HTML (<b>, <br>, <a>, <span style>). No streamlit here.
"""
from __future__ import annotations

import html
import unicodedata

import plotly.graph_objects as go

from components import format as fmt

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
NO_DATA = "ไม่มีข้อมูล"
BAR_ROW_PX = 38
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

def style_figure(fig: go.Figure, title: str, height: int) -> go.Figure:
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


def add_no_data_note(fig: go.Figure) -> go.Figure:
    fig.add_annotation(text=NO_DATA, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                       font={"size": 15})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def bar_height(count: int) -> int:
    return max(170, 110 + BAR_ROW_PX * count)


def progress_bars(labels: list[str], values: list[float | None], colors: list[str],
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


def progress_color(value: float | None) -> str:
    return DONE_COLOR if value is not None and value >= 100 else BAR_COLOR

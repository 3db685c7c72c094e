"""KPI tiles of the overview: pure `summary_tiles(summary)` and `render_tiles` (st.metric)."""
from __future__ import annotations

from typing import NamedTuple
from urllib.parse import quote

import streamlit as st

from components import format as fmt
from sheets.figures import Summary
from sheets.model import SourceInfo

# Wide enough for the longest Thai label on one line; two tiles fit a 390 px phone row.
TILE_WIDTH = 165
ACTIONABLE = ("error", "warning")
# Characters kept as they are in a linked URL; parentheses and spaces are percent-encoded.
URL_SAFE = ":/?#@!$&'*+,;=%~"


class Tile(NamedTuple):
    """One KPI: Thai label, the value as shown, a short Thai note under it and the note's colour."""

    label: str
    value: str
    note: str
    color: str = "gray"


def summary_tiles(summary: Summary) -> list[Tile]:
    """Return the overview's five tiles from the Summary (its numbers, formatted)."""
    measures, activities, oit = summary.measures, summary.activities, summary.oit
    counted = activities.counted
    overdue, problems = activities.overdue, summary.problem_count(ACTIONABLE)
    return [
        Tile("มาตรการเสร็จ", f"{measures.done}/{measures.total}", f"เฉลี่ย {fmt.format_pct(measures.progress_pct)}"),
        Tile("ความคืบหน้ากิจกรรม", fmt.format_pct(activities.progress_pct),
             f"เสร็จ {activities.by_status['done']}/{counted} กิจกรรม"),
        Tile("ความครอบคลุม OIT", fmt.format_pct(oit.coverage_pct), f"เผยแพร่ {oit.published}/{oit.total} ข้อ"),
        Tile("กิจกรรมเกินกำหนด", fmt.format_count(overdue), f"จาก {counted} กิจกรรม",
             "red" if overdue else "gray"),
        Tile("ปัญหาข้อมูลที่ต้องแก้", fmt.format_count(problems),
             f"ผิดพลาด {summary.problem_count(('error',))} · เตือน {summary.problem_count(('warning',))}",
             "red" if problems else "gray"),
    ]


def source_caption(source: SourceInfo) -> str:
    """Return "ข้อมูล ณ <Thai date, time> · แหล่งข้อมูล: <name>" as Markdown, the name linked when it has a web link."""
    name = fmt.escape_markdown(" ".join(source.name.split()) or "ไม่ทราบชื่อ")
    if source.url and source.url.lower().startswith(("https://", "http://")):
        name = f"[{name}]({quote(source.url, safe=URL_SAFE)})"
    return f"ข้อมูล ณ {fmt.thai_datetime(source.fetched_at)} · แหล่งข้อมูล: {name}"


def render_tiles(tiles: list[Tile]) -> None:
    """Show the tiles as bordered st.metric in a row that wraps (two a row on a 390 px phone).

    The note sits in the delta line (no arrow): a help icon would push Thai labels into "…".
    """
    with st.container(horizontal=True, gap="small"):
        for tile in tiles:
            st.metric(tile.label, tile.value, tile.note, delta_color=tile.color, delta_arrow="off",
                      border=True, width=TILE_WIDTH)

"""KPI tiles of the overview: pure `summary_tiles(summary)` and `render_tiles` (st.metric)."""
from __future__ import annotations

from typing import NamedTuple
from urllib.parse import quote

import streamlit as st

from components import format as fmt
from sheets.model import SourceInfo

# Wide enough for the longest Thai label on one line; two tiles fit a 390 px phone row.
TILE_WIDTH = 165
ACTIONABLE = ("error", "warning")
# Characters kept as they are in a linked URL; parentheses and spaces are percent-encoded.
URL_SAFE = ":/?#@!$&'*+,;=%~"


class Tile(NamedTuple):
    """One KPI: Thai label, the value as shown, a Thai help sentence."""

    label: str
    value: str
    help: str


def problem_count(summary: dict) -> int:
    """Return how many problems must be fixed in the sheet (errors and warnings)."""
    return sum(problem["severity"] in ACTIONABLE for problem in summary["problems"])


def summary_tiles(summary: dict) -> list[Tile]:
    """Return the overview's five tiles from compute_summary's dict (its numbers, formatted)."""
    measures, activities, oit = summary["measures"], summary["activities"], summary["oit"]
    return [
        Tile("มาตรการเสร็จ", f"{measures['done']}/{measures['total']}",
             "มาตรการที่ทุกกิจกรรมเสร็จแล้ว จากมาตรการทั้งหมด"),
        Tile("ความคืบหน้ากิจกรรม", fmt.format_pct(activities["progress_pct"]),
             "ค่าเฉลี่ยความคืบหน้าของกิจกรรม (ไม่นับที่ยกเลิก)"),
        Tile("ความครอบคลุม OIT", fmt.format_pct(oit["coverage_pct"]),
             f"เผยแพร่แล้ว {oit['published']} จาก {oit['total']} ข้อ (ไม่นับข้อที่ไม่เกี่ยวข้อง)"),
        Tile("กิจกรรมเกินกำหนด", fmt.format_count(activities["overdue"]),
             "เลยกำหนดเสร็จแล้วแต่ยังไม่เสร็จ"),
        Tile("ปัญหาข้อมูลที่ต้องแก้", fmt.format_count(problem_count(summary)),
             "ข้อผิดพลาดและคำเตือนจากการอ่านชีต ดูรายละเอียดที่หน้าคุณภาพข้อมูล"),
    ]


def source_caption(source: SourceInfo) -> str:
    """Return "ข้อมูล ณ <Thai date, time> · แหล่งข้อมูล: <name>" as Markdown, the name linked when it has a web link."""
    name = fmt.escape_markdown(" ".join(source.name.split()) or "ไม่ทราบชื่อ")
    if source.url and source.url.lower().startswith(("https://", "http://")):
        name = f"[{name}]({quote(source.url, safe=URL_SAFE)})"
    return f"ข้อมูล ณ {fmt.thai_datetime(source.fetched_at)} · แหล่งข้อมูล: {name}"


def render_tiles(tiles: list[Tile]) -> None:
    """Show the tiles as bordered st.metric in a row that wraps (two a row on a phone)."""
    with st.container(horizontal=True, gap="small"):
        for tile in tiles:
            st.metric(tile.label, tile.value, help=tile.help, border=True, width=TILE_WIDTH)

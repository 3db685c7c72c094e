"""Tables for the pages: pure DataFrame builders and filters, plus `render_*` that call st.*.

st.dataframe shows cell text as text (never HTML); strings that go into Markdown
(expander labels, captions) pass through `md_escape` first.
"""
from __future__ import annotations

import datetime as dt
from typing import Iterable

import pandas as pd
import streamlit as st

from components import format as fmt
from sheets import contract, figures
from sheets.model import Activity, OitItem

NO_OWNER = "ไม่ระบุผู้รับผิดชอบ"
LINK_TEXT = "เปิดลิงก์"
EMPTY = fmt.EMPTY
# Most-read first: a phone shows the first two or three columns without scrolling sideways.
ACTIVITY_COLUMNS = ("วิธีการดำเนินการ", "สถานะ", "ความคืบหน้า (%)", "กำหนดเสร็จ", "เกินกำหนด", "หลักฐาน",
                    "ผลการดำเนินการ", "ระยะเวลา", "ผู้รับผิดชอบ", "ส่วนราชการ", "หลักฐานอื่น")
# Long text columns are WRAP_COLUMN_PX wide (a phone still sees the status beside them) and
# rows are tall enough for up to MAX_LINES wrapped lines.
WRAPPED_COLUMNS = ("วิธีการดำเนินการ", "ผลการดำเนินการ")
WRAP_CHARS = 34
WRAP_COLUMN_PX = 250
MAX_LINES = 4
LINE_PX = 20
HEADER_PX = 38
SCROLLBAR_PX = 16
OIT_COLUMNS = ("รหัส", "หัวข้อ", "ผู้รับผิดชอบ", "สถานะ", "ต้องปรับปรุง", "ลิงก์", "วันที่เผยแพร่")


def md_escape(text: object) -> str:
    """Return a sheet string on one line with Markdown characters escaped (for labels, captions)."""
    return fmt.escape_markdown(" ".join(str(text).split()))


def filter_activities(activities: Iterable[Activity], departments: list[str] | None = None,
                      statuses: list[str] | None = None) -> list[Activity]:
    """Return the activities of the given departments and statuses (None or [] = all)."""
    return [a for a in activities
            if (not departments or a.department in departments) and (not statuses or a.status in statuses)]


def filter_note(departments: list[str] | None) -> str | None:
    """Return the "filtered to …" sentence for a department filter, or None when none is set."""
    if not departments:
        return None
    return "กรองเฉพาะส่วนราชการ: " + ", ".join(md_escape(name) for name in departments)


def activity_frame(activities: Iterable[Activity], today: dt.date) -> pd.DataFrame:
    """Return one row per activity with ACTIVITY_COLUMNS (status in Thai, due as a Thai date)."""
    rows = [{
        "วิธีการดำเนินการ": a.activity, "ส่วนราชการ": a.department, "ผู้รับผิดชอบ": a.owner,
        "สถานะ": contract.ACTIVITY_STATUS_TH.get(a.status, a.status),
        "ความคืบหน้า (%)": figures.activity_progress(a), "ระยะเวลา": a.period,
        "กำหนดเสร็จ": fmt.thai_date(a.due), "เกินกำหนด": figures.is_overdue(a, today),
        "ผลการดำเนินการ": a.result, "หลักฐาน": a.evidence[0] if a.evidence else None,
        "หลักฐานอื่น": " ".join(a.evidence[1:]),
    } for a in activities]
    return pd.DataFrame(rows, columns=list(ACTIVITY_COLUMNS))


def row_height(frame: pd.DataFrame, columns: Iterable[str] = WRAPPED_COLUMNS) -> int:
    """Return a row height (px) tall enough for the longest text in `columns` to wrap into.

    The grid wraps Thai at word boundaries by itself once a row has room for more lines;
    about WRAP_CHARS characters fit on a line of a WRAP_COLUMN_PX column.
    """
    longest = max([len(value) for column in columns for value in frame[column] if isinstance(value, str)] + [1])
    return min(-(-longest // WRAP_CHARS), MAX_LINES) * LINE_PX + 12


def measure_heading(row: figures.MeasureRow) -> str:
    """Return an expander label: "มาตรการที่ n · 96.2% · title" (title Markdown-escaped)."""
    late = f" · เกินกำหนด {row.overdue}" if row.overdue else ""
    return f"{row.label} · {fmt.format_pct(row.progress_pct)}{late} · {md_escape(row.title)}"


def measure_summary(row: figures.MeasureRow) -> str:
    """Return the Markdown line under a measure: owner, progress, done/total, overdue."""
    owner = md_escape(row.owner) or "–"
    return (f"**ผู้รับผิดชอบ:** {owner} · **ความคืบหน้า:** {fmt.format_pct(row.progress_pct)} · "
            f"เสร็จ {row.done} จาก {row.activities} กิจกรรม · เกินกำหนด {row.overdue}")


def oit_caption(framework: int | None, catalog_year: int | None, summary: figures.OitCoverage) -> str:
    """Return the OIT page's caption: framework year and coverage overall and per indicator."""
    year = f"กรอบ OIT ปี {framework or '–'}"
    if catalog_year and catalog_year != framework:
        year += f" (ใช้รายการของปี {catalog_year})"
    parts = [f"ภาพรวม {_coverage_text(summary.overall)}"] + [
        f"ตัวชี้วัดที่ {number} {_coverage_text(part)}" for number, part in summary.by_indicator.items()]
    return " · ".join([year] + parts)


def _coverage_text(part: figures.Coverage) -> str:
    return f"{fmt.format_pct(part.coverage_pct)} ({part.published}/{part.total})"


def flagged_caption(items: list[OitItem]) -> str:
    """Return "n ข้อ เผยแพร่แล้ว k ข้อ" for the items flagged by last year's assessment."""
    if not items:
        return "ไม่มีข้อที่ถูกระบุว่าต้องปรับปรุง"
    part = figures.coverage(items)
    return f"{len(items)} ข้อ · เผยแพร่แล้ว {part.published} จาก {part.total} ข้อที่เกี่ยวข้อง"


def oit_frame(items: Iterable[OitItem]) -> pd.DataFrame:
    """Return one row per O item with OIT_COLUMNS (status in Thai, published date in Thai)."""
    rows = [{
        "รหัส": item.code, "หัวข้อ": item.title, "ผู้รับผิดชอบ": item.owner or NO_OWNER,
        "สถานะ": contract.OIT_STATUS_TH.get(item.status, item.status),
        "ต้องปรับปรุง": item.needs_improvement, "ลิงก์": item.urls[0] if item.urls else None,
        "วันที่เผยแพร่": fmt.thai_date(item.published_on),
    } for item in items]
    return pd.DataFrame(rows, columns=list(OIT_COLUMNS))


def filter_oit(items: Iterable[OitItem], departments: list[str] | None = None,
               flagged_only: bool = False) -> list[OitItem]:
    """Return the items owned by the given departments (None = all), optionally only flagged ones."""
    return [item for item in items if (not departments or item.owner in departments)
            and (item.needs_improvement or not flagged_only)]


def oit_department_rows(items: Iterable[OitItem]) -> list[tuple[str, figures.Coverage]]:
    """Return (owner, figures.coverage of the owner's items) per owner, blank owner last as NO_OWNER."""
    owners: dict[str, list[OitItem]] = {}
    for item in items:
        owners.setdefault(item.owner, []).append(item)
    ordered = sorted(owners, key=lambda owner: (owner == "", owner))
    return [(owner or NO_OWNER, figures.coverage(owners[owner])) for owner in ordered]


def oit_department_frame(items: Iterable[OitItem]) -> pd.DataFrame:
    """Return OIT coverage per responsible department as a Thai-headed table."""
    rows = oit_department_rows(items)
    return pd.DataFrame({
        "ผู้รับผิดชอบ": [owner for owner, _ in rows], "เผยแพร่แล้ว": [part.published for _, part in rows],
        "ทั้งหมด": [part.total for _, part in rows],
        "ความครอบคลุม (%)": [part.coverage_pct for _, part in rows],
    })


# --- rendering ----------------------------------------------------------------------

def _progress_column(label: str) -> st.column_config.ProgressColumn:
    # "%g" drops a trailing ".0" as format_pct does: 87%, 53.5%, 100%.
    return st.column_config.ProgressColumn(label, min_value=0, max_value=100, format="%g%%")


def render_activity_table(frame: pd.DataFrame) -> None:
    """Show an activity_frame: evidence as links, progress as a bar, empty extra-link column hidden."""
    columns = [c for c in ACTIVITY_COLUMNS if c != "หลักฐานอื่น" or frame[c].astype(bool).any()]
    rows_px = row_height(frame)
    # Room for the header and a horizontal scrollbar, so the last row is never hidden under it.
    height = HEADER_PX + rows_px * len(frame) + SCROLLBAR_PX
    st.dataframe(frame, hide_index=True, width="stretch", height=height, column_order=columns,
                 placeholder=EMPTY, row_height=rows_px, column_config={
        "วิธีการดำเนินการ": st.column_config.TextColumn(width=WRAP_COLUMN_PX),
        "ความคืบหน้า (%)": _progress_column("ความคืบหน้า"),
        "เกินกำหนด": st.column_config.CheckboxColumn(),
        "ผลการดำเนินการ": st.column_config.TextColumn(width=WRAP_COLUMN_PX),
        "หลักฐาน": st.column_config.LinkColumn(display_text=LINK_TEXT),
    })


def render_oit_table(frame: pd.DataFrame) -> None:
    """Show an oit_frame with the link column clickable and the flag as a checkbox."""
    st.dataframe(frame, hide_index=True, width="stretch", placeholder=EMPTY, column_config={
        "หัวข้อ": st.column_config.TextColumn(width="large"),
        "ต้องปรับปรุง": st.column_config.CheckboxColumn(help="ต้องปรับปรุงจากผลการประเมินปีก่อน"),
        "ลิงก์": st.column_config.LinkColumn(display_text=LINK_TEXT),
    })


def render_coverage_table(frame: pd.DataFrame) -> None:
    """Show an oit_department_frame with coverage as a progress bar."""
    st.dataframe(frame, hide_index=True, width="stretch", height="content", column_config={
        "ทั้งหมด": st.column_config.NumberColumn(help="ไม่นับข้อที่ไม่เกี่ยวข้อง"),
        "ความครอบคลุม (%)": _progress_column("ความครอบคลุม"),
    })


def render_status_filter(key: str = "activity_status_filter") -> list[str]:
    """Show a multiselect of activity statuses (Thai) and return the chosen status keys."""
    labels = {contract.ACTIVITY_STATUS_TH[k]: k for k in figures.ACTIVITY_STATUS_KEYS}
    chosen = st.multiselect("สถานะกิจกรรม", list(labels), key=key, placeholder="ทุกสถานะ")
    return [labels[label] for label in chosen]

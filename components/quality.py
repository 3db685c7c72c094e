"""The data-quality page's pieces: pure problem tables and filters, plus `render_*` (st.*).

Tables go through st.dataframe (cell text is never HTML); captions escape sheet strings.
"""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import streamlit as st

from components import format as fmt
from sheets import contract
from sheets.model import Problem, SourceInfo, Workbook

SEVERITY_LABELS = contract.SEVERITY_LABELS
SEVERITY_ORDER = {name: index for index, name in enumerate(SEVERITY_LABELS)}
PROBLEM_COLUMNS = ("ระดับ", "แท็บ", "แถว", "คอลัมน์", "ปัญหา", "เปิดในชีต")
COUNT_COLUMNS = ("แท็บ", *SEVERITY_LABELS.values(), "รวม")


def filter_problems(workbook: Workbook, severities: Iterable[str] | None = None,
                    departments: list[str] | None = None) -> list[Problem]:
    """Return the problems of the chosen severities, worst first; a department filter keeps
    those departments' tabs plus every tab that is not a department's (settings, measures, OIT)."""
    chosen = set(severities) if severities is not None else set(SEVERITY_LABELS)
    others = set(workbook.departments) - set(departments or workbook.departments)
    kept = [p for p in workbook.problems if p.severity in chosen and p.tab not in others]
    return sorted(kept, key=lambda p: (SEVERITY_ORDER.get(p.severity, 9), p.tab, p.row or 0))


def problem_frame(problems: Iterable[Problem], source: SourceInfo) -> pd.DataFrame:
    """Return one row per problem with PROBLEM_COLUMNS; the link opens the cell (Google Sheets only)."""
    rows = [{"ระดับ": SEVERITY_LABELS.get(p.severity, p.severity), "แท็บ": p.tab, "แถว": p.row,
             "คอลัมน์": p.column or "", "ปัญหา": p.message,
             "เปิดในชีต": source.cell_url(p.sheet_id, p.a1)} for p in problems]
    frame = pd.DataFrame(rows, columns=list(PROBLEM_COLUMNS))
    frame["แถว"] = frame["แถว"].astype("Int64")
    return frame


def count_frame(problems: Iterable[Problem]) -> pd.DataFrame:
    """Return problem counts per tab and severity (COUNT_COLUMNS), most errors first."""
    counts: dict[str, dict[str, int]] = {}
    for problem in problems:
        row = counts.setdefault(problem.tab, dict.fromkeys(SEVERITY_LABELS, 0))
        row[problem.severity] = row.get(problem.severity, 0) + 1
    rows = [{"แท็บ": tab, **{SEVERITY_LABELS[s]: n.get(s, 0) for s in SEVERITY_LABELS}, "รวม": sum(n.values())}
            for tab, n in counts.items()]
    frame = pd.DataFrame(rows, columns=list(COUNT_COLUMNS))
    return frame.sort_values(["ข้อผิดพลาด", "คำเตือน", "แท็บ"], ascending=[False, False, True], ignore_index=True)


def ignored_caption(titles: list[str]) -> str | None:
    """Return "แท็บที่ไม่ได้อ่าน: “a”, “b”" (Markdown-escaped), or None when every tab was read."""
    if not titles:
        return None
    return fmt.escape_markdown("แท็บที่ไม่ได้อ่าน: " + ", ".join(f"“{title}”" for title in titles))


def render_severity_filter(key: str = "problem_severity_filter") -> list[str]:
    """Multiselect of severities (all chosen at first); return the chosen keys."""
    return st.multiselect("ระดับ", list(SEVERITY_LABELS), default=list(SEVERITY_LABELS),
                          format_func=SEVERITY_LABELS.get, key=key, placeholder="เลือกระดับ")


def render_count_table(frame: pd.DataFrame) -> None:
    st.dataframe(frame, hide_index=True, width="stretch")


def render_problem_table(frame: pd.DataFrame) -> None:
    """Show the problems; the link column only when some problem has a cell link."""
    has_links = frame["เปิดในชีต"].notna().any()
    config = {"ปัญหา": st.column_config.TextColumn(width="large"),
              "แถว": st.column_config.NumberColumn(format="%d"),
              "เปิดในชีต": st.column_config.LinkColumn(display_text="เปิดเซลล์") if has_links else None}
    st.dataframe(frame, hide_index=True, width="stretch", column_config=config)

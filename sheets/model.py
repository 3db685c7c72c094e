"""Plain data types shared by every layer: raw tabs in, a parsed workbook out.

Nothing here does I/O or imports streamlit.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sheets import cells

SEVERITIES = ("error", "warning", "info")


@dataclass
class SourceInfo:
    """Where a workbook came from: kind is 'google', 'link', 'xlsx' or 'demo'."""

    kind: str
    name: str
    url: str | None = None
    spreadsheet_id: str | None = None
    fetched_at: dt.datetime | None = None

    def cell_url(self, sheet_id: int | None, a1: str | None) -> str | None:
        """Return a link opening one cell of a Google Sheet, or None for local files."""
        if not self.spreadsheet_id or sheet_id is None:
            return None
        base = f"https://docs.google.com/spreadsheets/d/{self.spreadsheet_id}/edit#gid={sheet_id}"
        return f"{base}&range={a1}" if a1 else base


@dataclass
class RawTab:
    """One tab as cell values (str, int, float, bool, date, datetime or None), row 1 first."""

    title: str
    rows: list[list[Any]]
    sheet_id: int | None = None
    notes: list["Problem"] = field(default_factory=list)  # what the source could not read as is

    def __post_init__(self) -> None:
        # Every reader (xlsx, Google API, link export) builds tabs here, so a title (a
        # department's name) loses what cell text loses: control, bidi and zero-width marks
        # (outer spaces are kept: the title still names the tab as the source spells it).
        self.title = cells.strip_invisible(str(self.title))


@dataclass
class RawWorkbook:
    """Every tab of a workbook plus where it came from."""

    tabs: list[RawTab]
    source: SourceInfo


@dataclass
class Problem:
    """One cell (or row, or tab) that could not be read as the contract says."""

    severity: str
    tab: str
    row: int | None
    column: str | None
    message: str
    sheet_id: int | None = None
    a1: str | None = None

    def as_dict(self) -> dict:
        return {"severity": self.severity, "tab": self.tab, "row": self.row,
                "column": self.column, "message": self.message}


@dataclass
class Settings:
    """The settings tab; `extra` keeps unknown keys as they were written."""

    organization: str = ""
    district: str = ""
    province: str = ""
    fiscal_year: int | None = None
    assessed_year: int | None = None
    oit_framework: int | None = None
    issuing_unit: str = ""
    document_no: str = ""
    document_date: dt.date | None = None
    addressee: str = ""
    reporter: str = ""
    reporter_position: str = ""
    reviewer: str = ""
    reviewer_position: str = ""
    executive: str = ""
    executive_position: str = ""
    reviewer_role: str = ""
    reviewer_comment: str = ""
    executive_role: str = ""
    executive_comment: str = ""
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class Measure:
    no: int
    title: str
    owner: str = ""
    indicators: list[str] = field(default_factory=list)
    row: int | None = None


@dataclass
class Activity:
    """One department row: what it does under a measure, and how far it got."""

    department: str
    measure_no: int
    activity: str
    owner: str
    period: str = ""
    due: dt.date | None = None
    due_from_period: bool = False  # กำหนดเสร็จ was blank; `due` is the end of ระยะเวลา
    status: str = "not_started"
    progress: float | None = None
    result: str = ""
    recommendation: str = ""
    evidence: list[str] = field(default_factory=list)
    updated: dt.date | None = None
    tab: str = ""
    row: int | None = None
    sheet_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class OitItem:
    """One O item of the framework year, merged from the catalog and the OIT tab."""

    code: str
    title: str
    indicator: int | None = None
    group: str = ""
    owner: str = ""
    status: str = "not_started"
    urls: list[str] = field(default_factory=list)
    published_on: dt.date | None = None
    needs_improvement: bool = False
    note: str = ""
    in_catalog: bool = True
    in_tab: bool = False
    row: int | None = None
    confidence: str = ""  # the catalog row's: high, medium-high, medium, low ("" when not in the catalog)
    confidence_note: str = ""
    title_from_sheet: bool = False

    @property
    def number(self) -> int:
        return int(self.code[1:])


@dataclass
class Workbook:
    """The parsed workbook: everything the pages, exports and CLI read."""

    settings: Settings
    measures: list[Measure]
    activities: list[Activity]
    oit_items: list[OitItem]
    problems: list[Problem]
    source: SourceInfo
    departments: list[str] = field(default_factory=list)
    ignored_tabs: list[str] = field(default_factory=list)
    catalog_year: int | None = None
    tab_ids: dict[str, int | None] = field(default_factory=dict)

    def measure(self, no: int) -> Measure | None:
        return next((m for m in self.measures if m.no == no), None)

    def activities_of(self, no: int) -> list[Activity]:
        return [a for a in self.activities if a.measure_no == no]

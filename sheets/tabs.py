"""Tab-level helpers shared by the parsers: which tab is which, where the header is."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from sheets import cells, contract
from sheets.model import Problem, RawTab

HEADER_SEARCH_ROWS = 10


@dataclass
class TabReader:
    """A tab with its header located: rows below it come with their sheet row numbers."""

    tab: RawTab
    header_row: int  # 0-based index of the header row in tab.rows
    columns: dict[str, int]  # canonical field → column index
    extra_columns: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def data_rows(self) -> Iterable[tuple[int, list[Any]]]:
        """Yield (sheet row number, cells) for each non-blank row under the header."""
        for index in range(self.header_row + 1, len(self.tab.rows)):
            row = self.tab.rows[index]
            if any(not cells.is_blank(value) for value in row):
                yield index + 1, row

    def get(self, row: list[Any], name: str) -> Any:
        index = self.columns.get(name)
        return row[index] if index is not None and index < len(row) else None

    def a1(self, name: str, row_number: int) -> str | None:
        index = self.columns.get(name)
        return f"{cells.column_letter(index)}{row_number}" if index is not None else None

    def problem(self, severity: str, row: int | None, column: str | None, message: str) -> Problem:
        field_name = next((key for key, header in self.header_names().items() if header == column), None)
        a1 = self.a1(field_name, row) if field_name and row else (f"A{row}" if row else None)
        return Problem(severity, self.tab.title, row, column, message, self.tab.sheet_id, a1)

    def header_names(self) -> dict[str, str]:
        header = self.tab.rows[self.header_row] if self.tab.rows else []
        return {key: cells.cell_text(header[index]) for key, index in self.columns.items()}

    def column_name(self, name: str) -> str:
        return self.header_names().get(name, name)


def match_tab_role(title: str) -> str | None:
    """Return 'settings', 'measures' or 'oit' when a tab title names that tab."""
    name = cells.normalize_name(title)
    for role, aliases in (("settings", contract.SETTINGS_TAB), ("measures", contract.MEASURES_TAB),
                          ("oit", contract.OIT_TAB)):
        if name in {cells.normalize_name(alias) for alias in aliases}:
            return role
    return None


def map_header(row: list[Any], headers: Mapping[str, Iterable[str]]) -> tuple[dict[str, int], dict[str, int], list[str]]:
    """Return (field → column, extra header → column, repeated headers) for one row."""
    lookup = cells.build_lookup(headers)
    columns: dict[str, int] = {}
    extra: dict[str, int] = {}
    repeated: list[str] = []
    for index, value in enumerate(row):
        text = cells.cell_text(value)
        key = lookup.get(cells.normalize_name(value))
        if key and key in columns:
            repeated.append(text)
        elif key:
            columns[key] = index
        elif text:
            extra.setdefault(text, index)
    return columns, extra, repeated


def find_header(tab: RawTab, headers: Mapping[str, Iterable[str]], markers: Iterable[str]) -> TabReader | None:
    """Return a TabReader at the first of the top rows holding every marker field."""
    markers = tuple(markers)
    for index, row in enumerate(tab.rows[:HEADER_SEARCH_ROWS]):
        columns, extra, repeated = map_header(row, headers)
        if all(marker in columns for marker in markers):
            reader = TabReader(tab, index, columns, extra)
            for text in repeated:
                reader.problems.append(Problem(
                    "warning", tab.title, index + 1, text,
                    f"หัวคอลัมน์ “{text}” ซ้ำ ใช้คอลัมน์แรกเท่านั้น ลบหรือเปลี่ยนชื่อคอลัมน์ที่ซ้ำ",
                    tab.sheet_id, f"A{index + 1}"))
            return reader
    return None


def first_nonblank_row(tab: RawTab) -> int:
    """Return the 0-based index of the first row with any value (0 for an empty tab)."""
    for index, row in enumerate(tab.rows[:HEADER_SEARCH_ROWS]):
        if any(not cells.is_blank(value) for value in row):
            return index
    return 0

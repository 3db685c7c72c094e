"""One department row updated by its owner: validation, the row check and the write body (pure).

A row is named by its tab, its sheet row (header = row 1) and its activity text. The new
values pass the contract's rules before any request (`validate_changes`). Just before
writing, the tab's top rows and that row are read again; `plan_update` locates the
columns from that header (its own positions and aliases, as parsing does), parses the row
as parsing does, and refuses, saying what differs, when the activity text changed or a
cell being saved was changed by someone else since the form opened. What it returns
holds only the changed cells, plus ปรับปรุงล่าสุด when the tab has that column, as values
written RAW (text stays text, `=HYPERLINK(…)` included; sheets.google.rows sends them).

ปรับปรุงล่าสุด is written as the sheet's own form: a date serial number when the cell
already holds a date value, otherwise the text D/M/YYYY in B.E. (e.g. 30/11/2569), the form
the template asks for. No streamlit, no network.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sheets import activities, cells, contract, rowvalues, tabs
from sheets.errors import UpdateRefused
from sheets.model import Activity, RawTab, Workbook
from sheets.rowvalues import STATUS_CHOICES, Changes, format_updated, validate_changes

UPDATED = "updated"
VALUE_INPUT = "RAW"
__all__ = ["STATUS_CHOICES", "Changes", "RowPlan", "RowRef", "RowValues", "UpdateRefused", "format_updated",
           "plan_update", "validate_changes", "with_activity"]


@dataclass(frozen=True)
class RowRef:
    """Which row: tab title (as shown), sheet row number (header = row 1), the activity text it holds,
    and the tab's sheet id when known (the save then addresses the tab by it, not by title)."""

    tab: str
    row: int
    activity: str
    sheet_id: int | None = None


@dataclass(frozen=True)
class RowValues:
    """The editable cells of a row as the parser reads them (status is a contract key or 'unknown')."""

    activity: str
    status: str
    progress: float | None
    result: str
    evidence: tuple[str, ...]

    @classmethod
    def from_activity(cls, activity: Activity) -> RowValues:
        """Return what a form built from a parsed Activity shows."""
        return cls(activity.activity, activity.status, activity.progress, activity.result,
                   tuple(activity.evidence))


@dataclass(frozen=True)
class CellWrite:
    """One cell to write: its field, A1 address, header text, and old → new as shown to people."""

    field: str
    a1: str
    column: str
    old: str
    new: str
    value: Any
    index: int = 0  # 0-based column


@dataclass(frozen=True)
class RowPlan:
    """What a save writes: the changed cells of one row (empty: nothing changed), and the row as
    the parser will read it once written (`after`, for patching a cached workbook)."""

    ref: RowRef
    cells: tuple[CellWrite, ...]
    after: Activity | None = None

    @property
    def fields(self) -> list[str]:
        return [cell.field for cell in self.cells if cell.field != UPDATED]

    def changes(self) -> dict[str, dict[str, str]]:
        """Return {field: {"old", "new"}} for the audit log."""
        return {cell.field: {"old": cell.old, "new": cell.new} for cell in self.cells}


# --- the row check and the plan (after the one re-read) --------------------------------------


def plan_update(ref: RowRef, top_rows: Sequence[list[Any]], row_cells: list[Any], changes: Changes,
                today: dt.date, seen: RowValues | None = None) -> RowPlan:
    """Return the cells to write, from the re-read header rows and row; raises UpdateRefused.

    `top_rows` are the tab's first rows as read now (the header is among them), `row_cells`
    the row `ref.row` as read now. `seen` is what the form showed (None: a script that saw
    nothing, so only the activity text is checked). Fields equal to what is there are left out.
    """
    reader = locate_header(ref, top_rows)
    activity = parse_row(ref, reader, top_rows, row_cells)
    current = RowValues.from_activity(activity) if activity else None
    _check_activity(ref, current)
    wanted = _changed_fields(changes, seen or current)
    _check_columns(ref, reader, wanted)
    _check_conflicts(ref, reader, wanted, current, seen)
    writes = [_cell_write(reader, ref.row, name, getattr(current, name), value)
              for name, value in wanted.items() if not rowvalues.same(name, getattr(current, name), value)]
    if writes and UPDATED in reader.columns and reader.get(row_cells, UPDATED) != rowvalues.format_updated(
            today, reader.get(row_cells, UPDATED)):
        writes.append(_updated_write(reader, ref.row, row_cells, today))
    written = list(row_cells)
    for cell in writes:
        written.extend([""] * (cell.index + 1 - len(written)))
        written[cell.index] = cell.value
    return RowPlan(ref, tuple(writes), parse_row(ref, reader, top_rows, written) if writes else activity)


def locate_header(ref: RowRef, top_rows: Sequence[list[Any]]) -> tabs.TabReader:
    reader = tabs.find_header(RawTab(ref.tab, list(top_rows)), contract.ACTIVITY_HEADERS, contract.DEPARTMENT_MARKERS)
    if reader is None:
        names = " และ ".join(contract.ACTIVITY_HEADERS[key][0] for key in contract.DEPARTMENT_MARKERS)
        raise UpdateRefused(f"ยังไม่ได้บันทึก: แท็บ “{ref.tab}” ไม่มีแถวหัวตารางที่มีคอลัมน์ {names} แล้ว "
                            "โหลดข้อมูลใหม่แล้วตรวจแท็บนี้ในชีต")
    if ref.row <= reader.header_row + 1:
        raise UpdateRefused(f"ยังไม่ได้บันทึก: แถว {ref.row} ของแท็บ “{ref.tab}” เป็นแถวหัวตารางหรืออยู่เหนือหัวตาราง "
                            "ไม่ใช่แถวกิจกรรม")
    return reader


def parse_row(ref: RowRef, reader: tabs.TabReader, top_rows: Sequence[list[Any]],
              row_cells: list[Any]) -> Activity | None:
    """Return the row parsed exactly as the workbook parser does; None when it holds no activity."""
    head = [list(row) for row in top_rows[:reader.header_row + 1]]
    rows = head + [[] for _ in range(ref.row - 1 - len(head))] + [list(row_cells)]
    tab = RawTab(ref.tab, rows)
    located = tabs.TabReader(tab, reader.header_row, reader.columns, reader.extra_columns)
    found = [activity for activity in activities.parse_department(tab, located, None, [])
             if activity.row == ref.row]
    return found[0] if found else None


def _check_activity(ref: RowRef, current: RowValues | None) -> None:
    if current is None:
        raise UpdateRefused(f"ยังไม่ได้บันทึก: แถว {ref.row} ของแท็บ “{ref.tab}” ไม่มีกิจกรรม “{rowvalues.fold(ref.activity)[:80]}” "
                            "แล้ว (แถวว่างหรือถูกลบ): โหลดข้อมูลใหม่แล้วเปิดแถวนั้นอีกครั้ง")
    if rowvalues.fold(current.activity) != rowvalues.fold(ref.activity):
        raise UpdateRefused(f"ยังไม่ได้บันทึก: แถว {ref.row} ของแท็บ “{ref.tab}” ตอนนี้เป็นกิจกรรม "
                            f"“{rowvalues.fold(current.activity)[:80]}” ไม่ใช่ “{rowvalues.fold(ref.activity)[:80]}” (มีการแทรก ลบ หรือเรียงแถวใหม่ในชีต): "
                            "โหลดข้อมูลใหม่แล้วเปิดแถวนั้นอีกครั้ง")


def _changed_fields(changes: Changes, basis: RowValues) -> dict[str, Any]:
    return {name: value for name, value in changes.given().items() if not rowvalues.same(name, getattr(basis, name), value)}


def _check_columns(ref: RowRef, reader: tabs.TabReader, wanted: dict[str, Any]) -> None:
    missing = [rowvalues.field_label(name) for name in wanted if name not in reader.columns]
    if missing:
        names = ", ".join(f"“{name}”" for name in missing)
        raise UpdateRefused(f"ยังไม่ได้บันทึก: แท็บ “{ref.tab}” ไม่มีคอลัมน์ {names} จึงบันทึกค่านี้ไม่ได้ "
                            "(ไม่เขียนลงคอลัมน์อื่นแทน): เพิ่มหัวคอลัมน์นี้ในแถวหัวตารางของแท็บ")


def _check_conflicts(ref: RowRef, reader: tabs.TabReader, wanted: dict[str, Any], current: RowValues,
                     seen: RowValues | None) -> None:
    if seen is None:
        return
    changed = [name for name, value in wanted.items()
               if not rowvalues.same(name, getattr(seen, name), getattr(current, name))
               and not rowvalues.same(name, getattr(current, name), value)]
    if changed:
        what = "; ".join(f"{reader.column_name(name)} จาก “{rowvalues.fold(rowvalues.show(name, getattr(seen, name)))[:80]}” "
                         f"เป็น “{rowvalues.fold(rowvalues.show(name, getattr(current, name)))[:80]}”" for name in changed)
        raise UpdateRefused(f"ยังไม่ได้บันทึก: มีคนแก้แถว {ref.row} ของแท็บ “{ref.tab}” ในชีตหลังจากเปิดฟอร์มนี้ "
                            f"({what}): โหลดข้อมูลใหม่ ตรวจค่าล่าสุด แล้วบันทึกอีกครั้ง")


def _cell_write(reader: tabs.TabReader, row: int, name: str, old: Any, new: Any) -> CellWrite:
    return CellWrite(name, reader.a1(name, row), reader.column_name(name), rowvalues.show(name, old), rowvalues.show(name, new),
                     rowvalues.cell_value(name, new), reader.columns[name])


def _updated_write(reader: tabs.TabReader, row: int, row_cells: list[Any], today: dt.date) -> CellWrite:
    old = reader.get(row_cells, UPDATED)
    value = rowvalues.format_updated(today, old)
    return CellWrite(UPDATED, reader.a1(UPDATED, row), reader.column_name(UPDATED), cells.cell_text(old),
                     rowvalues.format_updated(today, None), value, reader.columns[UPDATED])


def with_activity(book: Workbook, activity: Activity) -> Workbook | None:
    """Return a copy of a parsed workbook whose row (same tab and row) reads as a saved row's new
    reading; None when the workbook has no such row. The given workbook is left as it is."""
    for index, old in enumerate(book.activities):
        if old.tab == activity.tab and old.row == activity.row:
            rows = list(book.activities)
            rows[index] = dataclasses.replace(activity, sheet_id=old.sheet_id, department=old.department)
            return dataclasses.replace(book, activities=rows)
    return None

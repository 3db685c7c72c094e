"""`.xlsx` bytes → a RawWorkbook: values by python-calamine, after the hostile-file gate.

`sheets.xlsx_scan` checks the zip and counts each worksheet's real cells and grid before
calamine builds anything. calamine gives the values (dates as dates, %-cells as fractions,
Thai text, booleans); it shows an error cell and a formula without a saved value as blank,
so those come from the scan: an error cell keeps its text ("#N/A") and a formula without a
value gets a warning. Limits keep a hostile upload from eating the machine (README,
"Limits on an uploaded or local file"); every failure is a BadSource with a Thai message,
and a refused file is remembered by content so a rerun refuses it at once.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import sys
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from sheets import cells, xlsx_scan
from sheets.errors import BadSource
from sheets.model import Problem, RawTab, RawWorkbook, SourceInfo

MAX_FILE_BYTES = xlsx_scan.MAX_FILE_BYTES
MAX_UNZIPPED_BYTES = xlsx_scan.MAX_UNZIPPED_BYTES
MAX_TABS = 250
MAX_CELLS = 600_000
MAX_GRID_CELLS = 3_000_000  # rows × columns a parser lays out, all tabs together (empty cells too)
MAX_COLUMNS = 200
MAX_CELL_CHARS = 50_000
MAX_EXACT_FLOAT = 2 ** 53
REFUSED_KEPT = 32  # refused files remembered (by SHA-256) so a rerun does not read them again
FORMULA_NOTE = "เซลล์นี้เป็นสูตรที่ไม่มีค่าที่คำนวณไว้ เปิดไฟล์ใน Excel/Google Sheets แล้วบันทึกใหม่ หรือพิมพ์ค่าแทนสูตร"

_refused: OrderedDict[tuple, BadSource] = OrderedDict()
_refused_lock = threading.Lock()


def read_xlsx_path(path: str | os.PathLike) -> RawWorkbook:
    """Return the raw workbook of a local `.xlsx` file; raises BadSource when unreadable."""
    file = Path(path)
    if not file.is_file():
        raise BadSource(f"ไม่พบไฟล์ “{file}” ตรวจชื่อไฟล์และตำแหน่งอีกครั้ง")
    if file.stat().st_size > MAX_FILE_BYTES:
        raise BadSource(f"ไฟล์ “{file.name}” ใหญ่เกิน {MAX_FILE_BYTES // 1024 // 1024} MB")
    return read_xlsx_bytes(file.read_bytes(), name=file.name)


def read_xlsx_bytes(data: bytes, *, name: str) -> RawWorkbook:
    """Return the raw workbook of `.xlsx` bytes: dates as dates, %-cells as fractions; raises BadSource."""
    key = (hashlib.sha256(data).digest(), name, _limits())
    with _refused_lock:
        known = _refused.get(key)
    if known is not None:
        raise BadSource(known.message)
    try:
        tabs = _read_checked(data, name)
    except BadSource as error:
        _remember_refusal(key, error)
        raise
    return RawWorkbook(tabs=tabs, source=SourceInfo(kind="xlsx", name=name, fetched_at=_now()))


def _remember_refusal(key: tuple, error: BadSource) -> None:
    with _refused_lock:
        _refused[key] = error
        while len(_refused) > REFUSED_KEPT:
            _refused.popitem(last=False)


def _limits() -> tuple:
    """Return the limits in force: a refusal is remembered only while they stay the same."""
    return (xlsx_scan.MAX_FILE_BYTES, xlsx_scan.MAX_UNZIPPED_BYTES, MAX_TABS, MAX_CELLS, MAX_GRID_CELLS)


def _read_checked(data: bytes, name: str) -> list[RawTab]:
    scans = xlsx_scan.scan_xlsx(data, name)
    _check_limits(scans, name)
    import python_calamine

    panic = getattr(sys.modules.get("pyo3_runtime"), "PanicException", None) or python_calamine.CalamineError
    try:
        with python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)) as book:
            return [_read_tab(book, scan, name) for scan in scans]
    except (python_calamine.CalamineError, ValueError, OverflowError, panic) as exc:
        raise BadSource(f"เปิดไฟล์ “{name}” ไม่ได้: ไม่ใช่ไฟล์ Excel (.xlsx) ที่สมบูรณ์ ลองเปิดแล้วบันทึกใหม่") from exc


def _check_limits(scans: list[xlsx_scan.SheetScan], name: str) -> None:
    """Refuse by the scan's figures: tabs, real cells (never padding), the grid a parser would lay out."""
    if len(scans) > MAX_TABS:
        raise BadSource(f"ไฟล์ “{name}” มี {len(scans)} แท็บ เกินกำหนด {MAX_TABS} แท็บ")
    if sum(scan.cells for scan in scans) > MAX_CELLS:
        raise BadSource(f"ไฟล์ “{name}” มีเซลล์เกิน {MAX_CELLS:,} เซลล์ แยกเป็นหลายไฟล์หรือลบแถวว่างท้ายแท็บ")
    if sum(scan.grid for scan in scans) > MAX_GRID_CELLS:
        far = max(scans, key=lambda scan: scan.grid)
        corner = f"{cells.column_letter(far.columns - 1)}{far.rows}"
        raise BadSource(f"แท็บ “{far.title}” ในไฟล์ “{name}” มีข้อมูลอยู่ไกลถึงเซลล์ {corner} จึงไม่เปิด: "
                        "ลบข้อมูลในแถวและคอลัมน์ที่ไม่ใช้ (ที่อยู่ห่างจากตาราง) แล้วบันทึกใหม่")


def _read_tab(book: Any, scan: xlsx_scan.SheetScan, name: str) -> RawTab:
    tab = RawTab(title=scan.title, rows=[], sheet_id=None)
    if scan.cells:
        sheet = book.get_sheet_by_name(scan.title)
        first_row, first_column = sheet.start or (0, 0)
        tab.rows = [[] for _ in range(first_row)]
        for number, row in enumerate(sheet.iter_rows(), start=first_row + 1):
            values = _trim_row(row)
            if values and len(values) + first_column > MAX_COLUMNS:
                tab.notes.append(_note(tab, number, MAX_COLUMNS, f"แถวนี้มี {len(values) + first_column:,} คอลัมน์ "
                                       f"อ่านเพียง {MAX_COLUMNS} คอลัมน์แรก ลบคอลัมน์ที่ไม่ใช้"))
            if values and first_column:
                values = [None] * first_column + values
            tab.rows.append([_clean_cell(tab, number, column, _value(value))
                             for column, value in enumerate(values[:MAX_COLUMNS])])
    _apply_special_cells(tab, scan)
    tab.rows = _trim(tab.rows)
    return tab


def _value(value: Any) -> Any:
    """Return a calamine value as openpyxl gave it: '' as None, a whole float as int."""
    if value == "" and isinstance(value, str):
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < MAX_EXACT_FLOAT:
        return int(value)
    return value


def _apply_special_cells(tab: RawTab, scan: xlsx_scan.SheetScan) -> None:
    """Put error texts ("#N/A") where calamine left blanks; note formulas that carry no value."""
    for (row, column), text in scan.errors.items():
        if column < MAX_COLUMNS and text:
            _set_cell(tab, row, column, text)
    for row, column in scan.formulas:
        if column < MAX_COLUMNS and _cell(tab, row, column) is None:
            tab.notes.append(_note(tab, row, column, FORMULA_NOTE))


def _cell(tab: RawTab, row: int, column: int) -> Any:
    values = tab.rows[row - 1] if 0 < row <= len(tab.rows) else []
    return values[column] if column < len(values) else None


def _set_cell(tab: RawTab, row: int, column: int, value: Any) -> None:
    while len(tab.rows) < row:
        tab.rows.append([])
    values = tab.rows[row - 1]
    values.extend([None] * (column + 1 - len(values)))
    values[column] = value


def _clean_cell(tab: RawTab, row: int, column: int, value: Any) -> Any:
    if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
        tab.notes.append(_note(tab, row, column, f"เซลล์ยาว {len(value):,} ตัวอักษร อ่านเพียง "
                                                 f"{MAX_CELL_CHARS:,} ตัวอักษรแรก"))
        return value[:MAX_CELL_CHARS]
    if isinstance(value, dt.time):
        return value.isoformat()
    return value


def _note(tab: RawTab, row: int, column: int, message: str) -> Problem:
    letter = cells.column_letter(column)
    return Problem("warning", tab.title, row, letter, message, tab.sheet_id, f"{letter}{row}")


def _trim_row(row: tuple | list) -> list[Any]:
    """Return a row without its trailing empty cells, as the Sheets API sends it."""
    end = len(row)
    while end and (row[end - 1] is None or row[end - 1] == ""):
        end -= 1
    return list(row[:end])


def _trim(rows: list[list[Any]]) -> list[list[Any]]:
    """Drop trailing empty cells and rows, as the Sheets API does."""
    trimmed = [_trim_row(row) for row in rows]
    while trimmed and not trimmed[-1]:
        trimmed.pop()
    return trimmed


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)

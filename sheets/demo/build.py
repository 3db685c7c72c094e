"""The demo workbook: seed_data as raw tabs, and as a deterministic .xlsx file.

Nothing here imports streamlit. Blank cells are "" in the raw tabs and empty in the
.xlsx (openpyxl reads them back as None).
"""
from __future__ import annotations

import datetime as dt
import io
import unicodedata
import zipfile
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from sheets import contract, model
from sheets.demo import seed_data

# Fixed timestamps make the file byte-for-byte the same on every build.
FIXED_TIME = dt.datetime(2023, 3, 31, 0, 0, 0)
ZIP_TIME = (2023, 3, 31, 0, 0, 0)
MIN_WIDTH = 8
MAX_WIDTH = 60
HEADER_FONT = Font(bold=True)
HEADER_ALIGNMENT = Alignment(vertical="center", wrap_text=True)
WRAP_ALIGNMENT = Alignment(vertical="top", wrap_text=True)
TOP_ALIGNMENT = Alignment(vertical="top")


def _table(columns: tuple[str, ...], records: list[dict[str, Any]]) -> list[list[Any]]:
    return [list(columns)] + [[record[column] for column in columns] for record in records]


def _settings_rows() -> list[list[Any]]:
    header = [contract.SETTINGS_HEADER["key"][0], contract.SETTINGS_HEADER["value"][0]]
    return [header] + [[key, value] for key, value in seed_data.SETTINGS]


def build_demo_tabs() -> list[model.RawTab]:
    """Return the demo workbook's tabs: ตั้งค่า, มาตรการ, ตัวชี้วัด OIT, then one per department."""
    tabs = [
        model.RawTab(contract.SETTINGS_TAB[0], _settings_rows(), sheet_id=0),
        model.RawTab(contract.MEASURES_TAB[0],
                     _table(seed_data.MEASURE_COLUMNS, seed_data.MEASURES), sheet_id=1),
        model.RawTab(contract.OIT_TAB[0], _table(seed_data.OIT_COLUMNS, seed_data.OIT), sheet_id=2),
    ]
    for offset, (department, rows) in enumerate(seed_data.DEPARTMENTS.items()):
        tabs.append(model.RawTab(department, _table(seed_data.ACTIVITY_COLUMNS, rows),
                                 sheet_id=10 + offset))
    return tabs


def _display_width(value: Any) -> int:
    """Return the widest line of a cell in columns, not counting Thai combining marks."""
    lines = str(value).split("\n") if value not in (None, "") else [""]
    return max(sum(1 for ch in line if not unicodedata.combining(ch)
                   and unicodedata.category(ch) != "Mn") for line in lines)


def _column_width(rows: list[list[Any]], index: int) -> int:
    widest = max(_display_width(row[index]) for row in rows if index < len(row))
    return max(MIN_WIDTH, min(MAX_WIDTH, widest + 2))


def _fill_sheet(sheet, tab: model.RawTab) -> None:
    widths = [_column_width(tab.rows, i) for i in range(len(tab.rows[0]))]
    for row_no, row in enumerate(tab.rows, start=1):
        for col_no, value in enumerate(row, start=1):
            if value in (None, ""):
                continue
            cell = sheet.cell(row=row_no, column=col_no, value=value)
            if row_no == 1:
                cell.font, cell.alignment = HEADER_FONT, HEADER_ALIGNMENT
            elif isinstance(value, str) and ("\n" in value or _display_width(value) > widths[col_no - 1]):
                cell.alignment = WRAP_ALIGNMENT
            else:
                cell.alignment = TOP_ALIGNMENT
    for col_no, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col_no)].width = width
    sheet.freeze_panes = "A2"


def _build_workbook(tabs: list[model.RawTab]) -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for tab in tabs:
        _fill_sheet(workbook.create_sheet(tab.title), tab)
    workbook.properties.creator = "ITA Tracker"
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    return workbook


class _FixedTimeZipFile(zipfile.ZipFile):
    """A ZipFile that stamps every member with ZIP_TIME (openpyxl writes by name and file)."""

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        with open(filename, "rb") as handle:
            self.writestr(arcname or str(filename), handle.read(), compress_type, compresslevel)

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=ZIP_TIME)
            zinfo_or_arcname.compress_type = self.compression
            zinfo_or_arcname.external_attr = 0o600 << 16
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)


def write_demo_xlsx(path_or_buffer: str | IO[bytes]) -> None:
    """Write the demo workbook as .xlsx to a path or a binary file object.

    The output is deterministic: the same bytes on every call. Raises OSError when
    the path cannot be written.
    """
    workbook = _build_workbook(build_demo_tabs())
    # ExcelWriter, unlike openpyxl's save_workbook, keeps our fixed 'modified' time.
    archive = _FixedTimeZipFile(path_or_buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(workbook, archive).save()


def demo_xlsx_bytes() -> bytes:
    """Return the demo workbook as .xlsx bytes (see write_demo_xlsx)."""
    buffer = io.BytesIO()
    write_demo_xlsx(buffer)
    return buffer.getvalue()

"""Cleaned tables for spreadsheets: `.xlsx` (one sheet a table) and `.csv`. Pure: no streamlit.

Tables: measures with their figures, activities with status / progress / overdue, OIT
items, departments, and the problems. Every parsed row is written, values from
`sheets.figures` (the same numbers as the dashboard).

CSV: `build_export_csv` is one CSV of the activities (what `cli.py export -o x.csv`
writes: the table people filter most); `build_export_csv_zip` is a ZIP with one CSV per
table. Both UTF-8 with a BOM so Excel opens Thai right; dates as YYYY-MM-DD.

Formula injection: a text cell is first cleaned like cell text (control, bidi and
zero-width characters and outer spaces removed); if it then starts with = + - @ (or their
full-width forms), a tab or a carriage return it gets an apostrophe in front, so no spreadsheet runs it when the file
is opened or re-imported. Numbers (negative ones too) stay numbers.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from typing import Any, NamedTuple

from sheets import cells, contract, figures
from sheets.model import Workbook

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
YES, NO = "ใช่", "ไม่ใช่"
DATE_FORMAT = "yyyy-mm-dd"
XLSX_ILLEGAL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what openpyxl refuses to write
WIDE_COLUMNS = {"มาตรการ", "วิธีการดำเนินการ", "หัวข้อ", "ผลการดำเนินการ", "ข้อเสนอแนะ", "รายละเอียด", "หมายเหตุ"}


class Table(NamedTuple):
    """One exported table: sheet name, CSV file name (no extension), Thai headers, rows of values."""

    name: str
    file_name: str
    headers: list[str]
    rows: list[list[Any]]


def neutralize(value: Any) -> Any:
    """Return a text cell cleaned like cell text, with "'" in front when a spreadsheet could run it.

    Cleaning comes first: "\\x01=HYPERLINK(…)" would become a live formula once a writer
    dropped the control character. Other values are returned as they are.
    """
    if not isinstance(value, str):
        return value
    text = cells.clean_text(value)
    return "'" + text if text.startswith(DANGEROUS_PREFIXES) else text


def export_tables(workbook: Workbook, today: dt.date) -> list[Table]:
    """Return the five exported tables as plain values (the writers neutralise text)."""
    return [measure_table(workbook, today), activity_table(workbook, today), oit_table(workbook),
            department_table(workbook, today), problem_table(workbook)]


def measure_table(workbook: Workbook, today: dt.date) -> Table:
    indicators = {m.no: ", ".join(m.indicators) for m in workbook.measures}
    rows = [[row.no, row.title, row.owner, indicators.get(row.no, ""), row.activities, row.done,
             row.progress_pct, row.overdue, _yes(row.is_done)]
            for row in figures.measure_rows(workbook, today)]
    return Table("มาตรการ", "ITA_มาตรการ", ["ลำดับ", "มาตรการ", "ผู้รับผิดชอบ", "ตัวชี้วัดที่เกี่ยวข้อง", "จำนวนกิจกรรม",
                                             "เสร็จแล้ว", "ความคืบหน้า (%)", "เกินกำหนด", "มาตรการเสร็จ"], rows)


def activity_table(workbook: Workbook, today: dt.date) -> Table:
    """Activities in sheet order; progress is the counted figure (blank for cancelled)."""
    rows = [[a.department, a.row, a.measure_no, a.activity, a.owner, a.period, a.due,
             contract.ACTIVITY_STATUS_TH.get(a.status, a.status), figures.activity_progress(a),
             _yes(figures.is_overdue(a, today)), a.result, a.recommendation, "\n".join(a.evidence), a.updated]
            for a in workbook.activities]
    return Table("กิจกรรม", "ITA_กิจกรรม", ["ส่วนราชการ", "แถวในชีต", "มาตรการที่", "วิธีการดำเนินการ", "ผู้รับผิดชอบ",
                                             "ระยะเวลา", "กำหนดเสร็จ", "สถานะ", "ความคืบหน้า (%)", "เกินกำหนด",
                                             "ผลการดำเนินการ", "ข้อเสนอแนะ", "หลักฐาน", "ปรับปรุงล่าสุด"], rows)


def oit_table(workbook: Workbook) -> Table:
    rows = [[item.code, item.title, item.indicator, item.group, item.owner,
             contract.OIT_STATUS_TH.get(item.status, item.status), "\n".join(item.urls), item.published_on,
             _yes(item.needs_improvement), item.note, _yes(item.in_catalog), item.row]
            for item in workbook.oit_items]
    return Table("ตัวชี้วัด OIT", "ITA_ตัวชี้วัดOIT", ["รหัส", "หัวข้อ", "ตัวชี้วัดที่", "กลุ่ม", "ผู้รับผิดชอบ", "สถานะ",
                                                      "ลิงก์", "วันที่เผยแพร่", "ต้องปรับปรุง", "หมายเหตุ",
                                                      "อยู่ในรายการของกรอบปี", "แถวในชีต"], rows)


def department_table(workbook: Workbook, today: dt.date) -> Table:
    rows = [[row.name, row.activities, row.done, row.progress_pct, row.overdue]
            for row in figures.department_rows(workbook, today)]
    return Table("ส่วนราชการ", "ITA_ส่วนราชการ",
                 ["ส่วนราชการ", "จำนวนกิจกรรม", "เสร็จแล้ว", "ความคืบหน้า (%)", "เกินกำหนด"], rows)


def problem_table(workbook: Workbook) -> Table:
    rows = [[contract.SEVERITY_LABELS.get(p.severity, p.severity), p.tab, p.row, p.column or "", p.message]
            for p in workbook.problems]
    return Table("ปัญหาข้อมูล", "ITA_ปัญหาข้อมูล", ["ระดับ", "แท็บ", "แถว", "คอลัมน์", "รายละเอียด"], rows)


def _yes(flag: bool) -> str:
    return YES if flag else NO


# --- writers --------------------------------------------------------------------------

def build_export_xlsx(workbook: Workbook, today: dt.date) -> bytes:
    """Return `.xlsx` bytes: one sheet per table, bold frozen Thai header, filters, real dates and numbers."""
    return write_xlsx(export_tables(workbook, today))


def write_xlsx(tables: list[Table]) -> bytes:
    """Return `.xlsx` bytes of the tables, text cells neutralised (the one place every cell passes)."""
    from openpyxl import Workbook as XlsxBook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = XlsxBook(write_only=True)  # streams rows: 12,000 activities in a few seconds
    for table in tables:
        sheet = book.create_sheet(table.name)
        sheet.freeze_panes = "A2"  # sheet view and column widths go before the first row
        for index, header in enumerate(table.headers, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = 48 if header in WIDE_COLUMNS else 16
        header_cells = []
        for header in table.headers:
            cell = WriteOnlyCell(sheet, header)
            cell.font = Font(bold=True)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in table.rows:
            sheet.append([_xlsx_cell(sheet, neutralize(value), WriteOnlyCell) for value in row])
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.headers))}{len(table.rows) + 1}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet, value: Any, cell_type) -> Any:
    """Return a value openpyxl writes as it is; a date becomes a cell with a date format."""
    if isinstance(value, dt.date):
        cell = cell_type(sheet, value)
        cell.number_format = DATE_FORMAT
        return cell
    return _xlsx_value(value)


def _xlsx_value(value: Any) -> Any:
    """Return a value openpyxl writes as it is (a string never becomes a formula: neutralised before)."""
    if isinstance(value, str):
        return XLSX_ILLEGAL_RE.sub("", value)
    return value


def build_export_csv(workbook: Workbook, today: dt.date) -> bytes:
    """Return the activities table as one CSV (UTF-8 with BOM, CRLF)."""
    return write_csv(activity_table(workbook, today))


def build_export_csv_zip(workbook: Workbook, today: dt.date) -> bytes:
    """Return a ZIP holding one CSV per table ("ITA_กิจกรรม.csv", …), each UTF-8 with BOM."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in export_tables(workbook, today):
            archive.writestr(f"{table.file_name}.csv", write_csv(table))
    return buffer.getvalue()


def write_csv(table: Table) -> bytes:
    """Return one table as CSV bytes: UTF-8 with BOM, CRLF, text cells neutralised, dates YYYY-MM-DD."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(table.headers)
    writer.writerows([_csv_value(value) for value in row] for row in table.rows)
    return text.getvalue().encode("utf-8-sig")


def _csv_value(value: Any) -> Any:
    value = neutralize(value)
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value

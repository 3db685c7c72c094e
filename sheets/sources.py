"""The only code that opens files or calls Google: every source becomes a RawWorkbook.

A source is an `.xlsx` path (or its bytes), a Google Sheet URL or ID, or None for the
embedded demo. Limits keep a hostile upload from eating the machine (see README).
"""
from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from pathlib import Path
from typing import Any, Mapping

from sheets import cells, google
from sheets.errors import BadSource
from sheets.model import Problem, RawTab, RawWorkbook, SourceInfo, Workbook
from sheets.workbook import parse_workbook

MAX_FILE_BYTES = 25 * 1024 * 1024
MAX_UNZIPPED_BYTES = 40 * 1024 * 1024
MAX_TABS = 250
MAX_CELLS = 600_000
MAX_COLUMNS = 200
MAX_CELL_CHARS = 50_000
SHEET_ID_RE = re.compile(r"^[A-Za-z0-9_-]{20,}$")
DEMO_NAME = "ตัวอย่าง: เทศบาลตำบลกุดจิก (จากรายงานจริง ปีงบประมาณ ๒๕๖๖)"


def is_google_source(source: str) -> bool:
    """Return True when a source string names a Google Sheet (URL or bare ID)."""
    text = source.strip()
    return "docs.google.com/spreadsheets" in text or (not text.lower().endswith(".xlsx")
                                                      and bool(SHEET_ID_RE.fullmatch(text))
                                                      and not os.path.exists(text))


def read_source(source: str | None, *, credentials_info: Mapping | None = None, **google_options: Any) -> RawWorkbook:
    """Return the raw workbook of a source; raises a SheetError subclass on failure.

    A Google Sheet is read through the API when credentials are given, else through
    its link-shared `.xlsx` export.
    """
    if source is None or not str(source).strip():
        return read_demo()
    source = str(source).strip()
    if is_google_source(source):
        if credentials_info:
            return google.fetch_google_workbook(source, credentials_info, **google_options)
        return read_link_shared(source, **google_options)
    return read_xlsx_path(source)


def load_workbook(source: str | None, *, credentials_info: Mapping | None = None, **google_options: Any) -> Workbook:
    """Return the parsed Workbook of a source (read_source, then the contract)."""
    return parse_workbook(read_source(source, credentials_info=credentials_info, **google_options))


def read_demo() -> RawWorkbook:
    """Return the embedded demo workbook, read through the same `.xlsx` path as an upload."""
    from sheets.demo import build

    raw = read_xlsx_bytes(build.demo_xlsx_bytes(), name=DEMO_NAME)
    raw.source = SourceInfo(kind="demo", name=DEMO_NAME, fetched_at=_now())
    return raw


def read_link_shared(source: str, **options: Any) -> RawWorkbook:
    """Return a link-shared Google Sheet: one `.xlsx` export download, then the local path."""
    spreadsheet_id = google.parse_spreadsheet_id(source)
    allowed = {key: options[key] for key in ("timeout", "adapter", "max_retries", "backoff", "sleep") if key in options}
    data = google.fetch_link_shared_xlsx(spreadsheet_id, **allowed)
    raw = read_xlsx_bytes(data, name=f"Google Sheet {spreadsheet_id}")
    raw.source = SourceInfo(kind="link", name=raw.source.name, spreadsheet_id=spreadsheet_id,
                            url=f"https://docs.google.com/spreadsheets/d/{spreadsheet_id}/edit",
                            fetched_at=_now())
    return raw


def read_xlsx_path(path: str | os.PathLike) -> RawWorkbook:
    """Return the raw workbook of a local `.xlsx` file; raises BadSource when unreadable."""
    file = Path(path)
    if not file.is_file():
        raise BadSource(f"ไม่พบไฟล์ “{file}” ตรวจชื่อไฟล์และตำแหน่งอีกครั้ง")
    if file.stat().st_size > MAX_FILE_BYTES:
        raise BadSource(f"ไฟล์ “{file.name}” ใหญ่เกิน {MAX_FILE_BYTES // 1024 // 1024} MB")
    return read_xlsx_bytes(file.read_bytes(), name=file.name)


def read_xlsx_bytes(data: bytes, *, name: str) -> RawWorkbook:
    """Return the raw workbook of `.xlsx` bytes: dates as dates, %-cells as fractions."""
    import openpyxl

    has_formulas = _check_zip(data, name)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many unrelated types for a broken file
        raise BadSource(f"เปิดไฟล์ “{name}” ไม่ได้: ไม่ใช่ไฟล์ Excel (.xlsx) ที่สมบูรณ์") from exc
    try:
        if len(book.worksheets) > MAX_TABS:
            raise BadSource(f"ไฟล์ “{name}” มี {len(book.worksheets)} แท็บ เกินกำหนด {MAX_TABS} แท็บ")
        tabs = _read_tabs(book, name)
    finally:
        book.close()
    if has_formulas:
        _note_formulas_without_values(data, tabs)
    return RawWorkbook(tabs=tabs, source=SourceInfo(kind="xlsx", name=name, fetched_at=_now()))


def _check_zip(data: bytes, name: str) -> bool:
    """Raise BadSource unless data is a sane `.xlsx` zip; return True when a sheet holds formulas."""
    if len(data) > MAX_FILE_BYTES:
        raise BadSource(f"ไฟล์ “{name}” ใหญ่เกิน {MAX_FILE_BYTES // 1024 // 1024} MB")
    if not data.startswith(b"PK"):
        raise BadSource(f"ไฟล์ “{name}” ไม่ใช่ไฟล์ Excel (.xlsx) บันทึกเป็น .xlsx แล้วลองใหม่")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
            names = set(archive.namelist())
            if unzipped > MAX_UNZIPPED_BYTES:
                raise BadSource(f"ไฟล์ “{name}” ขยายแล้วใหญ่เกิน {MAX_UNZIPPED_BYTES // 1024 // 1024} MB จึงไม่เปิด "
                                "แยกข้อมูลเป็นหลายไฟล์")
            sheets = [n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")]
            has_formulas = any(b"<f>" in archive.read(n) or b"<f " in archive.read(n) for n in sheets)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise BadSource(f"ไฟล์ “{name}” เสียหาย (zip อ่านไม่ได้) ลองบันทึกใหม่เป็น .xlsx") from exc
    if "xl/workbook.xml" not in names:
        raise BadSource(f"ไฟล์ “{name}” ไม่ใช่ไฟล์ Excel (.xlsx) บันทึกเป็น .xlsx แล้วลองใหม่")
    return has_formulas


def _read_tabs(book: Any, name: str) -> list[RawTab]:
    tabs: list[RawTab] = []
    budget = MAX_CELLS
    for sheet in book.worksheets:
        tab = RawTab(title=sheet.title, rows=[], sheet_id=None)
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            values = _trim_row(row)
            budget -= max(len(values), 1)
            if budget < 0:
                raise BadSource(f"ไฟล์ “{name}” มีเซลล์เกิน {MAX_CELLS:,} เซลล์ แยกเป็นหลายไฟล์หรือลบแถวว่างท้ายแท็บ")
            if len(values) > MAX_COLUMNS:
                tab.notes.append(_note(tab, number, MAX_COLUMNS, f"แถวนี้มี {len(values):,} คอลัมน์ "
                                       f"อ่านเพียง {MAX_COLUMNS} คอลัมน์แรก ลบคอลัมน์ที่ไม่ใช้"))
            tab.rows.append([_clean_cell(tab, number, column, value)
                             for column, value in enumerate(values[:MAX_COLUMNS])])
        tab.rows = _trim(tab.rows)
        tabs.append(tab)
    return tabs


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


def _note_formulas_without_values(data: bytes, tabs: list[RawTab]) -> None:
    """Report formula cells that carry no computed value (files saved by scripts, not Excel)."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        for tab, sheet in zip(tabs, book.worksheets):
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                _note_row_formulas(tab, number, row)
    finally:
        book.close()


def _note_row_formulas(tab: RawTab, number: int, row: tuple) -> None:
    values = tab.rows[number - 1] if number <= len(tab.rows) else []
    for column, formula in enumerate(row[:MAX_COLUMNS]):
        if isinstance(formula, str) and formula.startswith("=") and (
                column >= len(values) or values[column] is None):
            tab.notes.append(_note(tab, number, column, "เซลล์นี้เป็นสูตรที่ไม่มีค่าที่คำนวณไว้ "
                                                        "เปิดไฟล์ใน Excel/Google Sheets แล้วบันทึกใหม่ หรือพิมพ์ค่าแทนสูตร"))


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


GOOGLE_ENV = {"timeout": "ITA_GOOGLE_TIMEOUT", "max_retries": "ITA_GOOGLE_RETRIES", "backoff": "ITA_GOOGLE_BACKOFF"}
GOOGLE_DEFAULTS = {"timeout": 20.0, "max_retries": 4, "backoff": 1.0}


def read_credentials_file(path: str) -> dict:
    """Return the service-account JSON in a key file; raises BadSource when it cannot be read."""
    import json

    try:
        return dict(json.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError) as exc:
        raise BadSource(f"อ่านไฟล์คีย์บัญชีบริการ “{path}” (GOOGLE_APPLICATION_CREDENTIALS) ไม่ได้: "
                        "ตรวจตำแหน่งไฟล์ และว่าเป็นไฟล์ JSON ที่ดาวน์โหลดจาก Google Cloud Console") from exc


def credentials_from_env() -> dict | None:
    """Return the service-account mapping named by GOOGLE_APPLICATION_CREDENTIALS, or None."""
    path = os.environ.get("GOOGLE_APPLICATION_CREDENTIALS")
    return read_credentials_file(path) if path else None


def google_settings_from_env(defaults: dict[str, float] | None = None) -> dict[str, Any]:
    """Return timeout, max_retries and backoff from ITA_GOOGLE_*; a missing or bad value keeps its default."""
    settings: dict[str, Any] = {}
    for key, default in (defaults or GOOGLE_DEFAULTS).items():
        try:
            settings[key] = float(os.environ.get(GOOGLE_ENV[key]) or default)
        except ValueError:
            settings[key] = float(default)
    settings["max_retries"] = int(settings["max_retries"])
    return settings


def google_options_from_env() -> dict[str, Any]:
    """Return the Google settings plus, when ITA_GOOGLE_ENDPOINT is set (tests), its adapter."""
    from sheets import endpoint

    options = google_settings_from_env()
    adapter = endpoint.adapter_for(os.environ.get("ITA_GOOGLE_ENDPOINT"))
    if adapter is not None:
        options["adapter"] = adapter
    return options

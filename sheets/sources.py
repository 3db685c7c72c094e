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
from sheets.model import RawTab, RawWorkbook, SourceInfo, Workbook
from sheets.workbook import parse_workbook

MAX_FILE_BYTES = 25 * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_TABS = 250
MAX_CELLS = 2_000_000
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
    allowed = {key: options[key] for key in ("timeout", "adapter", "max_retries", "sleep") if key in options}
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

    _check_zip(data, name)
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
    return RawWorkbook(tabs=tabs, source=SourceInfo(kind="xlsx", name=name, fetched_at=_now()))


def _check_zip(data: bytes, name: str) -> None:
    if len(data) > MAX_FILE_BYTES:
        raise BadSource(f"ไฟล์ “{name}” ใหญ่เกิน {MAX_FILE_BYTES // 1024 // 1024} MB")
    if not data.startswith(b"PK"):
        raise BadSource(f"ไฟล์ “{name}” ไม่ใช่ไฟล์ Excel (.xlsx) บันทึกเป็น .xlsx แล้วลองใหม่")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise BadSource(f"ไฟล์ “{name}” เสียหาย (zip อ่านไม่ได้) ลองบันทึกใหม่เป็น .xlsx") from exc
    if unzipped > MAX_UNZIPPED_BYTES:
        raise BadSource(f"ไฟล์ “{name}” ขยายแล้วใหญ่เกิน {MAX_UNZIPPED_BYTES // 1024 // 1024} MB จึงไม่เปิด")
    if "xl/workbook.xml" not in names:
        raise BadSource(f"ไฟล์ “{name}” ไม่ใช่ไฟล์ Excel (.xlsx) บันทึกเป็น .xlsx แล้วลองใหม่")


def _read_tabs(book: Any, name: str) -> list[RawTab]:
    tabs: list[RawTab] = []
    budget = MAX_CELLS
    for sheet in book.worksheets:
        rows: list[list[Any]] = []
        for row in sheet.iter_rows(values_only=True):
            values = _trim_row(row)
            budget -= max(len(values), 1)
            if budget < 0:
                raise BadSource(f"ไฟล์ “{name}” มีเซลล์เกิน {MAX_CELLS:,} เซลล์ แยกเป็นหลายไฟล์หรือลบแถวว่างท้ายแท็บ")
            rows.append([_clean_value(value) for value in values[:MAX_COLUMNS]])
        tabs.append(RawTab(title=sheet.title, rows=_trim(rows), sheet_id=None))
    return tabs


def _clean_value(value: Any) -> Any:
    if isinstance(value, str):
        value = cells.CONTROL_RE.sub("", value)
        return value[:MAX_CELL_CHARS]
    if isinstance(value, dt.time):
        return value.isoformat()
    return value


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


def credentials_from_env() -> dict | None:
    """Return the service-account mapping named by GOOGLE_APPLICATION_CREDENTIALS, or None."""
    import json

    path = os.environ.get("GOOGLE_APPLICATION_CREDENTIALS")
    if not path:
        return None
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BadSource(f"อ่านไฟล์กุญแจบัญชีบริการ “{path}” ไม่ได้ ตรวจ GOOGLE_APPLICATION_CREDENTIALS") from exc


def google_options_from_env() -> dict[str, Any]:
    """Return Google options from the environment: ITA_GOOGLE_ENDPOINT (tests), timeout, backoff."""
    options: dict[str, Any] = {}
    endpoint = os.environ.get("ITA_GOOGLE_ENDPOINT")
    if endpoint:
        from sheets import endpoint as endpoint_module

        options["adapter"] = endpoint_module.EndpointAdapter(endpoint)
    for key, name in (("timeout", "ITA_GOOGLE_TIMEOUT"), ("backoff", "ITA_GOOGLE_BACKOFF")):
        if os.environ.get(name):
            options[key] = float(os.environ[name])
    return options

"""The one way in: every kind of source becomes a RawWorkbook through `read_source(spec)`.

Kinds (one vocabulary, also SourceInfo.kind): "demo" (the embedded example), "xlsx" (a
file path or uploaded bytes), "google" (the Sheets API with a service account), "link"
(the `.xlsx` export of a sheet shared with anyone with the link). Parsing against the
contract is not done here (sheets.workbook.parse_workbook). Limits keep a hostile upload
from eating the machine (see README).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import time
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from sheets import cells, google
from sheets.config import GoogleOptions
from sheets.errors import BadSource, SheetError
from sheets.model import Problem, RawTab, RawWorkbook, SourceInfo

MAX_FILE_BYTES = 25 * 1024 * 1024
MAX_UNZIPPED_BYTES = 40 * 1024 * 1024
MAX_TABS = 250
MAX_CELLS = 600_000
MAX_COLUMNS = 200
MAX_CELL_CHARS = 50_000
SHEET_ID_RE = re.compile(r"^[A-Za-z0-9_-]{20,}$")
DEMO_NAME = "ตัวอย่าง: เทศบาลตำบลกุดจิก (จากรายงานจริง ปีงบประมาณ ๒๕๖๖)"

DEMO, XLSX, GOOGLE, LINK = "demo", "xlsx", "google", "link"
KINDS = (DEMO, XLSX, GOOGLE, LINK)
NETWORK_KINDS = (GOOGLE, LINK)


@dataclass(frozen=True)
class SourceSpec:
    """What to read. `location`: a file path or upload name (xlsx), a sheet URL or ID (google, link).

    `data` holds an upload's bytes (`digest` their SHA-256); `credentials` the service
    account of a "google" source. Neither is shown in repr nor compared.
    """

    kind: str
    location: str = ""
    data: bytes | None = field(default=None, repr=False, compare=False)
    digest: str = ""
    credentials: Mapping | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"source kind must be one of {KINDS}, not {self.kind!r}")

    @property
    def is_network(self) -> bool:
        return self.kind in NETWORK_KINDS

    @property
    def snapshot_key(self) -> str:
        """A file-name-safe hash naming this source (by spreadsheet ID or content, not the link's form)."""
        return hashlib.sha256(f"{self.kind}|{self._identity()}".encode()).hexdigest()[:32]

    @property
    def cache_key(self) -> str:
        """The snapshot key plus the service account: another account may see another sheet."""
        account = google.service_account_email(self.credentials) if self.credentials else ""
        return f"{self.snapshot_key}|{account}"

    def _identity(self) -> str:
        if self.kind in NETWORK_KINDS:
            try:
                return google.parse_spreadsheet_id(self.location)
            except SheetError:
                return self.location.strip()
        return self.digest or self.location.strip()


def upload_spec(name: str, data: bytes) -> SourceSpec:
    """Return the spec of uploaded `.xlsx` bytes (their content hash computed once)."""
    return SourceSpec(XLSX, name, data=data, digest=hashlib.sha256(data).hexdigest())


def spec_for(text: str | None, credentials: Mapping | None = None) -> SourceSpec:
    """Return the spec a command-line source names: '' → demo, a sheet → google/link, else a path."""
    text = str(text or "").strip()
    if not text:
        return SourceSpec(DEMO)
    if is_google_source(text):
        return SourceSpec(GOOGLE, text, credentials=credentials) if credentials else SourceSpec(LINK, text)
    return SourceSpec(XLSX, text)


def is_google_source(source: str) -> bool:
    """Return True when a source string names a Google Sheet (URL or bare ID)."""
    text = source.strip()
    return "docs.google.com/spreadsheets" in text or (not text.lower().endswith(".xlsx")
                                                      and bool(SHEET_ID_RE.fullmatch(text))
                                                      and not os.path.exists(text))


def read_source(spec: SourceSpec, options: GoogleOptions = GoogleOptions(), *,
                client: google.RetryingHTTPClient | None = None,
                adapter: requests.adapters.BaseAdapter | None = None) -> RawWorkbook:
    """Return the raw workbook of a source; raises a sheets.errors.DataError on failure.

    `options` bound the Google kinds' waits; `client` reuses a service account's token.
    """
    if spec.kind == DEMO:
        return read_demo()
    if spec.kind == XLSX:
        return read_xlsx_bytes(spec.data, name=spec.location) if spec.data is not None \
            else read_xlsx_path(spec.location)
    if spec.kind == GOOGLE:
        return google.read_workbook(spec.location, spec.credentials or {}, options, client=client, adapter=adapter)
    return read_link_shared(spec.location, options, adapter=adapter)


def read_demo() -> RawWorkbook:
    """Return the embedded demo workbook, read through the same `.xlsx` path as an upload."""
    from sheets.demo import build

    raw = read_xlsx_bytes(build.demo_xlsx_bytes(), name=DEMO_NAME)
    raw.source = SourceInfo(kind=DEMO, name=DEMO_NAME, fetched_at=_now())
    return raw


def read_link_shared(source: str, options: GoogleOptions = GoogleOptions(), *,
                     adapter: requests.adapters.BaseAdapter | None = None, sleep: Any = time.sleep) -> RawWorkbook:
    """Return a link-shared Google Sheet: one streamed `.xlsx` export download, then the `.xlsx` reader."""
    spreadsheet_id = google.parse_spreadsheet_id(source)
    data = google.read_link_shared_xlsx(spreadsheet_id, options, adapter=adapter, sleep=sleep)
    raw = read_xlsx_bytes(data, name=f"Google Sheet {spreadsheet_id}")
    raw.source = SourceInfo(kind=LINK, name=raw.source.name, spreadsheet_id=spreadsheet_id,
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

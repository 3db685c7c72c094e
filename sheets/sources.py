"""The only code that opens files or calls Google: every source becomes a RawWorkbook.

A source is an `.xlsx` path (or its bytes), a Google Sheet URL or ID, or None for the
embedded demo. `.xlsx` reading and its limits live in sheets.xlsx.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any, Mapping

from sheets import google, xlsx
from sheets.errors import BadSource
from sheets.model import RawWorkbook, SourceInfo, Workbook
from sheets.workbook import parse_workbook

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
    """Return the raw workbook of a local `.xlsx` file (sheets.xlsx); raises BadSource when unreadable."""
    return xlsx.read_xlsx_path(path)


def read_xlsx_bytes(data: bytes, *, name: str) -> RawWorkbook:
    """Return the raw workbook of `.xlsx` bytes (sheets.xlsx); raises BadSource when unreadable."""
    return xlsx.read_xlsx_bytes(data, name=name)


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

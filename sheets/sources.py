"""The one way in: every kind of source becomes a RawWorkbook through `read_source(spec)`.

Kinds (one vocabulary, also SourceInfo.kind): "demo" (the embedded example), "xlsx" (a
file path or uploaded bytes), "google" (the Sheets API with a service account), "link"
(the `.xlsx` export of a sheet shared with anyone with the link). Parsing against the
contract is not done here (sheets.workbook.parse_workbook); `.xlsx` reading and the limits
that keep a hostile upload from eating the machine live in sheets.xlsx (see README).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import requests

from sheets import google, xlsx
from sheets.config import GoogleOptions
from sheets.errors import SheetError
from sheets.model import RawWorkbook, SourceInfo

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
    """Return the raw workbook of a local `.xlsx` file (sheets.xlsx); raises BadSource when unreadable."""
    return xlsx.read_xlsx_path(path)


def read_xlsx_bytes(data: bytes, *, name: str) -> RawWorkbook:
    """Return the raw workbook of `.xlsx` bytes (sheets.xlsx); raises BadSource when unreadable."""
    return xlsx.read_xlsx_bytes(data, name=name)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)

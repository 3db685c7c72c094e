"""Reading a Google Sheet: the whole workbook in exactly two Sheets API reads, or its export.

`read_workbook`: one metadata GET (tab titles and ids), then one values:batchGet of every
grid tab, through the real gspread HTTP client and google-auth service-account
credentials. `read_link_shared_xlsx`: the credential-less `.xlsx` export of a sheet shared
with "anyone with the link", streamed and stopped at the size limit. No streamlit here.
"""
from __future__ import annotations

import datetime as dt
import time
import urllib.parse
from collections.abc import Mapping

import requests

from sheets import errors
from sheets.config import GoogleOptions
from sheets.google import client as google_client
from sheets.google import messages
from sheets.google.client import RetryingHTTPClient, Sleep
from sheets.google.ids import (
    EDIT_URL,
    EXPORT_URL,
    SPREADSHEETS_URL,
    parse_spreadsheet_id,
    quote_tab_range,
    service_account_email,
)
from sheets.model import RawTab, RawWorkbook, SourceInfo

VALUE_PARAMS = {"valueRenderOption": "UNFORMATTED_VALUE",
                "dateTimeRenderOption": "SERIAL_NUMBER", "majorDimension": "ROWS"}
# Tab titles go in the batchGet URL (a Thai letter takes 9 characters there); past this
# many characters the same single read is sent as a POST by sheet id instead.
MAX_RANGES_QUERY = 6000
MAX_EXPORT_BYTES = 25 * 1024 * 1024  # the same limit as an uploaded file
CHUNK_BYTES = 64 * 1024


def read_workbook(spreadsheet: str, credentials_info: Mapping, options: GoogleOptions = GoogleOptions(), *,
                  client: RetryingHTTPClient | None = None, adapter: requests.adapters.BaseAdapter | None = None,
                  sleep: Sleep = time.sleep) -> RawWorkbook:
    """Return every grid tab of a Google Sheet as values, in two Sheets API requests.

    Values come as the API gives them (UNFORMATTED_VALUE: numbers stay numbers, dates stay
    serial numbers). Pass a `client` from client.open_client to reuse its token (its
    timeout and retries then apply; `options.deadline` still bounds the read).
    Raises SheetNotFound, AccessDenied or SheetUnavailable.
    """
    spreadsheet_id = parse_spreadsheet_id(spreadsheet)
    email = service_account_email(credentials_info)
    own_client = client is None
    if client is None:
        client = google_client.open_client(credentials_info, options, adapter=adapter, sleep=sleep)
    try:
        with google_client.deadline(options.deadline), google_client.translated(
                "read", spreadsheet_id=spreadsheet_id, email=email, timeout=_wait(client.timeout, options)):
            metadata, tabs = _read_tabs(client, spreadsheet_id)
    finally:
        if own_client:
            client.session.close()
    return RawWorkbook(tabs=tabs, source=SourceInfo(
        kind="google", name=metadata.get("properties", {}).get("title", spreadsheet_id),
        url=metadata.get("spreadsheetUrl") or EDIT_URL.format(spreadsheet_id),
        spreadsheet_id=spreadsheet_id, fetched_at=dt.datetime.now(dt.UTC)))


def read_link_shared_xlsx(spreadsheet: str, options: GoogleOptions = GoogleOptions(), *,
                          adapter: requests.adapters.BaseAdapter | None = None, sleep: Sleep = time.sleep,
                          limit: int = MAX_EXPORT_BYTES) -> bytes:
    """Return the `.xlsx` bytes of a sheet shared with "anyone with the link" (one GET, no credentials).

    The body is streamed and the download stops as soon as it passes `limit` bytes.
    Raises SheetNotFound (404), AccessDenied (401/403 or a sign-in page), SheetUnavailable,
    BadSource (over the limit).
    """
    spreadsheet_id = parse_spreadsheet_id(spreadsheet)
    with google_client.open_session(options, adapter) as session, google_client.deadline(options.deadline), \
            google_client.translated("read", spreadsheet_id=spreadsheet_id,
                                     timeout=_wait(options.timeout, options)):
        response = google_client.get(session, EXPORT_URL.format(spreadsheet_id), options,
                                     params={"format": "xlsx"}, sleep=sleep)
        with response:
            if not response.ok:
                raise google_client.export_error(response.status_code, spreadsheet_id)
            data = _read_capped(response, limit)
    if not data.startswith(b"PK"):
        raise google_client.export_error(200, spreadsheet_id)
    return data


def _wait(timeout: float, options: GoogleOptions) -> float:
    """The longest a visitor waited: one request's timeout, or the whole read's deadline when shorter."""
    return min(timeout, options.deadline) if options.deadline else timeout


def _read_capped(response: requests.Response, limit: int) -> bytes:
    """Read a streamed body, refusing it once it passes `limit` bytes (declared or counted)."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise errors.BadSource(messages.too_big(limit // 1024 // 1024))
    chunks, size = [], 0
    for chunk in response.iter_content(CHUNK_BYTES):
        size += len(chunk)
        if size > limit:
            raise errors.BadSource(messages.too_big(limit // 1024 // 1024))
        chunks.append(chunk)
    return b"".join(chunks)


def _read_tabs(client: RetryingHTTPClient, spreadsheet_id: str) -> tuple[Mapping, list[RawTab]]:
    """Metadata, then one batchGet of every grid tab; valueRanges map back by order."""
    metadata = client.fetch_sheet_metadata(spreadsheet_id)
    grid = [sheet.get("properties", {}) for sheet in metadata.get("sheets", [])
            if sheet.get("properties", {}).get("sheetType", "GRID") == "GRID"]
    if not grid:
        return metadata, []
    ranges = [quote_tab_range(props.get("title", "")) for props in grid]
    if len(urllib.parse.urlencode({"ranges": ranges}, doseq=True)) <= MAX_RANGES_QUERY:
        reply = client.values_batch_get(spreadsheet_id, ranges, params=dict(VALUE_PARAMS))
        value_ranges = reply.get("valueRanges", [])
    else:
        value_ranges = _batch_get_by_sheet_ids(client, spreadsheet_id, [props.get("sheetId") for props in grid])
    if len(value_ranges) != len(grid):
        raise messages.unavailable(f"Google ส่งข้อมูลมา {len(value_ranges)} แท็บ จากที่ขอ {len(grid)} แท็บ")
    return metadata, [RawTab(title=props.get("title", ""), rows=value_range.get("values", []),
                             sheet_id=props.get("sheetId"))
                      for props, value_range in zip(grid, value_ranges)]


def _batch_get_by_sheet_ids(client: RetryingHTTPClient, spreadsheet_id: str, sheet_ids: list) -> list[dict]:
    """One POST values:batchGetByDataFilter: the same read when tab titles would make the URL too long."""
    url = SPREADSHEETS_URL.format(spreadsheet_id) + "/values:batchGetByDataFilter"
    body = dict(VALUE_PARAMS, dataFilters=[{"gridRange": {"sheetId": sheet_id}} for sheet_id in sheet_ids])
    reply = client.request("post", url, json=body).json()
    return [entry.get("valueRange", {}) for entry in reply.get("valueRanges", [])]

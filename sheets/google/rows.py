"""Saving one department row: re-read it (one request), then write its changed cells (one request).

The row is addressed by its tab's sheet id where it is known (the page: every tab read from
Google has one): the re-read is one values:batchGetByDataFilter of the tab's top rows and
that row, and Google's reply names the tab as the sheet spells it, the title the write's
A1 ranges then use (never the cleaned title the app shows). Without a sheet id (the CLI's
`--tab`) the same re-read is one values:batchGet by title. The write is one
values:batchUpdate written RAW, so the row is written whole or not at all.

The client asks for the `spreadsheets` scope only (client.SAVE_SCOPES); 429/5xx are retried
within one deadline for the whole save; client.translated turns Google's failures into our
errors. Every save that wrote goes to the audit log. No streamlit.
"""
from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import requests

from sheets import audit, rowupdate, tabs
from sheets.config import GoogleOptions
from sheets.errors import UpdateRefused
from sheets.google import client as google_client
from sheets.google import messages
from sheets.google.client import RetryingHTTPClient, Sleep
from sheets.google.ids import SPREADSHEETS_URL, parse_spreadsheet_id, quote_tab_range, service_account_email
from sheets.google.read import VALUE_PARAMS
from sheets.rowupdate import Changes, RowPlan, RowRef, RowValues

DEFAULT_DEADLINE = 30.0  # seconds for a whole save, retries included, when the options set none


@dataclass(frozen=True)
class SaveResult:
    """A save that went through: the plan written (no cells: nothing had changed) and where."""

    plan: RowPlan
    spreadsheet_id: str

    @property
    def written(self) -> bool:
        return bool(self.plan.cells)

    def message(self) -> str:
        """Return the one Thai line telling what was saved."""
        ref = self.plan.ref
        if not self.written:
            return f"ไม่มีค่าที่เปลี่ยน จึงไม่ได้เขียนลงชีต (แถว {ref.row} แท็บ “{ref.tab}”)"
        names = ", ".join(cell.column for cell in self.plan.cells)
        return f"บันทึกแล้ว: แถว {ref.row} แท็บ “{ref.tab}” ({names})"


@dataclass(frozen=True)
class CurrentRow:
    """A row as re-read just before a save: the tab's title as the sheet spells it, its top rows
    (the header is among them) and the row's cells."""

    title: str
    top_rows: list[list[Any]]
    cells: list[Any]


def open_save_client(credentials_info: Mapping, options: GoogleOptions = GoogleOptions(), *,
                     adapter: requests.adapters.BaseAdapter | None = None,
                     sleep: Sleep = time.sleep) -> RetryingHTTPClient:
    """Return a Sheets client asking for the `spreadsheets` scope (reading keeps read-only)."""
    return google_client.open_client(credentials_info, options, scopes=google_client.SAVE_SCOPES, adapter=adapter,
                                     sleep=sleep)


def save_row(spreadsheet: str, credentials_info: Mapping, ref: RowRef, changes: Changes, *, today: dt.date,
             seen: RowValues | None = None, who: str = "", options: GoogleOptions = GoogleOptions(),
             client: RetryingHTTPClient | None = None, adapter: requests.adapters.BaseAdapter | None = None,
             sleep: Sleep = time.sleep) -> SaveResult:
    """Re-read the row, check it, write its changed cells in one request; return what was saved.

    `options.deadline` (else DEFAULT_DEADLINE) bounds the whole save. Raises UpdateRefused
    (nothing written), AccessDenied, SheetNotFound or SheetUnavailable.
    """
    spreadsheet_id = parse_spreadsheet_id(spreadsheet)
    email = service_account_email(credentials_info)
    own = client is None
    client = client or open_save_client(credentials_info, options, adapter=adapter, sleep=sleep)
    where = dict(spreadsheet_id=spreadsheet_id, email=email, timeout=options.timeout, tab=ref.tab)
    try:
        with google_client.deadline(options.deadline or DEFAULT_DEADLINE):
            with google_client.translated("row", **where):
                current = read_row(client, spreadsheet_id, ref)
            plan = rowupdate.plan_update(ref, current.top_rows, current.cells, changes, today, seen)
            if plan.cells:
                with google_client.translated("save", **where):
                    client.values_batch_update(spreadsheet_id, body=build_body(current.title, plan))
    finally:
        if own:
            client.session.close()
    if plan.cells:
        audit.log_event("save", who=who, spreadsheet=spreadsheet_id, tab=ref.tab, row=ref.row,
                        fields=plan.fields, changes=plan.changes())
    return SaveResult(plan, spreadsheet_id)


def read_row(client: RetryingHTTPClient, spreadsheet_id: str, ref: RowRef) -> CurrentRow:
    """Return the tab's top rows and the row `ref.row` as they are now, in one request."""
    if ref.sheet_id is None:
        quoted = quote_tab_range(ref.tab)
        ranges = [f"{quoted}!1:{tabs.HEADER_SEARCH_ROWS}", f"{quoted}!{ref.row}:{ref.row}"]
        value_ranges = client.values_batch_get(spreadsheet_id, ranges, params=dict(VALUE_PARAMS)).get(
            "valueRanges", [])
    else:
        body = dict(VALUE_PARAMS, dataFilters=[
            {"gridRange": {"sheetId": ref.sheet_id, "startRowIndex": 0, "endRowIndex": tabs.HEADER_SEARCH_ROWS}},
            {"gridRange": {"sheetId": ref.sheet_id, "startRowIndex": ref.row - 1, "endRowIndex": ref.row}}])
        reply = client.request("post", SPREADSHEETS_URL.format(spreadsheet_id) + "/values:batchGetByDataFilter",
                               json=body).json()
        value_ranges = [entry.get("valueRange", {}) for entry in reply.get("valueRanges", [])]
    if len(value_ranges) != 2:
        if not value_ranges:
            raise UpdateRefused(messages.tab_gone(ref.tab))
        raise messages.unavailable("Google ส่งข้อมูลแถวมาไม่ครบ", "row")
    title = title_of(value_ranges[0].get("range", "")) or ref.tab
    row = value_ranges[1].get("values") or [[]]
    return CurrentRow(title, value_ranges[0].get("values", []), row[0])


def title_of(a1_range: str) -> str:
    """Return the tab title of an A1 range as Google writes it ("'กอง''คลัง'!A1:Z5" → "กอง'คลัง")."""
    sheet, _, _cells = a1_range.rpartition("!")
    if len(sheet) >= 2 and sheet.startswith("'") and sheet.endswith("'"):
        return sheet[1:-1].replace("''", "'")
    return sheet


def build_body(title: str, plan: RowPlan) -> dict:
    """Return the values:batchUpdate body: one ValueRange per changed cell, RAW (text stays text)."""
    quoted = quote_tab_range(title)
    return {"valueInputOption": rowupdate.VALUE_INPUT,
            "data": [{"range": f"{quoted}!{cell.a1}", "majorDimension": "ROWS", "values": [[cell.value]]}
                     for cell in plan.cells]}

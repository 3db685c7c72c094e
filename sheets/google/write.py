"""Writing to Google: today, creating the tracking sheet from the template (write-back joins here).

Four API requests through the client of sheets.google.client (write scope):
POST /v4/spreadsheets with the template's tabs · values:batchUpdate (RAW) with their
cells · batchUpdate with the status dropdowns (setDataValidation ONE_OF_LIST), bold
headers and header notes · POST drive/v3/files/<id>/permissions sharing it with the
department head as `writer` (ผู้แก้ไข: they fill the sheet in; the app itself only reads).

A service account owns what it creates and Google gives service accounts no Drive
storage of their own, so on many projects the create step is refused (403, storage
quota). Then either pass `folder_id` of a folder in a shared drive where the service
account is a Content manager (the file is created there through the Drive API), or make
the sheet by hand from `cli.py template` (see the README's getting-started section).
Errors become ours in client.translated. No streamlit here.
"""
from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator, Mapping

import requests
from gspread.urls import DRIVE_FILES_API_V3_URL, SPREADSHEETS_API_V4_BASE_URL

from sheets import errors, template
from sheets.config import GoogleOptions
from sheets.google import client as google_client
from sheets.google.client import RetryingHTTPClient, Sleep
from sheets.google.ids import EDIT_URL, quote_tab_range, service_account_email
from sheets.model import RawTab

SCOPES = google_client.WRITE_SCOPES
SHARE_ROLE = "writer"
SPREADSHEET_MIME = "application/vnd.google-apps.spreadsheet"
GRID_ROWS = 1000
GRID_COLUMNS = 26
LOCALE, TIME_ZONE = "th_TH", "Asia/Bangkok"
SHARE_MESSAGE = "แบบติดตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส (ITA): กรอกข้อมูลในแท็บของหน่วยงานท่าน"


class ProvisionIncomplete(errors.DataError):
    """The sheet was created but a later step failed; `spreadsheet_url` is where it is."""

    def __init__(self, message: str, *, spreadsheet_url: str) -> None:
        super().__init__(message)
        self.spreadsheet_url = spreadsheet_url


def create_sheet_from_template(title: str, credentials_info: Mapping, *, share_with: str | None = None,
                               fiscal_year: int | None = None, oit_framework: int | None = None,
                               folder_id: str | None = None, options: GoogleOptions = GoogleOptions(),
                               adapter: requests.adapters.BaseAdapter | None = None,
                               sleep: Sleep = time.sleep) -> str:
    """Create a Google Sheet holding the template, share it with `share_with` as writer; return its URL.

    Without `share_with` only the service account can open it. Raises AccessDenied (APIs
    not enabled, no Drive storage, key refused), SheetNotFound (folder), SheetUnavailable
    (quota, outage, network), or ProvisionIncomplete (created, then a later step failed).
    """
    year = {"fiscal_year": fiscal_year} if fiscal_year else {}
    tabs = template.build_template_tabs(**year, oit_framework=oit_framework)
    email = service_account_email(credentials_info)
    client = google_client.open_client(credentials_info, options, write=True, adapter=adapter, sleep=sleep)
    try:
        with _step(email, "create", options):
            spreadsheet_id, sheet_ids = _create(client, title, tabs, folder_id)
        url = EDIT_URL.format(spreadsheet_id)
        with _step(email, "fill", options, url=url):
            client.values_batch_update(spreadsheet_id, body=values_body(tabs))
            client.batch_update(spreadsheet_id, body={"requests": format_requests(tabs, sheet_ids)})
        if share_with:
            with _step(email, "share", options, url=url, share_with=share_with):
                client.insert_permission(spreadsheet_id, share_with, perm_type="user", role=SHARE_ROLE,
                                         notify=True, email_message=SHARE_MESSAGE)
    finally:
        client.session.close()
    return url


@contextlib.contextmanager
def _step(email: str, action: str, options: GoogleOptions, *, url: str | None = None,
          share_with: str = "") -> Iterator[None]:
    """One write step: Google's errors become ours; after the create, they say where the sheet is."""
    try:
        with google_client.translated(action, email=email, timeout=options.timeout, share_with=share_with):
            yield
    except errors.SheetError as error:
        if not url or isinstance(error, ProvisionIncomplete):
            raise
        raise ProvisionIncomplete(f"สร้าง Google Sheet แล้วที่ {url} แต่{_STEP_TH[action]}ไม่สำเร็จ: {error.message} "
                                  "(ชีตนี้เปิดได้เฉพาะบัญชีบริการ: สั่งใหม่อีกครั้งจะได้ชีตใหม่)",
                                  spreadsheet_url=url) from error


_STEP_TH = {"fill": "การใส่แบบฟอร์ม", "share": "การแชร์"}


def _create(client: RetryingHTTPClient, title: str, tabs: list[RawTab],
            folder_id: str | None) -> tuple[str, dict[str, int]]:
    """Create the file with every tab; return (spreadsheet id, {tab title: sheetId}). Never retried."""
    retries, client.max_retries = client.max_retries, 0  # a create that timed out may have happened
    try:
        if folder_id:
            return _create_in_folder(client, title, tabs, folder_id)
        reply = client.request("post", SPREADSHEETS_API_V4_BASE_URL, json=spreadsheet_body(title, tabs)).json()
    finally:
        client.max_retries = retries
    return reply["spreadsheetId"], {s["properties"]["title"]: s["properties"]["sheetId"] for s in reply["sheets"]}


def _create_in_folder(client: RetryingHTTPClient, title: str, tabs: list[RawTab],
                      folder_id: str) -> tuple[str, dict[str, int]]:
    """Drive create in a (shared-drive) folder, then turn its one default tab into the template's tabs."""
    file = client.request("post", DRIVE_FILES_API_V3_URL, params={"supportsAllDrives": "true"},
                          json={"name": title, "mimeType": SPREADSHEET_MIME, "parents": [folder_id]}).json()
    spreadsheet_id = file["id"]
    first = client.fetch_sheet_metadata(spreadsheet_id)["sheets"][0]["properties"]["sheetId"]
    sheets = spreadsheet_body(title, tabs)["sheets"]
    requests_ = [{"updateSheetProperties": {"properties": {**sheets[0]["properties"], "sheetId": first},
                                            "fields": "title,gridProperties.frozenRowCount"}}]
    requests_ += [{"addSheet": sheet} for sheet in sheets[1:]]
    client.batch_update(spreadsheet_id, body={"requests": requests_})
    ids = {tab.title: tab.sheet_id for tab in tabs}
    ids[tabs[0].title] = first
    return spreadsheet_id, ids


# --- request bodies (pure) ------------------------------------------------------------

def spreadsheet_body(title: str, tabs: list[RawTab]) -> dict:
    """Return the spreadsheets.create body: Thai locale, Bangkok time, one grid per tab, header frozen."""
    sheets = []
    for index, tab in enumerate(tabs):
        frozen = {} if tab.title == template.INSTRUCTIONS_TAB else {"frozenRowCount": 1}
        columns = max([GRID_COLUMNS, *map(len, tab.rows)])
        sheets.append({"properties": {"sheetId": tab.sheet_id, "title": tab.title, "index": index,
                                      "gridProperties": {"rowCount": max(GRID_ROWS, len(tab.rows) + 1),
                                                         "columnCount": columns, **frozen}}})
    return {"properties": {"title": title, "locale": LOCALE, "timeZone": TIME_ZONE}, "sheets": sheets}


def values_body(tabs: list[RawTab]) -> dict:
    """Return the values:batchUpdate body writing every tab's rows from A1, RAW (text stays text)."""
    return {"valueInputOption": "RAW",
            "data": [{"range": f"{quote_tab_range(tab.title)}!A1", "majorDimension": "ROWS",
                      "values": [["" if cell is None else cell for cell in row] for row in tab.rows]}
                     for tab in tabs if tab.rows]}


def format_requests(tabs: list[RawTab], sheet_ids: dict[str, int]) -> list[dict]:
    """Return batchUpdate requests: status dropdowns (ONE_OF_LIST), then bold headers with notes."""
    requests_ = [validation_request(rule, sheet_ids[rule.tab]) for rule in template.build_validations()]
    for tab in tabs:
        if tab.title == template.INSTRUCTIONS_TAB or not tab.rows:
            continue
        header = tab.rows[0]
        requests_.append({"repeatCell": {
            "range": {"sheetId": sheet_ids[tab.title], "startRowIndex": 0, "endRowIndex": 1,
                      "startColumnIndex": 0, "endColumnIndex": len(header)},
            "cell": {"userEnteredFormat": {"textFormat": {"bold": True}}},
            "fields": "userEnteredFormat.textFormat.bold"}})
        requests_.append({"updateCells": {
            "start": {"sheetId": sheet_ids[tab.title], "rowIndex": 0, "columnIndex": 0},
            "rows": [{"values": [{"note": template.HEADER_NOTES.get(str(cell), "")} for cell in header]}],
            "fields": "note"}})
    return requests_


def validation_request(rule: template.Validation, sheet_id: int) -> dict:
    """Return one setDataValidation request: a strict dropdown on a column below its header."""
    return {"setDataValidation": {
        "range": {"sheetId": sheet_id, "startRowIndex": 1, "endRowIndex": GRID_ROWS,
                  "startColumnIndex": rule.column, "endColumnIndex": rule.column + 1},
        "rule": {"condition": {"type": "ONE_OF_LIST",
                               "values": [{"userEnteredValue": word} for word in rule.words]},
                 "inputMessage": "เลือกจากรายการ", "strict": True, "showCustomUi": True}}}

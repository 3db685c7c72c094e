"""Create the tracking Google Sheet from the template through the Sheets and Drive APIs.

Four API requests through gspread's HTTP client (`sheets.google.RetryingHTTPClient`):
POST /v4/spreadsheets with the template's tabs · values:batchUpdate (RAW) with their
cells · batchUpdate with the status dropdowns (setDataValidation ONE_OF_LIST), bold
headers and header notes · POST drive/v3/files/<id>/permissions sharing it with the
department head as `writer` (ผู้แก้ไข: they fill the sheet in; the app itself only reads).

A service account owns what it creates and Google gives service accounts no Drive
storage of their own, so on many projects the create step is refused (403, storage
quota). Then either pass `folder_id` of a folder in a shared drive where the service
account is a Content manager (the file is created there through the Drive API), or make
the sheet by hand from `cli.py template` (see the README's getting-started section). No streamlit here.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from typing import Any

import requests
from google.auth import exceptions as auth_exceptions
from google.oauth2 import service_account
from gspread.exceptions import APIError
from gspread.urls import DRIVE_FILES_API_V3_URL, SPREADSHEETS_API_V4_BASE_URL

from sheets import errors, google, template
from sheets.model import RawTab

SCOPES = ("https://www.googleapis.com/auth/spreadsheets", "https://www.googleapis.com/auth/drive")
SHARE_ROLE = "writer"
SPREADSHEET_MIME = "application/vnd.google-apps.spreadsheet"
GRID_ROWS = 1000
GRID_COLUMNS = 26
LOCALE, TIME_ZONE = "th_TH", "Asia/Bangkok"
SHARE_MESSAGE = "แบบติดตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส (ITA): กรอกข้อมูลในแท็บของหน่วยงานท่าน"

log = logging.getLogger(__name__)


class ProvisionIncomplete(errors.SheetError):
    """The sheet was created but a later step failed; `spreadsheet_url` is where it is."""

    def __init__(self, message: str, *, spreadsheet_url: str) -> None:
        super().__init__(message)
        self.spreadsheet_url = spreadsheet_url


def create_sheet_from_template(title: str, credentials_info: Mapping, *, share_with: str | None = None,
                               fiscal_year: int | None = None, oit_framework: int | None = None,
                               folder_id: str | None = None,
                               adapter: requests.adapters.BaseAdapter | None = None, timeout: float = 30,
                               max_retries: int = 4, backoff: float = 1.0, sleep=time.sleep) -> str:
    """Create a Google Sheet holding the template, share it with `share_with` as writer; return its URL.

    Without `share_with` only the service account can open it. Raises AccessDenied (APIs
    not enabled, no Drive storage, key refused), SheetNotFound (folder), SheetUnavailable
    (quota, outage, network), or ProvisionIncomplete (created, then a later step failed).
    """
    year = {"fiscal_year": fiscal_year} if fiscal_year else {}
    tabs = template.build_template_tabs(**year, oit_framework=oit_framework)
    email = google.service_account_email(credentials_info)
    client = _open_client(credentials_info, timeout=timeout, max_retries=max_retries, backoff=backoff, sleep=sleep)
    if adapter is not None:
        client.session.mount("https://", adapter)
    try:
        with _translated(email, step="create"):
            spreadsheet_id, sheet_ids = _create(client, title, tabs, folder_id)
        url = google.EDIT_URL.format(spreadsheet_id)
        with _translated(email, step="fill", url=url):
            client.values_batch_update(spreadsheet_id, body=values_body(tabs))
            client.batch_update(spreadsheet_id, body={"requests": format_requests(tabs, sheet_ids)})
        if share_with:
            with _translated(email, step="share", url=url, share_with=share_with):
                client.insert_permission(spreadsheet_id, share_with, perm_type="user", role=SHARE_ROLE,
                                         notify=True, email_message=SHARE_MESSAGE)
    finally:
        client.session.close()
    return url


def _open_client(credentials_info: Mapping, **options: Any) -> google.RetryingHTTPClient:
    try:
        credentials = service_account.Credentials.from_service_account_info(dict(credentials_info),
                                                                            scopes=list(SCOPES))
    except (ValueError, KeyError, TypeError, auth_exceptions.GoogleAuthError) as exc:
        raise errors.AccessDenied(
            "ข้อมูลบัญชีบริการ (service account JSON) ไม่ครบหรือผิดรูปแบบ: ดาวน์โหลดไฟล์คีย์ JSON "
            "จาก Google Cloud Console ใหม่แล้วตั้ง GOOGLE_APPLICATION_CREDENTIALS ให้ชี้ไปที่ไฟล์นั้น") from exc
    return google.RetryingHTTPClient(credentials, **options)


def _create(client: google.RetryingHTTPClient, title: str, tabs: list[RawTab],
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


def _create_in_folder(client: google.RetryingHTTPClient, title: str, tabs: list[RawTab],
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
            "data": [{"range": f"{google.quote_tab_range(tab.title)}!A1", "majorDimension": "ROWS",
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


# --- errors ---------------------------------------------------------------------------

class _translated:
    """Context manager: gspread/google-auth/requests errors of one step → our typed errors."""

    def __init__(self, email: str, *, step: str, url: str | None = None, share_with: str | None = None) -> None:
        self.email, self.step, self.url, self.share_with = email, step, url, share_with

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, exc, traceback) -> bool:
        if exc is None or isinstance(exc, errors.SheetError):
            return False
        error = self._translate(exc)
        if error is None:
            return False
        if self.url:
            error = ProvisionIncomplete(f"สร้าง Google Sheet แล้วที่ {self.url} แต่{_STEP_TH[self.step]}ไม่สำเร็จ: "
                                        f"{error.message} (ชีตนี้เปิดได้เฉพาะบัญชีบริการ: สั่งใหม่อีกครั้งจะได้ชีตใหม่)",
                                        spreadsheet_url=self.url)
        raise error from exc

    def _translate(self, exc: BaseException) -> errors.SheetError | None:
        if isinstance(exc, APIError):
            return self._api_error(exc)
        if isinstance(exc, auth_exceptions.RefreshError):
            return errors.AccessDenied(f"Google ไม่ยอมรับคีย์ของบัญชีบริการ {self.email}: สร้างคีย์ JSON ใหม่ใน "
                                       "Google Cloud Console", service_account_email=self.email or None)
        if isinstance(exc, (requests.RequestException, auth_exceptions.TransportError)):
            return _unavailable(f"เชื่อมต่อ Google ไม่ได้: {type(exc).__name__}")
        return None

    def _api_error(self, exc: APIError) -> errors.SheetError:
        status = exc.response.status_code
        detail = _error_detail(exc)
        if status == 403 and "storage" in detail.lower():
            return errors.AccessDenied(_no_storage_message(self.email), service_account_email=self.email or None)
        if status in (401, 403):
            return errors.AccessDenied(_denied_message(self.email), service_account_email=self.email or None)
        if status == 404:
            return errors.SheetNotFound("ไม่พบโฟลเดอร์หรือไฟล์ปลายทางใน Google Drive: ตรวจรหัสโฟลเดอร์ และแชร์โฟลเดอร์"
                                        f"ให้ {self.email} เป็นผู้จัดการเนื้อหา")
        if status == 429:
            return _unavailable("เกินโควตาการเขียนของ Google Sheets (HTTP 429)")
        if status >= 500:
            return _unavailable(f"ระบบของ Google ขัดข้อง (HTTP {status})")
        if self.step == "share":
            return errors.SheetError(f"แชร์ให้ {self.share_with} ไม่ได้ ({detail}): ตรวจอีเมลอีกครั้ง")
        return _unavailable(f"Google ตอบกลับ HTTP {status}: {detail}")


_STEP_TH = {"fill": "การใส่แบบฟอร์ม", "share": "การแชร์"}


def _error_detail(exc: APIError) -> str:
    error = exc.error if isinstance(exc.error, Mapping) else {}
    reasons = " ".join(str(item.get("reason", "")) for item in error.get("errors", []) if isinstance(item, Mapping))
    return f"{error.get('message', '')} {reasons}".strip()[:200]


def _unavailable(reason: str) -> errors.SheetUnavailable:
    return errors.SheetUnavailable(f"ติดต่อ Google ไม่ได้ในขณะนี้ ({reason}): รอสักครู่แล้วลองใหม่", reason=reason)


def _denied_message(email: str) -> str:
    return (f"บัญชีบริการ {email} ไม่มีสิทธิ์สร้างหรือแชร์ Google Sheet: เปิดใช้ Google Sheets API และ "
            "Google Drive API ในโปรเจกต์ Google Cloud ของบัญชีบริการ แล้วลองใหม่")


def _no_storage_message(email: str) -> str:
    return (f"บัญชีบริการ {email} สร้างไฟล์ใน Google Drive ไม่ได้ เพราะ Google ไม่ให้พื้นที่เก็บไฟล์แก่บัญชีบริการ: "
            "สร้างแบบฟอร์มด้วย python cli.py template -o แบบฟอร์ม.xlsx แล้วอัปโหลดเข้า Google Drive ของท่าน "
            f"(เปิดด้วย Google ชีต) และแชร์ให้ {email} หรือระบุโฟลเดอร์ในไดรฟ์ที่แชร์ (Shared drive) "
            "ที่บัญชีบริการเป็นผู้จัดการเนื้อหา")

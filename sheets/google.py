"""Google Sheets source: a whole workbook in exactly two Sheets API reads.

One metadata GET (tab titles and ids), then one values:batchGet of every grid tab,
through the real gspread HTTP client and google-auth service-account credentials.
Also the credential-less `.xlsx` export of a link-shared sheet. gspread, google-auth
and requests errors become `sheets.errors` here and nowhere else. No streamlit.
"""
from __future__ import annotations

import datetime as dt
import logging
import re
import time
import urllib.parse
from collections.abc import Callable, Mapping
from typing import Any

import google.auth.exceptions
import requests
from google.oauth2 import service_account
from gspread.exceptions import APIError
from gspread.http_client import HTTPClient

from sheets import errors
from sheets.model import RawTab, RawWorkbook, SourceInfo

SCOPES = ("https://www.googleapis.com/auth/spreadsheets.readonly",)
EDIT_URL = "https://docs.google.com/spreadsheets/d/{}/edit"
EXPORT_URL = "https://docs.google.com/spreadsheets/d/{}/export"
VALUE_PARAMS = {"valueRenderOption": "UNFORMATTED_VALUE",
                "dateTimeRenderOption": "SERIAL_NUMBER", "majorDimension": "ROWS"}
SPREADSHEETS_URL = "https://sheets.googleapis.com/v4/spreadsheets/{}"
# Tab titles go in the batchGet URL (a Thai letter takes 9 characters there); past this
# many characters the same single read is sent as a POST by sheet id instead.
MAX_RANGES_QUERY = 6000
ID_RE = re.compile(r"[A-Za-z0-9_-]{20,}")
URL_ID_RE = re.compile(r"/spreadsheets/(?:u/\d+/)?d/([A-Za-z0-9_-]+)")
URL_KEY_RE = re.compile(r"[?&#]key=([A-Za-z0-9_-]{20,})")
PUBLISHED_ID = "e"  # /spreadsheets/d/e/2PACX-...: a "publish to web" link, not an ID

Sleep = Callable[[float], Any]
log = logging.getLogger(__name__)


class RetryingHTTPClient(HTTPClient):
    """gspread's HTTP client with an explicit timeout and bounded backoff on 429 and 5xx.

    gspread's own BackOffHTTPClient (6.2.1) retries without end and reads the status
    from the error body; this one retries `max_retries` times, waiting backoff·2^n.
    """

    def __init__(self, auth: Any, session: requests.Session | None = None, *,
                 timeout: float | None = 20, max_retries: int = 4, backoff: float = 1.0,
                 sleep: Sleep = time.sleep) -> None:
        super().__init__(auth, session)
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff = backoff
        self.sleep = sleep

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        """Send one API request; raise gspread's APIError once retries are spent."""
        for attempt in range(self.max_retries + 1):
            try:
                return super().request(*args, **kwargs)
            except APIError as exc:
                status = exc.response.status_code
                if not _is_retryable(status) or attempt == self.max_retries:
                    raise
                log.info("Sheets API answered %s; retry %d of %d", status, attempt + 1, self.max_retries)
            self.sleep(self.backoff * 2 ** attempt)
        raise AssertionError("unreachable")


def parse_spreadsheet_id(text: str) -> str:
    """Return the spreadsheet ID of a Google Sheets URL or bare ID; raise SheetNotFound otherwise."""
    text = (text or "").strip()
    url_match = URL_ID_RE.search(text)
    if url_match and url_match.group(1) != PUBLISHED_ID and ID_RE.fullmatch(url_match.group(1)):
        return url_match.group(1)
    key_match = URL_KEY_RE.search(text)
    if key_match:
        return key_match.group(1)
    if ID_RE.fullmatch(text):
        return text
    if url_match:
        raise errors.SheetNotFound(
            "ลิงก์นี้เป็นลิงก์ \"เผยแพร่ไปยังเว็บ\" ซึ่งไม่มีรหัสชีต: เปิดชีตแล้วคัดลอกลิงก์จากแถบที่อยู่ของเบราว์เซอร์แทน")
    raise errors.SheetNotFound(
        f"\"{text[:80]}\" ไม่ใช่ลิงก์หรือรหัสของ Google Sheet: เปิดชีตแล้วคัดลอกลิงก์จากแถบที่อยู่ของเบราว์เซอร์")


def service_account_email(credentials_info: Mapping) -> str:
    """Return the service account's e-mail (the address to share sheets with), or ''."""
    return str(credentials_info.get("client_email") or "")


def quote_tab_range(title: str) -> str:
    """Return the A1 range naming a whole tab: the title in single quotes, inner quotes doubled."""
    return "'" + title.replace("'", "''") + "'"


def open_google_client(credentials_info: Mapping, *, timeout: float = 20, max_retries: int = 4,
                       backoff: float = 1.0, adapter: requests.adapters.BaseAdapter | None = None,
                       sleep: Sleep = time.sleep) -> RetryingHTTPClient:
    """Return a reusable Sheets client for a service account (its token is kept between reads).

    Raises AccessDenied when the credentials mapping is not a usable service-account key.
    """
    client = _open_client(credentials_info, timeout=timeout, max_retries=max_retries,
                          backoff=backoff, sleep=sleep)
    if adapter is not None:
        client.session.mount("https://", adapter)
    return client


def fetch_google_workbook(spreadsheet: str, credentials_info: Mapping, *, timeout: float = 20,
                          max_retries: int = 4, backoff: float = 1.0,
                          adapter: requests.adapters.BaseAdapter | None = None,
                          sleep: Sleep = time.sleep, client: RetryingHTTPClient | None = None) -> RawWorkbook:
    """Return every grid tab of a Google Sheet as values, in two Sheets API requests.

    Values come as the API gives them (UNFORMATTED_VALUE: numbers stay numbers, dates
    stay serial numbers). Pass a `client` from open_google_client to reuse its token
    (the options are then the client's). Raises SheetNotFound, AccessDenied or SheetUnavailable.
    """
    spreadsheet_id = parse_spreadsheet_id(spreadsheet)
    email = service_account_email(credentials_info)
    own_client = client is None
    if own_client:
        client = open_google_client(credentials_info, timeout=timeout, max_retries=max_retries,
                                    backoff=backoff, adapter=adapter, sleep=sleep)
    try:
        metadata, tabs = _read_tabs(client, spreadsheet_id)
    except APIError as exc:
        raise _api_error(exc, spreadsheet_id, email) from exc
    except google.auth.exceptions.RefreshError as exc:
        raise _refresh_error(exc, email) from exc
    except google.auth.exceptions.TransportError as exc:
        raise _unavailable("ติดต่อระบบยืนยันตัวตนของ Google ไม่ได้") from exc
    except requests.Timeout as exc:
        raise _unavailable(f"Google ไม่ตอบภายใน {client.timeout:g} วินาที") from exc
    except requests.RequestException as exc:
        raise _unavailable(f"เชื่อมต่อ Google ไม่ได้: {type(exc).__name__}") from exc
    finally:
        if own_client:
            client.session.close()
    return RawWorkbook(tabs=tabs, source=SourceInfo(
        kind="google", name=metadata.get("properties", {}).get("title", spreadsheet_id),
        url=metadata.get("spreadsheetUrl") or EDIT_URL.format(spreadsheet_id),
        spreadsheet_id=spreadsheet_id, fetched_at=dt.datetime.now(dt.UTC)))


def fetch_link_shared_xlsx(spreadsheet: str, *, timeout: float = 20,
                           adapter: requests.adapters.BaseAdapter | None = None,
                           max_retries: int = 4, backoff: float = 1.0,
                           sleep: Sleep = time.sleep) -> bytes:
    """Return the `.xlsx` bytes of a sheet shared with "anyone with the link" (one GET, no credentials).

    Raises SheetNotFound (404), AccessDenied (401/403 or a login page), SheetUnavailable.
    """
    spreadsheet_id = parse_spreadsheet_id(spreadsheet)
    with requests.Session() as session:
        if adapter is not None:
            session.mount("https://", adapter)
        response = _get_export(session, spreadsheet_id, timeout, max_retries, backoff, sleep)
    if response.status_code == 404:
        raise errors.SheetNotFound(_not_found_message(spreadsheet_id), spreadsheet_id=spreadsheet_id)
    if response.status_code in (401, 403) or (response.ok and not response.content.startswith(b"PK")):
        raise errors.AccessDenied(_link_denied_message())
    if not response.ok:
        raise _unavailable(f"Google ตอบกลับ HTTP {response.status_code}")
    return response.content


def _open_client(credentials_info: Mapping, **options: Any) -> RetryingHTTPClient:
    try:
        credentials = service_account.Credentials.from_service_account_info(
            dict(credentials_info), scopes=list(SCOPES))
    except (ValueError, KeyError, TypeError, google.auth.exceptions.GoogleAuthError) as exc:
        raise errors.AccessDenied(
            "ข้อมูลบัญชีบริการ (service account JSON) ไม่ครบหรือผิดรูปแบบ: คัดลอกไฟล์คีย์ JSON "
            "จาก Google Cloud Console มาใส่ในการตั้งค่าใหม่ทั้งไฟล์",
            service_account_email=service_account_email(credentials_info) or None) from exc
    return RetryingHTTPClient(credentials, **options)


def _read_tabs(client: HTTPClient, spreadsheet_id: str) -> tuple[Mapping, list[RawTab]]:
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
        raise _unavailable(f"Google ส่งข้อมูลมา {len(value_ranges)} แท็บ จากที่ขอ {len(grid)} แท็บ")
    return metadata, [RawTab(title=props.get("title", ""), rows=value_range.get("values", []),
                             sheet_id=props.get("sheetId"))
                      for props, value_range in zip(grid, value_ranges)]


def _batch_get_by_sheet_ids(client: HTTPClient, spreadsheet_id: str, sheet_ids: list) -> list[dict]:
    """One POST values:batchGetByDataFilter: the same read when tab titles would make the URL too long."""
    url = SPREADSHEETS_URL.format(spreadsheet_id) + "/values:batchGetByDataFilter"
    body = dict(VALUE_PARAMS, dataFilters=[{"gridRange": {"sheetId": sheet_id}} for sheet_id in sheet_ids])
    reply = client.request("post", url, json=body).json()
    return [entry.get("valueRange", {}) for entry in reply.get("valueRanges", [])]


def _get_export(session: requests.Session, spreadsheet_id: str, timeout: float,
                max_retries: int, backoff: float, sleep: Sleep) -> requests.Response:
    """GET the export with bounded retries on 429/5xx; network failures become SheetUnavailable."""
    for attempt in range(max_retries + 1):
        try:
            response = session.get(EXPORT_URL.format(spreadsheet_id), params={"format": "xlsx"},
                                   timeout=timeout)
        except requests.Timeout as exc:
            raise _unavailable(f"Google ไม่ตอบภายใน {timeout:g} วินาที") from exc
        except requests.RequestException as exc:
            raise _unavailable(f"เชื่อมต่อ Google ไม่ได้: {type(exc).__name__}") from exc
        if not _is_retryable(response.status_code) or attempt == max_retries:
            return response
        sleep(backoff * 2 ** attempt)
    raise AssertionError("unreachable")


def _is_retryable(status: int) -> bool:
    return status == 429 or status >= 500


def _api_error(exc: APIError, spreadsheet_id: str, email: str) -> errors.SheetError:
    """Map an API error by its HTTP status (gspread sets code -1 when the body is not JSON)."""
    status = exc.response.status_code
    if status == 404:
        return errors.SheetNotFound(_not_found_message(spreadsheet_id), spreadsheet_id=spreadsheet_id)
    if status in (401, 403):
        return errors.AccessDenied(_share_message(email), service_account_email=email or None)
    if status == 429:
        return _unavailable("เกินโควตาการอ่านของ Google Sheets (HTTP 429)")
    if status >= 500:
        return _unavailable(f"ระบบของ Google ขัดข้อง (HTTP {status})")
    detail = str(exc.error.get("message", ""))[:200] if isinstance(exc.error, Mapping) else ""
    return _unavailable(f"Google ตอบกลับ HTTP {status}: {detail}".rstrip(": "))


def _refresh_error(exc: google.auth.exceptions.RefreshError, email: str) -> errors.SheetError:
    """A token endpoint that failed for now is unavailable; a rejected key is access denied."""
    if getattr(exc, "retryable", False):
        return _unavailable("ระบบยืนยันตัวตนของ Google ขัดข้อง")
    detail = str(exc.args[0])[:200] if exc.args else ""
    return errors.AccessDenied(
        f"Google ไม่ยอมรับคีย์ของบัญชีบริการ {email} ({detail}): สร้างคีย์ JSON ใหม่ใน "
        "Google Cloud Console แล้วใส่ในการตั้งค่า", service_account_email=email or None)


def _unavailable(reason: str) -> errors.SheetUnavailable:
    return errors.SheetUnavailable(
        f"ดึงข้อมูลจาก Google Sheets ไม่ได้ในขณะนี้ ({reason}): รอสักครู่แล้วกดรีเฟรชอีกครั้ง",
        reason=reason)


def _not_found_message(spreadsheet_id: str) -> str:
    return f"ไม่พบ Google Sheet รหัส {spreadsheet_id}: ตรวจสอบว่าคัดลอกลิงก์มาครบและชีตยังไม่ถูกลบ"


def _share_message(email: str) -> str:
    return (f"บัญชีบริการ {email} ไม่มีสิทธิ์เปิด Google Sheet นี้: กด \"แชร์\" ในชีต "
            f"แล้วเพิ่ม {email} เป็น \"ผู้มีสิทธิ์อ่าน\"")


def _link_denied_message() -> str:
    return ("Google Sheet นี้ไม่ได้แชร์แบบ \"ทุกคนที่มีลิงก์\": กด \"แชร์\" ในชีตแล้วตั้งค่าเป็น "
            "\"ทุกคนที่มีลิงก์\" (ผู้มีสิทธิ์อ่าน) หรือตั้งค่าบัญชีบริการ (service account)")

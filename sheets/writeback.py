"""Save one department row to its Google Sheet: re-read the row (one request), then write (one request).

The write scope (`spreadsheets`) is asked for here only, by a client of its own; reading
the workbook keeps the read-only scope. 429 and 5xx are retried while one deadline for the
whole save allows. The write is one values:batchUpdate, so a row is written whole or not at
all. Google's errors become `sheets.errors` here (403 on the write: the service account
needs Editor). Every save goes to the audit log. No streamlit.
"""
from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import google.auth.exceptions
import requests
from google.oauth2 import service_account
from gspread.exceptions import APIError
from gspread.http_client import HTTPClient

from sheets import audit, errors, google, rowupdate, tabs
from sheets.rowupdate import Changes, RowPlan, RowRef, RowValues, UpdateRefused

WRITE_SCOPES = ("https://www.googleapis.com/auth/spreadsheets",)
DEFAULT_DEADLINE = 30.0  # seconds for the whole save, retries included
SCOPE_MESSAGE = "insufficient authentication scopes"


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


class DeadlinePassed(requests.Timeout):
    """The save's deadline passed before a request could be sent (so it was not sent)."""


class DeadlineClient(google.RetryingHTTPClient):
    """RetryingHTTPClient whose retries (and each request's timeout) fit inside one deadline."""

    deadline_at: float | None = None

    def start_deadline(self, seconds: float) -> None:
        self.deadline_at = time.monotonic() + seconds

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        """Send one API request; retry 429/5xx while the deadline allows, else raise APIError/Timeout."""
        base_timeout = self.timeout
        try:
            for attempt in range(self.max_retries + 1):
                self.timeout = self._time_left(base_timeout)
                try:
                    return HTTPClient.request(self, *args, **kwargs)
                except APIError as exc:
                    wait = self.backoff * 2 ** attempt
                    if not _retryable(exc) or attempt == self.max_retries or not self._fits(wait):
                        raise
                self.sleep(wait)
        finally:
            self.timeout = base_timeout
        raise AssertionError("unreachable")

    def _time_left(self, base_timeout: float | None) -> float | None:
        if self.deadline_at is None:
            return base_timeout
        left = self.deadline_at - time.monotonic()
        if left <= 0:
            raise DeadlinePassed("deadline passed")
        return min(base_timeout, left) if base_timeout else left

    def _fits(self, wait: float) -> bool:
        return self.deadline_at is None or time.monotonic() + wait < self.deadline_at


def open_write_client(credentials_info: Mapping, *, timeout: float = 20, max_retries: int = 4,
                      backoff: float = 1.0, adapter: requests.adapters.BaseAdapter | None = None,
                      sleep=time.sleep) -> DeadlineClient:
    """Return a Sheets client asking for the write scope; raises AccessDenied for an unusable key."""
    try:
        credentials = service_account.Credentials.from_service_account_info(dict(credentials_info),
                                                                            scopes=list(WRITE_SCOPES))
    except (ValueError, KeyError, TypeError, google.auth.exceptions.GoogleAuthError) as exc:
        raise errors.AccessDenied(
            "ข้อมูลบัญชีบริการ (service account JSON) ไม่ครบหรือผิดรูปแบบ: คัดลอกไฟล์คีย์ JSON "
            "จาก Google Cloud Console มาใส่ในการตั้งค่าใหม่ทั้งไฟล์",
            service_account_email=google.service_account_email(credentials_info) or None) from exc
    client = DeadlineClient(credentials, timeout=timeout, max_retries=max_retries, backoff=backoff, sleep=sleep)
    if adapter is not None:
        client.session.mount("https://", adapter)
    return client


def save_row(spreadsheet: str, credentials_info: Mapping, ref: RowRef, changes: Changes, *, today: dt.date,
             seen: RowValues | None = None, who: str = "", client: HTTPClient | None = None,
             deadline: float = DEFAULT_DEADLINE, **options: Any) -> SaveResult:
    """Re-read the row, check it, write its changed cells in one request; return what was saved.

    `options` (timeout, max_retries, backoff, adapter, sleep) open a write client when no
    `client` is given. Raises UpdateRefused (nothing written), AccessDenied, SheetNotFound or
    SheetUnavailable.
    """
    spreadsheet_id = google.parse_spreadsheet_id(spreadsheet)
    email = google.service_account_email(credentials_info)
    own = client is None
    client = client or open_write_client(credentials_info, **options)
    if isinstance(client, DeadlineClient):
        client.start_deadline(deadline)
    try:
        with _translated(spreadsheet_id, email, ref, step="read"):
            top_rows, row_cells = read_row(client, spreadsheet_id, ref)
        plan = rowupdate.plan_update(ref, top_rows, row_cells, changes, today, seen)
        if plan.cells:
            with _translated(spreadsheet_id, email, ref, step="write"):
                client.values_batch_update(spreadsheet_id, body=plan.build_body())
    finally:
        if own:
            client.session.close()
    if plan.cells:
        audit.log_event("save", who=who, spreadsheet=spreadsheet_id, tab=ref.tab, row=ref.row,
                        fields=plan.fields, changes=plan.changes())
    return SaveResult(plan, spreadsheet_id)


def read_row(client: HTTPClient, spreadsheet_id: str, ref: RowRef) -> tuple[list[list[Any]], list[Any]]:
    """Return (the tab's top rows, where its header is; the row ref.row) in one values:batchGet."""
    quoted = google.quote_tab_range(ref.tab)
    ranges = [f"{quoted}!1:{tabs.HEADER_SEARCH_ROWS}", f"{quoted}!{ref.row}:{ref.row}"]
    reply = client.values_batch_get(spreadsheet_id, ranges, params=dict(google.VALUE_PARAMS))
    value_ranges = reply.get("valueRanges", [])
    if len(value_ranges) != 2:
        raise errors.SheetUnavailable(_unavailable_message("Google ส่งข้อมูลแถวมาไม่ครบ", "read"), reason="reply")
    row = value_ranges[1].get("values") or [[]]
    return value_ranges[0].get("values", []), row[0]


class _translated:
    """Context manager: gspread/google-auth/requests errors of one step → our typed errors."""

    def __init__(self, spreadsheet_id: str, email: str, ref: RowRef, *, step: str) -> None:
        self.spreadsheet_id, self.email, self.ref, self.step = spreadsheet_id, email, ref, step

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, exc, traceback) -> bool:
        if exc is None or isinstance(exc, errors.SheetError):
            return False
        error = self._translate(exc)
        if error is None:
            return False
        raise error from exc

    def _translate(self, exc: BaseException) -> errors.SheetError | None:
        if isinstance(exc, APIError):
            return self._api_error(exc)
        if isinstance(exc, google.auth.exceptions.RefreshError):
            return errors.AccessDenied(
                f"Google ไม่ยอมรับคีย์ของบัญชีบริการ {self.email}: ยังไม่ได้บันทึก สร้างคีย์ JSON ใหม่ใน "
                "Google Cloud Console แล้วใส่ในการตั้งค่า", service_account_email=self.email or None)
        if isinstance(exc, requests.Timeout):
            step = "read" if isinstance(exc, DeadlinePassed) else self.step
            return errors.SheetUnavailable(_unavailable_message("Google ไม่ตอบภายในเวลาที่กำหนด", step),
                                           reason="timeout")
        if isinstance(exc, (requests.RequestException, google.auth.exceptions.TransportError)):
            return errors.SheetUnavailable(
                _unavailable_message(f"เชื่อมต่อ Google ไม่ได้: {type(exc).__name__}", self.step), reason="network")
        return None

    def _api_error(self, exc: APIError) -> errors.SheetError:
        status = exc.response.status_code
        detail = str(exc.error.get("message", "")) if isinstance(exc.error, Mapping) else ""
        if status == 403 and SCOPE_MESSAGE in detail.lower():
            return errors.AccessDenied(
                "ยังไม่ได้บันทึก: สิทธิ์ที่แอปขอจาก Google เป็นแบบอ่านอย่างเดียว (scope spreadsheets.readonly) "
                "จึงเขียนลงชีตไม่ได้: แจ้งผู้ดูแลระบบ", service_account_email=self.email or None)
        if status in (401, 403):
            return errors.AccessDenied(_editor_message(self.email), service_account_email=self.email or None)
        if status == 404:
            return errors.SheetNotFound(f"ไม่พบ Google Sheet รหัส {self.spreadsheet_id}: ยังไม่ได้บันทึก "
                                        "ตรวจว่าชีตยังไม่ถูกลบ", spreadsheet_id=self.spreadsheet_id)
        if status == 400 and self.step == "read":
            return UpdateRefused(f"ยังไม่ได้บันทึก: ไม่พบแท็บ “{self.ref.tab}” ในชีตแล้ว (อาจถูกเปลี่ยนชื่อหรือลบ): "
                                 "โหลดข้อมูลใหม่แล้วลองอีกครั้ง")
        if status == 429:
            return errors.SheetUnavailable(_unavailable_message("เกินโควตาของ Google Sheets (HTTP 429)", "read"),
                                           reason="HTTP 429")
        if status >= 500:
            return errors.SheetUnavailable(_unavailable_message(f"ระบบของ Google ขัดข้อง (HTTP {status})", "read"),
                                           reason=f"HTTP {status}")
        return errors.SheetUnavailable(_unavailable_message(f"Google ตอบกลับ HTTP {status}: {detail[:200]}", "read"),
                                       reason=f"HTTP {status}")


def _retryable(exc: APIError) -> bool:
    status = exc.response.status_code
    return status == 429 or status >= 500


def _unavailable_message(reason: str, step: str) -> str:
    """Thai message for a save Google did not take; a timeout while writing may have gone through."""
    if step == "write":
        return (f"บันทึกลง Google Sheets ไม่สำเร็จ ({reason}) และไม่แน่ใจว่า Google รับค่าไว้แล้วหรือไม่: "
                "โหลดข้อมูลใหม่เพื่อตรวจแถวนี้ แล้วบันทึกอีกครั้งถ้ายังไม่เปลี่ยน")
    return f"บันทึกลง Google Sheets ไม่ได้ในขณะนี้ ({reason}): ยังไม่ได้บันทึก รอสักครู่แล้วกดบันทึกอีกครั้ง"


def _editor_message(email: str) -> str:
    return (f"ยังไม่ได้บันทึก: บัญชีบริการ {email} ไม่มีสิทธิ์แก้ไข Google Sheet นี้: กด \"แชร์\" ในชีต "
            f"แล้วตั้ง {email} เป็น \"ผู้แก้ไข\" (Editor)")

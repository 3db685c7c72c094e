"""Google's front door: credentials and scopes, one bounded retrying HTTP client, and the one
place where Google's errors (gspread, google-auth, requests) become ours.

- `open_client(credentials, options, write=False)`: a gspread HTTP client for a service
  account; the read-only scope unless `write` (the write scope is asked only when writing;
  a row save asks `spreadsheets` alone, `scopes=SAVE_SCOPES`).
- `RetryingHTTPClient`: a timeout per request, `max_retries` on 429/5xx waiting
  backoff·2ⁿ or Google's `Retry-After` when longer, and one deadline for a whole read.
- `open_session(options)` / `get(...)`: the same policy for plain downloads (the export).
- `translated(action=...)`: a context manager turning third-party errors into sheets.errors.
No streamlit here.
"""
from __future__ import annotations

import contextlib
import contextvars
import email.utils
import logging
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import google.auth.exceptions as auth_exceptions
import requests
from google.oauth2 import service_account
from gspread.exceptions import APIError
from gspread.http_client import HTTPClient

from sheets import endpoint, errors
from sheets.config import GoogleOptions
from sheets.google import messages

READ_SCOPES = ("https://www.googleapis.com/auth/spreadsheets.readonly",)
WRITE_SCOPES = ("https://www.googleapis.com/auth/spreadsheets", "https://www.googleapis.com/auth/drive")
SAVE_SCOPES = ("https://www.googleapis.com/auth/spreadsheets",)  # a row save: no Drive
SCOPE_MESSAGE = "insufficient authentication scopes"  # Google's 403 to a read-only token that writes
SAVE_STEPS = ("row", "save")  # translated()'s actions of a row save
MAX_WAIT = 120.0  # without a deadline, a Retry-After longer than this ends the retries

Sleep = Callable[[float], Any]
log = logging.getLogger(__name__)
_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar("google_deadline", default=None)


class DeadlinePassed(requests.Timeout):
    """The deadline passed before a request could be sent (so it was not sent)."""


@contextlib.contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Bound every request and wait inside the block to `seconds` in total (None: no bound)."""
    token = _DEADLINE.set(time.monotonic() + seconds if seconds else None)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def time_left(timeout: float) -> float:
    """Return the timeout for the next request: `timeout`, or less when the deadline is near."""
    end = _DEADLINE.get()
    if end is None:
        return timeout
    left = end - time.monotonic()
    if left <= 0:
        raise DeadlinePassed("deadline passed")
    return min(timeout, left)


def retry_wait(response: requests.Response, backoff: float, attempt: int) -> float | None:
    """Return seconds to wait before the next attempt, or None when no wait fits the deadline."""
    wait = max(backoff * 2 ** attempt, _retry_after(response.headers.get("Retry-After")))
    end = _DEADLINE.get()
    limit = MAX_WAIT if end is None else end - time.monotonic()
    return wait if wait < limit else None


def is_retryable(status: int) -> bool:
    return status == 429 or status >= 500


class RetryingHTTPClient(HTTPClient):
    """gspread's HTTP client with a timeout, bounded retries, Retry-After and the read deadline.

    gspread's own BackOffHTTPClient (6.2.1) retries without end and reads the status from
    the error body; this one retries `max_retries` times.
    """

    def __init__(self, auth: Any, session: requests.Session | None = None, *,
                 options: GoogleOptions = GoogleOptions(), sleep: Sleep = time.sleep) -> None:
        super().__init__(auth, session)
        self.timeout = options.timeout
        self.max_retries = options.max_retries
        self.backoff = options.backoff
        self.sleep = sleep

    def request(self, method: str, endpoint: str, params: Any = None, data: Any = None, json: Any = None,
                files: Any = None, headers: Any = None) -> requests.Response:
        """Send one API request; raise gspread's APIError once retries (or the deadline) are spent."""
        for attempt in range(self.max_retries + 1):
            response = self.session.request(method=method, url=endpoint, json=json, params=params, data=data,
                                            files=files, headers=headers, timeout=time_left(self.timeout))
            if response.ok:
                return response
            wait = retry_wait(response, self.backoff, attempt) if is_retryable(response.status_code) else None
            if wait is None or attempt == self.max_retries:
                raise APIError(response)
            log.info("Google answered %s; retry %d of %d in %.1f s", response.status_code, attempt + 1,
                     self.max_retries, wait)
            self.sleep(wait)
        raise AssertionError("unreachable")


def open_client(credentials_info: Mapping, options: GoogleOptions = GoogleOptions(), *, write: bool = False,
                scopes: tuple[str, ...] | None = None, adapter: requests.adapters.BaseAdapter | None = None,
                sleep: Sleep = time.sleep) -> RetryingHTTPClient:
    """Return a Sheets client for a service account (its token is kept between requests).

    Scopes: `scopes` when given, else the write scopes when `write`, else read-only.

    Raises AccessDenied when the mapping is not a usable service-account key.
    """
    try:
        credentials = service_account.Credentials.from_service_account_info(
            dict(credentials_info), scopes=list(scopes or (WRITE_SCOPES if write else READ_SCOPES)))
    except (ValueError, KeyError, TypeError, auth_exceptions.GoogleAuthError) as exc:
        raise errors.AccessDenied(
            "ข้อมูลบัญชีบริการ (service account JSON) ไม่ครบหรือผิดรูปแบบ: คัดลอกไฟล์คีย์ JSON จาก Google Cloud "
            "Console มาใส่ในการตั้งค่าใหม่ทั้งไฟล์ (หรือตั้ง GOOGLE_APPLICATION_CREDENTIALS ให้ชี้ไปที่ไฟล์นั้น)",
            service_account_email=str(credentials_info.get("client_email") or "") or None) from exc
    client = RetryingHTTPClient(credentials, options=options, sleep=sleep)
    _mount(client.session, options, adapter)
    return client


def open_session(options: GoogleOptions = GoogleOptions(),
                 adapter: requests.adapters.BaseAdapter | None = None) -> requests.Session:
    """Return a plain session (no credentials) for downloads such as the link-shared export."""
    session = requests.Session()
    _mount(session, options, adapter)
    return session


def get(session: requests.Session, url: str, options: GoogleOptions, *, params: Mapping | None = None,
        sleep: Sleep = time.sleep) -> requests.Response:
    """GET a URL as a stream with the client's retry policy; the caller reads (and closes) the body."""
    for attempt in range(options.max_retries + 1):
        response = session.get(url, params=params, timeout=time_left(options.timeout), stream=True)
        wait = retry_wait(response, options.backoff, attempt) if is_retryable(response.status_code) else None
        if wait is None or attempt == options.max_retries:
            return response
        response.close()
        sleep(wait)
    raise AssertionError("unreachable")


def _mount(session: requests.Session, options: GoogleOptions, adapter: requests.adapters.BaseAdapter | None) -> None:
    adapter = adapter or endpoint.adapter_for(options.endpoint)
    if adapter is not None:
        session.mount("https://", adapter)


def _retry_after(value: str | None) -> float:
    """Return Retry-After (seconds or an HTTP date) in seconds; 0 when absent or unreadable."""
    if not value:
        return 0.0
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return 0.0
    return max(0.0, when.timestamp() - time.time())


# --- errors: Google's become ours, here and nowhere else ---------------------------------


@contextlib.contextmanager
def translated(action: str = "read", *, spreadsheet_id: str = "", email: str = "", timeout: float = 0.0,
               share_with: str = "", tab: str = "") -> Iterator[None]:
    """Turn gspread/google-auth/requests errors raised in the block into sheets.errors.

    `action` is "read"; a row save's steps "row" (its re-read) and "save" (its one write);
    or a provisioning step: "create", "fill", "share". `tab` names a saved row's tab. Our own
    errors pass.
    """
    try:
        yield
    except errors.SheetError:
        raise
    except APIError as exc:
        raise api_error(exc, action=action, spreadsheet_id=spreadsheet_id, email=email,
                        share_with=share_with, tab=tab) from exc
    except auth_exceptions.RefreshError as exc:
        if getattr(exc, "retryable", False):
            raise messages.unavailable("ระบบยืนยันตัวตนของ Google ขัดข้อง", action) from exc
        detail = str(exc.args[0])[:200] if exc.args else ""
        raise errors.AccessDenied(messages.key_refused(email, detail, saving=action in SAVE_STEPS),
                                  service_account_email=email or None) from exc
    except auth_exceptions.TransportError as exc:
        raise messages.unavailable("ติดต่อระบบยืนยันตัวตนของ Google ไม่ได้", action) from exc
    except requests.Timeout as exc:
        sent = action == "save" and not isinstance(exc, DeadlinePassed)  # a write may have gone through
        raise messages.unavailable(f"Google ไม่ตอบภายใน {timeout:g} วินาที", "save?" if sent else action) from exc
    except requests.RequestException as exc:
        raise messages.unavailable(f"เชื่อมต่อ Google ไม่ได้: {type(exc).__name__}", action) from exc


def api_error(exc: APIError, *, action: str = "read", spreadsheet_id: str = "", email: str = "",
              share_with: str = "", tab: str = "") -> errors.SheetError:
    """Map an API error by its HTTP status (gspread sets code -1 when the body is not JSON)."""
    status = exc.response.status_code
    detail = _detail(exc)
    if action in SAVE_STEPS:
        return _save_error(status, detail, action=action, spreadsheet_id=spreadsheet_id, email=email, tab=tab)
    if action != "read" and status == 403 and "storage" in detail.lower():
        return errors.AccessDenied(messages.no_storage(email), service_account_email=email or None)
    if status in (401, 403):
        text = messages.share_with(email) if action == "read" else messages.write_denied(email)
        return errors.AccessDenied(text, service_account_email=email or None)
    if status == 404:
        if action == "read":
            return errors.SheetNotFound(messages.not_found(spreadsheet_id), spreadsheet_id=spreadsheet_id)
        return errors.SheetNotFound(messages.folder_not_found(email))
    if status == 429:
        return messages.unavailable(f"เกินโควตาการ{'อ่าน' if action == 'read' else 'เขียน'}ของ Google Sheets (HTTP 429)",
                                    action)
    if status >= 500:
        return messages.unavailable(f"ระบบของ Google ขัดข้อง (HTTP {status})", action)
    if action == "share":
        return errors.DataError(f"แชร์ให้ {share_with} ไม่ได้ ({detail}): ตรวจอีเมลอีกครั้ง")
    return messages.unavailable(f"Google ตอบกลับ HTTP {status}: {detail}".rstrip(": "), action)


def _save_error(status: int, detail: str, *, action: str, spreadsheet_id: str, email: str,
                tab: str) -> errors.SheetError:
    """A row save's failure: nothing was written (Google answered with an error)."""
    if status == 403 and SCOPE_MESSAGE in detail.lower():
        return errors.AccessDenied(messages.read_only_token(), needs="scope")
    if status in (401, 403):
        return errors.AccessDenied(messages.needs_editor(email), service_account_email=email or None, needs="editor")
    if status == 404:
        return errors.SheetNotFound(messages.not_found(spreadsheet_id) + " (ยังไม่ได้บันทึก)",
                                    spreadsheet_id=spreadsheet_id)
    if status == 400 and action == "row":
        return errors.UpdateRefused(messages.tab_gone(tab))
    if status == 429:
        return messages.unavailable("เกินโควตาของ Google Sheets (HTTP 429)", action)
    if status >= 500:
        return messages.unavailable(f"ระบบของ Google ขัดข้อง (HTTP {status})", action)
    return messages.unavailable(f"Google ตอบกลับ HTTP {status}: {detail}".rstrip(": "), action)


def export_error(status: int, spreadsheet_id: str) -> errors.SheetError:
    """Map a failed link-shared export (a status, or 200 with a sign-in page) to our error."""
    if status == 404:
        return errors.SheetNotFound(messages.not_found(spreadsheet_id), spreadsheet_id=spreadsheet_id)
    if status in (200, 401, 403):
        return errors.AccessDenied(messages.link_denied())
    return messages.unavailable(f"Google ตอบกลับ HTTP {status}", "read")


def _detail(exc: APIError) -> str:
    """Google's message and reasons, at most 200 characters."""
    error = exc.error if isinstance(exc.error, Mapping) else {}
    reasons = " ".join(str(item.get("reason", "")) for item in error.get("errors", []) if isinstance(item, Mapping))
    return f"{error.get('message', '')} {reasons}".strip()[:200]

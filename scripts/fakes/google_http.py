"""The fake Google's HTTP side: routing, the token endpoint, Sheets reads, the export, failures on demand.

`_handler_for(fake)` gives ThreadingHTTPServer a request handler bound to one FakeGoogle (its state).
"""
from __future__ import annotations

import base64
import json
import re
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any

from scripts.fakes.sheets_values import (
    _metadata,
    _quote_title,
    _read_range,
    _route_of,
    _value_range,
    api_method_of,
)

if TYPE_CHECKING:
    from scripts.fakes.google import FakeGoogle

ROUTES = ("token", "sheets", "export")
MAX_URL_CHARS = 8192  # Google's front end refuses longer request URLs

# Error bodies: 403/404 verbatim from the recordings; 400/401/429/5xx in the same
# shape with Google's documented messages (no recording holds them).
ERRORS = {
    400: ("Unable to parse range: {detail}", "INVALID_ARGUMENT"),
    401: (("Request is missing required authentication credential. Expected OAuth 2 access token, "
           "login cookie or other valid authentication credential. See "
           "https://developers.google.com/identity/sign-in/web/devconsole-project."), "UNAUTHENTICATED"),
    403: ("The caller does not have permission", "PERMISSION_DENIED"),
    404: ("Requested entity was not found.", "NOT_FOUND"),
    429: (("Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per "
           "user' of service 'sheets.googleapis.com' for consumer 'project_number:000000000000'."),
          "RESOURCE_EXHAUSTED"),
    500: ("Internal error encountered.", "INTERNAL"),
    502: ("Bad Gateway", "UNAVAILABLE"),
    503: ("The service is currently unavailable.", "UNAVAILABLE"),
    504: ("The service is currently unavailable.", "DEADLINE_EXCEEDED"),
}
TOKEN_ERROR = {"error": "invalid_grant", "error_description": "Invalid JWT Signature."}
LOGIN_HTML = (b"<!doctype html><html lang=\"th\"><head><title>Google Sheets: "
              b"\xe0\xb8\xa5\xe0\xb8\x87\xe0\xb8\x8a\xe0\xb8\xb7\xe0\xb9\x88\xe0\xb8\xad\xe0\xb9\x80"
              b"\xe0\xb8\x82\xe0\xb9\x89\xe0\xb8\xb2\xe0\xb9\x83\xe0\xb8\x8a\xe0\xb9\x89</title></head>"
              b"<body><form action=\"https://accounts.google.com/signin\">Sign in</form></body></html>")


@dataclass(frozen=True)
class LoggedRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    route: str
    authorization: str | None = None
    at: float = field(default_factory=time.monotonic)

    @property
    def api_method(self) -> str:
        """The Sheets API method this request called (e.g. "values.batchGet"), see `api_method_of`."""
        return api_method_of(self.method, self.path)


@dataclass
class _Failure:
    status: int
    body: bytes | None = None
    content_type: str | None = None
    match: str | None = None  # only requests whose path contains this
    headers: dict[str, str] = field(default_factory=dict)  # e.g. {"Retry-After": "3"}


def _error_body(status: int, detail: str = "") -> bytes:
    message, status_name = ERRORS.get(status, ("Error", "UNKNOWN"))
    error = {"error": {"code": status, "message": message.format(detail=detail), "status": status_name}}
    return (json.dumps(error, indent=2, ensure_ascii=False) + "\n").encode()


def _handler_for(fake: FakeGoogle) -> type[BaseHTTPRequestHandler]:
    class Handler(_Handler):
        pass

    Handler.fake = fake
    return Handler


class _Handler(BaseHTTPRequestHandler):
    """Routes: POST /token, GET /v4/spreadsheets/{id}[/values:batchGet], GET …/export, /ServiceLogin."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # no 40 ms delayed-ACK stall between headers and body
    fake: FakeGoogle

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def log_message(self, *args: Any) -> None:
        pass

    def _dispatch(self, method: str) -> None:
        parts = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(parts.query, keep_blank_values=True)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        route = _route_of(method, parts.path)
        self.fake._record(LoggedRequest(method, parts.path, query, route, self.headers.get("Authorization")))
        try:
            if route in ("sheets", "export") and self.fake.delay and self.fake._stopping.wait(self.fake.delay):
                return  # stopping: drop the slow reply
            failure = self.fake._take_failure(route, parts.path) if route in ROUTES else None
            if failure is not None:
                self._send_failure(route, failure)
            elif route == "token":
                self._token(body)
            elif route == "sheets" and len(self.path) > MAX_URL_CHARS:
                self._send(414, b"<html><body>414. The requested URL is too large to process.</body></html>",
                           "text/html; charset=utf-8")
            elif route == "sheets":
                self._sheets(parts.path, query, body)
            elif route == "export":
                self._export(parts.path, query)
            elif route == "login":
                self._send(200, LOGIN_HTML, "text/html; charset=utf-8")
            else:
                self._send(404, b"<html><body>Not Found (fake_google: no such route)</body></html>",
                           "text/html; charset=utf-8")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test): nothing to answer

    # routes ---------------------------------------------------------------------
    def _token(self, body: bytes) -> None:
        form = urllib.parse.parse_qs(body.decode())
        claims = _jwt_claims(form.get("assertion", [""])[0])
        if form.get("grant_type") != ["urn:ietf:params:oauth:grant-type:jwt-bearer"] or claims is None:
            self._send_json(400, TOKEN_ERROR)
            return
        with self.fake._lock:
            self.fake.token_claims.append(claims)
        scopes = frozenset(str(claims.get("scope", "")).split())
        self._send_json(200, {"access_token": self.fake._issue_token(scopes), "expires_in": 3599,
                              "token_type": "Bearer"})

    def _sheets(self, path: str, query: dict[str, list[str]], body: bytes = b"") -> None:
        match = re.fullmatch(r"/v4/spreadsheets/([^/:]+)(/values:batchGet(?:ByDataFilter)?|/values/[^/]+)?", path)
        if not self.fake._token_valid(self.headers.get("Authorization")):
            self._send_error(401)
        elif match is None or self.command != "GET" and not (match.group(2) or "").endswith("ByDataFilter"):
            self._send_error(404)
        else:
            book = self.fake._spreadsheet(urllib.parse.unquote(match.group(1)))
            formulas = query.get("valueRenderOption") == ["FORMULA"]
            if book is None:
                self._send_error(404)
            elif book.get("private"):
                self._send_error(403)
            elif match.group(2) == "/values:batchGetByDataFilter":
                self._batch_get_by_filter(match.group(1), book, body)
            elif match.group(2) == "/values:batchGet":
                self._batch_get(match.group(1), book, query.get("ranges", []), formulas)
            elif match.group(2):
                self._values_get(book, urllib.parse.unquote(match.group(2)[len("/values/"):]), formulas)
            else:
                self._send_json(200, _metadata(match.group(1), book))

    def _batch_get(self, spreadsheet_id: str, book: dict[str, Any], ranges: list[str],
                   formulas: bool = False) -> None:
        value_ranges = []
        for text in ranges:
            value_range = _read_range(book, text, formulas)
            if value_range is None:
                self._send_error(400, text)
                return
            value_ranges.append(value_range)
        self._send_json(200, {"spreadsheetId": spreadsheet_id, "valueRanges": value_ranges})

    def _values_get(self, book: dict[str, Any], text: str, formulas: bool) -> None:
        """GET values/{range} (spreadsheets.values.get): one ValueRange."""
        value_range = _read_range(book, text, formulas)
        if value_range is None:
            self._send_error(400, text)
        else:
            self._send_json(200, value_range)

    def _batch_get_by_filter(self, spreadsheet_id: str, book: dict[str, Any], body: bytes) -> None:
        """POST values:batchGetByDataFilter with gridRange filters: a whole tab by sheetId, or its rows
        startRowIndex..endRowIndex (0-based, end excluded); each reply names the tab by its title."""
        tabs = {tab[1]: tab for tab in book["tabs"]}
        request = json.loads(body or b"{}")
        formulas = request.get("valueRenderOption") == "FORMULA"
        value_ranges = []
        for data_filter in request.get("dataFilters", []):
            grid = data_filter.get("gridRange", {})
            sheet_id = grid.get("sheetId")
            if sheet_id not in tabs:
                self._send_error(400, f"sheetId {sheet_id}")
                return
            tab = tabs[sheet_id]
            if "startRowIndex" in grid or "endRowIndex" in grid:
                rows = f"{grid.get('startRowIndex', 0) + 1}:{grid.get('endRowIndex', max(1000, len(tab[2])))}"
                value_range = _read_range(book, f"{_quote_title(tab[0])}!{rows}", formulas)
            else:
                value_range = _value_range(tab, formulas)
            value_ranges.append({"valueRange": value_range, "dataFilters": [data_filter]})
        self._send_json(200, {"spreadsheetId": spreadsheet_id, "valueRanges": value_ranges})

    def _export(self, path: str, query: dict[str, list[str]]) -> None:
        spreadsheet_id = path.split("/")[3]
        with self.fake._lock:
            data = self.fake.xlsx_exports.get(spreadsheet_id)
            known = spreadsheet_id in self.fake.spreadsheets
            big = self.fake.big_exports.get(spreadsheet_id)
        if big is not None:
            self._stream_zeros(*big)
        elif data is not None and query.get("format") == ["xlsx"]:
            self._send(200, data, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        elif known:  # private: Google redirects to its sign-in page
            target = "https://accounts.google.com/ServiceLogin?continue=" + urllib.parse.quote(
                "https://docs.google.com" + self.path, safe="")
            self._send(302, b"", "text/html; charset=utf-8", {"Location": target})
        else:
            self._send(404, b"<html><body>Sorry, unable to open the file at this time.</body></html>",
                       "text/html; charset=utf-8")

    # replies --------------------------------------------------------------------
    def _stream_zeros(self, size: int, declare_length: bool) -> None:
        """A `size`-byte body starting like a zip, written in 64 KB pieces until the client hangs up."""
        self.send_response(200)
        self.send_header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        self.send_header("Content-Length" if declare_length else "Connection", str(size) if declare_length else "close")
        self.end_headers()
        self.close_connection = True
        piece = b"PK\x03\x04" + b"\x00" * (64 * 1024 - 4)
        sent = 0
        while sent < size:
            chunk = piece[:min(len(piece), size - sent)]
            self.wfile.write(chunk)
            sent += len(chunk)
            with self.fake._lock:
                self.fake.export_bytes_sent += len(chunk)

    def _send_failure(self, route: str, failure: _Failure) -> None:
        if failure.body is not None:
            self._send(failure.status, failure.body, failure.content_type or "text/html; charset=utf-8",
                       failure.headers)
        elif route == "token":
            self._send_json(failure.status, TOKEN_ERROR)
        elif route == "export":
            self._send(failure.status, f"<html><body>Error {failure.status}</body></html>".encode(),
                       "text/html; charset=utf-8", failure.headers)
        else:
            self._send_error(failure.status, headers=failure.headers)

    def _send_error(self, status: int, detail: str = "", headers: dict | None = None) -> None:
        self._send(status, _error_body(status, detail), "application/json; charset=UTF-8", headers)

    def _send_json(self, status: int, payload: Any) -> None:
        body = (json.dumps(payload, indent=2, ensure_ascii=False) + "\n").encode()
        self._send(status, body, "application/json; charset=UTF-8")

    def _send(self, status: int, body: bytes, content_type: str, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


def _jwt_claims(assertion: str) -> dict[str, Any] | None:
    """Decode (without verifying) the JWT google-auth signs for the token request."""
    try:
        payload = assertion.split(".")[1]
        return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        return None

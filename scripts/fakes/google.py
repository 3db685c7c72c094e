"""A local fake of Google's OAuth token endpoint, Sheets API v4 reads and the xlsx export.

A real HTTP server on 127.0.0.1 (free port, daemon thread) so the real gspread and
google-auth run unchanged; `RedirectAdapter` sends https://sheets.googleapis.com and
https://docs.google.com traffic to it. Bodies keep the shape of real recorded
responses (gspread's test-suite cassettes: metadata, values:batchGet, 403, 404). Usable from pytest and from benchmark scripts:

    with FakeGoogle() as fake:
        sid = fake.add_spreadsheet("ITA", [("ตั้งค่า", 0, [["key", "value"]])])
        info = make_service_account_info(fake.token_uri)
        sheets.google.read_workbook(sid, info, adapter=fake.adapter())
"""
from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import json
import re
import secrets
import threading
import time
import urllib.parse
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

ROUTES = ("token", "sheets", "export")
MAX_URL_CHARS = 8192  # Google's front end refuses longer request URLs
REWRITTEN_HOSTS = ("sheets.googleapis.com", "docs.google.com", "accounts.google.com")
SERVICE_ACCOUNT_EMAIL = "ita-reader@ita-test.iam.gserviceaccount.com"
SERIAL_EPOCH = dt.datetime(1899, 12, 30)

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
DEFAULT_FORMAT = {  # properties.defaultFormat as recorded
    "backgroundColor": {"red": 1, "green": 1, "blue": 1},
    "padding": {"top": 2, "right": 3, "bottom": 2, "left": 3},
    "verticalAlignment": "BOTTOM", "wrapStrategy": "OVERFLOW_CELL",
    "textFormat": {"foregroundColor": {}, "fontFamily": "arial,sans,sans-serif", "fontSize": 10,
                   "bold": False, "italic": False, "strikethrough": False, "underline": False,
                   "foregroundColorStyle": {"rgbColor": {}}},
    "backgroundColorStyle": {"rgbColor": {"red": 1, "green": 1, "blue": 1}},
}


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


@dataclass(frozen=True)
class Formula:
    """A formula cell: the text typed (USER_ENTERED "=…") and the value Google shows for it.

    Reads with UNFORMATTED_VALUE serve `value`; reads with valueRenderOption=FORMULA serve `text`.
    """

    text: str
    value: Any


@dataclass
class _Failure:
    status: int
    body: bytes | None = None
    content_type: str | None = None
    match: str | None = None  # only requests whose path contains this
    headers: dict[str, str] = field(default_factory=dict)  # e.g. {"Retry-After": "3"}


class FakeGoogle:
    """State and server: spreadsheets, link-shared exports, a request log, failures on demand.

    `spreadsheets` maps id → {"title", "tabs": [(title, sheet_id, rows[, extra props])],
    optional "private": True (403 to the service account)}. `xlsx_exports` maps id → bytes
    of sheets shared with anyone with the link; a known id without bytes answers with the
    login redirect, an unknown id with 404. `delay` slows every sheets/export reply.
    `big_exports` maps id → a size in bytes: that export is streamed as a zip-looking body
    of that size (`export_bytes_sent` counts what was written before the client stopped).
    """

    def __init__(self) -> None:
        self.spreadsheets: dict[str, dict[str, Any]] = {}
        self.xlsx_exports: dict[str, bytes] = {}
        self.big_exports: dict[str, tuple[int, bool]] = {}
        self.export_bytes_sent = 0
        self.log: list[LoggedRequest] = []
        self.tokens: set[str] = set()
        self.token_scopes: dict[str, frozenset[str]] = {}  # access token → scopes its JWT asked for
        self.token_claims: list[dict[str, Any]] = []
        self.delay = 0.0
        self._failures: dict[str, deque[_Failure]] = {route: deque() for route in ROUTES}
        self._modes: dict[str, _Failure | None] = dict.fromkeys(ROUTES)
        self._lock = threading.RLock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None

    # lifecycle -----------------------------------------------------------------
    def start(self) -> Self:
        self._stopping.clear()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02},
                         name="fake-google", daemon=True).start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None, "FakeGoogle is not started"
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def token_uri(self) -> str:
        return f"{self.base_url}/token"

    def adapter(self) -> RedirectAdapter:
        """Return a requests adapter sending Google hosts to this server."""
        return RedirectAdapter(self.port)

    # state ---------------------------------------------------------------------
    def add_spreadsheet(self, title: str, tabs: list[tuple], spreadsheet_id: str | None = None,
                        *, private: bool = False, xlsx: bytes | None = None) -> str:
        """Store a spreadsheet (and optionally its link-shared export); return its id."""
        spreadsheet_id = spreadsheet_id or make_spreadsheet_id(title)
        with self._lock:
            self.spreadsheets[spreadsheet_id] = {"title": title, "tabs": list(tabs), "private": private}
            if xlsx is not None:
                self.xlsx_exports[spreadsheet_id] = xlsx
        return spreadsheet_id

    def add_big_export(self, title: str, size: int, *, declare_length: bool = False) -> str:
        """Store a link-shared sheet whose export is `size` bytes, streamed (Content-Length only if declared)."""
        spreadsheet_id = self.add_spreadsheet(title, [])
        with self._lock:
            self.big_exports[spreadsheet_id] = (size, declare_length)
        return spreadsheet_id

    def fail_next(self, status: int, times: int = 1, *, route: str = "sheets", match: str | None = None,
                  body: bytes | None = None, content_type: str | None = None,
                  headers: dict[str, str] | None = None) -> None:
        """Answer the next `times` requests of a route ("sheets", "export", "token") with `status`.

        `match` limits it to paths containing that text (e.g. "values:batchGet"); `body`
        replaces the recorded-shape JSON error (e.g. an HTML proxy page).
        """
        with self._lock:
            self._failures[route].extend(_Failure(status, body, content_type, match, dict(headers or {}))
                                         for _ in range(times))

    def set_mode(self, status: int | None, *, route: str = "sheets", body: bytes | None = None,
                 content_type: str | None = None, headers: dict[str, str] | None = None) -> None:
        """Answer every request of a route with `status` until set_mode(None)."""
        with self._lock:
            self._modes[route] = None if status is None else _Failure(status, body, content_type,
                                                                       headers=dict(headers or {}))

    def clear_log(self) -> None:
        with self._lock:
            self.log.clear()

    def requests_to(self, route: str) -> list[LoggedRequest]:
        with self._lock:
            return [entry for entry in self.log if entry.route == route]

    def count(self, api_method: str) -> int:
        """Return how many requests called one Sheets API method ("values.batchUpdate", "metadata", …)."""
        with self._lock:
            return sum(1 for entry in self.log if entry.api_method == api_method)

    @property
    def sheets_requests(self) -> int:
        """Requests to /v4/ (Sheets API), failed attempts included."""
        return len(self.requests_to("sheets"))

    @property
    def token_requests(self) -> int:
        return len(self.requests_to("token"))

    @property
    def export_requests(self) -> int:
        return len(self.requests_to("export"))

    # request handling (called from server threads) -------------------------------
    def _take_failure(self, route: str, path: str) -> _Failure | None:
        with self._lock:
            queue = self._failures[route]
            failure = next((f for f in queue if f.match is None or f.match in path), None)
            if failure is not None:
                queue.remove(failure)
                return failure
            return self._modes[route]

    def _record(self, entry: LoggedRequest) -> None:
        with self._lock:
            self.log.append(entry)

    def _spreadsheet(self, spreadsheet_id: str) -> dict[str, Any] | None:
        with self._lock:
            return self.spreadsheets.get(spreadsheet_id)

    def _issue_token(self, scopes: frozenset[str] = frozenset()) -> str:
        token = "ya29.fake-" + secrets.token_urlsafe(24)
        with self._lock:
            self.tokens.add(token)
            self.token_scopes[token] = scopes
        return token

    def _scopes_of(self, authorization: str | None) -> frozenset[str]:
        with self._lock:
            return self.token_scopes.get((authorization or "").removeprefix("Bearer "), frozenset())

    def _token_valid(self, authorization: str | None) -> bool:
        with self._lock:
            return bool(authorization) and authorization.removeprefix("Bearer ") in self.tokens


class RedirectAdapter(requests.adapters.HTTPAdapter):
    """Rewrite https://sheets.googleapis.com/… and https://docs.google.com/… to the fake."""

    def __init__(self, port: int, hosts: tuple[str, ...] = REWRITTEN_HOSTS, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.port = port
        self.hosts = hosts

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        parts = urllib.parse.urlsplit(request.url)
        if parts.hostname in self.hosts:
            request = request.copy()
            request.url = urllib.parse.urlunsplit(
                ("http", f"127.0.0.1:{self.port}", parts.path, parts.query, ""))
            request.headers["X-Original-Host"] = parts.hostname
        return super().send(request, **kwargs)


def make_service_account_info(token_uri: str, client_email: str = SERVICE_ACCOUNT_EMAIL) -> dict:
    """Return a service-account JSON mapping with a locally made RSA key and a local token_uri."""
    pem = _private_key_pem()
    return {
        "type": "service_account", "project_id": "ita-test",
        "private_key_id": hashlib.sha1(pem).hexdigest(), "private_key": pem.decode(),
        "client_email": client_email, "client_id": "100000000000000000001",
        "auth_uri": "https://accounts.google.com/o/oauth2/auth", "token_uri": token_uri,
        "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
        "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/"
                                + urllib.parse.quote(client_email),
        "universe_domain": "googleapis.com",
    }


def make_spreadsheet_id(seed: str) -> str:
    """Return a realistic 44-character spreadsheet id derived from `seed`."""
    digest = base64.urlsafe_b64encode(hashlib.sha256(seed.encode()).digest()).decode()
    return "1" + digest.replace("=", "")[:43]


def to_api_rows(rows: list[list[Any]], *, formulas: bool = False) -> list[list[Any]]:
    """Rows as UNFORMATTED_VALUE/SERIAL_NUMBER returns them: trailing blanks trimmed, dates as serials
    (with `formulas`, as valueRenderOption=FORMULA: a formula cell as the text typed)."""
    out = [[_api_value(cell, formulas) for cell in row] for row in rows]
    for row in out:
        while row and row[-1] == "":
            row.pop()
    while out and not out[-1]:
        out.pop()
    return out


def parse_range(text: str) -> tuple[str, str | None]:
    """Split an A1 range into (tab title, cells or None); quoted titles may hold doubled quotes."""
    if text.startswith("'"):
        match = re.fullmatch(r"'((?:[^']|'')*)'(?:!(.*))?", text, re.DOTALL)
        if not match:
            raise ValueError(text)
        return match.group(1).replace("''", "'"), match.group(2)
    title, bang, cells = text.rpartition("!")
    return (title, cells) if bang else (text, None)


def column_letters(count: int) -> str:
    letters = ""
    while count > 0:
        count, rest = divmod(count - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@functools.lru_cache(maxsize=1)
def _private_key_pem() -> bytes:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _api_value(cell: Any, formulas: bool = False) -> Any:
    if isinstance(cell, Formula):
        return cell.text if formulas else _api_value(cell.value)
    if cell is None:
        return ""
    if isinstance(cell, dt.datetime):
        return (cell - SERIAL_EPOCH) / dt.timedelta(days=1)
    if isinstance(cell, dt.date):
        return (cell - SERIAL_EPOCH.date()).days
    return cell


def _quote_title(title: str) -> str:
    return title if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", title) else "'" + title.replace("'", "''") + "'"


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


def api_method_of(method: str, path: str) -> str:
    """Name the Sheets API method of a request: metadata, values.get, values.batchGet, values.update,
    values.batchUpdate, batchUpdate, create; "token", "export", "drive" or "other" for the rest."""
    route = _route_of(method, path)
    if route != "sheets":
        return "drive" if path.startswith("/drive/") else route
    tail = re.sub(r"^/v4/spreadsheets/?[^/:]*", "", path)
    if not tail:
        return "create" if path == "/v4/spreadsheets" else "metadata"
    if tail.startswith("/values/"):
        return "values.update" if method == "PUT" else "values.get"
    return tail.lstrip("/:").replace(":", ".")


def _route_of(method: str, path: str) -> str:
    if method == "POST" and path == "/token":
        return "token"
    if path.startswith("/v4/"):
        return "sheets"
    if method == "GET" and re.fullmatch(r"/spreadsheets/d/[^/]+/export", path):
        return "export"
    if path == "/ServiceLogin":
        return "login"
    return "other"


def _metadata(spreadsheet_id: str, book: dict[str, Any]) -> dict[str, Any]:
    sheets = []
    for index, tab in enumerate(book["tabs"]):
        title, sheet_id, rows = tab[:3]
        grid = {"rowCount": max(1000, len(rows)), "columnCount": max([26, *map(len, rows)])}
        properties = {"sheetId": sheet_id, "title": title, "index": index, "sheetType": "GRID",
                      "gridProperties": grid}
        properties.update(tab[3] if len(tab) > 3 else {})
        sheets.append({"properties": properties})
    return {
        "spreadsheetId": spreadsheet_id,
        "properties": {"title": book["title"], "locale": book.get("locale", "th_TH"),
                       "autoRecalc": "ON_CHANGE", "timeZone": book.get("timeZone", "Asia/Bangkok"),
                       "defaultFormat": DEFAULT_FORMAT},
        "sheets": sheets,
        "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{spreadsheet_id}/edit",
    }


def _value_range(tab: tuple, formulas: bool = False) -> dict[str, Any]:
    """A whole-tab range: the used extent when it holds data, else the full grid (no "values")."""
    title, _sheet_id, rows = tab[:3]
    values = to_api_rows(rows, formulas=formulas)
    if not values:
        return {"range": f"{_quote_title(title)}!A1:Z1000", "majorDimension": "ROWS"}
    extent = f"A1:{column_letters(max(map(len, values)))}{len(values)}"
    return {"range": f"{_quote_title(title)}!{extent}", "majorDimension": "ROWS", "values": values}


def _read_range(book: dict[str, Any], text: str, formulas: bool = False) -> dict[str, Any] | None:
    """The ValueRange of an A1 range (whole tab, "5:5", "A1:K10", "B3"); None when it names nothing."""
    try:
        title, cells = parse_range(text)
        tab = next(tab for tab in book["tabs"] if tab[0] == title)
    except (ValueError, StopIteration):
        return None
    if cells is None:
        return _value_range(tab, formulas)
    bounds = parse_cells(cells)
    if bounds is None:
        return None
    rows = tab[2]
    width = max([26, *map(len, rows)])
    top, bottom, left, right = bounds
    bottom = max(1000, len(rows)) if bottom is None else bottom
    left, right = (1, width) if left is None else (left, width if right is None else right)
    values = to_api_rows([row[left - 1:right] for row in rows[top - 1:bottom]], formulas=formulas)
    extent = f"{column_letters(left)}{top}:{column_letters(right)}{bottom}"
    reply = {"range": f"{_quote_title(title)}!{extent}", "majorDimension": "ROWS"}
    return {**reply, "values": values} if values else reply


def parse_cells(cells: str) -> tuple[int, int | None, int | None, int | None] | None:
    """Return (first row, last row, first column, last column), 1-based, of "A1", "A1:C9", "5:7" or "A5:C";
    None for what this fake does not read (whole columns)."""
    match = re.fullmatch(r"([A-Z]*)(\d+)(?::([A-Z]*)(\d*))?", cells.upper())
    if match is None:
        return None
    left, top, right, bottom = match.groups()
    if right is None:  # a single cell
        right, bottom = left, top
    if bool(left) != bool(right) or not left and not bottom:
        return None
    return (int(top), int(bottom) if bottom else None,
            column_number(left) if left else None, column_number(right) if right else None)


def column_number(letters: str) -> int:
    """Return the 1-based number of A1 column letters (A → 1, AA → 27)."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _jwt_claims(assertion: str) -> dict[str, Any] | None:
    """Decode (without verifying) the JWT google-auth signs for the token request."""
    try:
        payload = assertion.split(".")[1]
        return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        return None

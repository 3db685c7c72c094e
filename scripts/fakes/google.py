"""A local fake of Google's OAuth token endpoint, Sheets API v4 reads and the xlsx export.

A real HTTP server on 127.0.0.1 (free port, daemon thread) so the real gspread and
google-auth run unchanged; `RedirectAdapter` sends https://sheets.googleapis.com and
https://docs.google.com traffic to it. Bodies keep the shape of real recorded
responses (gspread's test-suite cassettes: metadata, values:batchGet, 403, 404).
This module holds the state (spreadsheets, exports, tokens, the request log, failures on
demand); `google_http` answers the requests and `sheets_values` shapes ranges and values.
Usable from pytest and from benchmark scripts:

    with FakeGoogle() as fake:
        sid = fake.add_spreadsheet("ITA", [("ตั้งค่า", 0, [["key", "value"]])])
        info = make_service_account_info(fake.token_uri)
        sheets.google.read_workbook(sid, info, adapter=fake.adapter())
"""
from __future__ import annotations

import base64
import functools
import hashlib
import secrets
import threading
import urllib.parse
from collections import deque
from http.server import ThreadingHTTPServer
from typing import Any, Self

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from scripts.fakes.google_http import (  # noqa: F401 (re-exported: tests and google_write use them from here)
    ROUTES,
    LoggedRequest,
    _Failure,
    _Handler,
    _handler_for,
)
from scripts.fakes.sheets_values import (  # noqa: F401 (re-exported)
    Formula,
    _metadata,
    _quote_title,
    api_method_of,
    column_letters,
    parse_cells,
    parse_range,
    to_api_rows,
)

REWRITTEN_HOSTS = ("sheets.googleapis.com", "docs.google.com", "accounts.google.com")
SERVICE_ACCOUNT_EMAIL = "ita-reader@ita-test.iam.gserviceaccount.com"


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


@functools.lru_cache(maxsize=1)
def _private_key_pem() -> bytes:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())

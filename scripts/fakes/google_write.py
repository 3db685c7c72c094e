"""The fake Google of scripts/fakes/google.py plus the writes `sheets.google` makes (what a write
does to a stored spreadsheet is in `sheets_writes`).

Adds, over real HTTP like the reads: POST /v4/spreadsheets (create), POST
/v4/spreadsheets/{id}:batchUpdate (setDataValidation, repeatCell, updateCells, addSheet,
updateSheetProperties), POST /v4/spreadsheets/{id}/values:batchUpdate, PUT
/v4/spreadsheets/{id}/values/{range} (values.update), and the Drive API
POST /drive/v3/files (create in a folder) and POST /drive/v3/files/{id}/permissions.
A created spreadsheet is stored like `add_spreadsheet` does, so the read API serves it
back, and so are written values. Values are entered as Google enters them: RAW stores
them as typed (`=HYPERLINK(…)` stays a string); USER_ENTERED turns a leading `=` into a
formula (a `Formula` cell), numbers, percents, TRUE/FALSE and dates into values, and
drops a leading apostrophe. Writes need a token whose JWT asked for a write scope
(`spreadsheets`, `drive`, `drive.file`), else 403 "Request had insufficient authentication
scopes."; a sheet added with `editor=False` is shared with the service account as Viewer
only, so its writes answer 403 "The caller does not have permission". Reply bodies keep the shapes of Google's documented replies (batchUpdate
replies, values update counts, Drive file resource). Every write's JSON body is kept in
`writes` for assertions; failures use the same `fail_next(..., route="sheets"|"drive")`.

    with FakeGoogleWrite() as fake:
        url = create_sheet_from_template("ITA", make_service_account_info(fake.token_uri),
                                         share_with="head@example.go.th", adapter=fake.adapter())
"""
from __future__ import annotations

import json
import re
import secrets
import threading
import urllib.parse
from collections import deque
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from typing import Any, Self

from scripts.fakes import google as fake_google
from scripts.fakes.google import REWRITTEN_HOSTS, FakeGoogle, LoggedRequest, RedirectAdapter
from scripts.fakes.sheets_writes import _apply, _grid_extra, _ranges_ok, _write_range

DRIVE_HOST = "www.googleapis.com"
WRITE_ROUTES = ("drive",)
CREATE_PATH = "/v4/spreadsheets"
BATCH_UPDATE_RE = re.compile(r"/v4/spreadsheets/([^/:]+):batchUpdate")
VALUES_UPDATE_RE = re.compile(r"/v4/spreadsheets/([^/:]+)/values:batchUpdate")
VALUES_PUT_RE = re.compile(r"/v4/spreadsheets/([^/:]+)/values/([^/]+)")
WRITE_SCOPES = frozenset({"https://www.googleapis.com/auth/spreadsheets", "https://www.googleapis.com/auth/drive",
                          "https://www.googleapis.com/auth/drive.file"})
SCOPE_ERROR = {"error": {
    "code": 403, "message": "Request had insufficient authentication scopes.",
    "errors": [{"message": "Insufficient Permission", "domain": "global", "reason": "insufficientPermissions"}],
    "status": "PERMISSION_DENIED",
    "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
                 "domain": "googleapis.com", "metadata": {"service": "sheets.googleapis.com"}}]}}
DRIVE_FILES_PATH = "/drive/v3/files"
PERMISSIONS_RE = re.compile(r"/drive/v3/files/([^/]+)/permissions")
DRIVE_NOT_FOUND = "File not found: {}."


@dataclass(frozen=True)
class Write:
    """One write request as received: method, path, query and its JSON body."""

    method: str
    path: str
    query: dict[str, list[str]]
    body: dict[str, Any]


class FakeGoogleWrite(FakeGoogle):
    """FakeGoogle that also creates spreadsheets, writes values, validations and Drive permissions.

    `permissions` maps spreadsheet id → list of permission bodies; `validations` maps id →
    setDataValidation requests; `folders` is the set of Drive folder ids that exist (a
    create with another parent answers 404).
    """

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[Write] = []
        self.permissions: dict[str, list[dict[str, Any]]] = {}
        self.validations: dict[str, list[dict[str, Any]]] = {}
        self.folders: set[str] = set()
        for route in WRITE_ROUTES:
            self._failures[route] = deque()
            self._modes[route] = None

    def start(self) -> Self:
        self._stopping.clear()
        handler = type("WriteHandler", (_WriteHandler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02},
                         name="fake-google-write", daemon=True).start()
        return self

    def adapter(self) -> RedirectAdapter:
        """Return a requests adapter sending the Google hosts, Drive's included, to this server."""
        return RedirectAdapter(self.port, hosts=(*REWRITTEN_HOSTS, DRIVE_HOST))

    def add_spreadsheet(self, title: str, tabs: list[tuple], spreadsheet_id: str | None = None, *,
                        private: bool = False, xlsx: bytes | None = None, editor: bool = True) -> str:
        """Store a spreadsheet; `editor=False`: the service account may read it but not write."""
        spreadsheet_id = super().add_spreadsheet(title, tabs, spreadsheet_id, private=private, xlsx=xlsx)
        with self._lock:
            self.spreadsheets[spreadsheet_id]["viewer_only"] = not editor
            self.spreadsheets[spreadsheet_id]["tabs"] = [(tab[0], tab[1], [list(row) for row in tab[2]], *tab[3:])
                                                         for tab in tabs]
        return spreadsheet_id

    def cell(self, spreadsheet_id: str, title: str, a1: str) -> Any:
        """Return one stored cell as written (a Formula for a USER_ENTERED formula), "" when blank."""
        bounds = fake_google.parse_cells(a1)
        assert bounds is not None and bounds[2] is not None, a1
        with self._lock:
            rows = next(tab[2] for tab in self.spreadsheets[spreadsheet_id]["tabs"] if tab[0] == title)
            row = rows[bounds[0] - 1] if bounds[0] <= len(rows) else []
            return row[bounds[2] - 1] if bounds[2] <= len(row) else ""

    def writes_to(self, pattern: str) -> list[Write]:
        """Return the writes whose path contains `pattern` (e.g. ":batchUpdate", "/permissions")."""
        with self._lock:
            return [write for write in self.writes if pattern in write.path]

    # state changes (called from server threads under the lock) -----------------------
    def _create(self, body: dict[str, Any], spreadsheet_id: str | None = None) -> str:
        spreadsheet_id = spreadsheet_id or fake_google.make_spreadsheet_id(secrets.token_hex(8))
        sheets = body.get("sheets") or [{"properties": {"title": "ชีต1", "sheetId": 0}}]
        tabs = []
        for index, sheet in enumerate(sheets):
            props = dict(sheet.get("properties", {}))
            sheet_id = props.pop("sheetId", None)
            tabs.append((props.pop("title", f"ชีต{index + 1}"),
                         index if sheet_id is None else sheet_id, [], _grid_extra(props)))
        properties = body.get("properties", {})
        self.spreadsheets[spreadsheet_id] = {
            "title": properties.get("title", "สเปรดชีตไม่มีชื่อ"), "tabs": tabs, "private": False,
            "locale": properties.get("locale", "en_US"), "timeZone": properties.get("timeZone", "Etc/GMT")}
        return spreadsheet_id


class _WriteHandler(fake_google._Handler):
    fake: FakeGoogleWrite

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def _dispatch(self, method: str) -> None:
        path = urllib.parse.urlsplit(self.path).path
        if path.startswith("/drive/"):
            self._drive(method)
        else:
            super()._dispatch(method)

    def _sheets(self, path: str, query: dict[str, list[str]], body: bytes = b"") -> None:
        routes = (("POST", CREATE_PATH, self._create), ("POST", BATCH_UPDATE_RE, self._batch_update),
                  ("POST", VALUES_UPDATE_RE, self._values_update), ("PUT", VALUES_PUT_RE, self._values_put))
        for method, pattern, handle in routes:
            match = pattern.fullmatch(path) if isinstance(pattern, re.Pattern) else (path == pattern or None)
            if self.command == method and match:
                authorization = self.headers.get("Authorization")
                if not self.fake._token_valid(authorization):
                    self._send_error(401)
                elif not self.fake._scopes_of(authorization) & WRITE_SCOPES:
                    self._send_json(403, SCOPE_ERROR)
                elif self._viewer_only(match):
                    self._send_error(403)
                else:
                    payload = self._record_write(path, query, body)
                    if payload is not None:
                        handle(match, payload)
                return
        super()._sheets(path, query, body)

    def _viewer_only(self, match: Any) -> bool:
        if not isinstance(match, re.Match):
            return False
        book = self.fake._spreadsheet(urllib.parse.unquote(match.group(1)))
        return bool(book and (book.get("viewer_only") or book.get("private")))

    def _record_write(self, path: str, query: dict[str, list[str]], body: bytes) -> dict[str, Any] | None:
        try:
            payload = json.loads(body or b"{}")
        except ValueError:
            self._send_error(400, "Invalid JSON payload received.")
            return None
        with self.fake._lock:
            self.fake.writes.append(Write(self.command, path, query, payload))
        return payload

    # Sheets writes ------------------------------------------------------------------
    def _create(self, _match: Any, payload: dict[str, Any]) -> None:
        with self.fake._lock:
            spreadsheet_id = self.fake._create(payload)
            reply = fake_google._metadata(spreadsheet_id, self.fake.spreadsheets[spreadsheet_id])
        self._send_json(200, reply)

    def _batch_update(self, match: re.Match, payload: dict[str, Any]) -> None:
        spreadsheet_id = match.group(1)
        with self.fake._lock:
            book = self.fake._spreadsheet(spreadsheet_id)
            if book is None:
                self._send_error(404)
                return
            replies = []
            for request in payload.get("requests", []):
                reply = _apply(self.fake, spreadsheet_id, book, request)
                if reply is None:
                    self._send_error(400, json.dumps(request, ensure_ascii=False)[:80])
                    return
                replies.append(reply)
        self._send_json(200, {"spreadsheetId": spreadsheet_id, "replies": replies})

    def _values_put(self, match: re.Match, payload: dict[str, Any]) -> None:
        """PUT values/{range}?valueInputOption=…: one ValueRange (spreadsheets.values.update)."""
        spreadsheet_id, text = match.group(1), urllib.parse.unquote(match.group(2))
        option = (urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query).get("valueInputOption") or [""])[0]
        if option not in ("RAW", "USER_ENTERED"):
            self._send_error(400, "valueInputOption")
            return
        with self.fake._lock:
            book = self.fake._spreadsheet(spreadsheet_id)
            if book is None:
                self._send_error(404)
                return
            if not _ranges_ok(book, [{"range": text}]):
                self._send_error(400, text)
                return
            response = _write_range(book, spreadsheet_id, {**payload, "range": text}, option)
        self._send_json(200, response)

    def _values_update(self, match: re.Match, payload: dict[str, Any]) -> None:
        spreadsheet_id = match.group(1)
        option = payload.get("valueInputOption")
        if option not in ("RAW", "USER_ENTERED"):
            self._send_error(400, "valueInputOption")
            return
        with self.fake._lock:
            book = self.fake._spreadsheet(spreadsheet_id)
            if book is None:
                self._send_error(404)
                return
            data = payload.get("data", [])
            if not _ranges_ok(book, data):  # all or nothing, as Google does
                self._send_error(400, "range")
                return
            responses = [_write_range(book, spreadsheet_id, item, option) for item in data]
        self._send_json(200, {
            "spreadsheetId": spreadsheet_id,
            "totalUpdatedRows": sum(r["updatedRows"] for r in responses),
            "totalUpdatedColumns": max([0, *(r["updatedColumns"] for r in responses)]),
            "totalUpdatedCells": sum(r["updatedCells"] for r in responses),
            "totalUpdatedSheets": len(responses), "responses": responses})

    # Drive ----------------------------------------------------------------------------
    def _drive(self, method: str) -> None:
        parts = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(parts.query, keep_blank_values=True)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.fake._record(LoggedRequest(method, parts.path, query, "drive", self.headers.get("Authorization")))
        failure = self.fake._take_failure("drive", parts.path)
        if failure is not None:
            self._send_failure("drive", failure)
        elif not self.fake._token_valid(self.headers.get("Authorization")):
            self._send_error(401)
        elif method != "POST":
            self._send_error(404)
        else:
            payload = self._record_write(parts.path, query, body)
            if payload is not None:
                self._drive_post(parts.path, payload)

    def _drive_post(self, path: str, payload: dict[str, Any]) -> None:
        permission = PERMISSIONS_RE.fullmatch(path)
        with self.fake._lock:
            if path == DRIVE_FILES_PATH:
                parents = payload.get("parents") or []
                if any(parent not in self.fake.folders for parent in parents):
                    self._drive_error(404, parents[0])
                    return
                spreadsheet_id = self.fake._create({"properties": {"title": payload.get("name")}})
                self._send_json(200, {"kind": "drive#file", "id": spreadsheet_id, "name": payload.get("name"),
                                      "mimeType": payload.get("mimeType")})
            elif permission and permission.group(1) in self.fake.spreadsheets:
                entry = {"kind": "drive#permission", "id": str(10**19 + len(self.fake.log)),
                         "type": payload.get("type"), "role": payload.get("role")}
                self.fake.permissions.setdefault(permission.group(1), []).append(payload)
                self._send_json(200, entry)
            else:
                self._drive_error(404, permission.group(1) if permission else path)

    def _drive_error(self, status: int, file_id: str) -> None:
        message = DRIVE_NOT_FOUND.format(file_id)
        self._send_json(status, {"error": {"code": status, "message": message, "errors": [
            {"message": message, "domain": "global", "reason": "notFound", "location": "fileId",
             "locationType": "parameter"}]}})

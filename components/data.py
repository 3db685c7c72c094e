"""The one data seam: which source, its cache, the last good snapshot, and st.secrets.

Public API (pages and the sidebar use only these):
- get_workbook() -> Workbook      the current source's workbook; stops the page on error
- get_summary() -> dict           sheets.figures.compute_summary of it for get_today()
- get_today() -> datetime.date    today in Bangkok (env ITA_TODAY=YYYY-MM-DD pins it)
- selected_departments() -> list[str] | None   the sidebar's department filter
- get_status() -> DataStatus      whether the workbook shown is a stale snapshot, and why
- refresh()                       forget cached data: the next run reads the source again
- source_choices(), current_choice(), current_source(), service_account_email()  (sidebar)

Caching: the parsed workbook sits in st.cache_data (TTL `cache_ttl_seconds` / ITA_CACHE_TTL,
default 600 s), so a rerun inside the TTL makes no request. Failures raise out of the
cached function and are never cached. When Google is unavailable (429/5xx/timeout) the
last good raw snapshot on disk is shown instead, marked stale; for ITA_RETRY_AFTER seconds
(default 60) reruns serve it without asking Google again (the refresh button retries now).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import streamlit as st

from components import auth, routing
from components import errors as ui_errors
from components.format import BANGKOK
from sheets import endpoint, figures, google, snapshots, sources
from sheets.errors import BadSource, SheetError, SheetUnavailable
from sheets.model import Workbook
from sheets.workbook import parse_workbook

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TTL = 600.0
DEFAULT_RETRY_AFTER = 60.0
GOOGLE_DEFAULTS = {"timeout": 15.0, "max_retries": 2, "backoff": 1.0}  # a page waits less than the CLI
MAX_CACHED_WORKBOOKS = 64  # bounds memory when many sessions upload files
SHARED_WORKBOOKS = 8  # parsed workbooks held at once (a 60×200 one is ~30 MB in memory)
NETWORK_KINDS = ("google", "link")

CONFIGURED, LINK, UPLOAD, DEMO = "configured", "link", "upload", "demo"
CHOICE_LABELS = {CONFIGURED: "Google Sheet ที่ตั้งค่าไว้", LINK: "วางลิงก์ Google Sheet",
                 UPLOAD: "อัปโหลดไฟล์ .xlsx", DEMO: "ข้อมูลตัวอย่าง"}
CHOICE_KEY = "data_source"          # permanent session keys (survive page switches)
LINK_KEY = "sheet_link"
UPLOAD_KEY = "uploaded_workbook"    # {"name", "data", "digest"}
FILTER_KEY = "department_filter"
STATUS_KEY = "_data_status"


@dataclass(frozen=True)
class Source:
    """What to load: kind 'google' (API), 'link' (export), 'xlsx' (upload) or 'demo'."""

    kind: str
    location: str = ""
    digest: str = ""

    @property
    def snapshot_key(self) -> str:
        """A file-name-safe hash naming this source's snapshot (by spreadsheet ID when there is one)."""
        try:
            identity = google.parse_spreadsheet_id(self.location)
        except SheetError:
            identity = self.location.strip()
        return hashlib.sha256(f"{self.kind}|{identity}".encode()).hexdigest()[:32]


@dataclass(frozen=True)
class DataStatus:
    """stale=True: the workbook is the snapshot fetched at `fetched_at`; `reason` says why."""

    stale: bool = False
    fetched_at: dt.datetime | None = None
    reason: str = ""

    def age_minutes(self, now: dt.datetime | None = None) -> int:
        """Return whole minutes since the snapshot was fetched (0 when not stale)."""
        if not self.fetched_at:
            return 0
        now = now or dt.datetime.now(dt.timezone.utc)
        return max(0, int((now - self.fetched_at).total_seconds() // 60))


# --- configuration: the only reader of st.secrets ------------------------------------


def _secret(name: str) -> Any:
    try:
        return st.secrets.get(name)
    except (FileNotFoundError, KeyError, ValueError):  # no secrets.toml, or an unreadable one
        return None


def _number(value: Any, default: float) -> float:
    try:
        return float(value) if value not in (None, "") else default
    except (TypeError, ValueError):
        return default


def configured_sheet() -> str | None:
    """Return the configured Google Sheet URL/ID (secrets `sheet`, else env ITA_SHEET), or None."""
    value = str(_secret("sheet") or os.environ.get("ITA_SHEET") or "").strip()
    return value or None


def credentials_info() -> dict | None:
    """Return service-account JSON fields (secrets [gcp_service_account], else the file in
    env GOOGLE_APPLICATION_CREDENTIALS), or None; raises BadSource for an unreadable file."""
    table = _secret("gcp_service_account")
    if table:
        return {key: table[key] for key in table}
    path = os.environ.get("GOOGLE_APPLICATION_CREDENTIALS")
    if not path:
        return None
    try:
        mtime = os.stat(path).st_mtime
    except OSError:
        return sources.read_credentials_file(path)  # raises BadSource with the fix
    return dict(_read_credentials_file(path, mtime))


@st.cache_resource(show_spinner=False)
def _read_credentials_file(path: str, mtime: float) -> Mapping:
    return sources.read_credentials_file(path)


def service_account_email() -> str | None:
    """Return the configured service account's e-mail (share sheets with it), or None."""
    try:
        info = credentials_info()
    except BadSource:
        return None
    return (google.service_account_email(info) or None) if info else None


def cache_ttl() -> float:
    """Return the data cache TTL in seconds (secrets cache_ttl_seconds, env ITA_CACHE_TTL, 600)."""
    return _number(_secret("cache_ttl_seconds") or os.environ.get("ITA_CACHE_TTL"), DEFAULT_TTL)


def _google_options() -> dict:
    """Timeout/retries/backoff from env ITA_GOOGLE_*, plus the endpoint adapter when set."""
    options = sources.google_settings_from_env(GOOGLE_DEFAULTS)
    adapter = _endpoint_adapter(os.environ.get("ITA_GOOGLE_ENDPOINT", ""))
    if adapter is not None:
        options["adapter"] = adapter
    return options


@st.cache_resource(show_spinner=False, max_entries=8)
def _google_client(account: str, key_fingerprint: str, endpoint_url: str, timeout: float, max_retries: int,
                   backoff: float, _credentials: Mapping) -> google.RetryingHTTPClient:
    """The Sheets client of one service account, kept across reruns and sessions (its token too)."""
    return google.open_google_client(_credentials, timeout=timeout, max_retries=max_retries, backoff=backoff,
                                     adapter=_endpoint_adapter(endpoint_url))


def _key_fingerprint(credentials: Mapping | None) -> str:
    """A hash naming the key (so a new key gets a new client) without keeping any of it."""
    key_id = str((credentials or {}).get("private_key_id", ""))
    return hashlib.sha256(key_id.encode()).hexdigest()[:16]


@st.cache_resource(show_spinner=False)
def _endpoint_adapter(base_url: str) -> endpoint.EndpointAdapter | None:
    return endpoint.adapter_for(base_url)


# --- which source ----------------------------------------------------------------------


def source_choices() -> list[str]:
    """Return the sidebar's source options, the configured sheet first when there is one.

    Only an admin (or anyone, when sign-in is not set up) may paste a link or upload a file;
    everyone else gets the configured sheet (the demo when none is configured).
    """
    configured = [CONFIGURED] if configured_sheet() else []
    if not auth.current_access().can_choose_source():
        return configured or [DEMO]
    return configured + [LINK, UPLOAD, DEMO]


def current_choice() -> str:
    """Return the chosen source option (default: the configured sheet, else the demo)."""
    choice = st.session_state.get(CHOICE_KEY)
    if choice in source_choices():
        return choice
    return CONFIGURED if configured_sheet() else DEMO


def current_source() -> Source:
    """Return the Source the current choice names (location '' when nothing is given yet)."""
    choice = current_choice()
    if choice == CONFIGURED:
        return Source("google" if credentials_info() else "link", configured_sheet() or "")
    if choice == LINK:
        return Source("link", str(st.session_state.get(LINK_KEY) or "").strip())
    if choice == UPLOAD:
        upload = st.session_state.get(UPLOAD_KEY) or {}
        return Source("xlsx", upload.get("name", ""), upload.get("digest", ""))
    return Source("demo")


def store_upload(name: str, data: bytes) -> None:
    """Keep an uploaded file's bytes in the session, keyed by their content hash."""
    st.session_state[UPLOAD_KEY] = {"name": name, "data": data,
                                    "digest": hashlib.sha256(data).hexdigest()}


# --- loading ---------------------------------------------------------------------------


def get_workbook() -> Workbook:
    """Return the current source's Workbook; on a SheetError show it and stop the page.

    With nothing to load yet (no link pasted, no file uploaded) it shows st.info and stops;
    for someone the sign-in gate does not let in (components.auth) it stops without a read.
    """
    routing.require_router()
    if not auth.current_access().can_view():  # app.py's gate says why; no page gets data past it
        st.stop()
    with ui_errors.error_boundary():
        source = current_source()
        if source.kind in ("link", "xlsx") and not source.location:
            _ask_for_source(source)
        workbook, status = load_workbook(source)
    st.session_state[STATUS_KEY] = status
    return workbook


def _ask_for_source(source: Source) -> None:
    st.info("วางลิงก์ Google Sheet ที่แชร์แบบ \"ทุกคนที่มีลิงก์\" ในแถบด้านข้าง" if source.kind == "link"
            else "อัปโหลดไฟล์ .xlsx ตามแม่แบบในแถบด้านข้าง", icon=":material/arrow_back:")
    st.stop()


def get_status() -> DataStatus:
    """Return the status of the last get_workbook() in this session (fresh when never loaded)."""
    return st.session_state.get(STATUS_KEY) or DataStatus()


def load_workbook(source: Source) -> tuple[Workbook, DataStatus]:
    """Return (workbook, status) for a source; raises SheetError (snapshot fallback inside).

    SheetUnavailable with a snapshot on disk → the snapshot, stale; without → re-raised.
    """
    if source.kind not in NETWORK_KINDS:
        with _single_flight(f"{source.kind}|{source.location}|{source.digest}"):
            workbook = _read_cached(source.kind, source.location, source.digest, "", None, _upload_bytes(source))
        return workbook, DataStatus()
    outage = _outages().active(source.snapshot_key)
    if outage is not None:
        return _from_snapshot(source, outage)
    credentials = credentials_info() if source.kind == "google" else None
    account = google.service_account_email(credentials) if credentials else ""
    try:
        with _single_flight(source.snapshot_key):
            outage = _outages().active(source.snapshot_key)
            if outage is not None:  # another session failed while this one waited
                return _from_snapshot(source, outage)
            workbook = _read_cached(source.kind, source.location, "", account, credentials, None)
    except SheetUnavailable as error:
        _outages().record(source.snapshot_key, error)
        return _from_snapshot(source, error)
    _outages().forget(source.snapshot_key)
    return workbook, DataStatus()


@contextlib.contextmanager
def _single_flight(key: str) -> Iterator[None]:
    """Let one session load a source while the others wait, then read the cache it filled.

    st.cache_data does not hold back concurrent misses: without this, twenty sessions
    opening at once would each call Google.
    """
    locks = _source_locks()
    with locks["_guard"]:
        lock = locks.setdefault(key, threading.Lock())
    with lock:
        yield


@st.cache_resource(show_spinner=False)
def _source_locks() -> dict[str, threading.Lock]:
    return {"_guard": threading.Lock()}


def _upload_bytes(source: Source) -> bytes | None:
    upload = st.session_state.get(UPLOAD_KEY) or {}
    return upload.get("data") if source.kind == "xlsx" and upload.get("digest") == source.digest else None


def _read_cached(kind: str, location: str, digest: str, account: str,
                 credentials: Mapping | None, data: bytes | None) -> Workbook:
    """Return the cached workbook of a source, the same object for every session (read-only).

    st.cache_data keeps the TTL and the cache key but hands out a token; the parsed
    Workbook itself sits once in `_shared_workbooks`, so a rerun does not unpickle a
    fresh copy (at 60×200 that is 3.5 MB and 0.14 s per call, per session).
    """
    loader = _cached_loader()
    token = loader(kind, location, digest, account, credentials, data)
    workbook = _shared_workbooks().get(token)
    if workbook is None:  # the shared store was cleared or evicted it: read the source again
        loader.clear(kind, location, digest, account, credentials, data)
        workbook = _shared_workbooks().get(loader(kind, location, digest, account, credentials, data))
    if workbook is None:
        raise SheetUnavailable("โหลดข้อมูลไม่สำเร็จ: กด \"โหลดข้อมูลใหม่\" อีกครั้ง", reason="cache")
    return workbook


class _WorkbookStore:
    """The parsed workbooks by token, the newest SHARED_WORKBOOKS kept (an evicted one is read again)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: dict[str, Workbook] = {}

    def put(self, workbook: Workbook) -> str:
        token = uuid.uuid4().hex
        with self._lock:
            self._items[token] = workbook
            while len(self._items) > SHARED_WORKBOOKS:
                self._items.pop(next(iter(self._items)))
        return token

    def get(self, token: str) -> Workbook | None:
        with self._lock:
            return self._items.get(token)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


@st.cache_resource(show_spinner=False)
def _shared_workbooks() -> _WorkbookStore:
    return _WorkbookStore()


def _cached_loader():
    """The cached loader with the configured TTL (one cache: a TTL change starts it afresh)."""
    return st.cache_data(_load_source, ttl=cache_ttl(), max_entries=MAX_CACHED_WORKBOOKS,
                         show_spinner="กำลังโหลดข้อมูล…")


def _load_source(kind: str, location: str, digest: str, account: str,
                 _credentials: Mapping | None, _data: bytes | None) -> str:
    """Read and parse one source; return the token of the parsed workbook in the shared store.

    A network source's raw tabs are snapshotted on success.

    Cache key: kind, location, digest (upload content hash), account (service-account e-mail).
    Raises SheetError; a raise is never cached.
    """
    if kind == "xlsx":
        if _data is None:
            raise BadSource("ไม่พบไฟล์ที่อัปโหลดในหน้านี้แล้ว อัปโหลดไฟล์ .xlsx ใหม่อีกครั้ง")
        raw = sources.read_xlsx_bytes(_data, name=location)
    elif kind == "google":
        options = _google_options()
        client = _google_client(account, _key_fingerprint(_credentials), os.environ.get("ITA_GOOGLE_ENDPOINT", ""),
                                options["timeout"], options["max_retries"], options["backoff"], _credentials or {})
        raw = google.fetch_google_workbook(location, _credentials or {}, client=client)
    elif kind == "link":
        raw = sources.read_link_shared(location, **_google_options())
    else:
        raw = sources.read_demo()
    workbook = parse_workbook(raw)
    if kind in NETWORK_KINDS:
        snapshots.write_snapshot(Source(kind, location).snapshot_key, raw)
    return _shared_workbooks().put(workbook)


def refresh() -> None:
    """Forget every cached workbook and outage: the next run reads its source again."""
    _cached_loader().clear()
    _shared_workbooks().clear()
    _outages().clear()


def get_today() -> dt.date:
    """Return today's date in Bangkok; env ITA_TODAY=YYYY-MM-DD pins it (tests, demos)."""
    pinned = os.environ.get("ITA_TODAY")
    return dt.date.fromisoformat(pinned) if pinned else dt.datetime.now(BANGKOK).date()


def get_summary() -> dict:
    """Return sheets.figures.compute_summary of the current workbook for get_today()."""
    return figures.compute_summary(get_workbook(), get_today())


def selected_departments() -> list[str] | None:
    """Return the departments chosen in the sidebar filter, or None for all."""
    return list(st.session_state.get(FILTER_KEY) or []) or None


# --- outages: when Google failed, serve the snapshot for a while without asking ---------


class _Outages:
    """Process-wide record of sources Google failed for, and until when to not retry."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[float, SheetUnavailable]] = {}

    def record(self, key: str, error: SheetUnavailable) -> None:
        retry_after = _number(os.environ.get("ITA_RETRY_AFTER"), DEFAULT_RETRY_AFTER)
        with self._lock:
            self._entries[key] = (_monotonic() + retry_after, error)

    def active(self, key: str) -> SheetUnavailable | None:
        with self._lock:
            until, error = self._entries.get(key, (0.0, None))
            return error if _monotonic() < until else None

    def forget(self, key: str) -> None:
        with self._lock:
            self._entries.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


@st.cache_resource(show_spinner=False)
def _outages() -> _Outages:
    return _Outages()


def _monotonic() -> float:
    return time.monotonic()


# --- the last good read on disk ---------------------------------------------------------


def _from_snapshot(source: Source, error: SheetUnavailable) -> tuple[Workbook, DataStatus]:
    """Return the last good read of a source, marked stale; re-raise when there is none."""
    path = snapshots.snapshot_dir() / f"{source.snapshot_key}.json"
    try:
        version = path.stat().st_mtime_ns
    except OSError:
        raise error from None
    workbook = _parsed_snapshot(source.snapshot_key, version)
    if workbook is None:
        raise error
    status = DataStatus(stale=True, fetched_at=workbook.source.fetched_at, reason=error.reason or error.message)
    return workbook, status


@st.cache_resource(show_spinner=False, max_entries=4)
def _parsed_snapshot(key: str, version: int) -> Workbook | None:
    """The parsed snapshot, shared by every session during an outage (read-only); `version` is its mtime."""
    raw = snapshots.read_snapshot(key)
    return parse_workbook(raw) if raw is not None else None

"""The data seam: the sidebar's choice → one cached, parsed Workbook per source.

Public API (pages and the sidebar use only these):
- get_workbook() -> Workbook    the current source's workbook; shows an error and stops the page
- get_status() -> DataStatus    when the data shown was read, and whether it is a stale snapshot
- refresh()                     the refresh button: re-read the current source (rate-limited)
- refresh_help() -> str         when the data was read and when a refresh is next possible
- get_today(), get_summary(), selected_departments()
- patch_activity(activity)      after a row save: the cached workbook reads the row as saved

The cache, in one read: `_store()` is one WorkbookStore per process. A source's key
(SourceSpec.cache_key) maps to its parsed Workbook and the time it was read; an entry
serves every session for `cache_ttl` seconds (default 600). A miss takes the source's
lock (one reader, the others wait and then find the entry), reads through
sheets.sources.read_source, parses, and snapshots a network source. A failure is never
stored. SheetUnavailable → the snapshot, stale (components.outages); 403/404 → the
snapshot is deleted. A refresh drops the entry only when it was read at least
`refresh_min_seconds` ago (default 30 s) and Google is not in back-off, whoever clicks.
"""
from __future__ import annotations

import datetime as dt
import threading
import time
import zlib
from collections import OrderedDict
from dataclasses import dataclass

import streamlit as st

from components import auth, choice, outages, routing
from components import errors as ui_errors
from components import settings as app_settings
from components.format import BANGKOK
from components.outages import DataStatus
from components.settings import AppSettings
from sheets import config, figures, google, rowupdate, snapshots, sources
from sheets.errors import AccessDenied, SheetError, SheetNotFound, SheetUnavailable
from sheets.model import Activity, Workbook
from sheets.sources import SourceSpec
from sheets.workbook import parse_workbook

__all__ = ["DataStatus", "get_status", "get_summary", "get_today", "get_workbook", "patch_activity", "refresh",
           "refresh_help", "selected_departments"]
MAX_WORKBOOKS = 8   # parsed workbooks held at once (a 60×200 one is ~30 MB in memory)
LOCK_STRIPES = 64   # per-source locks: a fixed set, so the table never grows
STATUS_KEY = "_data_status"
selected_departments = choice.selected_departments


@dataclass(frozen=True)
class Entry:
    workbook: Workbook
    read_at: float             # time.monotonic() of the read
    fetched_at: dt.datetime    # wall clock of the read (shown to people)


class WorkbookStore:
    """Parsed workbooks by source key, the newest MAX_WORKBOOKS; one lock per key's stripe."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._entries: OrderedDict[str, Entry] = OrderedDict()
        self._locks = tuple(threading.Lock() for _ in range(LOCK_STRIPES))

    def last(self, key: str) -> Entry | None:
        """Return the source's entry, however old."""
        with self._guard:
            return self._entries.get(key)

    def fresh(self, key: str, ttl: float) -> Entry | None:
        """Return the source's entry while it is younger than ttl seconds."""
        entry = self.last(key)
        return entry if entry is not None and time.monotonic() - entry.read_at < ttl else None

    def put(self, key: str, workbook: Workbook) -> Entry:
        entry = Entry(workbook, time.monotonic(), dt.datetime.now(dt.timezone.utc))
        with self._guard:
            self._entries.pop(key, None)
            self._entries[key] = entry
            while len(self._entries) > MAX_WORKBOOKS:
                self._entries.popitem(last=False)
        return entry

    def swap(self, key: str, old: Entry, workbook: Workbook) -> bool:
        """Replace the workbook of `old` (still the key's entry) keeping its read times; False otherwise."""
        with self._guard:
            if self._entries.get(key) is not old:
                return False
            self._entries[key] = Entry(workbook, old.read_at, old.fetched_at)
            return True

    def drop(self, key: str) -> None:
        with self._guard:
            self._entries.pop(key, None)

    def lock(self, key: str) -> threading.Lock:
        return self._locks[zlib.crc32(key.encode()) % LOCK_STRIPES]


@st.cache_resource(show_spinner=False)
def _store() -> WorkbookStore:
    return WorkbookStore()


@st.cache_resource(show_spinner=False, max_entries=8)
def _google_client(account: str, timeout: float, max_retries: int, backoff: float, endpoint: str,
                   _credentials: dict) -> google.RetryingHTTPClient:
    """One service account's Sheets client, kept across reruns and sessions (its token too)."""
    options = config.GoogleOptions(timeout, max_retries, backoff, None, endpoint)
    return google.open_client(_credentials, options)


# --- the page's way in -------------------------------------------------------------------


def get_workbook() -> Workbook:
    """Return the current source's Workbook; on a SheetError show it and stop the page.

    With nothing to load yet (no link pasted, no file uploaded) it shows st.info and stops;
    for someone the sign-in gate does not let in (components.auth) it stops without a read.
    """
    routing.require_router()
    if not auth.current_access().can_view():  # app.py's gate says why; no page gets data past it
        st.stop()
    with ui_errors.error_boundary():
        settings = app_settings.get_settings()
        spec = choice.current_spec(settings)
        if spec is None:
            _ask_for_source(choice.current_choice(settings))
        workbook, status = load(spec, settings)
    st.session_state[STATUS_KEY] = status
    return workbook


def _ask_for_source(chosen: str) -> None:
    st.info("วางลิงก์ Google Sheet ที่แชร์แบบ \"ทุกคนที่มีลิงก์\" ในแถบด้านข้าง" if chosen == choice.LINK
            else "อัปโหลดไฟล์ .xlsx ตามแม่แบบในแถบด้านข้าง", icon=":material/arrow_back:")
    st.stop()


def get_status() -> DataStatus:
    """Return the status of the last get_workbook() in this session (fresh when never loaded)."""
    return st.session_state.get(STATUS_KEY) or DataStatus()


def load(spec: SourceSpec, settings: AppSettings) -> tuple[Workbook, DataStatus]:
    """Return (workbook, status) of a source, from the cache or read once; raises SheetError."""
    store = _store()
    key = spec.cache_key
    entry = store.fresh(key, settings.cache_ttl)
    if entry is None:
        with store.lock(key):
            entry = store.fresh(key, settings.cache_ttl)  # another session read it while this one waited
            if entry is None:
                outage = outages.outages().active(spec.snapshot_key) if spec.is_network else None
                if outage is not None:
                    return outages.from_snapshot(spec, outage)
                try:
                    entry = store.put(key, _read(spec, settings))
                except SheetUnavailable as error:
                    outages.outages().record(spec.snapshot_key, error, settings.env.retry_after)
                    return outages.from_snapshot(spec, error)
                except (AccessDenied, SheetNotFound):
                    if spec.is_network:  # gone or unshared: its copy on disk goes too
                        snapshots.delete_snapshot(spec.snapshot_key)
                    raise
                outages.outages().forget(spec.snapshot_key)
    return entry.workbook, DataStatus(fetched_at=entry.fetched_at)


def _read(spec: SourceSpec, settings: AppSettings) -> Workbook:
    """Read and parse one source through the one dispatcher; snapshot a network source's raw tabs."""
    client = None
    if spec.kind == sources.GOOGLE:
        options = settings.google
        account = google.service_account_email(spec.credentials) + "|" + str(spec.credentials.get("private_key_id", ""))
        client = _google_client(account,
                                options.timeout, options.max_retries, options.backoff, options.endpoint,
                                dict(spec.credentials))
    with st.spinner("กำลังโหลดข้อมูล…"):
        raw = sources.read_source(spec, settings.google, client=client)
        workbook = parse_workbook(raw)
    if spec.is_network:
        snapshots.write_snapshot(spec.snapshot_key, raw)
    return workbook


# --- refresh: at most once per refresh_min_seconds per source, never inside the back-off ---


def refresh() -> None:
    """The refresh button's callback: drop the current source's entry when a refresh is due."""
    try:
        settings = app_settings.get_settings()
        spec = choice.current_spec(settings)
    except SheetError:
        return  # get_workbook shows this error in the run that follows
    if spec is None:
        return
    wait = refresh_wait(spec, settings)
    if wait > 0:
        st.toast(f"เพิ่งอ่านข้อมูลไป โหลดใหม่ได้อีกครั้งใน {int(wait) + 1} วินาที", icon=":material/schedule:")
        return
    _store().drop(spec.cache_key)


def refresh_wait(spec: SourceSpec, settings: AppSettings) -> float:
    """Seconds until the source may be read again (0: now): the rate limit, then any back-off."""
    entry = _store().last(spec.cache_key)
    limit = entry.read_at + settings.refresh_min_seconds - time.monotonic() if entry else 0.0
    backoff = outages.outages().seconds_left(spec.snapshot_key) if spec.is_network else 0.0
    return max(0.0, limit, backoff)


def refresh_help() -> str:
    """Return the refresh button's help: when the data was read, when a refresh is next possible."""
    base = "อ่านข้อมูลจากแหล่งข้อมูลอีกครั้ง ไม่รอให้ครบเวลาแคช"
    try:
        settings = app_settings.get_settings()
        spec = choice.current_spec(settings)
    except SheetError:
        return base
    entry = _store().last(spec.cache_key) if spec is not None else None
    if entry is None:
        return base
    read = entry.fetched_at.astimezone(BANGKOK)
    next_at = dt.datetime.now(BANGKOK) + dt.timedelta(seconds=refresh_wait(spec, settings))
    return (f"{base} · อ่านข้อมูลล่าสุดเมื่อ {read:%H:%M:%S} น. · "
            f"โหลดใหม่ได้ตั้งแต่ {max(next_at, read):%H:%M:%S} น. (อย่างน้อยทุก {settings.refresh_min_seconds:g} วินาที)")


# --- after a row save ---------------------------------------------------------------------


def patch_activity(activity: Activity) -> bool:
    """Put a saved row's new reading into the current source's cached workbook, in every session.

    The entry keeps its read time, so the TTL still counts from the real read. Returns False
    (nothing patched; the next read brings the change) when nothing is cached, the row is not
    in the workbook, or another read replaced the entry meanwhile.
    """
    spec = choice.current_spec(app_settings.get_settings())
    if spec is None:
        return False
    store = _store()
    entry = store.last(spec.cache_key)
    if entry is None:
        return False
    patched = rowupdate.with_activity(entry.workbook, activity)
    return patched is not None and store.swap(spec.cache_key, entry, patched)


# --- the rest of the seam ---------------------------------------------------------------


def get_today() -> dt.date:
    """Return today's date in Bangkok; env ITA_TODAY=YYYY-MM-DD pins it (tests, demos)."""
    return config.load_settings().today or dt.datetime.now(BANGKOK).date()


def get_summary() -> dict:
    """Return sheets.figures.compute_summary of the current workbook for get_today()."""
    return figures.compute_summary(get_workbook(), get_today())

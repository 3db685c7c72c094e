"""When Google fails: serve the source's last good read (marked stale) and leave Google be a while.

A SheetUnavailable (429, 5xx, timeout) for a network source starts a back-off of
`retry_after` seconds (ITA_RETRY_AFTER, default 60): until it ends, every session gets the
snapshot without asking Google, and the refresh button waits too. Without a snapshot the
error is shown. The back-off table lives once per process (st.cache_resource).
"""
from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass

import streamlit as st

from sheets import snapshots
from sheets.errors import SheetUnavailable
from sheets.model import Workbook
from sheets.sources import SourceSpec
from sheets.workbook import parse_workbook

MAX_OUTAGES = 256  # sources in back-off at once; the oldest entry goes first


@dataclass(frozen=True)
class DataStatus:
    """How fresh the workbook shown is: read at `fetched_at`; stale=True: a snapshot, `reason` says why."""

    stale: bool = False
    fetched_at: dt.datetime | None = None
    reason: str = ""

    def age_minutes(self, now: dt.datetime | None = None) -> int:
        """Return whole minutes since the data was read (0 when unknown)."""
        if not self.fetched_at:
            return 0
        now = now or dt.datetime.now(dt.timezone.utc)
        return max(0, int((now - self.fetched_at).total_seconds() // 60))


class Outages:
    """Sources Google failed for, each with the monotonic time until which Google is left alone."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[float, SheetUnavailable]] = {}

    def record(self, key: str, error: SheetUnavailable, seconds: float) -> None:
        with self._lock:
            self._entries.pop(key, None)
            self._entries[key] = (time.monotonic() + seconds, error)
            while len(self._entries) > MAX_OUTAGES:
                self._entries.pop(next(iter(self._entries)))

    def active(self, key: str) -> SheetUnavailable | None:
        """Return the failure while its back-off runs, else None."""
        with self._lock:
            until, error = self._entries.get(key, (0.0, None))
            return error if time.monotonic() < until else None

    def seconds_left(self, key: str) -> float:
        with self._lock:
            until, _error = self._entries.get(key, (0.0, None))
        return max(0.0, until - time.monotonic())

    def forget(self, key: str) -> None:
        with self._lock:
            self._entries.pop(key, None)


@st.cache_resource(show_spinner=False)
def outages() -> Outages:
    """The process's one back-off table."""
    return Outages()


def from_snapshot(spec: SourceSpec, error: SheetUnavailable) -> tuple[Workbook, DataStatus]:
    """Return the last good read of a source, marked stale; re-raise `error` when there is none."""
    try:
        version = snapshots.snapshot_path(spec.snapshot_key).stat().st_mtime_ns
    except OSError:
        raise error from None
    workbook = _parsed_snapshot(spec.snapshot_key, version)
    if workbook is None:
        raise error
    return workbook, DataStatus(stale=True, fetched_at=workbook.source.fetched_at,
                                reason=error.reason or error.message)


@st.cache_resource(show_spinner=False, max_entries=4)
def _parsed_snapshot(key: str, version: int) -> Workbook | None:
    """The parsed snapshot, shared by every session during an outage (read-only); `version` is its mtime."""
    raw = snapshots.read_snapshot(key)
    return parse_workbook(raw) if raw is not None else None

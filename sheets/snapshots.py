"""The last good read of each network source, as JSON on disk (written atomically).

The app shows it, marked stale, when Google is unavailable. Bounded: at most
`snapshot_max_count` files (default 20 sources, the oldest go first) and none older than
`snapshot_max_age_days` (default 30 days; an older one is deleted, not shown). A source
Google answers 403/404 for loses its snapshot (delete_snapshot): an unshared sheet is not
served from disk. Settings from sheets.config (ITA_SNAPSHOT_*). No streamlit here.
"""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from sheets import config
from sheets.model import Problem, RawTab, RawWorkbook, SourceInfo

SNAPSHOT_VERSION = 1


def snapshot_dir() -> Path:
    """Return the snapshot directory (env ITA_SNAPSHOT_DIR, default .cache/snapshots/)."""
    return config.load_settings().snapshot_dir


def snapshot_path(key: str) -> Path:
    return snapshot_dir() / f"{key}.json"


def write_snapshot(key: str, raw: RawWorkbook) -> None:
    """Write a raw workbook as JSON, atomically (temp file + rename); a disk error is ignored."""
    folder = snapshot_dir()
    payload = {"version": SNAPSHOT_VERSION, "source": _source_json(raw.source),
               "tabs": [{"title": t.title, "sheet_id": t.sheet_id, "rows": t.rows,
                         "notes": [dataclasses.asdict(note) for note in getattr(t, "notes", [])]}
                        for t in raw.tabs]}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=folder, suffix=".tmp", delete=False) as file:
            json.dump(payload, file, ensure_ascii=False, default=_encode_cell)
        os.replace(file.name, folder / f"{key}.json")
    except OSError:
        return  # a read-only disk costs the fallback, never the page
    prune()


def delete_snapshot(key: str) -> None:
    """Forget a source's last good read (Google said it is gone or no longer shared)."""
    with contextlib.suppress(OSError):
        snapshot_path(key).unlink()


def prune() -> None:
    """Delete snapshots older than the age bound, then the oldest beyond the count bound."""
    settings = config.load_settings()
    files = []
    for path in settings.snapshot_dir.glob("*.json"):
        with contextlib.suppress(OSError):
            files.append((path.stat().st_mtime, path))
    files.sort(reverse=True)
    cutoff = time.time() - settings.snapshot_max_age_days * 86400
    for index, (mtime, path) in enumerate(files):
        if index >= settings.snapshot_max_count or mtime < cutoff:
            with contextlib.suppress(OSError):
                path.unlink()


def read_snapshot(key: str) -> RawWorkbook | None:
    """Return the snapshot of a source key, or None when there is none, it is unreadable or too old."""
    path = snapshot_path(key)
    try:
        if path.stat().st_mtime < time.time() - config.load_settings().snapshot_max_age_days * 86400:
            path.unlink()
            return None
        payload = json.loads(path.read_text(encoding="utf-8"), object_hook=_decode_cell)
        if payload.get("version") != SNAPSHOT_VERSION:
            return None
        tabs = [_raw_tab(tab) for tab in payload["tabs"]]
        return RawWorkbook(tabs, SourceInfo(**payload["source"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _raw_tab(tab: dict) -> RawTab:
    raw = RawTab(tab["title"], tab["rows"], tab.get("sheet_id"))
    if tab.get("notes"):
        raw.notes = [Problem(**note) for note in tab["notes"]]
    return raw


def _source_json(info: SourceInfo) -> dict:
    return {"kind": info.kind, "name": info.name, "url": info.url,
            "spreadsheet_id": info.spreadsheet_id, "fetched_at": info.fetched_at}


def _encode_cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    raise TypeError(f"cannot store {type(value).__name__} in a snapshot")


def _decode_cell(obj: dict) -> Any:
    if len(obj) == 1 and "$datetime" in obj:
        return dt.datetime.fromisoformat(obj["$datetime"])
    if len(obj) == 1 and "$date" in obj:
        return dt.date.fromisoformat(obj["$date"])
    return obj

"""The last good read of each network source, as JSON on disk (written atomically).

The app shows it, marked stale, when Google is unavailable. No streamlit here.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from sheets.model import Problem, RawTab, RawWorkbook, SourceInfo

DEFAULT_SNAPSHOT_DIR = Path(__file__).resolve().parents[1] / ".cache" / "snapshots"
SNAPSHOT_VERSION = 1


def snapshot_dir() -> Path:
    """Return the snapshot directory (env ITA_SNAPSHOT_DIR, default .cache/snapshots/)."""
    return Path(os.environ.get("ITA_SNAPSHOT_DIR") or DEFAULT_SNAPSHOT_DIR)


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


def read_snapshot(key: str) -> RawWorkbook | None:
    """Return the snapshot of a source key, or None when there is none (or it is unreadable)."""
    try:
        payload = json.loads((snapshot_dir() / f"{key}.json").read_text(encoding="utf-8"),
                             object_hook=_decode_cell)
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

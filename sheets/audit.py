"""The audit log: one JSON line per event through logging to standard output.

A host's log viewer (Community Cloud's "Manage app" logs, `docker logs`, journald) shows
them. Events: sign_in, refused, sign_out, export, save. A line never holds a token, a
cookie or a secret: fields with such names are dropped and JWT-shaped values are masked;
fields given as None are left out.

    {"ts": "2026-11-30T03:12:45Z", "event": "export", "email": "mayor@office.go.th", "role": "viewer", ...}
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sys
from collections.abc import Mapping
from typing import Any

LOGGER_NAME = "ita.audit"
EVENTS = frozenset({"sign_in", "refused", "sign_out", "export", "save"})
FORBIDDEN_KEY_RE = re.compile(r"token|cookie|secret|password|credential|private|authorization", re.IGNORECASE)
JWT_RE = re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
MASK = "[masked]"
MAX_VALUE_CHARS = 500
# Characters some log viewers split lines on; json.dumps(ensure_ascii=False) leaves them as they are.
LINE_BREAKS = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


class _StdoutHandler(logging.StreamHandler):
    """Writes to whatever sys.stdout is at the time of the record (so captures and redirects see it)."""

    def __init__(self) -> None:
        super().__init__(sys.stdout)

    @property
    def stream(self):  # type: ignore[override]
        return sys.stdout

    @stream.setter
    def stream(self, value) -> None:  # the base class sets it once; the property always follows sys.stdout
        pass


def get_logger() -> logging.Logger:
    """Return the "ita.audit" logger, with its standard-output handler attached once."""
    logger = logging.getLogger(LOGGER_NAME)
    if not any(isinstance(handler, _StdoutHandler) for handler in logger.handlers):
        handler = _StdoutHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False  # one line per event, even when the host also logs the root logger
    return logger


def _clean_value(value: Any) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, (int, float)):
        return value
    if isinstance(value, Mapping):  # a save's {field: {"old", "new"}}: the same rules one level down
        return {str(key): _clean_value(item) for key, item in value.items()
                if item is not None and not FORBIDDEN_KEY_RE.search(str(key))}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return [_clean_value(item) for item in items]
    text = JWT_RE.sub(MASK, str(value))
    return text if len(text) <= MAX_VALUE_CHARS else text[:MAX_VALUE_CHARS] + "…"


def build_record(event: str, fields: dict[str, Any], now: dt.datetime | None = None) -> str:
    """Return the one-line JSON text of an event; raises ValueError for an unknown event."""
    if event not in EVENTS:
        raise ValueError(f"unknown audit event {event!r}; expected one of {sorted(EVENTS)}")
    moment = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
    record: dict[str, Any] = {"ts": moment.strftime("%Y-%m-%dT%H:%M:%SZ"), "event": event}
    for key, value in fields.items():
        if key in record or value is None or FORBIDDEN_KEY_RE.search(key):
            continue
        record[key] = _clean_value(value)
    text = json.dumps(record, ensure_ascii=False)
    for char, escaped in LINE_BREAKS.items():
        text = text.replace(char, escaped)
    return text


def log_event(event: str, **fields: Any) -> None:
    """Write one audit line (event + fields) to standard output through the "ita.audit" logger."""
    get_logger().info(build_record(event, fields))

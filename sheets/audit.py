"""The audit log: one JSON line per event through the `ita.audit` logger, to standard output.

Events: sign_in, refused, sign_out, export, save. Fields are what happened (who, tab, row,
fields, old → new), never a credential: a field whose name looks like one is dropped.
No streamlit.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from typing import Any

LOGGER_NAME = "ita.audit"
SECRET_WORDS = ("token", "cookie", "secret", "password", "private_key", "authorization")

log = logging.getLogger(LOGGER_NAME)


def log_event(event: str, **fields: Any) -> None:
    """Write one JSON line {"event", "at" (UTC ISO time), **fields} to the audit log."""
    _ensure_handler()
    record = {"event": event, "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    record.update({key: value for key, value in fields.items()
                   if not any(word in key.lower() for word in SECRET_WORDS)})
    log.info(json.dumps(record, ensure_ascii=False, default=str, sort_keys=False))


def _ensure_handler() -> None:
    """Send the audit logger's records to standard output, unless a handler was set up already
    (a deployment's, or the CLI's, which keeps standard output for its own one line)."""
    if not log.handlers:
        handler = _StdoutHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
    log.setLevel(logging.INFO)


class _StdoutHandler(logging.StreamHandler):
    """A StreamHandler on whatever sys.stdout is at the time of each record."""

    def __init__(self) -> None:
        super().__init__(sys.stdout)

    @property
    def stream(self):  # noqa: D102
        return sys.stdout

    @stream.setter
    def stream(self, _value) -> None:
        pass

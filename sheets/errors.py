"""Typed failures a user can act on; str(error) is the one-line Thai message.

One base, `SheetError`, and three families:
- `DataError`: reading or writing a source (BadSource, SheetNotFound, AccessDenied,
  SheetUnavailable, ContractBroken, UpdateRefused);
- `OutputError`: a file could not be built (PDF, chart images); `tool_missing` marks the
  ones an operator fixes by installing a program;
- `ConfigBroken`: the app's own settings cannot be read (a malformed secrets file).

Every class takes the full Thai message first (it names the thing and the fix), then
keyword attributes the UI may show. Third-party errors become these at the edge
(`raise ... from exc`); `components.errors.message_for` is the one place they become
what a person reads. Imports nothing from the project.
"""
from __future__ import annotations

from typing import Any


class SheetError(Exception):
    """Base of every error the app shows to a user; `message` is Thai, one line."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class DataError(SheetError):
    """A source could not be read or written."""


class SheetNotFound(DataError):
    """No spreadsheet behind the link or ID (HTTP 404, or text that holds no ID): check the link."""

    def __init__(self, message: str, *, spreadsheet_id: str | None = None) -> None:
        super().__init__(message)
        self.spreadsheet_id = spreadsheet_id


class AccessDenied(DataError):
    """Google refused access: share the sheet with `service_account_email` (None: link sharing).

    `needs` is what the service account lacks: "reader" (a read), "editor" (a row save), or
    "scope" (the app asked Google for a read-only token and then wrote: an operator's fix).
    """

    def __init__(self, message: str, *, service_account_email: str | None = None, needs: str = "reader") -> None:
        super().__init__(message)
        self.service_account_email = service_account_email
        self.needs = needs


class SheetUnavailable(DataError):
    """Google cannot answer now (quota, outage, timeout, network); `reason` says which."""

    def __init__(self, message: str, *, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason


class ContractBroken(DataError):
    """A tab or header the contract requires is missing; `details` says which."""

    def __init__(self, message: str, *, details: Any = None) -> None:
        super().__init__(message)
        self.details = details


class BadSource(DataError):
    """A local source cannot be read: missing file, not a workbook, unreadable."""


class UpdateRefused(DataError):
    """A row save refused before anything was written (bad value, the row moved or was edited by
    someone else, a column the tab lacks); the message says what differs and what to do."""


class ConfigBroken(SheetError):
    """The app's settings cannot be read; `file` names the file to fix (never a secret)."""

    def __init__(self, message: str, *, file: str = "") -> None:
        super().__init__(message)
        self.file = file


class OutputError(SheetError):
    """A report, image or export could not be built; the data itself is fine."""

    tool_missing = False  # True: a program (LibreOffice, Chromium) is not installed

"""Typed failures a user can act on; str(error) is the one-line Thai message.

Every class takes the full Thai message first (it names the thing and the fix),
then keyword attributes the UI may show. Sources translate third-party errors
into these at the edge (`raise ... from exc`). Imports nothing from the project.
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


class SheetNotFound(SheetError):
    """No spreadsheet behind the link or ID (HTTP 404, or text that holds no ID): check the link."""

    def __init__(self, message: str, *, spreadsheet_id: str | None = None) -> None:
        super().__init__(message)
        self.spreadsheet_id = spreadsheet_id


class AccessDenied(SheetError):
    """Google refused access: share the sheet with `service_account_email` (None: link sharing)."""

    def __init__(self, message: str, *, service_account_email: str | None = None) -> None:
        super().__init__(message)
        self.service_account_email = service_account_email


class SheetUnavailable(SheetError):
    """Google cannot answer now (quota, outage, timeout, network); `reason` says which."""

    def __init__(self, message: str, *, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason


class ContractBroken(SheetError):
    """A tab or header the contract requires is missing; `details` says which."""

    def __init__(self, message: str, *, details: Any = None) -> None:
        super().__init__(message)
        self.details = details


class BadSource(SheetError):
    """A local source cannot be read: missing file, not a workbook, unreadable."""

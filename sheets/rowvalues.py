"""A row's editable values: validation against the contract (before any request), the values as
written into cells, and as people read them (messages, the audit log). Pure, no network."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sheets import cells, contract
from sheets.errors import UpdateRefused

EDITABLE = ("status", "progress", "result", "evidence")
MAX_TEXT_CHARS = 50_000  # Google's limit for one cell
STATUS_CHOICES = tuple(contract.ACTIVITY_STATUS_TH[key] for key in contract.ACTIVITY_STATUSES)


@dataclass(frozen=True)
class Changes:
    """Validated new values; None means "not given, leave it"."""

    status: str | None = None
    progress: float | None = None
    result: str | None = None
    evidence: tuple[str, ...] | None = None

    def given(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in EDITABLE if getattr(self, name) is not None}


# --- validation (before any request) ------------------------------------------------------


def validate_changes(*, status: Any = None, progress: Any = None, result: str | None = None,
                     evidence: str | Iterable[str] | None = None) -> Changes:
    """Return the new values checked against the contract; raises UpdateRefused naming every bad one."""
    problems: list[str] = []
    checked = {}
    for name, value, check in (("status", status, _check_status), ("progress", progress, _check_progress),
                               ("result", result, _check_result), ("evidence", evidence, _check_evidence)):
        if value is None:
            continue
        try:
            checked[name] = check(value)
        except cells.CellError as error:
            problems.append(f"{field_label(name)}: {error}")
    if problems:
        raise UpdateRefused("ยังไม่ได้บันทึก: " + "; ".join(problems))
    return Changes(**checked)


def _check_status(value: Any) -> str:
    key = cells.parse_word(value, contract.ACTIVITY_STATUS_WORDS)
    if not key:
        raise cells.CellError(f"“{cells.cell_text(value)[:60]}” ไม่อยู่ในรายการ (เลือก {', '.join(STATUS_CHOICES)})")
    return key


def _check_progress(value: Any) -> float:
    number = cells.parse_number(value)
    if not 0 <= number <= 100:
        raise cells.CellError(f"ต้องอยู่ระหว่าง 0–100 แต่พบ “{cells.cell_text(value)[:60]}”")
    return round(number, 6)


def _check_result(value: Any) -> str:
    text = cells.clean_text(str(value))
    if len(text) > MAX_TEXT_CHARS:
        raise cells.CellError(f"ยาว {len(text):,} ตัวอักษร เกิน {MAX_TEXT_CHARS:,} ตัวอักษรที่เซลล์หนึ่งรับได้")
    return text


def _check_evidence(value: str | Iterable[str]) -> tuple[str, ...]:
    text = value if isinstance(value, str) else "\n".join(value)
    return tuple(cells.parse_urls(_check_result(text)))


# --- values as written and as shown --------------------------------------------------------


def cell_value(name: str, value: Any) -> Any:
    """Return what goes into the cell for a validated value: the canonical Thai status word, a number,
    text, or links one per line."""
    if name == "status":
        return contract.ACTIVITY_STATUS_TH[value]
    if name == "progress":
        return int(value) if float(value).is_integer() else value
    if name == "evidence":
        return "\n".join(value)
    return value


def show(name: str, value: Any) -> str:
    """Return a value as people read it (the audit log, messages)."""
    if value is None:
        return ""
    if name == "status":
        return contract.ACTIVITY_STATUS_TH.get(value, str(value))
    if name == "progress":
        return cells.cell_text(float(value))
    if name == "evidence":
        return " ".join(value)
    return str(value)


def format_updated(today: dt.date, current: Any) -> Any:
    """Return today as ปรับปรุงล่าสุด: a serial number when the cell holds one, else D/M/YYYY (B.E.)."""
    if isinstance(current, (int, float)) and not isinstance(current, bool):
        return (today - cells.SHEETS_EPOCH).days
    return f"{today.day}/{today.month}/{today.year + contract.BE_OFFSET}"


def field_label(name: str) -> str:
    """Return the contract's Thai header of a field."""
    return contract.ACTIVITY_HEADERS[name][0]


def same(name: str, old: Any, new: Any) -> bool:
    if name == "progress":
        if old is None or new is None:
            return old is new
        return abs(float(old) - float(new)) < 1e-6
    if name == "evidence":
        return tuple(old or ()) == tuple(new or ())
    if name == "result":
        return cells.clean_text(old or "") == cells.clean_text(new or "")
    return old == new


def fold(text: str) -> str:
    return " ".join(cells.cell_text(text).split())

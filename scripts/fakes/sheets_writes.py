"""What a write does to a stored spreadsheet in the fake Google: batchUpdate requests, value ranges,
and values entered RAW or USER_ENTERED as Google treats them. Pure: no HTTP.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from scripts.fakes import google as fake_google
from scripts.fakes.sheets_values import Formula

if TYPE_CHECKING:
    from scripts.fakes.google_write import FakeGoogleWrite

NUMBER_RE = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?|[+-]?\.\d+%?")
HYPERLINK_RE = re.compile(r'=HYPERLINK\(\s*"([^"]*)"\s*(?:[,;]\s*"([^"]*)"\s*)?\)', re.IGNORECASE)
CELL_RE = re.compile(r"([A-Z]+)(\d+)")


def _grid_extra(props: dict[str, Any]) -> dict[str, Any]:
    """Keep gridProperties (frozen rows) so the metadata reply shows them."""
    grid = props.get("gridProperties")
    return {"gridProperties": {"rowCount": 1000, "columnCount": 26, **grid}} if grid else {}


def _apply(fake: FakeGoogleWrite, spreadsheet_id: str, book: dict[str, Any], request: dict[str, Any]) -> dict | None:
    """Apply one batchUpdate request; return its reply ({} for most), or None for a bad request."""
    ids = {tab[1] for tab in book["tabs"]}
    if len(request) != 1:
        return None
    (kind, body), = request.items()
    if kind == "setDataValidation":
        if body.get("range", {}).get("sheetId") not in ids or body["rule"]["condition"]["type"] != "ONE_OF_LIST":
            return None
        fake.validations.setdefault(spreadsheet_id, []).append(body)
        return {}
    if kind in ("repeatCell", "updateCells"):
        where = body.get("range") or body.get("start") or {}
        return {} if where.get("sheetId") in ids else None
    if kind == "addSheet":
        props = dict(body["properties"])
        if props.get("title") in {tab[0] for tab in book["tabs"]} or props.get("sheetId") in ids:
            return None
        book["tabs"].append((props["title"], props["sheetId"], [], _grid_extra(props)))
        return {"addSheet": {"properties": {**props, "index": len(book["tabs"]) - 1, "sheetType": "GRID"}}}
    if kind == "updateSheetProperties":
        props = body["properties"]
        for index, tab in enumerate(book["tabs"]):
            if tab[1] == props.get("sheetId"):
                book["tabs"][index] = (props.get("title", tab[0]), tab[1], tab[2], _grid_extra(props))
                return {}
        return None
    return None


def _ranges_ok(book: dict[str, Any], data: list[dict[str, Any]]) -> bool:
    """True when every ValueRange names an existing tab and a start cell (checked before any write)."""
    titles = {tab[0] for tab in book["tabs"]}
    for item in data:
        try:
            title, cells = fake_google.parse_range(item.get("range", ""))
        except ValueError:
            return False
        if title not in titles or CELL_RE.fullmatch((cells or "A1").split(":")[0]) is None:
            return False
    return True


def _write_range(book: dict[str, Any], spreadsheet_id: str, item: dict[str, Any], option: str) -> dict[str, Any]:
    """Write one ValueRange (rows from its start cell) into the stored tab, entered as `option` says."""
    title, cells = fake_google.parse_range(item["range"])
    tab = next(tab for tab in book["tabs"] if tab[0] == title)
    start = CELL_RE.fullmatch((cells or "A1").split(":")[0])
    column = _column_index(start.group(1))
    row = int(start.group(2)) - 1
    rows: list[list[Any]] = tab[2]
    values = [[enter_value(value, option) for value in values_row] for values_row in item.get("values", [])]
    for offset, values_row in enumerate(values):
        while len(rows) <= row + offset:
            rows.append([])
        target = rows[row + offset]
        target.extend([""] * (column + len(values_row) - len(target)))
        target[column:column + len(values_row)] = values_row
    width = max([0, *map(len, values)])
    updated = f"{fake_google._quote_title(title)}!{cells or 'A1'}:{fake_google.column_letters(column + width)}" \
              f"{row + len(values)}"
    return {"spreadsheetId": spreadsheet_id, "updatedRange": updated, "updatedRows": len(values),
            "updatedColumns": width, "updatedCells": sum(map(len, values))}


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def enter_value(value: Any, option: str) -> Any:
    """Return what Google stores for one written value: RAW keeps it as typed (strings stay strings);
    USER_ENTERED parses text as if typed into the cell (formula, number, percent, boolean, date)."""
    if value is None:
        return ""
    if option == "RAW" or not isinstance(value, str):
        return value
    text = value.strip()
    if value.startswith("'"):
        return value[1:]
    if value.startswith("=") and len(value) > 1:
        link = HYPERLINK_RE.fullmatch(text)
        return Formula(value, (link.group(2) or link.group(1)) if link else "#NAME?")
    if text.upper() in ("TRUE", "FALSE"):
        return text.upper() == "TRUE"
    if NUMBER_RE.fullmatch(text):
        number = float(text.replace(",", "").rstrip("%"))
        number = number / 100 if text.endswith("%") else number
        return int(number) if number.is_integer() and "." not in text and not text.endswith("%") else number
    return _entered_date(text) or value


def _entered_date(text: str) -> dt.date | None:
    """A date typed as YYYY-MM-DD or D/M/YYYY (the th_TH locale's order), stored as a date; else None."""
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    dmy = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    try:
        if iso:
            return dt.date(*map(int, iso.groups()))
        if dmy:
            day, month, year = map(int, dmy.groups())
            return dt.date(year, month, day)
    except ValueError:
        return None
    return None

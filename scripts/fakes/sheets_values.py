"""Sheets API shapes for the fake Google: A1 ranges, cell values as the API sends them, metadata, and
which API method (and route of the fake) a request path calls.

Pure functions over a stored spreadsheet (`{"title", "tabs": [(title, sheet_id, rows)]}`): no HTTP.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

SERIAL_EPOCH = dt.datetime(1899, 12, 30)

DEFAULT_FORMAT = {  # properties.defaultFormat as recorded
    "backgroundColor": {"red": 1, "green": 1, "blue": 1},
    "padding": {"top": 2, "right": 3, "bottom": 2, "left": 3},
    "verticalAlignment": "BOTTOM", "wrapStrategy": "OVERFLOW_CELL",
    "textFormat": {"foregroundColor": {}, "fontFamily": "arial,sans,sans-serif", "fontSize": 10,
                   "bold": False, "italic": False, "strikethrough": False, "underline": False,
                   "foregroundColorStyle": {"rgbColor": {}}},
    "backgroundColorStyle": {"rgbColor": {"red": 1, "green": 1, "blue": 1}},
}


@dataclass(frozen=True)
class Formula:
    """A formula cell: the text typed (USER_ENTERED "=…") and the value Google shows for it.

    Reads with UNFORMATTED_VALUE serve `value`; reads with valueRenderOption=FORMULA serve `text`.
    """

    text: str
    value: Any


def to_api_rows(rows: list[list[Any]], *, formulas: bool = False) -> list[list[Any]]:
    """Rows as UNFORMATTED_VALUE/SERIAL_NUMBER returns them: trailing blanks trimmed, dates as serials
    (with `formulas`, as valueRenderOption=FORMULA: a formula cell as the text typed)."""
    out = [[_api_value(cell, formulas) for cell in row] for row in rows]
    for row in out:
        while row and row[-1] == "":
            row.pop()
    while out and not out[-1]:
        out.pop()
    return out


def parse_range(text: str) -> tuple[str, str | None]:
    """Split an A1 range into (tab title, cells or None); quoted titles may hold doubled quotes."""
    if text.startswith("'"):
        match = re.fullmatch(r"'((?:[^']|'')*)'(?:!(.*))?", text, re.DOTALL)
        if not match:
            raise ValueError(text)
        return match.group(1).replace("''", "'"), match.group(2)
    title, bang, cells = text.rpartition("!")
    return (title, cells) if bang else (text, None)


def column_letters(count: int) -> str:
    letters = ""
    while count > 0:
        count, rest = divmod(count - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _api_value(cell: Any, formulas: bool = False) -> Any:
    if isinstance(cell, Formula):
        return cell.text if formulas else _api_value(cell.value)
    if cell is None:
        return ""
    if isinstance(cell, dt.datetime):
        return (cell - SERIAL_EPOCH) / dt.timedelta(days=1)
    if isinstance(cell, dt.date):
        return (cell - SERIAL_EPOCH.date()).days
    return cell


def _quote_title(title: str) -> str:
    return title if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", title) else "'" + title.replace("'", "''") + "'"


def _metadata(spreadsheet_id: str, book: dict[str, Any]) -> dict[str, Any]:
    sheets = []
    for index, tab in enumerate(book["tabs"]):
        title, sheet_id, rows = tab[:3]
        grid = {"rowCount": max(1000, len(rows)), "columnCount": max([26, *map(len, rows)])}
        properties = {"sheetId": sheet_id, "title": title, "index": index, "sheetType": "GRID",
                      "gridProperties": grid}
        properties.update(tab[3] if len(tab) > 3 else {})
        sheets.append({"properties": properties})
    return {
        "spreadsheetId": spreadsheet_id,
        "properties": {"title": book["title"], "locale": book.get("locale", "th_TH"),
                       "autoRecalc": "ON_CHANGE", "timeZone": book.get("timeZone", "Asia/Bangkok"),
                       "defaultFormat": DEFAULT_FORMAT},
        "sheets": sheets,
        "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{spreadsheet_id}/edit",
    }


def _value_range(tab: tuple, formulas: bool = False) -> dict[str, Any]:
    """A whole-tab range: the used extent when it holds data, else the full grid (no "values")."""
    title, _sheet_id, rows = tab[:3]
    values = to_api_rows(rows, formulas=formulas)
    if not values:
        return {"range": f"{_quote_title(title)}!A1:Z1000", "majorDimension": "ROWS"}
    extent = f"A1:{column_letters(max(map(len, values)))}{len(values)}"
    return {"range": f"{_quote_title(title)}!{extent}", "majorDimension": "ROWS", "values": values}


def _read_range(book: dict[str, Any], text: str, formulas: bool = False) -> dict[str, Any] | None:
    """The ValueRange of an A1 range (whole tab, "5:5", "A1:K10", "B3"); None when it names nothing."""
    try:
        title, cells = parse_range(text)
        tab = next(tab for tab in book["tabs"] if tab[0] == title)
    except (ValueError, StopIteration):
        return None
    if cells is None:
        return _value_range(tab, formulas)
    bounds = parse_cells(cells)
    if bounds is None:
        return None
    rows = tab[2]
    width = max([26, *map(len, rows)])
    top, bottom, left, right = bounds
    bottom = max(1000, len(rows)) if bottom is None else bottom
    left, right = (1, width) if left is None else (left, width if right is None else right)
    values = to_api_rows([row[left - 1:right] for row in rows[top - 1:bottom]], formulas=formulas)
    extent = f"{column_letters(left)}{top}:{column_letters(right)}{bottom}"
    reply = {"range": f"{_quote_title(title)}!{extent}", "majorDimension": "ROWS"}
    return {**reply, "values": values} if values else reply


def parse_cells(cells: str) -> tuple[int, int | None, int | None, int | None] | None:
    """Return (first row, last row, first column, last column), 1-based, of "A1", "A1:C9", "5:7" or "A5:C";
    None for what this fake does not read (whole columns)."""
    match = re.fullmatch(r"([A-Z]*)(\d+)(?::([A-Z]*)(\d*))?", cells.upper())
    if match is None:
        return None
    left, top, right, bottom = match.groups()
    if right is None:  # a single cell
        right, bottom = left, top
    if bool(left) != bool(right) or not left and not bottom:
        return None
    return (int(top), int(bottom) if bottom else None,
            column_number(left) if left else None, column_number(right) if right else None)


def column_number(letters: str) -> int:
    """Return the 1-based number of A1 column letters (A → 1, AA → 27)."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def api_method_of(method: str, path: str) -> str:
    """Name the Sheets API method of a request: metadata, values.get, values.batchGet, values.update,
    values.batchUpdate, batchUpdate, create; "token", "export", "drive" or "other" for the rest."""
    route = _route_of(method, path)
    if route != "sheets":
        return "drive" if path.startswith("/drive/") else route
    tail = re.sub(r"^/v4/spreadsheets/?[^/:]*", "", path)
    if not tail:
        return "create" if path == "/v4/spreadsheets" else "metadata"
    if tail.startswith("/values/"):
        return "values.update" if method == "PUT" else "values.get"
    return tail.lstrip("/:").replace(":", ".")


def _route_of(method: str, path: str) -> str:
    if method == "POST" and path == "/token":
        return "token"
    if path.startswith("/v4/"):
        return "sheets"
    if method == "GET" and re.fullmatch(r"/spreadsheets/d/[^/]+/export", path):
        return "export"
    if path == "/ServiceLogin":
        return "login"
    return "other"

"""The `ตัวชี้วัด OIT` tab merged with the catalog of the framework year."""
from __future__ import annotations

import re
from typing import Any

from sheets import catalog, cells, contract, tabs
from sheets.model import OitItem, Problem, RawTab

GROUP_INDICATOR = re.compile(r"^\s*(\d+)\s*\.")


def parse_oit(tab: RawTab | None, catalog_year: int | None, problems: list[Problem]) -> list[OitItem]:
    """Return every item of the catalog year (missing ones not started) plus titled extras."""
    items = {entry.code: _from_catalog(entry) for entry in catalog.catalog_for(catalog_year)}
    extras: list[OitItem] = []
    if tab is None:
        problems.append(Problem("warning", contract.OIT_TAB[0], None, None,
                                "ไม่พบแท็บ ตัวชี้วัด OIT: ทุกข้อนับเป็นยังไม่ดำเนินการ"))
        return list(items.values())
    reader = tabs.find_header(tab, contract.OIT_HEADERS, contract.OIT_REQUIRED)
    if reader is None:
        problems.append(Problem("error", tab.title, 1, contract.OIT_HEADERS["code"][0],
                                f"แท็บ “{tab.title}” ไม่มีคอลัมน์ รหัส ในแถวหัวตาราง เพิ่มหัวคอลัมน์นี้",
                                tab.sheet_id, "A1"))
        return list(items.values())
    problems.extend(reader.problems)
    seen: set[str] = set()
    for number, row in reader.data_rows():
        _read_row(reader, number, row, items, extras, seen, catalog_year, problems)
    return list(items.values()) + sorted(extras, key=lambda item: item.number)


def describe_title_source(item: OitItem) -> str:
    """Return where an item's title comes from and how sure the catalog is of it, in Thai."""
    if not item.in_catalog:
        return "ข้อเพิ่มเติม: หัวข้อตามที่กรอกในแบบฟอร์ม"
    confidence = catalog.describe_confidence(item.confidence, item.confidence_note)
    return f"หัวข้อตามที่กรอกในแบบฟอร์ม · {confidence}" if item.title_from_sheet else confidence


def _from_catalog(entry: catalog.CatalogItem) -> OitItem:
    return OitItem(code=entry.code, title=entry.title, indicator=entry.indicator, group=entry.group,
                   confidence=entry.confidence, confidence_note=entry.source_note)


def _read_row(reader: tabs.TabReader, number: int, row: list[Any], items: dict[str, OitItem],
              extras: list[OitItem], seen: set[str], catalog_year: int | None, problems: list[Problem]) -> None:
    def report(severity: str, name: str, message: str) -> None:
        problems.append(reader.problem(severity, number, reader.column_name(name), message))

    try:
        code = cells.parse_code(reader.get(row, "code"))
    except cells.CellError as error:
        report("error", "code", f"{error} แถวนี้จึงไม่ถูกนับ")
        return
    if code in seen:
        report("error", "code", f"รหัส {code} ซ้ำ ใช้แถวแรก ลบหรือแก้แถวนี้")
        return
    seen.add(code)
    title = cells.cell_text(reader.get(row, "title"))
    item = items.get(code)
    if item is None:
        year = catalog_year or "-"
        if not title:
            report("error", "code", f"รหัส {code} ไม่มีในรายการ OIT ปี {year} และไม่มีหัวข้อ "
                                    "จึงไม่ถูกนับ กรอกหัวข้อหรือแก้รหัส")
            return
        report("warning", "code", f"รหัส {code} ไม่มีในรายการ OIT ปี {year} นับเป็นข้อเพิ่มเติมตามหัวข้อที่กรอก")
        item = OitItem(code=code, title=title, in_catalog=False, title_from_sheet=True)
        extras.append(item)
    elif title and title != item.title:
        item.title = title
        item.title_from_sheet = True
    _read_group(item, cells.cell_text(reader.get(row, "group")))
    item.in_tab = True
    item.row = number
    _fill_item(item, reader, row, report)


def _read_group(item: OitItem, group: str) -> None:
    """The sheet's group wins; an item outside the catalog takes its indicator from it ("10.2 …")."""
    if not group:
        return
    item.group = group
    match = GROUP_INDICATOR.match(cells.to_arabic_digits(group))
    if item.indicator is None and match and int(match.group(1)) in contract.OIT_INDICATORS:
        item.indicator = int(match.group(1))


def _fill_item(item: OitItem, reader: tabs.TabReader, row: list[Any], report) -> None:
    item.owner = cells.cell_text(reader.get(row, "owner"))
    item.note = cells.cell_text(reader.get(row, "note"))
    status_cell = reader.get(row, "status")
    word = cells.parse_word(status_cell, contract.OIT_STATUS_WORDS)
    if word is None:
        report("warning", "status", f"สถานะ “{cells.cell_text(status_cell)[:60]}” ไม่อยู่ในรายการ "
                                    "(เผยแพร่แล้ว, อยู่ระหว่างดำเนินการ, ยังไม่ดำเนินการ, ไม่เกี่ยวข้อง) "
                                    "นับเป็นยังไม่ดำเนินการ")
    item.status = word or "not_started"
    try:
        item.urls = cells.parse_urls(reader.get(row, "url"))
    except cells.CellError as error:
        report("warning", "url", str(error))
    published = reader.get(row, "published_on")
    if not cells.is_blank(published):
        try:
            item.published_on = cells.parse_date(published)
        except cells.CellError as error:
            report("warning", "published_on", str(error))
    try:
        item.needs_improvement = cells.parse_flag(reader.get(row, "needs_improvement"))
    except cells.CellError as error:
        report("warning", "needs_improvement", str(error))

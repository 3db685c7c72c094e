"""Raw tabs → the Workbook model plus a table of problems (the contract's validation).

Bad cells are data: each becomes a Problem and the row is still counted with what
could be read. Only a workbook with nothing usable raises ContractBroken.
"""
from __future__ import annotations

from typing import Any

from sheets import activities, catalog, cells, contract, oit, tabs
from sheets.errors import ContractBroken
from sheets.model import Activity, Measure, Problem, RawTab, RawWorkbook, Settings, Workbook

SETTINGS_LOOKUP = cells.build_lookup(contract.SETTINGS_KEYS)


def parse_workbook(raw: RawWorkbook) -> Workbook:
    """Return the Workbook read from raw tabs; raises ContractBroken when none is usable."""
    roles: dict[str, RawTab] = {}
    departments: list[tuple[RawTab, tabs.TabReader]] = []
    ignored: list[str] = []
    problems: list[Problem] = []
    for tab in raw.tabs:
        problems.extend(tab.notes)
        role = tabs.match_tab_role(tab.title)
        if role and role not in roles:
            roles[role] = tab
            continue
        reader = tabs.find_header(tab, contract.ACTIVITY_HEADERS, contract.DEPARTMENT_MARKERS)
        if reader and not role:
            departments.append((tab, reader))
        else:
            ignored.append(tab.title)
            problems.append(_ignored_problem(tab, role))
    if not roles and not departments:
        raise ContractBroken(
            "ไฟล์นี้ไม่มีแท็บตามรูปแบบ (ตั้งค่า, มาตรการ, ตัวชี้วัด OIT หรือแท็บหน่วยงานที่มีคอลัมน์ "
            "มาตรการที่ และ วิธีการดำเนินการ)", details={"tabs": [t.title for t in raw.tabs]})
    settings = parse_settings(roles.get("settings"), problems)
    measures = parse_measures(roles.get("measures"), problems)
    catalog_year = catalog.pick_catalog_year(settings.oit_framework)
    _note_catalog_year(settings, roles.get("oit"), problems)
    oit_items = oit.parse_oit(roles.get("oit"), catalog_year, problems)
    known = {measure.no for measure in measures}
    rows: list[Activity] = []
    for tab, reader in departments:
        problems.extend(reader.problems)
        rows.extend(activities.parse_department(tab, reader, known if roles.get("measures") else None, problems,
                                                settings.fiscal_year))
    return Workbook(
        settings=settings, measures=measures, activities=rows, oit_items=oit_items,
        problems=problems, source=raw.source, departments=[tab.title for tab, _ in departments],
        ignored_tabs=ignored, catalog_year=catalog_year,
        tab_ids={tab.title: tab.sheet_id for tab in raw.tabs})


def _ignored_problem(tab: RawTab, role: str | None) -> Problem:
    if role:
        message = f"แท็บ “{tab.title}” ซ้ำกับแท็บก่อนหน้า จึงไม่ได้อ่าน รวมข้อมูลไว้ในแท็บเดียว"
    else:
        message = (f"ไม่ได้อ่านแท็บ “{tab.title}”: ไม่ใช่แท็บตามรูปแบบ และไม่มีคอลัมน์ "
                   "มาตรการที่ กับ วิธีการดำเนินการ ในแถวหัวตาราง")
    return Problem("info", tab.title, None, None, message, tab.sheet_id, None)


def _note_catalog_year(settings: Settings, oit_tab: RawTab | None, problems: list[Problem]) -> None:
    message = catalog.substitute_note(settings.oit_framework)
    if message:
        problems.append(Problem("info", oit_tab.title if oit_tab else contract.OIT_TAB[0], None, None, message,
                                oit_tab.sheet_id if oit_tab else None))


# --- settings -----------------------------------------------------------------------


def parse_settings(tab: RawTab | None, problems: list[Problem]) -> Settings:
    """Return Settings from key/value rows; unknown keys kept in `extra` as information."""
    settings = Settings()
    if tab is None:
        problems.append(Problem("error", contract.SETTINGS_TAB[0], None, None,
                                "ไม่พบแท็บ ตั้งค่า (settings): เพิ่มแท็บนี้และกรอก ชื่อหน่วยงาน และ ปีงบประมาณ"))
        _apply_year_defaults(settings)
        return settings
    seen: set[str] = set()
    for number, row in _settings_rows(tab):
        key_text = cells.cell_text(row[0]) if row else ""
        value = row[1] if len(row) > 1 else None
        field = SETTINGS_LOOKUP.get(cells.normalize_name(key_text))
        if field is None:
            if key_text:
                settings.extra[key_text] = cells.cell_text(value)
                problems.append(Problem("info", tab.title, number, "A",
                                        f"คีย์ “{key_text}” ไม่อยู่ในรูปแบบ เก็บไว้เป็นข้อมูลเพิ่มเติม",
                                        tab.sheet_id, f"A{number}"))
            continue
        if field in seen:
            problems.append(Problem("warning", tab.title, number, "A",
                                    f"คีย์ “{key_text}” ซ้ำ ใช้ค่าแถวแรก", tab.sheet_id, f"A{number}"))
            continue
        seen.add(field)
        _set_setting(settings, field, value, tab, number, problems)
    for field in contract.SETTINGS_REQUIRED:
        if not getattr(settings, field):
            label = contract.SETTINGS_KEYS[field][0]
            problems.append(Problem("error", tab.title, None, label,
                                    f"ยังไม่ได้กรอก {label} ในแท็บ {tab.title}", tab.sheet_id, None))
    _apply_year_defaults(settings)
    return settings


def _settings_rows(tab: RawTab):
    start = tabs.first_nonblank_row(tab)
    first = tab.rows[start] if tab.rows else []
    header_lookup = cells.build_lookup(contract.SETTINGS_HEADER)
    if first and header_lookup.get(cells.normalize_name(first[0])) == "key":
        start += 1
    for index in range(start, len(tab.rows)):
        row = tab.rows[index]
        if any(not cells.is_blank(value) for value in row):
            yield index + 1, row


def _set_setting(settings: Settings, field: str, value: Any, tab: RawTab, number: int, problems: list[Problem]) -> None:
    try:
        if field in contract.SETTINGS_YEAR_KEYS:
            parsed = cells.parse_year(value) if not cells.is_blank(value) else None
        elif field in contract.SETTINGS_DATE_KEYS:
            parsed = cells.parse_date(value) if not cells.is_blank(value) else None
        else:
            parsed = cells.cell_text(value)
    except cells.CellError as error:
        label = contract.SETTINGS_KEYS[field][0]
        problems.append(Problem("error" if field in contract.SETTINGS_REQUIRED else "warning",
                                tab.title, number, label, f"{label}: {error}", tab.sheet_id, f"B{number}"))
        if field in contract.SETTINGS_DATE_KEYS:
            settings.extra[f"{field}_text"] = cells.cell_text(value)
        return
    setattr(settings, field, parsed)


def _apply_year_defaults(settings: Settings) -> None:
    if settings.fiscal_year and settings.assessed_year is None:
        settings.assessed_year = settings.fiscal_year - 1
    if settings.fiscal_year and settings.oit_framework is None:
        settings.oit_framework = settings.fiscal_year


# --- measures -----------------------------------------------------------------------


def parse_measures(tab: RawTab | None, problems: list[Problem]) -> list[Measure]:
    """Return the measures in sheet order; a repeated ลำดับ is an error (first row wins)."""
    if tab is None:
        problems.append(Problem("error", contract.MEASURES_TAB[0], None, None,
                                "ไม่พบแท็บ มาตรการ (measures): เพิ่มแท็บนี้ มีคอลัมน์ ลำดับ และ มาตรการ"))
        return []
    reader = tabs.find_header(tab, contract.MEASURE_HEADERS, contract.MEASURE_REQUIRED)
    if reader is None:
        problems.append(_missing_headers(tab, contract.MEASURE_HEADERS, contract.MEASURE_REQUIRED))
        return []
    problems.extend(reader.problems)
    measures: list[Measure] = []
    seen: set[int] = set()
    for number, row in reader.data_rows():
        measure = _read_measure(reader, number, row, problems)
        if measure is None:
            continue
        if measure.no in seen:
            problems.append(reader.problem("error", number, reader.column_name("no"),
                                           f"ลำดับมาตรการ {measure.no} ซ้ำ ใช้แถวแรก แก้ลำดับให้ไม่ซ้ำ"))
            continue
        seen.add(measure.no)
        measures.append(measure)
    return measures


def _read_measure(reader: tabs.TabReader, number: int, row: list[Any], problems: list[Problem]) -> Measure | None:
    title = cells.cell_text(reader.get(row, "title"))
    try:
        no = cells.parse_whole_number(reader.get(row, "no"))
    except cells.CellError as error:
        problems.append(reader.problem("error", number, reader.column_name("no"),
                                       f"ลำดับมาตรการ: {error} แถวนี้จึงไม่ถูกนับ"))
        return None
    if not title:
        problems.append(reader.problem("error", number, reader.column_name("title"),
                                       f"มาตรการลำดับ {no} ไม่มีชื่อมาตรการ แถวนี้จึงไม่ถูกนับ"))
        return None
    indicators: list[str] = []
    try:
        indicators = cells.parse_codes(reader.get(row, "indicators"))
    except cells.CellError as error:
        problems.append(reader.problem("warning", number, reader.column_name("indicators"), str(error)))
    owner = cells.cell_text(reader.get(row, "owner"))
    return Measure(no=no, title=title, owner=owner, indicators=indicators, row=number)


def _missing_headers(tab: RawTab, headers: dict, required: tuple[str, ...]) -> Problem:
    row_index = tabs.first_nonblank_row(tab)
    found, _, _ = tabs.map_header(tab.rows[row_index] if tab.rows else [], headers)
    missing = [headers[key][0] for key in required if key not in found] or [headers[key][0] for key in required]
    return Problem("error", tab.title, row_index + 1, ", ".join(missing),
                   f"แท็บ “{tab.title}” ไม่มีคอลัมน์ {', '.join(missing)} ในแถวหัวตาราง เพิ่มหัวคอลัมน์นี้",
                   tab.sheet_id, f"A{row_index + 1}")

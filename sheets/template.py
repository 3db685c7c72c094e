"""An empty workbook that follows the contract: what `cli.py template` and init-sheet create."""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from sheets import catalog, contract
from sheets.model import RawTab

INSTRUCTIONS_TAB = "คำแนะนำ"
EXAMPLE_DEPARTMENT = "สำนักปลัดเทศบาล"
ACTIVITY_COLUMNS = [aliases[0] for aliases in contract.ACTIVITY_HEADERS.values()]
MEASURE_COLUMNS = [aliases[0] for aliases in contract.MEASURE_HEADERS.values()]
OIT_COLUMNS = [aliases[0] for aliases in contract.OIT_HEADERS.values()]
EXAMPLE_ACTIVITY = (1, "ตัวอย่าง: จัดทำคำสั่งแต่งตั้งคณะทำงาน", "", "มกราคม", "", "ยังไม่เริ่ม", 0, "", "", "", "")
ROLE_TABS = (contract.SETTINGS_TAB[0], contract.MEASURES_TAB[0], contract.OIT_TAB[0], INSTRUCTIONS_TAB)

HEADER_NOTES = {
    "มาตรการที่": "ลำดับของมาตรการในแท็บ มาตรการ (ตัวเลข) — ต้องกรอก",
    "วิธีการดำเนินการ": "กิจกรรมที่หน่วยงานทำภายใต้มาตรการ — ต้องกรอก",
    "ผู้รับผิดชอบ": "เว้นว่าง = ชื่อแท็บ (หน่วยงาน) หรือกรอกงานย่อย เช่น งานนิติการ หรือ ทุกส่วนราชการ",
    "ระยะเวลา": "ข้อความตามที่จะพิมพ์ในรายงาน เช่น กุมภาพันธ์ – มีนาคม ๒๕๖๖ (กำหนดเสร็จว่าง = ใช้วันสุดท้ายของระยะเวลา)",
    "กำหนดเสร็จ": "วันที่ เช่น 31 มีนาคม 2566 หรือ 31/3/2566 หรือช่วงเวลา เช่น มีนาคม 2566, ไตรมาส 2/2567 "
                  "(ใช้วันสุดท้าย) ใช้คำนวณงานเกินกำหนด",
    "สถานะ": "เลือกจากรายการ เว้นว่าง = คิดจากความคืบหน้า",
    "ความคืบหน้า (%)": "0–100 เช่น 50 หรือ 50%",
    "ผลการดำเนินการ": "ขึ้นบรรทัดใหม่ได้ (Alt+Enter) แต่ละบรรทัดเป็นย่อหน้าในรายงาน",
    "ข้อเสนอแนะ": "ขึ้นบรรทัดใหม่ได้",
    "หลักฐาน": "ลิงก์ http(s) คั่นด้วยเว้นวรรคหรือขึ้นบรรทัดใหม่",
    "ปรับปรุงล่าสุด": "วันที่แก้ไขแถวนี้ล่าสุด",
    "รหัส": "O1…On ตามรายการ OIT ของกรอบปีที่ตั้งไว้",
    "กลุ่มตัวชี้วัด": "กลุ่มของข้อตามรายการของปี เว้นว่าง = กลุ่มตามรายการในระบบ",
    "หัวข้อ": "เว้นว่าง = หัวข้อตามรายการในระบบ กรอกเพื่อแก้ไขได้",
    "ลิงก์": "ลิงก์หน้าที่เผยแพร่บนเว็บไซต์ของหน่วยงาน",
    "วันที่เผยแพร่": "วันที่เผยแพร่ข้อมูล",
    "ต้องปรับปรุง": "ใช่ = เป็นข้อที่ผลการประเมินปีก่อนให้ปรับปรุง",
    "ลำดับ": "ตัวเลขไม่ซ้ำกัน",
    "ตัวชี้วัดที่เกี่ยวข้อง": "รหัส O ที่เกี่ยวข้อง เช่น O36, O37",
}

INSTRUCTIONS = [
    ["วิธีกรอกแบบติดตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส (ITA)"],
    ["๑. แท็บ ตั้งค่า: กรอกชื่อหน่วยงาน ปีงบประมาณ (พ.ศ.) และข้อมูลหนังสือรายงาน"],
    ["๒. แท็บ มาตรการ: หนึ่งแถวต่อหนึ่งมาตรการ ลำดับต้องไม่ซ้ำ"],
    ["๓. แท็บ ตัวชี้วัด OIT: หนึ่งแถวต่อหนึ่งข้อ O เลือกสถานะ ใส่ลิงก์ที่เผยแพร่ และทำเครื่องหมาย ต้องปรับปรุง"],
    ["๔. แต่ละหน่วยงานมีแท็บของตนเอง (ชื่อแท็บ = ชื่อหน่วยงาน) คัดลอกแท็บตัวอย่างแล้วเปลี่ยนชื่อ"],
    ["๕. หนึ่งแถวต่อหนึ่งกิจกรรม: มาตรการที่ และ วิธีการดำเนินการ ต้องกรอก วันที่ใช้ พ.ศ. ได้ เช่น 31 มีนาคม 2566"],
    ["๖. เลื่อนหรือเพิ่มคอลัมน์ได้ ห้ามเปลี่ยนชื่อหัวคอลัมน์ แท็บนี้ (คำแนะนำ) ระบบไม่อ่าน"],
]


@dataclass(frozen=True)
class Validation:
    """A dropdown on one column of one tab (0-based column index, rows below the header)."""

    tab: str
    column: int
    words: tuple[str, ...]


@dataclass(frozen=True)
class DepartmentTab:
    """A department tab to create: its title, rows in ACTIVITY_COLUMNS order, then extra columns."""

    title: str
    rows: tuple[tuple[Any, ...], ...] = ()
    extra_columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class TemplateContent:
    """What a template starts with instead of the examples (see sheets.carryover)."""

    settings: Mapping[str, Any] = field(default_factory=dict)  # settings field → value
    measures: tuple[tuple[Any, ...], ...] = ()  # rows in MEASURE_COLUMNS order
    departments: tuple[DepartmentTab, ...] = ()
    oit_notes: Mapping[str, str] = field(default_factory=dict)  # flagged code → หมายเหตุ
    instructions: tuple[str, ...] = ()  # lines added at the end of the instructions tab


def build_template_tabs(fiscal_year: int = 2569, oit_framework: int | None = None,
                        content: TemplateContent | None = None) -> list[RawTab]:
    """Return the template's tabs: settings, measures, OIT (the year's catalog), departments, instructions."""
    framework = oit_framework or fiscal_year
    content = content or TemplateContent()
    items = catalog.catalog_for(catalog.pick_catalog_year(framework))
    values = {**content.settings, "fiscal_year": fiscal_year, "oit_framework": framework}
    settings = [["คีย์", "ค่า"]] + [[aliases[0], values.get(key, "")] for key, aliases in contract.SETTINGS_KEYS.items()]
    measures = [list(row) for row in content.measures] or [[1, "ตัวอย่าง: การแต่งตั้งคณะทำงาน", EXAMPLE_DEPARTMENT, ""]]
    oit_rows = [_oit_row(item, content.oit_notes.get(item.code, "")) for item in items]
    departments = content.departments or (DepartmentTab(EXAMPLE_DEPARTMENT, (EXAMPLE_ACTIVITY,)),)
    tabs = [
        RawTab(contract.SETTINGS_TAB[0], settings, 0),
        RawTab(contract.MEASURES_TAB[0], [MEASURE_COLUMNS] + measures, 1),
        RawTab(contract.OIT_TAB[0], [OIT_COLUMNS] + oit_rows, 2),
    ]
    for department in departments:
        header = ACTIVITY_COLUMNS + list(department.extra_columns)
        tabs.append(RawTab(department.title, [header] + [list(row) for row in department.rows], len(tabs)))
    instructions = INSTRUCTIONS + [[line] for line in _catalog_lines(framework, items) + list(content.instructions)]
    tabs.append(RawTab(INSTRUCTIONS_TAB, instructions, len(tabs)))
    return tabs


def _oit_row(item: catalog.CatalogItem, note: str) -> list[Any]:
    values = {"code": item.code, "title": item.title, "status": "ยังไม่ดำเนินการ",
              "needs_improvement": "ใช่" if note else "", "note": note, "group": item.group}
    return [values.get(key, "") for key in contract.OIT_HEADERS]


def _catalog_lines(framework: int, items: tuple[catalog.CatalogItem, ...]) -> list[str]:
    """Return the instructions' lines on the OIT list in use: its year, size and titles to check."""
    if not items:
        return [catalog.substitute_note(framework) or ""]
    year = items[0].framework
    lines = [f"๗. แท็บ ตัวชี้วัด OIT: รายการของกรอบปี {year} มี {len(items)} ข้อ "
             f"(O1–O{items[-1].number}) แก้หัวข้อหรือกลุ่มได้ หัวข้อที่กรอกใช้แทนหัวข้อของระบบ"]
    note = catalog.substitute_note(framework)
    if note:
        lines.append(note)
    low = catalog.low_confidence(items)
    if low and len(low) == len(items):
        lines.append(f"รายการของปี {year} ทั้งหมดยังไม่ยืนยัน ({items[0].source_note}) ตรวจกับคู่มือ ITA ก่อนใช้")
    elif low:
        lines.append(f"หัวข้อที่ยังไม่ยืนยันกับคู่มือ ITA ของปี {year} (ความเชื่อมั่นต่ำ) ตรวจก่อนใช้: "
                     + ", ".join(item.code for item in low))
    return lines


def build_validations(departments: Sequence[str] = (EXAMPLE_DEPARTMENT,)) -> list[Validation]:
    """Return the template's dropdowns: activity status on each department tab, OIT status / flag."""
    activity_words = tuple(words[0] for words in contract.ACTIVITY_STATUS_WORDS.values())
    oit_words = tuple(words[0] for words in contract.OIT_STATUS_WORDS.values())
    return [Validation(title, ACTIVITY_COLUMNS.index("สถานะ"), activity_words) for title in departments] + [
        Validation(contract.OIT_TAB[0], OIT_COLUMNS.index("สถานะ"), oit_words),
        Validation(contract.OIT_TAB[0], OIT_COLUMNS.index("ต้องปรับปรุง"), ("ใช่", "ไม่ใช่")),
    ]


def current_fiscal_year(today: dt.date) -> int:
    """Return the Thai fiscal year (B.E.) holding `today`: it starts on 1 October."""
    return today.year + contract.BE_OFFSET + (1 if today.month >= 10 else 0)


def template_xlsx_bytes(fiscal_year: int = 2569, oit_framework: int | None = None,
                        content: TemplateContent | None = None) -> bytes:
    """Return the template as `.xlsx` bytes with dropdowns, header notes and frozen headers."""
    return write_template_xlsx(build_template_tabs(fiscal_year, oit_framework, content))


def write_template_xlsx(tabs: list[RawTab]) -> bytes:
    """Return template tabs as `.xlsx` bytes with dropdowns, header notes and frozen headers."""
    from openpyxl import Workbook as XlsxBook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = XlsxBook()
    book.remove(book.active)
    for tab in tabs:
        sheet = book.create_sheet(tab.title)
        for row in tab.rows:
            sheet.append(row)
        if tab.title != INSTRUCTIONS_TAB:
            for cell in sheet[1]:
                cell.font = Font(bold=True)
                note = HEADER_NOTES.get(str(cell.value))
                if note:
                    cell.comment = Comment(note, "ITA Tracker")
            sheet.freeze_panes = "A2"
        for column in sheet.columns:
            sheet.column_dimensions[column[0].column_letter].width = 24
            for cell in column:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for rule in build_validations(department_titles(tabs)):
        words = ",".join(rule.words)
        validation = DataValidation(type="list", formula1=f'"{words}"', allow_blank=True,
                                    showErrorMessage=True, errorTitle="ค่าไม่อยู่ในรายการ",
                                    error="เลือกค่าจากรายการ")
        letter = chr(65 + rule.column)
        validation.add(f"{letter}2:{letter}1000")
        book[rule.tab].add_data_validation(validation)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def department_titles(tabs: list[RawTab]) -> list[str]:
    """Return the titles of the department tabs among template tabs."""
    return [tab.title for tab in tabs if tab.title not in ROLE_TABS]

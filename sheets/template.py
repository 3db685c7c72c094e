"""An empty workbook that follows the contract: what `cli.py template` and init-sheet create."""
from __future__ import annotations

import io
from dataclasses import dataclass

from sheets import catalog, contract
from sheets.model import RawTab

INSTRUCTIONS_TAB = "คำแนะนำ"
EXAMPLE_DEPARTMENT = "สำนักปลัดเทศบาล"
ACTIVITY_COLUMNS = [aliases[0] for aliases in contract.ACTIVITY_HEADERS.values()]
MEASURE_COLUMNS = [aliases[0] for aliases in contract.MEASURE_HEADERS.values()]
OIT_COLUMNS = [aliases[0] for aliases in contract.OIT_HEADERS.values()]

HEADER_NOTES = {
    "มาตรการที่": "ลำดับของมาตรการในแท็บ มาตรการ (ตัวเลข) — ต้องกรอก",
    "วิธีการดำเนินการ": "กิจกรรมที่หน่วยงานทำภายใต้มาตรการ — ต้องกรอก",
    "ผู้รับผิดชอบ": "เว้นว่าง = ชื่อแท็บ (หน่วยงาน) หรือกรอกงานย่อย เช่น งานนิติการ หรือ ทุกส่วนราชการ",
    "ระยะเวลา": "ข้อความตามที่จะพิมพ์ในรายงาน เช่น กุมภาพันธ์ – มีนาคม ๒๕๖๖",
    "กำหนดเสร็จ": "วันที่ เช่น 31 มีนาคม 2566 หรือ 31/3/2566 ใช้คำนวณงานเกินกำหนด",
    "สถานะ": "เลือกจากรายการ เว้นว่าง = คิดจากความคืบหน้า",
    "ความคืบหน้า (%)": "0–100 เช่น 50 หรือ 50%",
    "ผลการดำเนินการ": "ขึ้นบรรทัดใหม่ได้ (Alt+Enter) แต่ละบรรทัดเป็นย่อหน้าในรายงาน",
    "ข้อเสนอแนะ": "ขึ้นบรรทัดใหม่ได้",
    "หลักฐาน": "ลิงก์ http(s) คั่นด้วยเว้นวรรคหรือขึ้นบรรทัดใหม่",
    "ปรับปรุงล่าสุด": "วันที่แก้ไขแถวนี้ล่าสุด",
    "รหัส": "O1…O43 ตามกรอบ OIT ของปีที่ตั้งไว้",
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


def build_template_tabs(fiscal_year: int = 2569, oit_framework: int | None = None) -> list[RawTab]:
    """Return the template's tabs: settings, measures, OIT (from the catalog), example, instructions."""
    framework = oit_framework or fiscal_year
    items = catalog.catalog_for(catalog.pick_catalog_year(framework))
    settings = [["คีย์", "ค่า"]] + [[aliases[0], ""] for aliases in contract.SETTINGS_KEYS.values()]
    _set(settings, "ปีงบประมาณ", fiscal_year)
    _set(settings, "กรอบ OIT ปี", framework)
    oit_rows = [OIT_COLUMNS] + [[item.code, item.title, "", "ยังไม่ดำเนินการ", "", "", "", ""] for item in items]
    example = [ACTIVITY_COLUMNS, [1, "ตัวอย่าง: จัดทำคำสั่งแต่งตั้งคณะทำงาน", "", "มกราคม", "", "ยังไม่เริ่ม", 0,
                                   "", "", "", ""]]
    return [
        RawTab(contract.SETTINGS_TAB[0], settings, 0),
        RawTab(contract.MEASURES_TAB[0], [MEASURE_COLUMNS, [1, "ตัวอย่าง: การแต่งตั้งคณะทำงาน", EXAMPLE_DEPARTMENT, ""]], 1),
        RawTab(contract.OIT_TAB[0], oit_rows, 2),
        RawTab(EXAMPLE_DEPARTMENT, example, 3),
        RawTab(INSTRUCTIONS_TAB, INSTRUCTIONS, 4),
    ]


def _set(rows: list[list], key: str, value: object) -> None:
    for row in rows:
        if row[0] == key:
            row[1] = value


def build_validations() -> list[Validation]:
    """Return the template's dropdowns: activity status and OIT status / needs-improvement."""
    activity_words = tuple(words[0] for words in contract.ACTIVITY_STATUS_WORDS.values())
    oit_words = tuple(words[0] for words in contract.OIT_STATUS_WORDS.values())
    return [
        Validation(EXAMPLE_DEPARTMENT, ACTIVITY_COLUMNS.index("สถานะ"), activity_words),
        Validation(contract.OIT_TAB[0], OIT_COLUMNS.index("สถานะ"), oit_words),
        Validation(contract.OIT_TAB[0], OIT_COLUMNS.index("ต้องปรับปรุง"), ("ใช่", "ไม่ใช่")),
    ]


def template_xlsx_bytes(fiscal_year: int = 2569, oit_framework: int | None = None) -> bytes:
    """Return the template as `.xlsx` bytes with dropdowns, header notes and frozen headers."""
    from openpyxl import Workbook as XlsxBook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = XlsxBook()
    book.remove(book.active)
    for tab in build_template_tabs(fiscal_year, oit_framework):
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
    for rule in build_validations():
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

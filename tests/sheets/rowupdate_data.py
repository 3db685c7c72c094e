"""Department tabs for the write-back tests: the template's columns, and aliased, reordered ones."""
from __future__ import annotations

from scripts.fakes.workbooks import ACTIVITY_HEADER, make_tabs, tabs_for_fake

PLAIN = "กองคลัง"
ALIASED = "กองช่าง"
# A title row above the header, English aliases, columns in another order, no ปรับปรุงล่าสุด.
ALIASED_HEADER = ["evidence", "วิธีการดำเนินการ", "Status", "มาตรการที่", "ความคืบหน้า", "result", "ผู้รับผิดชอบ"]
# A tab without the progress and updated columns.
NARROW = "กองสาธารณสุข"
NARROW_HEADER = ["มาตรการที่", "วิธีการดำเนินการ", "สถานะ", "ผลการดำเนินการ", "หลักฐาน"]


def plain_rows() -> list[list]:
    """The template's header, then three activities (rows 2–4)."""
    return [list(ACTIVITY_HEADER),
            [1, "จัดอบรมคุณธรรม", "", "", "31/3/2569", "กำลังดำเนินการ", 40, "อบรมแล้ว 1 รุ่น", "", "", "1/11/2569"],
            [2, "เผยแพร่รายงานการเงิน", "", "", "30/9/2569", "", "", "", "", "", 46300],
            [2, "ประชุมติดตามผล", "", "", "", "ยังไม่เริ่ม", "", "", "", "", ""]]


def aliased_rows() -> list[list]:
    return [["แผนปฏิบัติการของกองช่าง ปี 2570"], list(ALIASED_HEADER),
            ["https://example.go.th/a", "ซ่อมถนนตามคำร้อง", "in_progress", 1, "25%", "", ""]]


def narrow_rows() -> list[list]:
    return [list(NARROW_HEADER), [1, "ตรวจร้านอาหาร", "ยังไม่เริ่ม", "", ""]]


def sheet_tabs() -> list[tuple]:
    """Every tab of the write-back workbook, in the (title, sheet id, rows) shape the fake takes."""
    tabs = tabs_for_fake(make_tabs(departments={}))
    return tabs + [(PLAIN, 20, plain_rows()), (ALIASED, 21, aliased_rows()), (NARROW, 22, narrow_rows())]

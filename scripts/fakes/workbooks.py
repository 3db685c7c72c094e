"""Workbooks made in code: small ones for tests (make_tabs) and big ones for the benchmark, the load test and scale tests."""
from __future__ import annotations

import datetime as dt
import io
import random
from typing import Any

from sheets.model import RawTab, RawWorkbook, SourceInfo

ACTIVITY_HEADER = ["มาตรการที่", "วิธีการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลา", "กำหนดเสร็จ", "สถานะ",
                   "ความคืบหน้า (%)", "ผลการดำเนินการ", "ข้อเสนอแนะ", "หลักฐาน", "ปรับปรุงล่าสุด"]


def make_tabs(**overrides: Any) -> list[RawTab]:
    """Return the tabs of a small valid workbook; pass settings=/measures=/oit=/departments= to change one.

    Each override is a list of rows without the header (settings: (key, value) pairs;
    departments: {tab title: [rows]}); pass None to leave that tab out.
    """
    settings = overrides.get("settings", [("ชื่อหน่วยงาน", "เทศบาลทดสอบ"), ("ปีงบประมาณ", 2566),
                                          ("กรอบ OIT ปี", 2565)])
    measures = overrides.get("measures", [(1, "มาตรการหนึ่ง", "สำนักปลัดเทศบาล", "O1"), (2, "มาตรการสอง", "กองคลัง", "")])
    oit = overrides.get("oit", [("O1", "", "สำนักปลัดเทศบาล", "เผยแพร่แล้ว", "https://example.go.th/o1", "2023-01-10", "ใช่", ""),
                                ("O2", "", "สำนักปลัดเทศบาล", "ยังไม่ดำเนินการ", "", "", "", "")])
    departments = overrides.get("departments", {
        "สำนักปลัดเทศบาล": [(1, "กิจกรรม ก", "", "มกราคม ๒๕๖๖", "31/1/2566", "เสร็จแล้ว", 100, "ผล ก", "", "", "")],
        "กองคลัง": [(2, "กิจกรรม ข", "", "", "2023-03-31", "กำลังดำเนินการ", 40, "", "", "", "")],
    })
    tabs: list[RawTab] = []
    if settings is not None:
        tabs.append(RawTab("ตั้งค่า", [["คีย์", "ค่า"]] + [list(row) for row in settings], 0))
    if measures is not None:
        tabs.append(RawTab("มาตรการ", [["ลำดับ", "มาตรการ", "ผู้รับผิดชอบ", "ตัวชี้วัดที่เกี่ยวข้อง"]] + [list(r) for r in measures], 1))
    if oit is not None:
        tabs.append(RawTab("ตัวชี้วัด OIT", [["รหัส", "หัวข้อ", "ผู้รับผิดชอบ", "สถานะ", "ลิงก์", "วันที่เผยแพร่",
                                              "ต้องปรับปรุง", "หมายเหตุ"]] + [list(r) for r in oit], 2))
    for index, (title, rows) in enumerate((departments or {}).items()):
        tabs.append(RawTab(title, [list(ACTIVITY_HEADER)] + [list(r) for r in rows], 10 + index))
    tabs.extend(overrides.get("extra_tabs", []))
    return tabs


def make_raw_workbook(**overrides: Any) -> RawWorkbook:
    """Return a RawWorkbook built by make_tabs (see there for overrides)."""
    return RawWorkbook(make_tabs(**overrides), SourceInfo(kind="xlsx", name="test.xlsx"))


STATUSES = ["เสร็จแล้ว", "กำลังดำเนินการ", "ยังไม่เริ่ม", "", "ยกเลิก"]


def build_large_tabs(departments: int = 60, rows: int = 200, measures: int = 10, seed: int = 7) -> list[RawTab]:
    """Return settings, measures, the OIT tab and `departments` tabs of `rows` activities each."""
    rng = random.Random(seed)
    measure_rows = [(n, f"มาตรการที่ {n} ส่งเสริมคุณธรรมและความโปร่งใส", "ทุกส่วนราชการ", "") for n in range(1, measures + 1)]
    oit_rows = [(f"O{n}", "", "สำนักปลัดเทศบาล", rng.choice(["เผยแพร่แล้ว", "อยู่ระหว่างดำเนินการ", ""]),
                 f"https://example.go.th/o{n}", "31 มี.ค. 2566", "ใช่" if n % 4 == 0 else "", "") for n in range(1, 44)]
    tabs = make_tabs(settings=[("ชื่อหน่วยงาน", "เทศบาลนครทดสอบ"), ("ปีงบประมาณ", 2566), ("กรอบ OIT ปี", 2565)],
                     measures=measure_rows, oit=oit_rows, departments={})
    for index in range(departments):
        title = f"กองทดสอบที่ {index + 1} ฝ่ายบริหารงานทั่วไป"
        body = [list(ACTIVITY_HEADER)]
        for row in range(rows):
            due = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(0, 1400))
            body.append([rng.randrange(1, measures + 1), f"กิจกรรมที่ {row + 1} ของ{title} ดำเนินการตามแผน",
                         "", "ตุลาคม ๒๕๖๕ – กันยายน ๒๕๖๖", due.strftime("%d/%m/") + str(due.year + 543),
                         rng.choice(STATUSES), rng.choice(["", 0, 25, 50, 0.75, "100%"]),
                         "ดำเนินการแล้ว\nรายงานผลต่อผู้บริหาร", "ควรติดตามต่อเนื่อง", "", "2023-03-31"])
        tabs.append(RawTab(title, body, 1000 + index))
    return tabs


def tabs_to_xlsx_bytes(tabs: list[RawTab]) -> bytes:
    """Return `.xlsx` bytes holding the given tabs (write-only mode, fast for big books)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for tab in tabs:
        sheet = book.create_sheet(tab.title[:31])
        for row in tab.rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def tabs_for_fake(tabs: list[RawTab]) -> list[tuple]:
    """Return tabs in the (title, sheet_id, rows) shape FakeGoogle.add_spreadsheet takes."""
    return [(tab.title, tab.sheet_id if tab.sheet_id is not None else i, tab.rows) for i, tab in enumerate(tabs)]


def build_zip_bomb() -> bytes:
    """Return an ".xlsx" whose sheet expands to 1 GiB of zeros (about 1 MiB on disk)."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(1024):
                member.write(chunk)
    return buffer.getvalue()

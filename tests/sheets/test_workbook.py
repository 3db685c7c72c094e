"""The contract's tab rules: every bad-input kind yields a problem at the right tab and row."""
import datetime as dt
import unicodedata

import pytest

from sheets import cells, figures
from sheets.errors import ContractBroken
from sheets.model import RawTab, RawWorkbook, SourceInfo
from sheets.workbook import parse_workbook
from tests.conftest import ACTIVITY_HEADER, make_raw_workbook, make_tabs, make_workbook

ROW = (1, "กิจกรรม", "", "", "", "", "", "", "", "", "")


def activity(**cells):
    """Return one department row with some cells replaced by header name."""
    row = list(ROW)
    for name, value in cells.items():
        headers = [unicodedata.normalize("NFKC", h) for h in ACTIVITY_HEADER]
        row[headers.index(unicodedata.normalize("NFKC", name))] = value
    return tuple(row)


def dept(*rows):
    return {"departments": {"กองช่าง": list(rows)}}


def problems_at(workbook, tab, row=None):
    return [p for p in workbook.problems if p.tab == tab and (row is None or p.row == row)]


# (overrides, tab, row, severity, column) — rows are sheet rows: header is row 1.
BAD_INPUTS = [
    ("unknown status word", dept(activity(สถานะ="ไปได้ครึ่งทาง")), "กองช่าง", 2, "warning", "สถานะ"),
    ("progress over 100", dept(activity(**{"ความคืบหน้า (%)": 150})), "กองช่าง", 2, "warning", "ความคืบหน้า (%)"),
    ("progress as text", dept(activity(**{"ความคืบหน้า (%)": "ครึ่ง"})), "กองช่าง", 2, "warning", "ความคืบหน้า (%)"),
    ("unreadable due date", dept(activity(กำหนดเสร็จ="สิ้นเดือน")), "กองช่าง", 2, "warning", "กำหนดเสร็จ"),
    ("unreadable updated date", dept(activity(ปรับปรุงล่าสุด="เมื่อวาน")), "กองช่าง", 2, "warning", "ปรับปรุงล่าสุด"),
    ("evidence not a link", dept(activity(หลักฐาน="ดูในแฟ้ม")), "กองช่าง", 2, "warning", "หลักฐาน"),
    ("missing measure", dept(activity(มาตรการที่="")), "กองช่าง", 2, "error", "มาตรการที่"),
    ("missing activity", dept(activity(วิธีการดำเนินการ="")), "กองช่าง", 2, "error", "วิธีการดำเนินการ"),
    ("measure not a number", dept(activity(มาตรการที่="หนึ่ง")), "กองช่าง", 2, "error", "มาตรการที่"),
    ("measure not in measures", dept(activity(มาตรการที่=9)), "กองช่าง", 2, "error", "มาตรการที่"),
    ("measure no not a number", {"measures": [("ก", "ชื่อ", "", "")]}, "มาตรการ", 2, "error", "ลำดับ"),
    ("measure without title", {"measures": [(1, "", "", "")]}, "มาตรการ", 2, "error", "มาตรการ"),
    ("repeated measure no", {"measures": [(1, "ก", "", ""), (1, "ข", "", "")]}, "มาตรการ", 3, "error", "ลำดับ"),
    ("bad indicator code", {"measures": [(1, "ก", "", "Q7")]}, "มาตรการ", 2, "warning", "ตัวชี้วัดที่เกี่ยวข้อง"),
    ("bad O code", {"oit": [("X1", "", "", "", "", "", "", "")]}, "ตัวชี้วัด OIT", 2, "error", "รหัส"),
    ("repeated O code", {"oit": [("O1", "", "", "", "", "", "", ""), ("o๑", "", "", "", "", "", "", "")]},
     "ตัวชี้วัด OIT", 3, "error", "รหัส"),
    ("unknown code with title", {"oit": [("O77", "ข้อพิเศษ", "", "", "", "", "", "")]}, "ตัวชี้วัด OIT", 2, "warning", "รหัส"),
    ("unknown code untitled", {"oit": [("O77", "", "", "", "", "", "", "")]}, "ตัวชี้วัด OIT", 2, "error", "รหัส"),
    ("bad OIT status", {"oit": [("O1", "", "", "ทำแล้ว?", "", "", "", "")]}, "ตัวชี้วัด OIT", 2, "warning", "สถานะ"),
    ("bad OIT link", {"oit": [("O1", "", "", "", "เว็บไซต์", "", "", "")]}, "ตัวชี้วัด OIT", 2, "warning", "ลิงก์"),
    ("bad OIT date", {"oit": [("O1", "", "", "", "", "เร็วๆนี้", "", "")]}, "ตัวชี้วัด OIT", 2, "warning", "วันที่เผยแพร่"),
    ("bad OIT flag", {"oit": [("O1", "", "", "", "", "", "บางที", "")]}, "ตัวชี้วัด OIT", 2, "warning", "ต้องปรับปรุง"),
    ("missing organization", {"settings": [("ปีงบประมาณ", 2566)]}, "ตั้งค่า", None, "error", "ชื่อหน่วยงาน"),
    ("missing fiscal year", {"settings": [("ชื่อหน่วยงาน", "ก")]}, "ตั้งค่า", None, "error", "ปีงบประมาณ"),
    ("bad fiscal year", {"settings": [("ชื่อหน่วยงาน", "ก"), ("ปีงบประมาณ", "ปีนี้")]}, "ตั้งค่า", 3, "error", "ปีงบประมาณ"),
    ("bad document date", {"settings": [("ชื่อหน่วยงาน", "ก"), ("ปีงบประมาณ", 2566), ("วันที่หนังสือ", "วันนี้")]},
     "ตั้งค่า", 4, "warning", "วันที่หนังสือ"),
    ("unknown settings key", {"settings": [("ชื่อหน่วยงาน", "ก"), ("ปีงบประมาณ", 2566), ("สีโปรด", "ฟ้า")]},
     "ตั้งค่า", 4, "info", "A"),
    ("ignored tab", {"extra_tabs": [RawTab("โน้ต", [["อะไรก็ได้"]], 99)]}, "โน้ต", None, "info", None),
]


@pytest.mark.parametrize("label, overrides, tab, row, severity, column", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_every_bad_input_kind_is_reported_at_its_tab_and_row(label, overrides, tab, row, severity, column):
    workbook = make_workbook(**overrides)
    found = [p for p in problems_at(workbook, tab, row)
             if p.severity == severity and cells.normalize_name(p.column) == cells.normalize_name(column)]
    assert found, f"{label}: {[p.as_dict() for p in workbook.problems]}"
    assert all(any("\u0e00" <= ch <= "\u0e7f" for ch in p.message) for p in found)


def test_unknown_status_is_counted_as_unknown():
    workbook = make_workbook(**dept(activity(สถานะ="ไปได้ครึ่งทาง")))
    assert [a.status for a in workbook.activities if a.department == "กองช่าง"] == ["unknown"]


def test_row_missing_required_cell_is_left_out_and_reported():
    workbook = make_workbook(**dept(activity(วิธีการดำเนินการ=""), activity()))
    assert len([a for a in workbook.activities if a.department == "กองช่าง"]) == 1
    assert problems_at(workbook, "กองช่าง", 2)


def test_row_with_a_problem_is_still_counted_with_what_could_be_read():
    workbook = make_workbook(**dept(activity(กำหนดเสร็จ="สิ้นเดือน", สถานะ="เสร็จแล้ว")))
    (row,) = [a for a in workbook.activities if a.department == "กองช่าง"]
    assert row.status == "done" and row.due is None and row.extra["due_text"] == "สิ้นเดือน"


def test_wholly_blank_row_is_skipped_without_a_problem():
    workbook = make_workbook(**dept(activity(), ("", None, "", "", "", "", "", "", "", "", ""), activity()))
    rows = [a.row for a in workbook.activities if a.department == "กองช่าง"]
    assert rows == [2, 4] and not problems_at(workbook, "กองช่าง")


@pytest.mark.parametrize("status, progress, expected", [
    ("", "", "not_started"), ("", 0, "not_started"), ("", 1, "in_progress"), ("", 99, "in_progress"),
    ("", 100, "done"), ("", "๕๐", "in_progress"), ("", 0.5, "in_progress"), ("ยกเลิก", 50, "cancelled"),
])
def test_blank_status_is_derived_from_progress(status, progress, expected):
    workbook = make_workbook(**dept(activity(สถานะ=status, **{"ความคืบหน้า (%)": progress})))
    assert [a.status for a in workbook.activities if a.department == "กองช่าง"] == [expected]


def test_blank_owner_is_the_tab_title_and_a_unit_is_kept():
    workbook = make_workbook(**dept(activity(), activity(ผู้รับผิดชอบ="งานนิติการ")))
    assert [a.owner for a in workbook.activities if a.department == "กองช่าง"] == ["กองช่าง", "งานนิติการ"]


def test_english_aliases_free_column_order_and_extra_columns():
    header = ["Status", "note to self", "ACTIVITY", "measure", "due", "Progress"]
    tabs = [
        RawTab("Settings", [["organization", "เทศบาล ก"], ["fiscal_year", 2023], ["oit_framework", "2566"]]),
        RawTab("measures", [["title", "no"], ["มาตรการ ก", "๑"]]),
        RawTab("OIT", [["code", "status", "needs_improvement"], ["o 5", "Published", "✓"]]),
        RawTab("Division of Works", [header, ["done", "keep me", "สร้างถนน", 1, "2023-01-01", ""]]),
    ]
    workbook = parse_workbook(RawWorkbook(tabs, SourceInfo("xlsx", "t")))
    assert workbook.settings.fiscal_year == 2566 and workbook.settings.oit_framework == 2566
    assert workbook.settings.assessed_year == 2565
    assert [(m.no, m.title) for m in workbook.measures] == [(1, "มาตรการ ก")]
    (act,) = workbook.activities
    assert (act.activity, act.status, act.extra["note to self"]) == ("สร้างถนน", "done", "keep me")
    o5 = next(item for item in workbook.oit_items if item.code == "O5")
    assert o5.status == "published" and o5.needs_improvement and o5.in_tab
    assert not [p for p in workbook.problems if p.severity == "error"]


def test_header_row_may_sit_under_a_title_row():
    tab = RawTab("กองคลัง", [["แบบติดตาม กองคลัง"], [], ACTIVITY_HEADER, list(ROW)])
    workbook = make_workbook(departments={}, extra_tabs=[tab])
    assert [(a.department, a.row) for a in workbook.activities] == [("กองคลัง", 4)]


def test_framework_year_without_catalog_uses_the_nearest_earlier_one_as_information():
    workbook = make_workbook(settings=[("ชื่อหน่วยงาน", "ก"), ("ปีงบประมาณ", 2571), ("กรอบ OIT ปี", 2570)])
    assert workbook.catalog_year == 2569 and len(workbook.oit_items) == 26
    (note,) = [p for p in workbook.problems if "กรอบปี 2570" in p.message]
    assert note.severity == "info" and note.tab == "ตัวชี้วัด OIT"
    assert "ยังไม่มีรายการ OIT ของกรอบปี 2570" in note.message and "ใช้รายการของปี 2569" in note.message
    assert "หัวข้อที่กรอก" in note.message


def test_framework_defaults_to_the_fiscal_year_and_an_explicit_one_wins():
    implicit = make_workbook(settings=[("ชื่อหน่วยงาน", "ก"), ("ปีงบประมาณ", 2569)])
    explicit = make_workbook(settings=[("ชื่อหน่วยงาน", "ก"), ("ปีงบประมาณ", 2569), ("กรอบ OIT ปี", 2568)])
    assert (implicit.settings.oit_framework, implicit.catalog_year, len(implicit.oit_items)) == (2569, 2569, 26)
    assert (explicit.settings.oit_framework, explicit.catalog_year, len(explicit.oit_items)) == (2568, 2568, 28)
    assert not [p for p in implicit.problems + explicit.problems if "กรอบปี" in p.message]


def test_a_group_in_the_oit_tab_wins_and_places_an_extra_item_under_its_indicator():
    header = ["รหัส", "หัวข้อ", "ผู้รับผิดชอบ", "สถานะ", "ลิงก์", "วันที่เผยแพร่", "ต้องปรับปรุง", "หมายเหตุ", "กลุ่มตัวชี้วัด"]
    rows = [["O1", "", "", "เผยแพร่แล้ว", "", "", "", "", "9.9 กลุ่มของหน่วยงาน"],
            ["O27", "ข้อใหม่ของปี 2570", "", "", "", "", "", "", "๑๐.๓ กลุ่มใหม่"]]
    tabs = [tab for tab in make_tabs(settings=[("ชื่อหน่วยงาน", "ก"), ("ปีงบประมาณ", 2570)]) if tab.title != "ตัวชี้วัด OIT"]
    workbook = parse_workbook(RawWorkbook(tabs + [RawTab("ตัวชี้วัด OIT", [header] + rows, 2)],
                                          SourceInfo(kind="xlsx", name="t.xlsx")))
    first, extra = workbook.oit_items[0], workbook.oit_items[-1]
    assert (first.group, first.indicator, first.title_from_sheet) == ("9.9 กลุ่มของหน่วยงาน", 9, False)
    assert (extra.code, extra.group, extra.indicator, extra.in_catalog) == ("O27", "๑๐.๓ กลุ่มใหม่", 10, False)


def test_framework_2565_reads_codes_against_the_2565_catalog():
    o23_2565 = make_workbook().oit_items[22]
    workbook_2566 = make_workbook(settings=[("ชื่อหน่วยงาน", "ก"), ("ปีงบประมาณ", 2566), ("กรอบ OIT ปี", 2566)])
    assert o23_2565.code == "O23" and "จัดซื้อ" in o23_2565.title
    assert workbook_2566.oit_items[22].title != o23_2565.title


def test_tab_title_in_oit_row_wins_and_extra_codes_count():
    workbook = make_workbook(oit=[("O1", "โครงสร้างองค์กร", "", "เผยแพร่แล้ว", "", "", "", ""),
                                  ("O44", "ข้อเพิ่ม", "", "เผยแพร่แล้ว", "", "", "", ""),
                                  ("O45", "", "", "เผยแพร่แล้ว", "", "", "", "")])
    codes = [item.code for item in workbook.oit_items]
    assert workbook.oit_items[0].title == "โครงสร้างองค์กร"
    assert "O44" in codes and "O45" not in codes
    assert figures.oit_summary(workbook).total == 44 and figures.oit_summary(workbook).published == 2


def test_repeated_role_tab_is_ignored_and_reported():
    workbook = make_workbook(extra_tabs=[RawTab("Settings", [["organization", "อื่น"]])])
    assert workbook.ignored_tabs == ["Settings"] and workbook.settings.organization == "เทศบาลทดสอบ"


def test_repeated_header_is_a_warning_first_column_wins():
    header = ACTIVITY_HEADER + ["สถานะ"]
    tab = RawTab("กองช่าง", [header, list(ROW[:5]) + ["เสร็จแล้ว"] + list(ROW[6:]) + ["ยกเลิก"]])
    workbook = make_workbook(departments={}, extra_tabs=[tab])
    assert workbook.activities[-1].status == "done"
    assert any(p.tab == "กองช่าง" and p.row == 1 and p.severity == "warning" for p in workbook.problems)


def test_a_workbook_with_no_contract_tab_is_contract_broken():
    raw = RawWorkbook([RawTab("Sheet1", [["a", "b"], [1, 2]])], SourceInfo("xlsx", "x"))
    with pytest.raises(ContractBroken) as error:
        parse_workbook(raw)
    assert "มาตรการที่" in str(error.value)


def test_missing_measures_tab_is_an_error_and_departments_still_count():
    workbook = make_workbook(measures=None)
    assert problems_at(workbook, "มาตรการ") and len(workbook.activities) == 2


def test_problem_carries_a1_and_sheet_id_for_a_cell_link():
    workbook = make_workbook(**dept(activity(กำหนดเสร็จ="สิ้นเดือน")))
    (problem,) = problems_at(workbook, "กองช่าง", 2)
    assert problem.a1 == "E2" and problem.sheet_id == 10


def test_dates_from_real_cell_types():
    due = dt.datetime(2023, 3, 31)
    workbook = make_workbook(**dept(activity(กำหนดเสร็จ=due), activity(กำหนดเสร็จ=45016)))
    assert {a.due for a in workbook.activities if a.department == "กองช่าง"} == {dt.date(2023, 3, 31)}


def test_raw_source_is_kept():
    assert make_raw_workbook().source.kind == "xlsx"


def test_each_item_says_where_its_title_comes_from_and_how_sure_the_list_is():
    from sheets import oit

    workbook = make_workbook(settings=[("ชื่อหน่วยงาน", "ก"), ("ปีงบประมาณ", 2569)],
                             oit=[("O1", "โครงสร้างของเรา", "", "", "", "", "", ""), ("O27", "ข้อเพิ่ม", "", "", "", "", "", "")])
    by_code = {item.code: oit.describe_title_source(item) for item in workbook.oit_items}
    assert by_code["O1"].startswith("หัวข้อตามที่กรอกในแบบฟอร์ม · ความเชื่อมั่นของรายการ: ปานกลาง")
    assert by_code["O2"].startswith("ความเชื่อมั่นของรายการ: ต่ำ (")
    assert by_code["O9"].startswith("ความเชื่อมั่นของรายการ: สูง")
    assert by_code["O27"] == "ข้อเพิ่มเติม: หัวข้อตามที่กรอกในแบบฟอร์ม"

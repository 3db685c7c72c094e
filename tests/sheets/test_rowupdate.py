"""Row update logic without a network: validation, columns by the tab's own header, the row check."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from sheets import rowupdate, rowvalues
from sheets.rowupdate import RowRef, RowValues, UpdateRefused, validate_changes
from tests.sheets.rowupdate_data import aliased_rows, narrow_rows, plain_rows

TODAY = dt.date(2026, 11, 30)


def plan(rows: list[list], row: int, activity: str, *, seen: RowValues | None = None, **changes):
    ref = RowRef("แท็บ", row, activity)
    cells = rows[row - 1] if row <= len(rows) else []
    return rowupdate.plan_update(ref, rows[:10], cells, validate_changes(**changes), TODAY, seen)


def written(result) -> dict:
    return {cell.a1: cell.value for cell in result.cells}


@pytest.mark.parametrize("status, key", [
    ("กำลังดำเนินการ", "in_progress"), ("อยู่ระหว่างดำเนินการ", "in_progress"), ("เสร็จสิ้น", "done"),
    ("done", "done"), ("✓", "done"), (" ยกเลิก ", "cancelled"), ("ยังไม่ดำเนินการ", "not_started"),
])
def test_every_status_word_of_the_contract_is_accepted(status, key):
    assert validate_changes(status=status).status == key


@pytest.mark.parametrize("progress, number", [("50", 50), ("๕๐", 50), ("50%", 50), (0, 0), ("100", 100),
                                              (12.5, 12.5), ("0.5", 0.5)])
def test_progress_from_0_to_100(progress, number):
    assert validate_changes(progress=progress).progress == number


@pytest.mark.parametrize("changes, words", [
    ({"status": "ทำอยู่"}, "สถานะ: “ทำอยู่” ไม่อยู่ในรายการ"),
    ({"status": ""}, "สถานะ"),
    ({"progress": "101"}, "ความคืบหน้า (%): ต้องอยู่ระหว่าง 0–100"),
    ({"progress": "-1"}, "0–100"),
    ({"progress": "ครึ่งหนึ่ง"}, "ต้องเป็นตัวเลข"),
    ({"progress": True}, "ต้องเป็นตัวเลข"),
    ({"evidence": "ดูในแฟ้ม"}, "หลักฐาน: ลิงก์ต้องขึ้นต้นด้วย http:// หรือ https://"),
    ({"evidence": "javascript:alert(1)"}, "http://"),
    ({"evidence": "ftp://files.go.th/a.pdf"}, "http://"),
    ({"result": "ก" * 50_001}, "เกิน 50,000"),
])
def test_bad_values_are_refused_before_anything_else(changes, words):
    with pytest.raises(UpdateRefused) as caught:
        validate_changes(**changes)
    assert words in str(caught.value) and str(caught.value).startswith("ยังไม่ได้บันทึก")


def test_every_bad_value_is_named_in_one_message():
    with pytest.raises(UpdateRefused) as caught:
        validate_changes(status="x", progress="200", evidence="ไม่ใช่ลิงก์")
    message = str(caught.value)
    assert "สถานะ" in message and "ความคืบหน้า" in message and "หลักฐาน" in message and "\n" not in message


def test_evidence_links_are_kept_one_per_line():
    changes = validate_changes(evidence="https://a.go.th/1 https://a.go.th/2\nhttps://a.go.th/3")
    assert changes.evidence == ("https://a.go.th/1", "https://a.go.th/2", "https://a.go.th/3")
    assert validate_changes(evidence=["https://a.go.th/1", "https://a.go.th/2"]).evidence == changes.evidence[:2]
    assert rowvalues.cell_value("evidence", changes.evidence) == "https://a.go.th/1\nhttps://a.go.th/2\nhttps://a.go.th/3"


def test_only_changed_cells_are_written_plus_the_updated_date():
    result = plan(plain_rows(), 2, "จัดอบรมคุณธรรม", status="กำลังดำเนินการ", progress=60, result="อบรมแล้ว 1 รุ่น")

    assert written(result) == {"G2": 60, "K2": "30/11/2569"}  # status and result were already so
    assert result.fields == ["progress"]
    assert result.changes() == {"progress": {"old": "40", "new": "60"},
                                "updated": {"old": "1/11/2569", "new": "30/11/2569"}}


def test_the_status_is_written_as_the_contracts_canonical_thai_word():
    result = plan(plain_rows(), 4, "ประชุมติดตามผล", status="done")
    assert written(result) == {"F4": "เสร็จแล้ว", "K4": "30/11/2569"}


def test_the_updated_date_keeps_a_date_cell_a_date_serial():
    result = plan(plain_rows(), 3, "เผยแพร่รายงานการเงิน", progress=10)
    assert written(result)["K3"] == 46356  # 2026-11-30 as Google's day number
    assert rowupdate.format_updated(TODAY, None) == "30/11/2569"


def test_nothing_changed_writes_nothing():
    result = plan(plain_rows(), 2, "จัดอบรมคุณธรรม", status="in_progress", progress="40%")
    assert result.cells == () and result.fields == []


def test_aliased_reordered_columns_are_found_by_the_tabs_own_header():
    rows = aliased_rows()  # header on row 2, evidence in A, status in C, progress in E, result in F
    result = plan(rows, 3, "ซ่อมถนนตามคำร้อง", status="เสร็จแล้ว", progress=100, result="ซ่อมครบ 12 จุด",
                  evidence="https://example.go.th/b")

    assert written(result) == {"C3": "เสร็จแล้ว", "E3": 100, "F3": "ซ่อมครบ 12 จุด", "A3": "https://example.go.th/b"}
    assert [cell.column for cell in result.cells] == ["Status", "ความคืบหน้า", "result", "evidence"]


def test_a_field_the_tab_lacks_is_refused_naming_the_column():
    with pytest.raises(UpdateRefused) as caught:
        plan(narrow_rows(), 2, "ตรวจร้านอาหาร", status="กำลังดำเนินการ", progress=30)
    assert "ไม่มีคอลัมน์ “ความคืบหน้า (%)”" in str(caught.value) and "ไม่เขียนลงคอลัมน์อื่น" in str(caught.value)


def test_a_tab_without_the_updated_column_gets_only_the_changed_cells():
    result = plan(narrow_rows(), 2, "ตรวจร้านอาหาร", status="กำลังดำเนินการ")
    assert written(result) == {"C2": "กำลังดำเนินการ"}


@pytest.mark.parametrize("row, activity, words", [
    (3, "จัดอบรมคุณธรรม", "ตอนนี้เป็นกิจกรรม “เผยแพร่รายงานการเงิน” ไม่ใช่ “จัดอบรมคุณธรรม”"),
    (9, "จัดอบรมคุณธรรม", "ไม่มีกิจกรรม “จัดอบรมคุณธรรม” แล้ว"),
    (1, "วิธีการดำเนินการ", "แถวหัวตาราง"),
])
def test_a_row_that_no_longer_holds_the_activity_is_refused(row, activity, words):
    with pytest.raises(UpdateRefused) as caught:
        plan(plain_rows(), row, activity, progress=50)
    assert words in str(caught.value)


def test_the_activity_text_compares_without_caring_for_spaces():
    assert plan(plain_rows(), 2, " จัดอบรม\u200bคุณธรรม ", progress=41).cells


def test_a_tab_whose_header_is_gone_is_refused():
    rows = plain_rows()
    rows[0] = ["ก", "ข"]
    with pytest.raises(UpdateRefused, match="ไม่มีแถวหัวตาราง"):
        plan(rows, 2, "จัดอบรมคุณธรรม", progress=50)


def seen_of(rows: list[list], row: int) -> RowValues:
    ref = RowRef("แท็บ", row, "")
    reader = rowupdate.locate_header(ref, rows[:10])
    return RowValues.from_activity(rowupdate.parse_row(ref, reader, rows[:10], rows[row - 1]))


def test_a_cell_changed_by_someone_else_since_the_form_opened_is_refused():
    rows = plain_rows()
    seen = seen_of(rows, 2)
    rows[1][6] = 55  # someone typed 55 in ความคืบหน้า (%) meanwhile
    with pytest.raises(UpdateRefused) as caught:
        plan(rows, 2, "จัดอบรมคุณธรรม", seen=seen, progress=60)
    assert "มีคนแก้แถว 2" in str(caught.value) and "ความคืบหน้า (%) จาก “40” เป็น “55”" in str(caught.value)


def test_someone_elses_edit_of_a_cell_not_being_saved_is_kept():
    rows = plain_rows()
    seen = seen_of(rows, 2)
    rows[1][7] = "อบรมแล้ว 2 รุ่น"  # the result changed meanwhile; this form saves the status only
    result = plan(rows, 2, "จัดอบรมคุณธรรม", seen=seen, status="เสร็จแล้ว", result=seen.result)
    assert written(result) == {"F2": "เสร็จแล้ว", "K2": "30/11/2569"}


def test_the_same_change_made_by_someone_else_is_not_a_conflict():
    rows = plain_rows()
    seen = seen_of(rows, 2)
    rows[1][6] = 60
    assert plan(rows, 2, "จัดอบรมคุณธรรม", seen=seen, progress=60).cells == ()


def test_after_is_the_row_as_the_parser_will_read_it():
    result = plan(plain_rows(), 3, "เผยแพร่รายงานการเงิน", progress=100)  # its status cell is blank
    assert (result.after.progress, result.after.status, result.after.updated) == (100, "done", TODAY)



def test_an_updated_date_already_today_is_not_written_again():
    rows = plain_rows()
    rows[1][10] = "30/11/2569"
    assert written(plan(rows, 2, "จัดอบรมคุณธรรม", progress=41)) == {"G2": 41}


def test_with_activity_returns_a_patched_copy_and_leaves_the_cached_workbook_as_it_was():
    from tests.conftest import load_workbook

    book = load_workbook()
    old = next(a for a in book.activities if a.row)
    saved = dataclasses.replace(old, progress=99.0, sheet_id=None)

    patched = rowupdate.with_activity(book, saved)

    assert patched is not book and patched.activities is not book.activities
    new = next(a for a in patched.activities if (a.tab, a.row) == (old.tab, old.row))
    assert new.progress == 99.0 and new.sheet_id == old.sheet_id
    assert next(a for a in book.activities if (a.tab, a.row) == (old.tab, old.row)) is old
    assert rowupdate.with_activity(book, dataclasses.replace(old, row=99_999)) is None

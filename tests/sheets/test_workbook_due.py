"""sheets/workbook.py, an activity's due date: a period's end, ระยะเวลา when กำหนดเสร็จ is blank, recurring work."""
import datetime as dt

import pytest

from sheets import figures
from sheets.model import RawTab, RawWorkbook, SourceInfo
from sheets.workbook import parse_workbook
from tests.conftest import make_workbook
from tests.sheets.test_workbook import activity, dept, problems_at

FY2567 = [("ชื่อหน่วยงาน", "เทศบาลทดสอบ"), ("ปีงบประมาณ", 2567)]


def only_row(workbook):
    (row,) = [a for a in workbook.activities if a.department == "กองช่าง"]
    return row


def test_a_period_in_the_due_cell_is_its_last_day_with_no_problem():
    workbook = make_workbook(**dept(activity(กำหนดเสร็จ="ต.ค. 66 – ก.ย. 67")))
    assert only_row(workbook).due == dt.date(2024, 9, 30)
    assert not problems_at(workbook, "กองช่าง")


def test_a_half_without_a_year_takes_the_fiscal_year_from_settings():
    workbook = make_workbook(settings=FY2567, **dept(activity(กำหนดเสร็จ="ครึ่งปีแรก")))
    assert only_row(workbook).due == dt.date(2024, 3, 31)


def test_blank_due_comes_from_the_period_with_an_info_problem_at_the_due_cell():
    workbook = make_workbook(**dept(activity(ระยะเวลา="ต.ค. ๖๖ – ก.ย. ๖๗")))
    assert only_row(workbook).due == dt.date(2024, 9, 30)
    (problem,) = problems_at(workbook, "กองช่าง", 2)
    assert (problem.severity, problem.column, problem.a1) == ("info", "กำหนดเสร็จ", "E2")
    assert "ต.ค. ๖๖ – ก.ย. ๖๗" in problem.message and "30 ก.ย. 2567" in problem.message
    assert problem.message.startswith("กำหนดเสร็จว่าง")


def test_blank_due_from_a_half_uses_the_sheets_fiscal_year():
    workbook = make_workbook(settings=FY2567, **dept(activity(ระยะเวลา="รอบ 6 เดือน")))
    assert only_row(workbook).due == dt.date(2024, 3, 31)
    assert [p.severity for p in problems_at(workbook, "กองช่าง", 2)] == ["info"]


def test_a_due_from_the_period_makes_the_row_overdue():
    workbook = make_workbook(**dept(activity(ระยะเวลา="ไตรมาส 2/2567", สถานะ="กำลังดำเนินการ")))
    assert figures.is_overdue(only_row(workbook), dt.date(2024, 4, 1))
    assert not figures.is_overdue(only_row(workbook), dt.date(2024, 3, 31))


@pytest.mark.parametrize("period", ["รายเดือน", "ทุกไตรมาส", "ตลอดปี", "ตลอดปีงบประมาณ", "ต่อเนื่อง",
                                    "ตามแผนงาน", ""])
def test_recurring_or_free_text_period_gives_no_due_and_no_problem(period):
    workbook = make_workbook(settings=FY2567, **dept(activity(ระยะเวลา=period)))
    assert only_row(workbook).due is None
    assert not problems_at(workbook, "กองช่าง")


@pytest.mark.parametrize("due", ["รายเดือน", "ทุกเดือน", "ทุกไตรมาส", "ตลอดปี"])
def test_recurring_words_in_the_due_cell_give_no_due_and_no_problem(due):
    workbook = make_workbook(**dept(activity(กำหนดเสร็จ=due)))
    assert only_row(workbook).due is None and not problems_at(workbook, "กองช่าง")


def test_a_filled_due_wins_over_the_period_without_a_problem():
    workbook = make_workbook(**dept(activity(ระยะเวลา="ปีงบประมาณ 2567", กำหนดเสร็จ="31 ธ.ค. 2566")))
    assert only_row(workbook).due == dt.date(2023, 12, 31)
    assert not problems_at(workbook, "กองช่าง")


def test_an_unreadable_due_is_a_warning_and_is_not_replaced_by_the_period():
    workbook = make_workbook(**dept(activity(ระยะเวลา="ปีงบประมาณ 2567", กำหนดเสร็จ="สิ้นเดือน")))
    assert only_row(workbook).due is None
    (problem,) = problems_at(workbook, "กองช่าง", 2)
    assert problem.severity == "warning" and problem.message.startswith("อ่านกำหนดเสร็จ “สิ้นเดือน” ไม่ได้")


def test_a_tab_without_a_due_column_points_the_info_at_the_period_cell():
    rows = [["มาตรการที่", "วิธีการดำเนินการ", "ระยะเวลา"], [1, "กิจกรรม", "มีนาคม 2566"]]
    raw = RawWorkbook([RawTab("กองช่าง", rows, 5)], SourceInfo(kind="xlsx", name="t.xlsx"))
    workbook = parse_workbook(raw)
    assert only_row(workbook).due == dt.date(2023, 3, 31)
    (problem,) = problems_at(workbook, "กองช่าง", 2)
    assert (problem.severity, problem.column, problem.a1) == ("info", "ระยะเวลา", "C2")

"""Carrying last year's workbook into this year's template, and the result read back."""
from __future__ import annotations

import datetime as dt

import pytest

from sheets import carryover, template
from sheets.model import RawTab, RawWorkbook, SourceInfo
from sheets.workbook import parse_workbook
from tests.conftest import ACTIVITY_HEADER, load_workbook, make_tabs, make_workbook

CARRIED_2565_TO_2569 = {"O1": ("O1",), "O11": ("O6",), "O23": ("O11",), "O24": ("O12",), "O26": ("O14",),
                        "O28": ("O14",), "O29": ("O16",), "O31": ("O18",), "O36": ("O21",), "O37": ("O22",),
                        "O41": ("O24",)}


@pytest.fixture(scope="module")
def demo_carry():
    return carryover.build_carryover(load_workbook(None), 2570)


@pytest.fixture(scope="module")
def carried_back(demo_carry, tmp_path_factory):
    """The 2570 template made from the demo, written to .xlsx and read back through the reader."""
    path = tmp_path_factory.mktemp("carry") / "ita-2570.xlsx"
    path.write_bytes(template.template_xlsx_bytes(2570, None, demo_carry.content))
    return load_workbook(str(path))


def test_every_demo_flag_is_carried_or_named_as_unmapped(demo_carry):
    assert len(demo_carry.flags) + len(demo_carry.unmapped) == 15
    assert {flag.code: flag.targets for flag in demo_carry.flags} == CARRIED_2565_TO_2569
    assert [flag.code for flag in demo_carry.unmapped] == ["O9", "O16", "O35", "O40"]
    assert all(flag.reason and flag.title for flag in demo_carry.unmapped)
    assert [flag.code for flag in demo_carry.inferred] == ["O11", "O23", "O26"]
    assert (demo_carry.source_catalog_year, demo_carry.catalog_year, demo_carry.oit_framework) == (2565, 2569, 2570)


def test_oit_notes_name_the_source_items_and_say_when_a_mapping_is_inferred(demo_carry):
    notes = demo_carry.content.oit_notes
    assert set(notes) == {target for targets in CARRIED_2565_TO_2569.values() for target in targets}
    assert "ยกมาจาก O26, O28 (รายการปี 2565)" in notes["O14"] and carryover.INFERRED_NOTE in notes["O14"]
    assert "ยกมาจาก O1 " in notes["O1"] and carryover.INFERRED_NOTE not in notes["O1"]


def test_the_description_names_each_unmapped_item_and_counts_add_up(demo_carry):
    text = "\n".join(carryover.describe(demo_carry))
    assert "ข้อ O ที่ต้องปรับปรุง 15 ข้อ: ยกมาได้ 11 (อนุมาน 3) ไม่มีข้อที่ตรงกัน 4" in text
    for flag in demo_carry.unmapped:
        assert f"ไม่มีข้อที่ตรงกัน: {flag.code} {flag.title}: {flag.reason}" in text


def test_the_carried_template_reads_back_with_no_errors(carried_back):
    assert [p for p in carried_back.problems if p.severity == "error"] == []
    assert (carried_back.settings.fiscal_year, carried_back.settings.oit_framework) == (2570, 2570)
    assert carried_back.catalog_year == 2569 and len(carried_back.oit_items) == 26


def test_settings_measures_and_departments_are_kept(carried_back):
    last = load_workbook(None)
    for key in carryover.CARRIED_SETTINGS:
        assert getattr(carried_back.settings, key) == getattr(last.settings, key), key
    assert carried_back.settings.document_no == "" and carried_back.settings.document_date is None
    assert [(m.no, m.title, m.owner) for m in carried_back.measures] == [(m.no, m.title, m.owner) for m in last.measures]
    assert carried_back.departments == last.departments
    assert [(a.department, a.measure_no, a.activity, a.owner, a.period, a.due, a.recommendation)
            for a in carried_back.activities] == [
        (a.department, a.measure_no, a.activity, a.owner, a.period, a.due, a.recommendation) for a in last.activities]


def test_statuses_reset_and_last_years_outcome_cleared(carried_back):
    assert carried_back.activities
    for activity in carried_back.activities:
        assert (activity.status, activity.progress, activity.result, activity.evidence, activity.updated) == (
            "not_started", None, "", [], None)


def test_flags_land_on_this_years_codes_and_unmapped_ones_are_on_the_instructions_tab(carried_back, demo_carry, tmp_path):
    flagged = {item.code for item in carried_back.oit_items if item.needs_improvement}
    assert flagged == {t for targets in CARRIED_2565_TO_2569.values() for t in targets}
    o6 = next(item for item in carried_back.oit_items if item.code == "O6")
    assert carryover.INFERRED_NOTE in o6.note and o6.title == "แผนและความก้าวหน้าในการดำเนินงานและการใช้งบประมาณประจำปี"
    instructions = template.build_template_tabs(2570, None, demo_carry.content)[-1]
    text = "\n".join(str(row[0]) for row in instructions.rows)
    for flag in demo_carry.unmapped:
        assert f"- {flag.code} {flag.title}: {flag.reason}" in text


def test_measure_links_move_to_this_years_codes_and_dropped_ones_are_named():
    workbook = make_workbook(measures=[(1, "หนึ่ง", "", "O11, O35, O36"), (2, "สอง", "", "")])
    carry = carryover.build_carryover(workbook, 2569)
    assert carry.content.measures == ((1, "หนึ่ง", "", "O6, O21"), (2, "สอง", "", ""))
    assert [(link.measure_no, link.code) for link in carry.dropped_links] == [(1, "O35")]
    assert any("มาตรการ 1 ตัวชี้วัดที่เกี่ยวข้อง O35" in line for line in carry.content.instructions)


def test_rows_keep_extra_columns_an_unreadable_due_as_written_and_a_named_owner():
    rows = [[1, "กิจกรรม ก", "", "ตลอดปี", "ยังไม่กำหนด", "เสร็จแล้ว", 100, "ผล", "แนะนำ", "https://x.go.th", "1/3/2566", 5000],
            [1, "กิจกรรม ข", "งานนิติการ", "", "31/3/2566", "", "", "", "", "", "", ""]]
    department = RawTab("กองคลัง", [ACTIVITY_HEADER + ["งบประมาณ"]] + rows, 10)
    workbook = parse_workbook(RawWorkbook(make_tabs(departments={}, extra_tabs=[department]),
                                          SourceInfo(kind="xlsx", name="t.xlsx")))
    (tab,) = carryover.build_carryover(workbook, 2567).content.departments
    first, second = tab.rows
    assert tab.title == "กองคลัง" and tab.extra_columns == ("งบประมาณ",)
    assert first == (1, "กิจกรรม ก", "", "ตลอดปี", "ยังไม่กำหนด", "ยังไม่เริ่ม", "", "", "แนะนำ", "", "", 5000)
    assert second[2] == "งานนิติการ" and second[4] == dt.date(2023, 3, 31) and second[-1] == ""


def test_a_due_date_taken_from_the_period_is_not_written_into_the_new_due_cell():
    rows = [[1, "กิจกรรม ก", "", "ต.ค. 65 – ก.ย. 66", "", "", "", "", "", "", ""]]
    workbook = make_workbook(departments={"กองคลัง": rows})
    assert workbook.activities[0].due == dt.date(2023, 9, 30), "read from the period this year"
    (tab,) = carryover.build_carryover(workbook, 2567).content.departments
    assert tab.rows[0][3] == "ต.ค. 65 – ก.ย. 66" and tab.rows[0][4] == "" and tab.extra_columns == ()


def test_a_source_with_errors_says_unreadable_rows_were_not_carried():
    workbook = make_workbook(departments={"กองคลัง": [("ไม่ใช่เลข", "กิจกรรม")]})
    carry = carryover.build_carryover(workbook, 2569)
    assert carry.source_errors == 1
    assert "แถวที่อ่านไม่ได้ไม่ได้ยกมา" in carryover.describe(carry)[-1]

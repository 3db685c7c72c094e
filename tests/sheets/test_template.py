"""The template follows the year's OIT list: its items, their groups, and what the instructions say."""
from __future__ import annotations

import datetime as dt

import pytest

from sheets import catalog, contract, template
from sheets.model import RawWorkbook, SourceInfo
from sheets.workbook import parse_workbook


def oit_rows(fiscal_year: int, framework: int | None = None) -> list[dict]:
    tab = template.build_template_tabs(fiscal_year, framework)[2]
    return [dict(zip(tab.rows[0], row, strict=True)) for row in tab.rows[1:]]


@pytest.mark.parametrize("fiscal_year, framework, count, first_of_10", [
    (2566, 2565, 43, "O34"), (2566, None, 43, "O31"), (2568, None, 28, "O21"), (2569, None, 26, "O20"),
    (2570, None, 26, "O20"), (2570, 2568, 28, "O21"),
])
def test_the_oit_tab_lists_the_years_items_each_with_its_group(fiscal_year, framework, count, first_of_10):
    rows = oit_rows(fiscal_year, framework)
    year = catalog.pick_catalog_year(framework or fiscal_year)
    assert [row["รหัส"] for row in rows] == [f"O{n}" for n in range(1, count + 1)]
    assert [(row["หัวข้อ"], row["กลุ่มตัวชี้วัด"]) for row in rows] == [
        (item.title, item.group) for item in catalog.catalog_for(year)]
    assert next(row["รหัส"] for row in rows if row["กลุ่มตัวชี้วัด"].startswith("10.")) == first_of_10


def test_the_settings_tab_sets_the_framework_to_the_fiscal_year_unless_given():
    def settings(*args):
        return dict(template.build_template_tabs(*args)[0].rows[1:])

    assert (settings(2569)["ปีงบประมาณ"], settings(2569)["กรอบ OIT ปี"]) == (2569, 2569)
    assert settings(2569, 2568)["กรอบ OIT ปี"] == 2568


def test_the_template_reads_back_with_the_years_groups():
    tabs = template.build_template_tabs(2569)
    workbook = parse_workbook(RawWorkbook(tabs, SourceInfo(kind="xlsx", name="t.xlsx")))
    assert [p.column for p in workbook.problems if p.severity == "error"] == ["ชื่อหน่วยงาน"]  # left to fill in
    groups = {item.group for item in workbook.oit_items}
    assert groups == {item.group for item in catalog.catalog_for(2569)} and len(groups) == 7
    assert not any(item.title_from_sheet for item in workbook.oit_items)


@pytest.mark.parametrize("fiscal_year, words", [
    (2569, "รายการของกรอบปี 2569 มี 26 ข้อ (O1–O26)"),
    (2569, "(ความเชื่อมั่นต่ำ) ตรวจก่อนใช้: O2, O4, O6, O7"),
    (2570, "ยังไม่มีรายการ OIT ของกรอบปี 2570"),
    (2567, "รายการของปี 2567 ทั้งหมดยังไม่ยืนยัน"),
])
def test_the_instructions_say_which_list_is_used_and_what_to_check(fiscal_year, words):
    text = "\n".join(row[0] for row in template.build_template_tabs(fiscal_year)[-1].rows)
    assert words in text


def test_each_department_tab_gets_the_status_dropdown():
    content = template.TemplateContent(departments=(template.DepartmentTab("กองคลัง"), template.DepartmentTab("กองช่าง")))
    tabs = template.build_template_tabs(2569, None, content)
    titles = template.department_titles(tabs)
    assert titles == ["กองคลัง", "กองช่าง"]
    rules = template.build_validations(titles)
    assert [rule.tab for rule in rules] == ["กองคลัง", "กองช่าง", contract.OIT_TAB[0], contract.OIT_TAB[0]]


@pytest.mark.parametrize("today, year", [(dt.date(2026, 9, 30), 2569), (dt.date(2026, 10, 1), 2570),
                                         (dt.date(2026, 11, 30), 2570), (dt.date(2027, 1, 1), 2570)])
def test_the_current_fiscal_year_starts_on_1_october(today, year):
    assert template.current_fiscal_year(today) == year

"""The annex's words: the Report follows the seed, digits, filters, fallbacks and file names."""
from __future__ import annotations

import re

from components.outputs import annex
from components.outputs.annex import model, wording
from sheets.demo import seed_data
from tests.components.outputs.annex.reading import (
    THAI_DIGIT,
    report_lines,
    seed_block,
    seed_measure_titles,
    seed_oit_lines,
    seed_sentences,
    seed_table_cells,
    squash,
)
from tests.conftest import make_workbook


def test_seed_expectations_are_read(seed_text):
    assert len(seed_table_cells(seed_text)) == len(seed_data.MEASURES)
    assert len(seed_sentences(seed_text)) >= 25
    assert seed_measure_titles(seed_text) == [m["มาตรการ"] for m in seed_data.MEASURES]
    assert len(seed_oit_lines(seed_text)) == len(seed_data.FLAGGED_CODES.split(","))


def test_memo_reads_like_the_seed(demo_report, seed_text):
    memo = demo_report.memo
    ours = ["บันทึกข้อความ", f"ส่วนราชการ {memo.unit}", f"ที่ {memo.document_no}", f"วันที่ {memo.date}",
            f"เรื่อง {memo.subject}", f"เรียน {memo.addressee}", memo.opening, *memo.measures,
            memo.closing, memo.request, memo.reporter.name, *memo.reporter.positions]
    for comment in memo.comments:
        ours += [comment.line, comment.signature.name, *comment.signature.positions]
    seed = seed_block(seed_text, "บันทึกข้อความ", "ผลการดำเนินการ ตามมาตรการ")
    assert squash("".join(ours)) == squash("".join(seed))
    assert memo.date == "๓๑ มีนาคม ๒๕๖๖"
    assert memo.comments[0].line == "ความเห็นของปลัดเทศบาล.....-ทราบ....."


def test_summary_lines_are_the_seeds(demo_report, seed_text):
    summary = demo_report.summary
    ours = [summary.heading, summary.organization, summary.intro]
    for section in summary.sections:
        ours += [section.heading, *section.items] + ([section.lead] if section.lead else [])
        ours += [line for group in section.groups for line in (group.heading, *group.items)]
    assert ours == seed_block(seed_text, "ผลการดำเนินการ ตามมาตรการ", "รายงานผลการดำเนินการตามมาตรการ")


def test_annex_title_and_intro_are_the_seeds(demo_report, seed_text):
    table = demo_report.annex
    assert [table.title, table.subtitle, table.intro] == seed_block(seed_text, "รายงานผลการดำเนินการตามมาตรการ",
                                                                    "มาตรการ\t")


def test_table_rows_number_methods_and_list_owners(demo_report, seed_text):
    rows = demo_report.annex.rows
    assert [row.measure for row in rows] == [f"{n}. {t}" for n, t in
                                             zip("๑๒๓๔๕๖๗", seed_measure_titles(seed_text), strict=True)]
    single, double, triple = rows[0], rows[1], rows[5]
    assert not THAI_DIGIT.match(single.methods[0])
    assert [m[:3] for m in double.methods] == ["๑. ", "๒. "]
    assert triple.owners == ("สำนักปลัดเทศบาล", "งานตรวจสอบภายใน", "งานนิติการ")
    seed_owners = [cells[2] for cells in seed_table_cells(seed_text)]
    assert [list(row.owners) for row in rows] == seed_owners
    assert rows[2].results == tuple(seed_data.ACTIVITIES[3]["ผลการดำเนินการ"].split("\n"))


def test_arabic_digits_everywhere_we_generate(demo_workbook):
    report = annex.build_report(demo_workbook, arabic_digits=True)
    assert report.memo.date == "31 มีนาคม 2566"
    assert report.memo.subject.endswith("พ.ศ. 2566") and report.memo.measures[0].startswith("1. ")
    assert report.summary.sections[0].items[0].startswith("1.1 มาตรการ")
    oit = [item for group in report.summary.sections[0].groups for item in group.items]
    assert oit[0] == "ข้อ O1 โครงสร้างองค์กร"
    assert "ข้อ O11 รายงานการติดตามการดำเนินงานประจำปี รอบ 6 เดือน" in oit
    assert report.annex.rows[1].methods[0].startswith("1. นำผลการประเมินในปี ๒๕๖๕")  # sheet text kept
    assert report.memo.document_no == "นม ๕๒๖๐๑/๕๘๙"  # sheet text kept
    generated = [line for line in report_lines(report) if line not in (report.memo.document_no,)]
    sheet_text = {m.title for m in demo_workbook.measures}
    assert [line for line in generated if THAI_DIGIT.search(line) and not any(t in line for t in sheet_text)] == []
    assert "ข้อ O1 โครงสร้างองค์กร" in annex.build_annex_html(report)


def test_thai_digits_by_default_keep_the_sheets_own_digits():
    departments = {"สำนักปลัดเทศบาล": [(1, "ประชุม 2 ครั้ง", "", "", "", "", "", "", "", "", ""),
                                         (1, "รายงาน", "", "", "", "", "", "", "", "", "")]}
    workbook = make_workbook(departments=departments)
    report = annex.build_report(workbook)
    assert report.annex.rows[0].methods == ("๑. ประชุม 2 ครั้ง", "๒. รายงาน")
    assert report.memo.subject.endswith("พ.ศ. ๒๕๖๖")
    title = next(item.title for item in workbook.oit_items if item.code == "O1")  # the catalog's
    assert report.summary.sections[0].groups[0].items == (f"ข้อ O๑ {title}",)


def test_measure_filter_keeps_only_the_chosen_measures(small_workbook):
    report = annex.build_report(small_workbook, measures=[2])
    assert report.memo.measures == ("๒. มาตรการสอง",)
    assert [row.measure for row in report.annex.rows] == ["๒. มาตรการสอง"]
    (section,) = report.summary.sections  # O1 belongs to measure 1 only: no improvement list
    assert section.heading.startswith("๑. การดำเนินการ") and section.items == ("๑.๑ มาตรการสอง",)


def test_department_filter_keeps_a_measure_row_without_activities(small_workbook):
    report = annex.build_report(small_workbook, departments=["กองคลัง"])
    first, second = report.annex.rows
    assert first.measure == "๑. มาตรการหนึ่ง" and first.methods == first.owners == first.results == ()
    assert second.methods == ("กิจกรรม ข",) and second.owners == ("กองคลัง",)


def test_owners_are_distinct_and_multiline_cells_become_paragraphs():
    rows = [(1, "ก", "งานนิติการ", "มกราคม", "", "", "", "บรรทัดหนึ่ง\nบรรทัดสอง", "", "", ""),
            (1, "ข", "งานนิติการ", "", "", "", "", "", "แนะนำ", "", ""),
            (1, "ค", "", "", "", "", "", "", "", "", "")]
    report = annex.build_report(make_workbook(departments={"กองคลัง": rows}))
    row = report.annex.rows[0]
    assert row.methods == ("๑. ก", "๒. ข", "๓. ค")
    assert row.owners == ("งานนิติการ", "กองคลัง")
    assert row.periods == ("มกราคม",) and row.results == ("บรรทัดหนึ่ง", "บรรทัดสอง")
    assert row.recommendations == ("แนะนำ",)


def test_comment_falls_back_to_the_position_and_to_dots():
    settings = [("ชื่อหน่วยงาน", "เทศบาลทดสอบ"), ("ปีงบประมาณ", 2566),
                ("ผู้บังคับบัญชา", "นายหนึ่ง"), ("ตำแหน่งผู้บังคับบัญชา", "หัวหน้าสำนักปลัด\nปลัดเทศบาล")]
    memo = annex.build_report(make_workbook(settings=settings)).memo
    reviewer, executive = memo.comments
    assert reviewer.line == f"ความเห็นของปลัดเทศบาล{wording.DOTS}"
    assert reviewer.signature == model.Signature("(นายหนึ่ง)", ("หัวหน้าสำนักปลัด", "ปลัดเทศบาล"))
    assert executive.line.startswith("ความเห็นของผู้บริหาร")
    assert memo.document_no == memo.date == memo.addressee == wording.DOTS


def test_file_names_keep_thai_and_drop_unsafe_characters(demo_report):
    assert annex.file_name(demo_report, "pdf") == "รายงานผล_ITA_2566.pdf"
    assert not re.search(r"[\\/:*?\"<>|\s]", annex.file_name(demo_report, "docx"))


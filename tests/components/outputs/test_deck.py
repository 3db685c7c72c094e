"""The meeting deck read back with python-pptx: native charts hold the figures, Thai fonts everywhere."""
from __future__ import annotations

import datetime as dt
import io

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn

from components.outputs import deck, slides
from scripts.fakes.workbooks import build_large_tabs
from sheets import contract, figures
from sheets.model import RawWorkbook, SourceInfo
from sheets.workbook import parse_workbook
from tests.conftest import make_workbook

TODAY = dt.date(2026, 11, 25)


def read_deck(workbook, today=TODAY):
    return Presentation(io.BytesIO(deck.build_deck(workbook, today)))


def slide_titles(prs) -> list[str]:
    return [slide.shapes[0].text_frame.text for slide in prs.slides]


def charts_by_title(prs) -> dict:
    found = {}
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_chart:
                found[slide.shapes[0].text_frame.text] = shape
    return found


def chart_values(shape) -> tuple[list[str], list]:
    plot = shape.chart.plots[0]
    return list(plot.categories), list(plot.series[0].values)


@pytest.fixture(scope="module")
def demo_deck(demo_workbook):
    return read_deck(demo_workbook)


def test_slides_in_order(demo_deck):
    titles = slide_titles(demo_deck)
    assert titles[0].startswith("รายงานความก้าวหน้ามาตรการ")
    assert titles[1:] == ["ภาพรวม", "ความคืบหน้ารายมาตรการ", "ความคืบหน้ารายส่วนราชการ",
                          "ความครอบคลุม OIT รายตัวชี้วัด", "สถานะกิจกรรม", "กิจกรรมที่เกินกำหนด",
                          "ข้อ OIT ที่ต้องปรับปรุงและยังไม่เผยแพร่"]


def test_title_slide_names_organisation_year_and_thai_date(demo_deck, demo_workbook):
    text = "\n".join(shape.text_frame.text for shape in demo_deck.slides[0].shapes if shape.has_text_frame)
    assert demo_workbook.settings.organization in text
    assert f"ปีงบประมาณ พ.ศ. {demo_workbook.settings.fiscal_year}" in text
    assert "25 พฤศจิกายน 2569" in text


def test_charts_are_native_charts_not_pictures(demo_deck):
    shapes = [shape for slide in demo_deck.slides for shape in slide.shapes]
    assert sum(shape.has_chart for shape in shapes) == 4
    assert not any(shape.shape_type == MSO_SHAPE_TYPE.PICTURE for shape in shapes)
    for shape in shapes:
        if shape.has_chart:  # the data sits in an embedded workbook, editable in PowerPoint
            assert shape.chart.part.chart_workbook.xlsx_part is not None


def test_chart_values_equal_the_figures(demo_deck, demo_workbook):
    charts = charts_by_title(demo_deck)
    summary = figures.compute_summary(demo_workbook, TODAY)
    measures = figures.measure_rows(demo_workbook, TODAY)

    assert chart_values(charts["ความคืบหน้ารายมาตรการ"]) == (
        [f"มาตรการที่ {row.no}" for row in measures], [row.progress_pct for row in measures])
    assert chart_values(charts["ความคืบหน้ารายส่วนราชการ"]) == (
        [row.name for row in summary.departments], [row.progress_pct for row in summary.departments])
    oit = summary.oit
    categories, values = chart_values(charts["ความครอบคลุม OIT รายตัวชี้วัด"])
    assert categories == ["ภาพรวม", "ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล", "ตัวชี้วัดที่ 10 การป้องกันการทุจริต"]
    assert values == [oit.coverage_pct, oit.by_indicator[9].coverage_pct,
                      oit.by_indicator[10].coverage_pct]
    categories, values = chart_values(charts["สถานะกิจกรรม"])
    by_status = summary.activities.by_status
    keys = {label: key for key, label in contract.ACTIVITY_STATUS_TH.items()}
    assert values == [by_status[keys[label]] for label in categories]
    assert sum(values) == summary.activities.total


def test_chart_values_on_a_big_workbook_too():
    workbook = parse_workbook(RawWorkbook(build_large_tabs(departments=12, rows=20), SourceInfo("xlsx", "big.xlsx")))
    charts = charts_by_title(read_deck(workbook))
    rows = figures.department_rows(workbook, TODAY)
    assert chart_values(charts["ความคืบหน้ารายส่วนราชการ"]) == ([r.name for r in rows],
                                                                 [r.progress_pct for r in rows])


def all_runs(prs):
    for slide in prs.slides:
        for shape in slide.shapes:
            frames = [shape.text_frame] if shape.has_text_frame else []
            if shape.has_table:
                frames += [cell.text_frame for row in shape.table.rows for cell in row.cells]
            for frame in frames:
                for paragraph in frame.paragraphs:
                    yield from paragraph.runs


def typefaces(rPr) -> dict[str, str | None]:
    return {tag: (rPr.find(qn(f"a:{tag}")).get("typeface") if rPr.find(qn(f"a:{tag}")) is not None else None)
            for tag in ("latin", "ea", "cs")}


def test_every_text_run_sets_thai_font_on_latin_ea_and_cs(demo_deck):
    runs = list(all_runs(demo_deck))
    assert len(runs) > 50
    for run in runs:
        assert typefaces(run._r.get_or_add_rPr()) == {"latin": slides.FONT, "ea": slides.FONT, "cs": slides.FONT}, run.text


def test_chart_text_sets_thai_font_on_cs_and_ea(demo_deck):
    for shape in charts_by_title(demo_deck).values():
        properties = shape.chart._chartSpace.findall(".//" + qn("a:defRPr"))
        assert properties, "chart has no text properties"
        for rPr in properties:
            assert typefaces(rPr) == {"latin": slides.FONT, "ea": slides.FONT, "cs": slides.FONT}
        axis = shape.chart.category_axis
        assert typefaces(axis.tick_labels.font._element)["cs"] == slides.FONT


def table_rows(prs, title: str) -> list[list[str]]:
    rows = []
    for slide in prs.slides:
        if slide.shapes[0].text_frame.text.startswith(title):
            for shape in slide.shapes:
                if shape.has_table:
                    rows += [[cell.text for cell in row.cells] for row in list(shape.table.rows)[1:]]
    return rows


def test_overdue_and_flagged_tables_hold_the_figures(demo_deck, demo_workbook):
    late = figures.overdue_activities(demo_workbook, TODAY)
    rows = table_rows(demo_deck, "กิจกรรมที่เกินกำหนด")
    assert [row[3] for row in rows] == [a.activity for a in late]
    assert [row[7] for row in rows] == [str((TODAY - a.due).days) for a in late]
    flagged = [i for i in demo_workbook.oit_items if i.needs_improvement and i.status not in ("published", "not_applicable")]
    assert [row[0] for row in table_rows(demo_deck, "ข้อ OIT ที่ต้องปรับปรุง")] == [i.code for i in flagged]


def test_long_tables_continue_on_more_slides_and_stay_on_the_slide():
    workbook = parse_workbook(RawWorkbook(build_large_tabs(departments=6, rows=20), SourceInfo("xlsx", "big.xlsx")))
    prs = read_deck(workbook)
    late = figures.overdue_activities(workbook, TODAY)
    pages = [t for t in slide_titles(prs) if t.startswith("กิจกรรมที่เกินกำหนด")]
    assert len(pages) > 1 and pages[0].endswith(f"(1/{len(pages)})")
    rows = table_rows(prs, "กิจกรรมที่เกินกำหนด")
    assert [row[0] for row in rows] == [str(n) for n in range(1, min(len(late), slides.MAX_TABLE_ROWS) + 1)]
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_table:
                assert shape.top + sum(row.height for row in shape.table.rows) <= prs.slide_height - slides.Inches(0.6)


def test_more_rows_than_a_meeting_reads_are_cut_with_a_note():
    workbook = parse_workbook(RawWorkbook(build_large_tabs(departments=10, rows=40), SourceInfo("xlsx", "big.xlsx")))
    late = figures.overdue_activities(workbook, TODAY)
    assert len(late) > slides.MAX_TABLE_ROWS
    prs = read_deck(workbook)
    assert len(table_rows(prs, "กิจกรรมที่เกินกำหนด")) == slides.MAX_TABLE_ROWS
    footers = [shape.text_frame.text for slide in prs.slides for shape in slide.shapes if shape.has_text_frame]
    assert any(f"จาก {len(late):,} รายการ" in text for text in footers)


def test_empty_tables_and_charts_say_so():
    workbook = make_workbook(departments={}, oit=[])
    prs = read_deck(workbook)
    texts = [shape.text_frame.text for slide in prs.slides for shape in slide.shapes if shape.has_text_frame]
    assert "ไม่มีกิจกรรมที่เกินกำหนด" in texts and "ไม่มีข้อมูล" in texts


def test_kpi_tiles_use_the_summary(demo_workbook):
    summary = figures.compute_summary(demo_workbook, TODAY)
    tiles = {label: value for label, value, _ in deck.kpi_tiles(summary)}
    assert tiles["มาตรการที่เสร็จแล้ว"] == f"{summary.measures.done}/{summary.measures.total}"
    assert tiles["กิจกรรมเกินกำหนด"] == str(summary.activities.overdue)

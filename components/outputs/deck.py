"""The meeting deck: a `.pptx` with native, editable charts (python-pptx). Pure: no streamlit.

Slides: title · KPIs · progress by measure · progress by department · OIT coverage by
indicator · activity status · overdue activities (table) · flagged OIT items not yet
published (table). Long tables continue on further slides. Every number comes from
`sheets.figures`, so the deck says what the dashboard says.

The slides' building blocks (Thai fonts, charts, tables split across slides) are in
`components.outputs.slides`.
"""
from __future__ import annotations

import datetime as dt
import io

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Inches

from components import format as fmt
from components.outputs.slides import (
    ACCENT,
    CONTENT_TOP,
    DONE,
    LATE,
    MARGIN,
    MUTED,
    SLIDE_H,
    SLIDE_W,
    TEXT,
    TILE_FILL,
    add_chart_slide,
    add_run,
    add_table_slides,
    add_text,
    blank_slide,
    titled_slide,
)
from sheets import contract, figures
from sheets.model import Workbook

STATUS_COLORS = {"done": DONE, "in_progress": RGBColor(0xE6, 0x9F, 0x00), "not_started": RGBColor(0x9A, 0xA5, 0xB1),
                 "cancelled": RGBColor(0xCB, 0xD2, 0xD9), "unknown": RGBColor(0xCC, 0x79, 0xA7)}
OVERDUE_COLUMNS = (("ที่", 0.45), ("ส่วนราชการ", 1.8), ("มาตรการที่", 1.1), ("วิธีการดำเนินการ", 3.83),
                   ("กำหนดเสร็จ", 1.5), ("สถานะ", 1.45), ("ความคืบหน้า", 1.3), ("เกิน (วัน)", 0.9))
FLAGGED_COLUMNS = (("รหัส", 0.8), ("หัวข้อ", 5.0), ("ผู้รับผิดชอบ", 2.2), ("สถานะ", 1.9), ("หมายเหตุ", 2.43))


def build_deck(workbook: Workbook, today: dt.date) -> bytes:
    """Return the meeting deck as `.pptx` bytes (16:9, Thai fonts, native charts, split tables)."""
    summary = figures.compute_summary(workbook, today)
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    footer = f"{workbook.settings.organization} · ข้อมูล ณ {fmt.thai_date(today, digits='arabic')}"
    add_title_slide(prs, workbook, today)
    add_kpi_slide(prs, summary, footer)
    for title, categories, values, options in chart_series(workbook, today, summary):
        add_chart_slide(prs, title, categories, values, footer, **options)
    add_table_slides(prs, "กิจกรรมที่เกินกำหนด", OVERDUE_COLUMNS, overdue_rows(workbook, today), footer,
                     empty="ไม่มีกิจกรรมที่เกินกำหนด")
    add_table_slides(prs, "ข้อ OIT ที่ต้องปรับปรุงและยังไม่เผยแพร่", FLAGGED_COLUMNS, flagged_rows(workbook), footer,
                     empty="ข้อที่ต้องปรับปรุงจากผลปีก่อนเผยแพร่ครบแล้ว")
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


# --- content (pure data: what each slide shows) ---------------------------------------

def chart_series(workbook: Workbook, today: dt.date,
                 summary: figures.Summary) -> list[tuple[str, list[str], list, dict]]:
    """Return (slide title, categories, values, chart options) of the four chart slides."""
    measures = figures.measure_rows(workbook, today)
    departments = summary.departments
    oit = summary.oit
    parts = [("ภาพรวม", oit.overall)] + [(f"ตัวชี้วัดที่ {n} {name}", oit.by_indicator[n])
                                         for n, name in sorted(contract.OIT_INDICATORS.items())]
    by_status = summary.activities.by_status
    keys = [k for k in figures.ACTIVITY_STATUS_KEYS if by_status[k] or k in ("not_started", "in_progress", "done")]
    pct = {"percent": True}
    return [
        ("ความคืบหน้ารายมาตรการ", [row.label for row in measures], [row.progress_pct for row in measures], pct),
        ("ความคืบหน้ารายส่วนราชการ", [row.name for row in departments],
         [row.progress_pct for row in departments], pct),
        ("ความครอบคลุม OIT รายตัวชี้วัด", [label for label, _ in parts],
         [part.coverage_pct for _, part in parts], pct),
        ("สถานะกิจกรรม", [contract.ACTIVITY_STATUS_TH[k] for k in keys], [by_status[k] for k in keys],
         {"percent": False, "colors": [STATUS_COLORS[k] for k in keys]}),
    ]


def overdue_rows(workbook: Workbook, today: dt.date) -> list[list[str]]:
    """Return the overdue activities (figures.overdue_activities order) as table rows of text."""
    return [[str(index), a.department, str(a.measure_no), a.activity,
             fmt.thai_date(a.due, digits="arabic", short=True), contract.ACTIVITY_STATUS_TH.get(a.status, a.status),
             fmt.format_pct(figures.activity_progress(a)), str((today - a.due).days)]
            for index, a in enumerate(figures.overdue_activities(workbook, today), start=1)]


def flagged_rows(workbook: Workbook) -> list[list[str]]:
    """Return OIT items flagged by last year's assessment and not published (not applicable left out)."""
    return [[item.code, item.title, item.owner or "–", contract.OIT_STATUS_TH.get(item.status, item.status),
             item.note or ""]
            for item in workbook.oit_items
            if item.needs_improvement and item.status not in ("published", "not_applicable")]


def kpi_tiles(summary: figures.Summary) -> list[tuple[str, str, str]]:
    """Return (label, value, detail) of the KPI slide's six tiles."""
    measures, acts, oit = summary.measures, summary.activities, summary.oit
    flagged = oit.needs_improvement
    problems = summary.problem_count(("error", "warning"))
    return [
        ("มาตรการที่เสร็จแล้ว", f"{measures.done}/{measures.total}",
         f"ความคืบหน้าเฉลี่ย {fmt.format_pct(measures.progress_pct)}"),
        ("ความคืบหน้ากิจกรรม", fmt.format_pct(acts.progress_pct),
         f"{acts.total} กิจกรรม เสร็จแล้ว {acts.by_status['done']}"),
        ("กิจกรรมเกินกำหนด", fmt.format_count(acts.overdue), "เลยกำหนดเสร็จแต่ยังไม่เสร็จ"),
        ("ความครอบคลุม OIT", fmt.format_pct(oit.coverage_pct), f"เผยแพร่แล้ว {oit.published} จาก {oit.total} ข้อ"),
        ("ข้อที่ต้องปรับปรุงจากผลปีก่อน", f"{flagged.published}/{flagged.total}", "เผยแพร่แล้ว"),
        ("ปัญหาข้อมูลที่ต้องแก้", fmt.format_count(problems), "ข้อผิดพลาดและคำเตือนจากการอ่านชีต"),
    ]


# --- slides ---------------------------------------------------------------------------

def add_title_slide(prs: Presentation, workbook: Workbook, today: dt.date) -> None:
    settings = workbook.settings
    slide = blank_slide(prs)
    year = f"ประจำปีงบประมาณ พ.ศ. {settings.fiscal_year}" if settings.fiscal_year else ""
    place = " ".join(part for part in (f"อำเภอ{settings.district}" if settings.district else "",
                                       f"จังหวัด{settings.province}" if settings.province else "") if part)
    add_text(slide, "รายงานความก้าวหน้ามาตรการส่งเสริมคุณธรรมและความโปร่งใส (ITA)", MARGIN, Inches(1.6),
          SLIDE_W - 2 * MARGIN, Inches(1.4), 34, bold=True, color=ACCENT)
    lines = [(settings.organization or "–", 28, TEXT), (place, 20, MUTED), (year, 24, TEXT),
             (f"ข้อมูล ณ วันที่ {fmt.thai_date(today, digits='arabic')}", 20, MUTED)]
    box = add_text(slide, "", MARGIN, Inches(3.2), SLIDE_W - 2 * MARGIN, Inches(3.0), 20)
    for index, (line, size, color) in enumerate(line for line in lines if line[0]):
        paragraph = box.text_frame.paragraphs[0] if index == 0 else box.text_frame.add_paragraph()
        add_run(paragraph, line, size, color=color)
    add_text(slide, f"แหล่งข้อมูล: {workbook.source.name}", MARGIN, SLIDE_H - Inches(0.8),
          SLIDE_W - 2 * MARGIN, Inches(0.4), 12, color=MUTED)


def add_kpi_slide(prs: Presentation, summary: figures.Summary, footer: str) -> None:
    slide = titled_slide(prs, "ภาพรวม", footer)
    width, height, gap = Inches(3.9), Inches(2.45), Inches(0.3)
    for index, (label, value, detail) in enumerate(kpi_tiles(summary)):
        left = MARGIN + (index % 3) * (width + gap)
        top = CONTENT_TOP + Inches(0.2) + (index // 3) * (height + gap)
        tile = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, left, top, width, height)
        tile.fill.solid()
        tile.fill.fore_color.rgb = TILE_FILL
        tile.line.fill.background()
        frame = tile.text_frame
        frame.word_wrap = True
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        color = LATE if label == "กิจกรรมเกินกำหนด" and value not in ("0", fmt.EMPTY) else TEXT
        for index, (text, size, bold, tint) in enumerate(((label, 18, False, MUTED), (value, 44, True, color),
                                                          (detail, 15, False, MUTED))):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            paragraph.alignment = PP_ALIGN.CENTER
            add_run(paragraph, text, size, bold=bold, color=tint)



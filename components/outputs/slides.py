"""Slide building blocks for the meeting deck (python-pptx): fonts, text, native bar charts, split tables.

Thai text needs its typeface on the complex-script slot: PowerPoint picks a run's font
by script, and Thai is "cs", so every run and every chart text sets latin, ea and cs.
Pure: no streamlit.
"""
from __future__ import annotations

import math
import unicodedata

from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
from pptx.enum.text import PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

FONT = "Sarabun"  # Google's Sarabun (the annex's font); "TH SarabunPSK" runs ~30 % smaller
LANG = "th-TH"
SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
CONTENT_TOP = Inches(1.25)
CONTENT_H = Inches(5.55)
TEXT = RGBColor(0x1F, 0x29, 0x33)
MUTED = RGBColor(0x61, 0x6E, 0x7C)
ACCENT = RGBColor(0x00, 0x72, 0xB2)
DONE = RGBColor(0x00, 0x9E, 0x73)
LATE = RGBColor(0xD5, 0x5E, 0x00)
TILE_FILL = RGBColor(0xF0, 0xF4, 0xF8)
PCT_FORMAT = 'General"%"'
TABLE_PT = 13
CELL_CHARS = 220  # longer cell text is cut with "…" so one row never outgrows a slide
LINE_IN = TABLE_PT * 1.2 / 72  # one text line of a table cell, inches (measured ~1.1 in LibreOffice)
CHARS_PER_IN = 72 / (TABLE_PT * 0.52)  # visible Thai characters per inch at TABLE_PT
LEADING_VOWELS = "\u0e40\u0e41\u0e42\u0e43\u0e44"
MAX_TABLE_ROWS = 100  # a meeting reads the first ones; the .xlsx export holds them all


def add_chart_slide(prs: Presentation, title: str, categories: list[str], values: list, footer: str, *,
                    percent: bool, colors: list[RGBColor] | None = None) -> None:
    """Add a slide holding one native horizontal bar chart (editable in PowerPoint, data in Excel)."""
    slide = titled_slide(prs, title, footer)
    if not categories:
        add_text(slide, "ไม่มีข้อมูล", MARGIN, CONTENT_TOP, SLIDE_W - 2 * MARGIN, Inches(1), 24, color=MUTED)
        return
    data = CategoryChartData(number_format=PCT_FORMAT if percent else "0")
    data.categories = categories
    data.add_series("ความคืบหน้า (%)" if percent else "จำนวนกิจกรรม", values)
    chart = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, MARGIN, CONTENT_TOP,
                                   SLIDE_W - 2 * MARGIN, CONTENT_H, data).chart
    chart.has_legend = False
    chart.has_title = False
    size = 16 if len(categories) <= 12 else 13 if len(categories) <= 20 else 10
    _style_chart(chart, size, percent)
    plot = chart.plots[0]
    plot.gap_width = 60
    for index, point_value in enumerate(values):
        fill = plot.series[0].points[index].format.fill
        fill.solid()
        fill.fore_color.rgb = (colors[index] if colors else
                               DONE if point_value is not None and point_value >= 100 else ACCENT)


def _style_chart(chart, size: int, percent: bool) -> None:
    set_thai_font(chart.font, size=size, color=TEXT)
    plot = chart.plots[0]
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = PCT_FORMAT if percent else "0"
    labels.number_format_is_linked = False
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    set_thai_font(labels.font, size=size, color=TEXT)
    chart.category_axis.reverse_order = True  # first category on top, as on the dashboard
    # ... and the value axis at the bottom: it crosses the category axis at its last category
    # (python-pptx only exposes the other direction, so set c:valAx/c:crosses itself).
    chart.value_axis._element.find(qn("c:crosses")).set("val", "max")
    set_thai_font(chart.category_axis.tick_labels.font, size=size, color=TEXT)
    value_axis = chart.value_axis
    value_axis.minimum_scale = 0
    if percent:
        value_axis.maximum_scale = 100
        value_axis.major_unit = 25
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = RGBColor(0xE4, 0xE7, 0xEB)
    value_axis.tick_labels.number_format = '0"%"' if percent else "0"
    value_axis.tick_labels.number_format_is_linked = False
    set_thai_font(value_axis.tick_labels.font, size=size - 2, color=MUTED)


def add_table_slides(prs: Presentation, title: str, columns: tuple[tuple[str, float], ...],
                     rows: list[list[str]], footer: str, *, empty: str) -> None:
    """Add the table on as many slides as it needs ("(2/3)" in the title), header on each."""
    if not rows:
        slide = titled_slide(prs, title, footer)
        add_text(slide, empty, MARGIN, CONTENT_TOP, SLIDE_W - 2 * MARGIN, Inches(1), 24, color=DONE)
        return
    widths = [width for _, width in columns]
    headers = [name for name, _ in columns]
    pages = paginate(headers, rows[:MAX_TABLE_ROWS], widths, CONTENT_H / 914400)
    if len(rows) > MAX_TABLE_ROWS:
        footer = f"แสดง {MAX_TABLE_ROWS} รายการแรกจาก {len(rows):,} รายการ ดูทั้งหมดในไฟล์ส่งออก (.xlsx) · {footer}"
    for number, page in enumerate(pages, start=1):
        suffix = f" ({number}/{len(pages)})" if len(pages) > 1 else ""
        slide = titled_slide(prs, title + suffix, footer)
        _table(slide, headers, widths, page)


def paginate(headers: list[str], rows: list[list[str]], widths: list[float],
             height_in: float) -> list[list[list[str]]]:
    """Split rows into pages whose estimated height (the header row on each) fits height_in inches."""
    pages, page, used = [], [], _row_height(headers, widths)
    header = used
    for row in rows:
        need = _row_height(row, widths)
        if page and used + need > height_in:
            pages.append(page)
            page, used = [], header
        page.append(row)
        used += need
    return pages + [page] if page else pages


def _row_height(row: list[str], widths: list[float]) -> float:
    lines = max(_lines(clip(text), width) for text, width in zip(row, widths))
    return lines * LINE_IN + 0.1  # default cell margins 0.05 in top and bottom


def _lines(text: str, width_in: float) -> int:
    per_line = max(1, int((width_in - 0.2) * CHARS_PER_IN))  # default cell margins 0.1 in
    return sum(max(1, math.ceil(_visible(part) / per_line)) for part in text.split("\n"))


def _visible(text: str) -> int:
    """Count characters that take width (Thai vowel and tone marks above/below take none)."""
    return sum(1 for char in text if not unicodedata.combining(char) and unicodedata.category(char) != "Mn")


def clip(text: str, limit: int = CELL_CHARS) -> str:
    """Return text cut to about `limit` characters with "…", keeping Thai marks with their letter.

    Marks above and below (zero width) after the cut stay; a leading vowel (เ แ โ ใ ไ) before
    the cut goes with the letter it belongs to.
    """
    text = str(text).strip()
    if len(text) <= limit:
        return text
    cut = limit
    while cut < len(text) and unicodedata.category(text[cut]) == "Mn":
        cut += 1
    while cut > 1 and text[cut - 1] in LEADING_VOWELS:
        cut -= 1
    return text[:cut].rstrip() + "…"


def _table(slide, headers: list[str], widths: list[float], rows: list[list[str]]) -> None:
    height = Emu(int(sum(_row_height(row, widths) for row in [headers, *rows]) * 914400))
    shape = slide.shapes.add_table(len(rows) + 1, len(headers), MARGIN, CONTENT_TOP, Inches(sum(widths)), height)
    table = shape.table
    for index, width in enumerate(widths):
        table.columns[index].width = Inches(width)
    for r, values in enumerate([headers, *rows]):
        table.rows[r].height = Emu(int(_row_height(values, widths) * 914400))
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            frame = cell.text_frame
            frame.word_wrap = True
            for index, line in enumerate(clip(value).split("\n")):
                paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
                add_run(paragraph, line, TABLE_PT, bold=r == 0,
                     color=RGBColor(0xFF, 0xFF, 0xFF) if r == 0 else TEXT)


# --- text and fonts -------------------------------------------------------------------

def set_thai_font(font, *, size: float | None = None, bold: bool | None = None,
                  color: RGBColor | None = None, typeface: str = FONT) -> None:
    """Set a python-pptx Font's latin, east-Asian (a:ea) and complex-script (a:cs) typefaces, lang th-TH."""
    font.name = typeface  # creates a:latin in schema order
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if color is not None:
        font.color.rgb = color
    rPr = font._element  # a:rPr or a:defRPr
    rPr.set("lang", LANG)
    latin = rPr.find(qn("a:latin"))
    for tag in ("a:ea", "a:cs"):
        for old in rPr.findall(qn(tag)):
            rPr.remove(old)
    previous = latin
    for tag in ("a:ea", "a:cs"):
        element = etree.SubElement(rPr, qn(tag))
        element.set("typeface", typeface)
        previous.addnext(element)
        previous = element


def add_run(paragraph, text: str, size: float, *, bold: bool = False, color: RGBColor = TEXT):
    """Add a run of text in the Thai font to the paragraph; return it."""
    run = paragraph.add_run()
    run.text = text
    set_thai_font(run.font, size=size, bold=bold, color=color)
    return run


def add_text(slide, text: str, left, top, width, height, size: float, *, bold: bool = False,
          color: RGBColor = TEXT, align=PP_ALIGN.LEFT):
    """Add a wrapping text box (one run when text is given); return the shape."""
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    frame.paragraphs[0].alignment = align
    if text:
        add_run(frame.paragraphs[0], text, size, bold=bold, color=color)
    return box


def blank_slide(prs: Presentation):
    """Add and return a slide of the blank layout."""
    return prs.slides.add_slide(prs.slide_layouts[6])


def titled_slide(prs: Presentation, title: str, footer: str):
    """Add and return a blank slide with the title on top, the footer and the slide number below."""
    slide = blank_slide(prs)
    add_text(slide, title, MARGIN, Inches(0.35), SLIDE_W - 2 * MARGIN, Inches(0.8), 30, bold=True, color=ACCENT)
    add_text(slide, footer, MARGIN, SLIDE_H - Inches(0.55), SLIDE_W - 2 * MARGIN - Inches(1), Inches(0.4), 12,
          color=MUTED)
    add_text(slide, str(len(prs.slides)), SLIDE_W - MARGIN - Inches(1), SLIDE_H - Inches(0.55), Inches(1),
          Inches(0.4), 12, color=MUTED, align=PP_ALIGN.RIGHT)
    return slide


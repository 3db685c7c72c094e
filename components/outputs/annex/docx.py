"""The annex as a Word document (python-docx): memo and summary portrait, table landscape.

Thai text needs its font and size on the complex-script slots too: every run, the
Normal style and the document defaults carry rFonts (ascii, hAnsi, eastAsia, cs),
w:sz and w:szCs, and w:lang with w:bidi="th-TH". The table has fixed column widths,
cell margins, a header row that repeats on every page, and rows that may split.
"""
from __future__ import annotations

import copy
import io
from typing import Iterable, Sequence

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from components.outputs.annex.model import Report, Row, Signature

DOCX_FONT = "TH SarabunPSK"
DOCX_SIZE = 16.0
TITLE_SIZE_RATIO = 29 / 16  # the memo's "บันทึกข้อความ" is 29 pt beside 16 pt text
LANG = "th-TH"
LATIN_LANG = "en-US"
A4 = (Cm(21), Cm(29.7))
PORTRAIT_MARGINS = {"top": Cm(2.5), "bottom": Cm(2), "left": Cm(3), "right": Cm(2)}
LANDSCAPE_MARGINS = {"top": Cm(2), "bottom": Cm(1.5), "left": Cm(1.5), "right": Cm(1.5)}
# The six columns fill the landscape text width (29.7 − 1.5 − 1.5 = 26.7 cm).
COLUMN_WIDTHS = tuple(Cm(w) for w in (4.3, 5.9, 2.9, 2.9, 6.2, 4.5))
CELL_MARGINS_DXA = {"top": 30, "left": 85, "bottom": 30, "right": 85}
HEADER_FILL = "D9D9D9"
BODY_INDENT = Cm(2.5)
SUB_INDENT = Cm(1.25)
SIGN_INDENT = {"portrait": Cm(7), "landscape": Cm(15)}
TBL_PR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
                "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders",
                "shd", "tblLayout", "tblCellMar", "tblLook")

Segments = Sequence[tuple[str, bool]]


def build_annex_docx(report: Report, *, font: str = DOCX_FONT, size: float = DOCX_SIZE) -> bytes:
    """Return the annex as .docx bytes, in `font` at `size` pt (the memo title scaled with it).

    The default is TH SarabunPSK 16 pt, the official Thai form; the PDF is built with
    Sarabun at the size that looks the same (see pdf.py).
    """
    writer = _Writer(Document(), font, size)
    writer.setup()
    writer.memo(report)
    writer.summary(report)
    writer.annex(report)
    writer.doc.core_properties.title = report.title
    writer.doc.core_properties.language = LANG
    buffer = io.BytesIO()
    writer.doc.save(buffer)
    return buffer.getvalue()


def font_properties(font: str, half_points: int, *, bold: bool = False) -> list:
    """Return the ordered rPr children that set a Thai font and size on every script slot."""
    fonts = OxmlElement("w:rFonts")
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{slot}"), font)
    elements = [fonts]
    if bold:
        elements += [OxmlElement("w:b"), OxmlElement("w:bCs")]
    for tag in ("w:sz", "w:szCs"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), str(half_points))
        elements.append(element)
    # Latin runs stay English (a Thai w:val lets LibreOffice break "Google" mid-word);
    # Thai is a complex script, so its language is the bidi one.
    elements.append(_element("w:lang", val=LATIN_LANG, bidi=LANG))
    return elements


def _replace_rpr(rpr, elements: Iterable) -> None:
    for child in list(rpr):
        rpr.remove(child)
    for element in elements:
        rpr.append(element)


def _insert_ordered(parent, element, order: Sequence[str]) -> None:
    """Insert `element` into `parent` before the first child that must follow it."""
    name = element.tag.split("}")[1]
    for old in parent.findall(qn(f"w:{name}")):
        parent.remove(old)
    later = order[order.index(name) + 1:]
    for child in parent:
        if child.tag.split("}")[1] in later:
            child.addprevious(element)
            return
    parent.append(element)


def _element(tag: str, **attributes: str):
    element = OxmlElement(tag)
    for key, value in attributes.items():
        element.set(qn(f"w:{key}"), value)
    return element


class _Writer:
    """Lays a Report out in a python-docx Document; one method per part."""

    def __init__(self, doc, font: str, size: float) -> None:
        self.doc, self.font = doc, font
        self.half_points = round(size * 2)
        self.title_half_points = round(size * TITLE_SIZE_RATIO * 2)
        self.orientation = "portrait"
        self._prototypes: dict = {}

    # ------------------------------------------------------------------ setup
    def setup(self) -> None:
        styles = self.doc.styles.element
        defaults = styles.find(qn("w:docDefaults"))
        _replace_rpr(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")),
                     font_properties(self.font, self.half_points))
        spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
        spacing.set(qn("w:after"), "0")
        spacing.set(qn("w:line"), "240")
        normal = self.doc.styles["Normal"]
        _replace_rpr(normal.element.get_or_add_rPr(), font_properties(self.font, self.half_points))
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.line_spacing = 1.0
        self._page(self.doc.sections[0], landscape=False)

    def _page(self, section, *, landscape: bool) -> None:
        width, height = A4
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = (height, width) if landscape else (width, height)
        for side, value in (LANDSCAPE_MARGINS if landscape else PORTRAIT_MARGINS).items():
            setattr(section, f"{side}_margin", value)
        self.orientation = "landscape" if landscape else "portrait"

    # ------------------------------------------------------------------ blocks
    def run(self, paragraph, text: str, *, bold: bool = False, half_points: int | None = None):
        run = paragraph.add_run(text)
        _replace_rpr(run._r.get_or_add_rPr(),
                     font_properties(self.font, half_points or self.half_points, bold=bold))
        return run

    def paragraph(self, segments: Segments | str, *, container=None, align=None, indent=None,
                  first_line=None, before: float = 0, bold: bool = False, half_points=None):
        container = container if container is not None else self.doc
        paragraph = container.add_paragraph()
        parts = [(segments, bold)] if isinstance(segments, str) else segments
        for text, is_bold in parts:
            self.run(paragraph, text, bold=is_bold, half_points=half_points)
        fmt = paragraph.paragraph_format
        if align is not None:
            paragraph.alignment = align
        fmt.left_indent, fmt.first_line_indent = indent, first_line
        fmt.space_before = Pt(before) if before else None
        return paragraph

    def body(self, text: str, *, before: float = 6) -> None:
        self.paragraph(text, first_line=BODY_INDENT, before=before, align=WD_ALIGN_PARAGRAPH.THAI_JUSTIFY)

    def signature(self, signature: Signature, *, sign_line: str = "", before: float = 24) -> None:
        """Write a signature block in the right part of the page, kept on one page."""
        indent = SIGN_INDENT[self.orientation]
        lines = ([sign_line] if sign_line else []) + [signature.name, *signature.positions]
        for index, line in enumerate(lines):
            paragraph = self.paragraph(line, align=WD_ALIGN_PARAGRAPH.CENTER, indent=indent,
                                       before=before if index == 0 else 0)
            paragraph.paragraph_format.keep_with_next = index < len(lines) - 1

    # ------------------------------------------------------------------ parts
    def memo(self, report: Report) -> None:
        memo = report.memo
        self.paragraph("บันทึกข้อความ", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True,
                       half_points=self.title_half_points)
        self.paragraph([("ส่วนราชการ ", True), (memo.unit, False)], before=6)
        pair = self.paragraph([("ที่ ", True), (memo.document_no, False), ("\t", False),
                               ("วันที่ ", True), (memo.date, False)], before=3)
        pair.paragraph_format.tab_stops.add_tab_stop(Cm(8))
        self.paragraph([("เรื่อง ", True), (memo.subject, False)], before=3)
        self.paragraph([("เรียน ", True), (memo.addressee, False)], before=9)
        self.body(memo.opening)
        for line in memo.measures:
            self.paragraph(line, first_line=BODY_INDENT)
        self.body(memo.closing)
        self.body(memo.request)
        self.signature(memo.reporter)
        for comment in memo.comments:
            self.paragraph(comment.line, before=6).paragraph_format.keep_with_next = True
            self.signature(comment.signature)

    def summary(self, report: Report) -> None:
        summary = report.summary
        heading = self.paragraph(summary.heading, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
        heading.paragraph_format.page_break_before = True
        self.paragraph(summary.organization, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
        self.body(summary.intro, before=12)
        for section in summary.sections:
            self.paragraph(section.heading, bold=True, before=12)
            for item in section.items:
                self.paragraph(item, indent=SUB_INDENT, before=3)
            if section.lead:
                self.paragraph(section.lead, first_line=SUB_INDENT, before=9)
            for group in section.groups:
                self.paragraph(group.heading, first_line=SUB_INDENT, before=9,
                               align=WD_ALIGN_PARAGRAPH.THAI_JUSTIFY)
                for item in group.items:
                    self.paragraph(item, indent=BODY_INDENT, before=2)

    def annex(self, report: Report) -> None:
        annex = report.annex
        self._page(self.doc.add_section(WD_SECTION.NEW_PAGE), landscape=True)
        self.paragraph(annex.title, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
        self.paragraph(annex.subtitle, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
        self.body(annex.intro)
        self.paragraph("", before=0)
        self.table(annex.headers, annex.rows)
        self.signature(annex.signer, sign_line=annex.sign_line, before=24)

    def table(self, headers: Sequence[str], rows: Sequence[Row]) -> None:
        """Write the table: a repeating header row, then one row per measure, as in the seed.

        Each cell stacks its activities' paragraphs. Rows are built from copies of
        cached paragraphs: python-docx's own calls took 48 s for 12,000 activities.
        """
        table = self.doc.add_table(rows=0, cols=len(headers))
        table.autofit = False  # tblLayout fixed
        self._table_properties(table)
        for column, width in zip(table.columns, COLUMN_WIDTHS):
            column.width = width  # gridCol
        header = self._tr(repeat=True)
        for text, width in zip(headers, COLUMN_WIDTHS):
            header.append(_tc(width, [self._cell_p(text, bold=True, center=True)], fill=HEADER_FILL))
        table._tbl.append(header)
        for row in rows:
            tr = self._tr(repeat=False)
            for texts, width in zip(row.cells, COLUMN_WIDTHS):
                tr.append(_tc(width, [self._cell_p(text, before=3 if i else 0) for i, text in enumerate(texts)]))
            table._tbl.append(tr)

    def _tr(self, *, repeat: bool):
        """Return a table row that may split across pages; the header row repeats on every page."""
        tr = OxmlElement("w:tr")
        tr_pr = _element("w:trPr")
        tr_pr.append(_element("w:cantSplit", val="0"))
        if repeat:
            tr_pr.append(_element("w:tblHeader"))
        tr.append(tr_pr)
        return tr

    def _cell_p(self, text: str, *, bold: bool = False, center: bool = False, before: float = 0):
        """Return a cell paragraph: a copy of a cached one-run paragraph with this text (fast)."""
        key = (bold, center, before)
        if key not in self._prototypes:
            paragraph = Paragraph(OxmlElement("w:p"), None)
            self.run(paragraph, "x", bold=bold)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else None
            paragraph.paragraph_format.space_before = Pt(before) if before else None
            self._prototypes[key] = paragraph._p
        p = copy.deepcopy(self._prototypes[key])
        t = p.find(qn("w:r")).find(qn("w:t"))
        t.text = text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        return p

    def _table_properties(self, table) -> None:
        tbl_pr = table._tbl.tblPr
        total = sum(w.twips for w in COLUMN_WIDTHS)
        _insert_ordered(tbl_pr, _element("w:tblW", w=str(total), type="dxa"), TBL_PR_ORDER)
        borders = _element("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            borders.append(_element(f"w:{side}", val="single", sz="4", space="0", color="000000"))
        _insert_ordered(tbl_pr, borders, TBL_PR_ORDER)
        margins = _element("w:tblCellMar")
        for side, value in CELL_MARGINS_DXA.items():
            margins.append(_element(f"w:{side}", w=str(value), type="dxa"))
        _insert_ordered(tbl_pr, margins, TBL_PR_ORDER)


def _tc(width, paragraphs: list, *, fill: str | None = None):
    """Return a table cell of a fixed width (tcW), optionally shaded."""
    tc = OxmlElement("w:tc")
    tc_pr = _element("w:tcPr")
    tc_pr.append(_element("w:tcW", w=str(width.twips), type="dxa"))
    if fill:
        tc_pr.append(_element("w:shd", val="clear", color="auto", fill=fill))
    tc.append(tc_pr)
    for paragraph in paragraphs or [OxmlElement("w:p")]:
        tc.append(paragraph)
    return tc

"""The annex DOCX: the seed's words in a Thai font, memo portrait, table landscape with a repeating header."""
from __future__ import annotations

import io

import docx as python_docx
from docx.oxml.ns import qn
from docx.shared import Cm

from components.outputs import annex
from components.outputs.annex import docx as annex_docx
from components.outputs.annex import pdf as annex_pdf
from components.outputs.annex import wording
from tests.components.outputs.annex.reading import (
    SCRIPT,
    docx_lines,
    holds_in_order,
    script_workbook,
    seed_measure_titles,
    seed_oit_lines,
    seed_sentences,
)


def _font_of(rpr) -> dict:
    fonts, lang = rpr.find(qn("w:rFonts")), rpr.find(qn("w:lang"))
    return {
        "fonts": {fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")},
        "sz": rpr.find(qn("w:sz")).get(qn("w:val")), "szCs": rpr.find(qn("w:szCs")).get(qn("w:val")),
        "bidi": lang.get(qn("w:bidi")),
    }


def test_docx_sets_thai_font_size_and_language_everywhere(demo_docx):
    document = python_docx.Document(io.BytesIO(demo_docx))
    expected = {"fonts": {"TH SarabunPSK"}, "sz": "32", "szCs": "32", "bidi": "th-TH"}
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert _font_of(defaults) == expected
    assert _font_of(document.styles["Normal"].element.rPr) == expected
    runs = [run for p in document.paragraphs for run in p.runs]
    runs += [run for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs for run in p.runs]
    assert runs
    for run in runs:
        props = _font_of(run._r.rPr)
        assert props["fonts"] == {"TH SarabunPSK"} and props["bidi"] == "th-TH"
        assert props["sz"] == props["szCs"] and int(props["sz"]) >= 32


def test_docx_memo_portrait_table_landscape_with_repeating_header(demo_docx):
    document = python_docx.Document(io.BytesIO(demo_docx))
    memo, table_section = document.sections
    def close(length, cm):  # lengths are stored in whole twips
        return abs(length - Cm(cm)) < Cm(0.01)

    assert close(memo.page_width, 21) and close(memo.page_height, 29.7)
    assert close(table_section.page_width, 29.7) and table_section.orientation == 1
    (table,) = document.tables
    tbl_pr = table._tbl.tblPr
    assert tbl_pr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert grid == [width.twips for width in annex_docx.COLUMN_WIDTHS]
    assert sum(grid) == int(tbl_pr.find(qn("w:tblW")).get(qn("w:w")))
    assert tbl_pr.find(qn("w:tblCellMar")) is not None
    header, *rows = table.rows
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in header.cells] == list(wording.TABLE_HEADERS)
    for row in rows:
        assert row._tr.trPr.find(qn("w:tblHeader")) is None
        cant_split = row._tr.trPr.find(qn("w:cantSplit"))
        assert cant_split is None or cant_split.get(qn("w:val")) in ("0", "false")


def test_docx_holds_the_seed_text(demo_docx, seed_text):
    lines = docx_lines(demo_docx)
    expected = seed_measure_titles(seed_text) + seed_sentences(seed_text) + seed_oit_lines(seed_text)
    assert [s for s in expected if not holds_in_order(lines, s)] == []
    assert "(ลงชื่อ)" in "".join(lines) and "ผู้รายงาน" in "".join(lines)


def test_docx_keeps_a_script_as_literal_text():
    lines = docx_lines(annex.build_annex_docx(annex.build_report(script_workbook())))
    assert f"ผล {SCRIPT}" in lines


def test_docx_for_pdf_uses_sarabun_at_the_matched_size(demo_report):
    data = annex.build_annex_docx(demo_report, font="Sarabun", size=annex_pdf.PDF_FONT_SIZE)
    normal = python_docx.Document(io.BytesIO(data)).styles["Normal"].element.rPr
    assert _font_of(normal)["fonts"] == {"Sarabun"}
    assert _font_of(normal)["sz"] == str(round(annex_pdf.PDF_FONT_SIZE * 2))


"""The annex HTML: the seed's words, every sheet string escaped, the table printed landscape."""
from __future__ import annotations

from components.outputs import annex
from tests.components.outputs.annex.reading import (
    SCRIPT,
    holds_in_order,
    html_lines,
    script_workbook,
    seed_measure_titles,
    seed_oit_lines,
    seed_sentences,
)
from tests.conftest import make_workbook


def test_html_escapes_every_sheet_string():
    document = annex.build_annex_html(annex.build_report(script_workbook()))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in document
    assert "<script" not in document.lower()
    assert "กิจกรรม &lt;b&gt;ก&lt;/b&gt; &amp; ข" in document
    assert holds_in_order(html_lines(document), f"ผล {SCRIPT}")


def test_html_holds_the_seed_and_prints_table_landscape(demo_report, seed_text):
    document = annex.build_annex_html(demo_report, print_button=True)
    lines = html_lines(document)
    expected = seed_measure_titles(seed_text) + seed_sentences(seed_text) + seed_oit_lines(seed_text)
    assert [s for s in expected if not holds_in_order(lines, s)] == []
    assert "@page annex { size: A4 landscape" in document and "page: annex" in document
    assert "thead { display: table-header-group; }" in document
    assert 'onclick="window.print()"' in document and "@media print" in document
    assert "@font-face" in document and "data:font/ttf;base64," in document


def test_the_annex_of_a_2569_sheet_lists_its_flagged_items_with_2569_titles():
    workbook = make_workbook(settings=[("ชื่อหน่วยงาน", "เทศบาลทดสอบ"), ("ปีงบประมาณ", 2569)],
                             measures=[(1, "มาตรการหนึ่ง", "", "O3, O25")],
                             oit=[("O3", "", "", "เผยแพร่แล้ว", "", "", "ใช่", ""),
                                  ("O25", "", "", "ยังไม่ดำเนินการ", "", "", "ใช่", "")])
    lines = html_lines(annex.build_annex_html(annex.build_report(workbook, arabic_digits=True)))
    assert "ข้อ O3 ข้อมูลการติดต่อและช่องทางการสอบถาม" in lines
    assert "ข้อ O25 การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร" in lines
    assert not any("อำนาจหน้าที่" in line for line in lines)  # O3 of the 2565/2566 lists is not used

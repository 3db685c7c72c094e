"""The deck and the DOCX annex build when a department's tab title carries control, bidi and zero-width marks."""
import datetime as dt
import io

import docx
import pytest
from pptx import Presentation

from components.outputs import annex, deck
from sheets import google
from sheets.workbook import parse_workbook
from tests.sheets.test_tab_titles import HOSTILE_API, api_tabs


@pytest.fixture
def hostile_workbook(fake_google, service_account_info):
    sheet_id = fake_google.add_spreadsheet("ชื่อแปลก", api_tabs(HOSTILE_API))
    return parse_workbook(google.read_workbook(sheet_id, service_account_info, adapter=fake_google.adapter()))


def test_deck_builds_with_a_hostile_department_name(hostile_workbook):
    prs = Presentation(io.BytesIO(deck.build_deck(hostile_workbook, dt.date(2026, 11, 30))))
    texts = [shape.text_frame.text for slide in prs.slides for shape in slide.shapes if shape.has_text_frame]
    assert texts and not any("\x01" in text or "\u202e" in text for text in texts)


def test_docx_annex_builds_with_a_hostile_department_name(hostile_workbook):
    document = docx.Document(io.BytesIO(annex.build_annex_docx(annex.build_report(hostile_workbook))))
    text = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "กิจกรรม" in text and "\x01" not in text

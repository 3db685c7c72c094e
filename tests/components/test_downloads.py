"""The overview offers the meeting downloads; each builds the file the CLI builds."""
import datetime as dt

from streamlit.testing.v1 import AppTest

from components import downloads
from tests.conftest import ROOT


def test_overview_offers_charts_deck_xlsx_and_csv():
    at = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=60).run()
    assert not at.exception
    labels = [button.proto.label for button in at.get("download_button")]
    assert labels == ["ภาพกราฟทั้งหมด (PNG + SVG, .zip)", "สไลด์ประชุม (.pptx)", "ตารางข้อมูลและปัญหา (.xlsx)",
                      "ตารางข้อมูล (.csv ใน .zip)"]


def test_file_stem_is_thai_and_safe(demo_workbook):
    stem = downloads.build_file_stem(demo_workbook, dt.date(2026, 11, 25))
    assert stem == "ITA_เทศบาลตำบลกุดจิก_2569-11-25"

"""รายงานผล: the page previews the report, offers DOCX/HTML, and builds a PDF on request."""
import os
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

PAGE = str(ROOT / "pages" / "annex.py")


def run_page() -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=120).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_annex_page_previews_and_offers_downloads():
    at = run_page()
    assert [title.value for title in at.title] == ["รายงานผล (ภาคผนวก)"]
    labels = [button.proto.label for button in at.get("download_button")]
    assert labels == ["ดาวน์โหลด DOCX", "ดาวน์โหลด HTML"]
    assert len(at.multiselect[0].value) == 7, "every measure chosen by default"


def test_choosing_no_measure_says_so():
    at = run_page()
    at.multiselect[0].set_value([]).run()
    assert [info.value for info in at.info] == ["เลือกมาตรการอย่างน้อยหนึ่งมาตรการเพื่อสร้างรายงาน"]


@pytest.mark.skipif(shutil.which("soffice") is None and not os.environ.get("CI"), reason="LibreOffice is not installed")
def test_pdf_button_builds_a_pdf_to_download():
    at = run_page()
    at.button[0].click().run()
    assert not at.exception and not at.error
    labels = [button.proto.label for button in at.get("download_button")]
    assert "ดาวน์โหลด PDF" in labels

"""The overview offers the meeting downloads; each builds the file the CLI builds."""
import datetime as dt

from streamlit.testing.v1 import AppTest

from components import downloads
from components.outputs import images
from tests.conftest import ROOT


def overview() -> AppTest:
    return AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=60)


def test_overview_offers_charts_deck_xlsx_and_csv():
    at = overview().run()
    assert not at.exception
    assert at.button(key="build_charts").proto.label == "สร้างภาพกราฟทั้งหมด (PNG + SVG)"
    labels = [button.proto.label for button in at.get("download_button")]
    assert labels == ["สไลด์ประชุม (.pptx)", "ตารางข้อมูลและปัญหา (.xlsx)", "ตารางข้อมูล (.csv ใน .zip)"]


def test_chart_images_that_cannot_be_made_show_a_thai_message_not_a_dead_download(monkeypatch):
    def no_images(workbook, today):
        raise images.ImagesUnavailable(images.RENDER_FAILED.format(reason="เบราว์เซอร์หยุดทำงาน"))

    monkeypatch.setattr(images, "find_chromium", lambda: "/usr/bin/chromium")
    monkeypatch.setattr(images, "build_charts_zip", no_images)
    at = overview().run()
    at.button(key="build_charts").click().run()
    assert not at.exception
    assert "เบราว์เซอร์หยุดทำงาน" in " ".join(str(error.value) for error in at.error)
    assert "ภาพกราฟทั้งหมด (PNG + SVG, .zip)" not in [b.proto.label for b in at.get("download_button")]
    assert at.metric, "the rest of the page still shows"


def test_built_chart_images_are_offered_for_download(monkeypatch):
    monkeypatch.setattr(images, "find_chromium", lambda: "/usr/bin/chromium")
    monkeypatch.setattr(images, "build_charts_zip", lambda workbook, today: b"PK zip")
    at = overview().run()
    at.button(key="build_charts").click().run()
    assert not at.exception and not at.error
    assert [b.proto.label for b in at.get("download_button")][0] == "ภาพกราฟทั้งหมด (PNG + SVG, .zip)"


def test_file_stem_is_thai_and_safe(demo_workbook):
    stem = downloads.build_file_stem(demo_workbook, dt.date(2026, 11, 25))
    assert stem == "ITA_เทศบาลตำบลกุดจิก_2569-11-25"

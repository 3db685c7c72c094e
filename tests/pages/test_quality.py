"""คุณภาพข้อมูล: the pure problem tables, and the page on the demo, a Google Sheet and an upload."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from components import choice, quality, sidebar
from scripts.fakes.google import make_spreadsheet_id
from scripts.fakes.workbooks import tabs_for_fake, tabs_to_xlsx_bytes
from sheets.model import SourceInfo
from tests.components.conftest import texts
from tests.conftest import ROOT, make_tabs, make_workbook

APP = str(ROOT / "app.py")
PAGE = "pages/quality.py"
SEVERITY_KEY = "problem_severity_filter"
FINANCE_ID = 11  # make_tabs gives the second department tab sheet id 10 + 1
BAD_DEPARTMENTS = {
    "สำนักปลัดเทศบาล": [(1, "กิจกรรม ก", "", "", "31/1/2566", "เสร็จแล้ว", 100, "", "", "", "")],
    "กองคลัง": [(2, "กิจกรรม ข", "", "", "ไม่ทราบ", "แปลก", 40, "", "", "", ""),
                (9, "กิจกรรม ค", "", "", "", "", "", "", "", "", "")],
}


def bad_tabs():
    """A workbook with an unreadable date, an unknown status, an unknown measure and a stray tab."""
    from sheets.model import RawTab

    return make_tabs(departments=BAD_DEPARTMENTS, extra_tabs=[RawTab("บันทึกย่อ", [["โน้ต"]], 99)])


@pytest.fixture
def bad_workbook():
    return make_workbook(departments=BAD_DEPARTMENTS)


# --- pure pieces ------------------------------------------------------------------------


def test_problems_come_worst_first_with_thai_severity(bad_workbook):
    problems = quality.filter_problems(bad_workbook)
    assert [p.severity for p in problems] == sorted((p.severity for p in problems), key=quality.SEVERITY_ORDER.get)
    frame = quality.problem_frame(problems, bad_workbook.source)
    assert list(frame.columns) == list(quality.PROBLEM_COLUMNS)
    assert set(frame["ระดับ"]) <= set(quality.SEVERITY_LABELS.values())
    assert frame["เปิดในชีต"].isna().all()  # an .xlsx has no cell links


@pytest.mark.parametrize(("severities", "departments", "tabs"), [
    (None, None, {"กองคลัง"}),
    (["error"], None, {"กองคลัง"}),
    (["info"], None, set()),
    (None, ["สำนักปลัดเทศบาล"], set()),
    (None, ["กองคลัง"], {"กองคลัง"}),
    ([], None, set()),
])
def test_filter_problems_by_severity_and_department(bad_workbook, severities, departments, tabs):
    problems = quality.filter_problems(bad_workbook, severities, departments)
    assert {p.tab for p in problems} == tabs
    assert all(severities is None or p.severity in severities for p in problems)


def test_problems_of_shared_tabs_stay_under_a_department_filter():
    workbook = make_workbook(settings=[("ชื่อหน่วยงาน", "เทศบาลทดสอบ")])  # no fiscal year: an error in ตั้งค่า
    assert "ตั้งค่า" in {p.tab for p in quality.filter_problems(workbook, departments=["กองคลัง"])}


def test_count_frame_counts_each_tab_by_severity(bad_workbook):
    frame = quality.count_frame(bad_workbook.problems)
    row = frame.set_index("แท็บ").loc["กองคลัง"]
    assert (row["ข้อผิดพลาด"], row["คำเตือน"], row["รวม"]) == (1, 2, 3)


def test_google_problems_link_to_their_cell(bad_workbook):
    source = SourceInfo("google", "ชีต", spreadsheet_id="abc")
    frame = quality.problem_frame(quality.filter_problems(bad_workbook, ["warning"]), source)
    links = set(frame["เปิดในชีต"])
    assert f"https://docs.google.com/spreadsheets/d/abc/edit#gid={FINANCE_ID}&range=E2" in links


def test_ignored_caption_names_the_tabs():
    assert quality.ignored_caption([]) is None
    assert "บันทึกย่อ" in quality.ignored_caption(["บันทึกย่อ"])


# --- the page ---------------------------------------------------------------------------


def test_demo_has_no_problems():
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert "ไม่พบปัญหา" in texts(at.success)
    assert not at.dataframe


@pytest.fixture
def google_quality(fake_google, service_account_info, monkeypatch) -> AppTest:
    """The quality page of app.py on a fake Google Sheet full of problems."""
    monkeypatch.setenv("ITA_GOOGLE_ENDPOINT", fake_google.base_url)
    sid = fake_google.add_spreadsheet("ชีตมีปัญหา", tabs_for_fake(bad_tabs()), make_spreadsheet_id("bad"))
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["sheet"] = sid
    at.secrets["gcp_service_account"] = service_account_info
    at.run()
    return at.switch_page(PAGE).run()


def test_google_sheet_problems_are_listed_with_cell_links(google_quality):
    at = google_quality
    assert not at.exception and not at.error
    counts, problems = (element.value for element in at.dataframe)
    assert "กองคลัง" in set(counts["แท็บ"])
    sid = make_spreadsheet_id("bad")
    assert f"https://docs.google.com/spreadsheets/d/{sid}/edit#gid={FINANCE_ID}&range=E2" in set(problems["เปิดในชีต"])
    assert {"ข้อผิดพลาด", "คำเตือน", "ข้อมูล"} == set(problems["ระดับ"])
    assert "บันทึกย่อ" in " ".join(texts(at.caption))


def test_severity_filter_narrows_the_table(google_quality):
    at = google_quality
    at.multiselect(key=SEVERITY_KEY).set_value(["error"]).run()
    problems = at.dataframe[1].value
    assert set(problems["ระดับ"]) == {"ข้อผิดพลาด"}
    at.multiselect(key=SEVERITY_KEY).set_value([]).run()
    assert "ไม่พบปัญหาตามตัวกรองที่เลือก" in texts(at.info)


def test_department_filter_narrows_the_page(google_quality):
    at = google_quality
    at.multiselect(key=sidebar.FILTER_WIDGET).select("สำนักปลัดเทศบาล").run()
    assert not at.exception
    tabs = set(at.dataframe[1].value["แท็บ"]) if at.dataframe else set()
    assert "กองคลัง" not in tabs


def test_uploaded_workbook_problems_have_no_links():
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.radio(key=sidebar.SOURCE_WIDGET).set_value(choice.UPLOAD).run()
    at.file_uploader(key=sidebar.UPLOAD_WIDGET).upload("ita.xlsx", tabs_to_xlsx_bytes(bad_tabs())).run()
    at.switch_page(PAGE).run()
    assert not at.exception and not at.error
    assert at.dataframe[1].value["เปิดในชีต"].isna().all()

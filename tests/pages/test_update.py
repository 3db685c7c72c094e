"""อัปเดตงานของฉัน under AppTest, on the fake Google that takes writes (real gspread over HTTP).

A signed-in person is AppTest's `at.user`; who edits what comes from secrets [access].
"""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from scripts.fakes.google import make_service_account_info
from scripts.fakes.google_write import FakeGoogleWrite
from tests.conftest import ROOT
from tests.pages.test_secrets import rendered_text
from tests.sheets.rowupdate_data import ALIASED, PLAIN, sheet_tabs

PAGE = "pages/update.py"
EDITOR = "finance.head@office.go.th"
ADMIN = "it@office.go.th"
AUTH = {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "x" * 32,
        "client_id": "c", "client_secret": "s",
        "server_metadata_url": "https://accounts.google.com/.well-known/openid-configuration"}
ACCESS = {"admins": [ADMIN], "viewers": ["mayor@office.go.th"], "departments": {PLAIN: [EDITOR]}}


@pytest.fixture
def fake(monkeypatch, fake_google_write: FakeGoogleWrite) -> FakeGoogleWrite:
    monkeypatch.setenv("ITA_GOOGLE_ENDPOINT", fake_google_write.base_url)
    monkeypatch.setenv("ITA_GOOGLE_BACKOFF", "0.01")
    return fake_google_write


@pytest.fixture
def sheet(fake) -> str:
    return fake.add_spreadsheet("ITA เทศบาลทดสอบ", sheet_tabs())


def open_page(fake, sheet: str, email: str | None = EDITOR, *, with_auth: bool = True) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["sheet"] = sheet
    at.secrets["gcp_service_account"] = make_service_account_info(fake.token_uri)
    if with_auth:
        at.secrets["auth"] = AUTH
        at.secrets["access"] = ACCESS
        at.user = {"is_logged_in": True, "email": email, "sub": "u1"} if email else {"is_logged_in": False}
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def shown(element) -> str:
    """An element's text as read on screen (Markdown escapes and the joiners that stop autolinks removed)."""
    return element.value.replace("\\", "").replace("\u2060", "")


def fill(at: AppTest, index: int, *, status: str | None = None, progress: float | None = None,
         result: str | None = None, evidence: str | None = None) -> AppTest:
    """Fill the form of the index-th row and press its save button."""
    form = at.expander[index]
    if status is not None:
        form.selectbox[0].set_value(status)
    if progress is not None:
        form.number_input[0].set_value(progress)
    if result is not None:
        form.text_area[0].set_value(result)
    if evidence is not None:
        form.text_area[1].set_value(evidence)
    form.button[0].click()
    at.run()
    assert not at.exception, at.exception
    return at


def test_an_editor_sees_only_their_departments_rows_overdue_first(fake, sheet):
    at = open_page(fake, sheet)

    assert [title.value for title in at.title] == ["อัปเดตงานของฉัน"]
    labels = [expander.label for expander in at.expander]
    assert len(labels) == 3
    assert labels[0].startswith(":red[เกินกำหนด] · จัดอบรมคุณธรรม")  # due 31 Mar 2026
    assert labels[1].startswith(":red[เกินกำหนด] · เผยแพร่รายงานการเงิน")  # due 30 Sep 2026
    assert labels[2].startswith("ประชุมติดตามผล")  # no due date
    form = at.expander[0]
    assert form.selectbox[0].value == "กำลังดำเนินการ" and form.number_input[0].value == 40
    assert [widget.label for widget in form.text_area] == ["ผลการดำเนินการ", "หลักฐาน"]
    assert form.selectbox[0].options == ["ยังไม่เริ่ม", "กำลังดำเนินการ", "เสร็จแล้ว", "ยกเลิก"]


def test_an_admin_sees_every_department(fake, sheet):
    at = open_page(fake, sheet, ADMIN)
    assert len(at.expander) == 5 and "ทุกส่วนราชการ" in rendered_text(at)


@pytest.mark.parametrize("email, with_auth, words", [
    ("mayor@office.go.th", True, "ดูข้อมูลได้อย่างเดียว"),
    (None, False, "เข้าสู่ระบบด้วยบัญชีที่ได้รับสิทธิ์แก้ไข"),
])
def test_people_who_may_not_edit_get_no_form(fake, sheet, email, with_auth, words):
    at = open_page(fake, sheet, email, with_auth=with_auth)
    assert not at.expander and words in at.info[0].value


def test_a_save_writes_the_changed_cells_and_the_page_shows_them_without_rereading(fake, sheet):
    at = open_page(fake, sheet)
    fake.clear_log()

    fill(at, 0, status="เสร็จแล้ว", progress=100, evidence="https://example.go.th/a")

    # the row check by the tab's sheet id, then the one write
    assert [e.api_method for e in fake.requests_to("sheets")] == ["values.batchGetByDataFilter", "values.batchUpdate"]
    assert [fake.cell(sheet, PLAIN, a1) for a1 in ("F2", "G2", "J2", "K2")] == [
        "เสร็จแล้ว", 100, "https://example.go.th/a", "25/11/2569"]
    assert "บันทึกแล้ว: แถว 2 แท็บ “กองคลัง”" in shown(at.success[0])
    assert any(label.startswith("จัดอบรมคุณธรรม · เสร็จแล้ว · 100% · ") for label in (e.label for e in at.expander))
    at.switch_page("pages/overview.py").run()
    assert fake.sheets_requests == 2  # the figures come from the patched cached workbook


def test_an_edit_in_the_sheet_after_the_form_opened_is_refused(fake, sheet):
    at = open_page(fake, sheet)
    next(tab for tab in fake.spreadsheets[sheet]["tabs"] if tab[0] == PLAIN)[2][1][6] = 70  # G2 typed by hand

    fill(at, 0, progress=50)

    assert "มีคนแก้แถว 2 ของแท็บ “กองคลัง”" in shown(at.error[0]) and "จาก “40” เป็น “70”" in shown(at.error[0])
    assert fake.writes == [] and fake.cell(sheet, PLAIN, "G2") == 70


def test_a_bad_link_is_refused_before_any_request(fake, sheet):
    at = open_page(fake, sheet)
    fake.clear_log()

    fill(at, 0, evidence="ดูในแฟ้มสีฟ้า")

    assert "หลักฐาน: ลิงก์ต้องขึ้นต้นด้วย http:// หรือ https://" in shown(at.error[0])
    assert fake.log == []


def test_the_page_and_the_cli_write_the_same_cells_for_the_same_change(fake, sheet, tmp_path):
    from tests.test_cli import google_env, run_cli

    other = fake.add_spreadsheet("ITA สำเนา", sheet_tabs())
    at = open_page(fake, sheet)
    fill(at, 0, status="เสร็จแล้ว", progress=100, result='=HYPERLINK("https://example.go.th/r","รายงาน")',
         evidence="https://example.go.th/a\nhttps://example.go.th/b")
    cli = run_cli("update", "--source", other, "--tab", PLAIN, "--row", "2", "--activity", "จัดอบรมคุณธรรม",
                  "--status", "เสร็จแล้ว", "--progress", "100",
                  "--result", '=HYPERLINK("https://example.go.th/r","รายงาน")',
                  "--evidence", "https://example.go.th/a", "--evidence", "https://example.go.th/b",
                  "--today", "2026-11-25", env=google_env(fake, make_service_account_info(fake.token_uri), tmp_path))

    assert cli.returncode == 0, cli.stderr
    page_write, cli_write = (w.body for w in fake.writes_to("values:batchUpdate"))
    assert page_write == cli_write and len(page_write["data"]) == 5
    assert fake.cell(sheet, PLAIN, "H2") == fake.cell(other, PLAIN, "H2") == \
        '=HYPERLINK("https://example.go.th/r","รายงาน")'


def test_an_aliased_tab_is_written_by_its_own_header(fake, sheet):
    at = open_page(fake, sheet, ADMIN)
    index = next(i for i, e in enumerate(at.expander) if e.label.startswith("ซ่อมถนน"))

    fill(at, index, progress=60)

    assert fake.cell(sheet, ALIASED, "E3") == 60 and fake.cell(sheet, ALIASED, "D3") == 1

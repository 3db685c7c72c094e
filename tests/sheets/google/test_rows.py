"""Saving a row over real HTTP (sheets.google.rows): gspread and google-auth against the fake Google that
takes writes. The page's rows are addressed by sheet id; the CLI's (`--tab`) by title."""
from __future__ import annotations

import datetime as dt
import json

import pytest
import requests

from scripts.fakes.google import make_service_account_info
from scripts.fakes.google_write import FakeGoogleWrite
from sheets import errors, google
from sheets.config import GoogleOptions
from sheets.google import client, rows
from sheets.rowupdate import RowRef, RowValues, UpdateRefused, plan_update, validate_changes
from sheets.workbook import parse_workbook
from tests.sheets.rowupdate_data import ALIASED, NARROW, PLAIN, plain_rows, sheet_tabs

TODAY = dt.date(2026, 11, 30)
WRITE_SCOPE = "https://www.googleapis.com/auth/spreadsheets"


@pytest.fixture
def fake(fake_google_write: FakeGoogleWrite) -> FakeGoogleWrite:
    return fake_google_write


@pytest.fixture
def info(fake) -> dict:
    return make_service_account_info(fake.token_uri)


@pytest.fixture
def sheet(fake) -> str:
    return fake.add_spreadsheet("ITA เทศบาลทดสอบ", sheet_tabs())


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def save(fake, info, sheet, sleeps):
    def run(tab: str, row: int, activity: str, *, seen: RowValues | None = None, spreadsheet: str | None = None,
            client=None, sheet_id: int | None = None, **changes):
        return rows.save_row(spreadsheet or sheet, info, RowRef(tab, row, activity, sheet_id),
                             validate_changes(**changes), today=TODAY, seen=seen, who="head@example.go.th",
                             client=client, adapter=fake.adapter(), sleep=sleeps.append)
    return run


def read_workbook(fake, info, sheet):
    return parse_workbook(google.read_workbook(sheet, info, adapter=fake.adapter()))


def seen_of(fake, info, sheet, tab: str, row: int) -> RowValues:
    """What the page's form shows: the row as parsed from a full read."""
    activity = next(a for a in read_workbook(fake, info, sheet).activities if a.tab == tab and a.row == row)
    return RowValues.from_activity(activity)


def test_a_save_is_two_requests_the_row_check_and_one_write(fake, sheet, save):
    result = save(PLAIN, 2, "จัดอบรมคุณธรรม", status="เสร็จแล้ว", progress=100)

    assert result.written and "บันทึกแล้ว: แถว 2 แท็บ “กองคลัง”" in result.message()
    assert [entry.api_method for entry in fake.requests_to("sheets")] == ["values.batchGet", "values.batchUpdate"]
    assert fake.sheets_requests == 2 and fake.token_requests == 1
    assert fake.token_claims[0]["scope"] == WRITE_SCOPE
    assert [fake.cell(sheet, PLAIN, a1) for a1 in ("F2", "G2", "K2")] == ["เสร็จแล้ว", 100, "30/11/2569"]
    body = fake.writes_to("values:batchUpdate")[0].body
    assert body["valueInputOption"] == "RAW" and len(body["data"]) == 3


def test_the_saved_row_reads_back_as_the_plan_said(fake, info, sheet, save):
    result = save(ALIASED, 3, "ซ่อมถนนตามคำร้อง", status="done", progress="80", result="ซ่อมแล้ว\nเหลือ 2 จุด",
                  evidence="https://example.go.th/a https://example.go.th/b")

    activity = next(a for a in read_workbook(fake, info, sheet).activities if a.tab == ALIASED)
    assert (activity.status, activity.progress, activity.result) == ("done", 80, "ซ่อมแล้ว\nเหลือ 2 จุด")
    assert activity.evidence == ["https://example.go.th/a", "https://example.go.th/b"]
    after = result.plan.after
    assert (after.status, after.progress, after.result, after.evidence) == (
        activity.status, activity.progress, activity.result, activity.evidence)
    assert [fake.cell(sheet, ALIASED, a1) for a1 in ("C3", "E3", "A3")] == [
        "เสร็จแล้ว", 80, "https://example.go.th/a\nhttps://example.go.th/b"]


def test_a_hyperlink_formula_typed_as_a_result_stays_text(fake, info, sheet, save):
    formula = '=HYPERLINK("https://example.go.th/r","รายงาน")'
    save(PLAIN, 2, "จัดอบรมคุณธรรม", result=formula)

    assert fake.cell(sheet, PLAIN, "H2") == formula  # a string, not a Formula
    activity = next(a for a in read_workbook(fake, info, sheet).activities if a.tab == PLAIN and a.row == 2)
    assert activity.result == formula


def test_an_edit_by_someone_else_between_opening_and_saving_is_refused(fake, info, sheet, save):
    seen = seen_of(fake, info, sheet, PLAIN, 2)
    fake.spreadsheets[sheet]["tabs"][-3][2][1][6] = 70  # someone types 70 in G2 in the sheet
    fake.clear_log()

    with pytest.raises(UpdateRefused) as caught:
        save(PLAIN, 2, "จัดอบรมคุณธรรม", seen=seen, progress=50)

    assert "มีคนแก้แถว 2 ของแท็บ “กองคลัง”" in str(caught.value) and "จาก “40” เป็น “70”" in str(caught.value)
    assert fake.writes == [] and fake.count("values.batchUpdate") == 0 and fake.sheets_requests == 1
    assert fake.cell(sheet, PLAIN, "G2") == 70


def test_rows_inserted_above_make_the_save_refused(fake, info, sheet, save):
    seen = seen_of(fake, info, sheet, PLAIN, 3)
    rows = fake.spreadsheets[sheet]["tabs"][-3][2]
    rows.insert(1, [9, "กิจกรรมที่แทรกเข้ามา"])

    with pytest.raises(UpdateRefused, match="ตอนนี้เป็นกิจกรรม “จัดอบรมคุณธรรม” ไม่ใช่ “เผยแพร่รายงานการเงิน”"):
        save(PLAIN, 3, "เผยแพร่รายงานการเงิน", seen=seen, status="เสร็จแล้ว")
    assert fake.writes == []


def test_a_renamed_tab_is_refused(fake, sheet, save):
    with pytest.raises(UpdateRefused, match="ไม่พบแท็บ “กองคลังเดิม” ในชีตแล้ว"):
        save("กองคลังเดิม", 2, "จัดอบรมคุณธรรม", progress=10)
    assert fake.writes == []


def test_a_column_the_tab_lacks_is_refused_after_one_read(fake, sheet, save):
    with pytest.raises(UpdateRefused, match="ไม่มีคอลัมน์ “ความคืบหน้า \\(%\\)”"):
        save(NARROW, 2, "ตรวจร้านอาหาร", progress=30)
    assert fake.writes == [] and fake.sheets_requests == 1


def test_a_bad_value_is_refused_before_any_request(fake):
    with pytest.raises(UpdateRefused):
        validate_changes(progress="150")
    assert fake.log == []


def test_nothing_changed_reads_once_and_writes_nothing(fake, save):
    result = save(PLAIN, 2, "จัดอบรมคุณธรรม", progress=40)
    assert not result.written and "ไม่มีค่าที่เปลี่ยน" in result.message() and fake.sheets_requests == 1


def test_a_read_only_token_gets_googles_403_and_a_thai_message(fake, info, save):
    client = google.open_client(info, adapter=fake.adapter())
    with pytest.raises(errors.AccessDenied) as caught:
        save(PLAIN, 2, "จัดอบรมคุณธรรม", progress=50, client=client)
    assert "อ่านอย่างเดียว" in str(caught.value) and fake.writes == []
    assert fake.requests_to("sheets")[-1].api_method == "values.batchUpdate"


def test_a_viewer_only_service_account_is_told_to_become_editor(fake, sheet, save):
    viewer = fake.add_spreadsheet("แชร์แบบผู้มีสิทธิ์อ่าน", sheet_tabs(), editor=False)
    with pytest.raises(errors.AccessDenied) as caught:
        save(PLAIN, 2, "จัดอบรมคุณธรรม", progress=50, spreadsheet=viewer)
    message = str(caught.value)
    assert "ita-reader@ita-test.iam.gserviceaccount.com" in message and '"ผู้แก้ไข" (Editor)' in message
    assert caught.value.service_account_email == "ita-reader@ita-test.iam.gserviceaccount.com"


def test_429_then_success_retries_within_the_deadline(fake, sheet, save, sleeps):
    fake.fail_next(429, match="values:batchUpdate")
    fake.fail_next(503, match="values:batchGet")

    assert save(PLAIN, 2, "จัดอบรมคุณธรรม", progress=45).written
    assert sleeps == [1.0, 1.0] and fake.count("values.batchGet") == 2 and fake.count("values.batchUpdate") == 2
    assert fake.cell(sheet, PLAIN, "G2") == 45


def test_retries_stop_at_the_deadline_and_nothing_is_written(fake, info, sheet, sleeps):
    fake.set_mode(503)
    with pytest.raises(errors.SheetUnavailable, match="ยังไม่ได้บันทึก"):
        rows.save_row(sheet, info, RowRef(PLAIN, 2, "จัดอบรมคุณธรรม"), validate_changes(progress=1), today=TODAY,
                      options=GoogleOptions(deadline=5, max_retries=10), adapter=fake.adapter(), sleep=sleeps.append)
    assert sleeps == [1.0, 2.0, 4.0]  # a wait of 8 s would pass the 5 s deadline
    assert fake.writes == []


def test_every_save_goes_to_the_audit_log(save, capsys):
    save(PLAIN, 2, "จัดอบรมคุณธรรม", status="เสร็จแล้ว")

    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    (record,) = [line for line in lines if line.get("event") == "save"]
    assert record["who"] == "head@example.go.th"
    assert (record["tab"], record["row"], record["fields"]) == (PLAIN, 2, ["status"])
    assert record["changes"]["status"] == {"old": "กำลังดำเนินการ", "new": "เสร็จแล้ว"}
    assert "token" not in json.dumps(record).lower()


def test_the_page_addresses_the_tab_by_sheet_id_and_writes_the_title_the_sheet_has(fake, info, save):
    marked = "กองคลัง\u200b"  # a zero-width space the readers drop from the title shown
    spreadsheet = fake.add_spreadsheet("ชื่อแท็บมีอักขระล่องหน", [(marked, 30, plain_rows())])
    activity = next(a for a in read_workbook(fake, info, spreadsheet).activities if a.row == 2)
    assert activity.tab == PLAIN and activity.sheet_id == 30
    fake.clear_log()

    save(activity.tab, 2, activity.activity, spreadsheet=spreadsheet, sheet_id=activity.sheet_id, progress=55)

    assert [entry.api_method for entry in fake.requests_to("sheets")] == [
        "values.batchGetByDataFilter", "values.batchUpdate"]
    ranges = [item["range"] for item in fake.writes_to("values:batchUpdate")[0].body["data"]]
    assert ranges == [f"'{marked}'!G2", f"'{marked}'!K2"]
    assert fake.cell(spreadsheet, marked, "G2") == 55


def test_a_tab_renamed_since_the_read_is_still_found_by_its_sheet_id(fake, info, sheet, save):
    fake.spreadsheets[sheet]["tabs"] = [("กองคลัง (ใหม่)", *tab[1:]) if tab[1] == 20 else tab
                                        for tab in fake.spreadsheets[sheet]["tabs"]]

    assert save(PLAIN, 2, "จัดอบรมคุณธรรม", sheet_id=20, progress=65).written
    assert fake.cell(sheet, "กองคลัง (ใหม่)", "G2") == 65


def test_a_deleted_tab_is_refused_by_its_sheet_id(fake, sheet, save):
    with pytest.raises(UpdateRefused, match="ไม่พบแท็บ “กองคลัง” ในชีตแล้ว"):
        save(PLAIN, 2, "จัดอบรมคุณธรรม", sheet_id=99, progress=10)
    assert fake.writes == []


@pytest.mark.parametrize("a1_range, title", [("'กอง''คลัง'!A1:K5", "กอง'คลัง"), ("Sheet1!A2:Z2", "Sheet1"),
                                              ("'a!b'!1:1", "a!b")])
def test_title_of_reads_the_tab_title_google_writes(a1_range, title):
    assert rows.title_of(a1_range) == title


def test_text_stays_text_in_a_raw_body_under_the_title_the_sheet_has():
    formula = '=HYPERLINK("https://example.go.th/r","รายงาน")'
    rows_ = plain_rows()
    plan = plan_update(RowRef(PLAIN, 2, "จัดอบรมคุณธรรม"), rows_[:10], rows_[1], validate_changes(result=formula),
                       TODAY)
    body = rows.build_body("กอง'คลัง", plan)
    assert body["valueInputOption"] == "RAW"
    assert body["data"][0] == {"range": "'กอง''คลัง'!H2", "majorDimension": "ROWS", "values": [[formula]]}


@pytest.mark.parametrize("raised, words", [
    (requests.ReadTimeout("slow"), "ไม่แน่ใจว่า Google รับค่าไว้แล้วหรือไม่"),  # the write may have gone through
    (client.DeadlinePassed("deadline passed"), "ยังไม่ได้บันทึก"),  # never sent
    (requests.ConnectionError("refused"), "ยังไม่ได้บันทึก"),
])
def test_a_write_that_times_out_is_reported_as_uncertain_one_never_sent_as_not_saved(raised, words):
    with pytest.raises(errors.SheetUnavailable) as caught, client.translated("save", timeout=20):
        raise raised
    assert words in str(caught.value)

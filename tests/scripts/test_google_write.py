"""The fake Google's writes over real HTTP, driven by gspread and google-auth: RAW vs USER_ENTERED,
scopes, Viewer-only sheets, per-method counts, and the stored values served back by the reads."""
from __future__ import annotations

import datetime as dt

import pytest
from gspread.exceptions import APIError

from scripts.fakes.google import Formula, make_service_account_info
from scripts.fakes.google_write import FakeGoogleWrite
from scripts.fakes.sheets_writes import enter_value
from sheets import google
from sheets.google import rows

TAB = "กองคลัง"
READ = {"valueRenderOption": "UNFORMATTED_VALUE", "dateTimeRenderOption": "SERIAL_NUMBER"}


@pytest.fixture
def sheet(fake_google_write: FakeGoogleWrite) -> str:
    return fake_google_write.add_spreadsheet("ITA", [(TAB, 7, [["a", "b"], [1, 2]])])


@pytest.fixture
def writer(fake_google_write: FakeGoogleWrite):
    info = make_service_account_info(fake_google_write.token_uri)
    client = rows.open_save_client(info, adapter=fake_google_write.adapter(), sleep=lambda _s: None)
    yield client
    client.session.close()


def read(client, sheet: str, a1: str, **params) -> list:
    reply = client.values_batch_get(sheet, [f"'{TAB}'!{a1}"], params={**READ, **params})
    return reply["valueRanges"][0].get("values", [])


@pytest.mark.parametrize("typed, raw, entered", [
    ('=HYPERLINK("https://x.go.th/a","ดู")', '=HYPERLINK("https://x.go.th/a","ดู")', "ดู"),
    ("50%", "50%", 0.5),
    ("1,234", "1,234", 1234),
    ("007", "007", 7),
    ("'007", "'007", "007"),
    ("TRUE", "TRUE", True),
    ("2026-11-30", "2026-11-30", 46356),
    ("30/11/2026", "30/11/2026", 46356),
    ("ผลการดำเนินการ\nบรรทัดสอง", "ผลการดำเนินการ\nบรรทัดสอง", "ผลการดำเนินการ\nบรรทัดสอง"),
    (12.5, 12.5, 12.5),
])
def test_raw_keeps_what_was_typed_and_user_entered_parses_it(fake_google_write, sheet, writer, typed, raw, entered):
    for option, expected, cell in (("RAW", raw, "A3"), ("USER_ENTERED", entered, "B3")):
        writer.values_batch_update(sheet, body={"valueInputOption": option,
                                                "data": [{"range": f"'{TAB}'!{cell}", "values": [[typed]]}]})
        assert read(writer, sheet, cell) == [[expected]], option


def test_a_user_entered_formula_is_stored_as_a_formula_and_served_as_its_value(fake_google_write, sheet, writer):
    formula = '=HYPERLINK("https://x.go.th/a","ดู")'
    writer.values_update(sheet, f"'{TAB}'!C2", params={"valueInputOption": "USER_ENTERED"}, body={"values": [[formula]]})

    assert fake_google_write.cell(sheet, TAB, "C2") == Formula(formula, "ดู")
    assert read(writer, sheet, "C2") == [["ดู"]]
    assert read(writer, sheet, "C2", valueRenderOption="FORMULA") == [[formula]]
    assert fake_google_write.count("values.update") == 1


def test_values_update_puts_one_range_and_the_whole_tab_read_serves_it(fake_google_write, sheet, writer):
    reply = writer.values_update(sheet, f"'{TAB}'!B2", params={"valueInputOption": "RAW"},
                                 body={"values": [["=1+1", "x"]]})

    assert reply["updatedCells"] == 2
    raw = google.read_workbook(sheet, make_service_account_info(fake_google_write.token_uri),
                               adapter=fake_google_write.adapter())
    assert raw.tabs[0].rows == [["a", "b"], [1, "=1+1", "x"]]


def test_a_read_only_token_is_refused_with_googles_scope_message(fake_google_write, sheet):
    client = google.open_client(make_service_account_info(fake_google_write.token_uri),
                                adapter=fake_google_write.adapter())
    with pytest.raises(APIError) as caught:
        client.values_batch_update(sheet, body={"valueInputOption": "RAW",
                                                "data": [{"range": f"'{TAB}'!A1", "values": [["x"]]}]})

    assert caught.value.response.status_code == 403
    assert caught.value.error["message"] == "Request had insufficient authentication scopes."
    assert fake_google_write.cell(sheet, TAB, "A1") == "a" and fake_google_write.writes == []
    assert fake_google_write.token_claims[-1]["scope"] == "https://www.googleapis.com/auth/spreadsheets.readonly"


def test_a_viewer_only_sheet_reads_but_refuses_writes(fake_google_write, writer):
    sheet = fake_google_write.add_spreadsheet("ดูอย่างเดียว", [(TAB, 1, [["a"]])], editor=False)

    assert read(writer, sheet, "A1") == [["a"]]
    with pytest.raises(APIError) as caught:
        writer.values_update(sheet, f"'{TAB}'!A1", params={"valueInputOption": "RAW"}, body={"values": [["x"]]})
    assert caught.value.response.status_code == 403 and fake_google_write.cell(sheet, TAB, "A1") == "a"


def test_a_batch_with_one_bad_range_writes_nothing(fake_google_write, sheet, writer):
    with pytest.raises(APIError) as caught:
        writer.values_batch_update(sheet, body={"valueInputOption": "RAW", "data": [
            {"range": f"'{TAB}'!A1", "values": [["x"]]}, {"range": "'ไม่มีแท็บนี้'!A1", "values": [["y"]]}]})

    assert caught.value.response.status_code == 400 and fake_google_write.cell(sheet, TAB, "A1") == "a"


def test_row_and_block_ranges_read_part_of_a_tab(fake_google_write, writer):
    sheet = fake_google_write.add_spreadsheet("ช่วง", [(TAB, 1, [["h1", "h2", "h3"], [], ["x", "", "z", ""]])])

    reply = writer.values_batch_get(sheet, [f"'{TAB}'!1:2", f"'{TAB}'!3:3", f"'{TAB}'!B3:C3", f"'{TAB}'!9:9"],
                                    params=READ)
    ranges = reply["valueRanges"]
    assert [r.get("values") for r in ranges] == [[["h1", "h2", "h3"]], [["x", "", "z"]], [["", "z"]], None]
    assert [r["range"] for r in ranges] == [f"'{TAB}'!A1:Z2", f"'{TAB}'!A3:Z3", f"'{TAB}'!B3:C3", f"'{TAB}'!A9:Z9"]
    assert fake_google_write.count("values.batchGet") == 1


def test_row_ranges_by_sheet_id_read_part_of_a_tab_and_name_it_by_its_title(fake_google_write, writer):
    sheet = fake_google_write.add_spreadsheet("ช่วง", [(TAB, 4, [["h1", "h2"], [], ["x", "y"]])])
    url = f"https://sheets.googleapis.com/v4/spreadsheets/{sheet}/values:batchGetByDataFilter"
    body = {**READ, "dataFilters": [{"gridRange": {"sheetId": 4, "startRowIndex": 0, "endRowIndex": 2}},
                                    {"gridRange": {"sheetId": 4, "startRowIndex": 2, "endRowIndex": 3}}]}

    ranges = [entry["valueRange"] for entry in writer.request("post", url, json=body).json()["valueRanges"]]

    assert [r.get("values") for r in ranges] == [[["h1", "h2"]], [["x", "y"]]]
    assert [r["range"] for r in ranges] == [f"'{TAB}'!A1:Z2", f"'{TAB}'!A3:Z3"]
    assert fake_google_write.count("values.batchGetByDataFilter") == 1


def test_failures_on_demand_apply_to_writes_and_are_counted(fake_google_write, sheet, writer):
    fake_google_write.fail_next(429, match="values:batchUpdate")
    writer.values_batch_update(sheet, body={"valueInputOption": "RAW",
                                            "data": [{"range": f"'{TAB}'!A2", "values": [["ok"]]}]})

    assert fake_google_write.count("values.batchUpdate") == 2  # the 429, then the retry
    assert fake_google_write.cell(sheet, TAB, "A2") == "ok"


def test_enter_value_of_a_date_keeps_a_date():
    assert enter_value("2026-11-30", "USER_ENTERED") == dt.date(2026, 11, 30)
    assert enter_value("31/2/2026", "USER_ENTERED") == "31/2/2026"

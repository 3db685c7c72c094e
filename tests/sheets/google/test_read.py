"""sheets.google.read against the fake Google over real HTTP, with the real gspread and google-auth."""
from __future__ import annotations

import ast
import datetime as dt
import pathlib
import socket

import pytest
from gspread.exceptions import APIError

from scripts.fakes.google import make_service_account_info
from sheets import errors, google
from sheets.config import GoogleOptions

SAMPLE_ID = "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms"
EMAIL = "ita-reader@ita-test.iam.gserviceaccount.com"
TABS = [
    ("ตั้งค่า", 0, [["รายการ", "ค่า"], ["ปีงบประมาณ", 2566], ["วันที่รายงาน", dt.date(2023, 9, 30)]]),
    ("  ชื่อ แท็บ ", 1613166149, [["มาตรการที่", "ความคืบหน้า", "เสร็จ"], [1, 0.75, True], [], [2, None, False, ""]]),
    ("O'Brien", 755875121, [["O1", "https://example.go.th/o1"]]),
]


@pytest.fixture
def sleeps() -> list[float]:
    """A list that records each backoff wait instead of sleeping."""
    return []


@pytest.fixture
def fetch(fake_google, service_account_info, sleeps):
    """read_workbook wired to the fake, with recorded (not real) sleeps; keywords are GoogleOptions."""
    def run(spreadsheet: str, **options):
        return google.read_workbook(spreadsheet, service_account_info, GoogleOptions(**options),
                                    adapter=fake_google.adapter(), sleep=sleeps.append)
    return run


@pytest.fixture
def sheet_id(fake_google) -> str:
    return fake_google.add_spreadsheet("ติดตาม ITA ทต.กุดจิก", TABS)


def test_fetch_returns_every_tab_as_api_values(fetch, sheet_id):
    workbook = fetch(f"https://docs.google.com/spreadsheets/d/{sheet_id}/edit#gid=0")
    assert [(tab.title, tab.sheet_id) for tab in workbook.tabs] == [(t, i) for t, i, _ in TABS]
    assert workbook.tabs[0].rows == [["รายการ", "ค่า"], ["ปีงบประมาณ", 2566], ["วันที่รายงาน", 45199]]
    assert workbook.tabs[1].rows == [["มาตรการที่", "ความคืบหน้า", "เสร็จ"], [1, 0.75, True], [], [2, "", False]]
    assert workbook.tabs[2].rows == [["O1", "https://example.go.th/o1"]]
    source = workbook.source
    assert (source.kind, source.name, source.spreadsheet_id) == ("google", "ติดตาม ITA ทต.กุดจิก", sheet_id)
    assert source.url == f"https://docs.google.com/spreadsheets/d/{sheet_id}/edit"
    assert source.fetched_at.tzinfo is dt.UTC


def test_fetch_makes_two_sheets_requests_and_one_token_request(fetch, fake_google, sheet_id):
    fetch(sheet_id)
    metadata, batch = fake_google.requests_to("sheets")
    assert (fake_google.sheets_requests, fake_google.token_requests) == (2, 1)
    assert metadata.query == {"includeGridData": ["false"]}
    assert batch.path.endswith("/values:batchGet")
    assert batch.query == {"valueRenderOption": ["UNFORMATTED_VALUE"], "dateTimeRenderOption": ["SERIAL_NUMBER"],
                           "majorDimension": ["ROWS"], "ranges": ["'ตั้งค่า'", "'  ชื่อ แท็บ '", "'O''Brien'"]}
    assert metadata.authorization == batch.authorization == "Bearer " + next(iter(fake_google.tokens))
    assert fake_google.token_claims[0]["scope"] == "https://www.googleapis.com/auth/spreadsheets.readonly"


def test_thirty_tabs_still_take_two_sheets_requests(fetch, fake_google):
    tabs = [(f"หน่วยงาน {n} 'สำนัก'", n, [["มาตรการที่"], [n]]) for n in range(30)]
    workbook = fetch(fake_google.add_spreadsheet("สามสิบแท็บ", tabs))
    assert [tab.rows[1] for tab in workbook.tabs] == [[n] for n in range(30)]
    assert fake_google.sheets_requests == 2
    assert len(fake_google.requests_to("sheets")[1].query["ranges"]) == 30


def test_hidden_tabs_are_read_and_chart_sheets_skipped(fetch, fake_google):
    tabs = [("ตั้งค่า", 0, [["a"]]), ("ซ่อน", 5, [["b"]], {"hidden": True}), ("กราฟ", 9, [], {"sheetType": "OBJECT"})]
    workbook = fetch(fake_google.add_spreadsheet("มีกราฟ", tabs))
    assert [tab.title for tab in workbook.tabs] == ["ตั้งค่า", "ซ่อน"]


def test_429_three_times_then_success_backs_off(fetch, fake_google, sheet_id, sleeps):
    fake_google.fail_next(429, times=3)
    workbook = fetch(sheet_id, backoff=0.5)
    assert len(workbook.tabs) == 3
    assert sleeps == [0.5, 1.0, 2.0]
    assert fake_google.sheets_requests == 5


@pytest.mark.parametrize(("status", "body"), [
    (500, None),
    (503, None),
    (429, None),
    (502, b"<html><body>502 Bad Gateway</body></html>"),  # not JSON: gspread's APIError.code is -1
])
def test_retries_exhausted_is_unavailable(fetch, fake_google, sheet_id, sleeps, status, body):
    fake_google.set_mode(status, body=body)
    with pytest.raises(errors.SheetUnavailable) as caught:
        fetch(sheet_id, max_retries=2)
    assert fake_google.sheets_requests == 3
    assert sleeps == [1.0, 2.0]
    assert str(status) in caught.value.reason
    assert isinstance(caught.value.__cause__, APIError)


def test_403_is_access_denied_naming_the_service_account(fetch, fake_google, sleeps):
    private = fake_google.add_spreadsheet("ลับ", TABS, private=True)
    with pytest.raises(errors.AccessDenied) as caught:
        fetch(private)
    assert EMAIL in str(caught.value) and "ผู้มีสิทธิ์อ่าน" in caught.value.message
    assert caught.value.service_account_email == EMAIL
    assert (fake_google.sheets_requests, sleeps) == (1, [])


def test_403_on_the_values_request_is_access_denied(fetch, fake_google, sheet_id):
    fake_google.fail_next(403, match="values:batchGet")
    with pytest.raises(errors.AccessDenied):
        fetch(sheet_id)
    assert fake_google.sheets_requests == 2


def test_404_is_sheet_not_found(fetch, fake_google, sleeps):
    with pytest.raises(errors.SheetNotFound) as caught:
        fetch(SAMPLE_ID)
    assert SAMPLE_ID in caught.value.message and caught.value.spreadsheet_id == SAMPLE_ID
    assert (fake_google.sheets_requests, sleeps) == (1, [])


def test_other_client_errors_do_not_leak_gspread(fetch, fake_google, sheet_id):
    fake_google.fail_next(400)
    with pytest.raises(errors.SheetUnavailable) as caught:
        fetch(sheet_id)
    assert "400" in caught.value.reason and fake_google.sheets_requests == 1


def test_reply_slower_than_timeout_is_unavailable(fetch, fake_google, sheet_id, sleeps):
    fake_google.delay = 2.0
    with pytest.raises(errors.SheetUnavailable) as caught:
        fetch(sheet_id, timeout=0.5)
    assert (fake_google.sheets_requests, sleeps) == (1, []), "given up at the first timeout, no retry"
    assert "0.5" in caught.value.reason, "the timeout ended it (seconds: scripts/bench.py)"


def test_rejected_key_is_access_denied(fetch, fake_google, sheet_id):
    fake_google.fail_next(400, route="token")
    with pytest.raises(errors.AccessDenied) as caught:
        fetch(sheet_id)
    assert EMAIL in caught.value.message and "invalid_grant" in caught.value.message
    assert fake_google.sheets_requests == 0


def test_unreachable_token_endpoint_is_unavailable(fake_google, sheet_id):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    info = make_service_account_info(f"http://127.0.0.1:{closed_port}/token")
    with pytest.raises(errors.SheetUnavailable):
        google.read_workbook(sheet_id, info, adapter=fake_google.adapter())


def test_malformed_credentials_are_access_denied(fake_google, sheet_id):
    with pytest.raises(errors.AccessDenied):
        google.read_workbook(sheet_id, {"type": "service_account", "client_email": EMAIL},
                                     adapter=fake_google.adapter())


@pytest.mark.parametrize(("text", "expected"), [
    (f"https://docs.google.com/spreadsheets/d/{SAMPLE_ID}/edit#gid=0", SAMPLE_ID),
    (f"https://docs.google.com/spreadsheets/d/{SAMPLE_ID}/edit?usp=sharing", SAMPLE_ID),
    (f"https://docs.google.com/spreadsheets/d/{SAMPLE_ID}", SAMPLE_ID),
    (f"https://docs.google.com/spreadsheets/u/1/d/{SAMPLE_ID}/edit", SAMPLE_ID),
    (f"docs.google.com/spreadsheets/d/{SAMPLE_ID}/htmlview", SAMPLE_ID),
    (f"https://docs.google.com/spreadsheet/ccc?key={SAMPLE_ID}#gid=0", SAMPLE_ID),
    (f"  {SAMPLE_ID}\n", SAMPLE_ID),
    (SAMPLE_ID, SAMPLE_ID),
])
def test_parse_spreadsheet_id(text, expected):
    assert google.parse_spreadsheet_id(text) == expected


@pytest.mark.parametrize("text", [
    "",
    "   ",
    "hello",
    "https://example.com/sheet",
    "https://docs.google.com/spreadsheets/d/e/2PACX-1vQabcdefghijklmnopqrstuvwxyz/pubhtml",
    "https://docs.google.com/spreadsheets/d/short/edit",
    "ไฟล์ ITA ของฉัน",
    f"{SAMPLE_ID} extra",
])
def test_parse_spreadsheet_id_rejects_garbage(text):
    with pytest.raises(errors.SheetNotFound) as caught:
        google.parse_spreadsheet_id(text)
    assert caught.value.message and "\n" not in caught.value.message


def test_quote_tab_range_doubles_quotes():
    assert google.quote_tab_range("O'Brien") == "'O''Brien'"
    assert google.quote_tab_range("  ชื่อ แท็บ ") == "'  ชื่อ แท็บ '"


def test_service_account_email(service_account_info):
    assert google.service_account_email(service_account_info) == EMAIL
    assert google.service_account_email({}) == ""


def test_google_source_never_imports_streamlit():
    for module in (google, errors):
        tree = ast.parse(pathlib.Path(module.__file__).read_text(encoding="utf-8"))
        names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        names |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert not any(name.split(".")[0] == "streamlit" for name in names)


def test_many_long_thai_tab_titles_still_read_in_two_requests(fake_google, service_account_info):
    from scripts.fakes.workbooks import build_large_tabs, tabs_for_fake

    tabs = build_large_tabs(departments=60, rows=3)
    sheet_id = fake_google.add_spreadsheet("ใหญ่", tabs_for_fake(tabs))
    raw = google.read_workbook(sheet_id, service_account_info, adapter=fake_google.adapter())
    assert [tab.title for tab in raw.tabs] == [tab.title for tab in tabs]
    assert [tab.rows for tab in raw.tabs][-1][1][1] == tabs[-1].rows[1][1]
    paths = [entry.path for entry in fake_google.requests_to("sheets")]
    assert len(paths) == 2 and paths[1].endswith("/values:batchGetByDataFilter")


def test_the_fake_refuses_a_url_longer_than_google_accepts(fake_google, service_account_info):
    import requests

    reply = requests.get(f"{fake_google.base_url}/v4/spreadsheets/x?{'a' * 9000}", timeout=5)
    assert reply.status_code == 414


def test_a_reused_client_keeps_its_token_between_reads(fake_google, service_account_info):
    sheet_id = fake_google.add_spreadsheet("ซ้ำ", [("ตั้งค่า", 0, [["ชื่อหน่วยงาน", "ก"]])])
    client = google.open_client(service_account_info, adapter=fake_google.adapter())
    for _ in range(3):
        raw = google.read_workbook(sheet_id, service_account_info, client=client)
        assert raw.tabs[0].rows == [["ชื่อหน่วยงาน", "ก"]]
    assert (fake_google.sheets_requests, fake_google.token_requests) == (6, 1)

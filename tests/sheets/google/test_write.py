"""sheets.google.write (init-sheet): the template becomes a Google Sheet through the real gspread/google-auth over real HTTP."""
from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from scripts.fakes.google import make_service_account_info, to_api_rows
from scripts.fakes.google_write import FakeGoogleWrite
from sheets import errors, google, template
from sheets.google import write
from sheets.workbook import parse_workbook

HEAD = "head.kudjik@example.go.th"
NO_SLEEP = {"sleep": lambda _seconds: None}
STORAGE_403 = json.dumps({"error": {"code": 403, "message": "The user's Drive storage quota has been exceeded.",
                                    "errors": [{"message": "The user's Drive storage quota has been exceeded.",
                                                "domain": "usageLimits", "reason": "storageQuotaExceeded"}]}}).encode()


@pytest.fixture
def fake() -> Iterator[FakeGoogleWrite]:
    with FakeGoogleWrite() as server:
        yield server


@pytest.fixture
def info(fake: FakeGoogleWrite) -> dict:
    return make_service_account_info(fake.token_uri)


def create(fake: FakeGoogleWrite, info: dict, **options) -> str:
    options.setdefault("share_with", HEAD)
    return write.create_sheet_from_template("ITA เทศบาลทดสอบ", info, fiscal_year=2569, adapter=fake.adapter(),
                                                **NO_SLEEP, **options)


def test_create_writes_every_tab_validations_and_shares_as_writer(fake, info):
    url = create(fake, info)

    spreadsheet_id = google.parse_spreadsheet_id(url)
    assert url == f"https://docs.google.com/spreadsheets/d/{spreadsheet_id}/edit"
    book = fake.spreadsheets[spreadsheet_id]
    expected = template.build_template_tabs(2569)
    assert book["title"] == "ITA เทศบาลทดสอบ" and book["locale"] == "th_TH"
    assert [tab[0] for tab in book["tabs"]] == [tab.title for tab in expected]
    for stored, tab in zip(book["tabs"], expected):
        assert to_api_rows(stored[2]) == to_api_rows(tab.rows), tab.title
    assert fake.permissions[spreadsheet_id] == [
        {"type": "user", "role": "writer", "withLink": False, "emailAddress": HEAD}]
    share = fake.writes_to("/permissions")[0]
    assert share.query["sendNotificationEmail"] == ["True"] and share.query["supportsAllDrives"] == ["true"]


def test_status_columns_get_one_of_list_dropdowns(fake, info):
    spreadsheet_id = google.parse_spreadsheet_id(create(fake, info))

    sent = fake.validations[spreadsheet_id]
    ids = {tab[0]: tab[1] for tab in fake.spreadsheets[spreadsheet_id]["tabs"]}
    rules = template.build_validations()
    assert len(sent) == len(rules)
    for request, rule in zip(sent, rules):
        assert request["range"] == {"sheetId": ids[rule.tab], "startRowIndex": 1, "endRowIndex": write.GRID_ROWS,
                                    "startColumnIndex": rule.column, "endColumnIndex": rule.column + 1}
        condition = request["rule"]["condition"]
        assert condition["type"] == "ONE_OF_LIST" and request["rule"]["strict"] is True
        assert [value["userEnteredValue"] for value in condition["values"]] == list(rule.words)
    assert "เสร็จแล้ว" in [v["userEnteredValue"] for v in sent[0]["rule"]["condition"]["values"]]


def test_four_api_requests_one_token_and_values_sent_raw(fake, info):
    sid = google.parse_spreadsheet_id(create(fake, info))

    assert fake.token_requests == 1
    assert [(entry.method, entry.path) for entry in fake.log if entry.route != "token"] == [
        ("POST", "/v4/spreadsheets"), ("POST", f"/v4/spreadsheets/{sid}/values:batchUpdate"),
        ("POST", f"/v4/spreadsheets/{sid}:batchUpdate"), ("POST", f"/drive/v3/files/{sid}/permissions")]
    assert fake.writes_to("values:batchUpdate")[0].body["valueInputOption"] == "RAW"
    assert set(fake.token_claims[0]["scope"].split()) == set(write.SCOPES)


def test_created_sheet_reads_back_as_the_contract(fake, info):
    url = create(fake, info)

    workbook = parse_workbook(google.read_workbook(url, info, adapter=fake.adapter(), **NO_SLEEP))

    assert workbook.settings.fiscal_year == 2569
    assert workbook.departments == [template.EXAMPLE_DEPARTMENT]
    assert [m.no for m in workbook.measures] == [1]
    assert len(workbook.oit_items) == len(template.build_template_tabs(2569)[2].rows) - 1
    assert workbook.ignored_tabs == [template.INSTRUCTIONS_TAB]


def test_without_share_with_nothing_goes_to_drive(fake, info):
    create(fake, info, share_with=None)

    assert fake.requests_to("drive") == [] and fake.sheets_requests == 3


def test_service_account_without_drive_storage_says_how_to_go_on(fake, info):
    fake.fail_next(403, match="/v4/spreadsheets", body=STORAGE_403, content_type="application/json; charset=UTF-8")

    with pytest.raises(errors.AccessDenied) as caught:
        create(fake, info)

    assert "cli.py template" in caught.value.message and info["client_email"] in caught.value.message
    assert caught.value.service_account_email == info["client_email"]
    assert fake.sheets_requests == 1 and fake.spreadsheets == {}


def test_plain_403_asks_to_enable_the_apis(fake, info):
    fake.fail_next(403, match="/v4/spreadsheets")

    with pytest.raises(errors.AccessDenied, match="Google Sheets API และ Google Drive API"):
        create(fake, info)


def test_create_is_never_retried_a_fill_step_is(fake, info):
    fake.fail_next(503, match="/v4/spreadsheets")
    with pytest.raises(errors.SheetUnavailable):
        create(fake, info)
    assert fake.sheets_requests == 1

    fake.clear_log()
    fake.fail_next(503, match="values:batchUpdate")
    create(fake, info)
    assert len([entry for entry in fake.log if entry.path.endswith("values:batchUpdate")]) == 2


def test_failed_share_still_gives_the_sheet_url(fake, info):
    fake.fail_next(400, route="drive")

    with pytest.raises(write.ProvisionIncomplete) as caught:
        create(fake, info)

    spreadsheet_id = next(iter(fake.spreadsheets))
    assert caught.value.spreadsheet_url.endswith(f"/d/{spreadsheet_id}/edit")
    assert caught.value.spreadsheet_url in caught.value.message and HEAD in caught.value.message


def test_rejected_key_is_access_denied(fake, info):
    fake.fail_next(400, route="token")

    with pytest.raises(errors.AccessDenied):
        create(fake, info)
    assert fake.sheets_requests == 0


def test_folder_in_a_shared_drive_creates_through_drive(fake, info):
    fake.folders.add("0AFolderInSharedDrive")

    url = create(fake, info, folder_id="0AFolderInSharedDrive")

    spreadsheet_id = google.parse_spreadsheet_id(url)
    made = fake.writes_to("/drive/v3/files")[0]
    assert made.path == "/drive/v3/files" and made.body["parents"] == ["0AFolderInSharedDrive"]
    assert made.body["mimeType"] == "application/vnd.google-apps.spreadsheet"
    tabs = fake.spreadsheets[spreadsheet_id]["tabs"]
    assert [tab[0] for tab in tabs] == [tab.title for tab in template.build_template_tabs(2569)]
    assert len(fake.validations[spreadsheet_id]) == len(template.build_validations())
    assert fake.permissions[spreadsheet_id][0]["role"] == "writer"


def test_unknown_folder_is_not_found(fake, info):
    with pytest.raises(errors.SheetNotFound):
        create(fake, info, folder_id="0ANoSuchFolder")


def test_bad_key_json_is_access_denied_before_any_request(fake):
    with pytest.raises(errors.AccessDenied):
        write.create_sheet_from_template("x", {"type": "service_account"}, adapter=fake.adapter())
    assert fake.log == []


def test_request_bodies_freeze_headers_but_not_the_instructions():
    tabs = template.build_template_tabs(2569)
    body = write.spreadsheet_body("ITA", tabs)

    frozen = {sheet["properties"]["title"]: sheet["properties"]["gridProperties"].get("frozenRowCount")
              for sheet in body["sheets"]}
    assert frozen.pop(template.INSTRUCTIONS_TAB) is None and set(frozen.values()) == {1}
    values = write.values_body(tabs)
    assert values["data"][0]["range"] == "'ตั้งค่า'!A1"
    assert all(cell is not None for item in values["data"] for row in item["values"] for cell in row)

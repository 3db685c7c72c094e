"""sheets.google.client over real HTTP: Retry-After, the read's one deadline, scopes, error mapping."""
from __future__ import annotations

import email.utils
import time

import pytest

from sheets import errors, google
from sheets.config import GoogleOptions
from sheets.google import client
from tests.sheets.google.test_read import TABS
from tests.sheets.google.test_read_export import XLSX


@pytest.fixture
def sheet_id(fake_google) -> str:
    return fake_google.add_spreadsheet("ติดตาม", TABS, xlsx=XLSX)


def read(fake_google, info, sheet_id, sleeps, **options):
    return google.read_workbook(sheet_id, info, GoogleOptions(**options), adapter=fake_google.adapter(),
                                sleep=sleeps.append)


def test_retry_after_seconds_is_honoured_when_longer_than_the_backoff(fake_google, service_account_info, sheet_id):
    sleeps: list[float] = []
    fake_google.fail_next(429, headers={"Retry-After": "3"})
    raw = read(fake_google, service_account_info, sheet_id, sleeps, backoff=0.01)
    assert raw.tabs and sleeps == [3.0]
    assert fake_google.sheets_requests == 3


def test_retry_after_as_an_http_date(fake_google, service_account_info, sheet_id):
    sleeps: list[float] = []
    when = email.utils.formatdate(time.time() + 5, usegmt=True)
    fake_google.fail_next(503, headers={"Retry-After": when})
    read(fake_google, service_account_info, sheet_id, sleeps, backoff=0.01)
    assert len(sleeps) == 1 and 3.0 <= sleeps[0] <= 5.0


def test_a_shorter_retry_after_keeps_the_backoff(fake_google, service_account_info, sheet_id):
    sleeps: list[float] = []
    fake_google.fail_next(429, headers={"Retry-After": "0"})
    read(fake_google, service_account_info, sheet_id, sleeps, backoff=0.5)
    assert sleeps == [0.5]


def test_a_retry_after_past_the_deadline_ends_the_read_at_once(fake_google, service_account_info, sheet_id):
    sleeps: list[float] = []
    fake_google.set_mode(503, headers={"Retry-After": "120"})
    with pytest.raises(errors.SheetUnavailable) as caught:
        read(fake_google, service_account_info, sheet_id, sleeps, backoff=0.01, deadline=5)
    assert sleeps == [] and fake_google.sheets_requests == 1
    assert "503" in caught.value.reason


def test_the_deadline_bounds_the_whole_read_not_each_request(fake_google, service_account_info, sheet_id):
    fake_google.delay = 1.0  # every reply takes 1 s: metadata + values would take 2 s
    with pytest.raises(errors.SheetUnavailable) as caught:
        read(fake_google, service_account_info, sheet_id, [], timeout=10, deadline=1.5)
    assert "1.5" in caught.value.reason, "the deadline, not a 10 s request timeout, ended it"
    assert fake_google.sheets_requests == 2, "the second request got only what was left"


def test_the_export_honours_retry_after(fake_google, sheet_id):
    sleeps: list[float] = []
    fake_google.fail_next(429, route="export", headers={"Retry-After": "2"})
    data = google.read_link_shared_xlsx(sheet_id, GoogleOptions(backoff=0.01), adapter=fake_google.adapter(),
                                        sleep=sleeps.append)
    assert data == XLSX and sleeps == [2.0]


def test_reading_asks_only_the_read_only_scope(fake_google, service_account_info, sheet_id):
    read(fake_google, service_account_info, sheet_id, [])
    assert fake_google.token_claims[0]["scope"] == " ".join(client.READ_SCOPES)
    assert "auth/spreadsheets " not in fake_google.token_claims[0]["scope"] + " "


def test_write_scope_only_when_writing(service_account_info):
    reader = client.open_client(service_account_info)
    writer = client.open_client(service_account_info, write=True)
    assert tuple(reader.auth.scopes) == client.READ_SCOPES
    assert tuple(writer.auth.scopes) == client.WRITE_SCOPES


@pytest.mark.parametrize(("status", "kind"), [(404, errors.SheetNotFound), (403, errors.AccessDenied),
                                              (200, errors.AccessDenied), (502, errors.SheetUnavailable)])
def test_export_errors_map_in_the_client(status, kind):
    assert isinstance(client.export_error(status, "x" * 44), kind)

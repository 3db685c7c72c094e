"""sheets.google.read: the link-shared `.xlsx` export over real HTTP (no credentials), streamed and capped."""
from __future__ import annotations

import time

import pytest

from sheets import errors, google
from sheets.config import GoogleOptions
from tests.sheets.google.test_read import SAMPLE_ID, TABS

# link-shared export -----------------------------------------------------------------

XLSX = b"PK\x03\x04" + b"\x00" * 60


def export(fake, spreadsheet, **options):
    return google.read_link_shared_xlsx(spreadsheet, GoogleOptions(**options), adapter=fake.adapter(),
                                        sleep=lambda seconds: None)


def test_link_shared_export_returns_the_bytes(fake_google):
    sheet = fake_google.add_spreadsheet("แชร์ลิงก์", TABS, xlsx=XLSX)
    assert export(fake_google, f"https://docs.google.com/spreadsheets/d/{sheet}/edit") == XLSX
    (request,) = fake_google.requests_to("export")
    assert request.query == {"format": ["xlsx"]} and request.authorization is None
    assert fake_google.sheets_requests == fake_google.token_requests == 0


def test_private_sheet_export_login_page_is_access_denied(fake_google):
    sheet = fake_google.add_spreadsheet("ไม่แชร์", TABS)
    with pytest.raises(errors.AccessDenied) as caught:
        export(fake_google, sheet)
    assert "ทุกคนที่มีลิงก์" in caught.value.message
    assert caught.value.service_account_email is None


@pytest.mark.parametrize(("status", "error"), [
    (404, errors.SheetNotFound),
    (401, errors.AccessDenied),
    (403, errors.AccessDenied),
    (429, errors.SheetUnavailable),
    (500, errors.SheetUnavailable),
])
def test_export_errors(fake_google, status, error):
    sheet = fake_google.add_spreadsheet("แชร์ลิงก์", TABS, xlsx=XLSX)
    fake_google.set_mode(status, route="export")
    with pytest.raises(error):
        export(fake_google, sheet, max_retries=2)
    assert fake_google.export_requests == (3 if error is errors.SheetUnavailable else 1)


def test_export_of_unknown_sheet_is_not_found(fake_google):
    with pytest.raises(errors.SheetNotFound):
        export(fake_google, SAMPLE_ID)


def test_export_retries_then_succeeds(fake_google):
    sheet = fake_google.add_spreadsheet("แชร์ลิงก์", TABS, xlsx=XLSX)
    fake_google.fail_next(503, times=2, route="export")
    assert export(fake_google, sheet) == XLSX
    assert fake_google.export_requests == 3


def test_slow_export_is_unavailable(fake_google):
    sheet = fake_google.add_spreadsheet("แชร์ลิงก์", TABS, xlsx=XLSX)
    fake_google.delay = 2.0
    with pytest.raises(errors.SheetUnavailable):
        export(fake_google, sheet, timeout=0.3)


# the export is streamed and stopped at the size limit ---------------------------------

def test_a_big_export_is_stopped_at_the_limit_not_downloaded_whole(fake_google):
    size = 150 * 1024 * 1024
    sheet = fake_google.add_big_export("ใหญ่มาก", size)
    with pytest.raises(errors.BadSource) as caught:
        export(fake_google, sheet)
    assert "25 MB" in caught.value.message
    time.sleep(0.2)  # let the server notice the closed connection
    assert fake_google.export_bytes_sent < 40 * 1024 * 1024, "stopped near 25 MB, not after 150 MB"


def test_a_declared_length_over_the_limit_is_refused_before_reading(fake_google):
    sheet = fake_google.add_big_export("ประกาศขนาด", 30 * 1024 * 1024, declare_length=True)
    with pytest.raises(errors.BadSource):
        export(fake_google, sheet)


def test_an_export_just_under_the_limit_is_read(fake_google):
    sheet = fake_google.add_big_export("พอดี", 1024 * 1024)
    assert len(export(fake_google, sheet)) == 1024 * 1024

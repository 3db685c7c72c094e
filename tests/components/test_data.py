"""The data seam end to end: AppTest of app.py against the fake Google over real HTTP.

The real gspread and google-auth talk to tests/fake_google.py through ITA_GOOGLE_ENDPOINT;
secrets come from at.secrets. Covers caching (requests per rerun and per refresh), the
stale-snapshot fallback, and each Google failure's Thai page.
"""
from __future__ import annotations

import json
import re
import time

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from components import data, sidebar, tiles
from scripts.fakes.google import SERVICE_ACCOUNT_EMAIL, make_spreadsheet_id
from scripts.fakes.workbooks import tabs_for_fake, tabs_to_xlsx_bytes
from sheets import endpoint, figures, google, snapshots
from sheets.model import Problem, RawTab, RawWorkbook, SourceInfo
from sheets.workbook import parse_workbook
from tests.conftest import ROOT, TODAY, make_tabs

APP = str(ROOT / "app.py")
PAGES = ("pages/overview.py", "pages/measures.py", "pages/oit.py", "pages/quality.py", "pages/annex.py")
STALE_PREFIX = "แสดงข้อมูลล่าสุดที่โหลดได้เมื่อ"


@pytest.fixture
def google_env(fake_google, monkeypatch):
    """The fake Google, with the app's Google traffic sent to it and short retries."""
    monkeypatch.setenv("ITA_GOOGLE_ENDPOINT", fake_google.base_url)
    monkeypatch.setenv("ITA_GOOGLE_BACKOFF", "0.01")
    monkeypatch.setenv("ITA_GOOGLE_RETRIES", "1")
    monkeypatch.setenv("ITA_GOOGLE_TIMEOUT", "5")
    return fake_google


@pytest.fixture
def sheet_id(google_env) -> str:
    """A valid small workbook (tests.conftest.make_tabs) stored in the fake."""
    return google_env.add_spreadsheet("ติดตาม ITA ทดสอบ", tabs_for_fake(make_tabs()))


@pytest.fixture
def expected_tiles(google_env, sheet_id, service_account_info) -> list[str]:
    """The overview tile values compute_summary gives for the fake sheet (log cleared after)."""
    raw = google.fetch_google_workbook(sheet_id, service_account_info, adapter=google_env.adapter())
    google_env.clear_log()
    return tile_values(parse_workbook(raw))


def tile_values(workbook) -> list[str]:
    return [tile.value for tile in tiles.summary_tiles(figures.compute_summary(workbook, TODAY))]


def make_app(**secrets) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in secrets.items():
        at.secrets[key] = value
    return at


@pytest.fixture
def app(sheet_id, service_account_info) -> AppTest:
    """app.py configured with the fake sheet and the service account, not yet run."""
    return make_app(sheet=sheet_id, gcp_service_account=service_account_info)


def press_refresh(at: AppTest) -> AppTest:
    return at.button(key=sidebar.REFRESH_KEY).click().run()


def texts(elements) -> list[str]:
    """Element texts as a reader sees them (Markdown backslash escapes and invisible word joiners removed)."""
    return [re.sub(r"\\(.)", r"\1", str(element.value)).replace("\u2060", "") for element in elements]


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, texts(at.error)


# --- pages on the fake -------------------------------------------------------------------


def test_every_page_runs_on_the_google_sheet(app, google_env):
    app.run()
    assert_clean(app)
    for page in PAGES:
        app.switch_page(page).run()
        assert_clean(app)
    assert google_env.sheets_requests == 2


def test_tiles_equal_compute_summary(app, expected_tiles):
    app.run()
    assert_clean(app)
    assert texts(app.metric) == expected_tiles
    assert "ติดตาม ITA ทดสอบ" in " ".join(texts(app.sidebar.caption))


# --- requests: none inside the TTL, two per refresh ---------------------------------------


def test_first_load_makes_two_sheets_requests_and_reruns_make_none(app, google_env):
    app.run()
    assert (google_env.sheets_requests, google_env.token_requests) == (2, 1)
    google_env.clear_log()
    app.run()
    for page in PAGES:
        app.switch_page(page).run()
    assert_clean(app)
    assert google_env.sheets_requests == 0 and google_env.token_requests == 0


def test_refresh_makes_at_most_two_sheets_requests_and_reuses_the_token(app, google_env):
    app.run()
    for _ in range(3):
        google_env.clear_log()
        press_refresh(app)
        assert_clean(app)
        assert (google_env.sheets_requests, google_env.token_requests) == (2, 0)


def test_new_sessions_share_the_cache(app, google_env, sheet_id, service_account_info):
    app.run()
    google_env.clear_log()
    other = make_app(sheet=sheet_id, gcp_service_account=service_account_info).run()
    assert_clean(other)
    assert google_env.sheets_requests == 0


def test_cache_expires_after_the_configured_ttl(google_env, sheet_id, service_account_info):
    at = make_app(sheet=sheet_id, gcp_service_account=service_account_info, cache_ttl_seconds=1).run()
    google_env.clear_log()
    time.sleep(1.2)
    at.run()
    assert_clean(at)
    assert google_env.sheets_requests == 2


def test_ttl_comes_from_secrets_then_env(monkeypatch):
    monkeypatch.setenv("ITA_CACHE_TTL", "120")
    assert data.cache_ttl() == 120
    monkeypatch.setenv("ITA_CACHE_TTL", "not a number")
    assert data.cache_ttl() == data.DEFAULT_TTL


# --- stale data instead of a dead page ------------------------------------------------------


def test_google_down_after_a_good_load_shows_the_snapshot_with_a_banner(app, google_env, expected_tiles):
    app.run()
    assert not app.warning
    google_env.set_mode(503)
    press_refresh(app)
    assert_clean(app)
    banner = " ".join(texts(app.warning))
    assert STALE_PREFIX in banner and "นาทีที่แล้ว" in banner and "Google ไม่ตอบ" in banner
    assert "503" in banner
    assert texts(app.metric) == expected_tiles
    google_env.clear_log()
    app.switch_page("pages/measures.py").run()  # inside ITA_RETRY_AFTER: the snapshot, no request
    assert google_env.sheets_requests == 0 and STALE_PREFIX in " ".join(texts(app.warning))


def test_refresh_after_google_recovers_drops_the_banner(app, google_env):
    app.run()
    google_env.set_mode(429)
    press_refresh(app)
    assert STALE_PREFIX in " ".join(texts(app.warning))
    google_env.set_mode(None)
    press_refresh(app)
    assert_clean(app)
    assert not app.warning


def test_snapshot_survives_a_restart(app, google_env, sheet_id, service_account_info, expected_tiles):
    app.run()
    st.cache_data.clear()
    st.cache_resource.clear()  # a new server process: only the disk remains
    google_env.set_mode(503)
    restarted = make_app(sheet=sheet_id, gcp_service_account=service_account_info).run()
    assert_clean(restarted)
    assert STALE_PREFIX in " ".join(texts(restarted.warning))
    assert texts(restarted.metric) == expected_tiles


def test_google_down_with_no_snapshot_shows_a_thai_error(app, google_env):
    google_env.set_mode(503)
    app.run()
    assert not app.exception
    assert "ดึงข้อมูลจาก Google Sheets ไม่ได้" in " ".join(texts(app.error))
    assert "ยังไม่เคยโหลดข้อมูลของชีตนี้สำเร็จ" in " ".join(texts(app.info))
    assert not app.metric


def test_a_failure_is_not_cached(app, google_env, monkeypatch):
    monkeypatch.setenv("ITA_RETRY_AFTER", "0")
    google_env.fail_next(503, times=2)  # both attempts of the first load
    app.run()
    assert app.error
    app.run()
    assert_clean(app)
    assert app.metric


# --- the failures a user can fix -------------------------------------------------------------


def test_access_denied_shows_the_service_account_email(google_env, service_account_info):
    private = google_env.add_spreadsheet("ลับ", tabs_for_fake(make_tabs()), private=True)
    at = make_app(sheet=private, gcp_service_account=service_account_info).run()
    assert not at.exception
    assert SERVICE_ACCOUNT_EMAIL in " ".join(texts(at.error))
    assert texts(at.code) == [SERVICE_ACCOUNT_EMAIL]
    assert "ผู้มีสิทธิ์อ่าน" in " ".join(texts(at.info))


def test_unknown_sheet_says_check_the_link(google_env, service_account_info):
    at = make_app(sheet=make_spreadsheet_id("ไม่มีชีตนี้"), gcp_service_account=service_account_info).run()
    assert not at.exception
    assert "ไม่พบ Google Sheet" in " ".join(texts(at.error))
    assert "ตรวจลิงก์" in " ".join(texts(at.info))


def test_sheet_without_contract_tabs_names_the_tabs_found(google_env, service_account_info):
    other = google_env.add_spreadsheet("อื่น", [("Sheet1", 0, [["ชื่อ", "อายุ"], ["ก", 1]])])
    at = make_app(sheet=other, gcp_service_account=service_account_info).run()
    assert not at.exception
    assert "ไม่มีแท็บตามรูปแบบ" in " ".join(texts(at.error))
    assert "Sheet1" in " ".join(texts(at.caption))


def test_secrets_sheet_that_is_not_a_link(google_env, service_account_info):
    at = make_app(sheet="ชีตของฉัน", gcp_service_account=service_account_info).run()
    assert not at.exception
    assert "ไม่ใช่ลิงก์หรือรหัสของ Google Sheet" in " ".join(texts(at.error))


# --- other ways in: link-shared export, env credentials, pasted link, upload -----------------


def test_configured_sheet_without_credentials_reads_the_link_shared_export(google_env):
    sid = google_env.add_spreadsheet("แชร์ลิงก์", tabs_for_fake(make_tabs()), xlsx=tabs_to_xlsx_bytes(make_tabs()))
    at = make_app(sheet=sid).run()
    assert_clean(at)
    assert (google_env.export_requests, google_env.sheets_requests) == (1, 0)
    assert texts(at.metric)
    google_env.clear_log()
    at.run()
    assert google_env.export_requests == 0


def test_credentials_file_and_sheet_from_the_environment(google_env, sheet_id, service_account_info,
                                                         tmp_path, monkeypatch, expected_tiles):
    key_file = tmp_path / "key.json"
    key_file.write_text(json.dumps(service_account_info), encoding="utf-8")
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(key_file))
    monkeypatch.setenv("ITA_SHEET", f"https://docs.google.com/spreadsheets/d/{sheet_id}/edit#gid=0")
    at = make_app().run()
    assert_clean(at)
    assert texts(at.metric) == expected_tiles
    assert google_env.sheets_requests == 2


def test_unreadable_credentials_file_is_a_thai_error(tmp_path, monkeypatch):
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(tmp_path / "missing.json"))
    monkeypatch.setenv("ITA_SHEET", make_spreadsheet_id("x"))
    at = make_app().run()
    assert not at.exception
    assert "GOOGLE_APPLICATION_CREDENTIALS" in " ".join(texts(at.error))


def test_pasted_link_reads_the_export(google_env):
    sid = google_env.add_spreadsheet("แชร์ลิงก์", tabs_for_fake(make_tabs()), xlsx=tabs_to_xlsx_bytes(make_tabs()))
    at = make_app().run()
    at.radio(key=sidebar.SOURCE_WIDGET).set_value(data.LINK).run()
    assert "วางลิงก์ Google Sheet" in " ".join(texts(at.info))
    at.text_input(key=sidebar.LINK_WIDGET).input(f"https://docs.google.com/spreadsheets/d/{sid}/edit").run()
    assert_clean(at)
    assert google_env.export_requests == 1
    at.switch_page("pages/oit.py").run()  # the choice and the link survive a page switch
    assert_clean(at)
    assert at.text_input(key=sidebar.LINK_WIDGET).value.endswith(f"{sid}/edit")
    assert google_env.export_requests == 1


def test_pasted_private_link_explains_link_sharing(google_env):
    sid = google_env.add_spreadsheet("ส่วนตัว", tabs_for_fake(make_tabs()))
    at = make_app().run()
    at.radio(key=sidebar.SOURCE_WIDGET).set_value(data.LINK).run()
    at.text_input(key=sidebar.LINK_WIDGET).input(sid).run()
    assert not at.exception
    assert "ทุกคนที่มีลิงก์" in " ".join(texts(at.error))


def test_uploaded_xlsx_is_read_and_cached_by_content(monkeypatch):
    tabs = make_tabs()
    content = tabs_to_xlsx_bytes(tabs)
    calls = []
    real = data.sources.read_xlsx_bytes
    monkeypatch.setattr(data.sources, "read_xlsx_bytes", lambda *a, **k: calls.append(1) or real(*a, **k))
    at = make_app().run()
    at.radio(key=sidebar.SOURCE_WIDGET).set_value(data.UPLOAD).run()
    at.file_uploader(key=sidebar.UPLOAD_WIDGET).upload("ita.xlsx", content).run()
    assert_clean(at)
    assert texts(at.metric) == tile_values(parse_workbook(RawWorkbook(tabs, SourceInfo("xlsx", "ita.xlsx"))))
    calls.clear()
    at.switch_page("pages/measures.py").run()
    assert_clean(at)
    assert "ita" in " ".join(texts(at.sidebar.caption))
    assert calls == []


def test_uploaded_file_that_is_not_xlsx_shows_the_fix():
    at = make_app().run()
    at.radio(key=sidebar.SOURCE_WIDGET).set_value(data.UPLOAD).run()
    at.file_uploader(key=sidebar.UPLOAD_WIDGET).upload("ita.xlsx", b"not a workbook").run()
    assert not at.exception
    assert "ไม่ใช่ไฟล์ Excel" in " ".join(texts(at.error))
    assert ".xlsx" in " ".join(texts(at.info))


# --- pieces: snapshots, the endpoint adapter, the banner --------------------------------------


def test_snapshot_round_trip_keeps_every_cell_type(tmp_path):
    import datetime as dt

    when = dt.datetime(2026, 11, 25, 3, 0, tzinfo=dt.timezone.utc)
    note = Problem("warning", "กองคลัง", 3, "กำหนดเสร็จ", "อ่านวันที่ไม่ได้", 7, "E3")
    tab = RawTab("กองคลัง", [["a", 1, 2.5, True, None], [dt.date(2023, 3, 31), dt.datetime(2023, 1, 2, 3, 4)]], 7)
    tab.notes = [note]
    raw = RawWorkbook([tab], SourceInfo("google", "ชีต", "https://docs.google.com/x", "abc", when))
    snapshots.write_snapshot("k1", raw)
    assert snapshots.read_snapshot("k1") == raw
    assert [path.name for path in snapshots.snapshot_dir().iterdir()] == ["k1.json"]


def test_missing_or_broken_snapshot_reads_as_none():
    assert snapshots.read_snapshot("none") is None
    snapshots.snapshot_dir().mkdir(parents=True)
    (snapshots.snapshot_dir() / "bad.json").write_text("{", encoding="utf-8")
    assert snapshots.read_snapshot("bad") is None


def test_snapshot_key_names_the_sheet_not_the_link_form():
    sid = make_spreadsheet_id("a")
    forms = [sid, f"https://docs.google.com/spreadsheets/d/{sid}/edit#gid=0", f" {sid} "]
    assert len({data.Source("google", form).snapshot_key for form in forms}) == 1
    assert data.Source("link", sid).snapshot_key != data.Source("google", sid).snapshot_key


@pytest.mark.parametrize(("url", "expected"), [
    ("https://sheets.googleapis.com/v4/spreadsheets/x?a=1", "http://127.0.0.1:9/v4/spreadsheets/x?a=1"),
    ("https://docs.google.com/spreadsheets/d/x/export?format=xlsx", "http://127.0.0.1:9/spreadsheets/d/x/export?format=xlsx"),
    ("https://accounts.google.com/ServiceLogin?c=1", "http://127.0.0.1:9/ServiceLogin?c=1"),
    ("https://example.com/x", "https://example.com/x"),
    ("http://docs.google.com/x", "http://docs.google.com/x"),
])
def test_endpoint_adapter_rewrites_google_hosts_only(url, expected):
    assert endpoint.EndpointAdapter("http://127.0.0.1:9/").rewrite(url) == expected


def test_endpoint_adapter_needs_an_http_url():
    assert endpoint.adapter_for("") is None
    with pytest.raises(ValueError):
        endpoint.EndpointAdapter("127.0.0.1:9")


def test_stale_message_names_time_age_and_reason():
    import datetime as dt

    fetched = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=7)
    message = sidebar.stale_message(data.DataStatus(True, fetched, "ระบบของ Google ขัดข้อง (HTTP 503)"))
    assert message.startswith(STALE_PREFIX)
    assert "(7 นาทีที่แล้ว)" in message and message.endswith("เพราะ Google ไม่ตอบ: ระบบของ Google ขัดข้อง (HTTP 503)")


def test_sessions_share_one_parsed_workbook_and_an_evicted_one_is_read_again(app, google_env):
    app.run()
    first = data._shared_workbooks()
    assert len(first._items) == 1
    (token,) = first._items
    first._items.clear()  # as if evicted
    app.run()
    assert_clean(app)
    assert google_env.sheets_requests == 4, "read again once, through the same cache key"
    assert token not in first._items and len(first._items) == 1

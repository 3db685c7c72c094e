"""The data seam end to end: AppTest of app.py against the fake Google over real HTTP.

The real gspread and google-auth talk to scripts/fakes/google.py through ITA_GOOGLE_ENDPOINT;
secrets come from at.secrets. Covers the cache (requests per rerun, per session, per
refresh), the refresh rate limit, and the cache's bounds.
"""
from __future__ import annotations

import dataclasses
import time

import pytest

from components import data
from tests.components.conftest import PAGES, assert_clean, make_app, press_refresh, texts

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


def test_a_failure_is_not_cached(app, google_env, monkeypatch):
    monkeypatch.setenv("ITA_RETRY_AFTER", "0")
    google_env.fail_next(503, times=2)  # both attempts of the first load
    app.run()
    assert app.error
    app.run()
    assert_clean(app)
    assert app.metric


# --- refresh: once per refresh_min_seconds per source, whoever clicks ----------------------


def test_refresh_reads_a_source_at_most_once_per_30_seconds_whoever_clicks(
        google_env, sheet_id, service_account_info, monkeypatch):
    monkeypatch.delenv("ITA_REFRESH_MIN_SECONDS")  # the default: 30 s
    first = make_app(sheet=sheet_id, gcp_service_account=service_account_info).run()
    second = make_app(sheet=sheet_id, gcp_service_account=service_account_info).run()
    google_env.clear_log()
    for _ in range(5):
        press_refresh(first)
        press_refresh(second)
    assert_clean(first)
    assert google_env.sheets_requests == 0, "ten clicks inside 30 s of the read: no Google request"


def test_refresh_after_the_limit_reads_again(app, google_env, monkeypatch):
    monkeypatch.setenv("ITA_REFRESH_MIN_SECONDS", "30")
    app.run()
    google_env.clear_log()
    press_refresh(app)
    assert google_env.sheets_requests == 0
    store = data._store()
    (key,) = store._entries
    entry = store._entries[key]
    store._entries[key] = dataclasses.replace(entry, read_at=entry.read_at - 31)  # as if read 31 s ago
    press_refresh(app)
    assert_clean(app)
    assert google_env.sheets_requests == 2


def test_refresh_limit_comes_from_secrets(google_env, sheet_id, service_account_info, monkeypatch):
    monkeypatch.delenv("ITA_REFRESH_MIN_SECONDS")
    at = make_app(sheet=sheet_id, gcp_service_account=service_account_info, refresh_min_seconds=0).run()
    google_env.clear_log()
    press_refresh(at)
    assert google_env.sheets_requests == 2


def test_refresh_help_says_when_read_and_when_next(app, monkeypatch):
    monkeypatch.setenv("ITA_REFRESH_MIN_SECONDS", "30")
    app.run()
    app.run()  # the help is drawn before the load: the second run knows the read
    help_text = app.button(key="refresh_data").proto.help
    assert "อ่านข้อมูลล่าสุดเมื่อ" in help_text and "โหลดใหม่ได้ตั้งแต่" in help_text and "30 วินาที" in help_text


# --- bounds: the workbook store and the per-source locks ------------------------------------


def test_an_evicted_workbook_is_read_again_through_the_same_key(app, google_env):
    app.run()
    store = data._store()
    (key,) = store._entries
    store.drop(key)  # as if evicted by newer sources
    app.run()
    assert_clean(app)
    assert google_env.sheets_requests == 4, "read again once"
    assert list(store._entries) == [key]


def test_the_store_keeps_at_most_max_workbooks(small_workbook):
    store = data.WorkbookStore()
    for number in range(data.MAX_WORKBOOKS + 5):
        store.put(f"source-{number}", small_workbook)
    assert len(store._entries) == data.MAX_WORKBOOKS
    assert "source-0" not in store._entries and f"source-{data.MAX_WORKBOOKS + 4}" in store._entries


@pytest.mark.parametrize("sources_seen", [10, 10_000])
def test_the_lock_table_does_not_grow_with_sources(sources_seen):
    store = data.WorkbookStore()
    locks = {id(store.lock(f"source-{number}")) for number in range(sources_seen)}
    assert len(locks) <= data.LOCK_STRIPES
    assert store.lock("same") is store.lock("same")


def test_a_saved_row_swaps_in_a_new_workbook_keeping_the_read_time(small_workbook):
    store = data.WorkbookStore()
    entry = store.put("source", small_workbook)
    patched = dataclasses.replace(small_workbook, activities=list(small_workbook.activities))

    assert store.swap("source", entry, patched)
    swapped = store.last("source")
    assert swapped.workbook is patched and (swapped.read_at, swapped.fetched_at) == (entry.read_at, entry.fetched_at)
    newer = store.put("source", small_workbook)  # a read landed meanwhile: a late patch must not undo it
    assert not store.swap("source", entry, patched) and store.last("source") is newer

"""Google down: the last good snapshot, stale, with a banner; the back-off holds every session.

AppTest of app.py against the fake Google over real HTTP (tests.components.conftest).
"""
from __future__ import annotations

import streamlit as st

from components import sidebar
from components.outages import DataStatus
from scripts.fakes.google import make_spreadsheet_id
from sheets import snapshots
from sheets.sources import GOOGLE, SourceSpec
from tests.components.conftest import STALE_PREFIX, assert_clean, make_app, press_refresh, texts


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


def test_refresh_inside_the_back_off_asks_google_nothing(app, google_env):
    app.run()
    google_env.set_mode(503)
    press_refresh(app)
    assert STALE_PREFIX in " ".join(texts(app.warning))
    google_env.clear_log()
    for _ in range(5):
        press_refresh(app)
    assert google_env.sheets_requests == 0 and google_env.token_requests == 0
    assert STALE_PREFIX in " ".join(texts(app.warning))


def test_refresh_after_google_recovers_drops_the_banner(app, google_env, monkeypatch):
    monkeypatch.setenv("ITA_RETRY_AFTER", "0")
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


def test_an_unshared_sheet_loses_its_snapshot(app, google_env, sheet_id, service_account_info):
    app.run()
    key = SourceSpec(GOOGLE, sheet_id).snapshot_key
    assert snapshots.snapshot_path(key).exists()
    google_env.spreadsheets[sheet_id]["private"] = True  # the office stopped sharing it
    press_refresh(app)
    assert "ไม่มีสิทธิ์" in " ".join(texts(app.error)) and not app.metric
    assert not snapshots.snapshot_path(key).exists()
    google_env.set_mode(503)  # a later outage has nothing of it to show
    st.cache_resource.clear()
    again = make_app(sheet=sheet_id, gcp_service_account=service_account_info).run()
    assert not again.metric and "ดึงข้อมูลจาก Google Sheets ไม่ได้" in " ".join(texts(again.error))


def test_a_deleted_sheet_loses_its_snapshot(app, google_env, sheet_id):
    app.run()
    key = SourceSpec(GOOGLE, sheet_id).snapshot_key
    del google_env.spreadsheets[sheet_id]
    press_refresh(app)
    assert "ไม่พบ Google Sheet" in " ".join(texts(app.error))
    assert not snapshots.snapshot_path(key).exists()


def test_snapshot_key_names_the_sheet_not_the_link_form():
    sid = make_spreadsheet_id("a")
    forms = [sid, f"https://docs.google.com/spreadsheets/d/{sid}/edit#gid=0", f" {sid} "]
    assert len({SourceSpec(GOOGLE, form).snapshot_key for form in forms}) == 1
    assert SourceSpec("link", sid).snapshot_key != SourceSpec(GOOGLE, sid).snapshot_key


def test_stale_message_names_time_age_and_reason():
    import datetime as dt

    fetched = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=7)
    message = sidebar.stale_message(DataStatus(True, fetched, "ระบบของ Google ขัดข้อง (HTTP 503)"))
    assert message.startswith(STALE_PREFIX)
    assert "(7 นาทีที่แล้ว)" in message and message.endswith("เพราะ Google ไม่ตอบ: ระบบของ Google ขัดข้อง (HTTP 503)")

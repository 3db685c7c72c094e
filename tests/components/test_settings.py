"""Settings: st.secrets on top of the environment, the key file, and what visitors may see."""
from __future__ import annotations

import json

import pytest
import streamlit as st
from streamlit.runtime.secrets import Secrets
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.util import patch_config_options

from components import settings as app_settings
from scripts.fakes.google import SERVICE_ACCOUNT_EMAIL, make_spreadsheet_id
from scripts.fakes.workbooks import tabs_for_fake
from sheets import config
from tests.components.conftest import APP, assert_clean, make_app, texts
from tests.conftest import make_tabs


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
    shown = " ".join(texts(at.error) + texts(at.info) + texts(at.caption))
    assert str(tmp_path) not in shown and "missing.json" not in shown, "the key file's path stays on the server"


def test_ttl_and_refresh_limit_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("ITA_CACHE_TTL", "120")
    monkeypatch.setenv("ITA_REFRESH_MIN_SECONDS", "45")
    settings = config.load_settings()
    assert (settings.cache_ttl, settings.refresh_min_seconds) == (120, 45)
    monkeypatch.setenv("ITA_CACHE_TTL", "not a number")
    assert config.load_settings().cache_ttl == config.Settings().cache_ttl


@pytest.fixture
def secrets_file(tmp_path, monkeypatch):
    """st.secrets read from a real file in tmp_path/.streamlit (as a server reads it)."""
    folder = tmp_path / ".streamlit"
    folder.mkdir()
    path = folder / "secrets.toml"
    monkeypatch.setattr(st, "secrets", Secrets())
    with patch_config_options({"secrets.files": [str(path)]}):
        yield path


def test_a_malformed_secrets_file_stops_the_app_naming_the_file(secrets_file):
    secrets_file.write_text('sheet = "https://docs.google.com/spreadsheets/d/x/edit\n[gcp_service_account\n',
                            encoding="utf-8")
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    shown = " ".join(texts(at.error))
    assert ".streamlit/secrets.toml" in shown
    assert str(secrets_file.parent.parent) not in shown, "the server's path stays on the server"
    assert not at.metric, "never the demo in place of the office's data"


def test_a_valid_secrets_file_is_read(secrets_file, monkeypatch):
    secrets_file.write_text("refresh_min_seconds = 7\n", encoding="utf-8")
    assert app_settings.get_settings().refresh_min_seconds == 7


def test_no_secrets_file_is_fine(secrets_file):
    assert app_settings.get_settings().sheet == ""
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert_clean(at)
    assert at.metric


def test_the_sidebar_never_shows_the_service_account_email(google_env, sheet_id, service_account_info):
    at = make_app(sheet=sheet_id, gcp_service_account=service_account_info).run()
    assert_clean(at)
    assert SERVICE_ACCOUNT_EMAIL not in " ".join(texts(at.sidebar.caption) + texts(at.caption) + texts(at.markdown))
    assert "บัญชีบริการ" in " ".join(texts(at.sidebar.caption))

"""components.auth under AppTest: the gate, the sidebar's identity, source choice by role, audit lines.

AppTest fakes st.user (at.user) and st.secrets (at.secrets); the real sign-in round trip
through an OpenID provider is in tests/e2e/test_sign_in.py.
"""
from __future__ import annotations

import json

import pytest
from streamlit import config as st_config
from streamlit.runtime.secrets import Secrets
from streamlit.testing.v1 import AppTest

from components import auth, choice
from components import settings as app_settings
from sheets.errors import ConfigBroken
from tests.conftest import ROOT
from tests.pages.test_secrets import rendered_text

APP = str(ROOT / "app.py")
DEMO_ORGANIZATION = "เทศบาลตำบลกุดจิก"
OFFICE = "เทศบาลตำบลทดสอบ"
AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "x" * 32,
    "google": {"client_id": "g", "client_secret": "gs",
               "server_metadata_url": "https://accounts.google.com/.well-known/openid-configuration"},
    "microsoft": {"client_id": "m", "client_secret": "ms",
                  "server_metadata_url": "https://login.microsoftonline.com/t/v2.0/.well-known/openid-configuration"},
    "line": {"client_id": "l", "client_secret": "ls",
             "server_metadata_url": "https://access.line.me/.well-known/openid-configuration"},
}
ACCESS = {
    "admins": ["it@office.go.th"],
    "viewers": ["mayor@office.go.th", "@office.go.th"],
    "departments": {"กองคลัง": ["finance.head@office.go.th"]},
}


def shown(element) -> str:
    """Return an element's markdown as a reader sees it: without the invisible joiners that stop autolinks."""
    return element.value.replace("\u2060", "")


def make_app(user: dict | None, *, with_auth: bool = True, access: dict | None = None, **secrets) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if with_auth:
        at.secrets["auth"] = AUTH
        at.secrets["access"] = ACCESS if access is None else access
        at.secrets["office_name"] = OFFICE
    for key, value in secrets.items():
        at.secrets[key] = value
    if user is not None:
        at.user = user
    return at


def signed_in(email: str, **claims) -> dict:
    return {"is_logged_in": True, "email": email, "sub": email.split("@")[0], "provider": "google", **claims}


def audit_lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.startswith('{"ts"')]


def shows_data(at: AppTest) -> bool:
    return bool(at.metric) or DEMO_ORGANIZATION in rendered_text(at)


def test_without_auth_the_app_is_open_and_says_so():
    at = make_app(None, with_auth=False).run()
    assert not at.exception
    assert auth.OPEN_NOTE in [caption.value for caption in at.sidebar.caption]
    assert shows_data(at)
    assert at.sidebar.radio(key="_source_widget").options == [choice.CHOICE_LABELS[c] for c in
                                                              (choice.LINK, choice.UPLOAD, choice.DEMO)]


def test_an_anonymous_visitor_sees_only_the_sign_in_page(capsys):
    at = make_app({"is_logged_in": False}).run()
    assert not at.exception
    assert [title.value for title in at.title] == [OFFICE]
    assert [button.label for button in at.button] == ["เข้าสู่ระบบด้วย Google", "เข้าสู่ระบบด้วย Microsoft",
                                                     "เข้าสู่ระบบด้วย LINE"]
    assert not shows_data(at)
    assert not at.sidebar.radio and not at.sidebar.multiselect
    assert audit_lines(capsys.readouterr().out) == []


@pytest.mark.parametrize("page", ["overview", "measures", "oit", "quality", "annex"])
def test_a_page_run_alone_gets_no_data_without_sign_in(page):
    at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=60)
    at.secrets["auth"] = AUTH
    at.secrets["access"] = ACCESS
    at.user = {"is_logged_in": False}
    at.run()
    assert not at.exception and not shows_data(at)
    assert not at.dataframe and not at.multiselect


def test_without_an_office_name_the_sign_in_page_names_the_app():
    at = make_app({"is_logged_in": False})
    del at.secrets["office_name"]
    at.run()
    assert [title.value for title in at.title] == [auth.DEFAULT_TITLE]


def test_the_default_provider_gets_one_button_named_by_its_metadata_host():
    providers = auth.build_providers({"redirect_uri": "x", "cookie_secret": "y", "client_id": "c",
                                      "client_secret": "s", "server_metadata_url":
                                      "https://accounts.google.com/.well-known/openid-configuration",
                                      "client_kwargs": {"prompt": "select_account"}})
    assert providers == [auth.Provider(None, "เข้าสู่ระบบด้วย Google")]
    custom = auth.build_providers({"keycloak": {"client_id": "c", "client_secret": "s",
                                                "server_metadata_url": "https://id.example/.well-known/x"}})
    assert custom == [auth.Provider("keycloak", "เข้าสู่ระบบด้วย keycloak")]


def test_auth_without_a_provider_shows_an_error_and_no_data():
    at = make_app({"is_logged_in": False})
    at.secrets["auth"] = {"redirect_uri": AUTH["redirect_uri"], "cookie_secret": AUTH["cookie_secret"]}
    at.run()
    assert "ผู้ให้บริการ" in shown(at.error[0])
    assert not at.button and not shows_data(at)


def test_someone_on_no_list_is_refused_by_email_with_whom_to_ask(capsys):
    at = make_app(signed_in("stranger@gmail.com", iat=1)).run()
    assert not at.exception
    assert "stranger@gmail\\.com" in shown(at.error[0])
    assert "it@office\\.go\\.th" in shown(at.info[0])               # no contact set: the admins
    assert [button.label for button in at.button] == ["ออกจากระบบ (ใช้บัญชีอื่น)"]
    assert not shows_data(at)
    assert [(line["event"], line["email"], line["reason"]) for line in audit_lines(capsys.readouterr().out)] == [
        ("refused", "stranger@gmail.com", "not_listed")]


def test_the_refusal_names_the_contact_when_set():
    at = make_app(signed_in("stranger@gmail.com"), access={**ACCESS, "contact": "สำนักปลัด โทร 0 4321 0000"}).run()
    assert "สำนักปลัด โทร 0 4321 0000" in shown(at.info[0])
    assert "it@office" not in shown(at.info[0])


@pytest.mark.parametrize(("claims", "words"), [
    ({"email_verified": False}, ["ยังไม่ได้ยืนยัน"]),
    ({"email": None}, ["ไม่ได้ส่งอีเมล", "LINE"]),
])
def test_an_unverified_or_missing_email_is_refused_with_the_reason(claims, words):
    at = make_app({**signed_in("it@office.go.th"), **claims}).run()
    assert all(word in shown(at.error[0]) for word in words)
    assert not shows_data(at)


@pytest.mark.parametrize(("email", "role_text", "choices"), [
    ("it@office.go.th", "สิทธิ์: ผู้ดูแลระบบ", [choice.LINK, choice.UPLOAD, choice.DEMO]),
    ("mayor@office.go.th", "สิทธิ์: ผู้ดูข้อมูล", None),
    ("clerk@office.go.th", "สิทธิ์: ผู้ดูข้อมูล", None),
    ("finance.head@office.go.th", "สิทธิ์: ผู้แก้ไขข้อมูลส่วนราชการ: กองคลัง", None),
])
def test_a_listed_person_sees_the_data_their_name_role_and_sign_out(email, role_text, choices, capsys):
    at = make_app(signed_in(email, iat=7)).run()
    assert not at.exception, [e.value for e in at.exception]
    assert shows_data(at)
    identity = shown(at.sidebar.markdown[0]).replace("\\", "")  # markdown escapes removed
    assert f"**{email}**" in identity and role_text in identity
    assert "ออกจากระบบ" in [button.label for button in at.sidebar.button]
    if choices:
        assert at.sidebar.radio(key="_source_widget").options == [choice.CHOICE_LABELS[c] for c in choices]
    else:  # only the configured sheet (here: none configured, so the demo), no picker at all
        assert not at.sidebar.radio
    lines = audit_lines(capsys.readouterr().out)
    assert [(line["event"], line["email"]) for line in lines] == [("sign_in", email)]


def test_a_viewer_gets_the_configured_sheet_without_a_picker():
    at = make_app(signed_in("mayor@office.go.th"), sheet="1" + "x" * 43)
    at.session_state[choice.CHOICE_KEY] = choice.LINK      # a choice kept from before cannot survive
    at.run()
    assert not at.sidebar.radio
    assert any("บัญชีบริการ" in caption.value or "ทุกคนที่มีลิงก์" in caption.value for caption in at.sidebar.caption)
    assert not any(widget.label == "ลิงก์ Google Sheet" for widget in at.sidebar.text_input)


def test_a_new_session_of_the_same_sign_in_is_not_logged_again(capsys):
    user = signed_in("mayor@office.go.th", iat=1764470000)
    make_app(user).run()
    make_app(user).run()                               # a reload: new session, same ID token
    make_app({**user, "iat": 1764479999}).run()        # signing in again
    assert [line["event"] for line in audit_lines(capsys.readouterr().out)] == ["sign_in", "sign_in"]


def _gated_script():
    import streamlit as st

    from components import auth

    auth.require_sign_in()
    st.write("the office's data")


@pytest.mark.parametrize(("email", "key"), [("mayor@office.go.th", "sign_out"),
                                            ("stranger@gmail.com", "sign_out_refused")])
def test_sign_out_logs_and_returns_to_the_sign_in_page(email, key, capsys):
    # A script with the gate alone: under AppTest (Streamlit 1.67) a click on a button drawn
    # before app.py's page.run() does not reach the next run; tests/e2e/test_sign_in.py signs
    # out through app.py in a real browser.
    at = AppTest.from_function(_gated_script)
    at.secrets["auth"] = AUTH
    at.secrets["access"] = ACCESS
    at.secrets["office_name"] = OFFICE
    at.user = signed_in(email, iat=3)
    at.run()
    at.button(key=key).click().run()
    assert at.user == {"is_logged_in": False}
    at.run()
    assert [title.value for title in at.title] == [OFFICE]
    assert "the office's data" not in [markdown.value for markdown in at.markdown]
    events = [(line["event"], line["email"]) for line in audit_lines(capsys.readouterr().out)]
    assert events[-1] == ("sign_out", email) and len(events) == 2


def test_ignored_access_entries_are_shown_to_admins_only():
    bad = {**ACCESS, "admins": ["it@office.go.th", "@office.go.th"]}
    admin = make_app(signed_in("it@office.go.th"), access=bad).run()
    assert "@office" in shown(admin.sidebar.warning[0])
    viewer = make_app(signed_in("mayor@office.go.th"), access=bad).run()
    assert not viewer.sidebar.warning


def _export_script():
    import streamlit as st

    from components import auth

    st.session_state["build"] = auth.audited_export("deck", "ITA_สไลด์.pptx", lambda: b"PPTX")


def test_an_export_is_logged_with_who_when_the_file_is_built(capsys):
    at = AppTest.from_function(_export_script)
    at.secrets["auth"] = AUTH
    at.secrets["access"] = ACCESS
    at.user = signed_in("mayor@office.go.th")
    at.run()
    assert audit_lines(capsys.readouterr().out) == []          # nothing until the button is pressed
    assert at.session_state["build"]() == b"PPTX"
    [line] = audit_lines(capsys.readouterr().out)
    assert (line["event"], line["email"], line["role"], line["kind"], line["file"]) == (
        "export", "mayor@office.go.th", "viewer", "deck", "ITA_สไลด์.pptx")


@pytest.fixture
def secrets_files(monkeypatch):
    """Point Streamlit's secrets at given files, read afresh (the real loader, not at.secrets)."""
    saved = st_config.get_option("secrets.files")

    def use(paths: list[str]) -> None:
        st_config.set_option("secrets.files", paths)
        monkeypatch.setattr(app_settings.st, "secrets", Secrets())

    yield use
    st_config.set_option("secrets.files", saved)


def test_an_unreadable_secrets_file_fails_closed(tmp_path, secrets_files):
    bad = tmp_path / "secrets.toml"
    bad.write_text("[auth\nredirect_uri = 1\n", encoding="utf-8")
    secrets_files([str(bad)])
    with pytest.raises(ConfigBroken):
        auth.current_access()
    assert auth.navigation_position() == "hidden"


def test_no_secrets_file_means_an_open_app(tmp_path, secrets_files):
    secrets_files([str(tmp_path / "absent.toml")])
    assert app_settings.read_secret("auth") is None
    assert auth.current_access().role == "open"

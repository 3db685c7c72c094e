"""Sign-in end to end: a real OpenID provider, the app under `streamlit run`, a real browser.

The provider is oidc-provider-mock's WSGI app served on a free loopback port (real HTTP:
discovery, authorize form, token exchange, JWKS, end session). The app reads a
secrets.toml written in a temp folder (`--secrets.files`) with [auth] pointing at the
provider and an [access] table. Chromium signs in as an admin, a viewer by address, a
viewer by domain, a department editor and someone on no list; signs out; and presents a
tampered `_streamlit_user` cookie. The audit lines on the app's standard output are
checked, and the sign-in page and the refusal are saved at 390 px to screenshots/.
"""
from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.e2e.test_browser import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, free_port, stop_server, wait_healthy

OFFICE = "เทศบาลตำบลทดสอบสิทธิ์"
CONTENT_TIMEOUT_MS = 60_000
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
USER_COOKIE = "_streamlit_user"
USERS = {  # sub → e-mail; the provider sends email_verified = true for each
    "admin": "IT@office.go.th",
    "mayor": "mayor@office.go.th",
    "clerk": "clerk@office.go.th",
    "finance": "finance.head@office.go.th",
    "stranger": "stranger@gmail.com",
}
ACCESS_TOML = """
[access]
admins = ["it@office.go.th"]
viewers = ["mayor@office.go.th", "@office.go.th"]
contact = "งานไอที สำนักปลัด โทร 1234"
[access.departments]
"กองคลัง" = ["finance.head@office.go.th"]
"""
SOURCE_ENV = ("ITA_SHEET", "GOOGLE_APPLICATION_CREDENTIALS", "ITA_GOOGLE_ENDPOINT")

pytestmark = [
    pytest.mark.e2e,
    # oidc-provider-mock 0.3.4 calls Authlib APIs that Authlib 1.9 marks deprecated (its code, not ours).
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.skipif(not CHROMIUM.exists() and not os.environ.get("CI"),
                       reason="/usr/bin/chromium is not installed (apt-get install chromium); never skipped on CI"),
]


@pytest.fixture(scope="module")
def provider():
    """oidc-provider-mock on 127.0.0.1, port 0, with the USERS predefined; yield its base URL."""
    import werkzeug.serving
    from oidc_provider_mock import User, app

    users = [User(sub=sub, claims={"email": email, "email_verified": True}) for sub, email in USERS.items()]
    server = werkzeug.serving.make_server("127.0.0.1", 0, app(user_claims=users), threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()


def write_secrets(folder: Path, app_port: int, provider_url: str) -> Path:
    path = folder / "secrets.toml"
    path.write_text(f"""office_name = "{OFFICE}"

[auth]
redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"
cookie_secret = "{secrets.token_urlsafe(32)}"
client_id = "ita-tracker"
client_secret = "{secrets.token_urlsafe(16)}"
server_metadata_url = "{provider_url}/.well-known/openid-configuration"
{ACCESS_TOML}""", encoding="utf-8")
    return path


class Output:
    """The app's standard output, read line by line on a thread (the audit log is there)."""

    def __init__(self, stream) -> None:
        self.lines: list[str] = []
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream) -> None:
        for line in stream:
            self.lines.append(line.rstrip("\n"))

    def audit(self) -> list[dict]:
        return [json.loads(line) for line in list(self.lines) if line.startswith('{"ts"')]

    def has_event(self, event: str, email: str, timeout_s: float = 30) -> bool:
        """Return True once an audit line of that event and e-mail has been read (polls the reader)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if any(line["event"] == event and line.get("email") == email for line in self.audit()):
                return True
            time.sleep(0.05)  # polling a log reader, not a wait for page content
        return False


@pytest.fixture(scope="module")
def signed_app(provider, tmp_path_factory):
    """`streamlit run app.py` with [auth] → the provider; yield (base_url, browser, output)."""
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(exist_ok=True)
    folder = tmp_path_factory.mktemp("sign_in")
    port = free_port()
    secrets_path = write_secrets(folder, port, provider)
    base_url = f"http://127.0.0.1:{port}"
    env = {key: value for key, value in os.environ.items() if key not in SOURCE_ENV}
    env.update(ITA_SNAPSHOT_DIR=str(folder / "snapshots"), PYTHONUNBUFFERED="1")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--secrets.files", str(secrets_path),
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = Output(process.stdout)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            wait_healthy(base_url, process)
            yield base_url, browser, output
            browser.close()
    finally:
        stop_server(process)


def open_sign_in_page(browser, base_url: str, viewport: dict = LAPTOP):
    """A fresh browser context (no cookies) on the app; wait for the sign-in button."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(base_url)
    page.get_by_role("button", name="เข้าสู่ระบบ").wait_for(state="visible", timeout=CONTENT_TIMEOUT_MS)
    return context, page


def sign_in(browser, base_url: str, sub: str, viewport: dict = LAPTOP):
    """Sign in as a predefined provider user: the app's button, then the provider's form."""
    context, page = open_sign_in_page(browser, base_url, viewport)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.locator(f'button[name="sub"][value="{sub}"]').click(timeout=CONTENT_TIMEOUT_MS)
    page.wait_for_url(f"{base_url}/**", timeout=CONTENT_TIMEOUT_MS)
    return context, page


def shown(text: str) -> str:
    """Page text as a person reads it: without the invisible word joiners that keep e-mails from becoming links."""
    return text.replace("\u2060", "")


def wait_for_text(page, text: str) -> None:
    page.get_by_text(text, exact=False).first.wait_for(state="visible", timeout=CONTENT_TIMEOUT_MS)


def wait_for_data(page) -> None:
    page.locator(".js-plotly-plot").first.wait_for(state="visible", timeout=CONTENT_TIMEOUT_MS)


def sidebar_text(page) -> str:
    return shown(page.locator('[data-testid="stSidebar"]').inner_text())


def main_text(page) -> str:
    return shown(page.locator('[data-testid="stMain"]').inner_text())


def test_the_sign_in_page_names_the_office_and_shows_no_data(signed_app):
    base_url, browser, _ = signed_app
    context, page = open_sign_in_page(browser, base_url, PHONE)
    wait_for_text(page, OFFICE)
    page.screenshot(path=str(SCREENSHOTS / "sign_in_phone.png"), full_page=True)
    text = shown(page.locator("body").inner_text())
    assert "เทศบาลตำบลกุดจิก" not in text        # the demo office's name: no data at all
    assert page.locator(".js-plotly-plot, [data-testid='stMetric'], [data-testid='stDataFrame']").count() == 0
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0
    context.close()


@pytest.mark.parametrize(("sub", "role_text", "chooses_source"), [
    ("admin", "ผู้ดูแลระบบ", True),
    ("mayor", "ผู้ดูข้อมูล", False),             # viewer by address
    ("clerk", "ผู้ดูข้อมูล", False),             # viewer by domain
    ("finance", "ผู้แก้ไขข้อมูลส่วนราชการ: กองคลัง", False),
])
def test_a_listed_person_signs_in_and_sees_the_data(signed_app, sub, role_text, chooses_source):
    base_url, browser, output = signed_app
    context, page = sign_in(browser, base_url, sub)
    wait_for_data(page)
    sidebar = sidebar_text(page)
    assert USERS[sub].lower() in sidebar and role_text in sidebar
    assert ("วางลิงก์ Google Sheet" in sidebar) is chooses_source
    assert ("อัปโหลดไฟล์ .xlsx" in sidebar) is chooses_source
    assert output.has_event("sign_in", USERS[sub].lower())
    context.close()


def test_someone_on_no_list_is_refused_with_no_data(signed_app):
    base_url, browser, output = signed_app
    context, page = sign_in(browser, base_url, "stranger", PHONE)
    wait_for_text(page, "ยังไม่มีสิทธิ์ดูข้อมูล")
    wait_for_text(page, "งานไอที สำนักปลัด โทร 1234")
    sign_out = page.get_by_role("button", name="ออกจากระบบ (ใช้บัญชีอื่น)")
    sign_out.wait_for(state="visible", timeout=CONTENT_TIMEOUT_MS)
    page.screenshot(path=str(SCREENSHOTS / "refusal_phone.png"), full_page=True)
    text = main_text(page)
    assert "stranger@gmail.com" in text and "งานไอที สำนักปลัด โทร 1234" in text
    assert "เทศบาลตำบลกุดจิก" not in shown(page.locator("body").inner_text())
    assert page.locator(".js-plotly-plot, [data-testid='stMetric'], [data-testid='stDataFrame']").count() == 0
    assert output.has_event("refused", "stranger@gmail.com")
    context.close()


def test_sign_out_ends_the_session_and_returns_to_the_sign_in_page(signed_app):
    base_url, browser, output = signed_app
    context, page = sign_in(browser, base_url, "mayor")
    wait_for_data(page)
    page.locator('[data-testid="stSidebar"]').get_by_role("button", name="ออกจากระบบ").click()
    page.get_by_role("button", name="End session").click(timeout=CONTENT_TIMEOUT_MS)  # the provider's page
    page.get_by_role("button", name="เข้าสู่ระบบ").wait_for(state="visible", timeout=CONTENT_TIMEOUT_MS)
    assert USER_COOKIE not in {cookie["name"] for cookie in context.cookies()}
    page.goto(base_url)                              # a fresh session: still signed out
    page.get_by_role("button", name="เข้าสู่ระบบ").wait_for(state="visible", timeout=CONTENT_TIMEOUT_MS)
    assert page.locator(".js-plotly-plot").count() == 0
    assert output.has_event("sign_out", "mayor@office.go.th")
    context.close()


def tampered(value: str) -> str:
    """The cookie value with one character of its signed payload changed."""
    middle = len(value) // 2
    return value[:middle] + ("A" if value[middle] != "A" else "B") + value[middle + 1:]


def test_a_tampered_cookie_counts_as_signed_out(signed_app):
    base_url, browser, _ = signed_app
    context, page = sign_in(browser, base_url, "stranger")
    wait_for_text(page, "ยังไม่มีสิทธิ์ดูข้อมูล")
    cookie = next(cookie for cookie in context.cookies() if cookie["name"] == USER_COOKIE)
    context.add_cookies([{**cookie, "value": tampered(cookie["value"])}])
    page.goto(base_url)
    page.get_by_role("button", name="เข้าสู่ระบบ").wait_for(state="visible", timeout=CONTENT_TIMEOUT_MS)
    assert "stranger@gmail.com" not in shown(page.locator("body").inner_text())
    assert page.locator(".js-plotly-plot").count() == 0
    context.close()


def test_a_download_is_logged_and_the_log_holds_no_cookie_or_token(signed_app):
    base_url, browser, output = signed_app
    context, page = sign_in(browser, base_url, "admin")
    wait_for_data(page)
    page.locator("summary", has_text="ดาวน์โหลดสำหรับการประชุม").click()
    with page.expect_download(timeout=CONTENT_TIMEOUT_MS) as info:
        page.get_by_role("button", name="ตารางข้อมูล (.csv ใน .zip)").click()
    assert info.value.suggested_filename.endswith("_ข้อมูล_csv.zip")
    assert output.has_event("export", "it@office.go.th")
    exports = [line for line in output.audit() if line["event"] == "export"]
    assert [(line["email"], line["role"], line["kind"]) for line in exports] == [
        ("it@office.go.th", "admin", "csv_zip")]
    assert exports[0]["file"] == info.value.suggested_filename
    cookies = [cookie["value"] for cookie in context.cookies() if cookie["name"].startswith("_streamlit")]
    context.close()
    audit_text = "\n".join(json.dumps(line) for line in output.audit())
    assert cookies and output.audit()
    assert not any(value in audit_text or value in "\n".join(output.lines) for value in cookies)
    assert "eyJ" not in audit_text

"""อัปเดตงานของฉัน in a real browser at phone width (390 px): sign in through a real OpenID provider
on loopback (oidc-provider-mock), open a row's form, save, and see the fake Google hold the cells.

`streamlit run` on a free loopback port with secrets from a temporary file, Google behind
ITA_GOOGLE_ENDPOINT (the fake that takes writes), Chromium via Playwright. Waits are for content.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from scripts.fakes.google import make_service_account_info
from scripts.fakes.google_write import FakeGoogleWrite
from tests.conftest import ROOT
from tests.e2e.test_browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    CONTENT_TIMEOUT_MS,
    SCREENSHOTS,
    free_port,
    stop_server,
    wait_healthy,
)
from tests.sheets.rowupdate_data import PLAIN, sheet_tabs

EDITOR = "finance.head@office.go.th"
PHONE = {"width": 390, "height": 844}

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists() and not os.environ.get("CI"),
                       reason="/usr/bin/chromium is not installed (apt-get install chromium); never skipped on CI"),
]


def write_secrets(path, *, port: int, provider_url: str, sheet: str, service_account: dict) -> None:
    """A secrets.toml: the sheet, the key, [auth] on the loopback provider, [access] with one editor."""
    lines = [f"sheet = {json.dumps(sheet)}", "", "[gcp_service_account]"]
    lines += [f"{key} = {json.dumps(value)}" for key, value in service_account.items()]
    lines += ["", "[auth]", f"redirect_uri = \"http://127.0.0.1:{port}/oauth2callback\"",
              f"cookie_secret = \"{'c' * 32}\"", "client_id = \"ita-tracker\"", "client_secret = \"secret\"",
              f"server_metadata_url = \"{provider_url}/.well-known/openid-configuration\"",
              "", "[access]", "admins = []", "", "[access.departments]", f"{json.dumps(PLAIN)} = [\"{EDITOR}\"]"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """(base URL, fake Google, sheet id) with the app, the provider and the fake running."""
    from oidc_provider_mock import User, run_server_in_thread

    secrets = tmp_path_factory.mktemp("update") / "secrets.toml"
    users = [User(sub="finance", claims={"email": EDITOR, "email_verified": True})]
    with FakeGoogleWrite() as fake, run_server_in_thread(user_claims=users) as provider:
        sheet = fake.add_spreadsheet("ITA", sheet_tabs())
        port = free_port()
        write_secrets(secrets, port=port, provider_url=f"http://127.0.0.1:{provider.server_port}", sheet=sheet,
                      service_account=make_service_account_info(fake.token_uri))
        env = {key: value for key, value in os.environ.items() if key not in ("ITA_SHEET", "GOOGLE_APPLICATION_CREDENTIALS")}
        env.update(ITA_GOOGLE_ENDPOINT=fake.base_url, ITA_TODAY="2026-11-25", ITA_GOOGLE_BACKOFF="0.01")
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none", "--secrets.files", str(secrets)],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            base_url = f"http://127.0.0.1:{port}"
            wait_healthy(base_url, process)
            yield base_url, fake, sheet
        finally:
            stop_server(process)


def sign_in(page, base_url: str) -> None:
    """Open the update page, press เข้าสู่ระบบ, answer the provider's form as `finance`."""
    page.goto(f"{base_url}/update")
    page.get_by_role("button", name="เข้าสู่ระบบ").first.click(timeout=CONTENT_TIMEOUT_MS)
    page.locator("input[name=sub]").first.fill("finance", timeout=CONTENT_TIMEOUT_MS)
    page.locator("input[name=sub]").first.press("Enter")
    page.wait_for_url(f"{base_url}/**", timeout=CONTENT_TIMEOUT_MS)
    page.goto(f"{base_url}/update")


def test_an_editor_saves_a_row_from_a_phone(served):
    from playwright.sync_api import sync_playwright

    base_url, fake, sheet = served
    SCREENSHOTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=PHONE)
        sign_in(page, base_url)
        page.locator("h1").filter(has_text="อัปเดตงานของฉัน").wait_for(timeout=CONTENT_TIMEOUT_MS)
        first = page.locator('[data-testid="stExpander"]').first
        first.locator("summary").click()
        form = first.locator('[data-testid="stForm"]')
        form.wait_for(state="visible", timeout=CONTENT_TIMEOUT_MS)
        progress = form.locator("input[type=number]")
        progress.fill("75")
        form.locator("textarea").first.fill("อบรมแล้ว 2 รุ่น\nผู้เข้าร่วม 120 คน")
        page.screenshot(path=str(SCREENSHOTS / "update_form_phone.png"), full_page=True)
        width = page.evaluate("() => document.querySelector('[data-testid=\"stForm\"]').getBoundingClientRect().right")
        assert width <= PHONE["width"], "the form is wider than the phone"
        form.get_by_role("button", name="บันทึก").click()
        page.get_by_text("บันทึกแล้ว").first.wait_for(timeout=CONTENT_TIMEOUT_MS)
        page.screenshot(path=str(SCREENSHOTS / "update_saved_phone.png"), full_page=True)
        browser.close()
    assert fake.cell(sheet, PLAIN, "G2") == 75
    assert fake.cell(sheet, PLAIN, "H2") == "อบรมแล้ว 2 รุ่น\nผู้เข้าร่วม 120 คน"
    assert fake.count("values.batchUpdate") == 1

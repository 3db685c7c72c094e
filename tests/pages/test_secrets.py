"""Secrets never reach a page, a log line or an error message.

A fake service-account key (a real RSA key made here) is configured through st.secrets;
every page runs on the fake Google, then on each failure path (403, 404, 503 with no
snapshot). The key's private part must be absent from every rendered element and from
every log record.
"""
from __future__ import annotations

import logging

import pytest
from streamlit.testing.v1 import AppTest

from scripts.fakes.workbooks import tabs_for_fake
from tests.conftest import ROOT, make_tabs

PAGES = ("pages/overview.py", "pages/measures.py", "pages/oit.py", "pages/quality.py", "pages/annex.py", "pages/update.py")


@pytest.fixture(autouse=True)
def google_endpoint(monkeypatch, fake_google):
    """The app's Google traffic goes to the fake, with short retries."""
    monkeypatch.setenv("ITA_GOOGLE_ENDPOINT", fake_google.base_url)
    monkeypatch.setenv("ITA_GOOGLE_BACKOFF", "0.01")
    monkeypatch.setenv("ITA_GOOGLE_RETRIES", "1")


def secret_parts(info: dict) -> list[str]:
    """Pieces of the private key long enough never to appear by chance."""
    body = [line for line in info["private_key"].splitlines() if line and "PRIVATE KEY" not in line]
    return body + [info["private_key_id"]]


def rendered_text(at: AppTest) -> str:
    """Every element proto of the last run, as text (markdown, tables, errors, widgets)."""
    parts = []

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(parts)


def assert_no_secret(text: str, info: dict) -> None:
    leaks = [part for part in secret_parts(info) if part in text]
    assert not leaks, f"{len(leaks)} secret fragments leaked"


@pytest.mark.parametrize("case", ["ok", "private", "missing", "outage"])
def test_the_private_key_is_absent_from_pages_and_logs(case, fake_google, service_account_info, caplog):
    sheet_id = fake_google.add_spreadsheet("ITA", tabs_for_fake(make_tabs()), private=(case == "private"))
    if case == "missing":
        sheet_id = "1" + "x" * 43
    if case == "outage":
        fake_google.set_mode(503)
    caplog.set_level(logging.DEBUG)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["sheet"] = sheet_id
    at.secrets["gcp_service_account"] = service_account_info
    at.run()
    seen = [rendered_text(at)]
    for page in PAGES:
        at.switch_page(page).run()
        seen.append(rendered_text(at))
    text = "\n".join(seen)
    if case == "ok":
        assert "เทศบาลทดสอบ" in text, "the walk sees what the pages show"
    else:
        assert at.error or at.warning, "the failure shows a Thai message"
    if case == "private":
        assert service_account_info["client_email"] in text, "the walk sees error messages"
    assert_no_secret(text, service_account_info)
    assert_no_secret("\n".join(record.getMessage() for record in caplog.records), service_account_info)
    assert_no_secret(caplog.text, service_account_info)

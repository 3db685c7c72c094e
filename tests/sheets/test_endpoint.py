"""The endpoint adapter sends Google's hosts (only) to another base URL."""
from __future__ import annotations

import pytest

from sheets import endpoint


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

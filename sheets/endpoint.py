"""A requests adapter that sends Google's hosts to another base URL (a local fake, a proxy).

`ITA_GOOGLE_ENDPOINT=http://127.0.0.1:PORT` makes the data seam mount this adapter, so the
real gspread and google-auth code talks to a fake Google over real HTTP (tests, load tests).
No streamlit here.
"""
from __future__ import annotations

import urllib.parse
from typing import Any

import requests

GOOGLE_HOSTS = ("sheets.googleapis.com", "docs.google.com", "accounts.google.com", "www.googleapis.com")


class EndpointAdapter(requests.adapters.HTTPAdapter):
    """Rewrite https://<Google host>/path?query to <base_url>/path?query; other URLs pass through.

    docs.google.com carries the link-shared export; accounts.google.com is where a private
    sheet's export redirects, so that redirect stays on the fake too.
    """

    def __init__(self, base_url: str, hosts: tuple[str, ...] = GOOGLE_HOSTS, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        parts = urllib.parse.urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"endpoint must be an http(s) URL such as http://127.0.0.1:8080, not {base_url!r}")
        self.base = parts
        self.hosts = hosts

    def rewrite(self, url: str) -> str:
        """Return the URL a request for `url` is sent to."""
        parts = urllib.parse.urlsplit(url)
        if parts.scheme != "https" or parts.hostname not in self.hosts:
            return url
        path = self.base.path.rstrip("/") + parts.path
        return urllib.parse.urlunsplit((self.base.scheme, self.base.netloc, path, parts.query, ""))

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        target = self.rewrite(request.url or "")
        if target != request.url:
            request = request.copy()
            request.headers["X-Original-Host"] = urllib.parse.urlsplit(request.url).hostname or ""
            request.url = target
        return super().send(request, **kwargs)


def adapter_for(endpoint: str | None) -> EndpointAdapter | None:
    """Return an EndpointAdapter for a non-empty base URL, else None (talk to Google itself)."""
    endpoint = (endpoint or "").strip()
    return EndpointAdapter(endpoint) if endpoint else None

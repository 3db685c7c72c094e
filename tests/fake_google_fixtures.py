"""pytest fixtures over the fake Google server; import them into conftest.py:

    from tests.fake_google_fixtures import fake_google, fake_google_write, service_account_info  # noqa: F401
"""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from scripts.fakes.google import FakeGoogle, make_service_account_info
from scripts.fakes.google_write import FakeGoogleWrite


@pytest.fixture
def fake_google() -> Iterator[FakeGoogle]:
    """A started fake Google (token endpoint, Sheets API v4 reads, xlsx export) with no sheets."""
    with FakeGoogle() as fake:
        yield fake


@pytest.fixture
def service_account_info(fake_google: FakeGoogle) -> dict:
    """Service-account JSON (local RSA key) whose token_uri is the fake's token endpoint."""
    return make_service_account_info(fake_google.token_uri)


@pytest.fixture
def fake_google_write() -> Iterator[FakeGoogleWrite]:
    """A started fake Google that also takes writes (values.update, values:batchUpdate, …)."""
    with FakeGoogleWrite() as fake:
        yield fake

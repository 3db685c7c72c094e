"""sheets.audit: one JSON line per event on standard output, never a token or cookie."""
from __future__ import annotations

import datetime as dt
import json
import logging

import pytest

from sheets import audit

NOW = dt.datetime(2026, 11, 30, 10, 15, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLWJ5dGVz"


def test_log_event_writes_one_json_line_to_stdout(capsys):
    audit.log_event("export", email="mayor@office.go.th", role="viewer", kind="deck", file="ITA_เทศบาล.pptx")
    out = capsys.readouterr().out
    assert out.endswith("\n") and out.count("\n") == 1
    record = json.loads(out)
    assert record["event"] == "export"
    assert record["email"] == "mayor@office.go.th"
    assert record["file"] == "ITA_เทศบาล.pptx"          # Thai stays readable
    assert dt.datetime.strptime(record["ts"], "%Y-%m-%dT%H:%M:%SZ")


def test_the_line_goes_through_the_ita_audit_logger():
    seen: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record):
            seen.append(record)

    logger = logging.getLogger(audit.LOGGER_NAME)
    handler = Keep()
    logger.addHandler(handler)
    try:
        audit.log_event("sign_in", email="a@x.th", role="admin")
    finally:
        logger.removeHandler(handler)
    assert [json.loads(record.getMessage())["event"] for record in seen] == ["sign_in"]


def test_a_second_call_adds_no_second_handler(capsys):
    audit.log_event("sign_out", email="a@x.th")
    audit.log_event("sign_out", email="a@x.th")
    assert capsys.readouterr().out.count("\n") == 2


def test_record_time_is_utc():
    record = json.loads(audit.build_record("sign_in", {}, now=NOW))
    assert record == {"ts": "2026-11-30T03:15:00Z", "event": "sign_in"}


@pytest.mark.parametrize("key", ["token", "id_token", "access_token", "cookie", "_streamlit_user_cookie",
                                 "cookie_secret", "client_secret", "password", "private_key", "Authorization"])
def test_fields_named_like_secrets_are_dropped(key):
    record = json.loads(audit.build_record("sign_in", {"email": "a@x.th", key: "s3cr3t-value"}, now=NOW))
    assert key not in record
    assert "s3cr3t-value" not in json.dumps(record)


def test_jwt_shaped_values_are_masked_wherever_they_are():
    text = audit.build_record("refused", {"email": "a@x.th", "note": f"got {JWT} back", "list": [JWT]}, now=NOW)
    assert JWT not in text and "eyJ" not in text
    assert json.loads(text)["note"] == f"got {audit.MASK} back"


@pytest.mark.parametrize("hostile", ["a\nb", "a\r\nb", "a\u2028b", "a\u2029b", "a\u0085b"])
def test_a_record_is_always_one_line(hostile):
    text = audit.build_record("export", {"file": hostile}, now=NOW)
    assert len(text.splitlines()) == 1
    assert json.loads(text)["file"] == hostile


def test_event_and_ts_cannot_be_overwritten():
    record = json.loads(audit.build_record("save", {"event": "sign_in", "ts": "never"}, now=NOW))
    assert record["event"] == "save" and record["ts"] == "2026-11-30T03:15:00Z"


def test_long_values_are_cut():
    record = json.loads(audit.build_record("save", {"note": "ก" * 2000}, now=NOW))
    assert len(record["note"]) == audit.MAX_VALUE_CHARS + 1


def test_sets_become_sorted_lists():
    record = json.loads(audit.build_record("sign_in", {"departments": frozenset({"b", "a"})}, now=NOW))
    assert record["departments"] == ["a", "b"]


def test_unknown_events_are_a_programming_error():
    with pytest.raises(ValueError, match="unknown audit event"):
        audit.log_event("login")


def test_none_fields_are_left_out():
    record = json.loads(audit.build_record("refused", {"email": None, "reason": "no_email"}, now=NOW))
    assert "email" not in record and record["reason"] == "no_email"

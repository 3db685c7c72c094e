"""The websocket load client speaks Streamlit's protocol: every page of every session runs to its end.

The 20-session figures come from `python scripts/wsload.py --sessions 20`; CI runs two sessions.
"""
from scripts import wsload


def test_sessions_over_the_websocket_protocol_run_every_page_without_an_exception():
    report = wsload.run_wsload(sessions=2, rounds=1)
    assert report["errors"] == [] and report["exceptions"] == 0, report
    assert report["page_runs"] == 2 * len(wsload.PAGES)
    assert set(report["page_run_alone_s"]) == {"overview", "measures", "oit", "quality", "annex"}

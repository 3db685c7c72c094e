"""Ways in besides the configured sheet: a pasted link, an uploaded file (AppTest, fake Google)."""
from __future__ import annotations

import io

from components import choice, sidebar
from scripts.fakes.workbooks import tabs_for_fake, tabs_to_xlsx_bytes
from sheets import sources
from sheets.model import RawWorkbook, SourceInfo
from sheets.workbook import parse_workbook
from tests.components.conftest import assert_clean, make_app, texts, tile_values
from tests.conftest import make_tabs


def test_configured_sheet_without_credentials_reads_the_link_shared_export(google_env):
    sid = google_env.add_spreadsheet("แชร์ลิงก์", tabs_for_fake(make_tabs()), xlsx=tabs_to_xlsx_bytes(make_tabs()))
    at = make_app(sheet=sid).run()
    assert_clean(at)
    assert (google_env.export_requests, google_env.sheets_requests) == (1, 0)
    assert texts(at.metric)
    google_env.clear_log()
    at.run()
    assert google_env.export_requests == 0


def test_pasted_link_reads_the_export(google_env):
    sid = google_env.add_spreadsheet("แชร์ลิงก์", tabs_for_fake(make_tabs()), xlsx=tabs_to_xlsx_bytes(make_tabs()))
    at = make_app().run()
    at.radio(key=sidebar.SOURCE_WIDGET).set_value(choice.LINK).run()
    assert "วางลิงก์ Google Sheet" in " ".join(texts(at.info))
    at.text_input(key=sidebar.LINK_WIDGET).input(f"https://docs.google.com/spreadsheets/d/{sid}/edit").run()
    assert_clean(at)
    assert google_env.export_requests == 1
    at.switch_page("pages/oit.py").run()  # the choice and the link survive a page switch
    assert_clean(at)
    assert at.text_input(key=sidebar.LINK_WIDGET).value.endswith(f"{sid}/edit")
    assert google_env.export_requests == 1


def test_pasted_private_link_explains_link_sharing(google_env):
    sid = google_env.add_spreadsheet("ส่วนตัว", tabs_for_fake(make_tabs()))
    at = make_app().run()
    at.radio(key=sidebar.SOURCE_WIDGET).set_value(choice.LINK).run()
    at.text_input(key=sidebar.LINK_WIDGET).input(sid).run()
    assert not at.exception
    assert "ทุกคนที่มีลิงก์" in " ".join(texts(at.error))


def test_uploaded_xlsx_is_read_and_cached_by_content(monkeypatch):
    tabs = make_tabs()
    content = tabs_to_xlsx_bytes(tabs)
    calls = []
    real = sources.read_xlsx_bytes
    monkeypatch.setattr(sources, "read_xlsx_bytes", lambda *a, **k: calls.append(1) or real(*a, **k))
    at = make_app().run()
    at.radio(key=sidebar.SOURCE_WIDGET).set_value(choice.UPLOAD).run()
    at.file_uploader(key=sidebar.UPLOAD_WIDGET).upload("ita.xlsx", content).run()
    assert_clean(at)
    assert texts(at.metric) == tile_values(parse_workbook(RawWorkbook(tabs, SourceInfo("xlsx", "ita.xlsx"))))
    calls.clear()
    at.switch_page("pages/measures.py").run()
    assert_clean(at)
    assert "ita" in " ".join(texts(at.sidebar.caption))
    assert calls == []


def test_uploaded_file_that_is_not_xlsx_shows_the_fix():
    at = make_app().run()
    at.radio(key=sidebar.SOURCE_WIDGET).set_value(choice.UPLOAD).run()
    at.file_uploader(key=sidebar.UPLOAD_WIDGET).upload("ita.xlsx", b"not a workbook").run()
    assert not at.exception
    assert "ไม่ใช่ไฟล์ Excel" in " ".join(texts(at.error))
    assert ".xlsx" in " ".join(texts(at.info))


def held_copies(state, content: bytes) -> int:
    """How many session-state values hold the upload's bytes (bytes, an UploadedFile, a SourceSpec)."""
    count = 0
    for key in state:
        value = state[key]
        if isinstance(value, sources.SourceSpec):
            value = value.data
        if isinstance(value, io.BytesIO):
            value = value.getvalue()
        count += value == content
    return count


def test_an_upload_is_kept_once_per_session():
    content = tabs_to_xlsx_bytes(make_tabs())
    at = make_app().run()
    at.radio(key=sidebar.SOURCE_WIDGET).set_value(choice.UPLOAD).run()
    at.file_uploader(key=sidebar.UPLOAD_WIDGET).upload("ita.xlsx", content).run()
    at.run()
    assert_clean(at)
    assert held_copies(at.session_state, content) == 1
    assert at.metric, "the upload is still the source"
    at.switch_page("pages/oit.py").run()
    assert_clean(at)
    assert held_copies(at.session_state, content) == 1

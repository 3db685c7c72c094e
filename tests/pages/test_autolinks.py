"""Sheet text that looks like a link (https://…, www.…, a@b.c) shows as text on every page, never a link."""
from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from components import data
from components import format as fmt
from sheets.model import RawTab
from tests.conftest import ROOT, make_workbook

# The annex page draws sheet text only in its HTML preview (escaped, no markdown).
PAGES = ["overview", "measures", "oit", "quality", "annex"]
SHOWS_SHEET_TEXT = {"overview", "measures", "oit", "quality"}
URL, WWW, MAIL = "https://evil.example/x", "www.evil.example", "boss@evil.example"
# What GFM's autolink literal finds in a text node once escapes are resolved
# (mdast-util-gfm-autolink-literal, the plugin behind Streamlit's markdown).
GFM_URL_RE = re.compile(r"(https?://|www(?=\.))([-.\w]+)([^ \t\r\n]*)", re.IGNORECASE | re.ASCII)
GFM_EMAIL_RE = re.compile(r"([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)", re.ASCII)
ESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")


def gfm_links(markdown: str) -> list[str]:
    """Return the autolink literals GFM would make of a markdown string (the `<a>` it would draw)."""
    text = ESCAPE_RE.sub(r"\1", markdown)
    return [m.group(0) for m in GFM_URL_RE.finditer(text)] + [m.group(0) for m in GFM_EMAIL_RE.finditer(text)]


def linky_workbook():
    department = f"กอง {WWW}"
    return make_workbook(
        settings=[("ชื่อหน่วยงาน", f"เทศบาล {WWW}"), ("ปีงบประมาณ", 2566), ("กรอบ OIT ปี", 2565)],
        measures=[(1, f"มาตรการ ดู {URL}", f"ผู้รับผิดชอบ {MAIL}", "O1")],
        departments={department: [(1, f"กิจกรรม {URL}", MAIL, "", "31/1/2566", "เสร็จแล้ว", 100, WWW, "", "", "")]},
        extra_tabs=[RawTab(f"โน้ต {MAIL}", [["ไม่ใช่ตาราง"]], 99)],
    )


def markdown_texts(at: AppTest) -> list[str]:
    """Return every string of the run that Streamlit draws as markdown."""
    texts = [e.value for kind in ("markdown", "caption", "info", "warning", "error", "success", "title", "subheader")
             for e in getattr(at, kind)]
    texts += [e.label for e in at.expander] + [e.label for e in at.metric]
    return texts


def test_gfm_link_finder_finds_raw_and_backslash_escaped_links():
    """The finder can fail: backslash escapes alone do not stop GFM's literal links."""
    assert gfm_links(f"ดู {URL} {WWW} {MAIL}") == [URL, WWW, MAIL]
    escaped = "".join("\\" + c if c in fmt.MARKDOWN_SPECIALS else c for c in f"{URL} {WWW} {MAIL}")
    assert len(gfm_links(escaped)) == 3


@pytest.mark.parametrize("text", [URL, WWW, MAIL, "HTTP://A.B", f"ดู{WWW}", "a+b@c.d.e"])
def test_escape_markdown_leaves_no_autolink_and_reads_the_same(text):
    escaped = fmt.escape_markdown(text)
    assert gfm_links(escaped) == []
    assert ESCAPE_RE.sub(r"\1", escaped).replace(fmt.WORD_JOINER, "") == text


@pytest.mark.parametrize("page", PAGES)
def test_link_like_sheet_text_is_never_a_link_on_any_page(monkeypatch, page):
    workbook = linky_workbook()
    monkeypatch.setattr(data, "get_workbook", lambda: workbook)
    monkeypatch.setattr(data, "selected_departments", lambda: list(workbook.departments))
    at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=60).run()
    assert not at.exception, at.exception
    texts = markdown_texts(at)
    shown = " ".join(ESCAPE_RE.sub(r"\1", t).replace(fmt.WORD_JOINER, "") for t in texts)
    assert "evil.example" in shown or page not in SHOWS_SHEET_TEXT, "the page shows the sheet text"
    assert [link for t in texts for link in gfm_links(t)] == []

"""The whole path workbook → figures → annex HTML under random hostile cells.

No crash, no unescaped markup from a sheet cell in the HTML, every non-blank row counted
or reported.
"""
import html.parser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from components.outputs import annex
from sheets import cells, figures
from sheets.model import RawTab, RawWorkbook, SourceInfo
from sheets.workbook import parse_workbook
from tests.conftest import ACTIVITY_HEADER, TODAY, make_tabs

MARKUP = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</td></tr></table><h1>x",
          "\"><svg onload=alert(1)>", "<style>body{display:none}</style>", "&lt;b&gt;", "<!--", "]]>",
          "{{ 7*7 }}", "{% raw %}", "javascript:alert(1)"]
TEXT = st.one_of(st.sampled_from(MARKUP), st.text(max_size=20),
                 st.builds(lambda a, b: a + b, st.sampled_from(MARKUP), st.text(max_size=8)))
CELL = st.one_of(st.none(), TEXT, st.integers(-5, 120), st.sampled_from(["เสร็จแล้ว", "๕๐", "31/3/2566"]))
ROW = st.tuples(st.integers(1, 3), TEXT, TEXT, TEXT, CELL, CELL, CELL, TEXT, TEXT, CELL, CELL)


class TagCollector(html.parser.HTMLParser):
    """Collects the tags an HTML document really holds."""

    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags_of(document: str):
    collector = TagCollector()
    collector.feed(document)
    return collector.tags


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(ROW, max_size=6), title=TEXT, organization=TEXT)
def test_hostile_cells_never_crash_and_never_become_markup(rows, title, organization):
    tabs = make_tabs(settings=[("ชื่อหน่วยงาน", organization), ("ปีงบประมาณ", 2566), ("กรอบ OIT ปี", 2565)],
                     measures=[(1, title or "ก", "", ""), (2, "มาตรการสอง", "", ""), (3, "<b>สาม</b>", "", "")],
                     departments={})
    tabs.append(RawTab("กอง<script>", [list(ACTIVITY_HEADER)] + [list(row) for row in rows], 9))
    workbook = parse_workbook(RawWorkbook(tabs, SourceInfo("xlsx", "hostile")))
    figures.compute_summary(workbook, TODAY)
    document = annex.build_annex_html(annex.build_report(workbook), embed_fonts=False)
    baseline = {tag for tag, _ in tags_of(annex.build_annex_html(annex.build_report(
        parse_workbook(RawWorkbook(make_tabs(), SourceInfo("xlsx", "clean")))), embed_fonts=False))}
    found = tags_of(document)
    assert {tag for tag, _ in found} <= baseline | {"p", "br", "span", "div", "td", "tr", "th"}
    assert not [attrs for _, attrs in found if any(name.startswith("on") for name in attrs)]
    assert "<script>" not in document.lower().replace("<script>//", "")
    counted = {a.row for a in workbook.activities if a.tab == "กอง<script>"}
    reported = {p.row for p in workbook.problems if p.tab == "กอง<script>"}
    for number, row in enumerate(rows, start=2):
        if not all(cells.is_blank(value) for value in row):
            assert number in counted | reported

"""Random cell values never crash the loader, and every non-blank row is counted or reported."""
import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sheets import cells, figures
from sheets.model import RawTab, RawWorkbook, SourceInfo
from sheets.workbook import parse_workbook
from tests.conftest import ACTIVITY_HEADER, TODAY, make_tabs

CELL = st.one_of(
    st.none(), st.text(max_size=30), st.integers(-10**6, 10**6),
    st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
    st.sampled_from(["เสร็จแล้ว", "๕๐", "50%", "O๑", "๓๑ มี.ค. ๖๖", "ใช่", "https://a.go.th", "  ", "\u200b",
                     "=1+1", "<script>x</script>", "ยกเลิก", "2566", 0.5]),
)
ROWS = st.lists(st.lists(CELL, min_size=0, max_size=len(ACTIVITY_HEADER) + 2), max_size=12)


def blank(row):
    return all(cells.is_blank(value) for value in row)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(department=ROWS, measures=ROWS, oit=ROWS, settings_rows=ROWS)
def test_random_cells_never_crash_and_no_row_is_lost(department, measures, oit, settings_rows):
    tabs = make_tabs(departments={}, measures=[], oit=[], settings=[])
    tabs[0].rows += settings_rows
    tabs[1].rows += measures
    tabs[2].rows += oit
    tabs.append(RawTab("กองสุ่ม", [list(ACTIVITY_HEADER)] + department, 50))
    workbook = parse_workbook(RawWorkbook(tabs, SourceInfo("xlsx", "random")))
    figures.compute_summary(workbook, TODAY)
    counted = {a.row for a in workbook.activities if a.tab == "กองสุ่ม"}
    reported = {p.row for p in workbook.problems if p.tab == "กองสุ่ม"}
    for offset, row in enumerate(department, start=2):
        if not blank(row):
            assert offset in counted or offset in reported, (offset, row)
    kept_measures = {m.row for m in workbook.measures}
    reported_measures = {p.row for p in workbook.problems if p.tab == "มาตรการ"}
    for offset, row in enumerate(measures, start=2):
        if not blank(row):
            assert offset in kept_measures | reported_measures, (offset, row)

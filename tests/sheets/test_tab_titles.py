"""Tab titles (department names) are cleaned like cell text in every reader: xlsx, Google API, link export."""
import io

from openpyxl import Workbook

from scripts.fakes.workbooks import ACTIVITY_HEADER
from sheets import google, sources
from sheets.workbook import parse_workbook
from tests.conftest import make_tabs

HOSTILE = "\u202eกอง\u200bช่าง\u2066"  # what Excel and Google let a tab title hold
HOSTILE_API = "\x01กอง\x1b[31mช่าง\u202e\u200d"  # what the Sheets API's JSON can carry too
ROW = [1, "กิจกรรม", "", "", "2023-01-31", "เสร็จแล้ว", 100, "", "", "", ""]


def hostile_xlsx(title: str = HOSTILE) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for tab in make_tabs(departments={}):
        sheet = book.create_sheet(tab.title)
        for row in tab.rows:
            sheet.append(list(row))
    sheet = book.create_sheet(title)
    sheet.append(list(ACTIVITY_HEADER))
    sheet.append(ROW)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def api_tabs(title: str) -> list[tuple]:
    """Tabs in the fake's (title, sheet id, rows) shape, the hostile title as Google would send it."""
    tabs = [(tab.title, index, tab.rows) for index, tab in enumerate(make_tabs(departments={}))]
    return tabs + [(title, 77, [list(ACTIVITY_HEADER), ROW])]


def test_xlsx_tab_title_loses_bidi_and_zero_width_marks():
    workbook = parse_workbook(sources.read_xlsx_bytes(hostile_xlsx(), name="t.xlsx"))
    assert workbook.departments == ["กองช่าง"]
    assert [a.department for a in workbook.activities] == ["กองช่าง"]


def test_google_api_tab_title_loses_control_bidi_and_zero_width(fake_google, service_account_info):
    sheet_id = fake_google.add_spreadsheet("ชื่อแปลก", api_tabs(HOSTILE_API))
    raw = google.read_workbook(sheet_id, service_account_info, adapter=fake_google.adapter())
    workbook = parse_workbook(raw)
    assert workbook.departments == ["กอง[31mช่าง"] and workbook.tab_ids["กอง[31mช่าง"] == 77


def test_link_export_tab_title_is_cleaned(fake_google):
    sheet_id = fake_google.add_spreadsheet("แชร์ลิงก์", api_tabs(HOSTILE), xlsx=hostile_xlsx())
    raw = sources.read_link_shared(sheet_id, adapter=fake_google.adapter())
    assert parse_workbook(raw).departments == ["กองช่าง"]

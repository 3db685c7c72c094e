"""Hostile files and cells: each ends in a clear Thai message or a correct reading."""
import io
import zipfile

import pytest
from openpyxl import Workbook

from scripts.fakes.workbooks import build_zip_bomb, tabs_to_xlsx_bytes
from sheets import sources, xlsx, xlsx_scan
from sheets.errors import BadSource
from sheets.workbook import parse_workbook
from tests.conftest import ACTIVITY_HEADER, make_tabs, make_workbook

THAI = ("\u0e00", "\u0e7f")


def is_thai(text: str) -> bool:
    return any(THAI[0] <= ch <= THAI[1] for ch in text)


def make_xlsx(build) -> bytes:
    book = Workbook()
    build(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


REJECTED = [
    ("text renamed .xlsx", lambda: "สวัสดี นี่ไม่ใช่ไฟล์ Excel".encode(), "ไม่ใช่ไฟล์ Excel"),
    ("pdf renamed .xlsx", lambda: b"%PDF-1.7\n%\xe2\xe3", "ไม่ใช่ไฟล์ Excel"),
    ("corrupt zip", lambda: b"PK\x03\x04" + bytes(range(256)) * 4, "เสียหาย"),
    ("zip without a workbook", lambda: _plain_zip(), "ไม่ใช่ไฟล์ Excel"),
    ("zip bomb", build_zip_bomb, "ขยายแล้วใหญ่เกิน"),
    ("empty file", lambda: b"", "ไม่ใช่ไฟล์ Excel"),
]


def _plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    return buffer.getvalue()


@pytest.mark.parametrize("label, make, words", REJECTED, ids=[r[0] for r in REJECTED])
def test_hostile_file_ends_in_a_thai_message(label, make, words):
    data = make()
    with pytest.raises(BadSource) as error:
        sources.read_xlsx_bytes(data, name="upload.xlsx")
    assert words in str(error.value) and is_thai(str(error.value))


def test_hostile_path_through_the_cli_source(tmp_path):
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(build_zip_bomb())
    with pytest.raises(BadSource):
        sources.read_source(sources.spec_for(str(path)))


def test_file_over_the_size_limit_is_refused(monkeypatch):
    monkeypatch.setattr(xlsx_scan, "MAX_FILE_BYTES", 1000)
    with pytest.raises(BadSource) as error:
        sources.read_xlsx_bytes(b"PK" + b"\0" * 2000, name="big.xlsx")
    assert "ใหญ่เกิน" in str(error.value)


def test_million_cells_is_refused_with_a_message():
    def build(book):
        sheet = book.active
        for row in range(100_000):
            sheet.append([row] * 10)

    with pytest.raises(BadSource) as error:
        sources.read_xlsx_bytes(make_xlsx(build), name="million.xlsx")
    assert "เกิน" in str(error.value)


def test_two_hundred_tabs_are_read_correctly():
    tabs = make_tabs()
    for index in range(200 - len(tabs)):
        tabs.append(type(tabs[0])(f"โน้ต {index}", [["x"]]))
    workbook = parse_workbook(sources.read_xlsx_bytes(tabs_to_xlsx_bytes(tabs), name="many.xlsx"))
    assert len(workbook.ignored_tabs) == 200 - 5 and len(workbook.activities) == 2


def test_too_many_tabs_is_refused(monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_TABS", 10)
    tabs = make_tabs() + [type(make_tabs()[0])(f"t{i}", [["x"]]) for i in range(10)]
    with pytest.raises(BadSource) as error:
        sources.read_xlsx_bytes(tabs_to_xlsx_bytes(tabs), name="many.xlsx")
    assert "แท็บ" in str(error.value)


def replace_in_xlsx(data: bytes, placeholder: str, text: str) -> bytes:
    """Return the workbook with a placeholder string swapped for text openpyxl refuses to write."""
    source, target = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, source.read(info).replace(placeholder.encode(), text.encode()))
    return target.getvalue()


def test_a_one_megabyte_cell_is_cut_and_reported():
    tabs = make_tabs(departments={"กองช่าง": [(1, "PLACEHOLDER", "", "", "", "", "", "", "", "", "")]})
    data = replace_in_xlsx(tabs_to_xlsx_bytes(tabs), "PLACEHOLDER", "ก" * 1_000_000)
    workbook = parse_workbook(sources.read_xlsx_bytes(data, name="cell.xlsx"))
    (activity,) = [a for a in workbook.activities if a.department == "กองช่าง"]
    assert len(activity.activity) == xlsx.MAX_CELL_CHARS
    assert any(p.tab == "กองช่าง" and p.row == 2 and p.column == "B" for p in workbook.problems)


def test_a_header_of_five_thousand_columns_reads_the_first_ones_and_reports():
    header = list(ACTIVITY_HEADER) + [f"คอลัมน์ {i}" for i in range(5000)]
    tabs = make_tabs(departments={})
    tabs.append(type(tabs[0])("กองกว้าง", [header, [1, "กิจกรรม"] + [""] * 9 + ["x"] * 5000]))
    workbook = parse_workbook(sources.read_xlsx_bytes(tabs_to_xlsx_bytes(tabs), name="wide.xlsx"))
    assert [a.activity for a in workbook.activities if a.department == "กองกว้าง"] == ["กิจกรรม"]
    assert {p.row for p in workbook.problems if p.tab == "กองกว้าง"} == {1, 2}


def test_formulas_without_cached_values_are_reported_not_silently_blank():
    def build(book):
        book.active.title = "กองสูตร"
        book.active.append(ACTIVITY_HEADER)
        book.active.append(["=1+0", '="กิจ"&"กรรม"', "", "", "=TODAY()", "", "=50"])

    tabs = make_tabs(departments={})
    data = make_xlsx(build)
    raw = sources.read_xlsx_bytes(data, name="formulas.xlsx")
    raw.tabs = make_tabs(departments={}) + raw.tabs
    workbook = parse_workbook(raw)
    formula_problems = [p for p in workbook.problems if p.tab == "กองสูตร" and "สูตร" in p.message]
    assert {p.column for p in formula_problems} == {"A", "B", "E", "G"}
    assert all(p.row == 2 for p in formula_problems) and tabs


def test_bidi_and_zero_width_characters_are_removed_from_text():
    text = "\u202eกิจ\u200bกรรม\u2066"
    tabs = make_tabs(departments={"กองช่าง": [(1, text, "", "", "", "", "", "", "", "", "")]})
    workbook = parse_workbook(sources.read_xlsx_bytes(tabs_to_xlsx_bytes(tabs), name="ctl.xlsx"))
    (activity,) = [a for a in workbook.activities if a.department == "กองช่าง"]
    assert activity.activity == "กิจกรรม"


def test_control_characters_from_google_cells_are_removed():
    text = "กิจ\x00กรรม\x07\x1b[31m\r\nบรรทัดสอง"
    workbook = make_workbook(departments={"กองช่าง": [(1, text, "", "", "", "", "", text, "", "", "")]})
    (activity,) = [a for a in workbook.activities if a.department == "กองช่าง"]
    assert activity.activity == "กิจกรรม[31m\nบรรทัดสอง" and activity.result == activity.activity


def test_zero_width_inside_a_header_still_matches():
    header = [h.replace("ที่", "\u200bที่") for h in ACTIVITY_HEADER]
    tabs = make_tabs(departments={})
    tabs.append(type(tabs[0])("กองช่าง", [header, [1, "กิจกรรม"]]))
    workbook = parse_workbook(sources.read_xlsx_bytes(tabs_to_xlsx_bytes(tabs), name="zw.xlsx"))
    assert [a.activity for a in workbook.activities] == ["กิจกรรม"]


def test_script_in_every_text_cell_is_kept_as_text_for_escaping_later():
    script = "<script>alert('x')</script>"
    tabs = make_tabs(departments={"กองช่าง": [(1, script, script, script, "", "", "", script, script, "", "")]})
    workbook = parse_workbook(sources.read_xlsx_bytes(tabs_to_xlsx_bytes(tabs), name="html.xlsx"))
    (activity,) = [a for a in workbook.activities if a.department == "กองช่าง"]
    assert activity.activity == script and activity.result == script

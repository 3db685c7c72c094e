"""Every cell rule of the contract as a table of (input, expected), good and bad."""
import datetime as dt

import pytest

from sheets import cells, contract

D = dt.date(2023, 3, 31)


@pytest.mark.parametrize("value, expected", [
    ("2023-03-31", D), ("2566-03-31", D), ("31/3/2566", D), ("31/03/2023", D), ("31/3/66", D),
    ("31 มีนาคม 2566", D), ("๓๑ มีนาคม ๒๕๖๖", D), ("๓๑ มี.ค. ๖๖", D), ("31 มี.ค. 66", D),
    ("31 มีค 2566", D), ("31มีนาคม2566", D), ("31 มีนาคม พ.ศ. 2566", D), (" 31  มีนาคม  2566 ", D),
    (45016, D), (45016.0, D), (dt.datetime(2023, 3, 31, 0, 0), D), (dt.date(2566, 3, 31), D),
    ("1 ม.ค. 2567", dt.date(2024, 1, 1)), ("29 ก.พ. 2567", dt.date(2024, 2, 29)),
    ("2023-03-31 00:00:00", D),
])
def test_parse_date_reads_every_contract_form(value, expected):
    assert cells.parse_date(value) == expected


@pytest.mark.parametrize("value", [
    "31 มีนาคม", "มีนาคม 2566", "32/1/2566", "29 ก.พ. 2566", "31 Foo 2566", "พรุ่งนี้", "2566", True, -5,
    "31/13/2566",
])
def test_parse_date_rejects_unreadable_dates_in_thai(value):
    with pytest.raises(cells.CellError) as error:
        cells.parse_date(value)
    assert any("\u0e00" <= char <= "\u0e7f" for char in str(error.value))


@pytest.mark.parametrize("value, expected", [
    (50, 50.0), ("50", 50.0), ("50%", 50.0), ("๕๐", 50.0), ("๕๐%", 50.0), (0.5, 50.0), (0, 0.0),
    (100, 100.0), (1, 1.0), ("0.25", 25.0), (" 75 % ", 75.0), ("100.0", 100.0),
])
def test_parse_progress_accepts_percent_thai_digits_and_fractions(value, expected):
    assert cells.parse_progress(value) == pytest.approx(expected)


@pytest.mark.parametrize("value", ["ครึ่งหนึ่ง", 150, -1, "abc%", True])
def test_parse_progress_rejects_out_of_range_or_text(value):
    with pytest.raises(cells.CellError):
        cells.parse_progress(value)


@pytest.mark.parametrize("value, expected", [
    (2566, 2566), ("2566", 2566), ("๒๕๖๖", 2566), (2023, 2566), ("2023", 2566), (66, 2566), (2566.0, 2566),
])
def test_parse_year_converts_ad_and_short_years(value, expected):
    assert cells.parse_year(value) == expected


@pytest.mark.parametrize("value", ["ปีหน้า", 1200, 99999, "2566.5"])
def test_parse_year_rejects_nonsense(value):
    with pytest.raises(cells.CellError):
        cells.parse_year(value)


@pytest.mark.parametrize("value, expected", [
    ("O1", "O1"), ("o1", "O1"), ("O 1", "O1"), ("O๑", "O1"), ("O๔๓", "O43"), ("O01", "O1"), (" o 36 ", "O36"),
])
def test_parse_code_folds_every_spelling(value, expected):
    assert cells.parse_code(value) == expected


@pytest.mark.parametrize("value", ["01", "Q1", "O", "O1a", "", "โอ1"])
def test_parse_code_rejects_non_codes(value):
    with pytest.raises(cells.CellError):
        cells.parse_code(value)


@pytest.mark.parametrize("value, expected", [
    ("O36, O37", ["O36", "O37"]), ("O๓๖ O๓๗", ["O36", "O37"]), ("", []), ("O1;O2", ["O1", "O2"]),
    ("O1\nO2", ["O1", "O2"]),
])
def test_parse_codes_reads_lists(value, expected):
    assert cells.parse_codes(value) == expected


@pytest.mark.parametrize("word, expected", [
    ("ยังไม่เริ่ม", "not_started"), ("ยังไม่ดำเนินการ", "not_started"), ("not_started", "not_started"),
    ("Not Started", "not_started"), ("กำลังดำเนินการ", "in_progress"), ("อยู่ระหว่างดำเนินการ", "in_progress"),
    ("IN_PROGRESS", "in_progress"), ("เสร็จแล้ว", "done"), ("เสร็จสิ้น", "done"), ("ดำเนินการแล้ว", "done"),
    ("ดำเนินการเรียบร้อยแล้ว", "done"), ("✓", "done"), (" done ", "done"), ("ยกเลิก", "cancelled"),
    ("cancelled", "cancelled"), ("", ""), (None, ""), ("เสร็จไปครึ่งหนึ่ง", None),
])
def test_activity_status_words_and_aliases(word, expected):
    assert cells.parse_word(word, contract.ACTIVITY_STATUS_WORDS) == expected


@pytest.mark.parametrize("word, expected", [
    ("เผยแพร่แล้ว", "published"), ("published", "published"), ("อยู่ระหว่างดำเนินการ", "in_progress"),
    ("ยังไม่ดำเนินการ", "not_started"), ("ไม่เกี่ยวข้อง", "not_applicable"), ("Not_Applicable", "not_applicable"),
    ("", ""), ("ลบแล้ว", None),
])
def test_oit_status_words(word, expected):
    assert cells.parse_word(word, contract.OIT_STATUS_WORDS) == expected


@pytest.mark.parametrize("value, expected", [
    ("ใช่", True), ("✓", True), ("x", True), ("X", True), ("TRUE", True), ("yes", True), (True, True),
    ("", False), (None, False), ("ไม่", False), ("FALSE", False), (False, False),
])
def test_needs_improvement_flag(value, expected):
    assert cells.parse_flag(value) is expected


def test_needs_improvement_flag_rejects_other_words():
    with pytest.raises(cells.CellError):
        cells.parse_flag("บางที")


@pytest.mark.parametrize("value, expected", [
    ("https://a.go.th/x", ["https://a.go.th/x"]), ("http://a b", None),
    ("https://a.go.th/1 https://a.go.th/2", ["https://a.go.th/1", "https://a.go.th/2"]),
    ("https://a.go.th/1\nhttps://a.go.th/2", ["https://a.go.th/1", "https://a.go.th/2"]), ("", []),
    ("www.a.go.th", None), ("javascript:alert(1)", None),
])
def test_parse_urls(value, expected):
    if expected is None:
        with pytest.raises(cells.CellError):
            cells.parse_urls(value)
    else:
        assert cells.parse_urls(value) == expected


@pytest.mark.parametrize("left, right", [
    ("ตัวชี้วัด OIT", "ตัวชี้วัด  oit"), ("fiscal_year", "Fiscal Year"), (" มาตรการที่ ", "มาตรการที่"),
    ("ความคืบหน้า (%)", "ความคืบหน้า  (%)"), ("needs_improvement", "NEEDS IMPROVEMENT"),
    ("มาตรการ\u200bที่", "มาตรการที่"),
])
def test_normalize_name_matches_case_spaces_underscores(left, right):
    assert cells.normalize_name(left) == cells.normalize_name(right)


@pytest.mark.parametrize("index, letter", [(0, "A"), (25, "Z"), (26, "AA"), (27, "AB"), (701, "ZZ"), (702, "AAA")])
def test_column_letter(index, letter):
    assert cells.column_letter(index) == letter


def test_thai_digits_round_trip():
    assert cells.to_thai_digits("2566") == "๒๕๖๖"
    assert cells.to_arabic_digits("๒๕๖๖") == "2566"

"""Every date and period form officials write, as a table of (text, the date it must give), and the bad ones.

Each text is also tried with Thai digits (๐–๙): the twin must give the same date.
"""
import datetime as dt
import re
from pathlib import Path

import pytest

from sheets import cells, contract, dates

D = dt.date(2023, 3, 31)  # 31 มีนาคม 2566, a Friday
FY67_Q1, FY67_Q2, FY67_Q3, FY67_END = dt.date(2023, 12, 31), dt.date(2024, 3, 31), dt.date(2024, 6, 30), dt.date(2024, 9, 30)
DOC = Path(__file__).resolve().parents[2] / "docs" / "sheet-contract.md"

# One day: read by parse_date (settings, OIT, ปรับปรุงล่าสุด) and by parse_due alike.
DAY_FORMS = [
    ("วันที่ 31 มีนาคม 2566", D), ("วันศุกร์ที่ 31 มีนาคม 2566", D), ("วันศุกร์ ที่ 31 มีนาคม 2566", D),
    ("วันศุกร์ 31 มีนาคม 2566", D), ("ศุกร์ที่ 31 มี.ค. 66", D), ("ศ. 31 มี.ค. 66", D), ("ศ.31 มี.ค.66", D),
    ("ณ วันที่ 31 มีนาคม 2566", D), ("วันพฤหัสบดีที่ 1 ธันวาคม 2565", dt.date(2022, 12, 1)),
    ("พฤ. 1 ธ.ค. 65", dt.date(2022, 12, 1)), ("อา. 1 ม.ค. 66", dt.date(2023, 1, 1)),
    ("31 มีนาคม พ.ศ. 2566", D), ("31 มีนาคม พ.ศ.2566", D), ("31 มี.ค. พ.ศ. 66", D), ("31 มีนาคม พศ 2566", D),
    ("31 มีนาคม ค.ศ. 2023", D), ("31 มี.ค. ค.ศ. 23", D),
    ("31 มีนาคม 2566 เวลา 16.30 น.", D), ("31 มีนาคม 2566 เวลา 16.30 นาฬิกา", D), ("31 มี.ค. 66 16:30", D),
    ("31 มี.ค. 66 16.30 น.", D), ("31/3/2566 16:30", D), ("31/03/2566 เวลา 09.00 น.", D), ("31/3/2566 16:30:00", D),
    ("2023-03-31T16:30:00", D), ("2023-03-31 16:30", D), ("วันศุกร์ที่ 31 มีนาคม 2566 เวลา 16.30 น.", D),
    ("31 March 2023", D), ("31 Mar 2023", D), ("31 mar. 2023", D), ("Mar 31, 2023", D), ("March 31, 2023", D),
    ("Friday, 31 March 2023", D), ("Fri, Mar 31, 2023", D), ("31st March 2023", D), ("March 31st, 2023", D),
    ("Mar 31, 2023 4:30 PM", D), ("1 Sept 2023", dt.date(2023, 9, 1)),
    ("45016", D), ("45016.0", D), ("45016.6875", D),
    ("31 มีนา 2566", D), ("31 มี.ค 66", D), ("31 มีค. 66", D), ("31-มี.ค.-66", D), ("31.3.2566", D),
    ("25 กรกฏาคม 2566", dt.date(2023, 7, 25)), ("1 ตุลา 66", dt.date(2023, 10, 1)),
    ("วันที่ 29 ก.พ. 2567", dt.date(2024, 2, 29)),
]
# A period: read by parse_due only, as its last day.
PERIOD_FORMS = [
    ("มีนาคม 2566", D), ("มี.ค. 66", D), ("มี.ค.66", D), ("เดือนมีนาคม 2566", D), ("มีนาคม พ.ศ. 2566", D),
    ("ธ.ค. 66", dt.date(2023, 12, 31)), ("ธ.ค.66", dt.date(2023, 12, 31)), ("ธันวาคม 2566", dt.date(2023, 12, 31)),
    ("ก.พ. 67", dt.date(2024, 2, 29)), ("ก.พ. 66", dt.date(2023, 2, 28)), ("เม.ย. 2566", dt.date(2023, 4, 30)),
    ("March 2023", D), ("Mar 2023", D), ("สิ้นเดือนมีนาคม 2566", D), ("ภายในเดือนมีนาคม 2566", D),
    ("ภายในวันที่ 31 มีนาคม 2566", D), ("ภายใน 31 มี.ค. 66", D),
    ("ต.ค. 66 – ก.ย. 67", FY67_END), ("ต.ค. 66 - ก.ย. 67", FY67_END), ("ต.ค.66—ก.ย.67", FY67_END),
    ("ต.ค. 66 ถึง ก.ย. 67", FY67_END), ("ตุลาคม 2566 ถึง กันยายน 2567", FY67_END),
    ("ตุลาคม 2566 – กันยายน 2567", FY67_END), ("ตั้งแต่เดือนตุลาคม 2566 ถึงเดือนกันยายน 2567", FY67_END),
    ("ต.ค. 2566 to ก.ย. 2567", FY67_END), ("Oct 2023 to Sep 2024", FY67_END), ("Oct 2023 – Mar 2024", FY67_Q2),
    ("ตุลาคม – ธันวาคม 2566", FY67_Q1), ("ต.ค.-ธ.ค. 66", FY67_Q1), ("1 – 31 มีนาคม 2566", D),
    ("1 ต.ค. 2566 - 31 มี.ค. 2567", FY67_Q2), ("1/10/2566 - 31/3/2567", FY67_Q2),
    ("2023-10-01 - 2024-03-31", FY67_Q2), ("ระหว่างวันที่ 1 ต.ค. 66 ถึงวันที่ 31 ธ.ค. 66", FY67_Q1),
    ("ปีงบประมาณ 2567", FY67_END), ("ปีงบประมาณ พ.ศ. 2567", FY67_END), ("ปีงบ 67", FY67_END),
    ("ปีงบฯ 67", FY67_END), ("งบประมาณ พ.ศ. 2567", FY67_END), ("ประจำปีงบประมาณ 2567", FY67_END),
    ("ภายในปีงบประมาณ 2567", FY67_END), ("สิ้นปีงบประมาณ 2567", FY67_END), ("FY2024", FY67_END),
    ("ไตรมาส 1/2567", FY67_Q1), ("ไตรมาส 2/2567", FY67_Q2), ("ไตรมาส 3/2567", FY67_Q3), ("ไตรมาส 4/2567", FY67_END),
    ("ไตรมาส 2/67", FY67_Q2), ("ไตรมาสที่ 2 ปีงบประมาณ 2567", FY67_Q2), ("ไตรมาสที่ 2/2567", FY67_Q2),
    ("ไตรมาส 2 ปีงบประมาณ พ.ศ. 2567", FY67_Q2), ("ไตรมาส 2 ปี 2567", FY67_Q2), ("Q2/2567", FY67_Q2),
    ("ไตรมาส 1 – 2 ปีงบประมาณ 2567", FY67_Q2), ("สิ้นไตรมาส 3/2567", FY67_Q3),
    ("รอบ 6 เดือน ปีงบประมาณ 2567", FY67_Q2), ("ครึ่งปีแรก ปีงบประมาณ 2567", FY67_Q2),
    ("ครึ่งปีแรกของปีงบประมาณ 2567", FY67_Q2), ("6 เดือนแรก ปีงบประมาณ 2567", FY67_Q2),
    ("รอบ 12 เดือน ปีงบประมาณ 2567", FY67_END), ("ครึ่งปีหลัง ปีงบประมาณ 2567", FY67_END),
    ("6 เดือนหลัง ปีงบ 67", FY67_END), ("รอบ 9 เดือน ปีงบประมาณ 2567", FY67_Q3),
    ("รอบ 3 เดือน ปีงบประมาณ 2567", FY67_Q1),
]
# A span that names no year takes the sheet's ปีงบประมาณ (2567 here).
SHEET_YEAR_FORMS = [
    ("ครึ่งปีแรก", FY67_Q2), ("รอบ 6 เดือน", FY67_Q2), ("ครึ่งปีหลัง", FY67_END), ("รอบ 12 เดือน", FY67_END),
    ("ไตรมาส 2", FY67_Q2), ("ไตรมาสที่ 1", FY67_Q1), ("ภายในปีงบประมาณ", FY67_END), ("ปีงบประมาณ", FY67_END),
    ("ครึ่งปีแรก ปีงบประมาณ 2568", dt.date(2025, 3, 31)),
]
# Unreadable everywhere: no year, no such day, no such span, a weekday or time alone, free text.
BAD_FORMS = [
    "31 มีนาคม", "มีนาคม", "32/1/2566", "29 ก.พ. 2566", "31 ก.ย. 2566", "31/13/2566", "31 Foo 2566", "พรุ่งนี้",
    "2566", "ปี 2567", "สิ้นเดือน", "ไตรมาส 5/2567", "ไตรมาส 0/2567", "รอบ 13 เดือน ปีงบประมาณ 2567",
    "31 Mar 23", "ก.ย. 67 –", "– ก.ย. 67", "ประชุม - มีนาคม 2566", "วันศุกร์", "ศ.", "เวลา 16.30 น.",
    "31 มีนาคม 2566 เวลา 25.00 น.", "พ.ศ. 2566", "ไตรมาส", "ครึ่งปี", "1234", "ต.ค. 66 – ก.ย.",
]
RECURRING = ["รายเดือน", "ทุกเดือน", "ทุก เดือน", "ทุกไตรมาส", "รายไตรมาส", "ตลอดปี", "ตลอดปีงบประมาณ",
             "ตลอดปีงบประมาณ 2567", "ต่อเนื่อง", "ดำเนินการต่อเนื่อง", "ตลอดทั้งปี", "Monthly"]


def with_thai_digits(forms):
    """Return the forms plus, for each holding a digit, its twin written in Thai digits."""
    twins = [(cells.to_thai_digits(text), day) for text, day in forms if re.search(r"\d", text)]
    return forms + twins


def test_the_table_is_big_enough():
    assert len(DAY_FORMS) + len(PERIOD_FORMS) + len(SHEET_YEAR_FORMS) >= 60


@pytest.mark.parametrize("text, expected", with_thai_digits(DAY_FORMS))
def test_parse_date_reads_every_day_form(text, expected):
    assert cells.parse_date(text) == expected


@pytest.mark.parametrize("text, expected", with_thai_digits(DAY_FORMS + PERIOD_FORMS))
def test_parse_due_reads_a_day_or_the_end_of_a_period(text, expected):
    assert cells.parse_due(text) == expected
    assert cells.parse_due(text, fiscal_year=2570) == expected, "a year in the text wins over the sheet's"


@pytest.mark.parametrize("text, expected", with_thai_digits(SHEET_YEAR_FORMS))
def test_a_span_without_a_year_takes_the_sheets_fiscal_year(text, expected):
    assert cells.parse_due(text, fiscal_year=2567) == expected


@pytest.mark.parametrize("text", [text for text, _ in SHEET_YEAR_FORMS[:-1]])
def test_a_span_without_a_year_is_unreadable_without_the_sheets_fiscal_year(text):
    with pytest.raises(cells.CellError):
        cells.parse_due(text)


@pytest.mark.parametrize("text", [text for text, _ in PERIOD_FORMS])
def test_a_period_is_not_a_day_where_one_day_is_meant(text):
    with pytest.raises(cells.CellError):
        cells.parse_date(text)


@pytest.mark.parametrize("text", BAD_FORMS + [cells.to_thai_digits(text) for text in BAD_FORMS])
def test_bad_forms_stay_unreadable_with_a_thai_message(text):
    for parse in (cells.parse_date, lambda value: cells.parse_due(value, fiscal_year=2567)):
        with pytest.raises(cells.CellError) as error:
            parse(text)
        message = str(error.value)
        assert message.startswith("อ่าน") and any("\u0e00" <= char <= "\u0e7f" for char in message)


def test_the_due_message_names_the_cell_text_and_the_period_forms():
    with pytest.raises(cells.CellError, match="อ่านกำหนดเสร็จ “พรุ่งนี้” ไม่ได้.*ไตรมาส 2/2567"):
        cells.parse_due("พรุ่งนี้")
    with pytest.raises(cells.CellError, match="ไม่มีวันนี้ในปฏิทิน"):
        cells.parse_due("31 ก.ย. 2566")


@pytest.mark.parametrize("text", RECURRING)
def test_recurring_words_give_no_due_date_and_no_error(text):
    assert cells.parse_due(text, fiscal_year=2567) is None
    assert cells.parse_period_end(text, fiscal_year=2567) is None


@pytest.mark.parametrize("value", [None, "", "  "])
def test_a_blank_due_is_none(value):
    assert cells.parse_due(value) is None


@pytest.mark.parametrize("value, expected", [
    (45016, D), (dt.date(2566, 3, 31), D), (dt.datetime(2023, 3, 31, 16, 30), D),
])
def test_parse_due_takes_typed_cells_like_parse_date(value, expected):
    assert cells.parse_due(value) == expected


@pytest.mark.parametrize("text", ["ตามแผนงาน", "เมื่อได้รับงบประมาณ", "", "ทุกเดือน"])
def test_parse_period_end_is_none_for_free_text(text):
    assert cells.parse_period_end(text, fiscal_year=2567) is None


def test_format_thai_day_writes_be_year_and_short_month():
    assert dates.format_thai_day(dt.date(2024, 9, 30)) == "30 ก.ย. 2567"


def documented_examples() -> list[tuple[str, str, str]]:
    """Return (example, sheet's fiscal year or '', date read) from every example row of docs/sheet-contract.md."""
    three = r"^\|[^|\n]*\|\s*`([^`]+)`\s*\|()\s*([^|\n]+?)\s*\|\s*$"
    four = r"^\|[^|\n]*\|\s*`([^`]+)`\s*\|\s*(\d{4})\s*\|\s*([^|\n]+?)\s*\|\s*$"
    text = DOC.read_text(encoding="utf-8")
    rows = re.findall(three, text, re.M) + re.findall(four, text, re.M)
    assert len(rows) >= 60, "docs/sheet-contract.md lists the forms in tables: form | `example` | [fiscal year |] date read"
    return rows


@pytest.mark.parametrize("example, fiscal_year, written", documented_examples())
def test_every_documented_example_reads_as_documented(example, fiscal_year, written):
    expected = dates.read_day(*dates.normalize_date_text(written))
    assert expected, f"the doc's date “{written}” is itself a day"
    assert cells.parse_due(example, fiscal_year=int(fiscal_year) if fiscal_year else None) == dt.date(*expected)


def test_the_doc_lists_every_recurring_word():
    text = DOC.read_text(encoding="utf-8")
    assert all(f"`{word}`" in text for word in contract.RECURRING_WORDS)


@pytest.mark.parametrize("text", ["-" * 5000, "ต.ค. 66 – " * 40 + "ก.ย. 67", "1 " * 3000 + "มีนาคม 2566"])
def test_long_text_is_a_sentence_not_a_period(text):
    with pytest.raises(cells.CellError):
        cells.parse_due(text)

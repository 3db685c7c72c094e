"""The demo workbook against the seed report it is copied from, and its .xlsx round trip."""
from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest

from sheets import catalog as oit_catalog
from sheets import contract
from sheets.demo import build, seed_data

SEED_PATH = Path(__file__).resolve().parents[1] / "data" / "seed-report-kudjik-2566.txt"
ANNEX_HEADER = "มาตรการ\tวิธีการดำเนินการ"
# Seed annex columns -> the department tab's headers (column 0 is the measure itself).
ANNEX_COLUMNS = (None, "วิธีการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลา", "ผลการดำเนินการ", "ข้อเสนอแนะ")
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
NUMBER_MARK = r"[๐-๙]+\."
# A bullet "- " or a numbered marker "๑." that starts a cell or follows a space.
SENTENCE_SPLIT = re.compile(rf"(?:^|\s)(?:-\s|{NUMBER_MARK})")
FLAGGED_LINE = re.compile(r"^ข้อ O([๐-๙]+) (.+)$")
DATE_FORMS = (
    re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$"),
    re.compile(r"^[๐-๙0-9]{1,2} \S+ [๐-๙0-9]{2,4}$"),
)


# ---------------------------------------------------------------- helpers
def collapse(text: str) -> str:
    return " ".join(str(text).split())


def squash(text: str) -> str:
    return "".join(str(text).split())


def strip_tags(cell: str) -> str:
    return collapse(re.sub(r"</?p>", " ", cell))


def sentences(cell: str) -> list[str]:
    """Split a seed cell into its sentences: <p> blocks, "- " bullets, "๑." markers."""
    parts = []
    for block in re.split(r"</?p>", cell):
        parts += [collapse(p) for p in SENTENCE_SPLIT.split(block)]
    return [p for p in parts if p]


def lines(cell) -> list[str]:
    return [collapse(line) for line in str(cell or "").split("\n") if line.strip()]


def measure_cells(no: int, column: str) -> list[str]:
    return [collapse(row[column]) for rows in seed_data.DEPARTMENTS.values()
            for row in rows if row["มาตรการที่"] == no]


def activities_of(no: int) -> list[dict]:
    return [row for rows in seed_data.DEPARTMENTS.values() for row in rows
            if row["มาตรการที่"] == no]


def parse_annex(text: str) -> dict[int, list[str]]:
    """Return the seed's annex rows by measure number: six raw cells each."""
    rows, in_table = {}, False
    for line in text.split("\n"):
        if line.startswith(ANNEX_HEADER):
            in_table = True
        elif not line.strip():
            in_table = False
        elif in_table:
            cells = line.split("\t")
            assert len(cells) == 6, line
            number = re.match(r"(?:<p>)?([๐-๙]+)\.", cells[0]).group(1)
            rows[int(number.translate(THAI_DIGITS))] = cells
    return rows


def parse_flagged(text: str) -> list[tuple[str, str]]:
    """Return (code with Arabic digits, title) of every "ข้อ O๑ ..." line in section ๑.๒."""
    section = text.split("\n๑.๒ ", 1)[1].split("\n๒. ", 1)[0]
    found = [FLAGGED_LINE.match(line.strip()) for line in section.split("\n")]
    return [("O" + m.group(1).translate(THAI_DIGITS), m.group(2)) for m in found if m]


def parse_memo_titles(text: str) -> list[str]:
    """Return the memo's numbered measure list (๑.–๗.), wrapped lines joined with no break."""
    body = text.split("ดังนี้\n", 1)[1].split("\nบัดนี้", 1)[0]
    titles = []
    for line in body.split("\n"):
        if re.match(rf"^{NUMBER_MARK} ", line):
            titles.append(line.split(" ", 1)[1])
        elif line.strip() and titles:
            titles[-1] += line.strip()
    return titles


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED_PATH.exists():
        pytest.skip(f"seed report not found at {SEED_PATH} (set ITA_SEED_PATH)")
    return SEED_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def annex(seed_text) -> dict[int, list[str]]:
    return parse_annex(seed_text)


@pytest.fixture(scope="module")
def demo_book() -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(build.demo_xlsx_bytes()))


# ---------------------------------------------------------------- measures
def test_annex_has_the_seven_measures(annex):
    assert sorted(annex) == [1, 2, 3, 4, 5, 6, 7]
    assert [m["ลำดับ"] for m in seed_data.MEASURES] == [1, 2, 3, 4, 5, 6, 7]


def test_measure_titles_are_the_memo_list(seed_text):
    titles = [m["มาตรการ"] for m in seed_data.MEASURES]
    assert titles == parse_memo_titles(seed_text)
    for title in titles:
        assert squash(title) in squash(seed_text)


def test_short_titles_are_the_annex_first_column(annex):
    for no, cells in annex.items():
        wording = re.sub(rf"^{NUMBER_MARK}\s*", "", strip_tags(cells[0]))
        assert seed_data.SHORT_TABLE_TITLES[no] == wording


def test_measure_owner_is_the_annex_first_owner(annex):
    for measure in seed_data.MEASURES:
        assert measure["ผู้รับผิดชอบ"] == sentences(annex[measure["ลำดับ"]][2])[0]


def test_measure_indicators_are_the_flagged_codes(seed_text):
    codes = [code for code, _ in parse_flagged(seed_text)]
    assert seed_data.MEASURES[1]["ตัวชี้วัดที่เกี่ยวข้อง"] == ", ".join(codes)
    assert seed_data.MEASURES[2]["ตัวชี้วัดที่เกี่ยวข้อง"] == "O9, O16"


# ---------------------------------------------------------------- activities
def test_activity_count_follows_the_numbered_markers(annex):
    for no, cells in annex.items():
        markers = len(re.findall(rf"(?:^|[\s>]){NUMBER_MARK}", cells[1]))
        assert len(activities_of(no)) == max(markers, 1), no


@pytest.mark.parametrize("column", [c for c in ANNEX_COLUMNS if c])
def test_every_demo_line_is_in_its_seed_cell(annex, column):
    index = ANNEX_COLUMNS.index(column)
    for no in annex:
        seed_cell = strip_tags(annex[no][index])
        for cell in measure_cells(no, column):
            for line in lines(cell):
                assert line in seed_cell, (no, column, line)


@pytest.mark.parametrize("column", [c for c in ANNEX_COLUMNS if c])
def test_every_seed_sentence_is_in_a_demo_cell(annex, column):
    index = ANNEX_COLUMNS.index(column)
    for no, cells in annex.items():
        demo = measure_cells(no, column)
        for sentence in sentences(cells[index]):
            assert any(sentence in cell for cell in demo), (no, column, sentence)


# Which seed bullets (by index in the cell) each activity of a measure carries.
BULLET_SPLITS = [
    (2, "ผลการดำเนินการ", [[0], []]),
    (2, "ข้อเสนอแนะ", [[0], []]),
    (3, "ผลการดำเนินการ", [[0, 1]]),
    (4, "ผลการดำเนินการ", [[0], [1]]),
    (4, "ข้อเสนอแนะ", [[], []]),
    (5, "ผลการดำเนินการ", [[0], [1, 2]]),
    (5, "ข้อเสนอแนะ", [[0], [1]]),
    (6, "ผลการดำเนินการ", [[0], [1], [2]]),
    (6, "ข้อเสนอแนะ", [[], [], [0]]),
]


@pytest.mark.parametrize("no, column, split", BULLET_SPLITS)
def test_bullets_are_split_among_activities(annex, no, column, split):
    bullets = sentences(annex[no][ANNEX_COLUMNS.index(column)])
    for activity, indexes in zip(activities_of(no), split, strict=True):
        got = [re.sub(r"^- ", "", line) for line in lines(activity[column])]
        assert got == [bullets[i] for i in indexes], (no, column)


def test_periods_sit_on_their_activities(annex):
    for no, cells in annex.items():
        blocks = [collapse(b) for b in re.findall(r"<p>(.*?)</p>", cells[3])] or [collapse(cells[3])]
        periods = [a["ระยะเวลา"] for a in activities_of(no)]
        expected = blocks if len(blocks) == len(periods) else blocks + [""] * (len(periods) - 1)
        assert periods == expected, no


def test_activities_keep_the_seed_order(annex):
    for no, cells in annex.items():
        seed_cell = strip_tags(cells[1])
        positions = [seed_cell.index(collapse(a["วิธีการดำเนินการ"])) for a in activities_of(no)]
        assert positions == sorted(positions), no


def test_activities_drop_their_leading_number():
    for rows in seed_data.DEPARTMENTS.values():
        for row in rows:
            assert not re.match(rf"^\s*{NUMBER_MARK}", row["วิธีการดำเนินการ"])


def test_activity_cells_follow_the_contract():
    assert seed_data.ACTIVITY_COLUMNS == tuple(v[0] for v in contract.ACTIVITY_HEADERS.values())
    measure_numbers = {m["ลำดับ"] for m in seed_data.MEASURES}
    status_words = {w for words in contract.ACTIVITY_STATUS_WORDS.values() for w in words}
    for rows in seed_data.DEPARTMENTS.values():
        for row in rows:
            assert row["มาตรการที่"] in measure_numbers
            assert row["สถานะ"] in status_words
            assert 0 <= row["ความคืบหน้า (%)"] <= 100
            assert any(form.match(row["กำหนดเสร็จ"]) for form in DATE_FORMS), row["กำหนดเสร็จ"]
            assert all(url.startswith("https://") for url in row["หลักฐาน"].split())


# ---------------------------------------------------------------- OIT
def test_flagged_items_match_section_1_2(seed_text):
    flagged = [(r["รหัส"], r["หัวข้อ"]) for r in seed_data.OIT if r["ต้องปรับปรุง"] == "ใช่"]
    assert flagged == parse_flagged(seed_text)
    assert len(flagged) == 15


def test_oit_rows_follow_the_contract():
    # the demo leaves out the optional group column (its groups come from the 2565 catalog)
    assert seed_data.OIT_COLUMNS == tuple(v[0] for k, v in contract.OIT_HEADERS.items() if k != "group")
    catalog = {item.code for item in oit_catalog.catalog_for(2565)}
    codes = [r["รหัส"] for r in seed_data.OIT]
    assert len(codes) == len(set(codes)) and set(codes) <= catalog
    statuses = [r["สถานะ"] for r in seed_data.OIT]
    assert set(statuses) <= set(contract.OIT_STATUS_TH.values())
    assert statuses.count("อยู่ระหว่างดำเนินการ") == 3
    for row in seed_data.OIT:
        published = row["สถานะ"] == "เผยแพร่แล้ว"
        assert bool(row["ลิงก์"]) == published and bool(row["วันที่เผยแพร่"]) == published
        assert row["หัวข้อ"] or row["ต้องปรับปรุง"] != "ใช่"


# ---------------------------------------------------------------- settings
def test_settings_keys_are_the_contract_keys():
    keys = [key for key, _ in seed_data.SETTINGS]
    assert keys == [names[0] for names in contract.SETTINGS_KEYS.values()]


def test_settings_values_are_in_the_seed(seed_text):
    # The comment lines read ".....-ทราบ....." in the seed; the value "-ทราบ-" is a choice.
    skipped = {"ความเห็นผู้บังคับบัญชา", "ความเห็นผู้บริหาร"}
    for key, value in seed_data.SETTINGS:
        if key in skipped:
            continue
        text = str(value).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
        assert text in seed_text, key


# ---------------------------------------------------------------- tabs and xlsx
def test_tabs_in_contract_order():
    tabs = build.build_demo_tabs()
    assert [t.title for t in tabs] == ["ตั้งค่า", "มาตรการ", "ตัวชี้วัด OIT", "สำนักปลัดเทศบาล"]
    assert len({t.sheet_id for t in tabs}) == len(tabs)
    assert tabs[0].rows[0] == ["คีย์", "ค่า"]
    assert tabs[3].rows[0] == list(seed_data.ACTIVITY_COLUMNS)
    assert len(tabs[3].rows) == 1 + 12


def test_xlsx_round_trips(demo_book):
    tabs = build.build_demo_tabs()
    assert demo_book.sheetnames == [t.title for t in tabs]
    for tab in tabs:
        sheet = demo_book[tab.title]
        read = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
        assert read == tab.rows, tab.title


def test_xlsx_header_is_bold_and_frozen(demo_book):
    for sheet in demo_book:
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1] if cell.value is not None)


def test_xlsx_is_deterministic(tmp_path):
    path = tmp_path / "demo.xlsx"
    build.write_demo_xlsx(str(path))
    assert path.read_bytes() == build.demo_xlsx_bytes()

"""One cell at a time: names, Thai digits, numbers, dates (B.E. and A.D.) and periods, words, links.

Each parser returns a value or raises CellError with a Thai message; callers turn
CellError into a Problem for that cell.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any, Iterable, Mapping

from sheets import contract, dates, periods

THAI_DIGITS = dates.THAI_DIGITS
ARABIC_TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
SHEETS_EPOCH = dates.SHEETS_EPOCH
URL_RE = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
CODE_RE = re.compile(r"^o\s*(\d{1,3})$", re.IGNORECASE)
ZERO_WIDTH_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
# C0/C1 control characters other than tab and newline (kept: they separate lines).
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# What never belongs in a cell's text: controls, bidi overrides/isolates, zero-width marks.
INVISIBLE_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e"
                          "\u2060-\u2069\ufeff]")


class CellError(ValueError):
    """A cell whose text cannot be read as the contract says; str() is Thai."""


def to_arabic_digits(text: str) -> str:
    """Return text with Thai digits ๐–๙ replaced by 0–9."""
    return text.translate(THAI_DIGITS)


def to_thai_digits(text: str) -> str:
    """Return text with 0–9 replaced by Thai digits."""
    return text.translate(ARABIC_TO_THAI)


def normalize_name(value: Any) -> str:
    """Return a name folded for matching: case, spaces, underscores, zero-width chars."""
    text = ZERO_WIDTH_RE.sub("", cell_text(value)).replace("_", " ")
    # NFKC folds SARA AM typed as NIKHAHIT + SARA AA (ํา) into one spelling.
    return unicodedata.normalize("NFKC", " ".join(text.split()).casefold())


def build_lookup(names: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """Return {normalized alias: canonical field} for a field → aliases table."""
    return {normalize_name(alias): key for key, aliases in names.items() for alias in aliases}


def cell_text(value: Any) -> str:
    """Return a cell as stripped text; None is ''. Whole floats print without '.0'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return clean_text(str(value))


def clean_text(text: str) -> str:
    """Return text without control, bidi-override and zero-width characters, CRLF as LF, stripped."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return strip_invisible(text).strip()


def strip_invisible(text: str) -> str:
    """Return text without control (tab and newline kept), bidi-override and zero-width characters."""
    return INVISIBLE_RE.sub("", text)


def is_blank(value: Any) -> bool:
    return cell_text(value) == ""


def parse_number(value: Any) -> float:
    """Return a number from a numeric cell or text ('๕๐', '1,234.5', '50%' → 50.0)."""
    if isinstance(value, bool):
        raise CellError("ต้องเป็นตัวเลข")
    if isinstance(value, (int, float)):
        return float(value)
    text = to_arabic_digits(cell_text(value)).replace(",", "").replace(" ", "")
    try:
        return float(text.rstrip("%"))
    except ValueError:
        raise CellError(f"ต้องเป็นตัวเลข แต่พบ “{cell_text(value)[:60]}”") from None


def parse_whole_number(value: Any) -> int:
    """Return a whole number (ลำดับ, มาตรการที่) or raise CellError."""
    number = parse_number(value)
    if not number.is_integer():
        raise CellError(f"ต้องเป็นจำนวนเต็ม แต่พบ “{cell_text(value)[:60]}”")
    return int(number)


def parse_year(value: Any) -> int:
    """Return a B.E. year; an A.D. year (1900–2399) is converted, 2-digit means 25xx."""
    year = parse_whole_number(value)
    if 0 <= year < 100:
        return 2500 + year
    if 1900 <= year < 2400:
        return year + contract.BE_OFFSET
    if 2400 <= year < 2700:
        return year
    raise CellError(f"ปี “{cell_text(value)}” ไม่ถูกต้อง (ใช้ พ.ศ. เช่น 2566)")


def parse_progress(value: Any) -> float:
    """Return progress 0–100: '50%', '๕๐', 50 and 0.5 (a %-formatted cell) all mean 50."""
    text = cell_text(value)
    number = parse_number(value)
    if not text.endswith("%") and 0 < number < 1:
        number *= 100
    if not 0 <= number <= 100:
        raise CellError(f"ความคืบหน้าต้องอยู่ระหว่าง 0–100 แต่พบ “{text[:60]}”")
    return round(number, 6)


def _make_date(year: int, month: int, day: int, original: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellError(f"อ่านวันที่ “{original[:60]}” ไม่ได้ (ไม่มีวันนี้ในปฏิทิน)") from None


def parse_date(value: Any) -> dt.date:
    """Return a date from a date cell, a serial number, ISO, D/M/YYYY or Thai/English text.

    Text may carry a weekday, วันที่, พ.ศ./ค.ศ. and a time (see docs/sheet-contract.md); raises CellError.
    """
    if isinstance(value, dt.datetime):
        return _shift_be(value.date())
    if isinstance(value, dt.date):
        return _shift_be(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 200000:
            return SHEETS_EPOCH + dt.timedelta(days=int(value))
        raise CellError(f"อ่านวันที่ “{cell_text(value)}” ไม่ได้")
    original = cell_text(value)
    if not original:
        raise CellError("ไม่มีวันที่")
    day = dates.read_day(*dates.normalize_date_text(original))
    if day is None:
        raise CellError(f"อ่านวันที่ “{original[:60]}” ไม่ได้ (ใช้ เช่น 31 มีนาคม 2566, 31/3/2566 หรือ 2023-03-31)")
    return _make_date(*day, original)


def _shift_be(day: dt.date) -> dt.date:
    """A typed date whose year is ≥ 2400 was entered in B.E.: bring it back to A.D."""
    if day.year >= 2400:
        return _make_date(day.year - contract.BE_OFFSET, day.month, day.day, day.isoformat())
    return day


def parse_due(value: Any, fiscal_year: int | None = None) -> dt.date | None:
    """Return the due date a กำหนดเสร็จ cell means: its day, or the last day of the period written.

    A month, a range, ปีงบประมาณ, a quarter or half of the fiscal year all mean their end;
    fiscal_year (B.E., the sheet's) serves a quarter or half that names no year. Returns
    None for a blank cell or a repeating schedule (รายเดือน, ตลอดปี); raises CellError.
    """
    if is_blank(value):
        return None
    if not isinstance(value, str):
        return parse_date(value)
    original = cell_text(value)
    text, era = dates.normalize_date_text(original)
    if text and periods.is_recurring(text):
        return None
    day = dates.read_day(text, era)
    if day:
        return _make_date(*day, original)
    end = periods.read_period_end(text, era, fiscal_year)
    if end is None:
        raise CellError(f"อ่านกำหนดเสร็จ “{original[:60]}” ไม่ได้ (ใช้วันที่ เช่น 31 มีนาคม 2566, 31/3/2566 "
                        "หรือช่วงเวลา เช่น มีนาคม 2566, ต.ค. 66 – ก.ย. 67, ไตรมาส 2/2567, ปีงบประมาณ 2567)")
    return end


def parse_period_end(value: Any, fiscal_year: int | None = None) -> dt.date | None:
    """Return the last day of a ระยะเวลา cell that reads as a day or period; None for free text or a schedule."""
    try:
        return parse_due(value, fiscal_year)
    except CellError:
        return None


def parse_word(value: Any, words: Mapping[str, Iterable[str]]) -> str | None:
    """Return the canonical word for a cell, '' for blank, or None when unknown."""
    key = normalize_name(value)
    if not key:
        return ""
    return build_lookup(words).get(key)


def parse_flag(value: Any) -> bool:
    """Return True for ใช่ / ✓ / x / TRUE / yes, False for blank or no; else CellError."""
    if isinstance(value, bool):
        return value
    key = normalize_name(value)
    if key in contract.TRUE_WORDS:
        return True
    if key in contract.FALSE_WORDS:
        return False
    raise CellError(f"ค่า “{cell_text(value)[:60]}” ไม่ใช่ ใช่/ไม่ใช่ (ใช้ ใช่, ✓, x, TRUE หรือเว้นว่าง)")


def parse_code(value: Any) -> str:
    """Return an O code as 'O<n>': 'O๑', 'o1', 'O 1', 'O01' are all 'O1'."""
    text = to_arabic_digits(ZERO_WIDTH_RE.sub("", cell_text(value))).replace("Ｏ", "O")
    match = CODE_RE.fullmatch(text.strip())
    if not match:
        raise CellError(f"รหัส “{cell_text(value)[:60]}” ไม่ใช่รหัส O (เช่น O1, O๑)")
    return f"O{int(match.group(1))}"


def parse_codes(value: Any) -> list[str]:
    """Return the O codes in a list cell ('O36, O37'); raises CellError on a bad one."""
    parts = [part for part in re.split(r"[,\s;/]+(?=[oOＯ])|[,;\n]+", cell_text(value)) if part.strip()]
    return [parse_code(part) for part in parts]


def parse_urls(value: Any) -> list[str]:
    """Return the http(s) links in a cell; text that holds no link raises CellError."""
    text = cell_text(value)
    if not text:
        return []
    urls = URL_RE.findall(text)
    leftover = URL_RE.sub(" ", text).strip(" ,;\n\t")
    if not urls or leftover:
        raise CellError(f"ลิงก์ต้องขึ้นต้นด้วย http:// หรือ https:// (พบ “{text[:60]}”)")
    return urls


def column_letter(index: int) -> str:
    """Return the A1 letter(s) of a 0-based column index (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters

"""The words of a written day: Thai and English months, weekdays, eras, times, years.

Pure text grammar, no messages: `read_day` and `read_month` return numbers or None,
and sheets.cells turns them into dates or a Thai CellError. Text first goes through
`normalize_date_text` (Arabic digits, one space, no weekday, no time, no era).
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata

from sheets import contract

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
SHEETS_EPOCH = dt.date(1899, 12, 30)
# Colloquial and misspelt Thai month names people type (กรกฏาคม with ฏ is common).
THAI_MONTH_EXTRAS = {
    "มกรา": 1, "กุมภา": 2, "มีนา": 3, "เมษา": 4, "พฤษภา": 5, "มิถุนา": 6, "กรกฎา": 7,
    "กรกฏาคม": 7, "กรกฏา": 7, "สิงหา": 8, "กันยา": 9, "ตุลา": 10, "พฤศจิกา": 11, "ธันวา": 12,
}
ENGLISH_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
                  "september", "october", "november", "december")
THAI_WEEKDAYS = "อาทิตย์|จันทร์|อังคาร|พุธ|พฤหัสบดี|พฤหัส|ศุกร์|เสาร์"
ENGLISH_WEEKDAYS = ("monday|mon|tuesday|tues|tue|wednesday|wed|thursday|thurs|thur|thu|friday|fri|"
                    "saturday|sat|sunday|sun")
# A weekday before the day: วันศุกร์ที่ 31 …, ศุกร์ 31 …, ศ. 31 …, Friday, 31 …, Fri 31 …
WEEKDAY_RE = re.compile(rf"^(?:(?:วัน)?(?:{THAI_WEEKDAYS})(?:\s*ที่)?|(?:อา|จ|อ|พ|พฤ|ศ|ส)\.(?=\s*(?:ที่)?\s*\d)(?:\s*ที่)?|"
                        rf"(?:{ENGLISH_WEEKDAYS})\b\.?)\s*")
DAY_WORD_RE = re.compile(r"^(?:ณ\s*)?(?:วันที่|ที่)\s*")
TIME_RE = re.compile(r"(?:\s+|\s*เวลา\s*)(\d{1,2})[:.](\d{2})(?:[:.]\d{2})?\s*"
                     r"(?:น\.|นาฬิกา|น(?=$)|[ap]\.?m\.?)?$")
ERA_RE = re.compile(r"(พ\.?\s?ศ\.?|ค\.?\s?ศ\.?|\bb\.e\.|\ba\.d\.)")
ORDINAL_RE = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b")
ISO_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t][\d:.]+)?")
NUMERIC_RE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})")
DAY_MONTH_YEAR_RE = re.compile(r"(\d{1,2})\s*([^\d\s]+?)\s*(\d{2}|\d{4})")
MONTH_DAY_YEAR_RE = re.compile(r"([^\d\s]+)\s*(\d{1,2})\s+(\d{2}|\d{4})")
MONTH_YEAR_RE = re.compile(r"([^\d\s]+?)\s*(\d{2}|\d{4})")
SERIAL_RE = re.compile(r"\d{5}(?:\.\d+)?")


def _month_names() -> dict[str, int]:
    table: dict[str, int] = {}
    for number, (full, short) in enumerate(contract.THAI_MONTHS, start=1):
        table[full] = table[short] = number
    for number, name in enumerate(ENGLISH_MONTHS, start=1):
        table[name] = table[name[:3]] = number
    table["sept"] = 9
    table.update(THAI_MONTH_EXTRAS)
    return {_month_key(name): number for name, number in table.items()}


def _month_key(word: str) -> str:
    key = unicodedata.normalize("NFKC", word).casefold().replace(".", "").replace(" ", "")
    if key[:1] in ("-", "/"):  # one separator each side, as in 31-มี.ค.-66
        key = key[1:]
    return key[:-1] if key[-1:] in ("-", "/") else key


MONTH_NAMES = _month_names()


def month_number(word: str) -> int | None:
    """Return 1–12 for a Thai or English month name or abbreviation (dots optional), else None."""
    return MONTH_NAMES.get(_month_key(word))


def is_english_month(word: str) -> bool:
    return _month_key(word).isascii() and month_number(word) is not None


def read_year(digits: str, era: str | None = None) -> int:
    """Return the A.D. year of written digits: 4 digits ≥ 2400 are B.E.; 2 digits are B.E. 25xx (ค.ศ.: 20xx)."""
    year = int(digits)
    if len(digits) == 2:
        return 2000 + year if era == "ad" else 2500 + year - contract.BE_OFFSET
    return year - contract.BE_OFFSET if year >= 2400 else year


def normalize_date_text(text: str) -> tuple[str, str | None]:
    """Return (text, era) with Arabic digits, lower case, one space, and no weekday, day word, time or era.

    era is 'be' or 'ad' when the text said so (พ.ศ./ค.ศ., B.E./A.D.), else None.
    """
    text = unicodedata.normalize("NFKC", text.translate(THAI_DIGITS)).casefold().replace(",", " ")
    text = text.replace("\u0e4d\u0e32", "\u0e33")  # NFKC splits SARA AM (ำ); words here spell it whole
    text = strip_day_words(ORDINAL_RE.sub("", " ".join(text.split())))
    text = _strip_time(text)
    era = None
    match = ERA_RE.search(text)
    if match:
        era = "ad" if match.group(1)[0] in "คa" else "be"
        text = " ".join(ERA_RE.sub(" ", text).split())
    return text, era


def strip_day_words(text: str) -> str:
    """Return text without a leading weekday and day word (วันศุกร์ที่, ศ., วันที่, ณ วันที่, Friday)."""
    return DAY_WORD_RE.sub("", WEEKDAY_RE.sub("", text))


def _strip_time(text: str) -> str:
    match = TIME_RE.search(text)
    if match and int(match.group(1)) < 24 and int(match.group(2)) < 60 and match.start() > 0:
        return text[:match.start()].rstrip()
    return text


def read_day(text: str, era: str | None = None) -> tuple[int, int, int] | None:
    """Return (A.D. year, month, day) of normalized text naming one day, else None (not checked against the calendar)."""
    if SERIAL_RE.fullmatch(text):
        day = SHEETS_EPOCH + dt.timedelta(days=int(float(text)))
        return day.year, day.month, day.day
    iso = ISO_RE.fullmatch(text)
    if iso:
        return read_year(iso.group(1), era), int(iso.group(2)), int(iso.group(3))
    numeric = NUMERIC_RE.fullmatch(text)
    if numeric:
        return read_year(numeric.group(3), era), int(numeric.group(2)), int(numeric.group(1))
    for pattern, day_group, month_group in ((DAY_MONTH_YEAR_RE, 1, 2), (MONTH_DAY_YEAR_RE, 2, 1)):
        match = pattern.fullmatch(text)
        year = match and _named_year(match.group(month_group), match.group(3), era)
        if year:
            return year, month_number(match.group(month_group)), int(match.group(day_group))
    return None


def read_month(text: str, era: str | None = None) -> tuple[int, int] | None:
    """Return (A.D. year, month) of normalized text naming one month ('มีนาคม 2566', 'ธ.ค. 66', 'March 2023')."""
    match = MONTH_YEAR_RE.fullmatch(text)
    year = match and _named_year(match.group(1), match.group(2), era)
    return (year, month_number(match.group(1))) if year else None


def _named_year(month_word: str, digits: str, era: str | None) -> int | None:
    """Return the A.D. year beside a month name; None when the word is no month or an English month has 2 digits."""
    if month_number(month_word) is None:
        return None
    if len(digits) == 2 and era is None and is_english_month(month_word):
        return None
    return read_year(digits, era)


def format_thai_day(day: dt.date) -> str:
    """Return a day as officials write it in a message: '30 ก.ย. 2567' (B.E.)."""
    return f"{day.day} {contract.THAI_MONTHS[day.month - 1][1]} {day.year + contract.BE_OFFSET}"

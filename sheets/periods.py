"""A written period → its last day: a month, a range, a fiscal year, quarter, half or round of months.

Thai fiscal years: ปีงบประมาณ 2567 runs 1 ต.ค. 2566 – 30 ก.ย. 2567, so quarter 1 is ต.ค.–ธ.ค. of
the year before. Text comes through dates.normalize_date_text first; readers return a date or None
and sheets.cells words the message.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re

from sheets import contract, dates

# Longer text is a sentence, not a period (and splitting it at every dash would cost n²).
MAX_PERIOD_TEXT = 120
YEAR = r"(\d{4}|\d{2})"
FY_WORD = r"(?:ปี\s*งบ(?:ประมาณ)?|งบ(?:ประมาณ)?|fiscal\s*year|fy)\s*ฯ?\.?"
# The fiscal year after a span: "/2567", " ปีงบประมาณ 2567", " ของปีงบประมาณ 67", " ปี 2567"; optional.
FY_TAIL = rf"(?:\s*(?:/|ของ)?\s*(?:{FY_WORD}|ปี)?\s*{YEAR})?"
FISCAL_YEAR_RE = re.compile(rf"{FY_WORD}\s*{YEAR}?")
QUARTER_RE = re.compile(rf"(?:ไตรมาส(?:ที่)?|q)\s*([1-4]){FY_TAIL}")
HALF_RE = re.compile(rf"(?:ครึ่ง\s*(?:ปี)?\s*(?:งบประมาณ)?|6\s*เดือน)\s*(แรก|หลัง){FY_TAIL}")
ROUND_RE = re.compile(rf"รอบ\s*(\d{{1,2}})\s*เดือน(?:แรก)?{FY_TAIL}")
# Each fiscal span and how many months of the fiscal year it covers (its end).
FISCAL_SPANS = (
    (FISCAL_YEAR_RE, lambda match: 12),
    (QUARTER_RE, lambda match: 3 * int(match.group(1))),
    (HALF_RE, lambda match: 6 if match.group(1) == "แรก" else 12),
    (ROUND_RE, lambda match: int(match.group(1))),
)
# Words before a day or period that do not change its end: ภายใน…, ตั้งแต่…, สิ้นเดือน…, ประจำ…
PREFIX_RE = re.compile(r"^(?:(?:ภายใน|ตั้งแต่|ระหว่าง|ช่วง|สิ้น|ประจำ|by|until|from)\s*)*(?:เดือน\s*)?")
RANGE_SEPARATOR_RE = re.compile(r"\s*(?:–|—|−|~|-|จนถึง|ถึง|\bto\b|\buntil\b)\s*")
START_RE = re.compile(r"(\d{1,2})?\s*([^\d\s]+)?\s*(\d{4}|\d{2})?")
QUARTER_WORD_RE = re.compile(r"^(?:ไตรมาส(?:ที่)?|q)\s*")


def is_recurring(text: str) -> bool:
    """Return True when normalized text names a repeating schedule (รายเดือน, ทุกไตรมาส, ตลอดปี, …)."""
    squeezed = "".join(text.split())
    return any(word in squeezed for word in contract.RECURRING_WORDS)


def read_period_end(text: str, era: str | None = None, fiscal_year: int | None = None) -> dt.date | None:
    """Return the last day of the day or period in normalized text, or None when it names none.

    fiscal_year (B.E.) is the sheet's, used when a quarter or half names no year of its own.
    """
    if len(text) > MAX_PERIOD_TEXT:
        return None
    text = strip_prefix(text)
    return read_single_end(text, era, fiscal_year) or _read_range_end(text, era, fiscal_year)


def strip_prefix(text: str) -> str:
    """Return text without leading words that keep its end (ภายใน, ตั้งแต่, เดือน, วันที่, a weekday)."""
    return dates.strip_day_words(PREFIX_RE.sub("", text.strip()))


def read_single_end(text: str, era: str | None, fiscal_year: int | None) -> dt.date | None:
    """Return the last day of one day, month or fiscal span (not a range), or None."""
    day = dates.read_day(text, era)
    if day:
        return _valid_date(*day)
    month = dates.read_month(text, era)
    if month:
        return _month_end(*month)
    return _read_fiscal_end(text, era, fiscal_year)


def _read_fiscal_end(text: str, era: str | None, fiscal_year: int | None) -> dt.date | None:
    for pattern, months_of in FISCAL_SPANS:
        match = pattern.fullmatch(text)
        if match:
            return _fiscal_end(match.groups()[-1], months_of(match), era, fiscal_year)
    return None


def _fiscal_end(digits: str | None, months: int, era: str | None, fiscal_year: int | None) -> dt.date | None:
    """Return the last day of the `months`-th month of a fiscal year (1 = October, 12 = September)."""
    if digits:
        year = dates.read_year(digits, era)
    elif fiscal_year:
        year = fiscal_year - contract.BE_OFFSET
    else:
        return None
    if not 1 <= months <= 12:
        return None
    month = (8 + months) % 12 + 1
    return _month_end(year - 1 if month >= 10 else year, month)


def _read_range_end(text: str, era: str | None, fiscal_year: int | None) -> dt.date | None:
    """Return the end of 'start – end' (also -, —, ถึง, to) when both sides read; try each separator in turn."""
    for separator in RANGE_SEPARATOR_RE.finditer(text):
        start, end = strip_prefix(text[:separator.start()]), strip_prefix(text[separator.end():])
        if not start or not end:
            continue
        if QUARTER_WORD_RE.match(start) and not QUARTER_WORD_RE.match(end):
            end = "ไตรมาส " + end
        last = read_single_end(end, era, fiscal_year)
        if last and _is_start(start, era):
            return last
    return None


def _is_start(text: str, era: str | None) -> bool:
    """Return True when text can open a range: a day, a month, a fiscal span, or a bare day/month/year."""
    if read_single_end(text, era, None) or any(pattern.fullmatch(text) for pattern, _ in FISCAL_SPANS):
        return True
    match = START_RE.fullmatch(text)
    return bool(match and any(match.groups()) and (match.group(2) is None or dates.month_number(match.group(2))))


def _month_end(year: int, month: int) -> dt.date | None:
    return _valid_date(year, month, calendar.monthrange(year, month)[1]) if 1 <= month <= 12 and year >= 1 else None


def _valid_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None

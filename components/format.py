"""Thai display formats for dates, times and percentages (pure: no streamlit).

Every page, chart and export formats through here so the same value reads the
same everywhere: Buddhist Era years, Thai month names, Thai or Arabic digits.
"""
from __future__ import annotations

import datetime as dt
import re

from sheets import contract

BANGKOK = dt.timezone(dt.timedelta(hours=7), "Asia/Bangkok")
BE_OFFSET = contract.BE_OFFSET
DIGITS = ("thai", "arabic")
EMPTY = "–"
TO_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def thai_digits(text: object) -> str:
    """Return str(text) with Arabic digits 0–9 written as Thai digits ๐–๙."""
    return str(text).translate(TO_THAI_DIGITS)


def _digits(text: str, digits: str) -> str:
    if digits not in DIGITS:
        raise ValueError(f"digits must be one of {DIGITS}, not {digits!r}")
    return thai_digits(text) if digits == "thai" else text


def thai_date(value: dt.date | None, *, digits: str = "thai", short: bool = False) -> str:
    """Return a date as "๒๕ พฤศจิกายน ๒๕๖๙" (B.E.); short=True gives "๒๕ พ.ย. ๒๕๖๙"; None → "–".

    digits="arabic" keeps 0–9 ("25 พฤศจิกายน 2569"). A datetime is shown as its
    Bangkok date.
    """
    if value is None:
        return EMPTY
    if isinstance(value, dt.datetime):
        value = to_bangkok(value).date()
    full, abbr = contract.THAI_MONTHS[value.month - 1]
    text = f"{value.day} {abbr if short else full} {value.year + BE_OFFSET}"
    return _digits(text, digits)


def thai_time(value: dt.datetime | dt.time, *, digits: str = "thai") -> str:
    """Return a time of day as "๑๔.๓๐ น." (a datetime is first converted to Bangkok time)."""
    if isinstance(value, dt.datetime):
        value = to_bangkok(value).time()
    return _digits(f"{value.hour:02d}.{value.minute:02d} น.", digits)


def thai_datetime(value: dt.datetime | None, *, digits: str = "thai", short: bool = False) -> str:
    """Return "๒๕ พฤศจิกายน ๒๕๖๙ เวลา ๑๔.๓๐ น." in Bangkok time; None → "–"."""
    if value is None:
        return EMPTY
    local = to_bangkok(value)
    return f"{thai_date(local.date(), digits=digits, short=short)} เวลา {thai_time(local, digits=digits)}"


def to_bangkok(value: dt.datetime) -> dt.datetime:
    """Return an aware datetime converted to Bangkok time; a naive one is taken as Bangkok already."""
    return value.replace(tzinfo=BANGKOK) if value.tzinfo is None else value.astimezone(BANGKOK)


def format_pct(value: float | None, *, decimals: int = 1, digits: str = "arabic") -> str:
    """Return a 0–100 percentage as "52.5%" (decimals places); None → "–".

    A whole value drops its decimals ("100%"), as the annex prints them.
    """
    if value is None:
        return EMPTY
    rounded = round(float(value), decimals)
    text = f"{rounded:.0f}" if rounded == int(rounded) else f"{rounded:.{decimals}f}"
    return _digits(f"{text}%", digits)


def format_count(value: int | None, *, digits: str = "arabic") -> str:
    """Return a whole number with thousands separators ("1,234"); None → "–"."""
    return EMPTY if value is None else _digits(f"{int(value):,}", digits)


def minutes_between(earlier: dt.datetime, later: dt.datetime) -> int:
    """Return whole minutes from earlier to later (never negative); naive values are Bangkok time."""
    seconds = (to_bangkok(later) - to_bangkok(earlier)).total_seconds()
    return max(0, int(seconds // 60))


MARKDOWN_SPECIALS = set("\\`*_{}[]<>()#+-.!|~$:")
WORD_JOINER = "\u2060"
# Where GFM would start an autolink literal: "http(s)" before ":", "www" before ".", after "@".
# Streamlit's markdown finds these in text after escapes are resolved, so backslashes do not
# stop them; an invisible word joiner there does, and the text reads the same.
AUTOLINK_START_RE = re.compile(r"(?<=https)(?=:)|(?<=http)(?=:)|(?<=www)(?=\.)|(?<=@)", re.IGNORECASE)


def escape_markdown(text: object) -> str:
    """Return text that st.markdown/st.error/st.caption show literally: specials backslashed, no autolinks.

    Sheet strings (tab titles, names, cell text) go through this before any markdown-rendering
    call; HTML-rendering calls use html.escape instead.
    """
    text = AUTOLINK_START_RE.sub(WORD_JOINER, str(text))
    return "".join("\\" + char if char in MARKDOWN_SPECIALS else char for char in text)


def thai_age(minutes: int) -> str:
    """Return how long ago, in Thai: "5 นาทีที่แล้ว", "3 ชั่วโมงที่แล้ว" (from 2 h), "2 วันที่แล้ว" (from 2 days)."""
    if minutes < 120:
        return f"{minutes} นาทีที่แล้ว"
    if minutes < 48 * 60:
        return f"{minutes // 60} ชั่วโมงที่แล้ว"
    return f"{minutes // (24 * 60)} วันที่แล้ว"

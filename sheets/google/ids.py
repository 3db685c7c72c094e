"""Names of Google things: a spreadsheet's ID from a URL, a tab's A1 range, its URLs. No I/O."""
from __future__ import annotations

import re
from collections.abc import Mapping

from sheets import errors

EDIT_URL = "https://docs.google.com/spreadsheets/d/{}/edit"
EXPORT_URL = "https://docs.google.com/spreadsheets/d/{}/export"
SPREADSHEETS_URL = "https://sheets.googleapis.com/v4/spreadsheets/{}"
ID_RE = re.compile(r"[A-Za-z0-9_-]{20,}")
URL_ID_RE = re.compile(r"/spreadsheets/(?:u/\d+/)?d/([A-Za-z0-9_-]+)")
URL_KEY_RE = re.compile(r"[?&#]key=([A-Za-z0-9_-]{20,})")
PUBLISHED_ID = "e"  # /spreadsheets/d/e/2PACX-...: a "publish to web" link, not an ID


def parse_spreadsheet_id(text: str) -> str:
    """Return the spreadsheet ID of a Google Sheets URL or bare ID; raise SheetNotFound otherwise."""
    text = (text or "").strip()
    url_match = URL_ID_RE.search(text)
    if url_match and url_match.group(1) != PUBLISHED_ID and ID_RE.fullmatch(url_match.group(1)):
        return url_match.group(1)
    key_match = URL_KEY_RE.search(text)
    if key_match:
        return key_match.group(1)
    if ID_RE.fullmatch(text):
        return text
    if url_match:
        raise errors.SheetNotFound(
            "ลิงก์นี้เป็นลิงก์ \"เผยแพร่ไปยังเว็บ\" ซึ่งไม่มีรหัสชีต: เปิดชีตแล้วคัดลอกลิงก์จากแถบที่อยู่ของเบราว์เซอร์แทน")
    raise errors.SheetNotFound(
        f"\"{text[:80]}\" ไม่ใช่ลิงก์หรือรหัสของ Google Sheet: เปิดชีตแล้วคัดลอกลิงก์จากแถบที่อยู่ของเบราว์เซอร์")


def service_account_email(credentials_info: Mapping) -> str:
    """Return the service account's e-mail (the address to share sheets with), or ''."""
    return str(credentials_info.get("client_email") or "")


def quote_tab_range(title: str) -> str:
    """Return the A1 range naming a whole tab: the title in single quotes, inner quotes doubled."""
    return "'" + title.replace("'", "''") + "'"

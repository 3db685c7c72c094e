"""Typed failures a user can act on; str(error) is a one-line Thai message.

Sources translate third-party errors into these at the edge (`raise ... from exc`),
so nothing above `sheets/` ever sees a gspread, google-auth or requests exception.
Imports nothing from the project.
"""
from __future__ import annotations

from collections.abc import Sequence

VIEWER_ROLE_TH = "ผู้มีสิทธิ์อ่าน"  # Google's Thai UI name for the Viewer role
ANYONE_WITH_LINK_TH = "ทุกคนที่มีลิงก์"  # Google's Thai UI name for "Anyone with the link"


class SheetError(Exception):
    """Base of every error the app shows to a user; `message` is Thai, one line."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class SheetNotFound(SheetError):
    """The link or ID points at no spreadsheet (HTTP 404, or text that is no ID)."""

    def __init__(self, spreadsheet_id: str | None = None, message: str | None = None) -> None:
        self.spreadsheet_id = spreadsheet_id
        super().__init__(message or (
            f"ไม่พบ Google Sheet รหัส {spreadsheet_id}: ตรวจสอบว่าคัดลอกลิงก์ของชีตมาครบและชีตยังไม่ถูกลบ"))


class AccessDenied(SheetError):
    """Google refused access: the sheet is not shared with the service account (or link)."""

    def __init__(self, service_account_email: str | None = None, message: str | None = None) -> None:
        self.service_account_email = service_account_email
        super().__init__(message or _access_message(service_account_email))


class SheetUnavailable(SheetError):
    """Google could not answer now (quota, outage, timeout, network); `reason` says which."""

    def __init__(self, reason: str, message: str | None = None) -> None:
        self.reason = reason
        super().__init__(message or (
            f"ดึงข้อมูลจาก Google Sheets ไม่ได้ในขณะนี้ ({reason}): รอสักครู่แล้วกดรีเฟรชอีกครั้ง"))


class ContractBroken(SheetError):
    """The workbook lacks a tab or header the contract requires; `details` lists each gap."""

    def __init__(self, details: Sequence[str] | str, message: str | None = None) -> None:
        self.details = [details] if isinstance(details, str) else list(details)
        super().__init__(message or (
            "ชีตไม่ตรงตามแบบฟอร์ม: " + "; ".join(self.details)
            + " — เพิ่มแท็บหรือหัวคอลัมน์ที่ขาดให้ตรงกับแม่แบบ"))


class BadSource(SheetError):
    """A local source cannot be read: missing file, not a workbook, unreadable."""

    def __init__(self, name: str, reason: str = "", message: str | None = None) -> None:
        self.name = name
        self.reason = reason
        detail = f" ({reason})" if reason else ""
        super().__init__(message or (
            f"เปิดไฟล์ {name} ไม่ได้{detail}: ตรวจสอบว่าเป็นไฟล์ .xlsx ที่บันทึกจาก Google Sheets หรือ Excel"))


def _access_message(email: str | None) -> str:
    if email:
        return (f"บัญชีบริการ {email} ไม่มีสิทธิ์เปิด Google Sheet นี้: กด \"แชร์\" ในชีต "
                f"แล้วเพิ่ม {email} เป็น \"{VIEWER_ROLE_TH}\"")
    return (f"Google Sheet นี้ไม่ได้เปิดให้ \"{ANYONE_WITH_LINK_TH}\" ดูได้: กด \"แชร์\" ในชีต "
            f"แล้วตั้งค่าการเข้าถึงเป็น \"{ANYONE_WITH_LINK_TH}\" ({VIEWER_ROLE_TH}) "
            "หรือตั้งค่าบัญชีบริการ (service account) ในหน้าการตั้งค่า")

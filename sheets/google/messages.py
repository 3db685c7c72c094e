"""The Thai texts of Google's failures (sheets.google.client decides which one applies)."""
from __future__ import annotations

from sheets import errors


def unavailable(reason: str, action: str = "read") -> errors.SheetUnavailable:
    """Google cannot answer now; a read asks to refresh later, a write to try again.

    A row save's steps: "row"/"save" (Google did not take it: nothing written), "save?"
    (the write timed out: it may have gone through, so check the row first).
    """
    if action == "read":
        text = f"ดึงข้อมูลจาก Google Sheets ไม่ได้ในขณะนี้ ({reason}): รอสักครู่แล้วกดรีเฟรชอีกครั้ง"
    elif action in ("row", "save"):
        text = f"บันทึกลง Google Sheets ไม่ได้ในขณะนี้ ({reason}): ยังไม่ได้บันทึก รอสักครู่แล้วกดบันทึกอีกครั้ง"
    elif action == "save?":
        text = (f"บันทึกลง Google Sheets ไม่สำเร็จ ({reason}) และไม่แน่ใจว่า Google รับค่าไว้แล้วหรือไม่: "
                "โหลดข้อมูลใหม่เพื่อตรวจแถวนี้ แล้วบันทึกอีกครั้งถ้ายังไม่เปลี่ยน")
    else:
        text = f"ติดต่อ Google ไม่ได้ในขณะนี้ ({reason}): รอสักครู่แล้วลองใหม่"
    return errors.SheetUnavailable(text, reason=reason)


def not_found(spreadsheet_id: str) -> str:
    return f"ไม่พบ Google Sheet รหัส {spreadsheet_id}: ตรวจสอบว่าคัดลอกลิงก์มาครบและชีตยังไม่ถูกลบ"


def share_with(email: str) -> str:
    return (f"บัญชีบริการ {email} ไม่มีสิทธิ์เปิด Google Sheet นี้: กด \"แชร์\" ในชีต "
            f"แล้วเพิ่ม {email} เป็น \"ผู้มีสิทธิ์อ่าน\"")


def link_denied() -> str:
    return ("Google Sheet นี้ไม่ได้แชร์แบบ \"ทุกคนที่มีลิงก์\": กด \"แชร์\" ในชีตแล้วตั้งค่าเป็น "
            "\"ทุกคนที่มีลิงก์\" (ผู้มีสิทธิ์อ่าน) หรือตั้งค่าบัญชีบริการ (service account)")


def key_refused(email: str, detail: str, *, saving: bool = False) -> str:
    detail = f" ({detail})" if detail else ""
    not_saved = "ยังไม่ได้บันทึก " if saving else ""
    return (f"Google ไม่ยอมรับคีย์ของบัญชีบริการ {email}{detail}: {not_saved}สร้างคีย์ JSON ใหม่ใน "
            "Google Cloud Console แล้วใส่ในการตั้งค่า")


def needs_editor(email: str) -> str:
    """A row save's 403: the service account may read the sheet but not edit it."""
    return (f"ยังไม่ได้บันทึก: บัญชีบริการ {email} ไม่มีสิทธิ์แก้ไข Google Sheet นี้: กด \"แชร์\" ในชีต "
            f"แล้วตั้ง {email} เป็น \"ผู้แก้ไข\" (Editor)")


def read_only_token() -> str:
    """A row save's 403 "insufficient authentication scopes": the app wrote with a read-only token."""
    return ("ยังไม่ได้บันทึก: สิทธิ์ที่แอปขอจาก Google เป็นแบบอ่านอย่างเดียว (scope spreadsheets.readonly) "
            "จึงเขียนลงชีตไม่ได้: แจ้งผู้ดูแลระบบ")


def tab_gone(tab: str) -> str:
    return (f"ยังไม่ได้บันทึก: ไม่พบแท็บ “{tab}” ในชีตแล้ว (อาจถูกเปลี่ยนชื่อหรือลบ): "
            "โหลดข้อมูลใหม่แล้วลองอีกครั้ง")


def write_denied(email: str) -> str:
    return (f"บัญชีบริการ {email} ไม่มีสิทธิ์สร้างหรือแชร์ Google Sheet: เปิดใช้ Google Sheets API และ "
            "Google Drive API ในโปรเจกต์ Google Cloud ของบัญชีบริการ แล้วลองใหม่")


def folder_not_found(email: str) -> str:
    return ("ไม่พบโฟลเดอร์หรือไฟล์ปลายทางใน Google Drive: ตรวจรหัสโฟลเดอร์ และแชร์โฟลเดอร์"
            f"ให้ {email} เป็นผู้จัดการเนื้อหา")


def no_storage(email: str) -> str:
    return (f"บัญชีบริการ {email} สร้างไฟล์ใน Google Drive ไม่ได้ เพราะ Google ไม่ให้พื้นที่เก็บไฟล์แก่บัญชีบริการ: "
            "สร้างแบบฟอร์มด้วย python cli.py template -o แบบฟอร์ม.xlsx แล้วอัปโหลดเข้า Google Drive ของท่าน "
            f"(เปิดด้วย Google ชีต) และแชร์ให้ {email} หรือระบุโฟลเดอร์ในไดรฟ์ที่แชร์ (Shared drive) "
            "ที่บัญชีบริการเป็นผู้จัดการเนื้อหา")


def too_big(limit_mb: int) -> str:
    return (f"ไฟล์ที่ส่งออกจาก Google Sheet ใหญ่เกิน {limit_mb} MB จึงหยุดดาวน์โหลด: "
            "แยกข้อมูลเป็นหลายชีต หรือลบแท็บที่ไม่ใช้")

"""The one UI error boundary: our typed errors become st.error plus a hint, then the page stops.

Only `sheets.errors.SheetError` subclasses are caught; anything else propagates, so a bug
shows as a bug (and fails its AppTest) instead of a friendly message.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator

import streamlit as st

from components.format import escape_markdown
from sheets import errors

HINTS: dict[type[errors.SheetError], str] = {
    errors.SheetNotFound: "ตรวจลิงก์หรือรหัสของ Google Sheet: คัดลอกจากแถบที่อยู่ของเบราว์เซอร์ขณะเปิดชีต "
                          "แล้ววางใหม่ในแถบด้านข้าง หรือแก้ค่า sheet ในการตั้งค่า (secrets)",
    errors.AccessDenied: "เปิด Google Sheet แล้วกด \"แชร์\" เพิ่มอีเมลด้านล่างเป็น \"ผู้มีสิทธิ์อ่าน\" "
                         "แล้วกด \"โหลดข้อมูลใหม่\" ในแถบด้านข้าง",
    errors.SheetUnavailable: "ยังไม่เคยโหลดข้อมูลของชีตนี้สำเร็จ จึงไม่มีข้อมูลสำรองให้แสดง: รอสักครู่แล้วกด "
                             "\"โหลดข้อมูลใหม่\" หรือเลือก ข้อมูลตัวอย่าง / อัปโหลดไฟล์ .xlsx ในแถบด้านข้าง",
    errors.ContractBroken: "ตั้งชื่อแท็บและแถวหัวตารางตามรูปแบบ (แท็บ ตั้งค่า, มาตรการ, ตัวชี้วัด OIT และแท็บหน่วยงาน "
                           "ที่มีคอลัมน์ มาตรการที่ กับ วิธีการดำเนินการ) หรือเริ่มจากไฟล์แม่แบบ",
    errors.BadSource: "บันทึกไฟล์เป็น Excel Workbook (.xlsx) แล้วอัปโหลดใหม่ หรือเลือก ข้อมูลตัวอย่าง ในแถบด้านข้าง",
}
GENERIC_HINT = "ลองกด \"โหลดข้อมูลใหม่\" ในแถบด้านข้าง"


def hint_for(error: errors.SheetError) -> str:
    """Return the Thai hint for an error: what the user does next."""
    for kind in type(error).__mro__:
        if kind in HINTS:
            return HINTS[kind]
    return GENERIC_HINT


def render_error(error: errors.SheetError) -> None:
    """Show the error's Thai message, its hint and any detail the user needs (e-mail, tabs)."""
    st.error(escape_markdown(error.message), icon=":material/error:")
    st.info(hint_for(error), icon=":material/lightbulb:")
    if isinstance(error, errors.AccessDenied) and error.service_account_email:
        st.caption("อีเมลบัญชีบริการ (คัดลอกไปแชร์เป็นผู้มีสิทธิ์อ่าน)")
        st.code(error.service_account_email, language=None)
    if isinstance(error, errors.ContractBroken) and isinstance(error.details, dict) and error.details.get("tabs"):
        found = ", ".join(f"“{title}”" for title in error.details["tabs"])
        st.caption(escape_markdown(f"แท็บที่พบในไฟล์: {found}"))


@contextlib.contextmanager
def error_boundary() -> Iterator[None]:
    """Context manager (also usable as a decorator): on a SheetError, render it and st.stop().

    Unknown exceptions propagate unchanged.
    """
    try:
        yield
    except errors.SheetError as error:
        render_error(error)
        st.stop()

"""The one place where our errors become what a person reads: a Thai message and a hint.

- `message_for(error) -> Message`: pure (no streamlit), used by the pages and by cli.py;
- `cli_line(error) -> str`: the CLI's one line on stderr;
- `render_error(error)`: st.error/st.warning plus the hint and details (imports streamlit
  when called, so the CLI can import this module without it);
- `error_boundary()`: render a SheetError and stop the page (or go on, `stop=False`).

Only `sheets.errors.SheetError` (and, for the CLI, OSError) are mapped; anything else
propagates, so a bug shows as a bug (and fails its test) instead of a friendly message.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass

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
    errors.UpdateRefused: "",
    errors.ConfigBroken: "ผู้ดูแลระบบ: แก้ไฟล์ให้เป็น TOML ที่ถูกต้อง (หรือลบออก) แล้วเริ่มแอปใหม่",
    errors.OutputError: "",
}
# A save's 403 (AccessDenied.needs): the service account must be Editor, or the app's token was read-only.
ACCESS_HINTS = {
    "editor": "เปิด Google Sheet แล้วกด \"แชร์\" ตั้งอีเมลด้านล่างเป็น \"ผู้แก้ไข\" (Editor) แล้วกดบันทึกอีกครั้ง",
    "scope": "",
}
COPY_LABELS = {"reader": "อีเมลบัญชีบริการ (คัดลอกไปแชร์เป็นผู้มีสิทธิ์อ่าน)",
               "editor": "อีเมลบัญชีบริการ (คัดลอกไปแชร์เป็นผู้แก้ไข)"}
GENERIC_HINT = "ลองกด \"โหลดข้อมูลใหม่\" ในแถบด้านข้าง"
CLI_PREFIX = "ผิดพลาด: "


@dataclass(frozen=True)
class Message:
    """What a person reads about one error. `level` is "error" or "warning"."""

    text: str
    hint: str = ""
    level: str = "error"
    copy: str = ""     # text to copy, shown as code (the service account's e-mail on a 403)
    copy_label: str = ""  # what the copied text is for
    detail: str = ""   # one more line (the tabs a file does have)


def message_for(error: BaseException) -> Message:
    """Return the Message of one of our errors (or of an OSError from reading/writing a file)."""
    if isinstance(error, OSError) and not isinstance(error, errors.SheetError):
        return Message(f"เขียน/อ่านไฟล์ไม่ได้ ({error.strerror or error})")
    if not isinstance(error, errors.SheetError):
        raise TypeError(f"not one of our errors: {type(error).__name__}") from error
    level = "warning" if isinstance(error, errors.OutputError) and error.tool_missing else "error"
    needs = error.needs if isinstance(error, errors.AccessDenied) else ""
    copy = error.service_account_email or "" if isinstance(error, errors.AccessDenied) else ""
    return Message(error.message, hint_for(error), level, copy, COPY_LABELS.get(needs, COPY_LABELS["reader"]),
                   _detail(error))


def hint_for(error: errors.SheetError) -> str:
    """Return the Thai hint for an error: what the user does next."""
    if isinstance(error, errors.AccessDenied) and error.needs in ACCESS_HINTS:
        return ACCESS_HINTS[error.needs]
    for kind in type(error).__mro__:
        if kind in HINTS:
            return HINTS[kind]
    return GENERIC_HINT


def cli_line(error: BaseException) -> str:
    """Return the CLI's one line for an error (no hint: those speak of the sidebar)."""
    return CLI_PREFIX + " ".join(message_for(error).text.split())


def render_error(error: errors.SheetError) -> None:
    """Show the error's Thai message, its hint and any detail the user needs (e-mail, tabs)."""
    import streamlit as st

    message = message_for(error)
    show = st.warning if message.level == "warning" else st.error
    show(escape_markdown(message.text), icon=":material/warning:" if message.level == "warning"
         else ":material/error:")
    if message.hint:
        st.info(message.hint, icon=":material/lightbulb:")
    if message.copy:
        st.caption(message.copy_label)
        st.code(message.copy, language=None)
    if message.detail:
        st.caption(escape_markdown(message.detail))


@contextlib.contextmanager
def error_boundary(*, stop: bool = True) -> Iterator[None]:
    """On a SheetError inside the block, render it, then st.stop() (or carry on when stop=False).

    Unknown exceptions propagate unchanged.
    """
    try:
        yield
    except errors.SheetError as error:
        render_error(error)
        if stop:
            import streamlit as st

            st.stop()


def _detail(error: errors.SheetError) -> str:
    if isinstance(error, errors.ContractBroken) and isinstance(error.details, dict) and error.details.get("tabs"):
        return "แท็บที่พบในไฟล์: " + ", ".join(f"“{title}”" for title in error.details["tabs"])
    return ""

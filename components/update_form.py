"""อัปเดตงานของฉัน: a department editor's rows, overdue first, each with a short form that saves
status, progress, result and evidence links to the Google Sheet (nothing else is editable).

The save runs in the submit button's callback, so the run that follows draws everything from
the saved state. After a save the row's new reading (`RowPlan.after`) replaces the old one in
the cached parsed workbook (components.data.patch_activity: the shared WorkbookStore entry,
its read time kept), so every figure includes the change without reading the workbook again;
the next read (cache TTL, or "โหลดข้อมูลใหม่") brings the sheet's own state. A refusal or a
Google failure is drawn by components.errors, the one place errors become messages.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import streamlit as st

from components import auth, data
from components import errors as ui_errors
from components import format as fmt
from components import settings as app_settings
from sheets import access, contract, figures, rowupdate
from sheets.access import Access
from sheets.errors import SheetError
from sheets.google import rows as google_rows
from sheets.model import Activity, Workbook

NOTICE_KEY = "_update_notice"  # session key: {form key: a SaveResult or a SheetError} of the last save
STATUS_WORDS = rowupdate.STATUS_CHOICES
EVIDENCE_HELP = "ลิงก์ http(s) บรรทัดละหนึ่งลิงก์"


@dataclass(frozen=True)
class EditableRow:
    """One row the person may update: the activity as shown, whether it is late, its form key."""

    activity: Activity
    overdue: bool
    key: str

    @property
    def ref(self) -> rowupdate.RowRef:
        return rowupdate.RowRef(self.activity.tab, self.activity.row or 0, self.activity.activity,
                                self.activity.sheet_id)

    @property
    def seen(self) -> rowupdate.RowValues:
        return rowupdate.RowValues.from_activity(self.activity)


def build_editable_rows(workbook: Workbook, who: Access, today: dt.date) -> list[EditableRow]:
    """Return the rows `who` may edit: overdue first, then by due date (none last), tab and row."""
    rows = [EditableRow(a, figures.is_overdue(a, today), form_key(a))
            for a in workbook.activities if a.row and who.can_edit(a.tab)]
    return sorted(rows, key=lambda r: (not r.overdue, r.activity.due or dt.date.max, r.activity.tab,
                                       r.activity.row))


def form_key(activity: Activity) -> str:
    """Return a widget key naming the row and what it holds (a changed row gets a fresh form)."""
    seen = rowupdate.RowValues.from_activity(activity)
    digest = hashlib.sha256(repr((activity.tab, activity.row, seen)).encode()).hexdigest()[:12]
    return f"update_{digest}"


def row_label(row: EditableRow, today: dt.date) -> str:
    """Return the expander label: late mark, activity (one line, escaped), status, progress."""
    activity = row.activity
    parts = [contract.ACTIVITY_STATUS_TH.get(activity.status, activity.status)]
    progress = figures.activity_progress(activity)
    if progress is not None:
        parts.append(fmt.format_pct(progress, decimals=0))
    if activity.due:
        parts.append(f"กำหนด {fmt.thai_date(activity.due, short=True)}")
    late = ":red[เกินกำหนด] · " if row.overdue else ""
    return f"{late}{fmt.escape_markdown(' '.join(activity.activity.split()))[:120]} · {' · '.join(parts)}"


def editing_blocked(workbook: Workbook, who: Access) -> str | None:
    """Return why nothing can be saved now (Thai), or None when saving is possible."""
    if who.role == access.OPEN:
        return ("ยังไม่ได้ตั้งค่าการเข้าสู่ระบบ: ต้องเข้าสู่ระบบด้วยบัญชีที่ได้รับสิทธิ์แก้ไขข้อมูลส่วนราชการก่อน "
                "จึงจะบันทึกงานได้ (ผู้ดูแลระบบตั้งค่า [auth] และ [access] ในการตั้งค่า)")
    if not (who.role == access.ADMIN or who.departments):
        return "บัญชีนี้ดูข้อมูลได้อย่างเดียว: ขอสิทธิ์แก้ไขส่วนราชการจากผู้ดูแลระบบ"
    if workbook.source.kind != "google" or not workbook.source.spreadsheet_id:
        return "บันทึกได้เฉพาะเมื่อใช้ Google Sheet ที่ตั้งค่าไว้พร้อมบัญชีบริการ (ตอนนี้เปิดข้อมูลจากแหล่งอื่น)"
    if data.get_status().stale:
        return "ตอนนี้ติดต่อ Google ไม่ได้ จึงยังบันทึกไม่ได้: รอสักครู่แล้วกด \"โหลดข้อมูลใหม่\""
    return None


def save(row: EditableRow, who: Access, workbook: Workbook, today: dt.date) -> None:
    """Submit callback: validate, save through Google, patch the cached workbook; keep the notice."""
    state = st.session_state
    try:
        changes = rowupdate.validate_changes(
            status=state.get(f"{row.key}_status"), progress=state.get(f"{row.key}_progress"),
            result=state.get(f"{row.key}_result"), evidence=state.get(f"{row.key}_evidence"))
        result = google_rows.save_row(workbook.source.spreadsheet_id, app_settings.credentials_info() or {}, row.ref,
                                      changes, today=today, seen=row.seen, who=who.email or "",
                                      options=app_settings.get_settings().google)
    except SheetError as error:
        state[NOTICE_KEY] = {row.key: error}
        return
    if result.written and result.plan.after is not None:
        data.patch_activity(result.plan.after)
    state[NOTICE_KEY] = {form_key(result.plan.after) if result.plan.after else row.key: result}


def render_intro(who: Access, rows: list[EditableRow], blocked: str | None) -> None:
    """The line under the title: whose rows, how many late; or why saving is not possible."""
    if blocked:
        st.info(blocked, icon=":material/lock:")
        return
    late = sum(row.overdue for row in rows)
    whose = "ทุกส่วนราชการ (ผู้ดูแลระบบ)" if who.role == access.ADMIN else "ส่วนราชการของท่าน"
    st.caption(f"งานของ{whose} {len(rows)} รายการ เกินกำหนด {late} รายการ (แสดงก่อน) "
               "แก้ได้เฉพาะ สถานะ ความคืบหน้า ผลการดำเนินการ และหลักฐาน")
    if not rows:
        st.info("ยังไม่มีกิจกรรมในแท็บของส่วนราชการที่ท่านแก้ไขได้", icon=":material/inbox:")


def render_row(row: EditableRow, who: Access, workbook: Workbook, today: dt.date) -> None:
    """One expander per row: its notice after a save, then the form."""
    notice = (st.session_state.get(NOTICE_KEY) or {}).get(row.key)
    with st.expander(row_label(row, today), expanded=notice is not None):
        st.caption(fmt.escape_markdown(f"แท็บ {row.activity.tab} แถว {row.activity.row}"))
        if isinstance(notice, SheetError):
            ui_errors.render_error(notice)
        elif notice is not None:
            st.success(fmt.escape_markdown(notice.message()), icon=":material/check_circle:")
        render_form(row, who, workbook, today)


def render_form(row: EditableRow, who: Access, workbook: Workbook, today: dt.date) -> None:
    """The short form: status, progress, result, evidence; its button saves through `save`."""
    activity = row.activity
    with st.form(row.key, border=False):
        status = contract.ACTIVITY_STATUS_TH.get(activity.status)
        st.selectbox("สถานะ", STATUS_WORDS, index=STATUS_WORDS.index(status) if status in STATUS_WORDS else None,
                     key=f"{row.key}_status", placeholder="เลือกสถานะ")
        st.number_input("ความคืบหน้า (%)", min_value=0.0, max_value=100.0, step=5.0, format="%g",
                        value=activity.progress, key=f"{row.key}_progress")
        st.text_area("ผลการดำเนินการ", value=activity.result, key=f"{row.key}_result", height=120)
        st.text_area("หลักฐาน", value="\n".join(activity.evidence), key=f"{row.key}_evidence", height=80,
                     help=EVIDENCE_HELP, placeholder="https://")
        st.form_submit_button("บันทึก", type="primary", icon=":material/save:", width="stretch",
                              on_click=save, args=(row, who, workbook, today))


def current_access() -> Access:
    """Return who is looking (components.auth, the one reader of st.user)."""
    return auth.current_access()

"""The sidebar every page shares: source picker, refresh, department filter, data time.

Widgets write to permanent session keys (components.data.*_KEY) through on_change, so a
choice survives page switches and runs where the widget is not drawn (a failed load).
Loading happens between the two sidebar blocks, outside them, so an error page or the
stale-data banner shows in the main area.
"""
from __future__ import annotations

import streamlit as st

from components import data, tiles
from components import format as fmt
from sheets.model import Workbook

SOURCE_WIDGET = "_source_widget"
LINK_WIDGET = "_link_widget"
UPLOAD_WIDGET = "_upload_widget"
FILTER_WIDGET = "_department_widget"
REFRESH_KEY = "refresh_data"
LINK_PLACEHOLDER = "https://docs.google.com/spreadsheets/d/…/edit"


def render_sidebar() -> Workbook:
    """Draw the sidebar, load the workbook (errors stop the run) and return it."""
    with st.sidebar:
        render_source_picker()
        st.button("โหลดข้อมูลใหม่", icon=":material/refresh:", on_click=data.refresh, key=REFRESH_KEY, width="stretch",
                  help="อ่านข้อมูลจากแหล่งข้อมูลอีกครั้ง ไม่รอให้ครบเวลาแคช")
    workbook = data.get_workbook()
    render_stale_banner(data.get_status())
    with st.sidebar:
        render_department_filter(workbook.departments)
        st.caption(tiles.source_caption(workbook.source))
    return workbook


def _keep(widget_key: str, store_key: str) -> None:
    st.session_state[store_key] = st.session_state[widget_key]


def _restore(widget_key: str, store_key: str, value: object) -> None:
    """Set a widget's value from its permanent key before the widget is drawn."""
    st.session_state[store_key] = value
    st.session_state[widget_key] = value


def render_source_picker() -> None:
    """Radio of data.source_choices(), plus the link box or the uploader it needs."""
    _restore(SOURCE_WIDGET, data.CHOICE_KEY, data.current_choice())
    choices = data.source_choices()  # one choice only for a signed-in non-admin: no picker to show
    choice = choices[0] if len(choices) == 1 else st.radio(
        "แหล่งข้อมูล", choices, format_func=data.CHOICE_LABELS.get,
        key=SOURCE_WIDGET, on_change=_keep, args=(SOURCE_WIDGET, data.CHOICE_KEY))
    if choice == data.CONFIGURED:
        email = data.service_account_email()
        st.caption(f"อ่านผ่านบัญชีบริการ {fmt.escape_markdown(email)}" if email
                   else "อ่านจากลิงก์ที่แชร์แบบ \"ทุกคนที่มีลิงก์\" (ไม่ได้ตั้งค่าบัญชีบริการ)")
    elif choice == data.LINK:
        _restore(LINK_WIDGET, data.LINK_KEY, st.session_state.get(data.LINK_KEY, ""))
        st.text_input("ลิงก์ Google Sheet", key=LINK_WIDGET, placeholder=LINK_PLACEHOLDER,
                      on_change=_keep, args=(LINK_WIDGET, data.LINK_KEY),
                      help="ชีตต้องแชร์แบบ \"ทุกคนที่มีลิงก์\" เป็นผู้มีสิทธิ์อ่าน")
    elif choice == data.UPLOAD:
        st.file_uploader("ไฟล์ .xlsx ตามแม่แบบ", type=["xlsx"], key=UPLOAD_WIDGET, on_change=_store_upload)
        upload = st.session_state.get(data.UPLOAD_KEY)
        if upload:
            st.caption(f"ไฟล์ที่ใช้อยู่: {fmt.escape_markdown(upload['name'])}")


def _store_upload() -> None:
    file = st.session_state.get(UPLOAD_WIDGET)
    if file is not None:
        data.store_upload(file.name, file.getvalue())


def render_department_filter(departments: list[str]) -> None:
    """Multiselect of the workbook's department tabs, kept in st.session_state["department_filter"]."""
    kept = [name for name in st.session_state.get(data.FILTER_KEY) or [] if name in departments]
    _restore(FILTER_WIDGET, data.FILTER_KEY, kept)
    st.multiselect("ส่วนราชการ", departments, key=FILTER_WIDGET, placeholder="ทุกส่วนราชการ",
                   on_change=_keep, args=(FILTER_WIDGET, data.FILTER_KEY),
                   help="เลือกเพื่อดูเฉพาะงานของส่วนราชการนั้น ใช้กับทุกหน้า")


def stale_message(status: data.DataStatus) -> str:
    """Return the Thai banner text for stale data (time, age and Google's failure)."""
    age = fmt.thai_age(status.age_minutes())
    return (f"แสดงข้อมูลล่าสุดที่โหลดได้เมื่อ {fmt.thai_datetime(status.fetched_at)} ({age}) "
            f"เพราะ Google ไม่ตอบ: {status.reason}")


def render_stale_banner(status: data.DataStatus) -> None:
    """Show st.warning in the main area when the data is a stale snapshot."""
    if status.stale:
        st.warning(fmt.escape_markdown(stale_message(status)), icon=":material/cloud_off:")

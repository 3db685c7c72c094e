"""The sidebar every page shares: source picker, refresh, department filter, data time.

Widgets write to permanent session keys (components.choice.*_KEY) through on_change, so a
choice survives page switches and runs where the widget is not drawn (a failed load). The
uploader's key changes after each upload, so its bytes live once, in choice.UPLOAD_KEY.
Loading happens between the two sidebar blocks, outside them, so an error page or the
stale-data banner shows in the main area.
"""
from __future__ import annotations

import streamlit as st

from components import choice, data, tiles
from components import errors as ui_errors
from components import format as fmt
from components import settings as app_settings
from sheets.model import Workbook

SOURCE_WIDGET = "_source_widget"
LINK_WIDGET = "_link_widget"
UPLOAD_WIDGET = "_upload_widget"
UPLOAD_GENERATION = "_upload_generation"
FILTER_WIDGET = "_department_widget"
REFRESH_KEY = "refresh_data"
LINK_PLACEHOLDER = "https://docs.google.com/spreadsheets/d/…/edit"


def render_sidebar() -> Workbook:
    """Draw the sidebar, load the workbook (errors stop the run) and return it."""
    with st.sidebar:
        with ui_errors.error_boundary():
            render_source_picker(app_settings.get_settings())
        st.button("โหลดข้อมูลใหม่", icon=":material/refresh:", on_click=data.refresh, key=REFRESH_KEY, width="stretch",
                  help=data.refresh_help())
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


def render_source_picker(settings: app_settings.AppSettings) -> None:
    """Radio of choice.source_choices(), plus the link box or the uploader it needs."""
    _restore(SOURCE_WIDGET, choice.CHOICE_KEY, choice.current_choice(settings))
    choices = choice.source_choices(settings)  # one choice only for a signed-in non-admin: no picker to show
    chosen = choices[0] if len(choices) == 1 else st.radio(
        "แหล่งข้อมูล", choices, format_func=choice.CHOICE_LABELS.get,
        key=SOURCE_WIDGET, on_change=_keep, args=(SOURCE_WIDGET, choice.CHOICE_KEY))
    if chosen == choice.CONFIGURED:
        st.caption("อ่านผ่านบัญชีบริการ (service account) ที่ตั้งค่าไว้" if settings.has_credentials
                   else "อ่านจากลิงก์ที่แชร์แบบ \"ทุกคนที่มีลิงก์\" (ไม่ได้ตั้งค่าบัญชีบริการ)")
    elif chosen == choice.LINK:
        _restore(LINK_WIDGET, choice.LINK_KEY, st.session_state.get(choice.LINK_KEY, ""))
        st.text_input("ลิงก์ Google Sheet", key=LINK_WIDGET, placeholder=LINK_PLACEHOLDER,
                      on_change=_keep, args=(LINK_WIDGET, choice.LINK_KEY),
                      help="ชีตต้องแชร์แบบ \"ทุกคนที่มีลิงก์\" เป็นผู้มีสิทธิ์อ่าน")
    elif chosen == choice.UPLOAD:
        st.file_uploader("ไฟล์ .xlsx ตามแม่แบบ", type=["xlsx"], key=upload_widget_key(), on_change=_store_upload)
        name = choice.uploaded_name()
        if name:
            st.caption(f"ไฟล์ที่ใช้อยู่: {fmt.escape_markdown(name)}")


def upload_widget_key() -> str:
    """The uploader's key: UPLOAD_WIDGET, then a new one after each upload (the old widget's copy is dropped)."""
    generation = st.session_state.get(UPLOAD_GENERATION, 0)
    return UPLOAD_WIDGET if not generation else f"{UPLOAD_WIDGET}_{generation}"


def _store_upload() -> None:
    key = upload_widget_key()
    file = st.session_state.get(key)
    if file is not None:
        choice.store_upload(file.name, file.getvalue())
        st.session_state[UPLOAD_GENERATION] = st.session_state.get(UPLOAD_GENERATION, 0) + 1


def render_department_filter(departments: list[str]) -> None:
    """Multiselect of the workbook's department tabs, kept in st.session_state["department_filter"]."""
    kept = [name for name in st.session_state.get(choice.FILTER_KEY) or [] if name in departments]
    _restore(FILTER_WIDGET, choice.FILTER_KEY, kept)
    st.multiselect("ส่วนราชการ", departments, key=FILTER_WIDGET, placeholder="ทุกส่วนราชการ",
                   on_change=_keep, args=(FILTER_WIDGET, choice.FILTER_KEY),
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

"""The sidebar's choice of source, kept in permanent session keys (they survive page switches).

Choices: the configured sheet, a pasted link, an uploaded `.xlsx`, the demo. Three of them
are source kinds of sheets.sources (LINK, XLSX, DEMO); the configured sheet becomes a
"google" source with a service account, else a "link" one. `current_spec()` turns the
choice into the SourceSpec that components.data reads.
"""
from __future__ import annotations

import streamlit as st

from components import auth
from components import settings as app_settings
from components.settings import AppSettings
from sheets import sources
from sheets.sources import SourceSpec

CONFIGURED, LINK, UPLOAD, DEMO = "configured", sources.LINK, sources.XLSX, sources.DEMO
CHOICE_LABELS = {CONFIGURED: "Google Sheet ที่ตั้งค่าไว้", LINK: "วางลิงก์ Google Sheet",
                 UPLOAD: "อัปโหลดไฟล์ .xlsx", DEMO: "ข้อมูลตัวอย่าง"}
CHOICE_KEY = "data_source"        # permanent session keys
LINK_KEY = "sheet_link"
UPLOAD_KEY = "uploaded_workbook"  # the upload's SourceSpec: its bytes, kept once per session
FILTER_KEY = "department_filter"


def source_choices(settings: AppSettings) -> list[str]:
    """Return the sidebar's source options, the configured sheet first when there is one.

    Only an admin (or anyone, when sign-in is not set up) may paste a link or upload a file;
    everyone else gets the configured sheet (the demo when none is configured).
    """
    configured = [CONFIGURED] if settings.sheet else []
    if not auth.current_access().can_choose_source():
        return configured or [DEMO]
    return configured + [LINK, UPLOAD, DEMO]


def current_choice(settings: AppSettings) -> str:
    """Return the chosen source option (default: the configured sheet, else the demo)."""
    choice = st.session_state.get(CHOICE_KEY)
    if choice in source_choices(settings):
        return choice
    return CONFIGURED if settings.sheet else DEMO


def current_spec(settings: AppSettings) -> SourceSpec | None:
    """Return what the current choice reads, or None while nothing is given yet (no link, no file).

    Raises BadSource when the configured service-account key file cannot be read.
    """
    choice = current_choice(settings)
    if choice == CONFIGURED:
        credentials = app_settings.credentials_info() if settings.has_credentials else None
        if credentials:
            return SourceSpec(sources.GOOGLE, settings.sheet, credentials=credentials)
        return SourceSpec(sources.LINK, settings.sheet)
    if choice == LINK:
        link = str(st.session_state.get(LINK_KEY) or "").strip()
        return SourceSpec(sources.LINK, link) if link else None
    if choice == UPLOAD:
        return st.session_state.get(UPLOAD_KEY)
    return SourceSpec(sources.DEMO)


def store_upload(name: str, data: bytes) -> None:
    """Keep an uploaded file's bytes in the session (replacing the previous upload)."""
    st.session_state[UPLOAD_KEY] = sources.upload_spec(name, data)


def uploaded_name() -> str:
    """Return the name of the file in use, or '' when none was uploaded."""
    upload = st.session_state.get(UPLOAD_KEY)
    return upload.location if upload else ""


def selected_departments() -> list[str] | None:
    """Return the departments chosen in the sidebar filter, or None for all."""
    return list(st.session_state.get(FILTER_KEY) or []) or None

"""The one data seam (MINIMAL STUB — being replaced): caching, secrets, snapshots.

Public API that pages use (keep these names):
- get_workbook() -> Workbook      the current source's workbook (stops the page on error)
- get_summary() -> dict           sheets.figures.compute_summary for it
- get_today() -> datetime.date
- selected_departments() -> list[str] | None   the sidebar's department filter
"""
from __future__ import annotations

import datetime as dt

import streamlit as st

from sheets import figures, sources
from sheets.model import Workbook


@st.cache_data(ttl=600, show_spinner=False)
def _load_demo() -> Workbook:
    return sources.load_workbook(None)


def get_workbook() -> Workbook:
    return _load_demo()


def get_today() -> dt.date:
    return dt.date.today()


def get_summary() -> dict:
    return figures.compute_summary(get_workbook(), get_today())


def selected_departments() -> list[str] | None:
    return st.session_state.get("department_filter") or None

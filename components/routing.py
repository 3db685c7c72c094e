"""Keep every page behind app.py's st.navigation, though a `pages/` folder sits beside it.

Streamlit treats an app with a `pages/` folder as a v1 multipage app until the first
st.navigation call in the server process (and AppTest forgets that call before every
run): a first visitor who opens /measures directly would run pages/measures.py alone,
without app.py's sidebar, refresh button or stale-data banner. `require_router()` notices
that case, switches the process to st.navigation routing and reruns; the page's hash is
the same in both modes (it comes from the URL path), so the rerun shows the same page.
"""
from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def require_router() -> None:
    """Rerun through app.py when this page was started by Streamlit's v1 folder routing."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()

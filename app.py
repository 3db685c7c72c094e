"""ITA Tracker: the router. Page config, the page list, the sign-in gate, the shared sidebar, then the page."""
from pathlib import Path

import streamlit as st

from components import auth
from components.sidebar import render_sidebar

# A local icon: a ":material/…:" page icon makes the browser fetch it from Google's font host.
st.set_page_config(page_title="ITA Tracker", page_icon=str(Path(__file__).parent / "static" / "favicon.png"),
                   layout="wide")
page = st.navigation([
    st.Page("pages/overview.py", title="ภาพรวม", icon=":material/dashboard:", default=True),
    st.Page("pages/measures.py", title="มาตรการ", icon=":material/checklist:"),
    st.Page("pages/oit.py", title="ตัวชี้วัด OIT", icon=":material/fact_check:"),
    st.Page("pages/quality.py", title="คุณภาพข้อมูล", icon=":material/rule:"),
    st.Page("pages/annex.py", title="รายงานผล", icon=":material/description:"),
    st.Page("pages/update.py", title="อัปเดตงานของฉัน", icon=":material/edit_note:"),
], position=auth.navigation_position())
auth.require_sign_in()  # with [auth] in secrets: sign-in page or refusal, and the run stops here
render_sidebar()
page.run()

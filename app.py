"""ITA Tracker: the router. Page config, the page list, the shared sidebar, then the page."""
import streamlit as st

from components.sidebar import render_sidebar

st.set_page_config(page_title="ITA Tracker", page_icon=":material/verified:", layout="wide")
page = st.navigation([
    st.Page("pages/overview.py", title="ภาพรวม", icon=":material/dashboard:", default=True),
    st.Page("pages/measures.py", title="มาตรการ", icon=":material/checklist:"),
    st.Page("pages/oit.py", title="ตัวชี้วัด OIT", icon=":material/fact_check:"),
    st.Page("pages/quality.py", title="คุณภาพข้อมูล", icon=":material/rule:"),
    st.Page("pages/annex.py", title="รายงานผล", icon=":material/description:"),
    st.Page("pages/update.py", title="อัปเดตงานของฉัน", icon=":material/edit_note:"),
])
render_sidebar()
page.run()

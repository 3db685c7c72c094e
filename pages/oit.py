"""ตัวชี้วัด OIT: every O item by status, the flagged ones, the item table and coverage per department."""
import streamlit as st

from components import charts, data, tables, views

# Load
workbook = data.get_workbook()
departments = data.selected_departments()

# Compute (once per workbook and filter): the grid and the headline coverage are the whole
# framework's; the tables follow the department filter.
view = views.memo(views.build_oit, workbook, tuple(departments or ()))

# Render
st.title("ตัวชี้วัด OIT")
st.caption(tables.oit_caption(workbook.settings.oit_framework, workbook.catalog_year, view.summary))
charts.render_chart(view.grid, "oit_grid", key="oit_grid")
note = tables.filter_note(departments)
if note:
    st.info(f"{note} (ตารางด้านล่างเท่านั้น)", icon=":material/filter_alt:")
st.subheader("ต้องปรับปรุงจากผลปีก่อน")
st.caption(tables.flagged_caption(view.flagged))
tables.render_oit_table(view.flagged_frame)
st.subheader("รายการตัวชี้วัดทั้งหมด")
tables.render_oit_table(view.items_frame)
st.subheader("ความครอบคลุมรายส่วนราชการ")
tables.render_coverage_table(view.coverage_frame)

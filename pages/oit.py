"""ตัวชี้วัด OIT: every O item by status, the flagged ones, the item table and coverage per department."""
import streamlit as st

from components import charts, data, tables
from components.outputs.charts import oit_grid
from sheets import figures

# Load
workbook = data.get_workbook()
departments = data.selected_departments()

# Filter (tables only; the grid and the headline coverage are the whole framework's)
items = tables.filter_oit(workbook.oit_items, departments)
flagged = tables.filter_oit(items, flagged_only=True)

# Compute
summary = figures.oit_summary(workbook)
grid = oit_grid.build_oit_grid_figure(workbook.oit_items)

# Render
st.title("ตัวชี้วัด OIT")
st.caption(tables.oit_caption(workbook.settings.oit_framework, workbook.catalog_year, summary))
charts.render_chart(grid, "oit_grid", key="oit_grid")
note = tables.filter_note(departments)
if note:
    st.info(f"{note} (ตารางด้านล่างเท่านั้น)", icon=":material/filter_alt:")
st.subheader("ต้องปรับปรุงจากผลปีก่อน")
st.caption(tables.flagged_caption(flagged))
tables.render_oit_table(tables.oit_frame(flagged))
st.subheader("รายการตัวชี้วัดทั้งหมด")
tables.render_oit_table(tables.oit_frame(items))
st.subheader("ความครอบคลุมรายส่วนราชการ")
tables.render_coverage_table(tables.oit_department_frame(items))

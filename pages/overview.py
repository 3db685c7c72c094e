"""ภาพรวม: KPI tiles, progress by measure and department, OIT coverage, the data's time and source."""
import streamlit as st

from components import charts, data, downloads, tables, tiles, views

# Load
workbook = data.get_workbook()
today = data.get_today()
departments = data.selected_departments()

# Compute (once per workbook, day and filter, shared by every session): only the department
# chart follows the filter; every other number is the whole sheet's.
view = views.memo(views.build_overview, workbook, today, tuple(departments or ()))
summary = view.summary

# Render
st.title("ภาพรวม")
st.caption(f"{tables.md_escape(summary.organization)} · ปีงบประมาณ {summary.fiscal_year or '–'}")
st.caption(tiles.source_caption(workbook.source))
tiles.render_tiles(view.tiles)
charts.render_chart(view.measure_figure, "measure_progress", key="overview_measures")
note = tables.filter_note(departments)
if note:
    st.info(f"{note} (กราฟด้านล่างเท่านั้น ตัวเลขอื่นในหน้านี้เป็นของทุกส่วนราชการ)", icon=":material/filter_alt:")
charts.render_chart(view.department_figure, "department_progress", key="overview_departments")
charts.render_chart(view.oit_figure, "oit_coverage", key="overview_oit")
downloads.render_downloads(workbook, today)

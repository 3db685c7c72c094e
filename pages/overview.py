"""ภาพรวม: KPI tiles, progress by measure and department, OIT coverage, the data's time and source."""
import streamlit as st

from components import charts, data, downloads, tables, tiles
from components.outputs.charts import bars
from sheets import figures

# Load
workbook = data.get_workbook()
summary = data.get_summary()
today = data.get_today()
departments = data.selected_departments()

# Filter: only the department chart is department-specific; every other number is the whole sheet's.
department_rows = [row for row in summary.departments if not departments or row.name in departments]

# Compute
tile_list = tiles.summary_tiles(summary)
measure_figure = bars.build_measure_progress_figure(figures.measure_rows(workbook, today))
department_figure = bars.build_department_progress_figure(department_rows)
oit_figure = bars.build_oit_coverage_figure(summary.oit)

# Render
st.title("ภาพรวม")
st.caption(f"{tables.md_escape(summary.organization)} · ปีงบประมาณ {summary.fiscal_year or '–'}")
st.caption(tiles.source_caption(workbook.source))
tiles.render_tiles(tile_list)
charts.render_chart(measure_figure, "measure_progress", key="overview_measures")
note = tables.filter_note(departments)
if note:
    st.info(f"{note} (กราฟด้านล่างเท่านั้น ตัวเลขอื่นในหน้านี้เป็นของทุกส่วนราชการ)", icon=":material/filter_alt:")
charts.render_chart(department_figure, "department_progress", key="overview_departments")
charts.render_chart(oit_figure, "oit_coverage", key="overview_oit")
downloads.render_downloads(workbook, today)

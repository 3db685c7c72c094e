"""มาตรการ: each measure's owner, progress and activities, with a due-date timeline."""
import streamlit as st

from components import charts, data, tables
from components.outputs.charts import timeline
from sheets import figures

# Load
workbook = data.get_workbook()
today = data.get_today()
departments = data.selected_departments()

# Render the page head and the status filter, then filter
st.title("มาตรการ")
statuses = tables.render_status_filter()
activities = tables.filter_activities(workbook.activities, departments, statuses)
note = tables.filter_note(departments)
if note:
    st.info(note, icon=":material/filter_alt:")

# Compute
timeline_figure = timeline.build_timeline_figure(activities, today)
rows = [(row, [a for a in activities if a.measure_no == row.no])
        for row in figures.measure_rows(workbook, today)]
filtered = bool(departments or statuses)

# Render
charts.render_chart(timeline_figure, "timeline", key="measures_timeline")
if not workbook.measures:
    st.info("ยังไม่มีมาตรการในแท็บ มาตรการ")
for row, acts in rows:
    if filtered and not acts:
        continue
    with st.expander(tables.measure_heading(row)):
        st.markdown(tables.measure_summary(row))
        if acts:
            tables.render_activity_table(tables.activity_frame(acts, today))
        else:
            st.info("มาตรการนี้ยังไม่มีกิจกรรมในแท็บส่วนราชการ")

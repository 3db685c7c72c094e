"""มาตรการ: each measure's owner, progress and activities, with a due-date timeline."""
import streamlit as st

from components import charts, data, tables, views

# Load
workbook = data.get_workbook()
today = data.get_today()
departments = data.selected_departments()

# Render the page head and the status filter
st.title("มาตรการ")
statuses = tables.render_status_filter()
note = tables.filter_note(departments)
if note:
    st.info(note, icon=":material/filter_alt:")

# Compute (once per workbook, day and filters)
view = views.memo(views.build_measures, workbook, today, tuple(departments or ()), tuple(statuses or ()))
filtered = bool(departments or statuses)

# Render
charts.render_chart(view.timeline, "timeline", key="measures_timeline")
if not workbook.measures:
    st.info("ยังไม่มีมาตรการในแท็บ มาตรการ")
for row, frame in view.rows:
    if filtered and frame is None:
        continue
    with st.expander(tables.measure_heading(row)):
        st.markdown(tables.measure_summary(row))
        if frame is not None:
            tables.render_activity_table(frame)
        else:
            st.info("มาตรการนี้ยังไม่มีกิจกรรมในแท็บส่วนราชการ")

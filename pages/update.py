"""อัปเดตงานของฉัน: a department editor's activities, overdue first, each with a short save form."""
import streamlit as st

from components import data, update_form

# Load
workbook = data.get_workbook()
today = data.get_today()
who = update_form.current_access()

# Compute
blocked = update_form.editing_blocked(workbook, who)
rows = [] if blocked else update_form.build_editable_rows(workbook, who, today)

# Render
st.title("อัปเดตงานของฉัน")
update_form.render_intro(who, rows, blocked)
for row in rows:
    update_form.render_row(row, who, workbook, today)

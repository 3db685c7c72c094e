"""คุณภาพข้อมูล: every problem the sheet has (severity, tab, row, column, Thai message, cell link)."""
import streamlit as st

from components import data, quality, tables

# Load
workbook = data.get_workbook()
departments = data.selected_departments()

# Render the head and the severity filter, then filter
st.title("คุณภาพข้อมูล")
st.caption("ทุกเซลล์ที่อ่านตามรูปแบบไม่ได้ แก้ในชีตแล้วกด \"โหลดข้อมูลใหม่\"")
severities = quality.render_severity_filter()
problems = quality.filter_problems(workbook, severities, departments)
note = tables.filter_note(departments)

# Render
if not workbook.problems:
    st.success("ไม่พบปัญหา", icon=":material/check_circle:")
elif not problems:
    st.info("ไม่พบปัญหาตามตัวกรองที่เลือก")
else:
    if note:
        st.info(note, icon=":material/filter_alt:")
    st.subheader("จำนวนปัญหาแยกตามแท็บ")
    quality.render_count_table(quality.count_frame(problems))
    st.subheader("รายการปัญหา")
    quality.render_problem_table(quality.problem_frame(problems, workbook.source))
ignored = quality.ignored_caption(workbook.ignored_tabs)
if ignored:
    st.caption(ignored)

"""รายงานผล (ภาคผนวก): choose measures and departments → preview → print or download."""
import streamlit as st

from components import auth, data, errors, views
from components.outputs import annex

st.title("รายงานผล (ภาคผนวก)")
workbook = data.get_workbook()
labels = {m.no: f"{m.no}. {m.title}" for m in workbook.measures}
measures = st.multiselect("มาตรการที่รวมในรายงาน", list(labels), default=list(labels),
                          format_func=labels.get)
chosen_departments = data.selected_departments() or workbook.departments
departments = st.multiselect("ส่วนราชการที่รวมในรายงาน", workbook.departments,
                             default=[d for d in chosen_departments if d in workbook.departments])
arabic = st.toggle("ใช้เลขอารบิก (ค่าเริ่มต้นเป็นเลขไทย)")
if not measures:
    st.info("เลือกมาตรการอย่างน้อยหนึ่งมาตรการเพื่อสร้างรายงาน")
    st.stop()

view = views.memo(views.build_annex, workbook, tuple(measures), tuple(departments), arabic)
report, html, key = view.report, view.html, view.key

docx_col, html_col, pdf_col = st.columns(3)
docx_col.download_button("ดาวน์โหลด DOCX", auth.audited_export("annex_docx", annex.file_name(report, "docx"),
                                                                  lambda: annex.build_annex_docx(report)),
                         file_name=annex.file_name(report, "docx"), icon=":material/description:", on_click="ignore",
                         mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
html_col.download_button("ดาวน์โหลด HTML", auth.audited_export("annex_html", annex.file_name(report, "html"),
                                                                  html.encode("utf-8")),
                         file_name=annex.file_name(report, "html"),
                         mime="text/html", icon=":material/code:", on_click="ignore")
if pdf_col.button("สร้างไฟล์ PDF", icon=":material/picture_as_pdf:"):
    with errors.error_boundary(stop=False), st.spinner("กำลังสร้าง PDF ..."):
        st.session_state["annex_pdf"] = (key, annex.build_annex_pdf(report, timeout=600))
cached = st.session_state.get("annex_pdf")
if cached and cached[0] == key:
    pdf_name = annex.file_name(report, "pdf")
    pdf_col.download_button("ดาวน์โหลด PDF", auth.audited_export("annex_pdf", pdf_name, cached[1]), file_name=pdf_name,
                            mime="application/pdf", icon=":material/download:", on_click="ignore")

st.caption("ตัวอย่างก่อนพิมพ์: ปุ่ม \"พิมพ์รายงาน\" พิมพ์เฉพาะเอกสาร (หน้าบันทึกแนวตั้ง ตารางแนวนอน)")
st.iframe(html, height=900)  # our template: every sheet string is escaped

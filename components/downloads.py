"""Downloads for meetings: every chart as PNG + SVG (ZIP), the deck, the cleaned tables.

Each file is built only when its button is pressed (Streamlit runs the callable then).
"""
from __future__ import annotations

import datetime as dt

import streamlit as st

from components import deck, exports, images
from sheets.model import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def build_file_stem(workbook: Workbook, today: dt.date) -> str:
    """Return a Thai file-name stem: ITA_<organisation>_<B.E. date>."""
    organization = "".join(ch for ch in workbook.settings.organization if ch not in '\\/:*?"<>|').strip()
    return f"ITA_{organization or 'หน่วยงาน'}_{today.year + 543}-{today:%m-%d}".replace(" ", "_")


def render_downloads(workbook: Workbook, today: dt.date) -> None:
    """Draw the download buttons (charts ZIP, deck, xlsx, CSV ZIP) in an expander."""
    stem = build_file_stem(workbook, today)
    with st.expander("ดาวน์โหลดสำหรับการประชุม", icon=":material/download:"):
        chromium = images.find_chromium() is not None
        st.download_button("ภาพกราฟทั้งหมด (PNG + SVG, .zip)", lambda: images.build_charts_zip(workbook, today),
                           file_name=f"{stem}_กราฟ.zip", mime="application/zip", on_click="ignore",
                           disabled=not chromium, icon=":material/image:", key="download_charts")
        if not chromium:
            st.caption(images.CHROMIUM_MISSING)
        st.download_button("สไลด์ประชุม (.pptx)", lambda: deck.build_deck(workbook, today),
                           file_name=f"{stem}_สไลด์.pptx", mime=PPTX, on_click="ignore",
                           icon=":material/slideshow:", key="download_deck")
        st.download_button("ตารางข้อมูลและปัญหา (.xlsx)", lambda: exports.build_export_xlsx(workbook, today),
                           file_name=f"{stem}_ข้อมูล.xlsx", mime=XLSX, on_click="ignore",
                           icon=":material/table:", key="download_xlsx")
        st.download_button("ตารางข้อมูล (.csv ใน .zip)", lambda: exports.build_export_csv_zip(workbook, today),
                           file_name=f"{stem}_ข้อมูล_csv.zip", mime="application/zip", on_click="ignore",
                           icon=":material/csv:", key="download_csv")

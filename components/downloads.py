"""Downloads for meetings: every chart as PNG + SVG (ZIP), the deck, the cleaned tables.

Each file is built only when its button is pressed, and the press is written to the audit log
(components.auth.audited_export). The deck and the tables are built by
the download itself (Streamlit runs the callable then; they raise none of our errors).
The chart images need Chromium and can fail, so they are built in the run, inside the
error boundary (a Thai message, never a dead download), then offered for download.
"""
from __future__ import annotations

import datetime as dt

import streamlit as st

from components import auth, errors
from components.outputs import deck, exports, images
from sheets import contract
from sheets.model import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHARTS_KEY = "_charts_zip"  # (version, bytes) of the last charts ZIP built in this session
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def build_file_stem(workbook: Workbook, today: dt.date) -> str:
    """Return a Thai file-name stem: ITA_<organisation>_<B.E. date>."""
    organization = "".join(ch for ch in workbook.settings.organization if ch not in '\\/:*?"<>|').strip()
    return f"ITA_{organization or 'หน่วยงาน'}_{today.year + contract.BE_OFFSET}-{today:%m-%d}".replace(" ", "_")


def render_downloads(workbook: Workbook, today: dt.date) -> None:
    """Draw the download buttons (charts ZIP, deck, xlsx, CSV ZIP) in an expander."""
    stem = build_file_stem(workbook, today)
    with st.expander("ดาวน์โหลดสำหรับการประชุม", icon=":material/download:"):
        render_charts_download(workbook, today, stem)
        deck_name, xlsx_name, csv_name = f"{stem}_สไลด์.pptx", f"{stem}_ข้อมูล.xlsx", f"{stem}_ข้อมูล_csv.zip"
        st.download_button("สไลด์ประชุม (.pptx)",
                           auth.audited_export("deck", deck_name, lambda: deck.build_deck(workbook, today)),
                           file_name=deck_name, mime=PPTX, on_click="ignore",
                           icon=":material/slideshow:", key="download_deck")
        st.download_button("ตารางข้อมูลและปัญหา (.xlsx)",
                           auth.audited_export("xlsx", xlsx_name, lambda: exports.build_export_xlsx(workbook, today)),
                           file_name=xlsx_name, mime=XLSX, on_click="ignore",
                           icon=":material/table:", key="download_xlsx")
        st.download_button("ตารางข้อมูล (.csv ใน .zip)",
                           auth.audited_export("csv_zip", csv_name, lambda: exports.build_export_csv_zip(workbook, today)),
                           file_name=csv_name, mime="application/zip", on_click="ignore",
                           icon=":material/csv:", key="download_csv")


def render_charts_download(workbook: Workbook, today: dt.date, stem: str) -> None:
    """A button that renders the charts ZIP (errors shown in Thai), then its download button."""
    chromium = images.find_chromium() is not None
    version = (stem, str(workbook.source.fetched_at))
    if st.button("สร้างภาพกราฟทั้งหมด (PNG + SVG)", icon=":material/image:", disabled=not chromium,
                 key="build_charts"):
        with errors.error_boundary(stop=False), st.spinner("กำลังสร้างภาพกราฟ ..."):
            st.session_state[CHARTS_KEY] = (version, images.build_charts_zip(workbook, today))
    if not chromium:
        st.caption(images.CHROMIUM_MISSING)
    built = st.session_state.get(CHARTS_KEY)
    if built and built[0] == version:
        charts_name = f"{stem}_กราฟ.zip"
        st.download_button("ภาพกราฟทั้งหมด (PNG + SVG, .zip)", auth.audited_export("charts_zip", charts_name, built[1]),
                           file_name=charts_name,
                           mime="application/zip", on_click="ignore", icon=":material/download:",
                           key="download_charts")

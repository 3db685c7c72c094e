"""The printable annex (the official report): Workbook → Report → HTML, DOCX, PDF.

Pure builders, no streamlit: `build_report` words everything once; the other
builders only lay it out.
"""
from components.outputs.annex.docx import build_annex_docx
from components.outputs.annex.html import build_annex_html
from components.outputs.annex.model import Entry, Report, Row
from components.outputs.annex.pdf import (
    AnnexError,
    ConversionFailed,
    ConverterMissing,
    build_annex_pdf,
    convert_docx_to_pdf,
)
from components.outputs.annex.wording import build_report, file_name, format_thai_date

__all__ = ["AnnexError", "ConversionFailed", "ConverterMissing", "Entry", "Report", "Row", "build_annex_docx",
           "build_annex_html", "build_annex_pdf", "build_report", "convert_docx_to_pdf",
           "file_name", "format_thai_date"]

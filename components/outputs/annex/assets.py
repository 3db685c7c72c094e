"""Files the annex ships: the Sarabun fonts (SIL OFL 1.1, see fonts/OFL.txt) and templates.

The fonts are vendored so that the PDF and the HTML never depend on a system font.
"""
from __future__ import annotations

import base64
import functools
from pathlib import Path

HERE = Path(__file__).resolve().parent
FONT_DIR = HERE / "fonts"
TEMPLATE_DIR = HERE / "templates"
FONT_FAMILY = "Sarabun"
# (weight, style) → file, for @font-face and for checking the shipped set.
FONT_FILES = {
    (400, "normal"): "Sarabun-Regular.ttf",
    (700, "normal"): "Sarabun-Bold.ttf",
    (400, "italic"): "Sarabun-Italic.ttf",
    (700, "italic"): "Sarabun-BoldItalic.ttf",
}


@functools.lru_cache(maxsize=None)
def font_data_uri(file_name: str) -> str:
    """Return a shipped font file as a data: URI (for a self-contained HTML file)."""
    data = (FONT_DIR / file_name).read_bytes()
    return "data:font/ttf;base64," + base64.b64encode(data).decode("ascii")

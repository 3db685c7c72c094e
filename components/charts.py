"""Draw a chart figure on a page: `render_chart` (st.plotly_chart) with the dashboard's config.

The figures themselves are built UI-free in `components.outputs.charts`.
"""
from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from components.outputs.charts.layout import FILE_NAMES


def chart_config(file_name: str) -> dict:
    """Return the plotly config: PNG download at 2× named file_name, no logo, responsive."""
    return {"displaylogo": False, "responsive": True,
            "toImageButtonOptions": {"format": "png", "scale": 2, "filename": file_name},
            "modeBarButtonsToRemove": ["zoom2d", "pan2d", "select2d", "lasso2d", "zoomIn2d",
                                       "zoomOut2d", "autoScale2d", "resetScale2d"]}


def render_chart(fig: go.Figure, chart: str, *, key: str | None = None) -> None:
    """Draw fig full width with the dashboard's config; its PNG download is named after chart (a FILE_NAMES key)."""
    st.plotly_chart(fig, width="stretch", config=chart_config(FILE_NAMES[chart]), key=key)

"""The registry exporters use: every dashboard chart, with its Thai title, file name and font."""
from __future__ import annotations

import plotly.graph_objects as go

from components.outputs import charts
from tests.conftest import TODAY

THAI_FONTS_INSTALLED = ("Loma", "Garuda", "Sarabun", "Noto Sans Thai")


def test_every_registered_chart_builds_with_its_title_and_a_thai_font(demo_workbook):
    keys = [spec.key for spec in charts.DASHBOARD_CHARTS]
    assert len(set(keys)) == len(keys) == 6
    for spec in charts.DASHBOARD_CHARTS:
        fig = spec.build(demo_workbook, TODAY)
        assert isinstance(fig, go.Figure)
        assert fig.layout.title.text == spec.title
        assert any(font in fig.layout.font.family for font in THAI_FONTS_INSTALLED)
        assert fig.layout.hoverlabel.font.family == charts.FONT_FAMILY
        assert any("\u0e00" <= char <= "\u0e7f" for char in spec.file_name)
        assert not spec.file_name.endswith(".png") and "/" not in spec.file_name


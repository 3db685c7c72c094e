"""The chart widget: plotly's toolbar downloads a 2× PNG named in Thai, no logo, no zoom."""
from components import charts


def test_chart_config_downloads_a_2x_png_with_the_thai_file_name():
    config = charts.chart_config("ITA_ความคืบหน้า")
    assert config["toImageButtonOptions"] == {"format": "png", "scale": 2, "filename": "ITA_ความคืบหน้า"}
    assert config["displaylogo"] is False and config["responsive"] is True

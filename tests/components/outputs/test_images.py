"""Chart images through kaleido and the local Chromium: a PNG and an SVG per dashboard chart."""
from __future__ import annotations

import datetime as dt
import io
import os
import re
import signal
import time
import zipfile

import pytest

from components.outputs import charts, images

TODAY = dt.date(2026, 11, 25)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
THAI_RE = re.compile("[\u0e00-\u0e7f]")

needs_chromium = pytest.mark.skipif(images.find_chromium() is None and not os.environ.get("CI"),
                                    reason="no Chromium here (CI must have it: packages.txt)")


@pytest.fixture(scope="module")
def charts_zip(demo_workbook) -> dict[str, bytes]:
    if images.find_chromium() is None and not os.environ.get("CI"):
        pytest.skip("no Chromium here")
    with zipfile.ZipFile(io.BytesIO(images.build_charts_zip(demo_workbook, TODAY))) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@needs_chromium
def test_zip_holds_one_png_and_one_svg_per_chart(charts_zip):
    expected = {f"{spec.file_name}.{fmt}" for spec in charts.DASHBOARD_CHARTS for fmt in ("png", "svg")}
    assert set(charts_zip) == expected and len(charts_zip) == 2 * len(charts.DASHBOARD_CHARTS)


@needs_chromium
def test_png_is_a_png_at_twice_the_size(charts_zip):
    for name, data in charts_zip.items():
        if name.endswith(".png"):
            assert data.startswith(PNG_SIGNATURE), name
            width = int.from_bytes(data[16:20], "big")
            assert width == images.IMAGE_WIDTH * images.PNG_SCALE, name


@needs_chromium
def test_svg_holds_the_thai_title_as_text_in_a_thai_font(charts_zip):
    for spec in charts.DASHBOARD_CHARTS:
        svg = charts_zip[f"{spec.file_name}.svg"].decode("utf-8")
        assert svg.lstrip().startswith("<svg") and THAI_RE.search(svg), spec.key
        assert spec.title in svg, spec.key
        assert images.thai_font_family().split(",")[0] in svg.replace("&quot;", "").replace('"', ""), spec.key


def test_font_family_leads_with_a_thai_font_fontconfig_lists():
    installed = images._fontconfig_thai_families()
    first = images.thai_font_family().split(",")[0].strip()
    if installed:
        assert first in installed
    else:
        assert images.thai_font_family() == charts.FONT_FAMILY


def test_missing_chromium_is_a_typed_thai_error(monkeypatch, small_workbook):
    images.stop_image_server()  # Chromium is looked up when the server starts
    monkeypatch.setattr(images, "find_chromium", lambda: None)

    with pytest.raises(images.ImagesUnavailable) as caught:
        images.build_charts_zip(small_workbook, TODAY)

    assert caught.value.message == images.CHROMIUM_MISSING
    assert "ใช้ปุ่มดาวน์โหลดบนกราฟแทน" in str(caught.value)


def test_unknown_format_is_refused():
    with pytest.raises(ValueError):
        images.figure_image(charts.bars.build_status_figure({"done": 1}), "gif")


def test_prepare_figure_leaves_the_dashboard_figure_alone(small_workbook):
    fig = charts.DASHBOARD_CHARTS[0].build(small_workbook, TODAY)
    before = fig.to_json()

    prepared = images.prepare_figure(fig)

    assert fig.to_json() == before
    assert prepared.layout.font.family == images.thai_font_family()
    assert prepared.layout.margin.r >= images.EXPORT_MARGIN["r"]


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(PNG_SIGNATURE)
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def sized_figure(height: int):
    fig = charts.bars.build_status_figure({"done": 1})
    fig.update_layout(height=height)
    return fig


@needs_chromium
def test_a_timed_out_image_process_is_replaced_and_the_next_caller_gets_its_own_image(monkeypatch):
    images.figure_image(sized_figure(300))  # the image process runs
    first_browser = images.image_process_id()
    assert first_browser is not None
    monkeypatch.setattr(images, "CALL_TIMEOUT", 0.001)

    with pytest.raises(images.ImagesUnavailable, match="หมดเวลา"):
        images.figure_image(sized_figure(300))

    assert images.image_process_id() is None  # abandoned, not kept for the next call
    monkeypatch.undo()
    time.sleep(1)  # a late image of the timed-out call would be waiting by now
    second = images.figure_image(sized_figure(700))
    assert png_size(second) == (images.IMAGE_WIDTH * images.PNG_SCALE, 700 * images.PNG_SCALE)
    assert images.image_process_id() not in (None, first_browser)
    assert not _runs(first_browser)


@needs_chromium
def test_a_crashed_browser_is_replaced_on_the_next_call():
    images.figure_image(sized_figure(300))
    crashed = images.image_process_id()
    os.killpg(crashed, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while _runs(crashed) and time.monotonic() < deadline:
        time.sleep(0.1)

    again = images.figure_image(sized_figure(400))

    assert png_size(again)[1] == 400 * images.PNG_SCALE
    assert images.image_process_id() not in (None, crashed)


def _runs(pid: int) -> bool:
    """Whether pid is a live process (a zombie left for its parent to reap counts as ended)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False

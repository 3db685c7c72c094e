"""Chart images for meetings: PNG (2×) and SVG of every dashboard chart, through kaleido 1.x.

Pure: no streamlit calls. Kaleido 1.x drives a local Chromium; its sync server (one
browser, one tab) is started once per process on first use and reused. Calls are
serialised with a lock because kaleido's sync server matches answers to callers by
queue order only, so two Streamlit sessions calling at once could swap images.

Chromium finds fonts through fontconfig, so the figures' font family is put behind the
first Thai family fontconfig lists (fonts-thai-tlwg gives Loma, Garuda, …; see
packages.txt). Without Chromium, `ImagesUnavailable` says so in Thai: the chart
toolbar's own PNG download in the browser keeps working.
"""
from __future__ import annotations

import datetime as dt
import functools
import io
import logging
import os
import shutil
import subprocess
import threading
import time
import zipfile

import plotly.graph_objects as go

from components import charts
from sheets.errors import OutputError
from sheets.model import Workbook

FORMATS = ("png", "svg")
PNG_SCALE = 2
IMAGE_WIDTH = 1000
RENDER_TIMEOUT = 60  # seconds kaleido allows one image
CALL_TIMEOUT = RENDER_TIMEOUT + 60  # first call also launches Chromium
CHROMIUM_MISSING = "ไม่พบเบราว์เซอร์ Chromium สำหรับสร้างภาพ: ใช้ปุ่มดาวน์โหลดบนกราฟแทน"
RENDER_FAILED = "สร้างภาพกราฟไม่สำเร็จ ({reason}): ใช้ปุ่มดาวน์โหลดบนกราฟแทน"
# Thai families in order of preference; the first that fontconfig knows leads the font list.
THAI_FAMILIES = ("Sarabun", "TH Sarabun New", "Noto Sans Thai", "Loma", "Garuda", "Waree", "Norasi")
EXPORT_MARGIN = {"l": 24, "r": 40}  # room for the title's first letter and the last tick label

log = logging.getLogger(__name__)
_lock = threading.Lock()


class ImagesUnavailable(OutputError):
    """Chart images cannot be made here (no Chromium, or it failed); the toolbar download still works."""


def find_chromium() -> str | None:
    """Return the path of the Chromium kaleido would use (BROWSER_PATH, PATH, typical places), or None."""
    from choreographer.browsers.chromium import Chromium

    path = os.environ.get("BROWSER_PATH") or Chromium.find_browser(skip_local=False)
    return path if path and os.path.isfile(path) else None


@functools.lru_cache(maxsize=1)
def thai_font_family() -> str:
    """Return the figures' font list led by the first Thai family fontconfig has (as Chromium sees it)."""
    installed = _fontconfig_thai_families()
    found = next((family for family in THAI_FAMILIES if family in installed), None)
    if found is None and installed:
        found = sorted(installed)[0]
    if found is None:
        log.warning("fontconfig lists no Thai font: chart images will show boxes (install fonts-thai-tlwg)")
        return charts.FONT_FAMILY
    rest = [name.strip() for name in charts.FONT_FAMILY.split(",") if name.strip() != found]
    return ", ".join([found, *rest])


def _fontconfig_thai_families() -> set[str]:
    if not shutil.which("fc-list"):
        return set()
    try:
        listed = subprocess.run(["fc-list", ":lang=th", "family"], capture_output=True, text=True,
                                timeout=20, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return set()
    return {name.strip() for line in listed.splitlines() for name in line.split(",") if name.strip()}


def prepare_figure(fig: go.Figure) -> go.Figure:
    """Return a copy of fig set up for a static image: Thai font Chromium has, wider margins."""
    fig = go.Figure(fig)
    margin = fig.layout.margin
    fig.update_layout(font_family=thai_font_family(), title_pad_l=8,
                      margin={"l": max(margin.l or 0, EXPORT_MARGIN["l"]),
                              "r": max(margin.r or 0, EXPORT_MARGIN["r"])})
    return fig


def figure_image(fig: go.Figure, fmt: str = "png") -> bytes:
    """Return fig as PNG (scale 2) or SVG bytes; raises ImagesUnavailable when Chromium is missing or fails."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    opts = {"format": fmt, "width": IMAGE_WIDTH, "scale": PNG_SCALE if fmt == "png" else 1}
    if fig.layout.height:
        opts["height"] = fig.layout.height
    return _calc(prepare_figure(fig), opts)


def build_chart_images(workbook: Workbook, today: dt.date) -> dict[str, bytes]:
    """Return {file name: bytes}: "<chart file name>.png" and ".svg" for each chart of DASHBOARD_CHARTS.

    Raises ImagesUnavailable (Thai message) when Chromium is missing or fails.
    """
    images: dict[str, bytes] = {}
    for spec in charts.DASHBOARD_CHARTS:
        fig = spec.build(workbook, today)
        for fmt in FORMATS:
            images[f"{spec.file_name}.{fmt}"] = figure_image(fig, fmt)
    return images


def build_charts_zip(workbook: Workbook, today: dt.date) -> bytes:
    """Return a ZIP holding one PNG and one SVG per dashboard chart (Thai file names, UTF-8 flagged)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in build_chart_images(workbook, today).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def stop_image_server() -> None:
    """Stop kaleido's sync server (and its Chromium) if it runs; the next image starts it again."""
    import kaleido

    with _lock:
        kaleido.stop_sync_server(silence_warnings=True)


def _calc(fig: go.Figure, opts: dict) -> bytes:
    """Render through kaleido's process-wide sync server, started here once (serialised calls)."""
    import kaleido

    with _lock:
        _ensure_server(kaleido)
        return _call_watched(kaleido, fig, opts)


def _ensure_server(kaleido) -> None:
    server = kaleido._global_server  # kaleido keeps its sync server here (1.x)
    if server.is_running() and not _server_alive(server):
        log.warning("kaleido's server thread has died: restarting it")
        kaleido.stop_sync_server(silence_warnings=True)
    if server.is_running():
        return
    path = find_chromium()
    if path is None:
        raise ImagesUnavailable(CHROMIUM_MISSING)
    # mathjax=False: no CDN fetch (the app may run offline); timeout bounds one render.
    kaleido.start_sync_server(n=1, timeout=RENDER_TIMEOUT, mathjax=False, path=path, silence_warnings=True)


def _server_alive(server) -> bool:
    thread = getattr(server, "_thread", None)
    return thread is None or thread.is_alive()


def _call_watched(kaleido, fig: go.Figure, opts: dict) -> bytes:
    """Call calc_fig_sync in a helper thread: a server that died (Chromium crash) would block forever."""
    result: dict = {}

    def run() -> None:
        try:
            result["data"] = kaleido.calc_fig_sync(fig, opts=opts)
        except Exception as exc:  # kaleido/choreographer raise many types; all mean "no image"
            result["error"] = exc

    worker = threading.Thread(target=run, name="kaleido-call", daemon=True)
    worker.start()
    deadline = time.monotonic() + CALL_TIMEOUT
    while worker.is_alive():
        worker.join(0.1)
        if worker.is_alive() and (not _server_alive(kaleido._global_server) or time.monotonic() > deadline):
            raise ImagesUnavailable(RENDER_FAILED.format(reason="เบราว์เซอร์หยุดทำงาน"))
    if "error" in result:
        error = result["error"]
        if type(error).__name__ == "ChromeNotFoundError":
            raise ImagesUnavailable(CHROMIUM_MISSING) from error
        raise ImagesUnavailable(RENDER_FAILED.format(reason=type(error).__name__)) from error
    return result["data"]

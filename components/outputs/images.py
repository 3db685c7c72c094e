"""Chart images for meetings: PNG (2×) and SVG of every dashboard chart, through kaleido 1.x.

Pure: no streamlit calls. Kaleido 1.x drives a local Chromium. One image process (a
kaleido.Kaleido with one tab, on an event loop of its own) is started on first use and
reused while it works; calls are serialised with a lock (one tab). Each image is a future
of its own, so an answer reaches only the call that asked for it (kaleido's own sync
server matches answers by queue order, so after a timeout a late image could go to the
next caller). A process that timed out, crashed or failed is abandoned (its Chromium is
killed) and the next call starts a new one: it is never reused.

Chromium finds fonts through fontconfig, so the figures' font family is put behind the
first Thai family fontconfig lists (fonts-thai-tlwg gives Loma, Garuda, …; see
packages.txt). Without Chromium, `ImagesUnavailable` says so in Thai: the chart
toolbar's own PNG download in the browser keeps working.
"""
from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import datetime as dt
import functools
import io
import logging
import os
import shutil
import signal
import subprocess
import threading
import time
import zipfile

import plotly.graph_objects as go

from components.outputs import charts
from sheets.errors import OutputError
from sheets.model import Workbook

FORMATS = ("png", "svg")
PNG_SCALE = 2
IMAGE_WIDTH = 1000
RENDER_TIMEOUT = 60  # seconds kaleido allows one image
CALL_TIMEOUT = RENDER_TIMEOUT + 10  # one call's bound, after which its process is abandoned
START_TIMEOUT = 60  # seconds to launch Chromium
CLOSE_TIMEOUT = 10
CHROMIUM_MISSING = "ไม่พบเบราว์เซอร์ Chromium สำหรับสร้างภาพ: ใช้ปุ่มดาวน์โหลดบนกราฟแทน"
RENDER_FAILED = "สร้างภาพกราฟไม่สำเร็จ ({reason}): ใช้ปุ่มดาวน์โหลดบนกราฟแทน"
# Thai families in order of preference; the first that fontconfig knows leads the font list.
THAI_FAMILIES = ("Sarabun", "TH Sarabun New", "Noto Sans Thai", "Loma", "Garuda", "Waree", "Norasi")
EXPORT_MARGIN = {"l": 24, "r": 40}  # room for the title's first letter and the last tick label

log = logging.getLogger(__name__)
_lock = threading.Lock()
_process: _ImageProcess | None = None  # the one image process; replaced after any failure


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


@atexit.register
def stop_image_server() -> None:
    """Stop the image process (and its Chromium) if it runs; the next image starts a new one."""
    global _process
    with _lock:
        process, _process = _process, None
    if process is not None:
        process.close()


def image_process_id() -> int | None:
    """Return the process id of the Chromium that makes images now, or None when none runs."""
    process = _process
    return process.browser_pid() if process is not None and process.alive() else None


class _ImageProcess:
    """One Chromium driven by kaleido on an event loop of its own; used until its first failure."""

    def __init__(self, path: str) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._serve, name="kaleido-loop", daemon=True)
        self._thread.start()
        self._kaleido = None
        opening = asyncio.run_coroutine_threadsafe(self._open(path), self._loop)
        try:
            self._kaleido = opening.result(timeout=START_TIMEOUT)
        finally:
            if self._kaleido is None:  # timed out, failed or interrupted: never keep a half-open browser
                opening.cancel()
                self.abandon()

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_forever()

    @staticmethod
    async def _open(path: str):
        import kaleido

        # mathjax=False: no CDN fetch (the app may run offline); timeout bounds one render.
        browser = kaleido.Kaleido(n=1, timeout=RENDER_TIMEOUT, mathjax=False, path=path)
        await browser.open()
        return browser

    def browser_pid(self) -> int | None:
        process = getattr(self._kaleido, "subprocess", None)
        return process.pid if process is not None else None

    def alive(self) -> bool:
        process = getattr(self._kaleido, "subprocess", None)
        return self._thread.is_alive() and process is not None and process.poll() is None

    def render(self, fig: go.Figure, opts: dict, timeout: float) -> bytes:
        """Return the image; raises TimeoutError (no answer in `timeout` s), or what kaleido raised."""
        future = asyncio.run_coroutine_threadsafe(self._kaleido.calc_fig(fig, opts=opts), self._loop)
        deadline = time.monotonic() + timeout
        while True:
            try:
                return future.result(timeout=max(0.0, min(0.1, deadline - time.monotonic())))
            except concurrent.futures.TimeoutError:
                if not self.alive() or time.monotonic() >= deadline:
                    future.cancel()
                    raise TimeoutError("no image in time, or the browser stopped") from None

    def close(self) -> None:
        """Close the browser in order (bounded; killed when that fails), then stop the loop."""
        if self._kaleido is not None:
            closing = asyncio.run_coroutine_threadsafe(self._kaleido.close(), self._loop)
            try:
                closing.result(timeout=CLOSE_TIMEOUT)
            except Exception as exc:  # a close that fails or hangs: the browser is killed instead
                log.warning("kaleido did not close cleanly (%s): killing its browser", type(exc).__name__)
                self.abandon()
                return
        self._loop.call_soon_threadsafe(self._loop.stop)

    def abandon(self) -> None:
        """Kill the browser at once, let kaleido clean up (bounded), stop the loop: never used again."""
        process = getattr(self._kaleido, "subprocess", None)
        if process is not None and process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGKILL)  # choreographer starts Chromium in a session of its own
            except (ProcessLookupError, PermissionError):
                process.kill()
        stop = functools.partial(self._loop.call_soon_threadsafe, self._loop.stop)
        if self._kaleido is None or not self._thread.is_alive():
            stop()
            return
        cleaning = asyncio.run_coroutine_threadsafe(self._kaleido.close(), self._loop)
        cleaning.add_done_callback(lambda _: stop())
        timer = threading.Timer(CLOSE_TIMEOUT, stop)  # a cleanup that hangs still ends the loop
        timer.daemon = True
        timer.start()


def _calc(fig: go.Figure, opts: dict) -> bytes:
    """Render in the current image process (started here when none runs); abandon it on any failure."""
    global _process
    with _lock:
        if _process is not None and not _process.alive():
            log.warning("the image browser has stopped: starting a new one")
            _process.abandon()
            _process = None
        if _process is None:
            _process = _start_process()
        try:
            return _process.render(fig, opts, CALL_TIMEOUT)
        except Exception as error:  # kaleido/choreographer raise many types; all mean "no image"
            _process.abandon()
            _process = None
            raise _unavailable(error) from error


def _start_process() -> _ImageProcess:
    path = find_chromium()
    if path is None:
        raise ImagesUnavailable(CHROMIUM_MISSING)
    try:
        return _ImageProcess(path)
    except Exception as error:  # no Chromium at that path, or it did not start in time
        raise _unavailable(error) from error


def _unavailable(error: BaseException) -> ImagesUnavailable:
    if type(error).__name__ == "ChromeNotFoundError":
        return ImagesUnavailable(CHROMIUM_MISSING)
    if isinstance(error, TimeoutError | concurrent.futures.TimeoutError):
        return ImagesUnavailable(RENDER_FAILED.format(reason="หมดเวลาหรือเบราว์เซอร์หยุดทำงาน"))
    return ImagesUnavailable(RENDER_FAILED.format(reason=type(error).__name__))

"""End to end in a real browser: `streamlit run app.py` on a free loopback port, Chromium via Playwright.

Visits every page of the st.navigation list, checks its Thai heading and that its charts
drew, downloads one chart as PNG through plotly's modebar, saves screenshots at phone
(390×844) and laptop (1366×768) sizes to screenshots/, and records the seconds from
server start to the first chart in screenshots/timings.json. Waits are for content only.
"""
from __future__ import annotations

import ast
import json
import os
import re
import socket
import struct
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from components.outputs import charts
from tests.conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = ROOT / "screenshots"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 768}}
# Charts each page draws (pages not listed here are only checked for their heading).
CHART_COUNTS = {"overview": 3, "measures": 1, "oit": 1}
STARTUP_TIMEOUT_S = 60
CONTENT_TIMEOUT_MS = 60_000
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Environment that would point the app at a real Google Sheet; the e2e run uses the demo.
SOURCE_ENV = ("ITA_SHEET", "GOOGLE_APPLICATION_CREDENTIALS", "ITA_GOOGLE_ENDPOINT")

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists() and not os.environ.get("CI"),
                       reason="/usr/bin/chromium is not installed (apt-get install chromium); never skipped on CI"),
]


def navigation_pages() -> list[tuple[str, str]]:
    """Return (url path, Thai title) of every st.Page in app.py, in order (the default page is "")."""
    pages = []
    for node in ast.walk(ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "Page":
            keywords = {kw.arg: ast.literal_eval(kw.value) for kw in node.keywords
                        if isinstance(kw.value, ast.Constant)}
            stem = Path(ast.literal_eval(node.args[0])).stem
            pages.append(("" if keywords.get("default") else stem, keywords["title"]))
    return pages


def page_stem(url_path: str) -> str:
    return url_path or "overview"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(base_url: str, process: subprocess.Popen) -> None:
    """Poll /_stcore/health until it answers "ok" (the server is up), or fail with its output."""
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"streamlit exited with {process.returncode}:\n{process.stdout.read()}")
        try:
            with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.1)  # readiness polling of a server, not a wait for content
    pytest.fail(f"streamlit did not answer /_stcore/health within {STARTUP_TIMEOUT_S} s")


@pytest.fixture(scope="module")
def app():
    """Start the server and Chromium, open the first page; yield (base_url, browser, timings)."""
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(exist_ok=True)
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {key: value for key, value in os.environ.items() if key not in SOURCE_ENV}
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            wait_healthy(base_url, process)
            healthy = time.monotonic() - started
            page = browser.new_page(viewport=VIEWPORTS["laptop"])
            page.goto(base_url)
            page.locator(".js-plotly-plot").first.wait_for(state="visible", timeout=CONTENT_TIMEOUT_MS)
            timings = {"server_start_to_health_s": round(healthy, 2),
                       "server_start_to_first_chart_s": round(time.monotonic() - started, 2)}
            page.close()
            print(f"\nserver start → first chart visible: {timings['server_start_to_first_chart_s']} s "
                  f"(health after {timings['server_start_to_health_s']} s)")
            yield base_url, browser, timings
            (SCREENSHOTS / "timings.json").write_text(json.dumps(timings, indent=2), encoding="utf-8")
            browser.close()
    finally:
        stop_server(process)


def stop_server(process: subprocess.Popen) -> None:
    """Stop a server started by a test: terminate, then kill after 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def open_page(browser, base_url: str, url_path: str, title: str, viewport: dict):
    """Open one page and wait until its heading and all its charts are drawn."""
    page = browser.new_page(viewport=viewport, accept_downloads=True)
    page.goto(f"{base_url}/{url_path}")
    page.locator("h1").filter(has_text=title).first.wait_for(state="visible", timeout=CONTENT_TIMEOUT_MS)
    expected = CHART_COUNTS.get(page_stem(url_path), 0)
    if expected:
        plots = page.locator(".js-plotly-plot")
        plots.nth(expected - 1).wait_for(state="visible", timeout=CONTENT_TIMEOUT_MS)
        # A drawn plotly chart has its marks (bars, points or text points) in the SVG.
        page.wait_for_function(
            "n => [...document.querySelectorAll('.js-plotly-plot')]"
            ".filter(p => p.querySelector('.main-svg .point, .main-svg .textpoint')).length >= n",
            arg=expected, timeout=CONTENT_TIMEOUT_MS)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')",
                           timeout=CONTENT_TIMEOUT_MS)
    return page


def open_late_measure(page) -> None:
    """Open the first measure with overdue activities and wait for its activity table."""
    late = page.locator("summary", has_text=re.compile(r"เกินกำหนด [1-9]"))
    expander = page.locator('[data-testid="stExpander"]').filter(has=late).first
    expander.locator("summary").click()
    expander.locator('[data-testid="stDataFrame"]').wait_for(state="visible", timeout=CONTENT_TIMEOUT_MS)


def overflow_px(page) -> int:
    """Return how far the page's content is wider than its window (0 = nothing cut off sideways)."""
    return page.evaluate("""() => {
        const els = [document.scrollingElement, document.querySelector('[data-testid="stMain"]'),
                     document.querySelector('[data-testid="stMainBlockContainer"]')].filter(Boolean);
        return Math.max(0, ...els.map(e => e.scrollWidth - e.clientWidth));
    }""")


def test_the_router_lists_the_dashboard_pages():
    urls = [url for url, _ in navigation_pages()]
    assert {"", "measures", "oit"} <= set(urls)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_every_page_shows_its_heading_and_charts_and_fits(app, viewport):
    base_url, browser, timings = app
    size = VIEWPORTS[viewport]
    for url_path, title in navigation_pages():
        page = open_page(browser, base_url, url_path, title, size)
        name = f"{page_stem(url_path)}_{viewport}"
        if page_stem(url_path) == "measures":
            open_late_measure(page)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
        full_height = page.evaluate(
            "() => document.querySelector('[data-testid=\"stMain\"]')?.scrollHeight || document.body.scrollHeight")
        page.set_viewport_size({"width": size["width"], "height": max(size["height"], int(full_height))})
        page.screenshot(path=str(SCREENSHOTS / f"{name}_full.png"), full_page=True)
        assert overflow_px(page) <= 1, f"{name}: content wider than the window"
        widths = page.evaluate("() => [...document.querySelectorAll('.js-plotly-plot .main-svg')]"
                               ".map(svg => svg.getBoundingClientRect().right)")
        assert all(right <= size["width"] + 1 for right in widths), f"{name}: a chart is cut off"
        page.close()


def test_chart_text_uses_the_thai_font(app):
    base_url, browser, _ = app
    page = open_page(browser, base_url, "", "ภาพรวม", VIEWPORTS["laptop"])
    family = page.evaluate("() => getComputedStyle(document.querySelector('.js-plotly-plot .gtitle')).fontFamily")
    assert "Loma" in family or "Sarabun" in family
    page.close()


def test_the_page_loads_sarabun_from_the_app_and_nothing_from_another_host(app):
    base_url, browser, _ = app
    page = browser.new_page(viewport=VIEWPORTS["laptop"])
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(base_url)
    page.locator("h1").filter(has_text="ภาพรวม").first.wait_for(state="visible", timeout=CONTENT_TIMEOUT_MS)
    page.wait_for_function("() => document.fonts.status === 'loaded'", timeout=CONTENT_TIMEOUT_MS)
    loaded = page.evaluate("""async () => {
        await document.fonts.load('16px Sarabun', 'ภาพรวม');
        return [...document.fonts].filter(f => f.family.replace(/["']/g, '') === 'Sarabun' && f.status === 'loaded')
                                  .map(f => f.weight);
    }""")
    heading_font = page.evaluate("() => getComputedStyle(document.querySelector('h1')).fontFamily")
    page.close()
    outside = [url for url in requested if not url.startswith((base_url, "data:", "blob:"))]
    assert outside == [], f"requests to other hosts: {outside}"
    assert any(url.endswith("/app/static/fonts/Sarabun-Regular.ttf") for url in requested)
    assert loaded and "Sarabun" in heading_font


def test_a_chart_downloads_as_png_with_its_thai_file_name(app):
    base_url, browser, _ = app
    page = open_page(browser, base_url, "", "ภาพรวม", VIEWPORTS["laptop"])
    chart = page.locator(".js-plotly-plot").first
    chart.hover()
    button = chart.locator('.modebar-btn[data-title="Download plot as a png" i]')
    with page.expect_download(timeout=CONTENT_TIMEOUT_MS) as info:
        button.click()
    download = info.value
    expected = charts.FILE_NAMES["measure_progress"] + ".png"
    assert download.suggested_filename == expected
    target = SCREENSHOTS / f"download_{expected}"
    download.save_as(str(target))
    content = target.read_bytes()
    assert content.startswith(PNG_SIGNATURE)
    width, height = struct.unpack(">II", content[16:24])
    shown = chart.bounding_box()
    assert width >= 2 * int(shown["width"]) - 2, "exported at scale 2"
    page.close()


def test_time_to_first_chart_is_recorded(app):
    _, _, timings = app
    assert 0 < timings["server_start_to_first_chart_s"] < STARTUP_TIMEOUT_S

"""Many viewers at once: N browser sessions against one `streamlit run`, on loopback only.

The benchmark's 60×200 workbook is served by the local fake Google server; each session
(a Playwright context in Debian's chromium) visits every page. Prints sessions served,
p50/p95 page time, Sheets requests seen by the fake, and the server's peak memory.
With --fail-halfway the fake answers 503 after the first round; once the cache TTL has
passed every session must show the last good data under the stale banner.

Usage: python scripts/loadtest.py [--sessions 20] [--fail-halfway] [--json]
Stops by itself (every wait is bounded).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.fakes.google import FakeGoogle, make_service_account_info  # noqa: E402
from scripts.fakes.workbooks import build_large_tabs, tabs_for_fake  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
PAGES = ["", "measures", "oit", "quality", "annex"]
STALE_WORDS = "ข้อมูลล่าสุดที่โหลดได้"
PAGE_TIMEOUT_MS = 180_000


@dataclass
class Result:
    sessions: int
    served: int = 0
    page_seconds: list[float] = field(default_factory=list)
    stale_seen: int = 0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        times = sorted(self.page_seconds)
        return {"sessions": self.sessions, "served": self.served, "pages": len(times),
                "p50_s": round(statistics.median(times), 2) if times else None,
                "p95_s": round(times[int(0.95 * (len(times) - 1))], 2) if times else None,
                "stale_seen": self.stale_seen, "errors": self.errors[:5]}


def max_requests_per_window(fake: FakeGoogle, window: float) -> int:
    """Return the most Sheets API requests the fake saw within any `window` seconds."""
    times = sorted(entry.at for entry in fake.requests_to("sheets"))
    return max((sum(1 for t in times[i:] if t - start < window) for i, start in enumerate(times)), default=0)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env: dict, port: int) -> subprocess.Popen:
    """Start `streamlit run app.py` on a loopback port and wait for its health check."""
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
               "--server.port", str(port), "--server.address", "127.0.0.1",
               "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("streamlit did not start within 60 s")


def peak_memory_mib(pid: int) -> float:
    """Return the process's peak resident memory (VmHWM) in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def visit(context, base: str, result: Result, expect_stale: bool) -> None:
    page = await context.new_page()
    served = True
    for path in PAGES:
        started = time.perf_counter()
        try:
            await page.goto(f"{base}/{path}", wait_until="domcontentloaded", timeout=PAGE_TIMEOUT_MS)
            main = page.locator('[data-testid="stMain"]')
            await main.locator('[data-testid="stHeading"]').first.wait_for(timeout=PAGE_TIMEOUT_MS)
            if path == "":
                await page.locator(".js-plotly-plot").first.wait_for(timeout=PAGE_TIMEOUT_MS)
            if await page.locator('[data-testid="stException"]').count():
                raise RuntimeError(f"exception on /{path}")
            if expect_stale:
                await page.get_by_text(STALE_WORDS).first.wait_for(timeout=PAGE_TIMEOUT_MS)
                result.stale_seen += 1
            result.page_seconds.append(time.perf_counter() - started)
        except Exception as error:  # a failed page is a result to report, not a crash
            served = False
            result.errors.append(f"/{path}: {type(error).__name__}: {str(error)[:160]}")
    result.served += served
    await page.close()


async def run_round(base: str, sessions: int, expect_stale: bool) -> Result:
    from playwright.async_api import async_playwright

    result = Result(sessions)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        contexts = [await browser.new_context(viewport={"width": 1366, "height": 768}) for _ in range(sessions)]
        await asyncio.gather(*(visit(context, base, result, expect_stale) for context in contexts))
        await browser.close()
    return result


def run_load_test(sessions: int = 20, fail_halfway: bool = False, departments: int = 60, rows: int = 200) -> dict:
    """Run the load test; return the figures (see module docstring)."""
    ttl = 8 if fail_halfway else 600
    with FakeGoogle() as fake, tempfile.TemporaryDirectory() as scratch:
        sheet_id = fake.add_spreadsheet("ITA เทศบาลนครทดสอบ", tabs_for_fake(build_large_tabs(departments, rows)))
        key = Path(scratch) / "key.json"
        key.write_text(json.dumps(make_service_account_info(fake.token_uri)), encoding="utf-8")
        env = dict(os.environ, ITA_SHEET=sheet_id, GOOGLE_APPLICATION_CREDENTIALS=str(key),
                   ITA_GOOGLE_ENDPOINT=fake.base_url, ITA_CACHE_TTL=str(ttl), ITA_GOOGLE_BACKOFF="0.05",
                   ITA_SNAPSHOT_DIR=str(Path(scratch) / "snapshots"), ITA_RETRY_AFTER="600")
        port = free_port()
        started = time.perf_counter()
        server = start_server(env, port)
        server_start = round(time.perf_counter() - started, 1)
        try:
            first = asyncio.run(run_round(f"http://127.0.0.1:{port}", sessions, expect_stale=False))
            report = {"server_start_s": server_start, "round": first.as_dict(), "ttl_s": ttl,
                      "sheets_requests": fake.sheets_requests, "token_requests": fake.token_requests,
                      "max_sheets_requests_per_ttl_window": max_requests_per_window(fake, ttl)}
            if fail_halfway:
                fake.set_mode(503)
                time.sleep(ttl + 1)  # let the cached data expire so the next runs must ask Google
                before = fake.sheets_requests
                stale = asyncio.run(run_round(f"http://127.0.0.1:{port}", sessions, expect_stale=True))
                report["failing_round"] = stale.as_dict()
                report["requests_while_failing"] = fake.sheets_requests - before
            report["peak_memory_mib"] = round(peak_memory_mib(server.pid), 1)
        finally:
            server.terminate()
            server.wait(timeout=30)
    return report


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--fail-halfway", action="store_true")
    parser.add_argument("--departments", type=int, default=60)
    parser.add_argument("--rows", type=int, default=200)
    args = parser.parse_args()
    report = run_load_test(args.sessions, args.fail_halfway, args.departments, args.rows)
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()

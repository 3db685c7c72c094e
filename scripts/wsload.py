"""Many sessions over Streamlit's own websocket protocol: no browsers, so the server's cost is what is measured.

Each session opens `/_stcore/stream` as the browser does, asks for a page with a `rerun_script`
BackMsg, and waits for the `script_finished` ForwardMsg; the time between is one page run as the
visitor waits for it. `--sessions 20` sessions visit every page `--rounds` times at once and the
p50/p95 are printed; a lone session first measures each page's run time with nothing else going
on (the server's own cost per run). Only loopback; every wait is bounded; it stops by itself.

Usage: python scripts/wsload.py [--sessions 20] [--rounds 2] [--big] [--json]
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import websockets

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.loadtest import free_port, peak_memory_mib, start_server  # noqa: E402

PAGES = ("", "measures", "oit", "quality", "annex")
RUN_TIMEOUT_S = 120.0


@dataclass
class PageRun:
    path: str
    seconds: float
    exception: bool


@dataclass
class Figures:
    runs: list[PageRun] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        times = sorted(run.seconds for run in self.runs)
        return {"page_runs": len(times), "p50_s": percentile(times, 0.50), "p95_s": percentile(times, 0.95),
                "max_s": round(times[-1], 3) if times else None,
                "exceptions": sum(run.exception for run in self.runs), "errors": self.errors[:5]}


def percentile(sorted_values: list[float], share: float) -> float | None:
    """Return the nearest-rank percentile of already sorted values, rounded to ms."""
    if not sorted_values:
        return None
    return round(sorted_values[min(len(sorted_values) - 1, int(share * len(sorted_values)))], 3)


class StreamlitSession:
    """One websocket session speaking Streamlit's protobuf protocol."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.page_hashes: dict[str, str] = {}
        self.socket = None

    async def __aenter__(self) -> StreamlitSession:
        url = self.base.replace("http://", "ws://") + "/_stcore/stream"
        self.socket = await websockets.connect(url, subprotocols=["streamlit"], max_size=None,
                                               origin=self.base, open_timeout=30)
        return self

    async def __aexit__(self, *exc_info) -> None:
        await self.socket.close()

    async def run_page(self, path: str) -> PageRun:
        """Ask for one page and wait until its script run finishes; return the time it took."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ClientState_pb2 import ClientState

        state = ClientState(query_string="", page_script_hash=self.page_hashes.get(path, ""), page_name=path)
        started = time.perf_counter()
        await self.socket.send(BackMsg(rerun_script=state).SerializeToString())
        exception = await asyncio.wait_for(self._until_finished(), RUN_TIMEOUT_S)
        return PageRun(path, time.perf_counter() - started, exception)

    async def _until_finished(self) -> bool:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        exception = False
        while True:
            message = ForwardMsg()
            message.ParseFromString(await self.socket.recv())
            kind = message.WhichOneof("type")
            if kind == "navigation":
                self.page_hashes.update({page.url_pathname: page.page_script_hash
                                         for page in message.navigation.app_pages})
            elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                exception |= message.delta.new_element.WhichOneof("type") == "exception"
            elif kind == "script_finished" and message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return exception


async def visit_every_page(base: str, rounds: int, figures: Figures) -> None:
    """One session: every page, `rounds` times, one after the other."""
    try:
        async with StreamlitSession(base) as session:
            await session.run_page("")  # learns the page list, as a first visit does
            for _ in range(rounds):
                for path in PAGES:
                    figures.runs.append(await session.run_page(path))
    except (OSError, asyncio.TimeoutError, websockets.exceptions.WebSocketException) as error:
        figures.errors.append(f"{type(error).__name__}: {str(error)[:160]}")


def cpu_seconds(pid: int) -> float:
    """Return the process's user+system CPU seconds so far (from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def measure_alone(base: str, pid: int, repeats: int = 10) -> tuple[dict[str, float], dict[str, float]]:
    """Each page alone (one session, after a warm-up run): (median seconds a visitor waits, server CPU s a run)."""
    times: dict[str, list[float]] = {path: [] for path in PAGES}
    cpu: dict[str, float] = {}
    async with StreamlitSession(base) as session:
        await session.run_page("")
        for path in PAGES:
            await session.run_page(path)
            before = cpu_seconds(pid)
            for _ in range(repeats):
                times[path].append((await session.run_page(path)).seconds)
            cpu[path or "overview"] = round((cpu_seconds(pid) - before) / repeats, 3)
    return {path or "overview": round(statistics.median(values), 3) for path, values in times.items()}, cpu


async def measure(base: str, pid: int, sessions: int, rounds: int) -> dict:
    alone, cpu = await measure_alone(base, pid)
    figures = Figures()
    started = time.perf_counter()
    await asyncio.gather(*(visit_every_page(base, rounds, figures) for _ in range(sessions)))
    return {"page_run_alone_s": alone, "server_cpu_per_run_s": cpu, "sessions": sessions, "rounds": rounds,
            "wall_s": round(time.perf_counter() - started, 1), **figures.summary()}


@contextlib.contextmanager
def serving(big: bool):
    """Yield the base URL of `streamlit run app.py` on loopback: the demo, or 60×200 behind the fake Google."""
    with contextlib.ExitStack() as stack:
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        env = dict(os.environ, ITA_SNAPSHOT_DIR=str(scratch / "snapshots"), ITA_CACHE_TTL="600")
        if big:
            from scripts.fakes.google import FakeGoogle, make_service_account_info
            from scripts.fakes.workbooks import build_large_tabs, tabs_for_fake

            fake = stack.enter_context(FakeGoogle())
            key = scratch / "key.json"
            key.write_text(json.dumps(make_service_account_info(fake.token_uri)), encoding="utf-8")
            env.update(ITA_SHEET=fake.add_spreadsheet("ITA 60×200", tabs_for_fake(build_large_tabs(60, 200))),
                       GOOGLE_APPLICATION_CREDENTIALS=str(key), ITA_GOOGLE_ENDPOINT=fake.base_url)
        port = free_port()
        server = start_server(env, port)
        try:
            yield f"http://127.0.0.1:{port}", server
        finally:
            server.terminate()
            server.wait(timeout=30)


def run_wsload(sessions: int = 20, rounds: int = 2, big: bool = False) -> dict:
    """Start the app, measure it (see module docstring), stop it; return the figures."""
    with serving(big) as (base, server):
        report = asyncio.run(measure(base, server.pid, sessions, rounds))
        report["workbook"] = "60×200" if big else "demo"
        report["peak_memory_mib"] = round(peak_memory_mib(server.pid), 1)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--big", action="store_true", help="the 60×200 workbook behind the fake Google")
    args = parser.parse_args()
    print(json.dumps(run_wsload(args.sessions, args.rounds, args.big), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()

"""One warm LibreOffice for the annex PDF: unoserver, started on first use, restarted when it dies.

unoserver (PyPI, in requirements.txt) runs LibreOffice in listener mode and takes
conversions over XML-RPC, so a PDF costs a document load instead of an office start. Its
server half imports LibreOffice's Python bindings (`uno`), which only the Python that
LibreOffice was built for has: on Debian the package python3-uno gives them to
/usr/bin/python3. The app may run in another Python (a virtualenv, pyenv, the python:3.11
image's /usr/local/bin/python), so the server runs in the first Python that can
`import uno`, with a path that holds only the unoserver package installed beside the app.

Both ports are free loopback ports. The server leads its own process group, and a watch
thread inside it ends the group when the app is gone, so no office outlives the app. No
streamlit here: errors are OfficeError subclasses that pdf.py turns into Thai messages or a
cold conversion.
"""
from __future__ import annotations

import atexit
import contextlib
import dataclasses
import functools
import importlib.metadata
import importlib.util
import itertools
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import xmlrpc.client
from pathlib import Path

STARTUP_SECONDS = 60.0  # unoserver itself waits 7 s, then retries the office for up to 40 s
START_ATTEMPTS = 2  # a port taken between picking it and binding it costs one attempt
RETRY_AFTER_SECONDS = 300.0  # after failed attempts, cold conversions until then
PING_SECONDS = 2.0
API_VERSION = "3"  # unoserver's XML-RPC API that convert() below speaks
PDF_FILTER = "writer_pdf_Export"
SYSTEM_PYTHONS = ("/usr/bin/python3",)  # Debian's python3-uno installs `uno` for this one
# Runs inside the server's process group: serve, and end the group once the app (parent) is gone.
LAUNCHER = """\
import os, signal, sys, threading, time
parent = os.getppid()
def watch():
    while os.getppid() == parent:
        time.sleep(1)
    os.killpg(0, signal.SIGKILL)
threading.Thread(target=watch, daemon=True).start()
from unoserver import server
sys.argv[0] = "unoserver"
sys.exit(server.main())
"""

log = logging.getLogger(__name__)
_INSTANCES = itertools.count(1)


class OfficeError(Exception):
    """The warm office gave no PDF; it has been stopped (the next use starts a new one)."""


class OfficeTimeout(OfficeError):
    """The warm office took longer than the conversion's timeout; it has been stopped."""


@dataclasses.dataclass(frozen=True)
class OfficeStatus:
    """What the warm office is doing: its process id (None when stopped), readiness, counts."""

    pid: int | None
    ready: bool
    starts: int
    conversions: int
    failure: str


@functools.lru_cache(maxsize=4)
def find_uno_python(soffice: str) -> str | None:
    """Return a Python that can `import uno` (this one, Debian's, LibreOffice's own), or None."""
    if importlib.util.find_spec("uno") is not None:
        return sys.executable
    bundled = str(Path(os.path.realpath(soffice)).parent / "python")
    for candidate in (*SYSTEM_PYTHONS, bundled):
        if os.access(candidate, os.X_OK) and _imports_uno(candidate):
            return candidate
    return None


def _imports_uno(python: str) -> bool:
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONHOME")}
    try:
        return subprocess.run([python, "-c", "import uno"], env=env, capture_output=True,
                              timeout=30, check=False).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def build_unoserver_path(directory: Path) -> Path | None:
    """Return a directory holding only unoserver (a link to the installed package and its version).

    None when unoserver is not installed beside the app.
    """
    spec = importlib.util.find_spec("unoserver")
    if spec is None or not spec.submodule_search_locations:
        return None
    directory.mkdir(mode=0o700, exist_ok=True)
    link = directory / "unoserver"
    with contextlib.suppress(FileExistsError):  # made by an earlier start
        link.symlink_to(spec.submodule_search_locations[0], target_is_directory=True)
    version = importlib.metadata.version("unoserver")
    info = directory / f"unoserver-{version}.dist-info"
    info.mkdir(exist_ok=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: unoserver\nVersion: {version}\n",
                                   encoding="utf-8")
    return directory


def free_port() -> int:
    """Return a loopback port that was free a moment ago (the OS picks it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Transport(xmlrpc.client.Transport):
    """XML-RPC over HTTP with a socket timeout (the standard transport waits forever)."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self._timeout = timeout

    def make_connection(self, host):
        connection = super().make_connection(host)
        connection.timeout = self._timeout
        return connection


def _proxy(port: int, timeout: float) -> xmlrpc.client.ServerProxy:
    return xmlrpc.client.ServerProxy(f"http://127.0.0.1:{port}", allow_none=True, transport=_Transport(timeout))


class WarmOffice:
    """A long-lived unoserver + LibreOffice, started in the background and stopped when it fails."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ready = threading.Event()
        self._process: subprocess.Popen | None = None
        self._port = 0
        self._starting = False
        self._failed_at: float | None = None
        self._failure = ""
        self._starts = 0
        self._conversions = 0
        self._stop_at_exit = False
        self._name = f"warm-office-{next(_INSTANCES)}"  # its own profile: two offices never share one

    def status(self) -> OfficeStatus:
        """Return the office's current state."""
        with self._lock:
            alive = self._process is not None and self._process.poll() is None
            return OfficeStatus(self._process.pid if alive else None, alive and self._ready.is_set(),
                                self._starts, self._conversions, self._failure)

    def ensure_started(self, soffice: str, env: dict[str, str], work: Path, warmup: bytes = b"") -> None:
        """Start the office in the background unless it runs, is starting, or failed a moment ago.

        `warmup`, a small document, is converted once before the office counts as ready, so
        the first real PDF does not pay for loading Writer and the fonts.
        """
        with self._lock:
            if self._starting or (self._process is not None and self._process.poll() is None):
                return
            if self._failed_at is not None and time.monotonic() - self._failed_at < RETRY_AFTER_SECONDS:
                return
            self._drop_locked()
            self._starting = True
            if not self._stop_at_exit:  # registered after the work directory's removal: runs before it
                atexit.register(self.stop)
                self._stop_at_exit = True
        threading.Thread(target=self._start, args=(soffice, env, work, warmup), name="warm-office-start",
                         daemon=True).start()

    def wait_ready(self, seconds: float) -> bool:
        """Wait until the office takes conversions; return whether it does."""
        return self._ready.wait(seconds) and self.status().ready

    def convert(self, docx_bytes: bytes, timeout: float) -> bytes | None:
        """Return the PDF of docx_bytes, or None when the office is not ready (use a cold one).

        Raises OfficeTimeout (no answer within `timeout` s) or OfficeError (any other failure);
        either way the office is stopped first.
        """
        with self._lock:
            if self._process is None or self._process.poll() is not None or not self._ready.is_set():
                return None
            port = self._port
        try:
            pdf = _convert(port, docx_bytes, timeout)
        except TimeoutError as exc:
            self.stop()
            raise OfficeTimeout(f"no PDF within {timeout:g} s") from exc
        except (OSError, xmlrpc.client.Error) as exc:
            self.stop()
            raise OfficeError(str(exc)[-300:]) from exc
        with self._lock:
            self._conversions += 1
        return pdf

    def stop(self) -> None:
        """End the office's whole process group (unoserver and LibreOffice) if it runs."""
        with self._lock:
            self._drop_locked()

    def _drop_locked(self) -> None:
        self._ready.clear()
        process, self._process = self._process, None
        if process is not None:
            end_group(process)

    def _start(self, soffice: str, env: dict[str, str], work: Path, warmup: bytes) -> None:
        for attempt in range(1, START_ATTEMPTS + 1):
            try:
                process, port = self._launch(soffice, env, work, warmup)
                break
            except (OfficeError, OSError) as exc:
                log.warning("warm LibreOffice did not start (attempt %d of %d): %s", attempt, START_ATTEMPTS, exc)
                failure = str(exc)
        else:
            with self._lock:
                self._starting, self._failed_at, self._failure = False, time.monotonic(), failure
            return
        with self._lock:
            self._process, self._port, self._starting = process, port, False
            self._failed_at, self._failure = None, ""
            self._starts += 1
            self._ready.set()

    def _launch(self, soffice: str, env: dict[str, str], work: Path,
                warmup: bytes) -> tuple[subprocess.Popen, int]:
        python = find_uno_python(soffice)
        if python is None:
            raise OfficeError("no Python with LibreOffice's uno bindings (Debian: python3-uno)")
        path = build_unoserver_path(work / "unoserver-path")
        if path is None:
            raise OfficeError("unoserver is not installed (requirements.txt)")
        home = work / self._name
        home.mkdir(mode=0o700, exist_ok=True)
        port, uno_port = free_port(), free_port()
        server_env = {key: value for key, value in env.items() if key != "PYTHONHOME"}
        server_env.update({"PYTHONPATH": str(path), "PYTHONNOUSERSITE": "1"})
        command = [python, "-c", LAUNCHER, "--interface", "127.0.0.1", "--port", str(port),
                   "--uno-interface", "127.0.0.1", "--uno-port", str(uno_port),
                   "--user-installation", str(home / "profile"), "--executable", soffice]
        with open(home / "unoserver.log", "wb") as log_file:
            process = subprocess.Popen(command, env=server_env, stdin=subprocess.DEVNULL, stdout=log_file,
                                       stderr=log_file, start_new_session=True)
        if _answers(process, port) and _warms_up(port, warmup):
            return process, port
        end_group(process)
        tail = (home / "unoserver.log").read_text("utf-8", "replace").strip()[-300:]
        raise OfficeError(f"unoserver gave no answer in {STARTUP_SECONDS:g} s ({tail})")


def end_group(process: subprocess.Popen) -> None:
    """Kill the process group that process leads (unoserver and its LibreOffice) and reap it."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def _convert(port: int, docx_bytes: bytes, timeout: float) -> bytes:
    result = _proxy(port, timeout).convert(None, xmlrpc.client.Binary(docx_bytes), None, "pdf", PDF_FILTER,
                                           [], False, None, None)
    return result.data


def _warms_up(port: int, warmup: bytes) -> bool:
    """Convert the warm-up document once; False when that fails."""
    if not warmup:
        return True
    try:
        return _convert(port, warmup, STARTUP_SECONDS).startswith(b"%PDF")
    except (OSError, xmlrpc.client.Error) as exc:
        log.warning("warm LibreOffice failed its warm-up document: %s", exc)
        return False


def _answers(process: subprocess.Popen, port: int) -> bool:
    """Wait until the server answers info() with our API version; False if it exits or never does."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        try:
            return _proxy(port, PING_SECONDS).info()["api"] == API_VERSION
        except (OSError, xmlrpc.client.Error):
            time.sleep(0.25)
    return False

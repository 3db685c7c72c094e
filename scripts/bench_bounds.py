"""How long each bounded failure takes to end in its Thai error: the figures behind tests that assert the error only.

Run by scripts/bench.py; loopback and temporary files only.
"""
from __future__ import annotations

import os
import tempfile
import threading
import time
from pathlib import Path

from scripts.fakes.workbooks import build_zip_bomb
from sheets import errors, sources


def bench_bounds() -> None:
    """Print how long each bounded failure takes to end in its Thai error (the tests check the error only).

    The slow-Google wait is bench_waits'.
    """
    bomb = build_zip_bomb()
    seconds = _seconds_to_raise(errors.BadSource, lambda: sources.read_xlsx_bytes(bomb, name="bomb.xlsx"))
    print(f"zip bomb ({len(bomb) / 1024:.0f} KiB, 1 GiB unpacked): refused after {seconds:.2f} s")
    print(f"hung PDF converter, timeout 1 s: stopped after {_hung_converter_seconds():.2f} s")
    busy, full = _queue_seconds()
    print(f"PDF queue: a request waiting 0.2 s behind another answered busy after {busy:.2f} s; "
          f"a request to a full queue (asking to wait 20 s) refused after {full:.3f} s")


def _seconds_to_raise(error: type[Exception], call) -> float:
    start = time.perf_counter()
    try:
        call()
    except error:
        return time.perf_counter() - start
    raise AssertionError(f"expected {error.__name__}")


def _queue_seconds() -> tuple[float, float]:
    """Return seconds until the PDF queue answers busy (wait 0.2 s) and refuses when full (wait 20 s)."""

    from components.outputs.annex import pdf as annex_pdf

    queue, release, waiting = annex_pdf.ConversionQueue(1), threading.Event(), threading.Event()

    def hold() -> None:
        with queue.turn(1):
            waiting.set()
            release.wait(60)

    holder = threading.Thread(target=hold)
    holder.start()
    waiting.wait(10)
    busy = _seconds_to_raise(annex_pdf.ConversionBusy, lambda: queue.turn(0.2).__enter__())

    def wait_in_line() -> None:
        with queue.turn(5):
            pass

    in_line = threading.Thread(target=wait_in_line)
    in_line.start()
    while queue._waiting < 1:
        time.sleep(0.01)
    full = _seconds_to_raise(annex_pdf.ConversionBusy, lambda: queue.turn(20).__enter__())
    release.set()
    holder.join(30)
    in_line.join(30)
    return busy, full


def _hung_converter_seconds() -> float:
    """Time convert_docx_to_pdf against a fake soffice (first on PATH) that never answers."""

    from components.outputs import annex
    from components.outputs.annex import pdf as annex_pdf

    with tempfile.TemporaryDirectory() as folder:
        fake = Path(folder) / "soffice"
        fake.write_text("#!/bin/sh\nsleep 30\n")
        fake.chmod(0o755)
        path, warm = os.environ.get("PATH", ""), annex_pdf.KEEP_WARM
        os.environ["PATH"], annex_pdf.KEEP_WARM = f"{folder}{os.pathsep}{path}", False  # soffice itself, not the office
        try:
            return _seconds_to_raise(annex.ConversionFailed, lambda: annex.convert_docx_to_pdf(b"PK", timeout=1))
        finally:
            os.environ["PATH"], annex_pdf.KEEP_WARM = path, warm

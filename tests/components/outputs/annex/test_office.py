"""The PDF converter kept warm: one unoserver + LibreOffice, restarted when it dies, behind a bounded queue.

Real LibreOffice where it is installed (skipped only when soffice is missing and CI is
unset); the queue's tests hold the converter with a fake soffice run, so they need none.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pypdfium2
import pytest

from components.outputs import annex
from components.outputs.annex import office
from components.outputs.annex import pdf as annex_pdf
from tests.conftest import ROOT

IN_CI = bool(os.environ.get("CI"))
needs_soffice = pytest.mark.skipif(annex_pdf.find_soffice() is None and not IN_CI,
                                   reason="LibreOffice (soffice) is not installed")


def pdf_text(pdf: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def group_members(pgid: int) -> list[tuple[int, str]]:
    """Return (pid, command) of the live (not zombie) processes in process group pgid."""
    members = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text(encoding="utf-8")
        except (OSError, ValueError):
            continue
        command = stat[stat.index("(") + 1:stat.rindex(")")]
        state, _, group = stat.rsplit(")", 1)[1].split()[:3]
        if int(group) == pgid and state != "Z":
            members.append((int(entry.name), command))
    return members


def wait_until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


@pytest.fixture
def fresh_office(monkeypatch):
    """A warm office of this test's own (the app's one is left alone), stopped afterwards."""
    if annex_pdf.find_soffice() is None and not IN_CI:
        pytest.skip("LibreOffice (soffice) is not installed")
    warm = office.WarmOffice()
    monkeypatch.setattr(annex_pdf, "OFFICE", warm)
    monkeypatch.setattr(annex_pdf, "KEEP_WARM", True)
    yield warm
    warm.stop()


@pytest.fixture(scope="module")
def demo_docx(demo_workbook) -> bytes:
    report = annex.build_report(demo_workbook)
    return annex.build_annex_docx(report, font=annex_pdf.PDF_FONT, size=annex_pdf.PDF_FONT_SIZE)


@pytest.fixture
def held_converter(monkeypatch):
    """Hold the converter: a cold conversion (fake soffice run) that ends when the test says so."""
    release, started = threading.Event(), threading.Event()

    def slow_run(command, env, timeout):
        started.set()
        release.wait(30)
        outdir = Path(command[command.index("--outdir") + 1])
        (outdir / "annex.pdf").write_bytes(b"%PDF-held")
        return subprocess.CompletedProcess(command, 0, b"", b"")

    monkeypatch.setattr(annex_pdf, "find_soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(annex_pdf, "KEEP_WARM", False)
    monkeypatch.setattr(annex_pdf, "_run", slow_run)
    results: list[bytes] = []
    holder = threading.Thread(target=lambda: results.append(annex.convert_docx_to_pdf(b"PK")))
    holder.start()
    assert started.wait(10)
    yield release
    release.set()
    holder.join(30)
    assert results == [b"%PDF-held"]


# ---------------------------------------------------------------- the bounded queue
def test_a_request_that_waits_past_the_bound_gets_a_thai_message(held_converter):
    with pytest.raises(annex_pdf.ConversionBusy) as caught:
        annex.convert_docx_to_pdf(b"PK", wait=0.2)

    assert str(caught.value) == annex_pdf.BUSY_MESSAGE.format(seconds=0.2)
    assert "รอเกิน 0.2 วินาที" in str(caught.value) and "DOCX" in str(caught.value)
    assert isinstance(caught.value, annex.AnnexError)  # the annex page shows it as an error


def test_a_request_that_waits_within_the_bound_gets_its_pdf(held_converter):
    threading.Timer(0.3, held_converter.set).start()
    assert annex.convert_docx_to_pdf(b"PK", wait=20) == b"%PDF-held"


def test_a_full_queue_refuses_at_once(monkeypatch, held_converter):
    monkeypatch.setattr(annex_pdf, "QUEUE", annex_pdf.ConversionQueue(1))
    blocked = threading.Event()
    holder = threading.Thread(target=lambda: annex.convert_docx_to_pdf(b"PK", wait=0.1))
    holder.start()  # the new queue is free: this one takes it and waits on the held fake soffice
    assert wait_until(lambda: annex_pdf.QUEUE._turn.locked(), 10)
    waiter_error: list[Exception] = []

    def wait_in_line():
        blocked.set()
        try:
            annex.convert_docx_to_pdf(b"PK", wait=20)
        except annex_pdf.ConversionBusy as exc:
            waiter_error.append(exc)

    waiter = threading.Thread(target=wait_in_line)
    waiter.start()
    assert wait_until(lambda: annex_pdf.QUEUE._waiting == 1, 10)

    with pytest.raises(annex_pdf.ConversionBusy) as caught:
        annex.convert_docx_to_pdf(b"PK", wait=20)

    assert str(caught.value) == annex_pdf.FULL_MESSAGE.format(count=1), "refused, not queued (wait was 20 s)"
    held_converter.set()
    holder.join(30)
    waiter.join(30)
    assert waiter_error == []  # the one in line got its turn


# ---------------------------------------------------------------- the warm office
def test_a_one_shot_conversion_never_starts_the_warm_office(monkeypatch, tmp_path):
    def cold_run(command, env, timeout):
        outdir = Path(command[command.index("--outdir") + 1])
        (outdir / "annex.pdf").write_bytes(b"%PDF-cold")
        return subprocess.CompletedProcess(command, 0, b"", b"")

    warm = office.WarmOffice()
    monkeypatch.setattr(annex_pdf, "OFFICE", warm)
    monkeypatch.setattr(annex_pdf, "KEEP_WARM", True)
    monkeypatch.setattr(annex_pdf, "find_soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(annex_pdf, "_run", cold_run)

    assert annex.convert_docx_to_pdf(b"PK", warm=False) == b"%PDF-cold"

    assert warm.status() == office.OfficeStatus(None, False, 0, 0, "") and not warm._starting


@needs_soffice
def test_warm_office_starts_on_first_use_and_serves_later_pdfs(fresh_office, demo_docx):
    first = annex.convert_docx_to_pdf(demo_docx)  # cold, while the office starts
    assert fresh_office.wait_ready(180), fresh_office.status()

    second = annex.convert_docx_to_pdf(demo_docx)

    status = fresh_office.status()
    assert (status.starts, status.conversions) == (1, 1)
    assert pdf_text(second) == pdf_text(first)


@needs_soffice
@pytest.mark.parametrize("victim", ["office", "group"])
def test_warm_office_restarts_after_it_is_killed(fresh_office, demo_docx, victim):
    annex_pdf.warm_up()
    assert fresh_office.wait_ready(180), fresh_office.status()
    expected = pdf_text(annex.convert_docx_to_pdf(demo_docx))
    killed = fresh_office.status().pid
    if victim == "office":  # LibreOffice alone dies; unoserver notices or the next request does
        for pid, command in group_members(killed):
            if command.startswith("soffice"):
                os.kill(pid, signal.SIGKILL)
    else:
        os.killpg(killed, signal.SIGKILL)

    assert pdf_text(annex.convert_docx_to_pdf(demo_docx)) == expected  # served cold meanwhile
    assert fresh_office.wait_ready(180), fresh_office.status()
    restarted = fresh_office.status()
    assert restarted.pid not in (None, killed) and restarted.starts == 2
    assert pdf_text(annex.convert_docx_to_pdf(demo_docx)) == expected
    assert fresh_office.status().conversions == restarted.conversions + 1
    assert not group_members(killed)


@needs_soffice
def test_without_uno_bindings_every_pdf_is_made_cold(fresh_office, monkeypatch, demo_docx):
    monkeypatch.setattr(office, "find_uno_python", lambda soffice: None)

    first = annex.convert_docx_to_pdf(demo_docx)
    assert wait_until(lambda: fresh_office.status().failure, 30)
    second = annex.convert_docx_to_pdf(demo_docx)

    status = fresh_office.status()
    assert first.startswith(b"%PDF") and second.startswith(b"%PDF")
    assert (status.pid, status.starts, status.conversions) == (None, 0, 0)
    assert "python3-uno" in status.failure


@needs_soffice
def test_the_warm_office_ends_when_the_app_is_gone():
    script = ("from components.outputs.annex import pdf; pdf.warm_up(); assert pdf.OFFICE.wait_ready(180); "
              "print(pdf.OFFICE.status().pid, flush=True); import time; time.sleep(600)")
    app = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        server = int(app.stdout.readline())
        assert group_members(server)
    finally:
        app.kill()
        app.wait(30)
        shutil.rmtree(Path(tempfile.gettempdir()) / f"ita-annex-soffice-{os.getuid()}-{app.pid}",
                      ignore_errors=True)  # its exit handlers never ran

    assert wait_until(lambda: not group_members(server), 15), group_members(server)

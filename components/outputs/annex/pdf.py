"""DOCX → PDF with LibreOffice, kept warm, using only the shipped Sarabun.

LibreOffice runs with its own profile directory and with FONTCONFIG_FILE pointing at a
generated fontconfig that adds the shipped font directory and maps "TH SarabunPSK" (and
"TH Sarabun New") to Sarabun. The PDF is built from a DOCX set in Sarabun at
PDF_FONT_SIZE, which looks like TH SarabunPSK 16 pt, so the PDF keeps the DOCX's layout
at the same visual size.

One office stays warm in the app (office.WarmOffice: unoserver), started in the
background on first use and restarted when it dies; until it answers, and whenever it
cannot start, a cold `soffice --convert-to` makes the PDF. One conversion runs at a time:
the others wait in a bounded queue (QUEUE_LENGTH requests, QUEUE_WAIT_SECONDS each) and
are then told in Thai to try again. Each conversion has a timeout.
"""
from __future__ import annotations

import atexit
import contextlib
import functools
import io
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import docx as python_docx

from components.outputs.annex import assets, office
from components.outputs.annex import docx as annex_docx
from components.outputs.annex.model import Report
from sheets.errors import OutputError

SOFFICE_NAMES = ("soffice", "libreoffice")
# Sarabun is drawn larger than TH SarabunPSK: 11 pt matches 16 pt (the seed's line breaks fit at 10.1–11.4).
PDF_FONT = assets.FONT_FAMILY
PDF_FONT_SIZE = 11.0
ALIASED_FAMILIES = ("TH SarabunPSK", "TH Sarabun PSK", "TH Sarabun New", "THSarabunNew")
QUEUE_WAIT_SECONDS = 60.0  # a person waits this long behind other PDFs, then is asked to retry
QUEUE_LENGTH = 8  # requests that may wait at once; one more is asked to retry at once
KEEP_WARM = True  # False: a cold soffice for every PDF
MISSING_MESSAGE = "ไม่พบโปรแกรมแปลงเอกสาร LibreOffice: ดาวน์โหลด DOCX หรือ HTML แทน"
BUSY_MESSAGE = ("มีผู้สร้าง PDF อยู่ก่อนหน้า รอเกิน {seconds:g} วินาทีแล้ว: "
                "ลองอีกครั้งในอีกสักครู่ หรือดาวน์โหลด DOCX แทน")
FULL_MESSAGE = "มีคำขอสร้าง PDF รอคิวอยู่ {count} รายการแล้ว: ลองอีกครั้งในอีกสักครู่ หรือดาวน์โหลด DOCX แทน"
TIMEOUT_MESSAGE = "แปลงเอกสารเป็น PDF ไม่เสร็จใน {seconds:g} วินาที: ลองอีกครั้ง หรือดาวน์โหลด DOCX แทน"
OFFICE = office.WarmOffice()
_WORK_LOCK = threading.Lock()

log = logging.getLogger(__name__)


class AnnexError(OutputError):
    """The annex could not be built; the message says what to do instead (Thai)."""


class ConverterMissing(AnnexError):
    """LibreOffice (soffice) is not installed: offer the DOCX or the HTML instead."""

    tool_missing = True

    def __init__(self, message: str = MISSING_MESSAGE) -> None:
        super().__init__(message)


class ConversionFailed(AnnexError):
    """LibreOffice ran but gave no PDF (an error, or it took longer than the timeout)."""


class ConversionBusy(AnnexError):
    """Other PDFs held the converter longer than this request may wait, or the queue is full."""


class ConversionQueue:
    """One conversion at a time; at most `length` waiting, each for at most the wait it asks for."""

    def __init__(self, length: int) -> None:
        self.length = length
        self._turn = threading.Lock()
        self._count = threading.Lock()
        self._waiting = 0

    @contextlib.contextmanager
    def turn(self, wait: float) -> Iterator[None]:
        """Hold the converter for the with-block; raises ConversionBusy (Thai) when it is not had in time."""
        with self._count:
            if self._waiting >= self.length:
                raise ConversionBusy(FULL_MESSAGE.format(count=self._waiting))
            self._waiting += 1
        try:
            acquired = self._turn.acquire(timeout=wait)
        finally:
            with self._count:
                self._waiting -= 1
        if not acquired:
            raise ConversionBusy(BUSY_MESSAGE.format(seconds=wait))
        try:
            yield
        finally:
            self._turn.release()


QUEUE = ConversionQueue(QUEUE_LENGTH)


def find_soffice() -> str | None:
    """Return the path of soffice (or libreoffice), or None when neither is installed."""
    return next((path for path in map(shutil.which, SOFFICE_NAMES) if path), None)


def fontconfig_xml(cache_dir: Path) -> str:
    """Return a fontconfig file: the system config, the shipped fonts, the Thai aliases."""
    aliases = "\n".join(
        f'  <alias binding="same"><family>{name}</family><prefer><family>{PDF_FONT}</family></prefer></alias>'
        for name in ALIASED_FAMILIES)
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{assets.FONT_DIR}</dir>\n  <cachedir>{cache_dir}</cachedir>\n{aliases}\n"
        "</fontconfig>\n")


def _work_dir() -> Path:
    """Return this process's directory for the soffice profile and font cache.

    It is kept between conversions (a new profile costs seconds) and removed at exit.
    """
    path = Path(tempfile.gettempdir()) / f"ita-annex-soffice-{os.getuid()}-{os.getpid()}"
    with _WORK_LOCK:
        if not path.exists():
            path.mkdir(mode=0o700)
            atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def _environment(work: Path) -> dict[str, str]:
    config = work / "fonts.conf"
    with _WORK_LOCK:  # a running office may read it: written once per process
        if not config.exists():
            config.write_text(fontconfig_xml(work / "fontcache"), encoding="utf-8")
    env = dict(os.environ)
    env.update({"FONTCONFIG_FILE": str(config), "HOME": str(work), "SAL_USE_VCLPLUGIN": "svp"})
    return env


def _run(command: list[str], env: dict[str, str], timeout: float) -> subprocess.CompletedProcess:
    """Run soffice in its own process group so a timeout can end all of it."""
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise ConversionFailed(TIMEOUT_MESSAGE.format(seconds=timeout)) from None
    return subprocess.CompletedProcess(command, process.returncode, out, err)


def convert_docx_to_pdf(docx_bytes: bytes, *, timeout: float = 120, wait: float = QUEUE_WAIT_SECONDS,
                        warm: bool = True) -> bytes:
    """Return the PDF of a .docx made by LibreOffice (the warm office when it is ready, else a cold one).

    warm=False (a one-shot process such as the CLI) never starts the warm office.

    Raises ConverterMissing when soffice is not installed, ConversionBusy when other PDFs
    hold the converter longer than `wait` seconds (or the queue is full), and
    ConversionFailed when LibreOffice gives no PDF within `timeout` seconds.
    """
    soffice = find_soffice()
    if soffice is None:
        raise ConverterMissing()
    with QUEUE.turn(wait):
        work = _work_dir()
        env = _environment(work)
        pdf = _convert_warm(soffice, env, work, docx_bytes, timeout) if warm else None
        return pdf if pdf is not None else _convert_cold(soffice, env, work, docx_bytes, timeout)


def _convert_warm(soffice: str, env: dict[str, str], work: Path, docx_bytes: bytes, timeout: float) -> bytes | None:
    """Return the PDF from the warm office, or None (not ready yet, or it failed: it restarts next time)."""
    if not KEEP_WARM:
        return None
    OFFICE.ensure_started(soffice, env, work, warmup_docx())
    try:
        return OFFICE.convert(docx_bytes, timeout)
    except office.OfficeTimeout:
        raise ConversionFailed(TIMEOUT_MESSAGE.format(seconds=timeout)) from None
    except office.OfficeError as exc:
        log.warning("warm LibreOffice failed, converting cold and restarting it: %s", exc)
        OFFICE.ensure_started(soffice, env, work, warmup_docx())
        return None


def warm_up() -> None:
    """Start the warm office in the background (nothing when it runs, is off, or LibreOffice is missing)."""
    soffice = find_soffice()
    if KEEP_WARM and soffice is not None:
        work = _work_dir()
        OFFICE.ensure_started(soffice, _environment(work), work, warmup_docx())


@functools.lru_cache(maxsize=1)
def warmup_docx() -> bytes:
    """Return a one-line Thai DOCX in the PDF font: the warm office converts it once when it starts."""
    document = python_docx.Document()
    run = document.add_paragraph().add_run("รายงานผลการดำเนินการ ๑๒๓ ABC")
    run.font.name = PDF_FONT
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _convert_cold(soffice: str, env: dict[str, str], work: Path, docx_bytes: bytes, timeout: float) -> bytes:
    """Return the PDF from a LibreOffice started for this document alone (soffice --convert-to)."""
    with tempfile.TemporaryDirectory(dir=work) as job:
        source = Path(job) / "annex.docx"
        source.write_bytes(docx_bytes)
        command = [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                   "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                   "--convert-to", "pdf:writer_pdf_Export", "--outdir", job, str(source)]
        result = _run(command, env, timeout)
        target = source.with_suffix(".pdf")
        if not target.exists():
            detail = (result.stderr or result.stdout).decode("utf-8", "replace").strip()[-300:]
            raise ConversionFailed(f"แปลงเอกสารเป็น PDF ไม่สำเร็จ: ดาวน์โหลด DOCX แทน ({detail})")
        return target.read_bytes()


def build_annex_pdf(report: Report, *, timeout: float = 120, wait: float = QUEUE_WAIT_SECONDS,
                    warm: bool = True) -> bytes:
    """Return the annex as PDF bytes: the DOCX set in Sarabun, converted by LibreOffice.

    Raises ConverterMissing (no LibreOffice), ConversionBusy (waited `wait` s behind other
    PDFs) or ConversionFailed (error or timeout).
    """
    docx_bytes = annex_docx.build_annex_docx(report, font=PDF_FONT, size=PDF_FONT_SIZE)
    return convert_docx_to_pdf(docx_bytes, timeout=timeout, wait=wait, warm=warm)

"""DOCX → PDF with LibreOffice (soffice --headless), using only the shipped Sarabun.

soffice runs with its own profile directory (-env:UserInstallation) and with
FONTCONFIG_FILE pointing at a generated fontconfig that adds the shipped font
directory and maps "TH SarabunPSK" (and "TH Sarabun New") to Sarabun. The PDF is
built from a DOCX set in Sarabun at PDF_FONT_SIZE, which looks like TH SarabunPSK
16 pt, so the PDF keeps the DOCX's layout at the same visual size. One conversion
runs at a time (one profile, one lock); each has a timeout.
"""
from __future__ import annotations

import atexit
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path

from components.annex import assets
from components.annex import docx as annex_docx
from components.annex.model import Report
from sheets.errors import OutputError

SOFFICE_NAMES = ("soffice", "libreoffice")
# Sarabun is drawn larger than TH SarabunPSK: 11 pt matches 16 pt (the seed's line breaks fit at 10.1–11.4).
PDF_FONT = assets.FONT_FAMILY
PDF_FONT_SIZE = 11.0
ALIASED_FAMILIES = ("TH SarabunPSK", "TH Sarabun PSK", "TH Sarabun New", "THSarabunNew")
MISSING_MESSAGE = "ไม่พบโปรแกรมแปลงเอกสาร LibreOffice: ดาวน์โหลด DOCX หรือ HTML แทน"
_LOCK = threading.Lock()


class AnnexError(OutputError):
    """The annex could not be built; the message says what to do instead (Thai)."""


class ConverterMissing(AnnexError):
    """LibreOffice (soffice) is not installed: offer the DOCX or the HTML instead."""

    tool_missing = True

    def __init__(self, message: str = MISSING_MESSAGE) -> None:
        super().__init__(message)


class ConversionFailed(AnnexError):
    """LibreOffice ran but gave no PDF (an error, or it took longer than the timeout)."""


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
    if not path.exists():
        path.mkdir(mode=0o700)
        atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def _environment(work: Path) -> dict[str, str]:
    config = work / "fonts.conf"
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
        raise ConversionFailed(
            f"แปลงเอกสารเป็น PDF ไม่เสร็จใน {timeout:g} วินาที: ลองอีกครั้ง หรือดาวน์โหลด DOCX แทน") from None
    return subprocess.CompletedProcess(command, process.returncode, out, err)


def convert_docx_to_pdf(docx_bytes: bytes, *, timeout: float = 120) -> bytes:
    """Return the PDF of a .docx made by LibreOffice.

    Raises ConverterMissing when soffice is not installed and ConversionFailed when it
    gives no PDF within `timeout` seconds.
    """
    soffice = find_soffice()
    if soffice is None:
        raise ConverterMissing()
    with _LOCK:
        work = _work_dir()
        env = _environment(work)
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


def build_annex_pdf(report: Report, *, timeout: float = 120) -> bytes:
    """Return the annex as PDF bytes: the DOCX set in Sarabun, converted by LibreOffice.

    Raises ConverterMissing (no LibreOffice) or ConversionFailed (error or timeout).
    """
    docx_bytes = annex_docx.build_annex_docx(report, font=PDF_FONT, size=PDF_FONT_SIZE)
    return convert_docx_to_pdf(docx_bytes, timeout=timeout)

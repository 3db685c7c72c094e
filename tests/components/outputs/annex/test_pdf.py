"""The annex PDF: LibreOffice turns the DOCX into a PDF whose text layer holds the seed, in Sarabun.

PDF tests need LibreOffice; they skip only when soffice is missing and CI is unset (in CI they must run)."""
from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pypdfium2
import pytest

from components.outputs import annex
from components.outputs.annex import model
from components.outputs.annex import pdf as annex_pdf
from sheets.demo import seed_data
from tests.components.outputs.annex.reading import (
    SCRIPT,
    holds_in_order,
    pdfium_lines,
    pdftotext_lines,
    script_workbook,
    seed_measure_titles,
    seed_oit_lines,
    seed_sentences,
)

IN_CI = bool(os.environ.get("CI"))
needs_soffice = pytest.mark.skipif(annex_pdf.find_soffice() is None and not IN_CI,
                                   reason="LibreOffice (soffice) is not installed")
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None and not IN_CI,
                                   reason="poppler-utils (pdftotext) is not installed")
EXTRACTORS = {"pdftotext": pytest.param(pdftotext_lines, marks=needs_poppler), "pdfium": pdfium_lines}


@pytest.fixture(scope="module")
def cold_demo_pdf(demo_report) -> bytes:
    """The demo annex from a LibreOffice started for it alone (soffice --convert-to)."""
    if annex_pdf.find_soffice() is None and not IN_CI:
        pytest.skip("LibreOffice (soffice) is not installed")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(annex_pdf, "KEEP_WARM", False)
        return annex.build_annex_pdf(demo_report)


@pytest.fixture(scope="module")
def warm_demo_pdf(demo_report) -> bytes:
    """The demo annex from the warm office (unoserver), as the app makes it once warm."""
    if annex_pdf.find_soffice() is None and not IN_CI:
        pytest.skip("LibreOffice (soffice) is not installed")
    return warm_pdf(demo_report)


def warm_pdf(report: model.Report) -> bytes:
    """Return the report's PDF and check that the warm office (started here if need be) made it."""
    annex_pdf.warm_up()
    assert annex_pdf.OFFICE.wait_ready(180), annex_pdf.OFFICE.status()
    before = annex_pdf.OFFICE.status().conversions
    pdf = annex.build_annex_pdf(report)
    assert annex_pdf.OFFICE.status().conversions == before + 1
    return pdf


@pytest.fixture(scope="module", params=["cold", "warm"])
def demo_pdf(request) -> bytes:
    return request.getfixturevalue(f"{request.param}_demo_pdf")


@pytest.fixture(scope="module")
def script_pdf() -> bytes:
    if annex_pdf.find_soffice() is None and not IN_CI:
        pytest.skip("LibreOffice (soffice) is not installed")
    return annex.build_annex_pdf(annex.build_report(script_workbook()))


@needs_soffice
@pytest.mark.parametrize("extract", EXTRACTORS.values(), ids=EXTRACTORS.keys())
def test_pdf_holds_every_measure_and_seed_sentence(demo_pdf, seed_text, extract):
    lines = extract(demo_pdf)
    expected = seed_measure_titles(seed_text) + seed_sentences(seed_text) + seed_oit_lines(seed_text)
    missing = [sentence for sentence in expected if not holds_in_order(lines, sentence)]
    assert missing == []


@needs_soffice
@pytest.mark.parametrize("extract", EXTRACTORS.values(), ids=EXTRACTORS.keys())
def test_pdf_holds_every_demo_activity_cell(demo_pdf, extract):
    lines = extract(demo_pdf)
    texts = [line for record in seed_data.ACTIVITIES
             for key in ("วิธีการดำเนินการ", "ผลการดำเนินการ", "ข้อเสนอแนะ", "ระยะเวลา")
             for line in str(record[key]).split("\n") if line.strip()]
    assert [text for text in texts if not holds_in_order(lines, text)] == []


@needs_soffice
def test_pdf_uses_only_the_shipped_sarabun(demo_pdf):
    document = pypdfium2.PdfDocument(demo_pdf)
    try:
        sizes = [page.get_size() for page in document]
    finally:
        document.close()
    assert sizes[0][0] < sizes[0][1]  # memo: portrait
    assert sizes[-1][0] > sizes[-1][1]  # table: landscape
    if shutil.which("pdffonts"):
        listing = subprocess.run(["pdffonts", "-"], input=demo_pdf, capture_output=True, check=True).stdout
        fonts = [line.split()[0] for line in listing.decode().splitlines()[2:]]
        assert fonts and all("Sarabun" in name for name in fonts)


@needs_soffice
@pytest.mark.parametrize("extract", EXTRACTORS.values(), ids=EXTRACTORS.keys())
def test_script_in_a_cell_is_literal_text_in_the_pdf(script_pdf, extract):
    assert holds_in_order(extract(script_pdf), f"ผล {SCRIPT}")


@needs_soffice
@pytest.mark.parametrize("extract", EXTRACTORS.values(), ids=EXTRACTORS.keys())
def test_warm_and_cold_pdfs_hold_the_same_text(cold_demo_pdf, warm_demo_pdf, extract):
    assert extract(warm_demo_pdf) == extract(cold_demo_pdf)


def test_conversions_run_one_at_a_time(monkeypatch):
    running, peak = [0], [0]

    def fake_run(command, env, timeout):
        running[0] += 1
        peak[0] = max(peak[0], running[0])
        time.sleep(0.2)
        outdir = Path(command[command.index("--outdir") + 1])
        (outdir / "annex.pdf").write_bytes(b"%PDF-fake")
        running[0] -= 1
        return subprocess.CompletedProcess(command, 0, b"", b"")

    monkeypatch.setattr(annex_pdf, "find_soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(annex_pdf, "KEEP_WARM", False)
    monkeypatch.setattr(annex_pdf, "_run", fake_run)
    results: list[bytes] = []
    threads = [threading.Thread(target=lambda: results.append(annex.convert_docx_to_pdf(b"PK"))) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert results == [b"%PDF-fake"] * 3 and peak[0] == 1


def test_missing_libreoffice_raises_a_thai_converter_missing(monkeypatch, demo_report):
    monkeypatch.setattr(annex_pdf, "find_soffice", lambda: None)
    with pytest.raises(annex.ConverterMissing) as caught:
        annex.build_annex_pdf(demo_report)
    assert "LibreOffice" in str(caught.value) and "DOCX" in str(caught.value)


@pytest.mark.parametrize("script, match", [
    ("#!/bin/sh\nsleep 30\n", "วินาที"),  # hangs: stopped at the timeout
    ("#!/bin/sh\necho broken >&2\nexit 1\n", "broken"),  # writes no PDF
])
def test_a_failing_converter_raises_conversion_failed(monkeypatch, tmp_path, script, match):
    fake = tmp_path / "soffice"
    fake.write_text(script)
    fake.chmod(0o755)
    monkeypatch.setattr(annex_pdf, "find_soffice", lambda: str(fake))
    monkeypatch.setattr(annex_pdf, "KEEP_WARM", False)
    with pytest.raises(annex.ConversionFailed, match=match):
        annex.convert_docx_to_pdf(b"PK", timeout=1)


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="fontconfig tools are not installed")
def test_fontconfig_maps_th_sarabunpsk_to_the_shipped_sarabun(tmp_path):
    config = tmp_path / "fonts.conf"
    config.write_text(annex_pdf.fontconfig_xml(tmp_path / "cache"), encoding="utf-8")
    env = dict(os.environ, FONTCONFIG_FILE=str(config))
    for family in ("TH SarabunPSK", "Sarabun"):
        found = subprocess.run(["fc-match", "-f", "%{file}", family], env=env, capture_output=True,
                               text=True, check=True, timeout=60).stdout
        assert found.startswith(str(annex_pdf.assets.FONT_DIR)), found


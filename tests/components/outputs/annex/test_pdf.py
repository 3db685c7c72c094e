"""The printable annex: the Report follows the seed, and the HTML, DOCX and PDF say the same.

Expectations are read from the seed report (tests/data/seed-report-kudjik-2566.txt) and from
sheets/demo/seed_data.py, never typed in here. PDF tests need LibreOffice; they skip
only when soffice is missing and CI is unset (in CI they must run).
"""
from __future__ import annotations

import html as html_lib
import io
import os
import re
import shutil
import subprocess
import threading
import time
from html.parser import HTMLParser
from pathlib import Path

import docx as python_docx
import pypdfium2
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm

from components.outputs import annex
from components.outputs.annex import docx as annex_docx
from components.outputs.annex import model
from components.outputs.annex import pdf as annex_pdf
from sheets.demo import seed_data
from tests.conftest import make_workbook

IN_CI = bool(os.environ.get("CI"))
needs_soffice = pytest.mark.skipif(annex_pdf.find_soffice() is None and not IN_CI,
                                   reason="LibreOffice (soffice) is not installed")
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None and not IN_CI,
                                   reason="poppler-utils (pdftotext) is not installed")
THAI_DIGIT = re.compile("[๐-๙]")
SCRIPT = "<script>alert(1)</script>"
SEED_TABLE_HEADER = "\t".join(model.TABLE_HEADERS)


# ---------------------------------------------------------------- reading the seed
def squash(text: str) -> str:
    """Return text without any whitespace (line breaks differ between layouts)."""
    return "".join(text.split())


def seed_block(seed_text: str, start: str, end: str) -> list[str]:
    """Return the seed's non-blank lines from the line starting `start` up to the one starting `end`."""
    lines = [line.strip() for line in seed_text.splitlines()]
    first = next(i for i, line in enumerate(lines) if line.startswith(start))
    last = next(i for i, line in enumerate(lines) if i > first and line.startswith(end))
    return [line for line in lines[first:last] if line]


def seed_table_cells(seed_text: str) -> list[list[list[str]]]:
    """Return the seed's annex table: rows of six cells, each a list of paragraphs."""
    rows = []
    for line in seed_text.splitlines():
        cells = line.split("\t")
        if len(cells) == len(model.TABLE_HEADERS) and line.strip() != SEED_TABLE_HEADER:
            rows.append([[html_lib.unescape(p).strip() for p in re.split(r"</?p>", cell) if p.strip()]
                         for cell in cells])
    return rows


def seed_sentences(seed_text: str) -> list[str]:
    """Return every method, result and recommendation sentence of the seed's annex table.

    A sentence is one numbered item ("๑. …", its number dropped: the seed numbers
    single activities too) or one "- …" item of a cell.
    """
    sentences = []
    for row in seed_table_cells(seed_text):
        for cell in (row[1], row[4], row[5]):
            for paragraph in cell:
                for item in re.split(r"\s+(?=[๑-๙]\.|-\s)", paragraph):
                    item = re.sub(r"^[๑-๙]\.\s*", "", item).strip()
                    if item:
                        sentences.append(item)
    return sentences


def seed_measure_titles(seed_text: str) -> list[str]:
    """Return the memo's numbered measure titles ("๑. …" paragraphs, wrapped lines joined)."""
    lines = seed_block(seed_text, "ตามที่", "บัดนี้")
    titles, current = [], None
    for line in lines:
        if re.match(r"^[๑-๙]\. ", line):
            if current:
                titles.append(current)
            current = line.split(" ", 1)[1]
        elif current is not None:
            current += line
    return titles + [current]


def seed_oit_lines(seed_text: str) -> list[str]:
    return [line.strip() for line in seed_text.splitlines() if line.strip().startswith("ข้อ O")]


# ---------------------------------------------------------------- reading the outputs
def holds_in_order(lines: list[str], sentence: str) -> bool:
    """True when `sentence` runs through the extracted lines (all whitespace removed).

    Contiguous text, or, for a table row split across pages, a line's end, whole
    lines and a line's start in order, where each gap between the pieces holds the
    repeated header row (the gap holds the row's other cells and the new page's header).
    """
    lines = [squash(line) for line in lines if squash(line)]
    target = squash(sentence)
    if target in "".join(lines):
        return True
    for index, line in enumerate(lines):
        for cut in range(1, len(line) + 1):
            if target.startswith(line[-cut:]) and _rest_follows(lines, index + 1, target[cut:]):
                return True
    return False


def _rest_follows(lines: list[str], index: int, rest: str) -> bool:
    header = squash("".join(model.TABLE_HEADERS))
    while rest:
        gap = []
        while index < len(lines) and not (rest.startswith(lines[index]) or lines[index].startswith(rest)):
            gap.append(lines[index])
            index += 1
        if index >= len(lines) or (gap and header not in gap):
            return False
        if lines[index].startswith(rest):
            return True
        rest, index = rest[len(lines[index]):], index + 1
    return True


def pdftotext_lines(pdf: bytes) -> list[str]:
    result = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"], input=pdf,
                            capture_output=True, check=True, timeout=60)
    return result.stdout.decode("utf-8").splitlines()


def pdfium_lines(pdf: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [line for page in document for line in page.get_textpage().get_text_range().splitlines()]
    finally:
        document.close()


EXTRACTORS = {"pdftotext": pytest.param(pdftotext_lines, marks=needs_poppler), "pdfium": pdfium_lines}


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("style", "title")
        if tag in ("p", "td", "th", "tr", "br", "div", "h2"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "title")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def html_lines(document: str) -> list[str]:
    parser = _TextOnly()
    parser.feed(document)
    return "".join(parser.parts).splitlines()


def docx_lines(data: bytes) -> list[str]:
    document = python_docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.extend(p.text for p in cell.paragraphs)
    return lines


def report_lines(report: model.Report) -> list[str]:
    memo, summary, table = report.memo, report.summary, report.annex
    lines = [memo.unit, memo.document_no, memo.date, memo.subject, memo.addressee, memo.opening,
             *memo.measures, memo.closing, memo.request]
    lines += [summary.heading, summary.organization, summary.intro]
    for section in summary.sections:
        lines += [section.heading, *section.items, section.lead]
        lines += [line for group in section.groups for line in (group.heading, *group.items)]
    lines += [table.title, table.subtitle, table.intro]
    return [line for line in lines if line]


# ---------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def demo_report(demo_workbook) -> model.Report:
    return annex.build_report(demo_workbook)


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


@pytest.fixture(scope="module")
def demo_docx(demo_report) -> bytes:
    return annex.build_annex_docx(demo_report)


def script_workbook():
    """A small workbook whose result cell holds a script tag and whose title holds markup."""
    departments = {"สำนักปลัดเทศบาล": [(1, "กิจกรรม <b>ก</b> & ข", "", "", "", "เสร็จแล้ว", 100,
                                         f"ผล {SCRIPT}", "", "", "")]}
    return make_workbook(departments=departments)


# ---------------------------------------------------------------- the report follows the seed
def test_seed_expectations_are_read(seed_text):
    assert len(seed_table_cells(seed_text)) == len(seed_data.MEASURES)
    assert len(seed_sentences(seed_text)) >= 25
    assert seed_measure_titles(seed_text) == [m["มาตรการ"] for m in seed_data.MEASURES]
    assert len(seed_oit_lines(seed_text)) == len(seed_data.FLAGGED_CODES.split(","))


def test_memo_reads_like_the_seed(demo_report, seed_text):
    memo = demo_report.memo
    ours = ["บันทึกข้อความ", f"ส่วนราชการ {memo.unit}", f"ที่ {memo.document_no}", f"วันที่ {memo.date}",
            f"เรื่อง {memo.subject}", f"เรียน {memo.addressee}", memo.opening, *memo.measures,
            memo.closing, memo.request, memo.reporter.name, *memo.reporter.positions]
    for comment in memo.comments:
        ours += [comment.line, comment.signature.name, *comment.signature.positions]
    seed = seed_block(seed_text, "บันทึกข้อความ", "ผลการดำเนินการ ตามมาตรการ")
    assert squash("".join(ours)) == squash("".join(seed))
    assert memo.date == "๓๑ มีนาคม ๒๕๖๖"
    assert memo.comments[0].line == "ความเห็นของปลัดเทศบาล.....-ทราบ....."


def test_summary_lines_are_the_seeds(demo_report, seed_text):
    summary = demo_report.summary
    ours = [summary.heading, summary.organization, summary.intro]
    for section in summary.sections:
        ours += [section.heading, *section.items] + ([section.lead] if section.lead else [])
        ours += [line for group in section.groups for line in (group.heading, *group.items)]
    assert ours == seed_block(seed_text, "ผลการดำเนินการ ตามมาตรการ", "รายงานผลการดำเนินการตามมาตรการ")


def test_annex_title_and_intro_are_the_seeds(demo_report, seed_text):
    table = demo_report.annex
    assert [table.title, table.subtitle, table.intro] == seed_block(seed_text, "รายงานผลการดำเนินการตามมาตรการ",
                                                                    "มาตรการ\t")


def test_table_rows_number_methods_and_list_owners(demo_report, seed_text):
    rows = demo_report.annex.rows
    assert [row.measure for row in rows] == [f"{n}. {t}" for n, t in
                                             zip("๑๒๓๔๕๖๗", seed_measure_titles(seed_text), strict=True)]
    single, double, triple = rows[0], rows[1], rows[5]
    assert not THAI_DIGIT.match(single.methods[0])
    assert [m[:3] for m in double.methods] == ["๑. ", "๒. "]
    assert triple.owners == ("สำนักปลัดเทศบาล", "งานตรวจสอบภายใน", "งานนิติการ")
    seed_owners = [cells[2] for cells in seed_table_cells(seed_text)]
    assert [list(row.owners) for row in rows] == seed_owners
    assert rows[2].results == tuple(seed_data.ACTIVITIES[3]["ผลการดำเนินการ"].split("\n"))


# ---------------------------------------------------------------- the PDF
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
def test_warm_and_cold_pdfs_hold_the_same_text(cold_demo_pdf, warm_demo_pdf, extract):
    assert extract(warm_demo_pdf) == extract(cold_demo_pdf)


@needs_soffice
@pytest.mark.parametrize("extract", EXTRACTORS.values(), ids=EXTRACTORS.keys())
def test_script_in_a_cell_is_literal_text_in_the_pdf(script_pdf, extract):
    assert holds_in_order(extract(script_pdf), f"ผล {SCRIPT}")


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
    started = time.monotonic()
    with pytest.raises(annex.ConversionFailed, match=match):
        annex.convert_docx_to_pdf(b"PK", timeout=1)
    assert time.monotonic() - started < 15


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="fontconfig tools are not installed")
def test_fontconfig_maps_th_sarabunpsk_to_the_shipped_sarabun(tmp_path):
    config = tmp_path / "fonts.conf"
    config.write_text(annex_pdf.fontconfig_xml(tmp_path / "cache"), encoding="utf-8")
    env = dict(os.environ, FONTCONFIG_FILE=str(config))
    for family in ("TH SarabunPSK", "Sarabun"):
        found = subprocess.run(["fc-match", "-f", "%{file}", family], env=env, capture_output=True,
                               text=True, check=True, timeout=60).stdout
        assert found.startswith(str(annex_pdf.assets.FONT_DIR)), found


# ---------------------------------------------------------------- the HTML
def test_html_escapes_every_sheet_string():
    document = annex.build_annex_html(annex.build_report(script_workbook()))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in document
    assert "<script" not in document.lower()
    assert "กิจกรรม &lt;b&gt;ก&lt;/b&gt; &amp; ข" in document
    assert holds_in_order(html_lines(document), f"ผล {SCRIPT}")


def test_html_holds_the_seed_and_prints_table_landscape(demo_report, seed_text):
    document = annex.build_annex_html(demo_report, print_button=True)
    lines = html_lines(document)
    expected = seed_measure_titles(seed_text) + seed_sentences(seed_text) + seed_oit_lines(seed_text)
    assert [s for s in expected if not holds_in_order(lines, s)] == []
    assert "@page annex { size: A4 landscape" in document and "page: annex" in document
    assert "thead { display: table-header-group; }" in document
    assert 'onclick="window.print()"' in document and "@media print" in document
    assert "@font-face" in document and "data:font/ttf;base64," in document


# ---------------------------------------------------------------- the DOCX
def _font_of(rpr) -> dict:
    fonts, lang = rpr.find(qn("w:rFonts")), rpr.find(qn("w:lang"))
    return {
        "fonts": {fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")},
        "sz": rpr.find(qn("w:sz")).get(qn("w:val")), "szCs": rpr.find(qn("w:szCs")).get(qn("w:val")),
        "bidi": lang.get(qn("w:bidi")),
    }


def test_docx_sets_thai_font_size_and_language_everywhere(demo_docx):
    document = python_docx.Document(io.BytesIO(demo_docx))
    expected = {"fonts": {"TH SarabunPSK"}, "sz": "32", "szCs": "32", "bidi": "th-TH"}
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert _font_of(defaults) == expected
    assert _font_of(document.styles["Normal"].element.rPr) == expected
    runs = [run for p in document.paragraphs for run in p.runs]
    runs += [run for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs for run in p.runs]
    assert runs
    for run in runs:
        props = _font_of(run._r.rPr)
        assert props["fonts"] == {"TH SarabunPSK"} and props["bidi"] == "th-TH"
        assert props["sz"] == props["szCs"] and int(props["sz"]) >= 32


def test_docx_memo_portrait_table_landscape_with_repeating_header(demo_docx):
    document = python_docx.Document(io.BytesIO(demo_docx))
    memo, table_section = document.sections
    def close(length, cm):  # lengths are stored in whole twips
        return abs(length - Cm(cm)) < Cm(0.01)

    assert close(memo.page_width, 21) and close(memo.page_height, 29.7)
    assert close(table_section.page_width, 29.7) and table_section.orientation == 1
    (table,) = document.tables
    tbl_pr = table._tbl.tblPr
    assert tbl_pr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert grid == [width.twips for width in annex_docx.COLUMN_WIDTHS]
    assert sum(grid) == int(tbl_pr.find(qn("w:tblW")).get(qn("w:w")))
    assert tbl_pr.find(qn("w:tblCellMar")) is not None
    header, *rows = table.rows
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in header.cells] == list(model.TABLE_HEADERS)
    for row in rows:
        assert row._tr.trPr.find(qn("w:tblHeader")) is None
        cant_split = row._tr.trPr.find(qn("w:cantSplit"))
        assert cant_split is None or cant_split.get(qn("w:val")) in ("0", "false")


def test_docx_holds_the_seed_text(demo_docx, seed_text):
    lines = docx_lines(demo_docx)
    expected = seed_measure_titles(seed_text) + seed_sentences(seed_text) + seed_oit_lines(seed_text)
    assert [s for s in expected if not holds_in_order(lines, s)] == []
    assert "(ลงชื่อ)" in "".join(lines) and "ผู้รายงาน" in "".join(lines)


def test_docx_keeps_a_script_as_literal_text():
    lines = docx_lines(annex.build_annex_docx(annex.build_report(script_workbook())))
    assert f"ผล {SCRIPT}" in lines


def test_docx_for_pdf_uses_sarabun_at_the_matched_size(demo_report):
    data = annex.build_annex_docx(demo_report, font="Sarabun", size=annex_pdf.PDF_FONT_SIZE)
    normal = python_docx.Document(io.BytesIO(data)).styles["Normal"].element.rPr
    assert _font_of(normal)["fonts"] == {"Sarabun"}
    assert _font_of(normal)["sz"] == str(round(annex_pdf.PDF_FONT_SIZE * 2))


# ---------------------------------------------------------------- digits, filters, fallbacks
def test_arabic_digits_everywhere_we_generate(demo_workbook):
    report = annex.build_report(demo_workbook, arabic_digits=True)
    assert report.memo.date == "31 มีนาคม 2566"
    assert report.memo.subject.endswith("พ.ศ. 2566") and report.memo.measures[0].startswith("1. ")
    assert report.summary.sections[0].items[0].startswith("1.1 มาตรการ")
    oit = [item for group in report.summary.sections[0].groups for item in group.items]
    assert oit[0] == "ข้อ O1 โครงสร้างองค์กร"
    assert "ข้อ O11 รายงานการติดตามการดำเนินงานประจำปี รอบ 6 เดือน" in oit
    assert report.annex.rows[1].methods[0].startswith("1. นำผลการประเมินในปี ๒๕๖๕")  # sheet text kept
    assert report.memo.document_no == "นม ๕๒๖๐๑/๕๘๙"  # sheet text kept
    generated = [line for line in report_lines(report) if line not in (report.memo.document_no,)]
    sheet_text = {m.title for m in demo_workbook.measures}
    assert [line for line in generated if THAI_DIGIT.search(line) and not any(t in line for t in sheet_text)] == []
    assert "ข้อ O1 โครงสร้างองค์กร" in annex.build_annex_html(report)


def test_thai_digits_by_default_keep_the_sheets_own_digits():
    departments = {"สำนักปลัดเทศบาล": [(1, "ประชุม 2 ครั้ง", "", "", "", "", "", "", "", "", ""),
                                         (1, "รายงาน", "", "", "", "", "", "", "", "", "")]}
    workbook = make_workbook(departments=departments)
    report = annex.build_report(workbook)
    assert report.annex.rows[0].methods == ("๑. ประชุม 2 ครั้ง", "๒. รายงาน")
    assert report.memo.subject.endswith("พ.ศ. ๒๕๖๖")
    title = next(item.title for item in workbook.oit_items if item.code == "O1")  # the catalog's
    assert report.summary.sections[0].groups[0].items == (f"ข้อ O๑ {title}",)


def test_measure_filter_keeps_only_the_chosen_measures(small_workbook):
    report = annex.build_report(small_workbook, measures=[2])
    assert report.memo.measures == ("๒. มาตรการสอง",)
    assert [row.measure for row in report.annex.rows] == ["๒. มาตรการสอง"]
    (section,) = report.summary.sections  # O1 belongs to measure 1 only: no improvement list
    assert section.heading.startswith("๑. การดำเนินการ") and section.items == ("๑.๑ มาตรการสอง",)


def test_department_filter_keeps_a_measure_row_without_activities(small_workbook):
    report = annex.build_report(small_workbook, departments=["กองคลัง"])
    first, second = report.annex.rows
    assert first.measure == "๑. มาตรการหนึ่ง" and first.methods == first.owners == first.results == ()
    assert second.methods == ("กิจกรรม ข",) and second.owners == ("กองคลัง",)


def test_owners_are_distinct_and_multiline_cells_become_paragraphs():
    rows = [(1, "ก", "งานนิติการ", "มกราคม", "", "", "", "บรรทัดหนึ่ง\nบรรทัดสอง", "", "", ""),
            (1, "ข", "งานนิติการ", "", "", "", "", "", "แนะนำ", "", ""),
            (1, "ค", "", "", "", "", "", "", "", "", "")]
    report = annex.build_report(make_workbook(departments={"กองคลัง": rows}))
    row = report.annex.rows[0]
    assert row.methods == ("๑. ก", "๒. ข", "๓. ค")
    assert row.owners == ("งานนิติการ", "กองคลัง")
    assert row.periods == ("มกราคม",) and row.results == ("บรรทัดหนึ่ง", "บรรทัดสอง")
    assert row.recommendations == ("แนะนำ",)


def test_comment_falls_back_to_the_position_and_to_dots():
    settings = [("ชื่อหน่วยงาน", "เทศบาลทดสอบ"), ("ปีงบประมาณ", 2566),
                ("ผู้บังคับบัญชา", "นายหนึ่ง"), ("ตำแหน่งผู้บังคับบัญชา", "หัวหน้าสำนักปลัด\nปลัดเทศบาล")]
    memo = annex.build_report(make_workbook(settings=settings)).memo
    reviewer, executive = memo.comments
    assert reviewer.line == f"ความเห็นของปลัดเทศบาล{model.DOTS}"
    assert reviewer.signature == model.Signature("(นายหนึ่ง)", ("หัวหน้าสำนักปลัด", "ปลัดเทศบาล"))
    assert executive.line.startswith("ความเห็นของผู้บริหาร")
    assert memo.document_no == memo.date == memo.addressee == model.DOTS


def test_file_names_keep_thai_and_drop_unsafe_characters(demo_report):
    assert annex.file_name(demo_report, "pdf") == "รายงานผล_ITA_2566.pdf"
    assert not re.search(r"[\\/:*?\"<>|\s]", annex.file_name(demo_report, "docx"))


def test_the_annex_of_a_2569_sheet_lists_its_flagged_items_with_2569_titles():
    workbook = make_workbook(settings=[("ชื่อหน่วยงาน", "เทศบาลทดสอบ"), ("ปีงบประมาณ", 2569)],
                             measures=[(1, "มาตรการหนึ่ง", "", "O3, O25")],
                             oit=[("O3", "", "", "เผยแพร่แล้ว", "", "", "ใช่", ""),
                                  ("O25", "", "", "ยังไม่ดำเนินการ", "", "", "ใช่", "")])
    lines = html_lines(annex.build_annex_html(annex.build_report(workbook, arabic_digits=True)))
    assert "ข้อ O3 ข้อมูลการติดต่อและช่องทางการสอบถาม" in lines
    assert "ข้อ O25 การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร" in lines
    assert not any("อำนาจหน้าที่" in line for line in lines)  # O3 of the 2565/2566 lists is not used

"""Reading the seed report and the annex outputs back as lines, for the annex tests.

Expectations are read from the seed report (tests/data/seed-report-kudjik-2566.txt) and from
sheets/demo/seed_data.py, never typed in the tests.
"""
from __future__ import annotations

import html as html_lib
import io
import re
import subprocess
from html.parser import HTMLParser

import docx as python_docx
import pypdfium2

from components.outputs.annex import model, wording
from tests.conftest import make_workbook

THAI_DIGIT = re.compile("[๐-๙]")
SCRIPT = "<script>alert(1)</script>"
SEED_TABLE_HEADER = "\t".join(wording.TABLE_HEADERS)


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
        if len(cells) == len(wording.TABLE_HEADERS) and line.strip() != SEED_TABLE_HEADER:
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
    header = squash("".join(wording.TABLE_HEADERS))
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


def script_workbook():
    """A small workbook whose result cell holds a script tag and whose title holds markup."""
    departments = {"สำนักปลัดเทศบาล": [(1, "กิจกรรม <b>ก</b> & ข", "", "", "", "เสร็จแล้ว", 100,
                                         f"ผล {SCRIPT}", "", "", "")]}
    return make_workbook(departments=departments)


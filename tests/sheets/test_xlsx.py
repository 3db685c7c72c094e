"""The `.xlsx` reader (calamine behind the scan): hostile zips and sparse sheets end in Thai, fast."""
import io
import json
import re
import struct
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from sheets import xlsx, xlsx_scan
from sheets.errors import BadSource

ROOT = Path(__file__).resolve().parents[2]
SHEET = "xl/worksheets/sheet1.xml"


def small_xlsx(build=None) -> bytes:
    book = Workbook()
    book.active.title = "กองช่าง"
    book.active["A1"] = "หัวตาราง"
    if build:
        build(book.active)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rewrite(data: bytes, edit, compression=zipfile.ZIP_DEFLATED) -> bytes:
    """Return the workbook with the first sheet's XML passed through edit(xml)."""
    source, target = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(target, "w", compression) as archive:
        for info in source.infolist():
            member = source.read(info)
            archive.writestr(info.filename, edit(member) if info.filename == SHEET else member)
    return target.getvalue()


def sparse_xlsx(extra_cell: str = "") -> bytes:
    """About 5 KB: a sheet that declares the whole grid, cells in row 1 and row 20,000 only."""
    def build(sheet):
        sheet["A20000"] = "ท้ายตาราง"

    def edit(xml):
        xml = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', xml)
        return xml.replace(b"</sheetData>", extra_cell.encode() + b"</sheetData>")
    return rewrite(small_xlsx(build), edit)


def read_in_child(path: Path, limit: float = 60) -> dict:
    """Read a file in a child process (killed after `limit` s); return its outcome and seconds."""
    code = textwrap.dedent(f"""
        import json, sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from sheets import xlsx
        from sheets.errors import BadSource
        started = time.monotonic()
        try:
            raw = xlsx.read_xlsx_path({str(path)!r})
            outcome = {{"rows": len(raw.tabs[0].rows), "last": str(raw.tabs[0].rows[-1])}}
        except BadSource as error:
            outcome = {{"refused": str(error)}}
        outcome["seconds"] = time.monotonic() - started
        print(json.dumps(outcome))
    """)
    try:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        pytest.fail(f"reading {path.name} took over {limit} s")
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_sparse_sheet_declaring_the_whole_grid_is_read_in_under_five_seconds(tmp_path):
    path = tmp_path / "sparse.xlsx"
    path.write_bytes(sparse_xlsx())
    assert len(path.read_bytes()) < 8_000
    outcome = read_in_child(path)
    assert outcome.get("rows") == 20_000 and "ท้ายตาราง" in outcome["last"]
    assert outcome["seconds"] <= 5


def test_two_cells_at_opposite_corners_are_refused_before_any_grid_is_built(tmp_path):
    path = tmp_path / "corners.xlsx"
    path.write_bytes(sparse_xlsx('<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row>'))
    outcome = read_in_child(path)
    assert "XFD1048576" in outcome.get("refused", "") and outcome["seconds"] <= 5


def test_the_budget_counts_real_cells_not_padding():
    (scan,) = xlsx_scan.scan_xlsx(sparse_xlsx(), "sparse.xlsx")
    assert scan.cells == 2 and (scan.rows, scan.columns) == (20_000, 1)


def test_styled_empty_cells_count_neither_as_cells_nor_as_grid():
    data = sparse_xlsx('<row r="1048576"><c r="XFD1048576" s="0"/></row>')
    (scan,) = xlsx_scan.scan_xlsx(data, "styled.xlsx")
    assert scan.cells == 2 and scan.grid == 20_000


def test_a_refused_file_is_refused_again_without_reading(monkeypatch):
    data = sparse_xlsx('<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row>')
    with pytest.raises(BadSource) as first:
        xlsx.read_xlsx_bytes(data, name="corners.xlsx")
    monkeypatch.setattr(xlsx_scan, "scan_xlsx", lambda *a: pytest.fail("read again"))
    with pytest.raises(BadSource) as second:
        xlsx.read_xlsx_bytes(data, name="corners.xlsx")
    assert str(second.value) == str(first.value)


def patch_member(data: bytes, name: str, offset: int, fmt: str, value: int) -> bytes:
    """Return the zip with one field of a member's local header and central entry overwritten."""
    blob = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    struct.pack_into(fmt, blob, info.header_offset + offset, value)
    central = blob.find(b"PK\x01\x02" + bytes(blob[blob.find(b"PK\x01\x02") + 4:][:0]))
    while True:
        size = struct.unpack_from("<H", blob, central + 28)[0]
        if blob[central + 46:central + 46 + size] == name.encode():
            break
        central = blob.find(b"PK\x01\x02", central + 4)
    struct.pack_into(fmt, blob, central + offset + 2, value)  # central fields sit 2 bytes later
    return bytes(blob)


def encrypted_member() -> bytes:
    data = small_xlsx()
    flags = zipfile.ZipFile(io.BytesIO(data)).getinfo(SHEET).flag_bits
    return patch_member(data, SHEET, 6, "<H", flags | 0x1)


def method_99() -> bytes:
    return patch_member(small_xlsx(), SHEET, 8, "<H", 99)


def corrupt_deflate() -> bytes:
    data = bytearray(small_xlsx())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(SHEET)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start:start + 8] = b"\xff" * 8  # reserved block type: zlib.error
    return bytes(data)


def parse_error_after_dimension() -> bytes:
    return rewrite(small_xlsx(), lambda xml: xml.replace(b"<sheetData>", b"<sheetData><row r=\"1\"><c r=\"A1\"</row>"))


BROKEN = [
    ("encrypted member", encrypted_member, "เข้ารหัส"),
    ("compression method 99 (AES)", method_99, "เข้ารหัส"),
    ("compression method 9", lambda: patch_member(small_xlsx(), SHEET, 8, "<H", 9), "ไม่รองรับ"),
    ("corrupt deflate stream", corrupt_deflate, "เสียหาย"),
    ("XML parse error after dimension", parse_error_after_dimension, "ไม่ใช่ไฟล์ Excel (.xlsx) ที่สมบูรณ์"),
]


@pytest.mark.parametrize("label, make, words", BROKEN, ids=[row[0] for row in BROKEN])
def test_broken_zip_or_xml_is_a_thai_bad_source(label, make, words):
    data = make()
    with pytest.raises(BadSource) as error:
        xlsx.read_xlsx_bytes(data, name="broken.xlsx")
    assert words in str(error.value) and "broken.xlsx" in str(error.value)


def test_each_broken_file_really_breaks_the_stdlib_reader():
    """The crafted files raise what the finding names, so the tests above test that path."""
    expected = [RuntimeError, NotImplementedError, __import__("zlib").error]
    for make, kind in zip([encrypted_member, method_99, corrupt_deflate], expected):
        with zipfile.ZipFile(io.BytesIO(make())) as archive, pytest.raises(kind):
            archive.read(SHEET)


def test_a_member_longer_than_declared_is_refused():
    data = small_xlsx()
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(SHEET)
    short = patch_member(data, SHEET, 22, "<I", info.file_size // 2)
    started = time.monotonic()
    with pytest.raises(BadSource):
        xlsx.read_xlsx_bytes(short, name="short.xlsx")
    assert time.monotonic() - started < 5


def test_values_dates_percent_thai_booleans_and_error_cells():
    import datetime as dt

    def build(sheet):
        sheet.append(["เสร็จแล้ว", 50, 0.75, True, dt.date(2023, 3, 31), dt.datetime(2023, 3, 31, 10, 30), "#DIV/0!"])
        sheet["C2"].number_format = "0%"
    raw = xlsx.read_xlsx_bytes(small_xlsx(build), name="values.xlsx")
    assert raw.tabs[0].rows[1] == ["เสร็จแล้ว", 50, 0.75, True, dt.date(2023, 3, 31),
                                   dt.datetime(2023, 3, 31, 10, 30), "#DIV/0!"]
    assert raw.tabs[0].title == "กองช่าง"


def test_formula_without_value_written_with_a_namespace_prefix_is_reported():
    def edit(xml):
        xml = xml.replace(b"<worksheet xmlns=", b"<x:worksheet xmlns:x=").replace(b"</worksheet>", b"</x:worksheet>")
        xml = re.sub(rb"<(/?)(sheetData|row|c|v|is|t|dimension|sheetViews|sheetView|selection|sheetFormatPr|"
                     rb"pageMargins|sheetPr|outlinePr|pageSetUpPr)\b", rb"<\1x:\2", xml)
        return xml.replace(b"</x:row></x:sheetData>", b"<x:c r=\"B1\"><x:f>1+1</x:f></x:c></x:row></x:sheetData>")
    raw = xlsx.read_xlsx_bytes(rewrite(small_xlsx(), edit), name="prefixed.xlsx")
    assert [note.a1 for note in raw.tabs[0].notes] == ["B1"]

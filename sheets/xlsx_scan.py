"""What an `.xlsx` zip holds, learned before any parser sees it: the hostile-file gate.

The zip directory is checked first (size, member count, unzipped total: a zip bomb is
refused before anything is inflated). Then every member is inflated once by Python's
zipfile, which never reads past a member's declared size and checks its CRC, so an
encrypted member, an unknown compression method or a corrupt deflate stream ends here
as BadSource. Each worksheet's XML is scanned with byte searches for the figures the
reader's limits need: cells that hold a value (the budget counts these, never padding),
the grid a parser would build (rows × columns from the farthest cell), and the cells a
value reader cannot tell apart from blanks (error values, formulas without a saved value).
"""
from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.etree import ElementTree

from sheets import cells
from sheets.errors import BadSource

MAX_FILE_BYTES = 25 * 1024 * 1024
MAX_UNZIPPED_BYTES = 40 * 1024 * 1024
MAX_MEMBERS = 10_000
ENCRYPTED_FLAG = 0x1
AES_METHOD = 99
MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
WORKSHEET_TYPE = "/worksheet"
PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"
VALUE_TAG_RE = re.compile(rb"<" + PREFIX + rb"(?:v|is)[\s>]")
OPEN_CELL_RE = re.compile(rb"<" + PREFIX + rb"c\b[^>]*(?<!/)>")
REF_CELL_RE = re.compile(rb"<" + PREFIX + rb"c\s[^>]*?\br=\"([A-Z]{1,3})([0-9]{1,7})\"[^>]*(?<!/)>")
ROW_TAG_RE = re.compile(rb"<" + PREFIX + rb"row\b([^>]*)>")
ROW_NUMBER_RE = re.compile(rb"\br=\"([0-9]{1,7})\"")
TAG_RE = re.compile(rb"<(/?)" + PREFIX + rb"(row|c|f|v)\b([^>]*)>")
REF_RE = re.compile(rb"\br=\"([A-Z]{1,3})([0-9]{1,7})\"")
TYPE_RE = re.compile(rb"\bt=\"([a-zA-Z]*)\"")
REF_FIRST_CELL = rb'c r="([A-Z]{1,3})([0-9]{1,7})"[^>]*(?<!/)>'
SHEET_DATA_RE = re.compile(rb"<([A-Za-z_][\w.-]*:)?sheetData\b")


@dataclass
class SheetScan:
    """One worksheet: its tab title, real cells, grid bound, and the cells a value reader misses."""

    title: str
    cells: int = 0
    rows: int = 0
    columns: int = 0
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column) 1-based/0-based → "#N/A"
    formulas: list[tuple[int, int]] = field(default_factory=list)  # formula cells with no saved value

    @property
    def grid(self) -> int:
        return self.rows * self.columns


def scan_xlsx(data: bytes, name: str) -> list[SheetScan]:
    """Return the worksheets of `.xlsx` bytes in workbook order; raise BadSource for a file not to parse."""
    if len(data) > MAX_FILE_BYTES:
        raise BadSource(f"ไฟล์ “{name}” ใหญ่เกิน {MAX_FILE_BYTES // 1024 // 1024} MB")
    if not data.startswith(b"PK"):
        raise BadSource(f"ไฟล์ “{name}” ไม่ใช่ไฟล์ Excel (.xlsx) บันทึกเป็น .xlsx แล้วลองใหม่")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_directory(archive, name)
            members = _inflate_all(archive, name)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise BadSource(f"ไฟล์ “{name}” เสียหาย (zip อ่านไม่ได้) ลองบันทึกใหม่เป็น .xlsx") from exc
    if "xl/workbook.xml" not in members:
        raise BadSource(f"ไฟล์ “{name}” ไม่ใช่ไฟล์ Excel (.xlsx) บันทึกเป็น .xlsx แล้วลองใหม่")
    return [scan_sheet(title, members.get(path, b"")) for title, path in _worksheet_paths(members, name)]


def _check_directory(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse by the zip directory alone: too many members, or too many bytes once unzipped."""
    infos = archive.infolist()
    unzipped = sum(info.file_size for info in infos)
    if unzipped > MAX_UNZIPPED_BYTES or len(infos) > MAX_MEMBERS:
        raise BadSource(f"ไฟล์ “{name}” ขยายแล้วใหญ่เกิน {MAX_UNZIPPED_BYTES // 1024 // 1024} MB จึงไม่เปิด "
                        "แยกข้อมูลเป็นหลายไฟล์")
    if any(info.flag_bits & ENCRYPTED_FLAG for info in infos):
        raise BadSource(_encrypted_message(name))


def _inflate_all(archive: zipfile.ZipFile, name: str) -> dict[str, bytes]:
    """Return every member's bytes (each bounded by its declared size, CRC checked by zipfile)."""
    members: dict[str, bytes] = {}
    for info in archive.infolist():
        try:
            members[info.filename] = archive.read(info)
        except NotImplementedError as exc:  # an unknown method; 99 is WinZip's AES encryption
            if info.compress_type == AES_METHOD:
                raise BadSource(_encrypted_message(name)) from exc
            raise BadSource(f"ไฟล์ “{name}” บีบอัดด้วยวิธีที่โปรแกรมนี้ไม่รองรับ (เสียหายหรือไม่ได้มาจาก Excel): "
                            "เปิดแล้วบันทึกใหม่เป็น .xlsx") from exc
        except RuntimeError as exc:  # zipfile: "File ... is encrypted, password required"
            raise BadSource(_encrypted_message(name)) from exc
    return members


def _encrypted_message(name: str) -> str:
    return f"ไฟล์ “{name}” มีส่วนที่เข้ารหัสไว้ จึงเปิดไม่ได้: ยกเลิกรหัสผ่านแล้วบันทึกใหม่เป็น .xlsx"


def _worksheet_paths(members: dict[str, bytes], name: str) -> list[tuple[str, str]]:
    """Return (tab title, zip path) of each worksheet (not chart sheets) in workbook order."""
    try:
        book = ElementTree.fromstring(members["xl/workbook.xml"])
        rels = ElementTree.fromstring(members.get("xl/_rels/workbook.xml.rels", b"<Relationships/>"))
    except ElementTree.ParseError as exc:
        raise BadSource(f"ไฟล์ “{name}” เสียหาย (โครงสร้างสมุดงานอ่านไม่ได้) ลองบันทึกใหม่เป็น .xlsx") from exc
    targets = {rel.get("Id"): rel for rel in rels.iter(f"{PKG_REL_NS}Relationship")}
    paths = []
    for sheet in book.iter(f"{MAIN_NS}sheet"):
        rel = targets.get(sheet.get(f"{REL_NS}id"))
        if rel is None or not str(rel.get("Type", "")).endswith(WORKSHEET_TYPE):
            continue
        paths.append((sheet.get("name", ""), _member_path(rel.get("Target", ""))))
    return paths


def _member_path(target: str) -> str:
    """Return the zip path of a workbook relationship target ("worksheets/sheet1.xml" or "/xl/...")."""
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


def scan_sheet(title: str, xml: bytes) -> SheetScan:
    """Return one worksheet's figures from its XML bytes (byte searches; no tree is built)."""
    prefix = _prefix(xml)
    scan = SheetScan(title=title, cells=sum(xml.count(b"<" + prefix + tag) for tag in (b"v>", b"v ", b"is>", b"is ")))
    if not scan.cells:
        return scan
    scan.rows, scan.columns = _grid_bound(xml, prefix)
    if b't="e"' in xml or any(b"<" + prefix + tag in xml for tag in (b"f>", b"f ", b"f/")):
        _find_special_cells(xml, scan)
    return scan


def _prefix(xml: bytes) -> bytes:
    """Return the namespace prefix the sheet's elements carry (b"" or e.g. b"x:")."""
    match = SHEET_DATA_RE.search(xml)
    return match.group(1) or b"" if match else b""


def _grid_bound(xml: bytes, prefix: bytes) -> tuple[int, int]:
    """Return (rows, columns) no parser's grid exceeds: the farthest cell with content, plus room for
    cells without `r` (a parser places those after the cell before them)."""
    tags = xml.count(b"<" + prefix + b"c ") + xml.count(b"<" + prefix + b"c>")
    if tags == xml.count(b"<" + prefix + b'c r="'):  # every cell names itself first, as Excel writes
        refs, unnamed_cells = re.findall(b"<" + re.escape(prefix) + REF_FIRST_CELL, xml), 0
    else:
        refs = REF_CELL_RE.findall(xml)
        unnamed_cells = len(OPEN_CELL_RE.findall(xml)) - len(refs)
    rows = max([int(row) for _, row in refs] + [0])
    columns = max([_column_number(letters) for letters in {letters for letters, _ in refs}] + [0])
    if unnamed_cells <= 0:
        return rows, columns
    row_tags = ROW_TAG_RE.findall(xml)
    named_rows = [int(match.group(1)) for attrs in row_tags if (match := ROW_NUMBER_RE.search(attrs))]
    rows = max([rows] + named_rows) + len(row_tags) - len(named_rows)
    return rows + unnamed_cells, columns + unnamed_cells


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _find_special_cells(xml: bytes, scan: SheetScan) -> None:
    """Record error cells and formula cells without a saved value, by position (tags only: linear time)."""
    row, column, cell = 0, -1, None
    for match in TAG_RE.finditer(xml):
        closing, tag, attrs = match.groups()
        if tag == b"row" and not closing:
            number = ROW_NUMBER_RE.search(attrs)
            row, column = (int(number.group(1)) if number else row + 1), -1
        elif tag == b"c" and not closing:
            ref = REF_RE.search(attrs)
            row, column = (int(ref.group(2)), _column_number(ref.group(1)) - 1) if ref else (row, column + 1)
            kind = TYPE_RE.search(attrs)
            cell = None if attrs.endswith(b"/") else _Cell(row, column, kind.group(1) if kind else b"n")
        elif tag == b"c":
            _note_special(scan, cell)
            cell = None
        elif cell is not None and not closing:
            cell.formula = cell.formula or tag == b"f"
            if tag == b"v":
                end = xml.find(b"<", match.end())
                cell.value = b"" if attrs.endswith(b"/") or end < 0 else xml[match.end():end]


@dataclass
class _Cell:
    row: int
    column: int
    kind: bytes
    formula: bool = False
    value: bytes | None = None


def _note_special(scan: SheetScan, cell: _Cell | None) -> None:
    if cell is None:
        return
    if cell.kind == b"e" and cell.value:
        scan.errors[(cell.row, cell.column)] = cells.clean_text(cell.value.decode("utf-8", "replace"))
    elif cell.formula and (cell.value is None or (not cell.value and cell.kind not in (b"str", b"s"))):
        scan.formulas.append((cell.row, cell.column))

"""ITA Tracker on the command line: summary · check · template · annex · deck · export · init-sheet · update.

Calls the same code the pages call. Errors a user can act on end in one Thai line on
stderr (from components.errors, the one place errors become messages) and a non-zero
exit, never a traceback.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import sys
from collections import Counter
from pathlib import Path

from components import errors
from sheets import config, contract, figures, sources
from sheets.errors import BadSource, SheetError
from sheets.rowupdate import STATUS_CHOICES
from sheets.workbook import parse_workbook

EXIT_BAD_SOURCE = 2
DEMO_SOURCE = "demo"


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand; return the process exit code."""
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except (SheetError, OSError) as error:
        print(errors.cli_line(error), file=sys.stderr)
        return EXIT_BAD_SOURCE


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cli.py", description="ITA Tracker: อ่านแบบติดตาม ITA และสร้างรายงาน")
    commands = parser.add_subparsers(dest="command", required=True)

    summary = commands.add_parser("summary", help="ตัวเลขสรุปของแหล่งข้อมูล")
    _add_source(summary)
    summary.add_argument("--today", type=_parse_today, default=None, help="วันที่อ้างอิง YYYY-MM-DD")
    summary.add_argument("--json", action="store_true", help="พิมพ์เป็น JSON")
    summary.set_defaults(handler=run_summary)

    check = commands.add_parser("check", help="ตรวจปัญหาในข้อมูล (exit 1 เมื่อมีข้อผิดพลาด)")
    _add_source(check)
    check.add_argument("--oit", action="store_true", help="แสดงทุกข้อ O พร้อมความเชื่อมั่นของรายการ")
    check.set_defaults(handler=run_check)

    template = commands.add_parser("template", help="สร้างไฟล์แบบฟอร์มตามรูปแบบ (เปล่า หรือยกจากปีก่อน)")
    template.add_argument("-o", "--output", required=True)
    template.add_argument("--fiscal-year", type=int, default=None,
                          help="ปีงบประมาณ (พ.ศ.) เว้นไว้ = ปีถัดจากแหล่งที่ยกมา หรือปีงบประมาณปัจจุบัน")
    template.add_argument("--oit-framework", type=int, default=None, help="กรอบ OIT ปี เว้นไว้ = ปีงบประมาณ")
    template.add_argument("--from", dest="carry_from", default=None, metavar="SRC",
                          help="ยกตั้งค่า มาตรการ แท็บหน่วยงาน และข้อ O ที่ต้องปรับปรุงจากแบบฟอร์มปีก่อน "
                               "(.xlsx, ลิงก์ Google Sheet หรือ demo)")
    template.set_defaults(handler=run_template)

    annex = commands.add_parser("annex", help="สร้างรายงานผล (ภาคผนวก)")
    _add_source(annex)
    annex.add_argument("--format", choices=("html", "pdf", "docx"), required=True)
    annex.add_argument("-o", "--output", required=True)
    annex.add_argument("--arabic-digits", action="store_true", help="ใช้เลขอารบิก")
    annex.set_defaults(handler=run_annex)

    deck = commands.add_parser("deck", help="สร้างสไลด์ประชุม (.pptx)")
    _add_source(deck)
    deck.add_argument("-o", "--output", required=True)
    deck.add_argument("--today", type=_parse_today, default=None)
    deck.set_defaults(handler=run_deck)

    export = commands.add_parser("export", help="ส่งออกตารางข้อมูลและปัญหา (.xlsx หรือ .csv)")
    _add_source(export)
    export.add_argument("-o", "--output", required=True)
    export.add_argument("--today", type=_parse_today, default=None)
    export.set_defaults(handler=run_export)

    init = commands.add_parser("init-sheet", help="สร้าง Google Sheet จากแบบฟอร์มผ่าน API")
    init.add_argument("--title", required=True)
    init.add_argument("--share-with", default=None)
    init.add_argument("--fiscal-year", type=int, default=None)
    init.add_argument("--oit-framework", type=int, default=None)
    init.add_argument("--folder", default=None,
                      help="รหัสโฟลเดอร์ในไดรฟ์ที่แชร์ (บัญชีบริการไม่มีพื้นที่ Drive ของตนเอง)")
    init.set_defaults(handler=run_init_sheet)

    update = commands.add_parser("update", help="บันทึกสถานะ/ความคืบหน้า/ผล/หลักฐานของกิจกรรมหนึ่งแถวลง Google Sheet")
    update.add_argument("--source", required=True, help="ลิงก์หรือรหัส Google Sheet")
    update.add_argument("--tab", required=True, help="ชื่อแท็บของส่วนราชการ")
    update.add_argument("--row", required=True, type=int, help="เลขแถวในชีต (แถวหัวตาราง = 1)")
    update.add_argument("--activity", required=True, help="ข้อความ วิธีการดำเนินการ ของแถวนั้น (ใช้ตรวจว่าเป็นแถวเดิม)")
    update.add_argument("--status", default=None, help="สถานะ: " + ", ".join(STATUS_CHOICES))
    update.add_argument("--progress", default=None, help="ความคืบหน้า 0–100")
    update.add_argument("--result", default=None, help="ผลการดำเนินการ (ขึ้นบรรทัดใหม่ได้)")
    update.add_argument("--evidence", action="append", default=None, help="ลิงก์หลักฐาน http(s) (ใส่ซ้ำได้)")
    update.add_argument("--today", type=_parse_today, default=None, help="วันที่บันทึก YYYY-MM-DD")
    update.set_defaults(handler=run_update)
    return parser


def _add_source(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", default=None,
                        help="ไฟล์ .xlsx, ลิงก์หรือรหัส Google Sheet; เว้นไว้หรือ demo = ข้อมูลตัวอย่าง")


def _parse_today(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"วันที่ “{text}” ต้องเป็น YYYY-MM-DD") from None


def load(args: argparse.Namespace):
    """Return the parsed workbook of --source (Google through the credentials file if set)."""
    return load_source(args.source)


def load_source(source: str | None):
    """Return the parsed workbook of one source; None, blank or "demo" is the embedded demo."""
    if source is not None and source.strip().lower() == DEMO_SOURCE:
        source = None
    settings = config.load_settings()
    credentials = config.credentials_from_env(settings) if sources.is_google_source(source or "") else None
    return parse_workbook(sources.read_source(sources.spec_for(source, credentials), settings.google))


def run_summary(args: argparse.Namespace) -> int:
    summary = figures.compute_summary(load(args), args.today or dt.date.today())
    if args.json:
        print(json.dumps(summary.to_json(), ensure_ascii=False, indent=2))
    else:
        print(format_summary(summary))
    return 0


def format_summary(summary: figures.Summary) -> str:
    """Return the summary as a few readable Thai lines."""
    measures, acts, oit = summary.measures, summary.activities, summary.oit
    lines = [
        f"{summary.organization} ปีงบประมาณ {summary.fiscal_year} (กรอบ OIT ปี {summary.oit_framework})",
        f"มาตรการ: เสร็จ {measures.done}/{measures.total} ความคืบหน้า {measures.progress_pct}%",
        f"กิจกรรม: {acts.total} รายการ เกินกำหนด {acts.overdue}",
        f"OIT: เผยแพร่แล้ว {oit.published}/{oit.total} ({oit.coverage_pct}%)",
        f"ปัญหาข้อมูล: {len(summary.problems)} รายการ",
    ]
    return "\n".join(lines)


def run_check(args: argparse.Namespace) -> int:
    workbook = load(args)
    by_tab: dict[str, list] = {}
    for problem in workbook.problems:
        by_tab.setdefault(problem.tab, []).append(problem)
    for tab, problems in by_tab.items():
        print(f"แท็บ {tab} ({len(problems)} รายการ)")
        for problem in problems:
            where = f"แถว {problem.row}" if problem.row else "ทั้งแท็บ"
            column = f" คอลัมน์ {problem.column}" if problem.column else ""
            print(f"  [{contract.SEVERITY_LABELS[problem.severity]}] {where}{column}: {problem.message}")
    error_count = sum(problem.severity == "error" for problem in workbook.problems)
    print(f"รวม {len(workbook.problems)} รายการ ข้อผิดพลาด {error_count}" if workbook.problems else "ไม่พบปัญหา")
    print("\n".join(format_oit_list(workbook, every=args.oit)))
    return 1 if error_count else 0


def format_oit_list(workbook, every: bool = False) -> list[str]:
    """Return the OIT list in use and its confidence; every item, or only those with low confidence."""
    from sheets import catalog, oit

    listed = [item for item in workbook.oit_items if item.in_catalog]
    counts = Counter(item.confidence for item in listed)
    levels = " · ".join(f"{catalog.CONFIDENCE_TH.get(level, level)} {counts[level]}"
                        for level in catalog.CONFIDENCE_TH if counts[level])
    lines = [f"รายการ OIT ที่ใช้: ของปี {workbook.catalog_year or '-'} สำหรับกรอบ OIT ปี "
             f"{workbook.settings.oit_framework or '-'} ({len(listed)} ข้อ) ความเชื่อมั่นของรายการ: {levels or '-'}"]
    shown = workbook.oit_items if every else [item for item in listed if item.confidence == "low"]
    if shown and not every and len(shown) == len(listed):
        return lines + [f"ทุกข้อความเชื่อมั่นต่ำ ({listed[0].confidence_note}) ตรวจกับคู่มือ ITA ของปีนั้น"]
    if shown and not every:
        lines.append("หัวข้อที่ความเชื่อมั่นต่ำ (ตรวจกับคู่มือ ITA ของปีนั้น):")
    lines += [f"  {item.code} {item.title}: {oit.describe_title_source(item)}" for item in shown]
    return lines


def run_template(args: argparse.Namespace) -> int:
    from sheets import carryover, template

    content = None
    fiscal_year = args.fiscal_year or template.current_fiscal_year(dt.date.today())
    if args.carry_from is not None:
        last = load_source(args.carry_from)
        if not args.fiscal_year and last.settings.fiscal_year:
            fiscal_year = last.settings.fiscal_year + 1
        carry = carryover.build_carryover(last, fiscal_year, args.oit_framework)
        content = carry.content
        print("\n".join(carryover.describe(carry)))
    Path(args.output).write_bytes(template.template_xlsx_bytes(fiscal_year, args.oit_framework, content))
    print(f"สร้างแบบฟอร์ม {args.output} แล้ว (ปีงบประมาณ {fiscal_year})")
    return 0


def run_annex(args: argparse.Namespace) -> int:
    from components.outputs import annex

    report = annex.build_report(load(args), arabic_digits=args.arabic_digits)
    builders = {"html": lambda r: annex.build_annex_html(r).encode("utf-8"),
                "docx": annex.build_annex_docx, "pdf": lambda r: annex.build_annex_pdf(r, warm=False)}
    Path(args.output).write_bytes(builders[args.format](report))
    print(f"สร้างรายงาน {args.output} แล้ว")
    return 0


def run_deck(args: argparse.Namespace) -> int:
    from components.outputs import deck

    Path(args.output).write_bytes(deck.build_deck(load(args), args.today or dt.date.today()))
    print(f"สร้างสไลด์ {args.output} แล้ว")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from components.outputs import exports

    today = args.today or dt.date.today()
    workbook = load(args)
    if args.output.lower().endswith(".csv"):
        data = exports.build_export_csv(workbook, today)
    else:
        data = exports.build_export_xlsx(workbook, today)
    Path(args.output).write_bytes(data)
    print(f"ส่งออก {args.output} แล้ว")
    return 0


def run_update(args: argparse.Namespace) -> int:
    """Save one row: exit 0 and one Thai line, or exit 2 and one Thai line with nothing written."""
    from sheets import rowupdate
    from sheets.google import rows

    changes = rowupdate.validate_changes(status=args.status, progress=args.progress, result=args.result,
                                         evidence=args.evidence)
    if not changes.given():
        raise rowupdate.UpdateRefused("ไม่มีค่าที่จะบันทึก: ใส่ --status, --progress, --result หรือ --evidence "
                                      "อย่างน้อยหนึ่งอย่าง")
    settings = config.load_settings()
    credentials = config.credentials_from_env(settings)
    if not credentials:
        raise BadSource("ตั้งค่า GOOGLE_APPLICATION_CREDENTIALS เป็นไฟล์กุญแจบัญชีบริการก่อน")
    ref = rowupdate.RowRef(args.tab, args.row, args.activity)
    # Standard output carries the one result line: the audit line (sheets.audit writes to whatever
    # sys.stdout is at the time) goes to standard error.
    with contextlib.redirect_stdout(sys.stderr):
        result = rows.save_row(args.source, credentials, ref, changes, today=args.today or bangkok_today(),
                               who=cli_user(), options=settings.google)
    print(result.message())
    return 0


def cli_user() -> str:
    """Return who runs the CLI, for the audit log ("cli:<login>")."""
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except (OSError, KeyError):
        return "cli"


def bangkok_today() -> dt.date:
    """Return today's date in Bangkok (where the sheet's people are)."""
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo("Asia/Bangkok")).date()


def run_init_sheet(args: argparse.Namespace) -> int:
    from sheets import template
    from sheets.google import write

    settings = config.load_settings()
    credentials = config.credentials_from_env(settings)
    if not credentials:
        raise BadSource("ตั้งค่า GOOGLE_APPLICATION_CREDENTIALS เป็นไฟล์กุญแจบัญชีบริการก่อน")
    fiscal_year = args.fiscal_year or template.current_fiscal_year(dt.date.today())
    url = write.create_sheet_from_template(
        args.title, credentials, share_with=args.share_with, fiscal_year=fiscal_year,
        oit_framework=args.oit_framework, folder_id=args.folder, options=settings.google)
    print(url)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    sys.exit(main())

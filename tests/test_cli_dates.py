"""`cli.py check` and `summary` on an .xlsx written with every date and period form of docs/sheet-contract.md."""
import json

from scripts.fakes.workbooks import make_tabs, tabs_to_xlsx_bytes
from tests.sheets.test_dates import DAY_FORMS, PERIOD_FORMS, RECURRING, SHEET_YEAR_FORMS, with_thai_digits
from tests.test_cli import run_cli

SETTINGS = [("ชื่อหน่วยงาน", "เทศบาลทดสอบ"), ("ปีงบประมาณ", 2567), ("กรอบ OIT ปี", 2566),
            ("วันที่หนังสือ", "วันศุกร์ที่ 31 มีนาคม 2566")]


def row(due="", period="", measure=1):
    return (measure, "กิจกรรมทดสอบ", "", period, due, "กำลังดำเนินการ", "", "", "", "", "")


def build_tabs():
    due_forms = [text for text, _ in with_thai_digits(DAY_FORMS + PERIOD_FORMS + SHEET_YEAR_FORMS)]
    period_forms = [text for text, _ in with_thai_digits(PERIOD_FORMS + SHEET_YEAR_FORMS)]
    oit = [(f"O{n}", "", "", "เผยแพร่แล้ว", f"https://example.go.th/o{n}", text, "", "")
           for n, (text, _) in enumerate(DAY_FORMS[:20], start=1)]
    departments = {
        "กองช่าง": [row(due=text) for text in due_forms],
        "กองคลัง": [row(period=text) for text in period_forms],
        "กองสาธารณสุข": [row(period=word) for word in RECURRING] + [row(due=word) for word in RECURRING],
    }
    tabs = make_tabs(settings=SETTINGS, oit=oit, departments=departments)
    return tabs, len(due_forms), len(period_forms)


def test_check_reads_every_form_and_says_where_a_due_came_from_the_period(tmp_path):
    tabs, due_rows, period_rows = build_tabs()
    source = tmp_path / "dates.xlsx"
    source.write_bytes(tabs_to_xlsx_bytes(tabs))
    check = run_cli("check", "--source", str(source))
    assert check.returncode == 0, check.stdout + check.stderr
    assert "อ่านวันที่" not in check.stdout and "อ่านกำหนดเสร็จ" not in check.stdout, check.stdout
    assert check.stdout.count("กำหนดเสร็จว่าง จึงใช้วันสิ้นสุดของระยะเวลา") == period_rows
    assert "แท็บ กองสาธารณสุข" not in check.stdout, "recurring work is no problem"
    summary = json.loads(run_cli("summary", "--source", str(source), "--today", "2026-11-25", "--json").stdout)
    assert summary["activities"]["overdue"] == due_rows + period_rows

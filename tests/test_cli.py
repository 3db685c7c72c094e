"""cli.py end to end, as an outside check would call it (a real subprocess)."""
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from scripts.fakes.workbooks import make_tabs, tabs_to_xlsx_bytes
from sheets.model import RawTab, RawWorkbook, SourceInfo
from sheets.workbook import parse_workbook
from tests.conftest import ROOT

# `cli.py summary --json --today 2026-11-25` of the demo as printed before the figures were typed
# (fetched_at, the moment of reading, set to null).
DEMO_SUMMARY = ROOT / "tests" / "data" / "summary-demo.json"


def run_cli(*args, env=None):
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=120)


def test_summary_json_without_source_is_the_seed_demo():
    result = run_cli("summary", "--today", "2023-03-31", "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["organization"] == "เทศบาลตำบลกุดจิก" and summary["measures"]["total"] == 7
    assert summary["oit"]["needs_improvement"]["total"] == 15 and summary["source"]["kind"] == "demo"
    assert summary["activities"]["total"] == sum(summary["activities"]["by_status"].values())


def test_summary_json_of_the_demo_is_unchanged_field_by_field():
    result = run_cli("summary", "--today", "2026-11-25", "--json")
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    assert printed["source"].pop("fetched_at") is not None
    expected = json.loads(DEMO_SUMMARY.read_text(encoding="utf-8"))
    expected["source"].pop("fetched_at")
    assert list(printed) == list(expected)
    for field, value in expected.items():
        assert printed[field] == value, field
    assert result.stdout.startswith(DEMO_SUMMARY.read_text(encoding="utf-8").split('"source"')[0])


def test_summary_json_lists_problems_and_ignored_tabs(tmp_path):
    tabs = make_tabs(departments={"กองคลัง": [(9, "กิจกรรมไม่มีมาตรการ", "", "", "วันพรุ่งนี้", "ทำอยู่", "ครึ่ง",
                                                "", "", "", "")]},
                     extra_tabs=[RawTab("คำแนะนำ", [["อ่านก่อน"]], 99)])
    source = tmp_path / "problems.xlsx"
    source.write_bytes(tabs_to_xlsx_bytes(tabs))
    printed = json.loads(run_cli("summary", "--source", str(source), "--json").stdout)
    workbook = parse_workbook(RawWorkbook(tabs, SourceInfo("xlsx", source.name)))
    assert printed["problems"] == [problem.as_dict() for problem in workbook.problems] and len(printed["problems"]) >= 4
    assert printed["ignored_tabs"] == ["คำแนะนำ"]
    assert printed["activities"]["by_status"]["unknown"] == 1


@pytest.mark.parametrize("source, words", [
    ("/no/such/file.xlsx", "ไม่พบไฟล์"),
    ("NOT_A_WORKBOOK", "ไม่ใช่ไฟล์ Excel"),
    ("CORRUPT_ZIP", "เสียหาย"),
])
def test_a_bad_source_ends_with_one_thai_line_and_no_traceback(tmp_path, source, words):
    if source == "NOT_A_WORKBOOK":
        source = str(tmp_path / "notes.xlsx")
        Path(source).write_text("hello", encoding="utf-8")
    elif source == "CORRUPT_ZIP":
        source = str(tmp_path / "broken.xlsx")
        Path(source).write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    result = run_cli("summary", "--source", source, "--json")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_template_fill_summary_round_trip(tmp_path):
    template = tmp_path / "template.xlsx"
    assert run_cli("template", "-o", str(template), "--fiscal-year", "2566", "--oit-framework", "2565").returncode == 0
    book = openpyxl.load_workbook(template)
    assert {"ตั้งค่า", "มาตรการ", "ตัวชี้วัด OIT", "คำแนะนำ"} <= set(book.sheetnames)
    assert book["สำนักปลัดเทศบาล"].data_validations.dataValidation, "status dropdown"
    assert book["สำนักปลัดเทศบาล"]["F1"].comment is not None, "header note"
    settings = book["ตั้งค่า"]
    for row in settings.iter_rows(min_row=2):
        if row[0].value == "ชื่อหน่วยงาน":
            row[1].value = "เทศบาลตำบลทดลอง"
    book["ตัวชี้วัด OIT"]["D2"] = "เผยแพร่แล้ว"
    department = book.copy_worksheet(book["สำนักปลัดเทศบาล"])
    department.title = "กองคลัง"
    department.append([1, "จัดซื้อจัดจ้างตามแผน", "", "", "31/3/2566", "กำลังดำเนินการ", "40%", "", "", "", ""])
    book.save(template)
    result = run_cli("summary", "--source", str(template), "--today", "2026-11-25", "--json")
    summary = json.loads(result.stdout)
    assert summary["organization"] == "เทศบาลตำบลทดลอง"
    assert summary["oit"]["published"] == 1 and summary["oit"]["total"] == 43
    assert [d["name"] for d in summary["departments"]] == ["สำนักปลัดเทศบาล", "กองคลัง"]
    assert summary["activities"]["overdue"] == 1 and summary["ignored_tabs"] == ["คำแนะนำ"]
    check = run_cli("check", "--source", str(template))
    assert check.returncode == 0 and "คำแนะนำ" in check.stdout


def test_check_exits_1_on_errors_and_groups_by_tab(tmp_path):
    template = tmp_path / "t.xlsx"
    run_cli("template", "-o", str(template))
    book = openpyxl.load_workbook(template)
    book["สำนักปลัดเทศบาล"].append(["ไม่ใช่เลข", "กิจกรรม"])
    book.save(template)
    result = run_cli("check", "--source", str(template))
    assert result.returncode == 1
    assert "แท็บ สำนักปลัดเทศบาล" in result.stdout and "แถว 3" in result.stdout


def google_env(fake, service_account_info, tmp_path, with_key=True):
    import os

    env = dict(os.environ, ITA_GOOGLE_ENDPOINT=fake.base_url, ITA_GOOGLE_BACKOFF="0.01")
    env.pop("GOOGLE_APPLICATION_CREDENTIALS", None)
    if with_key:
        key = tmp_path / "key.json"
        key.write_text(json.dumps(service_account_info), encoding="utf-8")
        env["GOOGLE_APPLICATION_CREDENTIALS"] = str(key)
    return env


def test_summary_from_a_google_sheet_equals_the_same_data_from_xlsx(fake_google, service_account_info, tmp_path):
    from scripts.fakes.workbooks import tabs_for_fake
    from sheets.demo import build

    sheet_id = fake_google.add_spreadsheet("ITA กุดจิก", tabs_for_fake(build.build_demo_tabs()))
    env = google_env(fake_google, service_account_info, tmp_path)
    url = f"https://docs.google.com/spreadsheets/d/{sheet_id}/edit#gid=0"
    result = run_cli("summary", "--source", url, "--today", "2026-11-25", "--json", env=env)
    assert result.returncode == 0, result.stderr
    from_google = json.loads(result.stdout)
    from_demo = json.loads(run_cli("summary", "--today", "2026-11-25", "--json").stdout)
    assert from_google["source"]["kind"] == "google" and fake_google.sheets_requests == 2
    for key in ("measures", "activities", "departments", "oit", "problems", "organization"):
        assert from_google[key] == from_demo[key], key


def test_link_shared_sheet_without_credentials_downloads_the_export_once(fake_google, service_account_info, tmp_path):
    from sheets.demo import build

    sheet_id = fake_google.add_spreadsheet("ITA", [], xlsx=build.demo_xlsx_bytes())
    env = google_env(fake_google, service_account_info, tmp_path, with_key=False)
    result = run_cli("summary", "--source", sheet_id, "--json", env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["source"]["kind"] == "link"
    assert fake_google.export_requests == 1 and fake_google.sheets_requests == 0


@pytest.mark.parametrize("private, words", [(True, "ita-reader@ita-test.iam.gserviceaccount.com"), (False, "")])
def test_google_access_errors_end_in_one_thai_line(fake_google, service_account_info, tmp_path, private, words):
    sheet_id = fake_google.add_spreadsheet("ลับ", [("ตั้งค่า", 0, [["a"]])], private=True) if private else "x" * 44
    env = google_env(fake_google, service_account_info, tmp_path)
    result = run_cli("summary", "--source", sheet_id, "--json", env=env)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert words in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_init_sheet_creates_fills_and_shares_through_the_api(tmp_path):
    from scripts.fakes.google import make_service_account_info
    from scripts.fakes.google_write import FakeGoogleWrite

    with FakeGoogleWrite() as fake:
        env = google_env(fake, make_service_account_info(fake.token_uri), tmp_path)
        result = run_cli("init-sheet", "--title", "ITA ทดสอบ", "--share-with", "head@example.go.th",
                         "--fiscal-year", "2569", env=env)
        assert result.returncode == 0, result.stderr
        url = result.stdout.strip()
        assert url.startswith("https://docs.google.com/spreadsheets/d/")
        summary = run_cli("summary", "--source", url, "--json", env=env)
        assert summary.returncode == 0, summary.stderr
        assert json.loads(summary.stdout)["fiscal_year"] == 2569
        assert fake.writes_to("permissions"), "shared through the Drive API"


def test_init_sheet_without_a_key_says_so_in_thai(tmp_path):
    import os

    env = {k: v for k, v in os.environ.items() if k != "GOOGLE_APPLICATION_CREDENTIALS"}
    result = run_cli("init-sheet", "--title", "x", env=env)
    assert result.returncode == 2 and "GOOGLE_APPLICATION_CREDENTIALS" in result.stderr


@pytest.mark.parametrize("fiscal_year, count", [("2568", 28), ("2569", 26)])
def test_template_lists_the_years_o_items_each_with_its_group(tmp_path, fiscal_year, count):
    path = tmp_path / "t.xlsx"
    result = run_cli("template", "-o", str(path), "--fiscal-year", fiscal_year)
    assert result.returncode == 0, result.stderr
    rows = list(openpyxl.load_workbook(path)["ตัวชี้วัด OIT"].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    codes = [row[header.index("รหัส")] for row in body]
    groups = [row[header.index("กลุ่มตัวชี้วัด")] for row in body]
    assert codes == [f"O{n}" for n in range(1, count + 1)] and all(groups)
    assert {group.split(" ")[0] for group in groups} == {"9.1", "9.2", "9.3", "9.4", "9.5", "10.1", "10.2"}


def test_template_from_the_demo_carries_every_flag_into_2570(tmp_path):
    from tests.conftest import load_workbook

    path = tmp_path / "ita-2570.xlsx"
    result = run_cli("template", "-o", str(path), "--fiscal-year", "2570", "--from", "demo")
    assert result.returncode == 0, result.stderr
    assert "ข้อ O ที่ต้องปรับปรุง 15 ข้อ: ยกมาได้ 11 (อนุมาน 3) ไม่มีข้อที่ตรงกัน 4" in result.stdout
    for code, title in (("O9", "Social Network"), ("O16", "รายงานผลการสำรวจความพึงพอใจการให้บริการ"),
                        ("O35", "การมีส่วนร่วมของผู้บริหาร")):
        assert f"ไม่มีข้อที่ตรงกัน: {code} {title}:" in result.stdout
    workbook = load_workbook(str(path))
    assert [p for p in workbook.problems if p.severity == "error"] == []
    assert workbook.settings.fiscal_year == 2570 and len(workbook.measures) == 7
    assert sum(item.needs_improvement for item in workbook.oit_items) == 10  # O26 and O28 both became O14
    assert {a.status for a in workbook.activities} == {"not_started"}
    assert run_cli("check", "--source", str(path)).returncode == 0


def test_template_from_defaults_to_the_year_after_the_source(tmp_path):
    path = tmp_path / "next.xlsx"
    result = run_cli("template", "-o", str(path), "--from", "demo")
    assert result.returncode == 0 and "(ปีงบประมาณ 2567)" in result.stdout
    settings = dict(openpyxl.load_workbook(path)["ตั้งค่า"].iter_rows(min_row=2, values_only=True))
    assert (settings["ปีงบประมาณ"], settings["กรอบ OIT ปี"]) == (2567, 2567)


def test_template_from_a_missing_file_is_one_thai_line_and_writes_nothing(tmp_path):
    path = tmp_path / "never.xlsx"
    result = run_cli("template", "-o", str(path), "--from", str(tmp_path / "last.xlsx"))
    assert result.returncode == 2 and "ไม่พบไฟล์" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and not path.exists()


def test_template_from_a_google_sheet(fake_google, service_account_info, tmp_path):
    from scripts.fakes.workbooks import tabs_for_fake
    from sheets.demo import build

    sheet_id = fake_google.add_spreadsheet("ITA 2566", tabs_for_fake(build.build_demo_tabs()))
    env = google_env(fake_google, service_account_info, tmp_path)
    url = f"https://docs.google.com/spreadsheets/d/{sheet_id}/edit"
    result = run_cli("template", "-o", str(tmp_path / "n.xlsx"), "--fiscal-year", "2570", "--from", url, env=env)
    assert result.returncode == 0, result.stderr
    assert "ยกมาได้ 11" in result.stdout and fake_google.sheets_requests == 2


def test_check_shows_the_lists_confidence_where_it_shows_titles(tmp_path):
    path = tmp_path / "t.xlsx"
    run_cli("template", "-o", str(path), "--fiscal-year", "2570")
    result = run_cli("check", "--source", str(path))
    assert "รายการ OIT ที่ใช้: ของปี 2569 สำหรับกรอบ OIT ปี 2570 (26 ข้อ)" in result.stdout
    assert "ยังไม่มีรายการ OIT ของกรอบปี 2570" in result.stdout
    assert "  O2 ข้อมูลผู้บริหาร: ความเชื่อมั่นของรายการ: ต่ำ" in result.stdout
    every = run_cli("check", "--source", str(path), "--oit")
    assert sum(line.startswith("  O") and "ความเชื่อมั่นของรายการ" in line for line in every.stdout.splitlines()) == 26


def test_source_demo_names_the_embedded_demo():
    result = run_cli("summary", "--source", "demo", "--json")
    assert result.returncode == 0 and json.loads(result.stdout)["source"]["kind"] == "demo"


@pytest.fixture
def write_sheet(tmp_path):
    """(fake Google that takes writes, its sheet id, env for cli.py) with the write-back test tabs."""
    from scripts.fakes.google import make_service_account_info
    from scripts.fakes.google_write import FakeGoogleWrite
    from tests.sheets.rowupdate_data import sheet_tabs

    with FakeGoogleWrite() as fake:
        sheet = fake.add_spreadsheet("ITA", sheet_tabs())
        yield fake, sheet, google_env(fake, make_service_account_info(fake.token_uri), tmp_path)


def test_update_saves_one_row_and_prints_one_thai_line(write_sheet):
    fake, sheet, env = write_sheet
    result = run_cli("update", "--source", sheet, "--tab", "กองคลัง", "--row", "2", "--activity", "จัดอบรมคุณธรรม",
                     "--status", "เสร็จแล้ว", "--progress", "100", "--evidence", "https://example.go.th/a",
                     "--today", "2026-11-30", env=env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines() == ["บันทึกแล้ว: แถว 2 แท็บ “กองคลัง” (สถานะ, ความคืบหน้า (%), หลักฐาน, "
                                                  "ปรับปรุงล่าสุด)"]
    assert [fake.cell(sheet, "กองคลัง", a1) for a1 in ("F2", "G2", "J2", "K2")] == [
        "เสร็จแล้ว", 100, "https://example.go.th/a", "30/11/2569"]
    assert fake.sheets_requests == 2
    assert json.loads(result.stderr)["event"] == "save"  # the audit line keeps off standard output


@pytest.mark.parametrize("args, words, requests", [
    (["--activity", "กิจกรรมอื่น", "--progress", "50"], "ไม่ใช่ “กิจกรรมอื่น”", 1),
    (["--activity", "จัดอบรมคุณธรรม", "--progress", "150"], "0–100", 0),
    (["--activity", "จัดอบรมคุณธรรม", "--status", "ทำอยู่"], "ไม่อยู่ในรายการ", 0),
    (["--activity", "จัดอบรมคุณธรรม"], "ไม่มีค่าที่จะบันทึก", 0),
    (["--activity", "ตรวจร้านอาหาร", "--tab", "กองสาธารณสุข", "--progress", "5"], "ไม่มีคอลัมน์", 1),
])
def test_a_refused_update_exits_2_with_one_thai_line_and_writes_nothing(write_sheet, args, words, requests):
    fake, sheet, env = write_sheet
    tab = [] if "--tab" in args else ["--tab", "กองคลัง"]
    result = run_cli("update", "--source", sheet, "--row", "2", *tab, *args, env=env)

    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and words in result.stderr, result.stderr
    assert fake.writes == [] and fake.sheets_requests == requests

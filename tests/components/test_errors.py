"""components.errors: the one place our errors become a Thai message and a hint."""
from __future__ import annotations

import subprocess
import sys

import pytest

from components import errors as ui_errors
from components.outputs.annex import pdf as annex_pdf
from components.outputs.images import ImagesUnavailable
from sheets import errors
from tests.conftest import ROOT

EMAIL = "ita-reader@ita-test.iam.gserviceaccount.com"


@pytest.mark.parametrize(("error", "family"), [
    (errors.SheetNotFound("ไม่พบชีต", spreadsheet_id="x"), errors.DataError),
    (errors.AccessDenied("ไม่มีสิทธิ์", service_account_email=EMAIL), errors.DataError),
    (errors.SheetUnavailable("ไม่พร้อม", reason="HTTP 503"), errors.DataError),
    (errors.ContractBroken("ขาดแท็บ", details={"tabs": ["Sheet1"]}), errors.DataError),
    (errors.BadSource("ไฟล์เสีย"), errors.DataError),
    (annex_pdf.ConverterMissing(), errors.OutputError),
    (annex_pdf.ConversionFailed("แปลงไม่สำเร็จ"), errors.OutputError),
    (ImagesUnavailable("ภาพไม่ได้"), errors.OutputError),
    (errors.ConfigBroken("ไฟล์ตั้งค่าเสีย", file=".streamlit/secrets.toml"), errors.SheetError),
])
def test_every_error_has_one_base_a_family_and_a_thai_message(error, family):
    assert isinstance(error, errors.SheetError) and isinstance(error, family)
    message = ui_errors.message_for(error)
    assert message.text == error.message and message.level in ("error", "warning")


def test_data_errors_carry_a_hint_and_what_to_copy():
    denied = ui_errors.message_for(errors.AccessDenied("ไม่มีสิทธิ์", service_account_email=EMAIL))
    assert denied.copy == EMAIL and "แชร์" in denied.hint
    broken = ui_errors.message_for(errors.ContractBroken("ขาดแท็บ", details={"tabs": ["Sheet1"]}))
    assert broken.detail == "แท็บที่พบในไฟล์: “Sheet1”"
    assert ui_errors.message_for(errors.AccessDenied("ลิงก์ไม่ได้แชร์")).copy == ""


def test_a_save_refused_by_google_asks_for_editor_not_reader():
    editor = ui_errors.message_for(errors.AccessDenied("ยังไม่ได้บันทึก", service_account_email=EMAIL, needs="editor"))
    assert editor.copy == EMAIL and "ผู้แก้ไข" in editor.hint and "ผู้แก้ไข" in editor.copy_label
    reader = ui_errors.message_for(errors.AccessDenied("ไม่มีสิทธิ์", service_account_email=EMAIL))
    assert "ผู้มีสิทธิ์อ่าน" in reader.hint and "ผู้มีสิทธิ์อ่าน" in reader.copy_label
    scope = ui_errors.message_for(errors.AccessDenied("อ่านอย่างเดียว", needs="scope"))
    assert scope.hint == "" and scope.copy == ""
    assert ui_errors.message_for(errors.UpdateRefused("ยังไม่ได้บันทึก: แถวย้าย")).hint == ""


def test_a_missing_tool_is_a_warning_a_failed_build_an_error():
    assert ui_errors.message_for(annex_pdf.ConverterMissing()).level == "warning"
    assert ui_errors.message_for(annex_pdf.ConversionFailed("x")).level == "error"


def test_the_cli_line_is_one_line_from_the_same_mapping():
    line = ui_errors.cli_line(errors.BadSource("ไฟล์ “a.xlsx”\nเสียหาย"))
    assert line == "ผิดพลาด: ไฟล์ “a.xlsx” เสียหาย"
    assert ui_errors.cli_line(FileNotFoundError(2, "No such file")).startswith("ผิดพลาด: เขียน/อ่านไฟล์ไม่ได้")


def test_a_bug_is_not_dressed_as_a_message():
    with pytest.raises(TypeError):
        ui_errors.message_for(ValueError("bug"))


def test_the_mapping_imports_no_streamlit():
    code = "import sys, components.errors, cli; print('streamlit' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"

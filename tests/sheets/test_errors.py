"""sheets.errors: one base, and str(error) is the Thai message."""
from __future__ import annotations

import pytest

from sheets import errors

SAMPLE_ID = "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms"
EMAIL = "ita-reader@ita-test.iam.gserviceaccount.com"


@pytest.mark.parametrize("error", [
    errors.SheetNotFound("ไม่พบชีต", spreadsheet_id=SAMPLE_ID),
    errors.AccessDenied("ไม่มีสิทธิ์", service_account_email=EMAIL),
    errors.SheetUnavailable("ไม่พร้อม", reason="HTTP 503"),
    errors.ContractBroken("ขาดแท็บ", details={"tabs": []}),
    errors.BadSource("ไฟล์เสีย"),
])
def test_errors_share_a_base_and_print_their_message(error):
    assert isinstance(error, errors.SheetError)
    assert str(error) == error.message



"""Google Sheets and Drive: the only package that imports gspread or google-auth.

- client.py: credentials and scopes, the bounded retrying HTTP client, and the one place
  where Google's errors become sheets.errors (messages.py holds their Thai texts);
- read.py: a whole workbook in two Sheets API reads, or a link-shared sheet's export;
- write.py: provisioning (the tracking sheet from the template);
- rows.py: a department row saved (its re-read and one write);
- ids.py: spreadsheet IDs, tab ranges and URLs (no I/O).
"""
from sheets.google.client import RetryingHTTPClient, open_client
from sheets.google.ids import parse_spreadsheet_id, quote_tab_range, service_account_email
from sheets.google.read import read_link_shared_xlsx, read_workbook

__all__ = ["RetryingHTTPClient", "open_client", "parse_spreadsheet_id", "quote_tab_range", "read_link_shared_xlsx",
           "read_workbook", "service_account_email"]

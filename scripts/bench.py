"""Print the figures the issues name: requests per refresh, requests per save, load time at scale.

Usage: python scripts/bench.py [--departments 60] [--rows 200] [--repeat 3]
Runs on loopback only (a local fake Google server) and stops by itself.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.fakes.google import FakeGoogle, make_service_account_info  # noqa: E402
from scripts.fakes.google_write import FakeGoogleWrite  # noqa: E402
from scripts.fakes.workbooks import build_large_tabs, tabs_for_fake, tabs_to_xlsx_bytes  # noqa: E402
from sheets import figures, google, sources  # noqa: E402
from sheets.demo import build as demo_build  # noqa: E402
from sheets.workbook import parse_workbook  # noqa: E402

TODAY = dt.date(2026, 11, 25)


def time_it(function, repeat: int) -> tuple[float, object]:
    """Return (median seconds, last result) of calling function repeat times."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def bench_xlsx(name: str, data: bytes, repeat: int) -> None:
    def run():
        workbook = parse_workbook(sources.read_xlsx_bytes(data, name=name))
        return figures.compute_summary(workbook, TODAY)

    seconds, summary = time_it(run, repeat)
    print(f"{name}: .xlsx {len(data) / 1024:.0f} KiB → load+validate+compute {seconds:.2f} s "
          f"({summary['activities']['total']} activities, {len(summary['problems'])} problems)")


def bench_google(fake: FakeGoogle, name: str, tabs, repeat: int) -> None:
    spreadsheet_id = fake.add_spreadsheet(name, tabs_for_fake(tabs))
    info = make_service_account_info(fake.token_uri)
    before = fake.sheets_requests

    def run():
        raw = google.fetch_google_workbook(spreadsheet_id, info, adapter=fake.adapter())
        return figures.compute_summary(parse_workbook(raw), TODAY)

    seconds, summary = time_it(run, repeat)
    per_refresh = (fake.sheets_requests - before) / repeat
    print(f"{name}: fake Google → {per_refresh:.0f} Sheets API requests per refresh "
          f"({len(tabs)} tabs), load+validate+compute {seconds:.2f} s")


def bench_save(fake: FakeGoogleWrite, name: str, tabs, repeat: int) -> None:
    """Print Sheets API requests per row save (goal 2: the row check and the write) and its time."""
    from sheets import rowupdate, writeback

    spreadsheet_id = fake.add_spreadsheet(name + " (save)", tabs_for_fake(tabs))
    info = make_service_account_info(fake.token_uri)
    tab = next(t for t in tabs if t.title not in ("ตั้งค่า", "มาตรการ", "ตัวชี้วัด OIT"))
    row = len(tab.rows)  # the last row: the re-read must not depend on where the row is
    ref = rowupdate.RowRef(tab.title, row, str(tab.rows[row - 1][1]))
    client = writeback.open_write_client(info, adapter=fake.adapter())
    before = fake.sheets_requests
    progress = iter(range(1, 10_000))

    def run():
        changes = rowupdate.validate_changes(progress=next(progress), result="บันทึกจาก bench\nบรรทัดสอง")
        with contextlib.redirect_stdout(io.StringIO()):  # the audit lines
            return writeback.save_row(spreadsheet_id, info, ref, changes, today=TODAY, client=client)

    seconds, result = time_it(run, repeat)
    client.session.close()
    per_save = (fake.sheets_requests - before) / repeat
    print(f"{name}: {per_save:.0f} Sheets API requests per save (row check + one write of "
          f"{len(result.plan.cells)} cell(s)), {seconds * 1000:.0f} ms per save on loopback")


PAGES = ["pages/overview.py", "pages/measures.py", "pages/oit.py", "pages/quality.py", "pages/annex.py"]


def bench_pages(fake: FakeGoogle, name: str, tabs, repeat: int) -> None:
    """Print each page's first run and its median rerun (inside the TTL) under AppTest."""
    import os

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()
    st.cache_resource.clear()
    os.environ["ITA_GOOGLE_ENDPOINT"] = fake.base_url
    spreadsheet_id = fake.add_spreadsheet(name, tabs_for_fake(tabs))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.secrets["sheet"] = spreadsheet_id
    at.secrets["gcp_service_account"] = make_service_account_info(fake.token_uri)
    before = fake.sheets_requests
    for page in PAGES:
        first, _ = time_it(lambda page=page: at.switch_page(page).run(), 1)
        rerun, _ = time_it(at.run, repeat)
        assert not at.exception, [e.value for e in at.exception]
        print(f"{name}: {page} first run {first:.2f} s, rerun {rerun:.2f} s")
    print(f"{name}: Sheets API requests for all page runs and reruns: {fake.sheets_requests - before}")


def bench_exports(name: str, workbook, pdf: bool) -> None:
    """Print seconds to build the annex (DOCX, PDF), the deck, the xlsx export and chart images."""
    from components import annex, deck, exports, images

    report_seconds, report = time_it(lambda: annex.build_report(workbook), 1)
    docx_seconds, _ = time_it(lambda: annex.build_annex_docx(report), 1)
    line = f"{name}: annex report {report_seconds:.2f} s, DOCX {docx_seconds:.2f} s"
    if pdf:
        pdf_seconds, data = time_it(lambda: annex.build_annex_pdf(report, timeout=900), 1)
        import pypdfium2

        line += f", PDF {pdf_seconds:.2f} s ({len(pypdfium2.PdfDocument(data))} pages)"
    print(line)
    deck_seconds, _ = time_it(lambda: deck.build_deck(workbook, TODAY), 1)
    xlsx_seconds, _ = time_it(lambda: exports.build_export_xlsx(workbook, TODAY), 1)
    print(f"{name}: deck {deck_seconds:.2f} s, xlsx export {xlsx_seconds:.2f} s")
    if images.find_chromium():
        from components import charts

        figure = charts.DASHBOARD_CHARTS[0].build(workbook, TODAY)
        cold, _ = time_it(lambda: images.figure_image(figure, "png"), 1)
        warm, _ = time_it(lambda: images.figure_image(figure, "png"), 3)
        zip_seconds, _ = time_it(lambda: images.build_charts_zip(workbook, TODAY), 1)
        print(f"{name}: chart PNG first {cold:.2f} s, warm {warm:.2f} s; all charts ZIP {zip_seconds:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--departments", type=int, default=60)
    parser.add_argument("--rows", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pages", action="store_true", help="also time every page under AppTest")
    parser.add_argument("--exports", action="store_true", help="also time annex DOCX/PDF, deck, xlsx, images")
    args = parser.parse_args()
    large = build_large_tabs(args.departments, args.rows)
    demo = demo_build.build_demo_tabs()
    label = f"{args.departments}×{args.rows}"
    bench_xlsx("demo", demo_build.demo_xlsx_bytes(), args.repeat)
    bench_xlsx(label, tabs_to_xlsx_bytes(large), args.repeat)
    with FakeGoogleWrite() as fake:
        bench_google(fake, "demo", demo, args.repeat)
        bench_google(fake, label, large, args.repeat)
        bench_save(fake, "demo", demo, args.repeat)
        bench_save(fake, label, large, args.repeat)
        if args.pages:
            bench_pages(fake, "demo", demo, args.repeat)
            bench_pages(fake, label, large, args.repeat)
    if args.exports:
        bench_exports("demo", parse_workbook(sources.read_demo()), pdf=True)
        bench_exports(label, parse_workbook(sources.read_xlsx_bytes(tabs_to_xlsx_bytes(large), name=label)), pdf=True)


if __name__ == "__main__":
    main()

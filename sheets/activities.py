"""Department tabs → activities: one row an activity, each bad cell a Problem, the row still counted.

A row without its measure or activity text is left out as an error (nothing is dropped silently).
"""
from __future__ import annotations

from typing import Any

from sheets import cells, contract, dates, tabs
from sheets.model import Activity, Problem, RawTab


def parse_department(tab: RawTab, reader: tabs.TabReader, known: set[int] | None, problems: list[Problem],
                     fiscal_year: int | None = None) -> list[Activity]:
    """Return a department tab's activities; a row missing measure or activity is left out.

    fiscal_year (B.E.) dates a กำหนดเสร็จ such as ไตรมาส 2 or ครึ่งปีแรก that names no year.
    """
    activities = []
    for number, row in reader.data_rows():
        activity = _read_activity(tab, reader, number, row, known, problems, fiscal_year)
        if activity is not None:
            activities.append(activity)
    return activities


def _read_activity(tab: RawTab, reader: tabs.TabReader, number: int, row: list[Any],
                   known: set[int] | None, problems: list[Problem], fiscal_year: int | None = None) -> Activity | None:
    def report(severity: str, name: str, message: str) -> None:
        problems.append(reader.problem(severity, number, reader.column_name(name), message))

    text = cells.cell_text(reader.get(row, "activity"))
    measure_cell = reader.get(row, "measure")
    if cells.is_blank(measure_cell) or not text:
        missing = "มาตรการที่" if cells.is_blank(measure_cell) else "วิธีการดำเนินการ"
        report("error", "measure" if missing == "มาตรการที่" else "activity",
               f"แถวนี้ไม่มี {missing} จึงไม่ถูกนับ กรอกให้ครบ")
        return None
    try:
        measure_no = cells.parse_whole_number(measure_cell)
    except cells.CellError as error:
        report("error", "measure", f"มาตรการที่: {error} แถวนี้จึงไม่ถูกนับ")
        return None
    if known is not None and measure_no not in known:
        report("error", "measure", f"ไม่มีมาตรการลำดับ {measure_no} ในแท็บ มาตรการ "
                                   "กิจกรรมนี้นับในหน่วยงานแต่ไม่นับในมาตรการใด")
    activity = Activity(
        department=tab.title, measure_no=measure_no, activity=text,
        owner=cells.cell_text(reader.get(row, "owner")) or tab.title,
        period=cells.cell_text(reader.get(row, "period")),
        result=cells.cell_text(reader.get(row, "result")),
        recommendation=cells.cell_text(reader.get(row, "recommendation")),
        tab=tab.title, row=number, sheet_id=tab.sheet_id,
        extra={name: row[index] for name, index in reader.extra_columns.items() if index < len(row)})
    _read_activity_cells(activity, reader, row, report, fiscal_year)
    return activity


def _read_activity_cells(activity: Activity, reader: tabs.TabReader, row: list[Any], report,
                         fiscal_year: int | None = None) -> None:
    _read_due(activity, reader, row, report, fiscal_year)
    value = reader.get(row, "updated")
    if not cells.is_blank(value):
        try:
            activity.updated = cells.parse_date(value)
        except cells.CellError as error:
            activity.extra["updated_text"] = cells.cell_text(value)
            report("warning", "updated", str(error))
    progress_cell = reader.get(row, "progress")
    if not cells.is_blank(progress_cell):
        try:
            activity.progress = cells.parse_progress(progress_cell)
        except cells.CellError as error:
            report("warning", "progress", str(error))
    try:
        activity.evidence = cells.parse_urls(reader.get(row, "evidence"))
    except cells.CellError as error:
        report("warning", "evidence", str(error))
    activity.status = _derive_status(reader.get(row, "status"), activity.progress, report)


def _read_due(activity: Activity, reader: tabs.TabReader, row: list[Any], report, fiscal_year: int | None) -> None:
    """Set the due date from กำหนดเสร็จ, or, when that is blank, from the end of ระยะเวลา (an info problem)."""
    value = reader.get(row, "due")
    if cells.is_blank(value):
        activity.due = cells.parse_period_end(activity.period, fiscal_year)
        if activity.due:
            activity.due_from_period = True
            report("info", "due" if "due" in reader.columns else "period",
                   f"กำหนดเสร็จว่าง จึงใช้วันสิ้นสุดของระยะเวลา “{activity.period[:60]}” คือ "
                   f"{dates.format_thai_day(activity.due)} เป็นกำหนดเสร็จ (กรอกกำหนดเสร็จเองหากต้องการวันอื่น)")
        return
    try:
        activity.due = cells.parse_due(value, fiscal_year)
    except cells.CellError as error:
        activity.extra["due_text"] = cells.cell_text(value)
        report("warning", "due", str(error))


def _derive_status(value: Any, progress: float | None, report) -> str:
    word = cells.parse_word(value, contract.ACTIVITY_STATUS_WORDS)
    if word is None:
        report("warning", "status", f"สถานะ “{cells.cell_text(value)[:60]}” ไม่อยู่ในรายการ "
                                    "(ยังไม่เริ่ม, กำลังดำเนินการ, เสร็จแล้ว, ยกเลิก)")
        return "unknown"
    if word:
        return word
    if not progress:
        return "not_started"
    return "done" if progress >= 100 else "in_progress"

"""The contract's figures, computed in one place for every page, export and the CLI."""
from __future__ import annotations

import datetime as dt
from typing import Iterable

from sheets import contract
from sheets.model import Activity, OitItem, Workbook

ACTIVITY_STATUS_KEYS = ("not_started", "in_progress", "done", "cancelled", "unknown")


def round_pct(value: float | None) -> float | None:
    """Return a percentage rounded to one decimal (None stays None)."""
    return None if value is None else round(value + 0.0, 1)


def activity_progress(activity: Activity) -> float | None:
    """Return an activity's progress 0–100, or None when it counts nowhere (cancelled)."""
    if activity.status == "cancelled":
        return None
    if activity.progress is not None:
        return activity.progress
    return contract.STATUS_PROGRESS.get(activity.status, 0.0)


def is_overdue(activity: Activity, today: dt.date) -> bool:
    """Return True when the activity's due date is before today and it is not done."""
    return (activity.due is not None and activity.due < today
            and activity.status not in ("done", "cancelled"))


def mean_progress(activities: Iterable[Activity]) -> float | None:
    """Return the mean progress of the counted activities, or None when there are none."""
    values = [p for p in (activity_progress(a) for a in activities) if p is not None]
    return sum(values) / len(values) if values else None


def is_measure_done(activities: list[Activity]) -> bool:
    """A measure is done when it has at least one counted activity and all are done."""
    counted = [a for a in activities if a.status != "cancelled"]
    return bool(counted) and all(a.status == "done" for a in counted)


def measure_rows(workbook: Workbook, today: dt.date) -> list[dict]:
    """Return one row per measure: no, title, owner, activities, done, progress_pct, overdue, is_done."""
    rows = []
    for measure in workbook.measures:
        acts = workbook.activities_of(measure.no)
        counted = [a for a in acts if a.status != "cancelled"]
        rows.append({
            "no": measure.no, "title": measure.title, "owner": measure.owner,
            "activities": len(counted), "done": sum(a.status == "done" for a in counted),
            "progress_pct": round_pct(mean_progress(acts)), "progress_exact": mean_progress(acts),
            "overdue": sum(is_overdue(a, today) for a in acts), "is_done": is_measure_done(acts),
        })
    return rows


def department_rows(workbook: Workbook, today: dt.date) -> list[dict]:
    """Return one row per department tab: name, activities, done, progress_pct, overdue."""
    rows = []
    for name in workbook.departments:
        acts = [a for a in workbook.activities if a.department == name]
        counted = [a for a in acts if a.status != "cancelled"]
        rows.append({
            "name": name, "activities": len(counted),
            "done": sum(a.status == "done" for a in counted),
            "progress_pct": round_pct(mean_progress(acts)),
            "overdue": sum(is_overdue(a, today) for a in acts),
        })
    return rows


def coverage(items: Iterable[OitItem]) -> dict:
    """Return {total, published, coverage_pct}: published ÷ (all − not applicable)."""
    applicable = [item for item in items if item.status != "not_applicable"]
    published = sum(item.status == "published" for item in applicable)
    pct = 100.0 * published / len(applicable) if applicable else None
    return {"total": len(applicable), "published": published, "coverage_pct": round_pct(pct)}


def oit_summary(workbook: Workbook) -> dict:
    """Return OIT coverage overall, per indicator (9, 10) and for flagged items."""
    items = workbook.oit_items
    result = coverage(items)
    result["by_indicator"] = {
        str(indicator): coverage(i for i in items if i.indicator == indicator)
        for indicator in sorted(contract.OIT_INDICATORS)
    }
    flagged = coverage(i for i in items if i.needs_improvement)
    result["needs_improvement"] = {"total": flagged["total"], "published": flagged["published"]}
    return result


def overdue_activities(workbook: Workbook, today: dt.date) -> list[Activity]:
    """Return the overdue activities, earliest due date first."""
    late = [a for a in workbook.activities if is_overdue(a, today)]
    return sorted(late, key=lambda a: (a.due, a.department, a.row or 0))


def _mean(values: Iterable[float | None]) -> float | None:
    present = [value for value in values if value is not None]
    return sum(present) / len(present) if present else None


def compute_summary(workbook: Workbook, today: dt.date) -> dict:
    """Return the figures `cli.py summary --json` prints (the same for every page)."""
    counted = [a for a in workbook.activities if a.status != "cancelled"]
    measures = measure_rows(workbook, today)
    by_status = {key: 0 for key in ACTIVITY_STATUS_KEYS}
    for activity in workbook.activities:
        by_status[activity.status] += 1
    settings = workbook.settings
    return {
        "organization": settings.organization,
        "fiscal_year": settings.fiscal_year,
        "oit_framework": settings.oit_framework,
        "measures": {
            "total": len(measures), "done": sum(row["is_done"] for row in measures),
            "progress_pct": round_pct(_mean(row["progress_exact"] for row in measures)),
        },
        "activities": {
            "total": len(workbook.activities), "by_status": by_status,
            "progress_pct": round_pct(mean_progress(counted)),
            "overdue": sum(is_overdue(a, today) for a in workbook.activities),
        },
        "departments": department_rows(workbook, today),
        "oit": oit_summary(workbook),
        "problems": [problem.as_dict() for problem in workbook.problems],
        "ignored_tabs": list(workbook.ignored_tabs),
        "source": source_summary(workbook),
    }


def source_summary(workbook: Workbook) -> dict:
    """Return where the data came from, as JSON-ready values."""
    source = workbook.source
    fetched = source.fetched_at.isoformat() if source.fetched_at else None
    return {"kind": source.kind, "name": source.name, "url": source.url,
            "spreadsheet_id": source.spreadsheet_id, "fetched_at": fetched}

"""The contract's figures, computed in one place for every page, export and the CLI.

Each figure is a frozen dataclass read by attribute (`summary.oit.coverage_pct`);
`to_json()` gives the JSON `cli.py summary --json` prints, keys in the order shown.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterable

from sheets import contract
from sheets.model import Activity, OitItem, Problem, Workbook

ACTIVITY_STATUS_KEYS = ("not_started", "in_progress", "done", "cancelled", "unknown")
MEASURE_LABEL = "มาตรการที่ {no}"


@dataclass(frozen=True)
class MeasureRow:
    """One measure's figures: counted activities (cancelled left out), done, progress, overdue."""

    no: int
    title: str
    owner: str
    activities: int
    done: int
    progress_pct: float | None
    progress_exact: float | None
    overdue: int
    is_done: bool

    @property
    def label(self) -> str:
        """Return the measure's short label, "มาตรการที่ 1" (chart axes, deck, page headings)."""
        return MEASURE_LABEL.format(no=self.no)


@dataclass(frozen=True)
class DepartmentRow:
    """One department tab's figures: counted activities, done, progress, overdue."""

    name: str
    activities: int
    done: int
    progress_pct: float | None
    overdue: int

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Coverage:
    """OIT items published out of the applicable ones (not applicable left out)."""

    total: int
    published: int
    coverage_pct: float | None

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class OitCoverage:
    """OIT coverage overall, per indicator (9, 10) and of the items flagged by last year's assessment."""

    overall: Coverage
    by_indicator: dict[int, Coverage]
    needs_improvement: Coverage

    @property
    def total(self) -> int:
        return self.overall.total

    @property
    def published(self) -> int:
        return self.overall.published

    @property
    def coverage_pct(self) -> float | None:
        return self.overall.coverage_pct

    def to_json(self) -> dict[str, Any]:
        flagged = self.needs_improvement
        return {**self.overall.to_json(),
                "by_indicator": {str(number): part.to_json() for number, part in self.by_indicator.items()},
                "needs_improvement": {"total": flagged.total, "published": flagged.published}}


@dataclass(frozen=True)
class MeasureTotals:
    """All measures: how many, how many done, mean progress of the measures."""

    total: int
    done: int
    progress_pct: float | None

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class ActivityTotals:
    """All activities: how many, per status (every key of ACTIVITY_STATUS_KEYS), progress, overdue."""

    total: int
    by_status: dict[str, int]
    progress_pct: float | None
    overdue: int

    @property
    def counted(self) -> int:
        """Return the activities that count (all but the cancelled)."""
        return self.total - self.by_status.get("cancelled", 0)

    def to_json(self) -> dict[str, Any]:
        return {"total": self.total, "by_status": dict(self.by_status), "progress_pct": self.progress_pct,
                "overdue": self.overdue}


@dataclass(frozen=True)
class SourceSummary:
    """Where the data came from."""

    kind: str
    name: str
    url: str | None
    spreadsheet_id: str | None
    fetched_at: dt.datetime | None

    def to_json(self) -> dict[str, Any]:
        fetched = self.fetched_at.isoformat() if self.fetched_at else None
        return {"kind": self.kind, "name": self.name, "url": self.url,
                "spreadsheet_id": self.spreadsheet_id, "fetched_at": fetched}


@dataclass(frozen=True)
class Summary:
    """Every headline figure of a workbook on a day (the same for every page, export and the CLI)."""

    organization: str
    fiscal_year: int | None
    oit_framework: int | None
    measures: MeasureTotals
    activities: ActivityTotals
    departments: tuple[DepartmentRow, ...]
    oit: OitCoverage
    problems: tuple[Problem, ...]
    ignored_tabs: tuple[str, ...]
    source: SourceSummary

    def problem_count(self, severities: Iterable[str]) -> int:
        """Return how many problems have one of these severities."""
        wanted = set(severities)
        return sum(problem.severity in wanted for problem in self.problems)

    def to_json(self) -> dict[str, Any]:
        """Return the JSON-ready dict `cli.py summary --json` prints."""
        return {
            "organization": self.organization, "fiscal_year": self.fiscal_year,
            "oit_framework": self.oit_framework, "measures": self.measures.to_json(),
            "activities": self.activities.to_json(),
            "departments": [row.to_json() for row in self.departments],
            "oit": self.oit.to_json(), "problems": [problem.as_dict() for problem in self.problems],
            "ignored_tabs": list(self.ignored_tabs), "source": self.source.to_json(),
        }


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


def measure_rows(workbook: Workbook, today: dt.date) -> list[MeasureRow]:
    """Return one MeasureRow per measure, in the measures tab's order."""
    rows = []
    for measure in workbook.measures:
        acts = workbook.activities_of(measure.no)
        counted = [a for a in acts if a.status != "cancelled"]
        exact = mean_progress(acts)
        rows.append(MeasureRow(
            no=measure.no, title=measure.title, owner=measure.owner, activities=len(counted),
            done=sum(a.status == "done" for a in counted), progress_pct=round_pct(exact), progress_exact=exact,
            overdue=sum(is_overdue(a, today) for a in acts), is_done=is_measure_done(acts)))
    return rows


def department_rows(workbook: Workbook, today: dt.date) -> list[DepartmentRow]:
    """Return one DepartmentRow per department tab, in the workbook's order."""
    rows = []
    for name in workbook.departments:
        acts = [a for a in workbook.activities if a.department == name]
        counted = [a for a in acts if a.status != "cancelled"]
        rows.append(DepartmentRow(
            name=name, activities=len(counted), done=sum(a.status == "done" for a in counted),
            progress_pct=round_pct(mean_progress(acts)), overdue=sum(is_overdue(a, today) for a in acts)))
    return rows


def coverage(items: Iterable[OitItem]) -> Coverage:
    """Return the Coverage of these items: published ÷ (all − not applicable)."""
    applicable = [item for item in items if item.status != "not_applicable"]
    published = sum(item.status == "published" for item in applicable)
    pct = 100.0 * published / len(applicable) if applicable else None
    return Coverage(total=len(applicable), published=published, coverage_pct=round_pct(pct))


def oit_summary(workbook: Workbook) -> OitCoverage:
    """Return OIT coverage overall, per indicator (9, 10) and for flagged items."""
    items = workbook.oit_items
    return OitCoverage(
        overall=coverage(items),
        by_indicator={indicator: coverage(i for i in items if i.indicator == indicator)
                      for indicator in sorted(contract.OIT_INDICATORS)},
        needs_improvement=coverage(i for i in items if i.needs_improvement),
    )


def overdue_activities(workbook: Workbook, today: dt.date) -> list[Activity]:
    """Return the overdue activities, earliest due date first."""
    late = [a for a in workbook.activities if is_overdue(a, today)]
    return sorted(late, key=lambda a: (a.due, a.department, a.row or 0))


def _mean(values: Iterable[float | None]) -> float | None:
    present = [value for value in values if value is not None]
    return sum(present) / len(present) if present else None


def activity_totals(workbook: Workbook, today: dt.date) -> ActivityTotals:
    """Return the ActivityTotals of every activity (cancelled ones counted in by_status only)."""
    counted = [a for a in workbook.activities if a.status != "cancelled"]
    by_status = {key: 0 for key in ACTIVITY_STATUS_KEYS}
    for activity in workbook.activities:
        by_status[activity.status] += 1
    return ActivityTotals(total=len(workbook.activities), by_status=by_status,
                          progress_pct=round_pct(mean_progress(counted)),
                          overdue=sum(is_overdue(a, today) for a in workbook.activities))


def compute_summary(workbook: Workbook, today: dt.date) -> Summary:
    """Return the Summary that every page, export and `cli.py summary` shows."""
    measures = measure_rows(workbook, today)
    settings = workbook.settings
    return Summary(
        organization=settings.organization, fiscal_year=settings.fiscal_year,
        oit_framework=settings.oit_framework,
        measures=MeasureTotals(total=len(measures), done=sum(row.is_done for row in measures),
                               progress_pct=round_pct(_mean(row.progress_exact for row in measures))),
        activities=activity_totals(workbook, today),
        departments=tuple(department_rows(workbook, today)),
        oit=oit_summary(workbook),
        problems=tuple(workbook.problems),
        ignored_tabs=tuple(workbook.ignored_tabs),
        source=source_summary(workbook),
    )


def source_summary(workbook: Workbook) -> SourceSummary:
    """Return where the data came from."""
    source = workbook.source
    return SourceSummary(kind=source.kind, name=source.name, url=source.url,
                         spreadsheet_id=source.spreadsheet_id, fetched_at=source.fetched_at)

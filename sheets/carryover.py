"""Last year's workbook → this year's template content (`cli.py template --from`).

Settings that name the office and its signatories, the measures and every department's
activities are carried over with last year's outcome cleared; the O items last year's
assessment flagged (ต้องปรับปรุง) move to this year's codes through the crosswalks.
A flag with no counterpart is named, never dropped; an inferred mapping says so.
"""
from __future__ import annotations

from dataclasses import dataclass

from sheets import catalog, contract, crosswalk
from sheets.model import Activity, Measure, OitItem, Workbook
from sheets.template import DepartmentTab, TemplateContent

CARRIED_SETTINGS = ("organization", "district", "province", "issuing_unit", "addressee",
                    "reporter", "reporter_position", "reviewer", "reviewer_position",
                    "executive", "executive_position", "reviewer_role", "executive_role")
RESET_STATUS = contract.ACTIVITY_STATUS_TH["not_started"]
INFERRED_NOTE = "การเทียบรหัสเป็นการอนุมาน ตรวจกับคู่มือ ITA ของปีนี้"


@dataclass(frozen=True)
class CarriedFlag:
    """A flagged item of last year and the item(s) it became this year."""

    code: str
    title: str
    targets: tuple[str, ...]
    inferred: tuple[str, ...] = ()


@dataclass(frozen=True)
class UnmappedFlag:
    """A flagged item of last year with no counterpart this year, and why."""

    code: str
    title: str
    reason: str


@dataclass(frozen=True)
class DroppedLink:
    """A measure's related O code with no counterpart this year."""

    measure_no: int
    code: str
    reason: str


@dataclass(frozen=True)
class CarryOver:
    """Everything `template --from` carries, and what it could not."""

    source_name: str
    source_fiscal_year: int | None
    source_catalog_year: int | None
    fiscal_year: int
    oit_framework: int
    catalog_year: int | None
    content: TemplateContent
    flags: tuple[CarriedFlag, ...]
    unmapped: tuple[UnmappedFlag, ...]
    dropped_links: tuple[DroppedLink, ...]
    activities: int
    source_errors: int

    @property
    def inferred(self) -> tuple[CarriedFlag, ...]:
        """Return the carried flags that reached a target only through an inferred step."""
        return tuple(flag for flag in self.flags if flag.inferred)


def build_carryover(workbook: Workbook, fiscal_year: int, oit_framework: int | None = None) -> CarryOver:
    """Return what last year's workbook gives a template for `fiscal_year` (framework defaults to it)."""
    framework = oit_framework or fiscal_year
    to_year = catalog.pick_catalog_year(framework)
    from_year = workbook.catalog_year
    flags, unmapped = _map_flags([i for i in workbook.oit_items if i.needs_improvement], from_year, to_year)
    measures, dropped = _carry_measures(workbook.measures, from_year, to_year)
    departments = tuple(_carry_department(name, [a for a in workbook.activities if a.department == name])
                        for name in workbook.departments)
    content = TemplateContent(
        settings={key: getattr(workbook.settings, key) for key in CARRIED_SETTINGS},
        measures=measures, departments=departments, oit_notes=_oit_notes(flags, from_year),
        instructions=tuple(_instruction_lines(unmapped, flags, dropped, from_year)))
    return CarryOver(
        source_name=workbook.source.name, source_fiscal_year=workbook.settings.fiscal_year,
        source_catalog_year=from_year, fiscal_year=fiscal_year, oit_framework=framework, catalog_year=to_year,
        content=content, flags=flags, unmapped=unmapped, dropped_links=dropped,
        activities=sum(len(d.rows) for d in departments),
        source_errors=sum(p.severity == "error" for p in workbook.problems))


def _map_flags(items: list[OitItem], from_year: int | None,
               to_year: int | None) -> tuple[tuple[CarriedFlag, ...], tuple[UnmappedFlag, ...]]:
    carried, unmapped = [], []
    for item in items:
        mapping = crosswalk.map_code(item.code, from_year, to_year)
        if mapping.targets:
            carried.append(CarriedFlag(item.code, item.title, mapping.targets, mapping.inferred))
        else:
            unmapped.append(UnmappedFlag(item.code, item.title, mapping.reason))
    return tuple(carried), tuple(unmapped)


def _carry_measures(measures: list[Measure], from_year: int | None,
                    to_year: int | None) -> tuple[tuple[tuple, ...], tuple[DroppedLink, ...]]:
    rows, dropped = [], []
    for measure in measures:
        codes: list[str] = []
        for code in measure.indicators:
            mapping = crosswalk.map_code(code, from_year, to_year)
            if not mapping.targets:
                dropped.append(DroppedLink(measure.no, code, mapping.reason))
            codes.extend(target for target in mapping.targets if target not in codes)
        rows.append((measure.no, measure.title, measure.owner, ", ".join(codes)))
    return tuple(rows), tuple(dropped)


def _carry_department(name: str, activities: list[Activity]) -> DepartmentTab:
    derived = {f"{field}_text" for field in contract.ACTIVITY_HEADERS}
    extra: list[str] = []
    for activity in activities:
        extra.extend(key for key in activity.extra if key not in derived and key not in extra)
    rows = tuple(tuple(_activity_row(activity)) + tuple(activity.extra.get(key) for key in extra)
                 for activity in activities)
    return DepartmentTab(name, rows, tuple(extra))


def _activity_row(activity: Activity) -> list:
    """Return one activity as this year's row: plan kept, last year's outcome cleared."""
    values = {
        "measure": activity.measure_no, "activity": activity.activity,
        "owner": "" if activity.owner == activity.department else activity.owner,
        "period": activity.period, "due": _written_due(activity),
        "status": RESET_STATUS, "recommendation": activity.recommendation,
    }
    return [values.get(key, "") for key in contract.ACTIVITY_HEADERS]


def _written_due(activity: Activity):
    """Return the due date as the sheet wrote it: a date taken from ระยะเวลา is not written back."""
    if activity.due_from_period:
        return ""
    return activity.due or activity.extra.get("due_text", "")


def _oit_notes(flags: tuple[CarriedFlag, ...], from_year: int | None) -> dict[str, str]:
    """Return {this year's code: หมายเหตุ} for every item a flag was carried into."""
    sources: dict[str, list[CarriedFlag]] = {}
    for flag in flags:
        for target in flag.targets:
            sources.setdefault(target, []).append(flag)
    notes = {}
    for target, carried in sources.items():
        codes = ", ".join(flag.code for flag in carried)
        note = f"ต้องปรับปรุงตามผลปีก่อน: ยกมาจาก {codes} (รายการปี {from_year})"
        if any(target in flag.inferred for flag in carried):
            note += f" {INFERRED_NOTE}"
        notes[target] = note
    return notes


def _instruction_lines(unmapped: tuple[UnmappedFlag, ...], flags: tuple[CarriedFlag, ...],
                       dropped: tuple[DroppedLink, ...], from_year: int | None) -> list[str]:
    if not (unmapped or flags or dropped):
        return []
    lines = [f"ยกมาจากปีก่อน: ข้อ O ที่ต้องปรับปรุง {len(flags) + len(unmapped)} ข้อ (รายการปี {from_year}) "
             f"ยกมาได้ {len(flags)} ข้อ ดูหมายเหตุในแท็บ ตัวชี้วัด OIT"]
    if unmapped:
        lines.append(f"ข้อที่ไม่มีข้อที่ตรงกันในปีนี้ {len(unmapped)} ข้อ ตรวจและทำเครื่องหมาย ต้องปรับปรุง เอง:")
        lines += [f"- {flag.code} {flag.title}: {flag.reason}" for flag in unmapped]
    lines += [f"- มาตรการ {link.measure_no} ตัวชี้วัดที่เกี่ยวข้อง {link.code}: {link.reason} จึงไม่ได้ยกมา"
              for link in dropped]
    return lines


def describe(carry: CarryOver) -> list[str]:
    """Return the Thai lines `template --from` prints: what was carried, what was not and why."""
    content = carry.content
    lines = [
        f"ยกข้อมูลจาก {carry.source_name} (ปีงบประมาณ {carry.source_fiscal_year or '-'}, "
        f"รหัส O ตามรายการปี {carry.source_catalog_year or '-'}) ไปปีงบประมาณ {carry.fiscal_year} "
        f"(กรอบ OIT ปี {carry.oit_framework}, รายการปี {carry.catalog_year or '-'})",
        f"ตั้งค่า {sum(bool(v) for v in content.settings.values())} ค่า · มาตรการ {len(content.measures)} · "
        f"แท็บหน่วยงาน {len(content.departments)} · กิจกรรม {carry.activities} "
        f"(สถานะกลับเป็น {RESET_STATUS} ล้างความคืบหน้า ผล หลักฐาน และวันที่ปรับปรุง)",
        f"ข้อ O ที่ต้องปรับปรุง {len(carry.flags) + len(carry.unmapped)} ข้อ: ยกมาได้ {len(carry.flags)} "
        f"(อนุมาน {len(carry.inferred)}) ไม่มีข้อที่ตรงกัน {len(carry.unmapped)}",
    ]
    for flag in carry.flags:
        guessed = " (อนุมาน)" if flag.inferred else ""
        lines.append(f"  {flag.code} {flag.title} → {', '.join(flag.targets)}{guessed}")
    lines += [f"  ไม่มีข้อที่ตรงกัน: {flag.code} {flag.title}: {flag.reason}" for flag in carry.unmapped]
    lines += [f"  มาตรการ {link.measure_no}: ตัวชี้วัดที่เกี่ยวข้อง {link.code} ไม่ได้ยกมา ({link.reason})"
              for link in carry.dropped_links]
    if carry.source_errors:
        lines.append(f"แหล่งข้อมูลมีข้อผิดพลาด {carry.source_errors} รายการ แถวที่อ่านไม่ได้ไม่ได้ยกมา "
                     "ตรวจด้วย python cli.py check")
    return lines

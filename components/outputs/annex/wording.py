"""The annex's words: `build_report` turns a Workbook into a Report, every line worded once.

The HTML and DOCX builders only lay the Report out, so both say exactly the same words.
Sheet text is kept as written; the numbers we generate (years, dates, numbering, O codes)
follow the digit option. Wording follows the seed report (tests/data/seed-report-kudjik-2566.txt,
see tests/data/README.md).
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Iterable

from components.outputs.annex.model import (
    Annex,
    Comment,
    Entry,
    Group,
    Memo,
    Report,
    Row,
    Section,
    Signature,
    Summary,
)
from sheets import cells, contract
from sheets.model import Activity, Measure, OitItem, Settings, Workbook

DOTS = "." * 40
SHORT_DOTS = "." * 10
COMMENT_DOTS = "....."
SUBJECT = "รายงานผลการดำเนินการ ตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ"
REQUEST = "จึงเรียนมาเพื่อโปรดพิจารณา"
IMPROVEMENT_LEAD = "ดำเนินการตามประเด็น หัวข้อตัวชี้วัดที่ต้องปรับปรุงและพัฒนาให้ดีขึ้น ดังนี้"
SECTION_INDICATOR = "ผลการดำเนินการตามมาตรการเพื่อขับเคลื่อนการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
SECTION_OTHER = "การดำเนินการตามมาตรการเพื่อขับเคลื่อนการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
INDICATOR_INTROS = {
    9: ("การเปิดเผยข้อมูลเป็นตัวชี้วัดที่มีวัตถุประสงค์เพื่อประเมินการเผยแพร่ข้อมูลที่เป็นปัจจุบัน"
        "บนเว็บไซต์ของหน่วยงานที่ได้เปิดเผยข้อมูลต่าง ๆ ของหน่วยงานให้สาธารณชนได้รับทราบ รายละเอียด ดังนี้"),
    10: ("การป้องกันการทุจริตเป็นตัวชี้วัดที่มีวัตถุประสงค์เพื่อประเมินการเผยแพร่ข้อมูลที่เป็นปัจจุบัน"
         "บนเว็บไซต์ของหน่วยงาน เพื่อเปิดเผยการดำเนินการต่างๆ ให้สาธารณชนได้รับทราบ รายละเอียด ดังนี้"),
}
OTHER_ITEMS_HEADING = "ข้ออื่น ๆ ที่ต้องปรับปรุง ดังนี้"
TABLE_HEADERS = ("มาตรการ", "วิธีการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลา", "ผลการดำเนินการ", "ข้อเสนอแนะ")
SIGN_LINE = f"(ลงชื่อ){DOTS}ผู้รายงาน"
UNSAFE_FILE_CHARS = re.compile(r"[\\/:*?\"<>|\s\x00-\x1f]+")


class _Digits:
    """Formats the numbers we generate in Thai (default) or Arabic digits."""

    def __init__(self, arabic: bool) -> None:
        self.arabic = arabic

    def __call__(self, value: object) -> str:
        text = str(value)
        return cells.to_arabic_digits(text) if self.arabic else cells.to_thai_digits(text)


def build_report(workbook: Workbook, *, measures: Iterable[int] | None = None,
                 departments: Iterable[str] | None = None, arabic_digits: bool = False) -> Report:
    """Return the Report of a workbook.

    measures: the measure numbers (ลำดับ) to include, None = all; departments: the
    department tabs whose activities are included, None = all (a measure left with no
    activity still prints its title row). The O items to improve are those flagged
    `needs_improvement`; with a measure filter, only those the chosen measures list.
    Raises nothing for blank settings: blank fields print as dots.
    """
    digits = _Digits(arabic_digits)
    chosen = _chosen_measures(workbook, measures)
    wanted = None if departments is None else set(departments)
    activities = {m.no: [a for a in workbook.activities_of(m.no)
                         if wanted is None or a.department in wanted] for m in chosen}
    items = _flagged_items(workbook, chosen if measures is not None else None)
    settings = workbook.settings
    return Report(
        title=f"รายงานผลการดำเนินการ ITA ประจำปีงบประมาณ {_year(settings.fiscal_year, digits)}",
        memo=_memo(settings, chosen, digits),
        summary=_summary(settings, chosen, items, digits),
        annex=_annex(settings, chosen, activities, digits, keep_owner=wanted is None),
        fiscal_year=settings.fiscal_year, arabic_digits=arabic_digits,
    )


def _chosen_measures(workbook: Workbook, measures: Iterable[int] | None) -> list[Measure]:
    if measures is None:
        return list(workbook.measures)
    wanted = set(measures)
    return [m for m in workbook.measures if m.no in wanted]


def _flagged_items(workbook: Workbook, chosen: list[Measure] | None) -> list[OitItem]:
    items = [item for item in workbook.oit_items if item.needs_improvement]
    if chosen is not None:
        linked = {code for m in chosen for code in m.indicators}
        items = [item for item in items if item.code in linked]
    return sorted(items, key=lambda item: item.number)


def format_thai_date(value: dt.date | None, *, arabic_digits: bool = False) -> str:
    """Return a B.E. date with the Thai month name ("๓๑ มีนาคม ๒๕๖๖"); None gives ''."""
    if value is None:
        return ""
    month = contract.THAI_MONTHS[value.month - 1][0]
    return _Digits(arabic_digits)(f"{value.day} {month} {value.year + contract.BE_OFFSET}")


def file_name(report: Report, extension: str) -> str:
    """Return a download name safe on every OS that keeps Thai letters ("รายงานผล_ITA_๒๕๖๖.pdf")."""
    year = report.fiscal_year or ""
    stem = UNSAFE_FILE_CHARS.sub("_", f"รายงานผล ITA {year}").strip("_")
    return f"{stem}.{extension}"


def _year(year: int | None, digits: _Digits) -> str:
    return digits(year) if year else SHORT_DOTS


def _or_dots(text: str) -> str:
    return text if text.strip() else DOTS


def _paragraphs(text: str) -> list[str]:
    """Return the non-blank lines of a cell, each a paragraph (sheet text kept as written)."""
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def _place(settings: Settings) -> str:
    """Return "เทศบาลตำบลกุดจิก อำเภอสูงเนิน จังหวัดนครราชสีมา" from the settings."""
    parts = [settings.organization.strip()]
    for prefix, value in (("อำเภอ", settings.district), ("จังหวัด", settings.province)):
        value = value.strip()
        if value:
            parts.append(value if value.startswith(prefix) else prefix + value)
    return " ".join(part for part in parts if part)


def _signature(name: str, position: str) -> Signature:
    label = f"({name.strip()})" if name.strip() else f"({DOTS})"
    return Signature(label, tuple(_paragraphs(position)))


def _comment(role: str, comment: str, name: str, position: str, fallback: str) -> Comment:
    lines = _paragraphs(position)
    role = role.strip() or (lines[-1] if lines else fallback)
    text = comment.strip()
    line = f"ความเห็นของ{role}{COMMENT_DOTS}{text}{COMMENT_DOTS}" if text else f"ความเห็นของ{role}{DOTS}"
    return Comment(line, _signature(name, position))


def _memo(settings: Settings, chosen: list[Measure], digits: _Digits) -> Memo:
    unit = settings.issuing_unit.strip() or settings.organization.strip()
    fiscal, assessed = _year(settings.fiscal_year, digits), _year(settings.assessed_year, digits)
    return Memo(
        unit=" ".join(part for part in (settings.issuing_unit.strip(), _place(settings)) if part),
        document_no=_or_dots(settings.document_no.strip()),
        date=_or_dots(format_thai_date(settings.document_date, arabic_digits=digits.arabic)),
        subject=f"{SUBJECT} ประจำปีงบประมาณ พ.ศ. {fiscal}",
        addressee=_or_dots(settings.addressee.strip()),
        opening=(f"ตามที่{unit} ได้วิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน"
                 f"ของหน่วยงานภาครัฐ ประจำปี {assessed} และจัดทำมาตรการเพื่อขับเคลื่อนการส่งเสริม"
                 f"คุณธรรมและความโปร่งใสของหน่วยงาน ประจำปี {fiscal} ตามมาตรการที่กำหนดไว้ ดังนี้"),
        measures=tuple(f"{digits(m.no)}. {m.title}" for m in chosen),
        closing=(f"บัดนี้ {unit} และส่วนราชการในสังกัด{settings.organization.strip()} "
                 "ได้ดำเนินการตามมาตรการดังกล่าวเรียบร้อยแล้ว "
                 "รายละเอียดปรากฏตามเอกสารแนบท้ายบันทึกข้อความฉบับนี้"),
        request=REQUEST,
        reporter=_signature(settings.reporter, settings.reporter_position),
        comments=(
            _comment(settings.reviewer_role, settings.reviewer_comment, settings.reviewer,
                     settings.reviewer_position, "ผู้บังคับบัญชา"),
            _comment(settings.executive_role, settings.executive_comment, settings.executive,
                     settings.executive_position, "ผู้บริหาร"),
        ),
    )


def _as_measure_phrase(title: str) -> str:
    """Return "มาตรการ…" for a title: "การกำหนด…" → "มาตรการกำหนด…" as the seed writes it."""
    title = title.strip()
    if title.startswith("มาตรการ"):
        return title
    return "มาตรการ" + (title[3:] if title.startswith("การ") else title)


def _oit_line(item: OitItem, digits: _Digits) -> str:
    return f"ข้อ {digits(item.code)} {digits(item.title)}".rstrip()


def _groups(items: list[OitItem], digits: _Digits) -> tuple[Group, ...]:
    groups = []
    for indicator, intro in INDICATOR_INTROS.items():
        lines = tuple(_oit_line(i, digits) for i in items if i.indicator == indicator)
        if lines:
            groups.append(Group(f"ตัวชี้วัดที่ {digits(indicator)} {intro}", lines))
    others = tuple(_oit_line(i, digits) for i in items if i.indicator not in INDICATOR_INTROS)
    if others:
        groups.append(Group(OTHER_ITEMS_HEADING, others))
    return tuple(groups)


def _summary(settings: Settings, chosen: list[Measure], items: list[OitItem], digits: _Digits) -> Summary:
    assessed, fiscal = _year(settings.assessed_year, digits), _year(settings.fiscal_year, digits)
    organization = settings.organization.strip()
    indicator_titles = [_as_measure_phrase(m.title) for m in chosen if m.indicators]
    other_titles = [m.title.strip() for m in chosen if not m.indicators]
    parts = []
    if indicator_titles or items:
        parts.append((SECTION_INDICATOR, indicator_titles, IMPROVEMENT_LEAD if items else "",
                      _groups(items, digits)))
    if other_titles:
        parts.append((SECTION_OTHER, other_titles, "", ()))
    sections = tuple(
        Section(f"{digits(n)}. {heading}",
                tuple(f"{digits(n)}.{digits(i)} {title}" for i, title in enumerate(titles, start=1)),
                lead, groups)
        for n, (heading, titles, lead, groups) in enumerate(parts, start=1)
    )
    return Summary(
        heading=f"ผลการดำเนินการ ตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปี {assessed}",
        organization=_place(settings),
        intro=(f"จากผลการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
               f"ประจำปี {assessed} และ{organization} ได้กำหนดมาตรการเพื่อขับเคลื่อนการส่งเสริมคุณธรรม"
               f"และความโปร่งใสของหน่วยงาน ประจำปี {fiscal} ให้ดีขึ้น มีรายละเอียด ดังนี้"),
        sections=sections,
    )


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip() for v in values if v.strip()))


def _row(measure: Measure, activities: list[Activity], digits: _Digits, keep_owner: bool) -> Row:
    """Return a measure's block: methods numbered ๑., ๒., … only when there are two or more."""
    numbered = len(activities) >= 2
    entries = tuple(
        Entry(f"{digits(i)}. {a.activity.strip()}" if numbered else a.activity.strip(),
              tuple(_paragraphs(a.period)), tuple(_paragraphs(a.result)), tuple(_paragraphs(a.recommendation)))
        for i, a in enumerate(activities, start=1))
    owners = _unique(a.owner for a in activities) or (_unique([measure.owner]) if keep_owner else ())
    return Row(f"{digits(measure.no)}. {measure.title.strip()}", owners, entries)


def _annex(settings: Settings, chosen: list[Measure], activities: dict[int, list[Activity]],
           digits: _Digits, keep_owner: bool) -> Annex:
    organization, place = settings.organization.strip(), _place(settings)
    assessed, fiscal = _year(settings.assessed_year, digits), _year(settings.fiscal_year, digits)
    return Annex(
        title=f"รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปี {assessed}",
        subtitle=f"ของ{place}",
        intro=(f"ตามที่ได้ดำเนินการวิเคราะห์ผลการประเมิน ITA ของ{organization} ปีงบประมาณ พ.ศ. {assessed} "
               f"และได้กำหนดมาตรการ/แนวทางในการส่งเสริมคุณธรรมและความโปร่งใสของ{organization} "
               f"ในปีงบประมาณ พ.ศ. {fiscal} โดยได้มีการดำเนินการขับเคลื่อนมาตรการส่งเสริมคุณธรรม"
               f"และความโปร่งใสของ{organization} ประจำปีงบประมาณ พ.ศ. {fiscal} ดังนี้"),
        headers=TABLE_HEADERS,
        rows=tuple(_row(m, activities[m.no], digits, keep_owner) for m in chosen),
        sign_line=SIGN_LINE,
        signer=_signature(settings.reporter, settings.reporter_position),
    )

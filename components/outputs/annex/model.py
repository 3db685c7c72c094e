"""The annex report as plain data: the frozen dataclasses the HTML and DOCX builders lay out.

`components.outputs.annex.wording.build_report` fills them: every line worded, numbered
and digit-styled once, so every format says exactly the same words.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Signature:
    """A signature block: "(name)" then one line per position line."""

    name: str
    positions: tuple[str, ...]


@dataclass(frozen=True)
class Comment:
    """One comment line of the memo ("ความเห็นของ…") and who signs under it."""

    line: str
    signature: Signature


@dataclass(frozen=True)
class Memo:
    """The บันทึกข้อความ: header fields, body paragraphs, signature, comment lines."""

    unit: str
    document_no: str
    date: str
    subject: str
    addressee: str
    opening: str
    measures: tuple[str, ...]
    closing: str
    request: str
    reporter: Signature
    comments: tuple[Comment, ...]


@dataclass(frozen=True)
class Group:
    """A heading (an indicator's intro) over its O items ("ข้อ O๑ โครงสร้างองค์กร")."""

    heading: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    """A numbered section of the summary: heading, numbered items, then O-item groups."""

    heading: str
    items: tuple[str, ...]
    lead: str = ""
    groups: tuple[Group, ...] = ()


@dataclass(frozen=True)
class Summary:
    """The results summary page."""

    heading: str
    organization: str
    intro: str
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Entry:
    """One activity's part of a measure's block: its method and its own paragraphs."""

    method: str
    periods: tuple[str, ...] = ()
    results: tuple[str, ...] = ()
    recommendations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Row:
    """One measure's block of the annex table: its title, owners and one entry per activity."""

    measure: str
    owners: tuple[str, ...]
    entries: tuple[Entry, ...]

    @property
    def methods(self) -> tuple[str, ...]:
        return tuple(entry.method for entry in self.entries)

    @property
    def periods(self) -> tuple[str, ...]:
        return tuple(p for entry in self.entries for p in entry.periods)

    @property
    def results(self) -> tuple[str, ...]:
        return tuple(p for entry in self.entries for p in entry.results)

    @property
    def recommendations(self) -> tuple[str, ...]:
        return tuple(p for entry in self.entries for p in entry.recommendations)

    @property
    def cells(self) -> tuple[tuple[str, ...], ...]:
        """Return the six cells in the table headers' order, each a list of paragraphs."""
        return ((self.measure,), self.methods, self.owners, self.periods,
                self.results, self.recommendations)


@dataclass(frozen=True)
class Annex:
    """The annex table with its title, intro and the reporter's signature."""

    title: str
    subtitle: str
    intro: str
    headers: tuple[str, ...]
    rows: tuple[Row, ...]
    sign_line: str
    signer: Signature


@dataclass(frozen=True)
class Report:
    """Everything the annex prints, ready to lay out."""

    title: str
    memo: Memo
    summary: Summary
    annex: Annex
    fiscal_year: int | None
    arabic_digits: bool

"""Who may edit which department (the interface agreed with the sign-in work; pure, no streamlit).

TEMPORARY on branch `write`: the minimal form of the agreed interface so the update page
runs before the sign-in branch lands; on rebase the sign-in branch's file replaces this one.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sheets import cells

ADMIN, EDITOR, VIEWER, OPEN, REFUSED, ANONYMOUS = "admin", "editor", "viewer", "open", "refused", "anonymous"


@dataclass(frozen=True)
class Access:
    """What one person may do. departments: folded tab titles they edit (empty for admin = all)."""

    email: str | None
    role: str
    departments: frozenset[str] = frozenset()

    def can_view(self) -> bool:
        return self.role in (ADMIN, EDITOR, VIEWER, OPEN)

    def can_edit(self, tab_title: str) -> bool:
        return self.role == ADMIN or self.role == EDITOR and cells.normalize_name(tab_title) in self.departments

    def can_choose_source(self) -> bool:
        return self.role in (ADMIN, OPEN)


@dataclass(frozen=True)
class AccessRules:
    admins: frozenset[str] = frozenset()
    viewers: frozenset[str] = frozenset()
    editors: Mapping[str, frozenset[str]] = field(default_factory=dict)


OPEN_ACCESS = Access(None, OPEN)
ANONYMOUS_ACCESS = Access(None, ANONYMOUS)


def parse_rules(section: Mapping[str, Any] | None) -> AccessRules:
    """Return the rules of a secrets [access] table: admins, viewers, departments.{tab} = [e-mails]."""
    section = section or {}

    def emails(values: Any) -> frozenset[str]:
        return frozenset(str(value).strip().lower() for value in ([values] if isinstance(values, str) else values or []))

    editors = {cells.normalize_name(title): emails(value) for title, value in (section.get("departments") or {}).items()}
    return AccessRules(emails(section.get("admins")), emails(section.get("viewers")), editors)


def resolve_access(email: Any, email_verified: Any, rules: AccessRules) -> Access:
    """Return the Access of a signed-in person: admin > editor > viewer, else refused."""
    address = str(email or "").strip().lower()
    if not address or email_verified is False:
        return Access(address or None, REFUSED)
    if address in rules.admins:
        return Access(address, ADMIN)
    departments = frozenset(title for title, people in rules.editors.items() if address in people)
    if departments:
        return Access(address, EDITOR, departments)
    return Access(address, VIEWER if address in rules.viewers else REFUSED)

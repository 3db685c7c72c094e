"""Who may see the data and who may edit which department: pure rules, no Streamlit.

The rules come from the operator's secrets (never from the sheet, so no sheet editor can
grant themselves rights), in this form:

    [access]
    admins  = ["it@office.go.th"]                      # everything, incl. choosing the source
    viewers = ["mayor@office.go.th", "@office.go.th"]  # a leading @ admits a whole domain
    contact = "it@office.go.th"                        # optional: whom a refused person asks
    [access.departments]                               # department tab title -> its editors
    "กองคลัง" = ["finance.head@office.go.th"]

E-mails compare case-insensitively; where the provider sends `email_verified`, only a
verified e-mail counts. Department titles compare with the contract's name folding
(`sheets.cells.normalize_name`). A department editor also views everything.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sheets import cells

ADMIN, EDITOR, VIEWER, OPEN, REFUSED, ANONYMOUS = "admin", "editor", "viewer", "open", "refused", "anonymous"
ROLES = (ADMIN, EDITOR, VIEWER, OPEN, REFUSED, ANONYMOUS)
VIEWING_ROLES = frozenset({ADMIN, EDITOR, VIEWER, OPEN})
# Why a signed-in person was refused (Access.reason).
NOT_LISTED, NO_EMAIL, UNVERIFIED = "not_listed", "no_email", "unverified"
TRUE_WORDS = frozenset({"true", "1", "yes"})


@dataclass(frozen=True)
class Access:
    """What one person may do. departments: folded tab titles they edit (empty for admin = all)."""

    email: str | None
    role: str
    departments: frozenset[str] = frozenset()
    reason: str = ""  # for role "refused": NOT_LISTED, NO_EMAIL or UNVERIFIED

    def can_view(self) -> bool:
        """Return True when the person may see the office's data."""
        return self.role in VIEWING_ROLES

    def can_edit(self, tab_title: str) -> bool:
        """Return True when the person may write rows of this department tab (admin: any)."""
        if self.role == ADMIN:
            return True
        return self.role == EDITOR and cells.normalize_name(tab_title) in self.departments

    def can_choose_source(self) -> bool:
        """Return True when the person may paste a link or upload a file (admin, or no sign-in set up)."""
        return self.role in (ADMIN, OPEN)


@dataclass(frozen=True)
class AccessRules:
    """The parsed `[access]` table. department_titles: folded title → the title as written."""

    admins: frozenset[str] = frozenset()
    viewers: frozenset[str] = frozenset()
    viewer_domains: frozenset[str] = frozenset()
    editors: Mapping[str, frozenset[str]] = field(default_factory=dict)  # folded title → e-mails
    department_titles: Mapping[str, str] = field(default_factory=dict)
    contact: str = ""
    problems: tuple[str, ...] = ()  # Thai messages for entries that were ignored

    def contacts(self) -> list[str]:
        """Return whom a refused person should ask: `contact` when set, else the admins."""
        return [self.contact] if self.contact else sorted(self.admins)


OPEN_ACCESS = Access(None, OPEN)
ANONYMOUS_ACCESS = Access(None, ANONYMOUS)


def normalize_email(value: Any) -> str | None:
    """Return a plausible e-mail folded to lower case, or None (no '@', blanks, several '@')."""
    text = str(value or "").strip().lower()
    local, at, domain = text.rpartition("@")
    if not at or not local or "@" in local or "." not in domain or any(ch.isspace() for ch in text):
        return None
    return text


def _domain_entry(value: str) -> str | None:
    """Return the domain of an '@office.go.th' entry, or None when it is not one."""
    text = value.strip().lower()
    domain = text[1:]
    if text.startswith("@") and "@" not in domain and "." in domain and not any(ch.isspace() for ch in domain):
        return domain
    return None


def _entries(value: Any, where: str, problems: list[str]) -> list[str]:
    """Return a list entry's strings; a bare string counts as a list of one."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable) and not isinstance(value, Mapping):
        return [str(item) for item in value]
    problems.append(f"{where}: ต้องเป็นรายการอีเมล เช่น [\"name@office.go.th\"]")
    return []


def _emails(values: list[str], where: str, problems: list[str]) -> frozenset[str]:
    emails = set()
    for value in values:
        email = normalize_email(value)
        if email is None:
            problems.append(f"{where}: \"{value}\" ไม่ใช่อีเมล (ข้ามไป)")
        else:
            emails.add(email)
    return frozenset(emails)


def parse_rules(section: Mapping[str, Any] | None) -> AccessRules:
    """Return the AccessRules of a secrets `[access]` table (None or {} → nobody listed).

    Bad entries are skipped and described in `problems`; a domain entry ('@office.go.th')
    counts only under `viewers` (a whole domain never becomes admin or editor).
    """
    section = section or {}
    problems: list[str] = []
    admins = _emails(_entries(section.get("admins"), "admins", problems), "admins", problems)
    viewers, domains = set(), set()
    for value in _entries(section.get("viewers"), "viewers", problems):
        domain = _domain_entry(value)
        if domain:
            domains.add(domain)
        else:
            viewers |= _emails([value], "viewers", problems)
    editors, titles = _parse_departments(section.get("departments"), problems)
    return AccessRules(admins=admins, viewers=frozenset(viewers), viewer_domains=frozenset(domains),
                       editors=editors, department_titles=titles,
                       contact=str(section.get("contact") or "").strip(), problems=tuple(problems))


def _parse_departments(table: Any, problems: list[str]) -> tuple[dict[str, frozenset[str]], dict[str, str]]:
    if table is None:
        return {}, {}
    if not isinstance(table, Mapping):
        problems.append("departments: ต้องเป็นตาราง [access.departments] ชื่อแท็บ = [อีเมล]")
        return {}, {}
    editors: dict[str, frozenset[str]] = {}
    titles: dict[str, str] = {}
    for title, value in table.items():
        folded = cells.normalize_name(title)
        if not folded:
            problems.append("departments: ชื่อแท็บว่าง (ข้ามไป)")
            continue
        where = f"departments.{title}"
        editors[folded] = editors.get(folded, frozenset()) | _emails(_entries(value, where, problems), where, problems)
        titles.setdefault(folded, str(title).strip())
    return editors, titles


def is_verified(email_verified: Any) -> bool:
    """Return False only when the provider says the e-mail is not verified (absent counts as verified)."""
    if email_verified is None:
        return True
    if isinstance(email_verified, bool):
        return email_verified
    return str(email_verified).strip().lower() in TRUE_WORDS


def resolve_access(email: Any, email_verified: Any, rules: AccessRules) -> Access:
    """Return the Access of a signed-in person: admin > editor > viewer, else refused (with a reason)."""
    address = normalize_email(email)
    if address is None:
        shown = str(email).strip() if email else ""
        return Access(shown or None, REFUSED, reason=NO_EMAIL)
    if not is_verified(email_verified):
        return Access(address, REFUSED, reason=UNVERIFIED)
    if address in rules.admins:
        return Access(address, ADMIN)
    departments = frozenset(title for title, emails in rules.editors.items() if address in emails)
    if departments:
        return Access(address, EDITOR, departments)
    if address in rules.viewers or address.rpartition("@")[2] in rules.viewer_domains:
        return Access(address, VIEWER)
    return Access(address, REFUSED, reason=NOT_LISTED)

"""sheets.access: the [access] table parsed, and who gets which role, as tables."""
from __future__ import annotations

import pytest

from sheets import access

RULES = access.parse_rules({
    "admins": ["IT@Office.go.th"],
    "viewers": ["mayor@office.go.th", "@office.go.th", "@Partner.org"],
    "contact": "it@office.go.th",
    "departments": {
        "กองคลัง": ["finance.head@office.go.th"],
        "สำนักปลัด": ["clerk.head@office.go.th", "deputy@other.go.th"],
        "กอง_ช่าง": "builder@office.go.th",
        # the same person in two departments, and an admin listed as an editor too
        "กองการศึกษา": ["clerk.head@office.go.th", "it@office.go.th"],
    },
})


@pytest.mark.parametrize(("email", "verified", "role", "departments", "reason"), [
    ("it@office.go.th", True, "admin", set(), ""),
    ("IT@OFFICE.GO.TH", None, "admin", set(), ""),            # case-insensitive; no claim = verified
    ("  it@office.go.th ", "true", "admin", set(), ""),       # a provider sending the string "true"
    ("mayor@office.go.th", True, "viewer", set(), ""),        # viewer by address
    ("anyone@office.go.th", True, "viewer", set(), ""),       # viewer by domain
    ("Someone@PARTNER.org", True, "viewer", set(), ""),
    ("finance.head@office.go.th", True, "editor", {"กองคลัง"}, ""),
    ("clerk.head@office.go.th", True, "editor", {"สำนักปลัด", "กองการศึกษา"}, ""),
    ("builder@office.go.th", True, "editor", {"กอง ช่าง"}, ""),  # a bare string counts as a list of one
    ("deputy@other.go.th", True, "editor", {"สำนักปลัด"}, ""),  # an editor outside the domain also views
    ("stranger@gmail.com", True, "refused", set(), "not_listed"),
    ("x@sub.office.go.th", True, "refused", set(), "not_listed"),   # a domain entry is that domain only
    ("x@evil-office.go.th", True, "refused", set(), "not_listed"),
    ("x@office.go.th.evil.com", True, "refused", set(), "not_listed"),
    ("it@office.go.th", False, "refused", set(), "unverified"),     # an unverified admin address counts for nothing
    ("mayor@office.go.th", "false", "refused", set(), "unverified"),
    ("anyone@office.go.th", "no", "refused", set(), "unverified"),
    (None, None, "refused", set(), "no_email"),                    # LINE without the e-mail permission
    ("", True, "refused", set(), "no_email"),
    ("not-an-email", True, "refused", set(), "no_email"),
    ("a@b@office.go.th", True, "refused", set(), "no_email"),
    ("@office.go.th", True, "refused", set(), "no_email"),
])
def test_resolve_access(email, verified, role, departments, reason):
    who = access.resolve_access(email, verified, RULES)
    assert who.role == role
    assert who.departments == frozenset(access.cells.normalize_name(d) for d in departments)
    assert who.reason == reason
    if role != "refused" or reason != "no_email":
        assert who.email == email.strip().lower()


@pytest.mark.parametrize(("who", "view", "choose"), [
    (access.Access("a@x.th", "admin"), True, True),
    (access.Access("a@x.th", "editor", frozenset({"กองคลัง"})), True, False),
    (access.Access("a@x.th", "viewer"), True, False),
    (access.OPEN_ACCESS, True, True),
    (access.Access("a@x.th", "refused", reason="not_listed"), False, False),
    (access.ANONYMOUS_ACCESS, False, False),
])
def test_view_and_choose_by_role(who, view, choose):
    assert who.can_view() is view
    assert who.can_choose_source() is choose


@pytest.mark.parametrize(("role", "tab", "expected"), [
    ("admin", "กองคลัง", True),
    ("admin", "any tab at all", True),
    ("editor", "กองคลัง", True),
    ("editor", "  กองคลัง ", True),            # folding: outer spaces
    ("editor", "กอง\u200bคลัง", True),          # folding: a zero-width space typed in the tab title
    ("editor", "กองช่าง", False),
    ("editor", "Finance", True),
    ("editor", "FINANCE", True),               # folding: case
    ("viewer", "กองคลัง", False),
    ("open", "กองคลัง", False),                 # an open app never writes
    ("refused", "กองคลัง", False),
    ("anonymous", "กองคลัง", False),
])
def test_can_edit_compares_folded_tab_titles(role, tab, expected):
    rules = access.parse_rules({"admins": ["a@x.th"], "viewers": ["@x.th"],
                                "departments": {"กองคลัง": ["e@x.th"], "finance": ["e@x.th"]}})
    email = {"admin": "a@x.th", "editor": "e@x.th", "viewer": "v@x.th"}.get(role)
    who = access.resolve_access(email, True, rules) if email else access.Access(None, role)
    assert who.role == role
    assert who.can_edit(tab) is expected


@pytest.mark.parametrize(("section", "problem_words"), [
    ({"admins": ["@office.go.th"]}, ["admins", "@office.go.th"]),    # a whole domain never becomes admin
    ({"admins": "it@office.go.th", "viewers": ["nobody"]}, ["viewers", "nobody"]),
    ({"viewers": 5}, ["viewers"]),
    ({"departments": ["กองคลัง"]}, ["departments"]),
    ({"departments": {"กองคลัง": ["@office.go.th"]}}, ["departments.กองคลัง"]),
    ({"departments": {"  ": ["a@x.th"]}}, ["ชื่อแท็บว่าง"]),
])
def test_bad_entries_are_skipped_and_reported(section, problem_words):
    rules = access.parse_rules(section)
    text = "\n".join(rules.problems)
    assert rules.problems and all(word in text for word in problem_words), text
    assert not rules.admins - {"it@office.go.th"}
    assert access.resolve_access("x@office.go.th", True, rules).role == "refused"


def test_a_string_admins_entry_is_a_list_of_one():
    rules = access.parse_rules({"admins": "it@office.go.th", "viewers": ["nobody"]})
    assert rules.admins == {"it@office.go.th"}


@pytest.mark.parametrize("section", [None, {}])
def test_no_access_table_refuses_everyone(section):
    rules = access.parse_rules(section)
    assert rules.problems == ()
    assert access.resolve_access("it@office.go.th", True, rules).role == "refused"


def test_contacts_prefer_the_contact_entry_then_the_admins():
    assert RULES.contacts() == ["it@office.go.th"]
    assert access.parse_rules({"admins": ["b@x.th", "a@x.th"]}).contacts() == ["a@x.th", "b@x.th"]
    assert access.parse_rules({}).contacts() == []


def test_department_titles_keep_their_spelling_for_display():
    assert RULES.department_titles[access.cells.normalize_name("กอง_ช่าง")] == "กอง_ช่าง"

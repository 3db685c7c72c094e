"""Who is looking (the interface agreed with the sign-in work).

TEMPORARY on branch `write`: only `current_access()`, so the update page runs before the
sign-in branch lands; on rebase the sign-in branch's file replaces this one.
"""
from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from sheets import access


def _secret(name: str):
    try:
        return st.secrets.get(name)
    except (FileNotFoundError, KeyError, ValueError):
        return None


def current_access() -> access.Access:
    """Return what the person in this session may do (open when [auth] is not configured)."""
    if not _secret("auth"):
        return access.OPEN_ACCESS
    user = st.user.to_dict() if hasattr(st.user, "to_dict") else dict(st.user)
    if not user.get("is_logged_in"):
        return access.ANONYMOUS_ACCESS
    rules = _secret("access")
    return access.resolve_access(user.get("email"), user.get("email_verified"),
                                 access.parse_rules(dict(rules) if isinstance(rules, Mapping) else None))

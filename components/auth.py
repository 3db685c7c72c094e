"""Sign-in and roles: the gate app.py calls before any page runs, and who is looking.

With an `[auth]` table in secrets (Streamlit's own OpenID Connect settings) every page
requires sign-in: an anonymous visitor sees only the sign-in page (the office's name from
secrets `office_name`, one button per provider); a signed-in person on no `[access]` list
sees a refusal naming their e-mail and whom to ask. Without `[auth]` the app runs open and
the sidebar says so. Sign-ins, refusals, sign-outs and exports go to the audit log.

Public API: current_access(), require_sign_in(), navigation_position(), audited_export().
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import streamlit as st

from components import errors as ui_errors
from components import format as fmt
from components import settings as app_settings
from sheets import access, audit
from sheets.errors import ConfigBroken

DEFAULT_TITLE = "ITA Tracker"
SUBTITLE = "ระบบติดตามการประเมินคุณธรรมและความโปร่งใส (ITA)"
PROVIDER_NAMES = {"google": "Google", "microsoft": "Microsoft", "line": "LINE"}
METADATA_HOSTS = {"accounts.google.com": "Google", "login.microsoftonline.com": "Microsoft", "access.line.me": "LINE"}
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
ROLE_LABELS = {access.ADMIN: "ผู้ดูแลระบบ", access.EDITOR: "ผู้แก้ไขข้อมูลส่วนราชการ", access.VIEWER: "ผู้ดูข้อมูล",
               access.OPEN: "ไม่ต้องเข้าสู่ระบบ", access.REFUSED: "ไม่มีสิทธิ์", access.ANONYMOUS: "ยังไม่เข้าสู่ระบบ"}
OPEN_NOTE = "ยังไม่ได้ตั้งค่าการเข้าสู่ระบบ: ทุกคนที่มีที่อยู่ของแอปนี้เห็นข้อมูลทั้งหมด"
LOGGED_KEY = "_auth_logged"  # session key: the identity whose sign-in/refusal this session has logged
SEEN_LIMIT = 10_000  # sign-ins remembered process-wide, so a reload is not logged as a new sign-in


@dataclass(frozen=True)
class Provider:
    """One sign-in button: name None is the default provider (settings directly under [auth])."""

    name: str | None
    label: str


# --- who is looking ------------------------------------------------------------------------


def build_providers(auth_section: Mapping[str, Any]) -> list[Provider]:
    """Return the sign-in buttons of an [auth] table: the default provider, then each named one."""
    providers = []
    if any(key in auth_section for key in PROVIDER_KEYS):
        host = next((name for host, name in METADATA_HOSTS.items()
                     if host in str(auth_section.get("server_metadata_url", ""))), "")
        providers.append(Provider(None, f"เข้าสู่ระบบด้วย {host}" if host else "เข้าสู่ระบบ"))
    for name, section in auth_section.items():
        if isinstance(section, Mapping) and any(key in section for key in PROVIDER_KEYS):
            providers.append(Provider(name, f"เข้าสู่ระบบด้วย {PROVIDER_NAMES.get(name.lower(), name)}"))
    return providers


def auth_section() -> dict | None:
    """Return the secrets [auth] table, or None when sign-in is not set up."""
    section = app_settings.read_secret("auth")
    return section if isinstance(section, Mapping) and section else None


def access_rules() -> access.AccessRules:
    """Return the parsed secrets [access] table."""
    section = app_settings.read_secret("access")
    return access.parse_rules(section if isinstance(section, Mapping) else None)


def _user() -> Mapping[str, Any]:
    return st.user.to_dict() if hasattr(st.user, "to_dict") else dict(st.user)


def current_access() -> access.Access:
    """Return what the person in this session may do (open when [auth] is not configured)."""
    if auth_section() is None:
        return access.OPEN_ACCESS
    user = _user()
    if not user.get("is_logged_in"):
        return access.ANONYMOUS_ACCESS
    return access.resolve_access(user.get("email"), user.get("email_verified"), access_rules())


def navigation_position() -> str:
    """Return st.navigation's position: the page list is hidden until the person may view."""
    try:
        return "sidebar" if current_access().can_view() else "hidden"
    except ConfigBroken:
        return "hidden"


def office_name() -> str:
    """Return the office's name for the sign-in page (secrets `office_name`), else the app's name."""
    return str(app_settings.read_secret("office_name") or "").strip() or DEFAULT_TITLE


# --- the gate --------------------------------------------------------------------------------


def require_sign_in() -> access.Access:
    """Let the page run only for someone who may view; otherwise draw the sign-in page or the
    refusal and stop the run. Draws who is signed in (or the open-app note) in the sidebar."""
    try:
        who = current_access()
    except ConfigBroken as error:  # fail closed: a typo in secrets.toml never opens the app
        ui_errors.render_error(error)
        st.stop()
    if who.role == access.OPEN:
        st.sidebar.caption(OPEN_NOTE)
        return who
    if who.role == access.ANONYMOUS:
        render_sign_in_page(build_providers(auth_section() or {}))
        st.stop()
    _log_sign_in_once(who)
    if not who.can_view():
        render_refusal(who, access_rules())
        st.stop()
    render_identity(who, access_rules())
    return who


def render_sign_in_page(providers: list[Provider]) -> None:
    """The office's name and one button per provider; nothing of the office's data."""
    st.title(fmt.escape_markdown(office_name()))
    st.caption(SUBTITLE)
    if not providers:
        st.error("ตั้งค่า [auth] ไว้แต่ยังไม่มีผู้ให้บริการเข้าสู่ระบบ (client_id, client_secret, "
                 "server_metadata_url) แจ้งผู้ดูแลระบบ", icon=":material/error:")
        return
    st.write("เข้าสู่ระบบด้วยบัญชีของหน่วยงานเพื่อดูข้อมูล")
    for provider in providers:
        key = f"sign_in_{provider.name or 'default'}"
        if st.button(provider.label, key=key, type="primary", icon=":material/login:", width="stretch"):
            st.login(provider.name)  # None: the default provider


def refusal_message(who: access.Access) -> str:
    """Return the Thai reason a signed-in person sees no data (markdown, e-mail escaped)."""
    email = fmt.escape_markdown(who.email or "")
    if who.reason == access.NO_EMAIL:
        return ("ผู้ให้บริการเข้าสู่ระบบไม่ได้ส่งอีเมลของบัญชีนี้มา จึงตรวจสิทธิ์ไม่ได้ "
                "(LINE Login ต้องได้รับอนุมัติจาก LINE ให้ขออีเมลก่อน)")
    if who.reason == access.UNVERIFIED:
        return (f"อีเมล {email} ยังไม่ได้ยืนยันกับผู้ให้บริการเข้าสู่ระบบ จึงใช้ตรวจสิทธิ์ไม่ได้ "
                "ยืนยันอีเมลกับผู้ให้บริการก่อน แล้วเข้าสู่ระบบอีกครั้ง")
    return f"บัญชี {email} ยังไม่มีสิทธิ์ดูข้อมูลในระบบนี้"


def contact_message(rules: access.AccessRules) -> str:
    """Return whom to ask for access, in Thai (escaped)."""
    contacts = rules.contacts()
    if not contacts:
        return "ขอสิทธิ์จากผู้ดูแลระบบของหน่วยงาน"
    return "ขอสิทธิ์ได้จาก " + ", ".join(fmt.escape_markdown(contact) for contact in contacts)


def render_refusal(who: access.Access, rules: access.AccessRules) -> None:
    """The refusal: the e-mail, why, whom to ask, and a sign-out button; no data."""
    st.title(fmt.escape_markdown(office_name()))
    st.error(refusal_message(who), icon=":material/block:")
    st.info(contact_message(rules), icon=":material/contact_mail:")
    render_sign_out_button(who, key="sign_out_refused", label="ออกจากระบบ (ใช้บัญชีอื่น)")


def role_label(who: access.Access, rules: access.AccessRules) -> str:
    """Return the Thai role, with an editor's departments as written in secrets."""
    label = ROLE_LABELS[who.role]
    if who.role == access.EDITOR:
        titles = sorted(rules.department_titles.get(name, name) for name in who.departments)
        label += ": " + ", ".join(titles)
    return label


def render_identity(who: access.Access, rules: access.AccessRules) -> None:
    """Sidebar: who is signed in, their role, a sign-out button (and ignored [access] entries, for admins)."""
    with st.sidebar:
        st.markdown(f"เข้าสู่ระบบเป็น **{fmt.escape_markdown(who.email or '')}**  \n"
                    f"สิทธิ์: {fmt.escape_markdown(role_label(who, rules))}")
        render_sign_out_button(who, key="sign_out")
        if who.role == access.ADMIN and rules.problems:
            st.warning("ข้อกำหนดสิทธิ์ [access] บางรายการถูกข้าม:  \n"
                       + "  \n".join(fmt.escape_markdown(problem) for problem in rules.problems),
                       icon=":material/warning:")


def render_sign_out_button(who: access.Access, key: str, label: str = "ออกจากระบบ") -> None:
    if st.button(label, key=key, icon=":material/logout:", width="stretch"):
        audit.log_event("sign_out", email=who.email, role=who.role)
        st.logout()


# --- audit ----------------------------------------------------------------------------------


class _SeenSignIns:
    """Identities (with their ID token's issue time) already logged, newest SEEN_LIMIT kept."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._keys: OrderedDict[str, None] = OrderedDict()

    def add(self, key: str) -> bool:
        """Remember a key; return False when it was already there."""
        with self._lock:
            if key in self._keys:
                return False
            self._keys[key] = None
            while len(self._keys) > SEEN_LIMIT:
                self._keys.popitem(last=False)
            return True


@st.cache_resource(show_spinner=False)
def _seen_sign_ins() -> _SeenSignIns:
    return _SeenSignIns()


def _log_sign_in_once(who: access.Access) -> None:
    """Log sign_in (or refused) once per sign-in: a new session of the same ID token is not a new one."""
    user = _user()
    issued = user.get("iat")
    key = "|".join(str(part) for part in (who.role, who.email, user.get("sub"), issued))
    if st.session_state.get(LOGGED_KEY) == key:
        return
    st.session_state[LOGGED_KEY] = key
    if issued is not None and not _seen_sign_ins().add(key):
        return
    event = "sign_in" if who.can_view() else "refused"
    audit.log_event(event, email=who.email, role=who.role, provider=user.get("provider"),
                    reason=who.reason or None, departments=sorted(who.departments) or None)


def audited_export(kind: str, file_name: str, build: Callable[[], Any] | bytes) -> Callable[[], Any]:
    """Return a download_button data callable that logs the export (who, what) and then builds the file."""
    who = current_access()  # read now: the callable runs outside this script run

    def build_and_log() -> Any:
        audit.log_event("export", email=who.email, role=who.role, kind=kind, file=file_name)
        return build() if callable(build) else build

    return build_and_log

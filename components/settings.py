"""The one reader of st.secrets: the app's settings are the environment's (sheets.config)
with `.streamlit/secrets.toml` on top.

Secrets keys: `sheet` (URL or ID), `[gcp_service_account]` (the key's JSON fields),
`cache_ttl_seconds`, `refresh_min_seconds`. No secrets file is fine (the environment, or
the demo); a secrets file that cannot be parsed stops the app with ConfigBroken naming the
file: a typo never quietly turns the office's sheet into demo data.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import streamlit as st

from sheets import config
from sheets.config import GoogleOptions
from sheets.errors import ConfigBroken

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AppSettings:
    """What the pages need to know; `env` holds the rest (snapshots, back-off, today)."""

    sheet: str
    has_credentials: bool            # a [gcp_service_account] table or a key file is configured
    cache_ttl: float
    refresh_min_seconds: float
    google: GoogleOptions            # a page's read: the environment's waits within read_deadline
    env: config.Settings = field(repr=False)


def get_settings() -> AppSettings:
    """Return the settings of this run; raises ConfigBroken for a malformed secrets file."""
    env = config.load_settings()
    secrets = _secrets()
    return AppSettings(
        sheet=str(secrets.get("sheet") or env.sheet or "").strip(),
        has_credentials=bool(secrets.get("gcp_service_account") or env.credentials_path),
        cache_ttl=config.number(secrets.get("cache_ttl_seconds"), env.cache_ttl),
        refresh_min_seconds=config.number(secrets.get("refresh_min_seconds"), env.refresh_min_seconds),
        google=env.page_google, env=env)


def credentials_info() -> dict | None:
    """Return the service account's JSON fields (secrets first, else the key file), or None.

    Raises BadSource when the key file cannot be read (its path only goes to the log).
    """
    table = _secrets().get("gcp_service_account")
    if table:
        return {key: table[key] for key in table}
    return config.credentials_from_env(config.load_settings())


def read_secret(name: str) -> Any:
    """Return one secrets entry as plain data (tables as dicts), or None; ConfigBroken for a malformed file."""
    return _secrets().get(name)


def _secrets() -> Mapping[str, Any]:
    """Return st.secrets as a mapping: {} without a secrets file; ConfigBroken when it is malformed.

    Streamlit raises StreamlitSecretNotFoundError (a FileNotFoundError) both when no file
    exists and when one cannot be parsed; only the second names a `path`.
    """
    try:
        return st.secrets.to_dict()
    except FileNotFoundError as exc:
        path = getattr(exc, "exec_kwargs", {}).get("path")
        if not path:
            return {}
        log.error("secrets file %s cannot be read: %s", path, exc)
        name = _shown_name(str(path))
        raise ConfigBroken(f"อ่านไฟล์การตั้งค่า {name} ไม่ได้ (รูปแบบ TOML ผิด) แอปจึงหยุดไว้ก่อน "
                           "ไม่แสดงข้อมูลตัวอย่างแทนข้อมูลจริง", file=name) from exc


def _shown_name(path: str) -> str:
    """The file as a visitor may see it: `.streamlit/secrets.toml`, never the server's full path."""
    file = Path(path)
    return f"{file.parent.name}/{file.name}" if file.parent.name == ".streamlit" else file.name

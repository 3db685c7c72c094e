"""The one reader of the environment: every ITA_* setting, typed, with its default.

    settings = config.load_settings()          # os.environ
    settings.google.timeout, settings.cache_ttl, settings.snapshot_dir, ...

A missing or unreadable number keeps its default (a typo never stops the app). The
page reads st.secrets on top of this (components.settings); the CLI uses it as is.
No streamlit here.

Environment variables (all optional):
    ITA_SHEET                        the Google Sheet (URL or ID) the app shows first
    GOOGLE_APPLICATION_CREDENTIALS   path of a service-account key file (JSON)
    ITA_GOOGLE_TIMEOUT / _RETRIES / _BACKOFF   one request's wait, retries on 429/5xx, first backoff
    ITA_GOOGLE_ENDPOINT              send Google traffic to this base URL (tests, proxies)
    ITA_READ_DEADLINE                a page's whole read of a source, retries included (s)
    ITA_CACHE_TTL                    seconds a read workbook is kept
    ITA_RETRY_AFTER                  seconds the snapshot is served after Google failed
    ITA_REFRESH_MIN_SECONDS          a source is re-read at most once per this many seconds
    ITA_SNAPSHOT_DIR / ITA_SNAPSHOT_MAX_COUNT / ITA_SNAPSHOT_MAX_AGE_DAYS   the last good reads
    ITA_TODAY                        pin today (YYYY-MM-DD; tests, demos)
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sheets.errors import BadSource

ROOT = Path(__file__).resolve().parents[1]
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class GoogleOptions:
    """How long to wait for Google: one request, retries, backoff, and one whole read."""

    timeout: float = 20.0          # seconds one request may take
    max_retries: int = 4           # retries after a 429/5xx
    backoff: float = 1.0           # first wait; doubles per retry (Retry-After wins when longer)
    deadline: float | None = None  # seconds for a whole read, retries included; None: no bound
    endpoint: str = ""             # base URL replacing Google's hosts ("" = Google itself)


@dataclass(frozen=True)
class Settings:
    """Every environment setting of the app and the CLI."""

    sheet: str = ""
    credentials_path: str = ""
    google: GoogleOptions = field(default_factory=GoogleOptions)
    read_deadline: float = 30.0      # a page's read: a visitor waits at most this long
    cache_ttl: float = 600.0
    retry_after: float = 60.0
    refresh_min_seconds: float = 30.0
    snapshot_dir: Path = ROOT / ".cache" / "snapshots"
    snapshot_max_count: int = 20
    snapshot_max_age_days: float = 30.0
    today: dt.date | None = None

    @property
    def page_google(self) -> GoogleOptions:
        """The Google options of a page read: the same waits, bounded by read_deadline."""
        return GoogleOptions(self.google.timeout, self.google.max_retries, self.google.backoff,
                             self.read_deadline, self.google.endpoint)


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Return the settings named by the environment (os.environ by default)."""
    env = os.environ if environ is None else environ
    base = Settings()
    google = GoogleOptions(
        timeout=_number(env, "ITA_GOOGLE_TIMEOUT", base.google.timeout),
        max_retries=int(_number(env, "ITA_GOOGLE_RETRIES", base.google.max_retries)),
        backoff=_number(env, "ITA_GOOGLE_BACKOFF", base.google.backoff),
        endpoint=str(env.get("ITA_GOOGLE_ENDPOINT") or "").strip())
    return Settings(
        sheet=str(env.get("ITA_SHEET") or "").strip(),
        credentials_path=str(env.get("GOOGLE_APPLICATION_CREDENTIALS") or "").strip(),
        google=google,
        read_deadline=_number(env, "ITA_READ_DEADLINE", base.read_deadline),
        cache_ttl=_number(env, "ITA_CACHE_TTL", base.cache_ttl),
        retry_after=_number(env, "ITA_RETRY_AFTER", base.retry_after),
        refresh_min_seconds=_number(env, "ITA_REFRESH_MIN_SECONDS", base.refresh_min_seconds),
        snapshot_dir=Path(env.get("ITA_SNAPSHOT_DIR") or base.snapshot_dir),
        snapshot_max_count=int(_number(env, "ITA_SNAPSHOT_MAX_COUNT", base.snapshot_max_count)),
        snapshot_max_age_days=_number(env, "ITA_SNAPSHOT_MAX_AGE_DAYS", base.snapshot_max_age_days),
        today=_date(env.get("ITA_TODAY")))


def read_credentials_file(path: str) -> dict:
    """Return the service-account JSON in a key file; raises BadSource when it cannot be read.

    The message names the setting, never the path (visitors see it); the path goes to the log.
    """
    try:
        return dict(json.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError) as exc:
        log.warning("service-account key file %s unreadable: %s", path, type(exc).__name__)
        raise BadSource("อ่านไฟล์คีย์บัญชีบริการที่ตั้งไว้ใน GOOGLE_APPLICATION_CREDENTIALS ไม่ได้: ตรวจตำแหน่งไฟล์ "
                        "และว่าเป็นไฟล์ JSON ที่ดาวน์โหลดจาก Google Cloud Console") from exc


def credentials_from_env(settings: Settings) -> dict | None:
    """Return the service-account mapping of the settings' key file, or None when none is set."""
    return read_credentials_file(settings.credentials_path) if settings.credentials_path else None


def number(value: object, default: float) -> float:
    """Return value as a float; None, '' or a bad value keeps the default."""
    try:
        return float(value) if value not in (None, "") else default  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    return number(env.get(name), default)


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None

"""The built-in OIT catalogs (O1…On by assessment year), read from `sheets/data/oit-catalog.csv`.

Catalogs and their groups are data: a new year is new rows in the CSV, nothing here.
Every row carries how sure we are of it (`confidence`, `source_note`); see docs/oit-catalogs.md.
"""
from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).with_name("data")
CATALOG_CSV = DATA_DIR / "oit-catalog.csv"
CONFIDENCE_TH = {"high": "สูง", "medium-high": "ค่อนข้างสูง", "medium": "ปานกลาง", "low": "ต่ำ"}


@dataclass(frozen=True)
class CatalogItem:
    """One O item of one framework year, with how sure we are of its number, title and group."""

    framework: int
    code: str
    indicator: int
    group: str
    title: str
    confidence: str
    source_note: str = ""

    @property
    def number(self) -> int:
        return int(self.code[1:])


@functools.lru_cache(maxsize=1)
def load_catalogs() -> dict[int, tuple[CatalogItem, ...]]:
    """Return {framework year: items in code order} from the shipped CSV."""
    catalogs: dict[int, list[CatalogItem]] = {}
    with CATALOG_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            item = CatalogItem(int(row["framework"]), row["code"], int(row["indicator"]), row["group_th"],
                               row["title_th"], row["confidence"], row["source_note"])
            catalogs.setdefault(item.framework, []).append(item)
    return {year: tuple(sorted(items, key=lambda i: i.number)) for year, items in catalogs.items()}


def catalog_years() -> list[int]:
    """Return the framework years that have a built-in catalog, ascending."""
    return sorted(load_catalogs())


def pick_catalog_year(framework: int | None) -> int | None:
    """Return the catalog year for a framework year: itself, else the nearest earlier one."""
    years = catalog_years()
    if framework is None:
        return years[-1] if years else None
    earlier = [year for year in years if year <= framework]
    return earlier[-1] if earlier else None


def catalog_for(year: int | None) -> tuple[CatalogItem, ...]:
    """Return the items of one catalog year (empty when there is none)."""
    return load_catalogs().get(year, ()) if year is not None else ()


def substitute_note(framework: int | None) -> str | None:
    """Return the Thai note for a framework year without its own list (None when it has one)."""
    if framework is None:
        return None
    year = pick_catalog_year(framework)
    if year == framework:
        return None
    if year is None:
        return (f"ยังไม่มีรายการ OIT ของกรอบปี {framework} ในระบบ "
                "ใช้หัวข้อตามที่กรอกในแท็บ ตัวชี้วัด OIT เท่านั้น")
    return (f"ยังไม่มีรายการ OIT ของกรอบปี {framework} ที่ประกาศแล้วในระบบ จึงใช้รายการของปี {year} "
            "ซึ่งใกล้ที่สุดแทน หัวข้อที่กรอกในแท็บ ตัวชี้วัด OIT ใช้แทนหัวข้อของระบบเสมอ")


def describe_confidence(confidence: str, note: str = "") -> str:
    """Return "ความเชื่อมั่นของรายการ: ปานกลาง (…)" for a catalog row's confidence and note."""
    level = CONFIDENCE_TH.get(confidence, confidence or "ไม่ระบุ")
    return f"ความเชื่อมั่นของรายการ: {level}" + (f" ({note})" if note else "")


def low_confidence(items: tuple[CatalogItem, ...]) -> list[CatalogItem]:
    """Return the items whose confidence is low (titles to check against the year's manual)."""
    return [item for item in items if item.confidence == "low"]

"""The built-in OIT catalogs (O1…On by assessment year), read from the shipped CSV."""
from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

CATALOG_CSV = Path(__file__).with_name("ita-oit-catalog.csv")


@dataclass(frozen=True)
class CatalogItem:
    framework: int
    code: str
    indicator: int
    group: str
    title: str
    confidence: str


@functools.lru_cache(maxsize=1)
def load_catalogs() -> dict[int, tuple[CatalogItem, ...]]:
    """Return {framework year: items in code order} from the shipped CSV."""
    catalogs: dict[int, list[CatalogItem]] = {}
    with CATALOG_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            item = CatalogItem(int(row["framework"]), row["code"], int(row["indicator"]),
                               row["group_th"], row["title_th"], row["confidence"])
            catalogs.setdefault(item.framework, []).append(item)
    return {year: tuple(sorted(items, key=lambda i: int(i.code[1:]))) for year, items in catalogs.items()}


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



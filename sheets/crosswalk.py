"""Which O item of one year's list became which item of the next, chained across years.

The steps are data (`sheets/data/oit-crosswalk.csv`), one per pair of consecutive catalog
years; a year without its own catalog shares its nearest earlier list, so it needs no step.
Each row is a title match, an inference, an identity (a list believed unchanged) or none.
"""
from __future__ import annotations

import csv
import functools
from dataclasses import dataclass

from sheets import catalog

CROSSWALK_CSV = catalog.DATA_DIR / "oit-crosswalk.csv"
MATCHES = ("title-match", "inferred", "identity", "none")


@dataclass(frozen=True)
class CrosswalkRow:
    """One item of `from_framework` and its counterpart in `to_framework` (blank: none)."""

    from_framework: int
    from_code: str
    to_framework: int
    to_code: str
    match: str
    note: str = ""


@dataclass(frozen=True)
class CodeMapping:
    """Where one code of `from_year`'s list lands in `to_year`'s list.

    `targets` is empty when the chain breaks; `reason` then says where, in Thai.
    `inferred` holds the targets reached only through an inferred step.
    """

    code: str
    from_year: int | None
    to_year: int | None
    targets: tuple[str, ...] = ()
    inferred: tuple[str, ...] = ()
    reason: str = ""


@functools.lru_cache(maxsize=1)
def load_steps() -> dict[tuple[int, int], dict[str, tuple[CrosswalkRow, ...]]]:
    """Return {(from year, to year): {from code: rows}} from the shipped CSV."""
    steps: dict[tuple[int, int], dict[str, list[CrosswalkRow]]] = {}
    with CROSSWALK_CSV.open(encoding="utf-8") as handle:
        for raw in csv.DictReader(handle):
            row = CrosswalkRow(int(raw["from_framework"]), raw["from_code"], int(raw["to_framework"]),
                               raw["to_code"], raw["match"], raw["note"])
            step = steps.setdefault((row.from_framework, row.to_framework), {})
            step.setdefault(row.from_code, []).append(row)
    return {key: {code: tuple(rows) for code, rows in step.items()} for key, step in steps.items()}


def chain_years(from_year: int, to_year: int) -> list[int]:
    """Return the catalog years a code passes through, from `from_year` to `to_year` inclusive."""
    return [year for year in catalog.catalog_years() if from_year <= year <= to_year]


def map_code(code: str, from_year: int | None, to_year: int | None) -> CodeMapping:
    """Return where `code` of catalog year `from_year` lands in catalog year `to_year`."""
    if from_year is None or to_year is None:
        return CodeMapping(code, from_year, to_year, reason="ไม่ทราบปีของรายการ OIT ที่ใช้เทียบรหัส")
    if from_year > to_year:
        return CodeMapping(code, from_year, to_year,
                           reason=f"รายการปี {from_year} ใหม่กว่าปี {to_year} เทียบรหัสย้อนหลังไม่ได้")
    current = {code: False}  # code → reached only through an inferred step
    years = chain_years(from_year, to_year)
    for before, after in zip(years, years[1:]):
        step = load_steps().get((before, after))
        if step is None:
            return CodeMapping(code, from_year, to_year, reason=f"ไม่มีตารางเทียบรหัสจากปี {before} ไปปี {after}")
        reached = _next_codes(current, step)
        if not reached:
            return CodeMapping(code, from_year, to_year, reason=f"ไม่มีข้อที่ตรงกันในรายการปี {after}"
                                                                + _via(code, list(current), before, from_year, step))
        current = reached
    targets = tuple(sorted(current, key=lambda c: int(c[1:])))
    return CodeMapping(code, from_year, to_year, targets, tuple(c for c in targets if current[c]))


def _next_codes(current: dict[str, bool], step: dict[str, tuple[CrosswalkRow, ...]]) -> dict[str, bool]:
    reached: dict[str, bool] = {}
    for code, inferred in current.items():
        for row in step.get(code, ()):
            if row.to_code:
                guessed = inferred or row.match == "inferred"
                reached[row.to_code] = reached.get(row.to_code, True) and guessed
    return reached


def _via(code: str, codes: list[str], before: int, from_year: int, step: dict) -> str:
    if before == from_year:
        return "" if code in step else f" ({code} ไม่อยู่ในตารางเทียบรหัสของปี {before})"
    return f" (เทียบผ่าน {', '.join(codes)} ของปี {before})"

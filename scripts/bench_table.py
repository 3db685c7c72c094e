"""The benchmark's closing table: each goal an issue names, what was measured, and whether it is met.

Bench functions call `record(...)` as they measure; `print_table()` prints every row as one
Markdown table (the figures quoted in closing notes), after the detailed lines.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Goal:
    what: str
    measured: str
    goal: str
    met: bool | None   # None: a figure without a goal


ROWS: list[Goal] = []


def record(what: str, measured: str, goal: str = "", met: bool | None = None) -> None:
    """Add one row to the closing table."""
    ROWS.append(Goal(what, measured, goal, met))


def print_table() -> None:
    """Print the recorded rows as a Markdown table."""
    print("\n| figure | measured | goal | met |\n|---|---|---|---|")
    for row in ROWS:
        met = "" if row.met is None else ("yes" if row.met else "**no**")
        print(f"| {row.what} | {row.measured} | {row.goal} | {met} |")


def bench_wsload(sessions: int) -> None:
    """Page runs over Streamlit's websocket protocol: server CPU per run alone, then N sessions at once."""
    from scripts import wsload

    for big, goal_cpu in ((False, 0.05), (True, 0.15)):
        report = wsload.run_wsload(sessions=sessions, rounds=2 if not big else 1, big=big)
        name = report["workbook"]
        print(f"{name}: page run alone {report['page_run_alone_s']}, server CPU per run "
              f"{report['server_cpu_per_run_s']}; {sessions} sessions p50 {report['p50_s']} s, "
              f"p95 {report['p95_s']} s, {report['exceptions']} exceptions, peak {report['peak_memory_mib']} MiB")
        worst = max(report["server_cpu_per_run_s"].values())
        record(f"{name}: server CPU per page run (worst page)", f"{worst:.3f} s", f"≤ {goal_cpu} s", worst <= goal_cpu)
        record(f"{name}: {sessions} sessions, every page ×{report['rounds']}: p50 / p95",
               f"{report['p50_s']} s / {report['p95_s']} s", "p95 ≤ 1.5 s" if not big else "",
               report["p95_s"] <= 1.5 if not big else None)

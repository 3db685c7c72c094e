"""The last good read on disk: a round trip keeps every cell type; count and age are bounded."""
from __future__ import annotations

import datetime as dt
import os
import time

from sheets import snapshots
from sheets.model import Problem, RawTab, RawWorkbook, SourceInfo


def small_raw() -> RawWorkbook:
    return RawWorkbook([RawTab("ตั้งค่า", [["ชื่อหน่วยงาน", "ก"]], 0)], SourceInfo("google", "ชีต"))


def test_snapshot_round_trip_keeps_every_cell_type(tmp_path):
    when = dt.datetime(2026, 11, 25, 3, 0, tzinfo=dt.timezone.utc)
    note = Problem("warning", "กองคลัง", 3, "กำหนดเสร็จ", "อ่านวันที่ไม่ได้", 7, "E3")
    tab = RawTab("กองคลัง", [["a", 1, 2.5, True, None], [dt.date(2023, 3, 31), dt.datetime(2023, 1, 2, 3, 4)]], 7)
    tab.notes = [note]
    raw = RawWorkbook([tab], SourceInfo("google", "ชีต", "https://docs.google.com/x", "abc", when))
    snapshots.write_snapshot("k1", raw)
    assert snapshots.read_snapshot("k1") == raw
    assert [path.name for path in snapshots.snapshot_dir().iterdir()] == ["k1.json"]


def test_missing_or_broken_snapshot_reads_as_none():
    assert snapshots.read_snapshot("none") is None
    snapshots.snapshot_dir().mkdir(parents=True)
    (snapshots.snapshot_dir() / "bad.json").write_text("{", encoding="utf-8")
    assert snapshots.read_snapshot("bad") is None


def test_at_most_twenty_sources_are_kept_the_oldest_go_first():
    for number in range(25):
        snapshots.write_snapshot(f"k{number:02d}", small_raw())
        os.utime(snapshots.snapshot_path(f"k{number:02d}"), (time.time() - 100 + number,) * 2)
    snapshots.prune()
    kept = sorted(path.stem for path in snapshots.snapshot_dir().glob("*.json"))
    assert kept == [f"k{number:02d}" for number in range(5, 25)]


def test_the_count_bound_is_a_setting(monkeypatch):
    monkeypatch.setenv("ITA_SNAPSHOT_MAX_COUNT", "2")
    for number in range(4):
        snapshots.write_snapshot(f"k{number}", small_raw())
        os.utime(snapshots.snapshot_path(f"k{number}"), (time.time() - 10 + number,) * 2)
    snapshots.prune()
    assert sorted(path.stem for path in snapshots.snapshot_dir().glob("*.json")) == ["k2", "k3"]


def test_a_snapshot_older_than_thirty_days_is_deleted_not_shown():
    snapshots.write_snapshot("old", small_raw())
    month_ago = time.time() - 31 * 86400
    os.utime(snapshots.snapshot_path("old"), (month_ago, month_ago))
    assert snapshots.read_snapshot("old") is None
    assert not snapshots.snapshot_path("old").exists()
    snapshots.write_snapshot("recent", small_raw())
    os.utime(snapshots.snapshot_path("recent"), (time.time() - 29 * 86400,) * 2)
    assert snapshots.read_snapshot("recent") is not None


def test_delete_snapshot_forgets_one_source():
    snapshots.write_snapshot("a", small_raw())
    snapshots.write_snapshot("b", small_raw())
    snapshots.delete_snapshot("a")
    snapshots.delete_snapshot("never-written")
    assert [path.stem for path in snapshots.snapshot_dir().glob("*.json")] == ["b"]

"""The shipped OIT catalogs and crosswalks: sizes, splits, confidence, chains, and a new year as data only."""
from __future__ import annotations

import csv

import pytest

from sheets import catalog, crosswalk, template

DEMO_FLAGS_2565 = ("O1", "O9", "O11", "O16", "O23", "O24", "O26", "O28", "O29", "O31", "O35", "O36", "O37",
                   "O40", "O41")


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """Point the catalog and crosswalk at copies under tmp_path; return (catalog csv, crosswalk csv)."""
    paths = (tmp_path / "oit-catalog.csv", tmp_path / "oit-crosswalk.csv")
    paths[0].write_bytes(catalog.CATALOG_CSV.read_bytes())
    paths[1].write_bytes(crosswalk.CROSSWALK_CSV.read_bytes())
    monkeypatch.setattr(catalog, "CATALOG_CSV", paths[0])
    monkeypatch.setattr(crosswalk, "CROSSWALK_CSV", paths[1])
    catalog.load_catalogs.cache_clear()
    crosswalk.load_steps.cache_clear()
    yield paths
    catalog.load_catalogs.cache_clear()
    crosswalk.load_steps.cache_clear()


@pytest.mark.parametrize("year, size, last_of_9", [(2565, 43, 33), (2566, 43, 30), (2567, 43, 30),
                                                   (2568, 28, 20), (2569, 26, 19)])
def test_each_year_has_its_items_split_between_indicator_9_and_10(year, size, last_of_9):
    items = catalog.catalog_for(year)
    assert [item.code for item in items] == [f"O{n}" for n in range(1, size + 1)]
    assert [item.indicator for item in items] == [9] * last_of_9 + [10] * (size - last_of_9)
    for item in items:
        assert item.group.startswith(f"{item.indicator}.") and item.title
        assert item.confidence in catalog.CONFIDENCE_TH and item.source_note


def test_2567_is_the_2566_list_marked_as_believed_unchanged():
    for old, new in zip(catalog.catalog_for(2566), catalog.catalog_for(2567), strict=True):
        assert (new.code, new.title, new.group, new.indicator) == (old.code, old.title, old.group, old.indicator)
        assert new.confidence == "low" and "2566" in new.source_note


def test_2569_items_assumed_unchanged_from_2568_have_low_confidence():
    low = catalog.low_confidence(catalog.catalog_for(2569))
    assert [item.code for item in low] == ["O2", "O4", "O6", "O7"]
    assert all("2568" in item.source_note for item in low)
    assert catalog.describe_confidence(low[0].confidence, "x") == "ความเชื่อมั่นของรายการ: ต่ำ (x)"


@pytest.mark.parametrize("framework, year", [(2564, None), (2565, 2565), (2567, 2567), (2569, 2569),
                                             (2570, 2569), (2575, 2569), (None, 2569)])
def test_a_year_without_its_own_list_uses_the_nearest_earlier_one(framework, year):
    assert catalog.pick_catalog_year(framework) == year


def test_the_substitute_note_says_no_list_is_published_and_the_sheet_wins():
    assert catalog.substitute_note(2569) is None and catalog.substitute_note(None) is None
    note = catalog.substitute_note(2570)
    assert "กรอบปี 2570" in note and "ปี 2569" in note and "หัวข้อที่กรอก" in note
    assert "เท่านั้น" in catalog.substitute_note(2560)


def test_every_pair_of_consecutive_catalog_years_has_a_complete_crosswalk_step():
    years = catalog.catalog_years()
    steps = crosswalk.load_steps()
    for before, after in zip(years, years[1:]):
        step = steps[(before, after)]
        before_codes = {item.code for item in catalog.catalog_for(before)}
        after_codes = {item.code for item in catalog.catalog_for(after)}
        assert set(step) == before_codes, (before, after)
        for rows in step.values():
            for row in rows:
                assert row.match in crosswalk.MATCHES and (row.to_code in after_codes) == (row.match != "none")


@pytest.mark.parametrize("code, from_year, to_year, targets, inferred", [
    ("O1", 2565, 2569, ("O1",), ()),
    ("O11", 2565, 2569, ("O6",), ("O6",)),  # 2566 merged plan and budget items: an inference
    ("O26", 2565, 2569, ("O14",), ("O14",)),
    ("O28", 2565, 2569, ("O14",), ()),
    ("O41", 2565, 2569, ("O24",), ()),
    ("O3", 2566, 2568, ("O1",), ()),
    ("O23", 2567, 2569, ("O13",), ()),
    ("O7", 2566, 2567, ("O7",), ()),  # identity: 2567 is believed to keep the 2566 list
    ("O12", 2569, 2569, ("O12",), ()),
])
def test_codes_chain_across_years(code, from_year, to_year, targets, inferred):
    mapping = crosswalk.map_code(code, from_year, to_year)
    assert (mapping.targets, mapping.inferred, mapping.reason) == (targets, inferred, "")


@pytest.mark.parametrize("code, from_year, to_year, words", [
    ("O35", 2565, 2569, "ไม่มีข้อที่ตรงกันในรายการปี 2566"),
    ("O9", 2565, 2569, "ไม่มีข้อที่ตรงกันในรายการปี 2568 (เทียบผ่าน O9 ของปี 2567)"),
    ("O11", 2568, 2569, "ไม่มีข้อที่ตรงกันในรายการปี 2569"),
    ("O99", 2565, 2566, "O99 ไม่อยู่ในตารางเทียบรหัสของปี 2565"),
    ("O1", 2569, 2565, "เทียบรหัสย้อนหลังไม่ได้"),
    ("O1", None, 2569, "ไม่ทราบปี"),
])
def test_a_code_without_counterpart_says_where_the_chain_breaks(code, from_year, to_year, words):
    mapping = crosswalk.map_code(code, from_year, to_year)
    assert mapping.targets == () and words in mapping.reason


def test_the_demo_flags_are_each_carried_or_explained():
    mappings = [crosswalk.map_code(code, 2565, catalog.pick_catalog_year(2570)) for code in DEMO_FLAGS_2565]
    carried = [m.code for m in mappings if m.targets]
    unmapped = [m.code for m in mappings if not m.targets]
    assert len(carried) + len(unmapped) == 15
    assert unmapped == ["O9", "O16", "O35", "O40"] and all(m.reason for m in mappings if not m.targets)


def test_adding_2571_is_a_data_change_only(data_copy):
    catalog_csv, crosswalk_csv = data_copy
    with catalog_csv.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow([2571, "O1", 9, "9.1 ข้อมูลพื้นฐาน", "โครงสร้างใหม่", "medium", "ทดสอบ"])
        writer.writerow([2571, "O2", 10, "10.1 การป้องกันการทุจริต", "ข้อเดียวของตัวชี้วัด 10", "low", "ทดสอบ"])
    with crosswalk_csv.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerows([[2569, f"O{n}", 2571, "O1" if n < 20 else "O2", "inferred", "ทดสอบ"] for n in range(1, 27)])
    assert catalog.pick_catalog_year(2572) == 2571 and catalog.substitute_note(2570) is not None
    tabs = template.build_template_tabs(2571)
    assert [row[0] for row in tabs[2].rows[1:]] == ["O1", "O2"]
    assert crosswalk.map_code("O41", 2565, 2571).targets == ("O2",)

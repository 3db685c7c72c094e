"""The OIT grid: a cell per item coloured by status, flagged items marked, headings per indicator."""
from __future__ import annotations

from components.outputs.charts import oit_grid
from components.outputs.charts.layout import NO_DATA, OIT_COLORS
from sheets import contract


def test_oit_grid_has_a_cell_per_item_coloured_by_status_and_flagged_marked(demo_workbook):
    items = demo_workbook.oit_items
    fig = oit_grid.build_oit_grid_figure(items)
    for status in contract.OIT_STATUSES:
        name = contract.OIT_STATUS_TH[status]
        cells = [t for t in fig.data if t.name == name and t.mode == "markers+text"]
        assert sum(len(t.x) for t in cells) == sum(item.status == status for item in items)
    shapes = fig.layout.shapes
    assert len(shapes) == len(items)
    assert sum(shape.line.width == 3 for shape in shapes) == sum(item.needs_improvement for item in items)
    assert {shape.fillcolor for shape in shapes} >= {OIT_COLORS["published"], OIT_COLORS["not_started"]}
    legend = [t.name for t in fig.data if t.showlegend is not False]
    assert legend == [contract.OIT_STATUS_TH[s] for s in contract.OIT_STATUSES] + [oit_grid.FLAG_LABEL]


def test_oit_grid_heads_every_indicator_and_group(demo_workbook):
    fig = oit_grid.build_oit_grid_figure(demo_workbook.oit_items)
    texts = [annotation.text for annotation in fig.layout.annotations]
    assert "<b>ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล</b>" in texts
    assert {item.group for item in demo_workbook.oit_items} <= set(texts)



def test_no_items_draws_a_no_data_note():
    fig = oit_grid.build_oit_grid_figure([])
    assert NO_DATA in [annotation.text for annotation in fig.layout.annotations]

"""Slide building blocks: table text clipped without splitting Thai, tables paginated to fit a slide."""
from __future__ import annotations

import pytest

from components.outputs import slides


@pytest.mark.parametrize(("text", "limit", "expected"), [
    ("สั้น", 10, "สั้น"),
    ("กิจกรรมที่เกินกำหนด", 5, "กิจกร…"),
    ("ที่นี่", 2, "ที่…"),  # never cut between a consonant and its vowel or tone marks
    ("ตัวชี้วัดที่เกิน", 13, "ตัวชี้วัดที่…"),  # a leading vowel (เ) goes with its consonant
])
def test_clip_keeps_thai_marks_on_their_letter(text, limit, expected):
    assert slides.clip(text, limit) == expected


def test_paginate_keeps_every_row_and_fits_each_page():
    headers, widths = ["ที่", "วิธีการดำเนินการ"], [0.5, 3.0]
    rows = [[str(n), "กิจกรรมที่ยาวมาก " * (n % 7 + 1)] for n in range(60)]
    pages = slides.paginate(headers, rows, widths, 5.55)
    assert [row for page in pages for row in page] == rows and len(pages) > 1
    header = slides._row_height(headers, widths)
    for page in pages:
        assert len(page) == 1 or header + sum(slides._row_height(row, widths) for row in page) <= 5.55

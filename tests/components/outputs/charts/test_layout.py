"""The charts' shared look: a Thai font that is installed, Thai text clipped and wrapped whole."""
from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest

from components.outputs.charts import layout


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig not installed")
def test_the_font_family_names_a_thai_font_that_is_installed():
    installed = subprocess.run(["fc-list", ":lang=th", "family"], capture_output=True, text=True).stdout
    families = [name.strip() for name in layout.FONT_FAMILY.split(",")]
    assert any(name in installed for name in families if name != "sans-serif")


@pytest.mark.parametrize("text, limit", [
    ("การแต่งตั้งคณะทำงาน", 3),  # would cut before ร's neighbour marks
    ("สนับสนุนและยกระดับ", 4),
    ("แต่งตั้ง", 1),  # a leading vowel is never left alone
    ("ผู้รับผิดชอบ", 2),
    ("ปรับปรุงระบบการทำงาน", 30),
])
def test_clip_text_keeps_thai_marks_with_their_consonant(text, limit):
    clipped = layout.clip_text(text, limit)
    kept = clipped.removesuffix("…")
    assert text.startswith(kept) and kept
    if len(kept) < len(text):
        assert not unicodedata.combining(text[len(kept)]) and unicodedata.category(text[len(kept)]) != "Mn"
        assert kept[-1] not in layout.LEADING_VOWELS


def test_wrap_text_breaks_long_thai_into_lines_without_losing_characters():
    text = "การแต่งตั้งคณะทำงานเพื่อสนับสนุนและยกระดับผลการประเมินคุณธรรมและความโปร่งใส"
    lines = layout.wrap_text(text, 20)
    assert "".join(lines) == text and all(len(line) <= 20 for line in lines)
    assert all(unicodedata.category(line[0]) != "Mn" for line in lines)


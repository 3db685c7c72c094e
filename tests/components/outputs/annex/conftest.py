"""Fixtures of the annex tests: the demo's Report and its DOCX, built once."""
from __future__ import annotations

import pytest

from components.outputs import annex
from components.outputs.annex import model


@pytest.fixture(scope="session")
def demo_report(demo_workbook) -> model.Report:
    return annex.build_report(demo_workbook)


@pytest.fixture(scope="session")
def demo_docx(demo_report) -> bytes:
    return annex.build_annex_docx(demo_report)

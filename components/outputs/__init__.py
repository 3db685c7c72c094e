"""UI-free builders: the annex, the deck, the spreadsheet exports, chart figures and chart images.

Nothing here imports streamlit (tests/test_layering.py checks it): the CLI, the
benchmark and the pages' `render_*` widgets in `components/` all call the same builders.
"""

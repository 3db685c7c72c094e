"""What pages build from a workbook (figures, charts, tables, the annex), built once and shared.

A page run on cached data used to rebuild every figure and chart: the same work for every
session and every rerun. `memo(build, workbook, *args)` returns `build(workbook, *args)`,
built once per workbook object and arguments for every session of the process (the newest
MAX_VIEWS kept). The workbook store (components.data) hands every session the same Workbook
object until the source is read again (or a row save swaps in a patched copy), so a new read
is a new key and nothing stale is served.

What memo returns is shared: pages read it and pass it to st.*, never change it.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import streamlit as st

from sheets.model import Workbook

MAX_VIEWS = 256  # a 60×200 workbook's figures and charts are ~1–2 MB in all
T = TypeVar("T")


class ViewCache:
    """Built values by (builder, workbook identity, arguments), least recently used dropped first."""

    def __init__(self, size: int = MAX_VIEWS) -> None:
        self._size = size
        self._guard = threading.Lock()
        self._values: OrderedDict[tuple, tuple[Workbook, Any]] = OrderedDict()

    def get_or_build(self, build: Callable[..., T], workbook: Workbook, args: tuple[Hashable, ...]) -> T:
        key = (build.__module__, build.__qualname__, id(workbook), args)
        with self._guard:
            found = self._values.get(key)
            if found is not None and found[0] is workbook:  # id() alone could name a collected workbook
                self._values.move_to_end(key)
                return found[1]
        value = build(workbook, *args)
        with self._guard:
            self._values[key] = (workbook, value)
            while len(self._values) > self._size:
                self._values.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._values)


@st.cache_resource(show_spinner=False)
def view_cache() -> ViewCache:
    """The process's one ViewCache (cleared with st.cache_resource in tests)."""
    return ViewCache()


def memo(build: Callable[..., T], workbook: Workbook, *args: Hashable) -> T:
    """Return build(workbook, *args), built once per workbook and arguments for every session (read-only)."""
    return view_cache().get_or_build(build, workbook, args)

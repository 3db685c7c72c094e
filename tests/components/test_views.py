"""Page views are built once per workbook and arguments, shared by sessions, and bounded."""
from components import views
from tests.conftest import make_workbook


def counting_builder():
    calls = []

    def build(workbook, *args):
        calls.append(args)
        return (workbook.settings.organization, args)
    return build, calls


def test_a_view_is_built_once_per_workbook_and_arguments():
    build, calls = counting_builder()
    workbook = make_workbook()
    first = views.memo(build, workbook, "2026-11-25", ("กองคลัง",))
    assert views.memo(build, workbook, "2026-11-25", ("กองคลัง",)) is first
    views.memo(build, workbook, "2026-11-25", None)
    assert calls == [("2026-11-25", ("กองคลัง",)), ("2026-11-25", None)]


def test_a_new_read_of_the_source_is_a_new_workbook_and_builds_again():
    build, calls = counting_builder()
    views.memo(build, make_workbook())
    views.memo(build, make_workbook())
    assert len(calls) == 2


def test_the_cache_keeps_the_newest_views_only():
    cache = views.ViewCache(size=3)
    build, calls = counting_builder()
    workbook = make_workbook()
    for n in range(5):
        cache.get_or_build(build, workbook, (n,))
    assert len(cache) == 3
    cache.get_or_build(build, workbook, (0,))
    assert calls[-1] == (0,), "the oldest was dropped and is built again"


def test_a_second_session_on_the_same_data_builds_no_page_view_again():
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    first = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    built = len(views.view_cache())
    second = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not first.exception and not second.exception
    assert built >= 1 and len(views.view_cache()) == built, "the overview's view is shared, not rebuilt"

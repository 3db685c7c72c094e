"""Every page runs behind app.py (sidebar, refresh, banner) even on a fresh process."""
import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from components import sidebar
from tests.conftest import ROOT

PAGES = ("pages/measures.py", "pages/oit.py", "pages/quality.py", "pages/annex.py")


@pytest.mark.parametrize("page", PAGES)
def test_a_page_opened_first_still_gets_the_router_and_sidebar(page):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page(page).run()  # AppTest starts each run in Streamlit's v1 folder routing
    assert not at.exception
    assert at.button(key=sidebar.REFRESH_KEY), "app.py ran: the sidebar is there"
    assert PagesManager.uses_pages_directory is False

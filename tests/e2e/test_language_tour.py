"""Chinese means Chinese in the states a plain page load does not reach.

test_page_tour.py opens every page as every role in both languages; this module looks
at what only appears after a click or a keystroke: the map's detail panel (facts, the
36-month trend and the tenant table) and Streamlit's input hint while typing. The text a
person sees (:func:`page_text.visible_text`) must pass :func:`untranslated.untranslated`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from e2e_support import MAP_PATH, AppServer, BrowserSession, assert_no_exception, goto, screenshot
from page_text import data_words, visible_text
from untranslated import untranslated

if TYPE_CHECKING:
    from conftest import TestDatabase
    from playwright.sync_api import Page

pytestmark = pytest.mark.e2e


def _check(page: Page, where: str, allow: set[str], *, with_map: bool = False) -> list[str]:
    assert_no_exception(page)
    seen = visible_text(page, with_map=with_map)
    bad = untranslated(seen, "zh", allow=allow)
    screenshot(page, f"tour_{where}")
    return [f"{where}: {token}" for token in bad]


def test_map_details_and_typing_hint_are_chinese(
    app_server: AppServer, browser_session: BrowserSession, test_db: TestDatabase
) -> None:
    page = browser_session.page
    allow = data_words(test_db.url)
    # The map's detail panel: facts, the 36-month trend and the tenant table.
    goto(page, app_server.url(f"{MAP_PATH}?carrier=1"))
    problems = _check(page, "viewer_map_details", allow, with_map=True)
    # Typing shows Streamlit's input hint ("Press Enter to apply") until Enter.
    page.locator("[data-testid='stSidebar']").get_by_label("搜索名称或地址").fill("市北")
    page.wait_for_timeout(500)
    problems += _check(page, "viewer_typing", allow)
    assert not problems, "\n".join(problems)

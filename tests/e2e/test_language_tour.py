"""Chinese means Chinese: every page, as every role, read the way a person reads it.

A viewer, a park manager and the administrator each walk every page they can reach in
Chinese (the default). Everything visible is collected: the page's text (SVG chart labels
included), every data-grid cell and header (glide-data-grid draws on a canvas; its
accessibility table holds the same text), and the Leaflet map's controls, legend and
scale. :func:`untranslated.untranslated` then fails on any catalogue key, snake_case
token or Latin word outside its documented allow-list.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from e2e_support import (
    HOME_PATH,
    HOSTILE_NAME,
    MAP_PATH,
    AppServer,
    BrowserSession,
    assert_no_exception,
    goto,
    leaflet_frame,
    login,
    screenshot,
    wait_for_app,
)
from sqlalchemy import text
from untranslated import tokens, untranslated

from models.db import get_engine
from models.display import SYSTEM_REASONS

if TYPE_CHECKING:
    from conftest import TestDatabase
    from playwright.sync_api import Page

pytestmark = pytest.mark.e2e

# Sidebar labels (models/i18n.py) of the pages each role can open.
VIEWER_PAGES = ["总览", "地图", "改造项目"]
EDITOR_PAGES = [
    *VIEWER_PAGES,
    "出租率填报",
    "载体管理",
    "在孵企业",
    "入驻与毕业",
    "改造项目登记",
    "审计记录",
]
ADMIN_PAGES = [*EDITOR_PAGES, "用户管理", "大屏设置"]
# Names, usernames and reasons people typed are data, shown as typed in either language
# ("WeWork 威海路", the demo accounts, the carrier named like an attack in test_xss.py).
# Reasons the application writes itself (SYSTEM_REASONS) must be translated: not allowed.
_DATA_SQL = """
SELECT name_zh FROM carrier UNION SELECT operator FROM carrier UNION SELECT address FROM carrier
UNION SELECT name_zh FROM conversionproject UNION SELECT address FROM conversionproject
UNION SELECT name FROM tenant
UNION SELECT username FROM user UNION SELECT display_name FROM user
UNION SELECT reason FROM auditevent
"""
# glide-data-grid draws a checkbox; only its accessibility text says "true"/"false".
_GRID_BOOLEANS = {"true", "false"}


def data_words(database_url: str) -> set[str]:
    """Tokens of stored names and addresses: Latin words, and Chinese runs for English
    pages (allowed: data is shown as it was entered, and the sample data has Chinese
    operators and addresses only)."""
    with get_engine(database_url).connect() as conn:
        names = [str(v) for (v,) in conn.execute(text(_DATA_SQL)) if v]
    names = [n for n in names if n not in SYSTEM_REASONS]
    names.append(HOSTILE_NAME)
    return {tok for name in names for tok in tokens(name)} | {
        run for name in names for run in re.findall(r"[\u3400-\u9fff]+", name)
    }


_GRID_CELLS = "[data-testid='stDataFrame'] table th, [data-testid='stDataFrame'] table td"

# Text nodes a person can see. Material icons are ligatures ("keyboard_arrow_right" is
# drawn as an arrow) and the skip link shows only on keyboard focus: both are left out.
# Data grids are read from their accessibility table (_GRID_CELLS), cell by cell.
_SEEN_TEXT_JS = """
(root) => {
  const skip = "[data-testid='stIconMaterial'], [data-testid='stSkipToContent'],"
    + " [data-testid='stDataFrame'], noscript, script, style";
  const out = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!el || !node.textContent.trim() || el.closest(skip)) continue;
    const style = getComputedStyle(el);
    if (style.fontFamily.includes("Material")) continue;
    if (style.display === "none" || style.visibility === "hidden") continue;
    if (!el.getClientRects().length) continue;
    out.push(node.textContent);
  }
  return out.join("\\n");
}
"""


def visible_text(page: Page, *, with_map: bool = False) -> str:
    """What a person sees: page text, grid cells and (optionally) the map's own text."""
    parts = [page.locator("[data-testid='stApp']").evaluate(_SEEN_TEXT_JS)]
    cells = page.locator(_GRID_CELLS).all_text_contents()
    parts += [c for c in cells if c.strip().lower() not in _GRID_BOOLEANS]
    if with_map:
        parts.append(leaflet_frame(page).locator("body").evaluate(_SEEN_TEXT_JS))
    return "\n".join(parts)


def _open(page: Page, label: str) -> None:
    """Follow the sidebar link ``label`` (client-side: the login is kept)."""
    link = page.locator("[data-testid='stSidebar'] [data-testid='stPageLink'] a")
    link.filter(has=page.get_by_text(label, exact=True)).first.click()
    wait_for_app(page)


def _check(page: Page, where: str, allow: set[str], *, with_map: bool = False) -> list[str]:
    assert_no_exception(page)
    seen = visible_text(page, with_map=with_map)
    bad = untranslated(seen, "zh", allow=allow)
    screenshot(page, f"tour_{where}")
    return [f"{where}: {token}" for token in bad]


def _tour(page: Page, role: str, labels: list[str], allow: set[str]) -> list[str]:
    problems: list[str] = []
    for label in labels:
        _open(page, label)
        problems += _check(page, f"{role}_{label}", allow, with_map=label == "地图")
    return problems


def test_viewer_sees_only_chinese(
    app_server: AppServer, browser_session: BrowserSession, test_db: TestDatabase
) -> None:
    page = browser_session.page
    allow = data_words(test_db.url)
    goto(page, app_server.url())
    problems = _tour(page, "viewer", VIEWER_PAGES, allow)
    # The map's detail panel: facts, the 36-month trend and the tenant table.
    goto(page, app_server.url(f"{MAP_PATH}?carrier=1"))
    problems += _check(page, "viewer_map_details", allow, with_map=True)
    # Typing shows Streamlit's input hint ("Press Enter to apply") until Enter.
    page.locator("[data-testid='stSidebar']").get_by_label("搜索名称或地址").fill("市北")
    page.wait_for_timeout(500)
    problems += _check(page, "viewer_typing", allow)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("username", "password", "labels"),
    [("shibei", "shibei-demo-2026", EDITOR_PAGES), ("admin", "admin-demo-2026", ADMIN_PAGES)],
    ids=["manager", "admin"],
)
def test_editors_see_only_chinese(
    app_server: AppServer,
    browser_session: BrowserSession,
    test_db: TestDatabase,
    username: str,
    password: str,
    labels: list[str],
) -> None:
    page = browser_session.page
    goto(page, app_server.url())
    login(page, username, password)
    problems = _tour(page, username, labels, data_words(test_db.url))
    assert not problems, "\n".join(problems)


def _to_english(page: Page) -> None:
    """Switch to English unless the page already is (the sidebar then says Overview).

    Checked per page: keeping the language across navigations is issue 7 §5's business,
    this test is about what an English page shows.
    """
    sidebar = page.locator("[data-testid='stSidebar']")
    if sidebar.get_by_text("Overview", exact=True).count():
        return
    sidebar.get_by_text("English", exact=True).click()
    wait_for_app(page)


def test_viewer_sees_only_english_after_switching(
    app_server: AppServer, browser_session: BrowserSession, test_db: TestDatabase
) -> None:
    """The same finder, the other way round: no Chinese left on an English page."""
    page = browser_session.page
    allow = data_words(test_db.url)
    problems: list[str] = []
    for path, name in ((HOME_PATH, "home"), (MAP_PATH + "?carrier=1", "map"), (None, "conv")):
        if path is None:
            _open(page, "Conversion projects")
        else:
            goto(page, app_server.url(path))
        _to_english(page)
        assert_no_exception(page)
        seen = visible_text(page, with_map=name == "map")
        problems += [f"en_{name}: {w}" for w in untranslated(seen, "en", allow=allow)]
        screenshot(page, f"tour_en_{name}")
    assert not problems, "\n".join(problems)

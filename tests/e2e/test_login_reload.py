"""A reload keeps the login and the language, in a real browser (issue 7 §5).

Log in, reload: still logged in (the cookie the page's script set is sent again, and no
token is in the URL). Log out, reload: logged out, the cookie is gone. Open ``?lang=en``,
reload and follow a page link: still English.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from e2e_support import HOME_PATH, AppServer, assert_no_exception, goto, login, poll, wait_for_app

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.e2e

COOKIE = "jingan_login"


def _sidebar_text(page: Page) -> str:
    return page.locator("[data-testid='stSidebar']").inner_text()


def test_reload_keeps_the_login_until_logout(page: Page, app_server: AppServer) -> None:
    goto(page, app_server.url(HOME_PATH))
    login(page, "suhe", "suhe-demo-2026")
    cookie = poll(
        lambda: next((c for c in page.context.cookies() if c["name"] == COOKIE), None),
        timeout_s=20,
    )
    assert cookie is not None, "the login wrote no cookie"
    assert cookie["sameSite"] == "Strict" and cookie["path"] == "/"
    assert cookie["value"] not in page.url

    page.reload(wait_until="domcontentloaded")
    wait_for_app(page)
    assert poll(lambda: "已登录：suhe" in _sidebar_text(page), timeout_s=20), _sidebar_text(page)
    assert_no_exception(page)

    page.locator("[data-testid='stSidebar']").get_by_role("button", name="退出登录").click()
    wait_for_app(page)
    assert poll(
        lambda: not any(c["name"] == COOKIE for c in page.context.cookies()), timeout_s=20
    ), "logout left the cookie in the browser"
    page.reload(wait_until="domcontentloaded")
    wait_for_app(page)
    text = _sidebar_text(page)
    assert "已登录" not in text and "登录" in text
    assert_no_exception(page)


def test_reload_and_page_links_keep_the_language(page: Page, app_server: AppServer) -> None:
    goto(page, app_server.url(HOME_PATH + "?lang=en"))
    title = page.locator("h1").first
    assert poll(lambda: title.inner_text() == "Jing'an Innovation Space Map", timeout_s=20)
    page.reload(wait_until="domcontentloaded")
    wait_for_app(page)
    assert poll(lambda: title.inner_text() == "Jing'an Innovation Space Map", timeout_s=20)
    page.locator("[data-testid='stSidebar']").get_by_role("link", name="Map").click()
    wait_for_app(page)
    assert poll(lambda: "lang=en" in page.url, timeout_s=20), page.url
    page.reload(wait_until="domcontentloaded")
    wait_for_app(page)
    assert poll(lambda: "Stages" in _sidebar_text(page), timeout_s=20), _sidebar_text(page)
    assert_no_exception(page)


def test_a_login_after_an_ended_one_is_kept(page: Page, app_server: AppServer) -> None:
    """Recheck QA: a browser still holding an ended login (expired, revoked) logged in
    again, but the page deleting the dead cookie swallowed the new one: the next page
    was logged out, for everyone whose session had simply expired."""
    host = app_server.url(HOME_PATH).split("/")[2].split(":")[0]
    page.context.add_cookies(
        [{"name": COOKIE, "value": "stale.123.abc", "domain": host, "path": "/"}]
    )
    goto(page, app_server.url(HOME_PATH))
    login(page, "suhe", "suhe-demo-2026")
    assert poll(lambda: "已登录：suhe" in _sidebar_text(page), timeout_s=20), _sidebar_text(page)
    fresh = poll(
        lambda: next(
            (
                c
                for c in page.context.cookies()
                if c["name"] == COOKIE and c["value"] != "stale.123.abc"
            ),
            None,
        ),
        timeout_s=20,
    )
    assert fresh is not None, "the new login's cookie never reached the browser"
    page.reload(wait_until="domcontentloaded")
    wait_for_app(page)
    assert poll(lambda: "已登录：suhe" in _sidebar_text(page), timeout_s=20), _sidebar_text(page)
    assert_no_exception(page)

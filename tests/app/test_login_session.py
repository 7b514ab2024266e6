"""A login and the language survive a reload (issue 7 §5).

AppTest cannot send cookies (``st.context.cookies`` comes from the browser's connection,
which AppTest does not have), so a "reload with the cookie" is a fresh AppTest whose
``ui._request_cookie`` returns the cookie the login wrote. The browser side (the script
really sets the cookie, a real reload keeps the login) is in tests/e2e/test_login_reload.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import parse_qs

import pytest
from streamlit.testing.v1 import AppTest

import ui
from tests.app.conftest import page

COOKIE_RE = re.compile(r"jingan_login=([A-Za-z0-9_.-]*); Max-Age=(\d+); Path=/; SameSite=Strict")


def _cookie_scripts(at: AppTest) -> list[tuple[str, int]]:
    """The cookie writes of this run: scripts in frames of their own (ui._emit_cookie)."""
    found = []
    for element in at.get("iframe"):
        if match := COOKIE_RE.search(element.proto.srcdoc):  # type: ignore[attr-defined]
            found.append((match.group(1), int(match.group(2))))
    return found


def _logged_in_as(at: AppTest) -> str | None:
    for caption in at.sidebar.caption:
        if match := re.search(r"已登录：(\S+)（", caption.value):
            return match.group(1)
    return None


def _log_in(at: AppTest, username: str, password: str) -> None:
    at.text_input(key="login_user").input(username)
    at.text_input(key="login_password").input(password)
    next(b for b in at.button if b.label == "登录").click().run()


@pytest.fixture
def browser_cookie(monkeypatch: pytest.MonkeyPatch) -> Callable[[str | None], None]:
    """Make the next AppTest runs see ``value`` as the cookie their browser sent."""

    def send(value: str | None) -> None:
        monkeypatch.setattr(ui, "_request_cookie", lambda: value)

    return send


def test_login_writes_a_strict_expiring_cookie_never_the_url(
    make_app: Callable[..., AppTest],
) -> None:
    at = make_app().run()
    _log_in(at, "shibei", "shibei-demo-2026")
    assert not at.exception
    assert _logged_in_as(at) == "shibei"
    [(value, max_age)] = _cookie_scripts(at)
    assert value.count(".") == 2 and len(value) > 40
    assert max_age == 480 * 60
    assert all(value not in v for v in at.query_params.values())


def test_a_rerun_right_after_the_login_still_writes_the_cookie(
    make_app: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rerun at once (a narrow window pressing its own switch) keeps the cookie's frame.

    Removed before its script ran, the frame wrote no cookie and closed no sidebar (CI).
    """
    at = make_app().run()
    _log_in(at, "shibei", "shibei-demo-2026")
    [written] = _cookie_scripts(at)
    at.run()
    assert _cookie_scripts(at) == [written]
    # Later runs write nothing: an old tab must not write an old cookie over a new login.
    monkeypatch.setattr(ui, "COOKIE_FRAME_KEEP_S", 0.0)
    at.run()
    assert _cookie_scripts(at) == []
    assert _logged_in_as(at) == "shibei"


def test_reload_with_the_cookie_keeps_the_login_until_logout(
    make_app: Callable[..., AppTest], browser_cookie: Callable[[str | None], None]
) -> None:
    first = make_app().run()
    _log_in(first, "shibei", "shibei-demo-2026")
    [(cookie, _)] = _cookie_scripts(first)

    browser_cookie(cookie)
    reloaded = make_app(page("Occupancy")).run()
    assert not reloaded.exception
    assert _logged_in_as(reloaded) == "shibei"
    assert not any("请先" in i.value for i in reloaded.info)

    reloaded.button(key="logout").click().run()
    assert _logged_in_as(reloaded) is None
    # The logout deletes the browser's cookie...
    assert ("", 0) in _cookie_scripts(reloaded)
    # ...and revokes it on the server: a browser that kept it is not logged in.
    again = make_app().run()
    assert _logged_in_as(again) is None


def test_a_forged_cookie_does_not_log_in(
    make_app: Callable[..., AppTest], browser_cookie: Callable[[str | None], None]
) -> None:
    browser_cookie("AAAA.9999999999.forged-signature")
    at = make_app().run()
    assert not at.exception
    assert _logged_in_as(at) is None


def test_language_comes_from_the_url(make_app: Callable[..., AppTest]) -> None:
    at = make_app()
    at.query_params["lang"] = "en"
    at.run()
    assert at.title[0].value == "Jing'an Innovation Space Map"
    # A hand-edited, unknown language falls back to Chinese without an error.
    other = make_app()
    other.query_params["lang"] = "fr"
    other.run()
    assert not other.exception
    assert other.title[0].value == "静安区科技创新空间地图"


def test_language_control_writes_the_url_and_links_keep_it(
    make_app: Callable[..., AppTest],
) -> None:
    at = make_app().run()
    at.segmented_control(key="lang_choice").set_value("en").run()
    assert at.title[0].value == "Jing'an Innovation Space Map"
    assert at.query_params["lang"] == "en"
    links = list(at.get("page_link"))
    assert links
    for link in links:
        query = parse_qs(link.proto.query_string)  # type: ignore[attr-defined]
        assert query["lang"] == ["en"]
        # Pages with a month slider also carry the month shown (ui.MONTH_PAGES); the
        # home page's zone map link also the shading.
        assert set(query) in ({"lang"}, {"lang", "month"}, {"lang", "shade", "month"}), query
    # Switching back to Chinese is kept in the URL as well.
    at.segmented_control(key="lang_choice").set_value("zh").run()
    assert at.title[0].value == "静安区科技创新空间地图"
    assert at.query_params.get("lang") in (None, "zh")


def test_language_survives_navigation_to_the_map(make_app: Callable[..., AppTest]) -> None:
    at = make_app().run()
    at.segmented_control(key="lang_choice").set_value("en").run()
    at.switch_page(str(page("Map").relative_to(page("Map").parents[1]))).run()
    assert not at.exception
    # The map page rewrites the URL with its filters; the language stays in it.
    assert at.query_params["lang"] == "en"
    assert at.segmented_control(key="lang_choice").value == "en"

"""A browser tour of every page: each role, three screen sizes, both languages (issue 11 §4).

Every page in ``ui.NAV`` (the big screen included) is opened in headless Chromium as a
viewer, a park manager and the administrator, at 390×844 (a phone), 1366×768 (a laptop)
and 1920×1080 (a desktop), in Chinese and in English. A page fails the tour on:

* a Streamlit exception box, or the page's error boundary saying the page failed;
* a console error, or a request to any host but the app (the browser fetches nothing else);
* a horizontal scrollbar on the page itself (wide tables scroll inside their own frame);
* visible text that is not in the page's language (:func:`untranslated.untranslated`).

Each visit is photographed as test-artifacts/tour/<role>_<lang>_<size>_<page>.png.

The full cross product is 15 pages × 3 roles × 3 sizes × 2 languages = 270 page loads,
too slow for CI on two cores. By default the tour runs a covering subset: every page in
every (size, language) pair once (6 loads a page), the role turning with the page so that
every page is seen in every role twice, and every (role, size, language) triple occurs on
five pages: 90 loads. ``TOUR=full`` runs all 270.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest
from e2e_support import (
    VIEWPORT,
    AppServer,
    BrowserSession,
    goto,
    leaflet_frame,
    login,
    open_session,
    poll,
    screenshot,
)
from page_text import data_words, visible_text
from untranslated import untranslated

from models.i18n import t
from ui import NAV

if TYPE_CHECKING:
    from conftest import TestDatabase
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.e2e

FULL = os.environ.get("TOUR", "").lower() == "full"

# Role name -> (username, password); the viewer is not logged in.
ACCOUNTS: dict[str, tuple[str, str] | None] = {
    "viewer": None,
    "manager": ("shibei", "shibei-demo-2026"),
    "admin": ("admin", "admin-demo-2026"),
}
ROLES = tuple(ACCOUNTS)
SIZES = ((390, 844), (1366, 768), (1920, 1080))
LANGS = ("zh", "en")
COMBOS = tuple((size, lang) for size in SIZES for lang in LANGS)


def _url_path(script: str) -> str:
    """Streamlit's URL of a page script: pages/12_chain.py -> /chain, app.py -> /."""
    if script == "app.py":
        return "/"
    return "/" + re.sub(r"^\d+_", "", script.removeprefix("pages/").removesuffix(".py"))


@dataclass(frozen=True)
class TourPage:
    """One page of the app: its URL path and the catalogue key of its name."""

    path: str
    key: str

    @property
    def slug(self) -> str:
        return self.path.strip("/") or "home"


PAGES = tuple(TourPage(_url_path(script), key) for script, key, _audience in NAV)


def plan(full: bool = FULL) -> dict[tuple[str, tuple[int, int], str], list[TourPage]]:
    """Pages to visit per (role, size, language).

    Covering subset: page ``p`` is visited in every (size, language) pair ``r`` once,
    as role ``(r + p) % 3``; so each page sees each role twice and each triple gets
    every third page (5 of 15).
    """
    visits: dict[tuple[str, tuple[int, int], str], list[TourPage]] = {}
    for p, page in enumerate(PAGES):
        for r, (size, lang) in enumerate(COMBOS):
            roles = ROLES if full else (ROLES[(r + p) % len(ROLES)],)
            for role in roles:
                visits.setdefault((role, size, lang), []).append(page)
    return visits


PLAN = plan()

# Left after a page scrolls sideways: document, Streamlit's main section and its
# container, when they can scroll (overflow auto/scroll; the document unless clipped).
# The deepest elements sticking out past the viewport are named, to find the culprit.
_OVERFLOW_JS = """
() => {
  const out = [];
  const clipped = (e) => getComputedStyle(e).overflowX === "hidden"
    || getComputedStyle(e).overflowX === "clip";
  const doc = document.scrollingElement;
  if (doc.scrollWidth > doc.clientWidth + 1 && !clipped(document.body) && !clipped(doc)) {
    out.push(`document ${doc.scrollWidth}>${doc.clientWidth}`);
  }
  for (const id of ["stMain", "stAppViewContainer", "stMainBlockContainer"]) {
    const e = document.querySelector(`[data-testid='${id}']`);
    if (!e) continue;
    const ox = getComputedStyle(e).overflowX;
    if ((ox === "auto" || ox === "scroll") && e.scrollWidth > e.clientWidth + 1) {
      out.push(`${id} ${e.scrollWidth}>${e.clientWidth}`);
    }
  }
  if (out.length) {
    const wide = [...document.querySelectorAll("[data-testid='stMain'] *")].filter((e) => {
      const r = e.getBoundingClientRect();
      return r.width && r.right > innerWidth + 1
        && ![...e.children].some((c) => c.getBoundingClientRect().right > innerWidth + 1);
    });
    for (const e of wide.slice(0, 3)) {
      const owner = e.closest("[data-testid]");
      const cls = String(e.className).slice(0, 60);
      const right = Math.round(e.getBoundingClientRect().right);
      out.push(`sticks out: <${e.tagName.toLowerCase()} class="${cls}">`
        + ` in ${owner ? owner.dataset.testid : "?"} right=${right}`);
    }
  }
  return out;
}
"""


def _failed_text(lang: str) -> str:
    """The start of the error boundary's sentence (before the reference id)."""
    return t("err_unexpected", lang, ref="").split("{")[0][:12]


def _map_text(page: Page) -> bool:
    """True when the page holds a Leaflet map to wait for and read."""
    return page.locator("iframe").count() > 0


@pytest.fixture(scope="module")
def role_sessions(browser: Browser, app_server: AppServer) -> Iterator[dict[str, BrowserSession]]:
    """One browser context per role, logged in once (the login cookie carries it)."""
    host = app_server.base_url.split("//", 1)[1]
    sessions: dict[str, BrowserSession] = {}
    for role, account in ACCOUNTS.items():
        session = open_session(browser, host)
        goto(session.page, app_server.url())
        if account is not None:
            login(session.page, *account)
        sessions[role] = session
    yield sessions
    for session in sessions.values():
        session.page.context.close()


def _visit(session: BrowserSession, url: str, where: str, lang: str, allow: set[str]) -> list[str]:
    page = session.page
    goto(page, url)
    problems: list[str] = []
    with_map = False
    if _map_text(page):
        # Wait for the map so its requests and console messages belong to this visit.
        try:
            leaflet_frame(page, timeout_s=20)
            with_map = True
        except AssertionError:
            pass  # an iframe that is not a map (a component, a chart)
    boxes = page.locator("[data-testid='stException']")
    if boxes.count():
        problems.append(f"{where}: Streamlit exception: {boxes.first.inner_text()[:500]}")
    seen = visible_text(page, with_map=with_map)
    if _failed_text(lang) in seen:
        problems.append(f"{where}: the page's error boundary caught a failure (see server log)")
    problems += [f"{where}: horizontal scroll: {o}" for o in page.evaluate(_OVERFLOW_JS)]
    problems += [f"{where}: untranslated: {w}" for w in untranslated(seen, lang, allow=allow)]
    screenshot(page, f"tour/{where}")
    return problems


@pytest.mark.parametrize(
    ("role", "size", "lang"),
    list(PLAN),
    ids=[f"{role}-{lang}-{w}x{h}" for role, (w, h), lang in PLAN],
)
def test_tour(
    role_sessions: dict[str, BrowserSession],
    app_server: AppServer,
    test_db: TestDatabase,
    role: str,
    size: tuple[int, int],
    lang: str,
) -> None:
    session = role_sessions[role]
    session.console_errors.clear()
    session.external_requests.clear()
    page = session.page
    page.set_viewport_size({"width": size[0], "height": size[1]})
    allow = data_words(test_db.url)
    problems: list[str] = []
    started = time.monotonic()
    try:
        for tour_page in PLAN[(role, size, lang)]:
            where = f"{role}_{lang}_{size[0]}x{size[1]}_{tour_page.slug}"
            url = app_server.url(tour_page.path + ("?lang=en" if lang == "en" else ""))
            errors_before = len(session.console_errors)
            problems += _visit(session, url, where, lang, allow)
            # A late console error (a chart drawn after the run) still counts for the page.
            poll(lambda: False, timeout_s=0.2)
            problems += [f"{where}: console: {e}" for e in session.console_errors[errors_before:]]
        problems += [f"request to another host: {u}" for u in session.external_requests]
    finally:
        page.set_viewport_size(VIEWPORT)  # type: ignore[arg-type]
    print(f"tour {role} {lang} {size}: {time.monotonic() - started:.1f}s")
    assert not problems, "\n".join(problems)

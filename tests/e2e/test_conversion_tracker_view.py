"""The conversion tracker in a real browser at 1366 px: charts drawn, map drawn, table fits.

AppTest sees only specs and arguments; whether the Vega-Lite charts draw, the projects
appear on the Leaflet map and the project table fits a 1366-px screen without a
horizontal scrollbar only a browser can tell.
"""

from __future__ import annotations

import pytest
from e2e_support import (
    AppServer,
    BrowserSession,
    assert_no_exception,
    count_features,
    goto,
    leaflet_frame,
    poll,
    screenshot,
)

pytestmark = pytest.mark.e2e

CHARTS_JS = """() => Array.from(document.querySelectorAll("[data-testid='stVegaLiteChart']"))
  .map(box => { const g = box.querySelector("canvas, svg.marks");
                if (!g) return 0; const r = g.getBoundingClientRect();
                return r.width > 50 && r.height > 50 ? 1 : 0; })"""
# Every table's grid: how wide its content is against the width it is given.
TABLES_JS = """() => Array.from(document.querySelectorAll("[data-testid='stDataFrame']"))
  .map(box => { const s = box.querySelector(".dvn-scroller");
                return s ? [s.scrollWidth, s.clientWidth] : [0, 0]; })"""


def test_tracker_draws_at_1366(app_server: AppServer, browser_session: BrowserSession) -> None:
    page = browser_session.page
    page.set_viewport_size({"width": 1366, "height": 6000})  # every section on screen
    goto(page, app_server.url("/conversions?month=2026-06"))
    assert_no_exception(page)
    drawn = poll(lambda: (d := page.evaluate(CHARTS_JS)) and len(d) >= 4 and all(d) and d)
    assert drawn, f"charts not drawn: {page.evaluate(CHARTS_JS)}"
    assert "2026年6月" in page.inner_text("body")
    frame = leaflet_frame(page)
    shown = poll(lambda: (n := count_features(frame, "conversion")) > 0 and n)
    assert shown and shown >= 10, shown
    # Late list, m² by zone and by use, all projects, status history: none scrolls sideways.
    sizes = poll(lambda: (t := page.evaluate(TABLES_JS)) and len(t) >= 5 and all(t[0]) and t)
    screenshot(page, "conversion_tracker_1366")
    assert sizes, page.evaluate(TABLES_JS)
    assert all(scroll <= client + 1 for scroll, client in sizes), sizes
    vega_errors = [e for e in browser_session.console_errors if "vega" in e.lower()]
    assert not vega_errors, vega_errors

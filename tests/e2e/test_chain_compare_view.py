"""The chain and comparison pages draw every chart in a real browser.

AppTest sees only the Vega-Lite specs; an invalid spec fails in the browser alone (an
empty box and a console error). Each chart must draw a canvas or SVG with a real size.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from e2e_support import AppServer, BrowserSession, assert_no_exception, goto, poll

pytestmark = pytest.mark.e2e

CHARTS_JS = """() => Array.from(document.querySelectorAll("[data-testid='stVegaLiteChart']"))
  .map(box => { const g = box.querySelector("canvas, svg.marks");
                if (!g) return 0; const r = g.getBoundingClientRect();
                return r.width > 50 && r.height > 50 ? 1 : 0; })"""


@pytest.mark.parametrize(
    ("path", "charts"), [("chain", 3), ("compare", 4)], ids=["chain", "compare"]
)
def test_every_chart_is_drawn(
    app_server: AppServer, browser_session: BrowserSession, path: str, charts: int
) -> None:
    page = browser_session.page
    page.set_viewport_size({"width": 1366, "height": 4000})  # every chart on screen
    goto(page, app_server.url("/" + quote(path) + "?month=2026-06"))
    assert_no_exception(page)
    drawn = poll(lambda: (d := page.evaluate(CHARTS_JS)) and len(d) >= charts and all(d) and d)
    assert drawn, f"charts not drawn: {page.evaluate(CHARTS_JS)}"
    # The month from the link is the month shown.
    assert "2026年6月" in page.inner_text("body")
    vega_errors = [e for e in browser_session.console_errors if "vega" in e.lower()]
    assert not vega_errors, vega_errors

"""The big screen in a real browser at wall sizes (issue 9).

Each scene is photographed at 1920×1080, 3840×2160 and 1366×768
(test-artifacts/screen_*.png) and checked the way a person standing in front of the wall
would: no Streamlit chrome, nothing scrolls, the map is drawn, the largest KPI figure is
at least 5% of the screen height and no text is smaller than ~1.6%; the legend hides no
dot and no corner of the district, and on a 4K wall the dots and buttons have grown.
Stepping through the scenes (the → key) and the automatic rotation must leave the map
frame mounted: a mark set inside it survives. The wall launcher (static/screen.html)
never shows a white frame while the app starts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import psycopg
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
    start_server,
    stop_server,
)

from models.db import get_engine, migrate, session_scope
from models.seed import load_sample
from models.services.core import set_meta
from tests.conftest import PG_ADMIN_DB, PG_HOST, PG_PORT, PG_USER

pytestmark = pytest.mark.e2e

SCENES = ("overview", "chain", "belts", "conversions", "spotlight")
SCENE_NAMES = {
    "overview": "总览",
    "chain": "孵化链条",
    "belts": "园区与集聚带",
    "conversions": "载体改造",
    "spotlight": "载体聚焦",
}
CHROME = ("stSidebar", "stHeader", "stToolbar", "stMainMenu", "stStatusWidget", "stDecoration")

_LAYOUT_JS = """
() => {
  const h = innerHeight;
  const size = (e) => parseFloat(getComputedStyle(e).fontSize);
  const texts = [...document.querySelectorAll('.scr *')].filter(
    (e) => e.offsetParent !== null && [...e.childNodes].some(
      (n) => n.nodeType === 3 && n.textContent.trim()));
  const kpis = [...document.querySelectorAll('.scr-value, .scr-big, .scr-zone-rate')];
  return {
    h,
    scrollH: document.scrollingElement.scrollHeight,
    scrollW: document.scrollingElement.scrollWidth,
    w: innerWidth,
    kpi: Math.max(0, ...kpis.map(size)) / h,
    smallest: Math.min(...texts.map(size)) / h,
    scene: (document.querySelector('.scr-scene') || {}).textContent || '',
  };
}
"""


# Inside the map frame: the legend's box, the largest dot radius, the zoom button's
# height, and how many dots and district outline points lie under the legend.
_MAP_JS = """
() => {
  const map = Object.getOwnPropertyNames(window).map((k) => {
    try { return window[k]; } catch (e) { return null; }
  }).find((v) => v && window.L && v instanceof window.L.Map);
  const legend = document.querySelector('.geo-legend');
  const box = legend.getBoundingClientRect();
  const inside = (p) => p.x >= box.left && p.x <= box.right && p.y >= box.top && p.y <= box.bottom;
  let dots = 0, hidden = 0, radius = 0, outline = 0;
  map.eachLayer((l) => {
    if (l instanceof L.CircleMarker) {
      dots += 1; radius = Math.max(radius, l.getRadius());
      if (inside(map.latLngToContainerPoint(l.getLatLng()))) hidden += 1;
    } else if (l instanceof L.Polygon && l.feature && l.feature.properties.code === 'district') {
      l.getLatLngs().flat(3).forEach((ll) => {
        if (inside(map.latLngToContainerPoint(ll))) outline += 1;
      });
    }
  });
  const zoom = document.querySelector('.leaflet-control-zoom-in').getBoundingClientRect();
  return {dots, hidden, radius, outline, zoomH: zoom.height, corner: legend.parentNode.className};
}
"""


def _chrome_visible(page: Any) -> list[str]:
    shown = []
    for test_id in CHROME:
        loc = page.locator(f"[data-testid='{test_id}']")
        if any(loc.nth(i).is_visible() for i in range(loc.count())):
            shown.append(test_id)
    return shown


def _check_scene(page: Any, name: str) -> dict[str, Any]:
    assert_no_exception(page)
    layout: dict[str, Any] = page.evaluate(_LAYOUT_JS)
    assert not _chrome_visible(page), (name, _chrome_visible(page))
    assert layout["scrollH"] <= layout["h"] and layout["scrollW"] <= layout["w"], (name, layout)
    assert layout["kpi"] >= 0.05, (name, layout)
    assert layout["smallest"] >= 0.0155, (name, layout)
    frame = leaflet_frame(page)
    assert count_features(frame, "carrier") > 50, name
    assert frame.evaluate("() => document.querySelectorAll('.scr-zone-label').length") >= 4
    return layout


@pytest.mark.parametrize(
    "size", [(1920, 1080), (3840, 2160), (1366, 768)], ids=["1080p", "4k", "1366"]
)
def test_every_scene_reads_at_wall_size_without_remounting_the_map(
    app_server: AppServer, browser_session: BrowserSession, size: tuple[int, int]
) -> None:
    page = browser_session.page
    page.set_viewport_size({"width": size[0], "height": size[1]})
    goto(page, app_server.url("/screen?interval=600"))
    frame = leaflet_frame(page)
    frame.evaluate("() => { window.__scr_mark = 1; }")
    for i, scene in enumerate(SCENES):
        if i:
            page.keyboard.press("ArrowRight")
        want = f"{SCENE_NAMES[scene]} {i + 1}/{len(SCENES)}"
        got = poll(lambda want=want: want in page.evaluate(_LAYOUT_JS)["scene"], timeout_s=20)
        assert got, (want, page.evaluate(_LAYOUT_JS)["scene"])
        page.wait_for_timeout(800)  # let the fragment's run settle before the photo
        _check_scene(page, scene)
        ring_js = "() => !!window.__scrSpot"  # the spotlight's carrier is ringed on the map
        if scene == "spotlight":
            assert poll(lambda js=ring_js: leaflet_frame(page).evaluate(js), timeout_s=10), scene
        else:
            assert not leaflet_frame(page).evaluate(ring_js), scene
        screenshot(page, f"screen_{scene}_{size[0]}x{size[1]}")
    # The same map document all along: a scene change never rebuilt the frame.
    assert leaflet_frame(page).evaluate("() => window.__scr_mark") == 1
    drawn = leaflet_frame(page).evaluate(_MAP_JS)
    assert "leaflet-top leaflet-right" in drawn["corner"], drawn
    assert drawn["dots"] > 50 and drawn["hidden"] == 0 and drawn["outline"] == 0, drawn
    if size[1] >= 2160:  # 6 px dots and 30 px buttons grow about 2× on a 4K wall
        assert drawn["radius"] >= 11 and drawn["zoomH"] >= 50, drawn
    assert not browser_session.external_requests, browser_session.external_requests
    assert not browser_session.console_errors, browser_session.console_errors


def test_scenes_advance_on_their_own_within_the_interval(
    app_server: AppServer, browser_session: BrowserSession
) -> None:
    page = browser_session.page
    page.set_viewport_size({"width": 1920, "height": 1080})
    goto(page, app_server.url("/screen?lang=en&interval=5&scenes=overview,chain"))
    assert "Overview 1/2" in page.evaluate(_LAYOUT_JS)["scene"]
    leaflet_frame(page).evaluate("() => { window.__scr_mark = 1; }")
    advanced = poll(lambda: "Growth chain 2/2" in page.evaluate(_LAYOUT_JS)["scene"], timeout_s=15)
    assert advanced, page.evaluate(_LAYOUT_JS)["scene"]
    back = poll(lambda: "Overview 1/2" in page.evaluate(_LAYOUT_JS)["scene"], timeout_s=15)
    assert back, page.evaluate(_LAYOUT_JS)["scene"]
    assert leaflet_frame(page).evaluate("() => window.__scr_mark") == 1
    assert_no_exception(page)


def test_outage_keeps_the_last_figures_with_a_notice_then_recovers(
    browser_session: BrowserSession,
    pg_database_factory: Callable[[], str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """PostgreSQL refuses connections while the wall is showing, then takes them again."""
    url = pg_database_factory()
    migrate(url)
    with session_scope(get_engine(url)) as session:
        load_sample(session)
        set_meta(session, "seeded", "1")
    get_engine(url).dispose()
    name = url.rsplit("/", 1)[1]
    monkeypatch.setenv("SCREEN_REFRESH", "3")  # the server under test refreshes every 3 s
    server = start_server(url, "screen_outage")
    page = browser_session.page
    admin = psycopg.connect(
        host=PG_HOST, port=PG_PORT, user=PG_USER, dbname=PG_ADMIN_DB, autocommit=True
    )
    try:
        page.set_viewport_size({"width": 1920, "height": 1080})
        goto(page, server.url("/screen?interval=600"))
        before = page.locator(".scr-value").all_inner_texts()
        assert before and before[0].startswith("120"), before  # the carriers card
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
        )
        notice = poll(
            lambda: "数据连接中断，显示" in page.locator(".scr-meta").inner_text(), timeout_s=60
        )
        assert notice, page.locator(".scr-meta").inner_text()
        assert page.locator(".scr-value").all_inner_texts() == before
        assert_no_exception(page)
        body = page.locator("body").inner_text()
        assert "参考编号" not in body and "psycopg" not in body and str(PG_PORT) not in body
        assert leaflet_frame(page).evaluate("() => 1") == 1  # the map is still there
        screenshot(page, "screen_outage_1920x1080")
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        back = poll(lambda: not page.locator(".scr-warn").count(), timeout_s=60)
        assert back, page.locator(".scr-meta").inner_text()
        assert page.locator(".scr-value").all_inner_texts() == before
    finally:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        admin.close()
        stop_server(server.process)


def test_the_wall_launcher_never_flashes_white(
    app_server: AppServer, browser_session: BrowserSession
) -> None:
    """From the first paint to the first scene, every sample of the screen is dark."""
    page = browser_session.page
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(
        app_server.url("/app/static/screen.html?lang=en&scenes=spotlight"), wait_until="commit"
    )
    seen = []
    shown = None
    for _ in range(200):
        state = page.evaluate(
            """() => {
              const f = document.getElementById('wall');
              if (!f) return {bg: getComputedStyle(document.body).backgroundColor, shown: false};
              const shown = getComputedStyle(f).visibility === 'visible';
              let inner = null;
              try {
                const app = f.contentDocument.querySelector('.stApp');
                inner = app ? getComputedStyle(app).backgroundColor : null;
              } catch (e) {}
              return {bg: getComputedStyle(document.body).backgroundColor, shown, inner};
            }"""
        )
        seen.append(state)
        if state["shown"]:
            shown = state
            break
        page.wait_for_timeout(100)
    assert shown is not None, seen[-3:]
    assert all(s["bg"] == "rgb(6, 20, 43)" for s in seen), seen
    assert shown["inner"] == "rgb(6, 20, 43)", shown  # revealed only once dark
    frame = page.frame_locator("#wall")
    assert "Carrier spotlight 1/1" in frame.locator(".scr-scene").inner_text()
    screenshot(page, "screen_launcher_1366x768")
    assert not browser_session.external_requests, browser_session.external_requests

"""The map page draws the whole offline map: zones, legend and every carrier, no CDN.

What a person sees at 1366×768: a Leaflet map (vector zones on the canvas renderer), a
legend naming the stages and Shibei park, well over a hundred carrier dots, and no error
box. The browser must not contact any host but the app (the default basemap is "none").
"""

from __future__ import annotations

import pytest
from e2e_support import (
    MAP_PATH,
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


def test_map_draws_offline(app_server: AppServer, browser_session: BrowserSession) -> None:
    page = browser_session.page
    goto(page, app_server.url(MAP_PATH))
    frame = leaflet_frame(page)

    carriers = poll(lambda: count_features(frame, "carrier") > 100 and count_features(frame))
    assert carriers, f"carrier layer not drawn: {count_features(frame)} carriers on the map"

    # Zones are vectors: SVG paths, or (prefer_canvas) a canvas in the overlay pane.
    paths = frame.locator(".leaflet-overlay-pane path").count()
    canvases = frame.locator(".leaflet-overlay-pane canvas").count()
    assert paths > 0 or canvases > 0, "no vector layer (zones, context) drawn"
    box = frame.locator(".leaflet-container").bounding_box()
    assert box is not None and box["width"] > 500 and box["height"] > 400, box

    legend = frame.locator(".geo-legend").inner_text()
    for word in ("众创空间", "孵化器", "市北"):
        assert word in legend, f"legend lacks {word!r}: {legend!r}"

    caption = page.get_by_text("个载体").first.inner_text()
    assert str(carriers) in caption, f"caption {caption!r} vs {carriers} carriers drawn"

    page.wait_for_timeout(500)  # let the canvas finish painting before the picture
    screenshot(page, "map_1366x768")
    assert_no_exception(page)
    assert browser_session.external_requests == [], browser_session.external_requests
    assert browser_session.console_errors == [], browser_session.console_errors

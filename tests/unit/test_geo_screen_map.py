"""The big screen's zone overlay: shaded by occupancy, labelled, names escaped."""

from __future__ import annotations

import folium
import pandas as pd
import pytest

from geo.maps import render_html
from geo.screen_map import add_dark_frame, occupancy_color, zone_occupancy_layer
from geo.zones import build_zones


def test_fuller_zones_are_brighter_and_no_rate_is_grey() -> None:
    low, high = occupancy_color(0.6), occupancy_color(1.0)
    assert (low, high) == ("#1f3b73", "#28f8ff")  # the two ends of the ramp
    assert occupancy_color(0.2) == low and occupancy_color(1.3) == high  # clamped
    assert occupancy_color(None) == "#5a6b85"


def test_each_zone_is_labelled_with_its_rate_and_names_are_escaped() -> None:
    zones = build_zones()
    zones.loc[zones["code"] == "shibei", "name_en"] = "<b>${x}</b>"
    layer = zone_occupancy_layer(zones, {"shibei": 0.85}, lang="en", rate_text={"shibei": "85.0%"})
    m = add_dark_frame(folium.Map(tiles=None), tuple(zones.total_bounds))  # type: ignore[arg-type]
    layer.add_to(m)
    html = render_html(m)
    # folium writes the GeoJSON as JSON, so the entities appear \u0026-encoded.
    assert r"\u0026lt;b\u0026gt;\u0026#36;\u0026#123;x\u0026#125;" in html
    assert r"\u003cbr\u003e85.0%" in html
    assert "<b>${x}" not in html
    assert html.count("scr-zone-label") >= 2  # the CSS and the tooltip option
    assert "fitBounds" in html and "#0b1d3a" in html


def test_refuses_a_plain_frame() -> None:
    plain = pd.DataFrame(build_zones().drop(columns="geometry"))
    with pytest.raises(TypeError):
        zone_occupancy_layer(plain, {}, lang="zh", rate_text={})  # type: ignore[arg-type]


def test_the_walls_legend_lists_stages_not_the_zones_named_on_the_map() -> None:
    """Admin QA: five long zone names widened the wall's legend over the zone labels."""
    from geo.screen_map import screen_base_map
    from geo.zones import build_context

    zones = build_zones()
    labels = {"legend_title": "Legend", "incubator": "Incubator", "shibei": "Shibei Park XYZ"}
    html = render_html(screen_base_map(zones, build_context(), labels=labels, lang="en"))
    legend = html[html.index("geo-legend-title") :]
    assert "Incubator" in legend and "Shibei Park XYZ" not in legend

"""The generated map a leader reads (issue 8 §1), asserted on its Leaflet JS/HTML text.

Zone names on the map, zones drawn without stage colours, a converted project marked on
its carrier (a ring, no second diamond on top), overlapping dots spread in the browser,
a collapsible legend, a map that fills its frame and follows the filter.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import folium
import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely.geometry import Point

from geo.assets import STATIC_DIR
from geo.conversion import conversion_geojson, converted_carriers
from geo.labels import default_labels
from geo.layers import SPREAD_PX, carriers_geojson, highlight_layer
from geo.legend import legend_html
from geo.maps import explorer_map, render_html, zone_label_items
from geo.packed import pack_points, unpack_points
from geo.selection import (
    CarrierFilter,
    filter_conversions,
    follow_extent,
    is_unfiltered,
    view_bounds,
)
from geo.style import CONVERSION_COLOR, STAGE_COLORS, STAGES, ZONE_STYLES
from geo.zones import build_zones, zone_label_points

ZONE_NAMES_ZH = {
    "shibei": "市北高新园区",
    "belt_njw": "南京西路商务创新集聚带",
    "belt_szr": "苏州河两岸文化创意集聚带",
    "belt_mrr": "中环两侧科技创新集聚带",
}


@pytest.fixture()
def carriers() -> gpd.GeoDataFrame:
    """Three carriers: two at the very same spot, one made by a conversion project."""
    return gpd.GeoDataFrame(
        {
            "id": [1, 2, 3],
            "name_zh": ["800秀创意园", "同乐坊", "聚能湾"],
            "name_en": ["800 Show", "Tongle Fang", "Juneng Bay"],
            "stage": ["public_space", "nursery", "incubator"],
            "occupancy_rate": [0.5, 0.9, None],
        },
        geometry=[Point(121.4398, 31.2358), Point(121.4398, 31.2358), Point(121.451, 31.300)],
        crs="EPSG:4326",
    )


@pytest.fixture()
def projects() -> gpd.GeoDataFrame:
    """One project that became carrier 1, one still being planned."""
    return gpd.GeoDataFrame(
        {
            "id": [7, 8],
            "name_zh": ["800秀创意园改造项目", "老厂房改造"],
            "name_en": ["800 Show conversion", "Old factory"],
            "status": ["operating", "planning"],
            "target_stage": ["public_space", "incubator"],
            "address": ["常德路800号", "江场路1号"],
            "carrier_id": [1, None],
            "lon": [121.4398, 121.447],
            "lat": [31.2358, 31.296],
        },
        geometry=[Point(121.4398, 31.2358), Point(121.447, 31.296)],
        crs="EPSG:4326",
    )


def _explorer_html(carriers: gpd.GeoDataFrame, projects: gpd.GeoDataFrame, **kw: object) -> str:
    labels = dict(default_labels("zh"))
    rings = converted_carriers(pd.DataFrame(projects.drop(columns="geometry")), lang="zh")
    fc = carriers_geojson(carriers, lang="zh", labels=labels, converted=rings)
    base, layers = explorer_map(
        carriers_fc=fc,
        conversions=projects,
        labels=labels,
        lang="zh",
        **kw,  # type: ignore[arg-type]
    )
    for layer in layers:
        base.add_child(layer)
    return render_html(base)


def _zone_label_items_in(html: str) -> list[dict]:
    match = re.search(r"geoMap\.zoneLabels\([^,]+,\s*(\[.*?\]),\s*\"geoZoneLabels\"", html, re.S)
    assert match, "no zone labels in the map"
    items: list[dict] = json.loads(match.group(1))
    return items


def test_zones_are_named_on_the_map_inside_their_polygons(carriers, projects) -> None:
    html = _explorer_html(carriers, projects)
    items = _zone_label_items_in(html)
    assert {i["code"]: i["name"] for i in items} == ZONE_NAMES_ZH
    zones = build_zones().set_index("code")
    for item in items:
        assert zones.loc[item["code"], "geometry"].contains(Point(item["lon"], item["lat"]))
        assert item["short"] and len(item["short"]) < len(item["name"])
    # Text goes in with textContent, never as HTML; the labels never catch a click.
    js = (STATIC_DIR / "js" / "geo_map.js").read_text(encoding="utf-8")
    assert "long.textContent = item.name" in js and "interactive: false" in js
    assert 'p.style.pointerEvents = "none"' in js


def test_zone_labels_in_english_and_in_the_amap_datum() -> None:
    en = {i["code"]: i["name"] for i in zone_label_items(default_labels("en"), "en", False)}
    assert en["belt_szr"] == "Suzhou River creative belt"
    plain = {i["code"]: (i["lon"], i["lat"]) for i in zone_label_items(None, "zh", False)}
    shifted = {i["code"]: (i["lon"], i["lat"]) for i in zone_label_items(None, "zh", True)}
    for code, (lon, lat) in plain.items():
        # GCJ-02 is ~0.5 km east-south-east of WGS-84 in Jing'an.
        assert 0.003 < shifted[code][0] - lon < 0.006 and -0.004 < shifted[code][1] - lat < 0


def test_label_points_are_representative_points_off_the_overlaps() -> None:
    zones = build_zones().set_index("code")
    others = {
        c: shapely.union_all(zones.drop(index=[c, "district"]).geometry.to_numpy())
        for c in ZONE_NAMES_ZH
    }
    for code, lon, lat in zone_label_points():
        point = Point(lon, lat)
        assert zones.loc[code, "geometry"].contains(point)
        assert not others[code].contains(point), f"{code} label sits on another zone"


def test_no_stage_colour_in_any_zone_style_of_the_page(carriers, projects) -> None:
    html = _explorer_html(carriers, projects)
    styles = re.findall(r'"code":\s*"\w+"[^{}]*?"style":\s*(\{[^{}]*\})', html)
    assert len(styles) == len(ZONE_STYLES)
    stage = {c.lower() for c in STAGE_COLORS.values()}
    for style in styles:
        values = {str(v).lower() for v in json.loads(style).values()}
        assert not values & stage, style


def test_a_converted_project_is_a_ring_on_its_carrier_not_a_second_diamond(
    carriers, projects
) -> None:
    fc = conversion_geojson(projects, lang="zh")
    assert [f["properties"]["id"] for f in fc["features"]] == [8]
    every = conversion_geojson(projects, lang="zh", skip_linked=False)  # a projects-only map
    assert [f["properties"]["id"] for f in every["features"]] == [7, 8]
    rings = converted_carriers(pd.DataFrame(projects.drop(columns="geometry")), lang="zh")
    assert rings == {1: "800秀创意园改造项目"}
    cfc = carriers_geojson(carriers, lang="zh", converted=rings)
    props = {f["properties"]["id"]: f["properties"] for f in cfc["features"]}
    assert props[1]["conv"] == "800秀创意园改造项目" and props[2]["conv"] == ""
    assert "改造项目" in props[1]["tip"] and "改造" not in props[2]["tip"]
    assert unpack_points(pack_points(cfc)) == cfc
    html = _explorer_html(carriers, projects)
    # The carrier's own click target carries the ring: a thick vermillion rim.
    assert f'color: conv ? "{CONVERSION_COLOR}"' in html
    assert "800秀创意园改造项目" in html  # in the carrier's tooltip, not as a diamond


def test_converted_carrier_names_are_escaped(carriers) -> None:
    fc = carriers_geojson(carriers, lang="zh", converted={1: "<img src=x onerror=alert(1)>"})
    tip = fc["features"][0]["properties"]["tip"]
    assert "<img" not in tip and "&lt;img" in tip


def test_points_spread_in_the_browser_for_both_point_layers(carriers, projects) -> None:
    html = _explorer_html(carriers, projects)
    assert html.count(f", {SPREAD_PX}); }}") == 2, "carriers and projects must both spread"
    assert "/app/static/js/geo_map.js" in html
    assert SPREAD_PX > 2 * 6  # a dot's diameter plus a gap


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_spread_pulls_coincident_points_apart_deterministically() -> None:
    js = (STATIC_DIR / "js" / "geo_map.js").read_text(encoding="utf-8")
    pts = [{"x": 100, "y": 100}] * 5 + [{"x": 104, "y": 101}, {"x": 400, "y": 400}]
    script = (
        f"{js}\nconsole.log(JSON.stringify(globalThis.geoMap.spreadPixels({json.dumps(pts)}, 16)));"
    )
    runs = [
        json.loads(
            subprocess.run(
                ["node", "-e", script], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(2)
    ]
    assert runs[0] == runs[1]
    out = runs[0]
    for i in range(len(out)):
        for j in range(i + 1, len(out)):
            d = ((out[i]["x"] - out[j]["x"]) ** 2 + (out[i]["y"] - out[j]["y"]) ** 2) ** 0.5
            assert d >= 16 - 1e-6, (i, j, d)
    assert out[-1] == {"x": 400, "y": 400}  # a lone point stays where it is
    assert max(abs(p["x"] - 100) + abs(p["y"] - 100) for p in out[:6]) < 40


def test_legend_collapses_and_lists_the_ring(carriers, projects) -> None:
    html = _explorer_html(carriers, projects)
    assert "geo-legend-toggle" in html and "geo-collapsed" in html
    assert "map.getSize().x < 480" in html  # phones start with the legend folded
    assert "geo-ring" in html
    assert "由闲置载体改造建成" in legend_html(default_labels("zh"), ["shibei"])


def test_map_fills_its_frame_follows_the_filter_and_refits_on_full_screen(
    carriers, projects
) -> None:
    html = _explorer_html(carriers, projects, fit_to=(121.44, 31.23, 121.45, 31.24))
    assert "#map_div,.folium-map{height:100vh !important" in html
    assert "geoMap.follow(" in html and "[[31.23, 121.44], [31.24, 121.45]]" in html
    assert "geoMap.refitOnFullscreen(" in html
    assert "imperial: false" in html and "imperial: true" not in html  # km, never miles
    js = (STATIC_DIR / "js" / "geo_map.js").read_text(encoding="utf-8")
    # Dragging or zooming by hand stops the automatic fitting.
    assert 'map.on("dragstart", mark)' in js and "if (!map._geoUserMoved)" in js


def test_highlight_ring_never_catches_a_click() -> None:
    m = folium.Map(tiles=None, max_zoom=19)
    highlight_layer(121.44, 31.23, carrier_id=5).add_to(m)
    html = m.get_root().render()
    assert "interactive: false" in html and "geoMap.highlight(ring, 5)" in html


def test_filters_apply_to_conversion_projects(projects) -> None:
    frame = pd.DataFrame(projects.drop(columns="geometry"))
    assert len(filter_conversions(frame, CarrierFilter())) == 2
    by_stage = filter_conversions(frame, CarrierFilter(stages=frozenset({"incubator"})))
    assert by_stage["id"].tolist() == [8]
    in_shibei = filter_conversions(frame, CarrierFilter(zones=frozenset({"shibei"})))
    assert in_shibei["id"].tolist() == [8]
    assert filter_conversions(frame, CarrierFilter(text="常德路"))["id"].tolist() == [7]
    # No tenants and no occupancy yet: an industry or occupancy filter leaves no project.
    assert filter_conversions(frame, CarrierFilter(industries=frozenset({"ai"}))).empty
    assert filter_conversions(frame, CarrierFilter(occupancy_pct=(50, 100))).empty


def test_view_bounds_and_unfiltered() -> None:
    a = pd.DataFrame({"lon": [121.44, 121.45], "lat": [31.23, 31.25]})
    b = pd.DataFrame({"lon": [121.46], "lat": [31.22]})
    assert view_bounds(a, b) == (121.44, 31.22, 121.46, 31.25)
    assert view_bounds(pd.DataFrame(columns=["lon", "lat"])) is None
    assert is_unfiltered(CarrierFilter()) and is_unfiltered(CarrierFilter(text="  "))
    assert not is_unfiltered(CarrierFilter(stages=frozenset(STAGES[:1])))


def test_follow_extent_skips_projects_drawn_on_their_carrier(projects) -> None:
    frame = pd.DataFrame(projects.drop(columns="geometry"))
    carriers = pd.DataFrame({"lon": [121.44], "lat": [31.23]})
    assert follow_extent(carriers, frame, CarrierFilter()) is None
    flt = CarrierFilter(text="x")
    assert follow_extent(carriers, frame, flt) == (121.44, 31.23, 121.447, 31.296)


def test_zones_shaded_by_occupancy_with_their_own_legend(carriers, projects) -> None:
    from geo.style import OCCUPANCY_INK, occupancy_fill

    plain = _explorer_html(carriers, projects)
    assert OCCUPANCY_INK not in plain and "片区出租率" not in legend_html(default_labels("zh"), [])
    shaded = _explorer_html(
        carriers, projects, zone_occupancy={"shibei": 0.95, "belt_njw": 0.55, "belt_szr": None}
    )
    styles = dict(re.findall(r'"code":\s*"(\w+)"[^{}]*?"style":\s*(\{[^{}]*\})', shaded))
    assert json.loads(styles["shibei"])["fillOpacity"] == 0.30
    assert json.loads(styles["belt_njw"])["fillOpacity"] == 0.04
    assert json.loads(styles["belt_szr"]) == dict(ZONE_STYLES["belt_szr"])  # no figure
    assert json.loads(styles["belt_mrr"]) == dict(ZONE_STYLES["belt_mrr"])
    tip = re.search(r'"code":\s*"shibei".*?"tip":\s*("(?:[^"\\]|\\.)*")', shaded, re.S)
    assert tip and "出租率 95.0%" in json.loads(tip.group(1))
    scale = legend_html(default_labels("zh"), [], occupancy_scale=True)
    assert "片区出租率" in scale and "≥ 90%" in scale and "&lt; 60%" in scale
    assert occupancy_fill(float("nan")) is None and occupancy_fill(None) is None
    assert occupancy_fill(True) is None


def test_zone_names_can_be_left_to_a_caller_that_draws_its_own() -> None:
    """The big screen labels zones with their rates: the base map then adds none."""
    from geo.maps import build_base_map
    from geo.zones import build_context, build_zones

    kwargs = {"zones": build_zones(), "context": build_context(), "labels": {}, "lang": "zh"}
    with_names = build_base_map(**kwargs).get_root().render()
    without = build_base_map(**kwargs, zone_labels=False).get_root().render()
    assert "window.geoMap.zoneLabels(" in with_names
    assert "window.geoMap.zoneLabels(" not in without

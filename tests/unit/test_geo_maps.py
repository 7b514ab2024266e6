"""Tests for geo.maps, geo.layers, geo.legend and geo.packed: rendered map HTML."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import folium
import geopandas as gpd
import pytest
from pyproj import Geod
from shapely.geometry import Point, box

from geo.assets import LEAFLET_IMAGES, LEAFLET_JS, assert_offline
from geo.conversion import conversion_layer
from geo.labels import default_labels
from geo.layers import carrier_layer, carriers_geojson
from geo.maps import add_layers, basemap_needs_gcj02, basemap_tiles_url, build_base_map, render_html
from geo.packed import UNPACK_JS, pack_points, packed_json, unpack_points
from geo.style import STAGE_COLORS, STAGES
from geo.zones import build_context, build_zones

XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_TPL = "${alert(1)}"
JINJA = "{{ 7*7 }}"


@pytest.fixture()
def carriers() -> gpd.GeoDataFrame:
    """Four carriers, one per stage, with hostile names (WGS-84)."""
    return gpd.GeoDataFrame(
        {
            "id": [1, 2, 3, 4],
            "name_zh": [XSS_IMG, f"空间 {XSS_TPL}", "O`Brien 空间", f"模板 {JINJA}"],
            "name_en": ["img", "tpl", "O`Brien space", "back\\slash"],
            "stage": list(STAGES),
            "address": ["a", "b", "c", "d"],
            "occupancy_rate": [0.734, None, float("nan"), 1.0],
            "belts": [["belt_njw"], "belt_szr,belt_njw", [], []],
            "park": [None, None, "shibei", None],
        },
        geometry=[
            Point(121.4455, 31.2235),
            Point(121.4669, 31.2423),
            Point(121.451, 31.300),
            Point(121.446, 31.273),
        ],
        crs="EPSG:4326",
    )


@pytest.fixture()
def projects() -> gpd.GeoDataFrame:
    """One conversion project with a hostile name."""
    return gpd.GeoDataFrame(
        {
            "id": [9],
            "name_zh": [f"老厂房 {XSS_IMG}"],
            "name_en": ["Old factory"],
            "status": ["planning"],
            "original_use": ["old_factory"],
            "address": ["江场路`1398号"],
        },
        geometry=[Point(121.447, 31.296)],
        crs="EPSG:4326",
    )


def _labels() -> dict[str, str]:
    labels = dict(default_labels("en"))
    labels.update({s: f"STAGE-{i}-{s.upper()}" for i, s in enumerate(STAGES)})
    labels["legend_title"] = "MY LEGEND"
    return labels


def _full_map(carriers: gpd.GeoDataFrame, projects: gpd.GeoDataFrame, basemap: str = "none"):
    gcj = basemap_needs_gcj02(basemap)
    m = build_base_map(
        zones=build_zones(), context=build_context(), labels=_labels(), lang="en", basemap=basemap
    )
    fc = carriers_geojson(carriers, lang="zh", gcj02=gcj)
    add_layers(
        m,
        carrier_layer(fc, name="Carriers"),
        conversion_layer(projects, lang="zh", gcj02=gcj, name="Conversions"),
    )
    return m


def test_all_layers_are_in_the_html_and_it_is_offline(carriers, projects) -> None:
    html = render_html(_full_map(carriers, projects))
    assert_offline(html)
    for text in (
        "Nanjing West Road Business Innovation Belt",
        "Shibei High-Tech Park",
        "Carriers",
        "Conversions",
        "River and roads",
        "L.control.layers",
        "L.circleMarker",
        "L.divIcon",
        "requestFullscreen",
        "geo-legend",
    ):
        assert text in html, text
    assert f'<script src="{LEAFLET_JS}">' in html
    assert f"L.Icon.Default.imagePath = {json.dumps(LEAFLET_IMAGES)}" in html
    # The layer control must come after every layer it references.
    assert html.index("L.control.layers") > html.rindex("L.geoJson(")


def test_default_folium_map_is_not_offline_and_defaults_are_not_mutated(carriers, projects) -> None:
    before = list(folium.Map.default_js)
    render_html(_full_map(carriers, projects))
    assert folium.Map.default_js == before
    assert any("cdn.jsdelivr.net" in url for _, url in folium.Map.default_js)
    with pytest.raises(ValueError, match=r"cdn\.jsdelivr\.net"):
        assert_offline(folium.Map().get_root().render())


def test_assert_offline_allow_list_and_protocol_relative() -> None:
    html = '<script src="//evil.example.com/x.js"></script><img src="https://t.example/1.png">'
    with pytest.raises(ValueError) as err:
        assert_offline(html)
    assert "//evil.example.com/x.js" in str(err.value) and "https://t.example/1.png" in str(
        err.value
    )
    with pytest.raises(ValueError, match="evil"):
        assert_offline(html, allowed=["https://t.example/"])
    assert_offline('<script src="/app/static/vendor/leaflet/leaflet.js"></script> // a comment')


def test_osm_basemap_is_only_allowed_when_listed(carriers, projects) -> None:
    html = render_html(_full_map(carriers, projects, basemap="osm"))
    with pytest.raises(ValueError, match=r"tile\.openstreetmap\.org"):
        assert_offline(html)
    assert_offline(html, allowed=[basemap_tiles_url("osm") or ""])


def test_amap_tiles_url_survives_json_escaping(carriers, projects) -> None:
    html = render_html(_full_map(carriers, projects, basemap="amap"))
    assert_offline(html, allowed=[basemap_tiles_url("amap") or ""])


def test_custom_basemap_needs_a_template() -> None:
    with pytest.raises(ValueError):
        basemap_tiles_url("custom", None)
    url = "http://tiles.intranet/{z}/{x}/{y}.png"
    assert basemap_tiles_url("custom", url) == url
    assert not basemap_needs_gcj02("custom")
    with pytest.raises(ValueError):
        basemap_needs_gcj02("google")


def test_xss_payloads_appear_only_escaped(carriers, projects) -> None:
    html = render_html(_full_map(carriers, projects))
    assert XSS_IMG not in html
    assert XSS_TPL not in html
    assert "O`Brien" not in html
    assert "back\\slash" not in html
    assert "O\\u0026#96;Brien" in html  # escaped entity, JSON-escaped "&"
    # folium re-renders output as a Jinja template: the payload must not be evaluated.
    assert "模板 49" not in html
    assert "\\u0026#123;\\u0026#123; 7*7" in html


def test_hostile_layer_name_is_escaped() -> None:
    fc = {"type": "FeatureCollection", "features": []}
    m = folium.Map(tiles=None)
    carrier_layer(fc, name=XSS_IMG).add_to(m)
    folium.LayerControl().add_to(m)
    assert XSS_IMG not in render_html(m)


def test_legend_lists_the_stage_labels_passed_in(carriers, projects) -> None:
    html = render_html(_full_map(carriers, projects))
    for i, stage in enumerate(STAGES):
        assert f"STAGE-{i}-{stage.upper()}" in html
        assert STAGE_COLORS[stage] in html
    assert "MY LEGEND" in html


def test_amap_shifts_carriers_half_a_kilometre_ese(carriers) -> None:
    plain = carriers_geojson(carriers, lang="en")
    shifted = carriers_geojson(carriers, lang="en", gcj02=True)
    geod = Geod(ellps="WGS84")
    for a, b in zip(plain["features"], shifted["features"], strict=True):
        (x0, y0), (x1, y1) = a["geometry"]["coordinates"], b["geometry"]["coordinates"]
        azimuth, _, dist = geod.inv(x0, y0, x1, y1)
        assert 470 <= dist <= 495 and 100 <= azimuth <= 125


def test_amap_base_map_shifts_zones_too(carriers, projects) -> None:
    def bounds(html: str) -> list[float]:
        match = re.search(r"fitBounds\(\s*(\[\[.*?\]\])", html, re.S)
        assert match
        return [v for pair in json.loads(match.group(1)) for v in pair]

    none = bounds(render_html(_full_map(carriers, projects)))
    amap = bounds(render_html(_full_map(carriers, projects, basemap="amap")))
    assert amap[1] - none[1] == pytest.approx(0.0045, abs=0.0008)  # ~0.45 km east
    assert amap[0] - none[0] == pytest.approx(-0.0019, abs=0.0006)  # ~0.2 km south


def test_carrier_properties(carriers) -> None:
    fc = carriers_geojson(carriers, lang="zh")
    props = [f["properties"] for f in fc["features"]]
    assert [p["id"] for p in props] == [1, 2, 3, 4]
    assert [p["occ"] for p in props] == [73, None, None, 100]
    assert [p["color"] for p in props] == [STAGE_COLORS[s] for s in STAGES]
    assert props[0]["name"] == "&lt;img src=x onerror=alert(1)&gt;"
    # One decimal, as the detail panel shows it (user QA: "90%" beside "89.6%").
    assert props[0]["tip"] == f"<b>{props[0]['name']}</b><br>众创空间 · 出租率 73.4%"
    assert "无数据" in props[1]["tip"]
    assert (
        carriers_geojson(carriers, lang="en")["features"][3]["properties"]["name"]
        == "back&#92;slash"
    )


def test_carriers_geojson_input_handling(carriers) -> None:
    odd = carriers.copy()
    odd.loc[0, "geometry"] = box(121.44, 31.22, 121.45, 31.23)  # footprint
    odd.loc[1, "geometry"] = None
    fc = carriers_geojson(odd.to_crs("EPSG:32651"), lang="en")
    assert [f["properties"]["id"] for f in fc["features"]] == [1, 3, 4]
    x, y = fc["features"][0]["geometry"]["coordinates"]
    assert 121.44 < x < 121.45 and 31.22 < y < 31.23
    bad = carriers.copy()
    bad.loc[0, "stage"] = "unicorn"
    with pytest.raises(ValueError, match="unicorn"):
        carriers_geojson(bad, lang="en")
    with pytest.raises(ValueError):
        carriers_geojson(carriers.drop(columns="stage"), lang="en")
    with pytest.raises(TypeError):
        carriers_geojson(carriers.drop(columns="geometry"), lang="en")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        carrier_layer([], name="x")  # type: ignore[arg-type]


def test_packing_is_lossless_and_compact(carriers) -> None:
    big = gpd.GeoDataFrame(
        {
            "id": range(40),
            "name_zh": [f"空间{i}" for i in range(40)],
            "name_en": "x",
            "stage": [STAGES[i % 4] for i in range(40)],
            "occupancy_rate": 0.5,
        },
        geometry=[Point(121.44 + i / 1000, 31.25) for i in range(40)],
        crs="EPSG:4326",
    )
    for frame in (carriers, big):
        fc = carriers_geojson(frame, lang="zh")
        packed = pack_points(fc)
        assert unpack_points(json.loads(packed_json(packed))) == fc
    packed = pack_points(carriers_geojson(big, lang="zh"))
    assert "d" in packed["cols"]["stage"] and "t" in packed["cols"]["tip"]
    assert len(packed_json(packed)) < len(json.dumps(carriers_geojson(big, lang="zh"))) / 2
    mixed = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"a": 1},
                "geometry": box(0, 0, 1, 1).__geo_interface__,
            }
        ],
    }
    assert pack_points(mixed) == {"fc": mixed}


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_browser_unpack_matches_python(carriers) -> None:
    fc = carriers_geojson(carriers, lang="zh")
    script = (
        f"const u = ({UNPACK_JS}); console.log(JSON.stringify(u({packed_json(pack_points(fc))})));"
    )
    out = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == fc


def test_highlight_ring_follows_the_basemap_datum() -> None:
    import folium

    from geo.crs import wgs84_to_gcj02
    from geo.layers import highlight_layer

    def rendered(gcj02: bool) -> str:
        m = folium.Map(tiles=None, max_zoom=19)
        highlight_layer(121.451, 31.300, gcj02=gcj02).add_to(m)
        return m.get_root().render().replace(" ", "").replace("\n", "")

    assert "[31.3,121.451]" in rendered(False)
    lon, lat = wgs84_to_gcj02(121.451, 31.300)
    shifted = rendered(True)
    # GCJ-02 sits east of WGS-84 in Shanghai: the ring moves with the AMap tiles.
    assert "[31.3,121.451]" not in shifted
    assert f"{lon}"[:9] in shifted and f"{lat}"[:8] in shifted


def test_explorer_map_loads_only_local_scripts_and_refuses_cdn_plugins() -> None:
    import folium.plugins
    import geopandas as gpd
    import pytest
    from shapely.geometry import Point

    from geo.assets import assert_local_assets, script_links
    from geo.layers import carriers_geojson
    from geo.maps import explorer_map

    carriers = gpd.GeoDataFrame(
        {"id": [1], "name_zh": ["甲"], "name_en": ["A"], "stage": ["incubator"]},
        geometry=[Point(121.451, 31.30)],
        crs="EPSG:4326",
    )
    projects = gpd.GeoDataFrame(
        {"id": [1], "name_zh": ["乙"], "name_en": ["B"], "status": ["planning"]},
        geometry=[Point(121.44, 31.24)],
        crs="EPSG:4326",
    )
    base, layers = explorer_map(
        carriers_fc=carriers_geojson(carriers, lang="zh"),
        conversions=projects,
        labels={},
        lang="zh",
        selected=(121.451, 31.30),
    )
    links = script_links(base, *layers)
    assert links and all(u.startswith("/app/static/") for u in links), links
    folium.plugins.Fullscreen().add_to(base)  # pulls its script from a CDN
    with pytest.raises(ValueError, match="remote"):
        assert_local_assets(base)


def test_layers_packed_ahead_draw_the_same_page(carriers, projects) -> None:
    """The map page caches pack_carriers / pack_conversions; the page must not change."""
    import re

    from geo.conversion import pack_conversions
    from geo.layers import pack_carriers

    def page(fc: object, conv: object) -> str:
        m = build_base_map(
            zones=build_zones(), context=build_context(), labels=_labels(), lang="zh"
        )
        add_layers(
            m,
            carrier_layer(fc, name="Carriers"),  # type: ignore[arg-type]
            conversion_layer(conv, lang="zh", name="Conversions"),  # type: ignore[arg-type]
        )
        return re.sub(r"_[0-9a-f]{32}", "_ID", render_html(m))

    fc = carriers_geojson(carriers, lang="zh")
    plain = page(fc, projects)
    assert page(pack_carriers(fc), pack_conversions(projects, lang="zh")) == plain
    assert XSS_IMG not in plain  # escaped on both paths alike

"""Map layers exported as GeoJSON: WGS-84 lon/lat, stored values, the filter respected."""

from __future__ import annotations

import json
from datetime import date

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geo.export_layers import layer_geojson, layer_geojson_bytes
from geo.zones import build_zones

CARRIERS = pd.DataFrame(
    {
        "id": [1, 2, 3],
        "name_zh": ["聚能湾", '=HYPERLINK("x")', "无坐标"],
        "name_en": ["Energy Gathering Bay", "", ""],
        "stage": ["incubator", "public_space", "nursery"],
        "total_area_m2": [12000.0, 800.0, 500.0],
        "occupancy_rate": [0.835, float("nan"), 0.5],
        "report_month": [date(2026, 10, 1), None, None],
        "used": [True, False, True],
        "lon": [121.4550123456, 121.46, None],
        "lat": [31.2890987654, 31.25, 31.27],
        "secret_column": ["not exported", "x", "y"],
    }
)


def features(data: bytes) -> list[dict]:
    fc = json.loads(data.decode("utf-8"))
    assert fc["type"] == "FeatureCollection" and "crs" not in fc  # RFC 7946: WGS-84
    return fc["features"]


def test_carriers_are_points_in_wgs84_with_their_stored_values() -> None:
    got = features(layer_geojson_bytes("carriers", CARRIERS))
    # Carrier 3 has no position: left out rather than put at (0, 0).
    assert [f["properties"]["id"] for f in got] == [1, 2]
    first = got[0]
    # WGS-84 as stored (not shifted to GCJ-02 for AMap), rounded to 7 decimals (~1 cm).
    assert first["geometry"] == {"type": "Point", "coordinates": [121.4550123, 31.2890988]}
    assert first["properties"]["name_zh"] == "聚能湾"
    assert first["properties"]["occupancy_rate"] == 0.835
    assert first["properties"]["report_month"] == "2026-10-01"
    assert "secret_column" not in first["properties"]
    # No usable report: null, never 0 or NaN (NaN is not JSON).
    assert got[1]["properties"]["occupancy_rate"] is None
    assert got[1]["properties"]["name_zh"] == '=HYPERLINK("x")'  # data, not a spreadsheet


def test_file_is_utf8_with_readable_chinese() -> None:
    data = layer_geojson_bytes("carriers", CARRIERS)
    assert "聚能湾".encode() in data  # not \\u escapes
    assert b"NaN" not in data


def test_zones_are_the_polygons_the_map_draws() -> None:
    fc = layer_geojson("zones")
    codes = [f["properties"]["code"] for f in fc["features"]]
    assert codes == ["district", "shibei", "belt_njw", "belt_szr", "belt_mrr"]
    drawn = build_zones().set_index("code")
    for feature in fc["features"]:
        shape = shapely.geometry.shape(feature["geometry"])
        original = drawn.loc[feature["properties"]["code"], "geometry"]
        assert shape.geom_type in ("Polygon", "MultiPolygon")
        # Same shape to within rounding: no vertex moved more than ~1 cm (1e-7 degrees).
        assert shape.hausdorff_distance(original) < 1e-7
    district = shapely.geometry.shape(fc["features"][0]["geometry"])
    minx, miny, maxx, maxy = district.bounds
    # Jing'an in WGS-84: 121.414-121.478 E, 31.216-31.323 N (not GCJ-02, ~500 m ESE).
    assert 121.40 < minx < maxx < 121.49 and 31.20 < miny < maxy < 31.33
    metric = gpd.GeoSeries([district], crs=4326).to_crs(32651).area.iloc[0] / 1e6
    assert 30 < metric < 40  # ~36.8 km²


def test_projects_keep_status_and_dates() -> None:
    projects = pd.DataFrame(
        {
            "id": [7],
            "name_zh": ["老厂房改造"],
            "status": ["planning"],
            "planned_open": [date(2027, 3, 1)],
            "floor_area_m2": [5400.0],
            "carrier_id": [None],
            "lon": [121.44],
            "lat": [31.28],
        }
    )
    (feature,) = layer_geojson("projects", projects)["features"]
    assert feature["properties"] == {
        "id": 7,
        "name_zh": "老厂房改造",
        "status": "planning",
        "planned_open": "2027-03-01",
        "floor_area_m2": 5400.0,
        "carrier_id": None,
    }


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown layer"):
        layer_geojson("roads", CARRIERS)
    with pytest.raises(TypeError):
        layer_geojson("carriers", None)
    with pytest.raises(TypeError):
        layer_geojson("carriers", [1, 2])  # type: ignore[arg-type]
    assert layer_geojson("carriers", CARRIERS.iloc[0:0])["features"] == []


def test_the_zones_layer_exports_the_outlines_in_use_not_the_shipped_ones() -> None:
    """After an import the map draws stored outlines; a download clicked later (outside
    the page's run) must export those, so the page hands them over."""
    from shapely.geometry import box

    from geo.zones import use_zones

    stored = build_zones()
    stored.loc[stored["code"] == "shibei", "geometry"] = box(121.451, 31.283, 121.466, 31.294)
    clicked = layer_geojson("zones", stored)
    shibei = next(f for f in clicked["features"] if f["properties"]["code"] == "shibei")
    assert shibei["geometry"]["coordinates"][0][0][0] in (121.451, 121.466)
    use_zones(stored)  # inside a page run the drawn zones are the stored ones too
    try:
        during = layer_geojson("zones")
    finally:
        use_zones(None)
    assert during == clicked
    shipped = layer_geojson("zones")
    assert shipped != clicked

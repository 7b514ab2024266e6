"""The home page's small zone map: classes, labels, and geometry Streamlit can draw."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Polygon

from geo.compact_map import class_colours, compact_map_chart, occupancy_class

# Two square "zones" and a district frame around them, in WGS-84 near Jing'an.
ZONES = gpd.GeoDataFrame(
    {"code": ["district", "shibei", "belt_szr"]},
    geometry=[
        Polygon([(121.40, 31.20), (121.50, 31.20), (121.50, 31.32), (121.40, 31.32)]),
        Polygon([(121.44, 31.28), (121.46, 31.28), (121.46, 31.30), (121.44, 31.30)]),
        Polygon([(121.45, 31.23), (121.47, 31.23), (121.47, 31.25), (121.45, 31.25)]),
    ],
    crs="EPSG:4326",
)
POINTS = [("shibei", 121.45, 31.29), ("belt_szr", 121.46, 31.24)]


@pytest.mark.parametrize(
    ("rate", "expected"),
    [
        (0.0, "< 60%"),
        (0.5999, "< 60%"),
        (0.60, "60–70%"),
        (0.858, "80–90%"),
        (0.90, "≥ 90%"),
        (1.0, "≥ 90%"),
        (None, None),
        (float("nan"), None),
    ],
)
def test_a_rate_falls_in_the_map_pages_class(rate: float | None, expected: str | None) -> None:
    assert occupancy_class(rate) == expected


def test_fuller_classes_are_darker() -> None:
    texts, colours = class_colours()
    assert texts[0] == "< 60%" and texts[-1] == "≥ 90%"
    lightness = [sum(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in colours]
    assert lightness == sorted(lightness, reverse=True)
    assert len(set(colours)) == len(colours)


def _chart_dict() -> dict:
    chart = compact_map_chart(
        ZONES,
        {"shibei": 0.858, "belt_szr": None},
        {"shibei": "市北园区", "belt_szr": "苏州河"},
        POINTS,
        legend_title="片区出租率",
        no_data="暂无数据",
        tooltip_titles=("片区", "出租率"),
    )
    return chart.to_dict()


def test_each_zone_is_labelled_with_its_name_and_rate() -> None:
    spec = _chart_dict()
    labels = next(v for v in spec["datasets"].values() if isinstance(v, list))
    assert {row["text"] for row in labels} == {"市北园区 85.8%", "苏州河 暂无数据"}


def test_zones_travel_as_inline_geojson_with_clockwise_rings() -> None:
    """Streamlit turns a GeoDataFrame into an Arrow table and drops its geometry (the map
    was drawn empty); inline GeoJSON survives. d3 wants exterior rings clockwise."""
    spec = _chart_dict()
    fills = spec["layer"][1]
    collection = spec["datasets"][fills["data"]["name"]]
    assert collection["type"] == "FeatureCollection"  # what Streamlit leaves in the spec
    features = collection["features"]
    assert fills["data"]["format"] == {"property": "features"}
    by_code = {f["properties"]["code"]: f for f in features}
    assert by_code["shibei"]["properties"]["cls"] == "80–90%"
    assert by_code["belt_szr"]["properties"]["cls"] == "暂无数据"
    for feature in features:
        ring = shapely.LinearRing(feature["geometry"]["coordinates"][0])
        assert not ring.is_ccw
    # The park is drawn last, on top of any belt it overlaps.
    assert [f["properties"]["code"] for f in features] == ["belt_szr", "shibei"]
    tips = [t["title"] for t in fills["encoding"]["tooltip"]]
    assert tips == ["片区", "出租率"]

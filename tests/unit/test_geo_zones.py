"""Tests for geo.zones and geo.reference: outline, belts, park and context lines."""

from __future__ import annotations

import pytest
from shapely.geometry import Point

from geo.crs import METRIC_CRS
from geo.reference import REFERENCE_DIR, district_polygon, load_axes
from geo.zones import BELT_CODES, build_context, build_zones


def _zone(code: str):
    zones = build_zones()
    return zones.loc[zones["code"] == code, "geometry"].iloc[0]


def test_zones_schema_and_rows() -> None:
    zones = build_zones()
    assert zones.crs.to_epsg() == 4326
    assert list(zones.columns) == [
        "code",
        "kind",
        "name_zh",
        "name_en",
        "theme_zh",
        "theme_en",
        "geometry",
    ]
    assert zones["code"].tolist() == ["district", "shibei", "belt_njw", "belt_szr", "belt_mrr"]
    assert zones.set_index("code")["kind"].to_dict() == {
        "district": "district",
        "shibei": "park",
        "belt_njw": "belt",
        "belt_szr": "belt",
        "belt_mrr": "belt",
    }
    row = zones.set_index("code").loc["belt_szr"]
    assert row["name_zh"] == "苏州河两岸文化创意集聚带"
    assert row["theme_zh"] == "文化创意"


def test_district_area_in_metric_crs() -> None:
    area_km2 = build_zones().to_crs(METRIC_CRS).area.iloc[0] / 1e6
    assert 36.0 <= area_km2 <= 37.5


@pytest.mark.parametrize("code", ["shibei", *BELT_CODES])
def test_every_zone_lies_inside_the_district(code: str) -> None:
    geom = _zone(code)
    assert not geom.is_empty
    # Allow only floating-point slivers (< 1 m²) outside the outline.
    outside = geom.difference(district_polygon())
    from geo.spatial import area_m2

    assert area_m2(outside) < 1.0


def test_belts_are_about_1300_m_wide_corridors() -> None:
    # Nanjing West Road is ~2.3 km long and fully inside: area ~ 2 x 650 m x length.
    zones = build_zones().to_crs(METRIC_CRS).set_index("code")
    axis = load_axes().to_crs(METRIC_CRS).set_index("code").geometry["nanjing_west_road"]
    assert zones.geometry["belt_njw"].area == pytest.approx(1300 * axis.length, rel=0.05)


@pytest.mark.parametrize(
    ("lon", "lat", "inside"),
    [
        (121.4455, 31.2235, {"belt_njw"}),  # Jing'an Temple
        (121.445, 31.30, {"shibei", "belt_mrr"}),
        (121.4669, 31.2423, {"belt_szr"}),  # Sihang Warehouse on the river
        (121.42, 31.32, set()),
        (121.448, 31.2745, set()),  # Shanghai University Yanchang campus
    ],
)
def test_known_points(lon: float, lat: float, inside: set[str]) -> None:
    zones = build_zones()
    hit = {
        c for c, g in zip(zones["code"], zones.geometry, strict=True) if g.contains(Point(lon, lat))
    }
    assert hit - {"district"} == inside


def test_build_zones_returns_independent_copies() -> None:
    first = build_zones()
    first.loc[0, "name_en"] = "changed"
    assert build_zones().loc[0, "name_en"] == "Jing'an District"


def test_context_lines() -> None:
    context = build_context()
    assert context.crs.to_epsg() == 4326
    assert set(context.geom_type) <= {"LineString", "MultiLineString"}
    assert context.loc[context["kind"] == "river", "code"].tolist() == ["suzhou_river"]
    roads = context[context["kind"] == "road"]
    assert {"yanan_elevated", "north_south_elevated", "guangfu_rd"} <= set(roads["code"])
    assert roads.loc[roads["code"] == "yanan_elevated", "approximate"].item()
    # Clipped to the district plus a 250 m margin.
    margin = district_polygon().buffer(0.004)
    assert all(g.within(margin) for g in context.geometry)


def test_reference_files_are_project_owned() -> None:
    assert REFERENCE_DIR.parts[-2:] == ("data", "reference")
    assert "shared" not in REFERENCE_DIR.parts
    assert (REFERENCE_DIR / "jingan_outline_wgs84.geojson").is_file()


def test_zone_anchor_lies_inside_its_zone() -> None:
    import shapely

    from geo.zones import build_zones, zone_anchor

    zones = build_zones().set_index("code")
    for code in ("district", "shibei", "belt_njw", "belt_szr", "belt_mrr"):
        lon, lat = zone_anchor(code)
        assert zones.loc[code, "geometry"].contains(shapely.Point(lon, lat)), code

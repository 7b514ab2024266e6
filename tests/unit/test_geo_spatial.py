"""Tests for geo.spatial: zone assignment, areas and distances."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import Point, box

from geo.spatial import area_m2, assign_zones, distance_m, zones_for_point


@pytest.fixture()
def toy_zones() -> gpd.GeoDataFrame:
    """Two overlapping belts and a park inside a district square (WGS-84)."""
    return gpd.GeoDataFrame(
        {
            "code": ["district", "park", "belt_a", "belt_b"],
            "kind": ["district", "park", "belt", "belt"],
        },
        geometry=[
            box(121.40, 31.20, 121.50, 31.30),
            box(121.40, 31.20, 121.42, 31.22),
            box(121.40, 31.20, 121.46, 31.24),
            box(121.44, 31.20, 121.50, 31.24),
        ],
        crs="EPSG:4326",
    )


def test_assign_zones_handles_overlap_outside_and_missing(toy_zones: gpd.GeoDataFrame) -> None:
    points = gpd.GeoDataFrame(
        geometry=[Point(121.41, 31.21), Point(121.45, 31.23), Point(121.48, 31.28), None],
        index=["p", "both", "none", "missing"],
        crs="EPSG:4326",
    )
    result = assign_zones(points, toy_zones)
    assert result == {
        "p": ["park", "belt_a"],
        "both": ["belt_a", "belt_b"],
        "none": [],
        "missing": [],
    }


def test_assign_zones_reprojects_points(toy_zones: gpd.GeoDataFrame) -> None:
    points = gpd.GeoDataFrame(geometry=[Point(121.45, 31.23)], crs="EPSG:4326").to_crs("EPSG:32651")
    assert assign_zones(points, toy_zones) == {0: ["belt_a", "belt_b"]}


def test_assign_zones_refuses_bad_input(toy_zones: gpd.GeoDataFrame) -> None:
    with pytest.raises(TypeError):
        assign_zones([Point(1, 2)], toy_zones)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        assign_zones(gpd.GeoDataFrame(geometry=[Point(1, 2)]), toy_zones)


def test_zones_for_point_with_real_zones() -> None:
    assert zones_for_point(121.445, 31.30) == ("shibei", ["belt_mrr"])
    assert zones_for_point(121.4455, 31.2235) == (None, ["belt_njw"])
    assert zones_for_point(121.42, 31.32) == (None, [])


def test_zones_for_point_with_given_zones(toy_zones: gpd.GeoDataFrame) -> None:
    assert zones_for_point(121.41, 31.21, toy_zones) == ("park", ["belt_a"])
    with pytest.raises(TypeError):
        zones_for_point("121.41", 31.21, toy_zones)  # type: ignore[arg-type]


def test_area_m2_of_a_known_square() -> None:
    # 0.01 deg lat ~ 1109 m; 0.01 deg lon at 31.25 N ~ 951 m.
    assert area_m2(box(121.44, 31.24, 121.45, 31.25)) == pytest.approx(1109 * 951, rel=0.01)
    assert area_m2(Point(121.44, 31.24)) == 0.0


def test_distance_m() -> None:
    assert distance_m((121.44, 31.27), (121.45, 31.27)) == pytest.approx(951, rel=0.01)
    assert distance_m(Point(121.44, 31.27), Point(121.44, 31.28)) == pytest.approx(1109, rel=0.01)
    assert distance_m(box(121.44, 31.24, 121.45, 31.25), Point(121.445, 31.245)) == 0.0
    with pytest.raises(TypeError):
        distance_m("a", (1.0, 2.0))  # type: ignore[arg-type]

"""Spatial joins and metric measures.

Points are assigned to zones with a spatial index (one query for all points). Areas and
distances are computed in UTM 51N (EPSG:32651) because degrees are not metres: in
Shanghai one degree of longitude is ~95 km but one degree of latitude ~111 km.
"""

from __future__ import annotations

from collections.abc import Hashable
from functools import lru_cache

import geopandas as gpd
import numpy as np
import shapely
from numpy.typing import NDArray
from pyproj import Transformer
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from geo.crs import METRIC_CRS, WGS84
from geo.zones import build_zones

LonLat = tuple[float, float]


@lru_cache(maxsize=1)
def _to_metric() -> Transformer:
    return Transformer.from_crs(WGS84, METRIC_CRS, always_xy=True)


def _check_frame(value: object, name: str) -> gpd.GeoDataFrame:
    if not isinstance(value, gpd.GeoDataFrame):
        raise TypeError(f"{name} must be a GeoDataFrame, got {type(value).__name__}")
    if value.crs is None:
        raise ValueError(f"{name} has no CRS; set one explicitly")
    return value


def assign_zones(points: gpd.GeoDataFrame, zones: gpd.GeoDataFrame) -> dict[Hashable, list[str]]:
    """Find the park and belt codes containing each point.

    Parameters
    ----------
    points : geopandas.GeoDataFrame
        Point (or footprint) geometries with a CRS; reprojected to ``zones.crs``.
    zones : geopandas.GeoDataFrame
        Output of :func:`geo.zones.build_zones` (needs ``code`` and ``kind`` columns).

    Returns
    -------
    dict
        ``{point index: [zone codes]}`` for every row of ``points``; codes follow the
        order of ``zones``, a point in two belts gets both, the ``"district"`` row is
        ignored, and a point (or missing geometry) in no zone maps to ``[]``.
    """
    points = _check_frame(points, "points")
    zones = _check_frame(zones, "zones")
    for column in ("code", "kind"):
        if column not in zones.columns:
            raise ValueError(f"zones needs a {column!r} column")
    targets = zones[zones["kind"] != "district"].reset_index(drop=True)
    geoms = points.geometry.to_crs(targets.crs)
    result: dict[Hashable, list[str]] = {idx: [] for idx in points.index}
    # "intersects" counts a point on a boundary as inside: a carrier drawn on the edge
    # road of a belt should not drop out of it.
    pairs = targets.sindex.query(geoms.values, predicate="intersects")
    hits: dict[int, list[int]] = {}
    for point_pos, zone_pos in zip(pairs[0].tolist(), pairs[1].tolist(), strict=True):
        hits.setdefault(point_pos, []).append(zone_pos)
    codes = targets["code"].tolist()
    index = points.index.tolist()
    for point_pos, zone_positions in hits.items():
        result[index[point_pos]] = [codes[z] for z in sorted(zone_positions)]
    return result


def zones_for_point(
    lon: float, lat: float, zones: gpd.GeoDataFrame | None = None
) -> tuple[str | None, list[str]]:
    """Return the park and the belts containing one WGS-84 point.

    Parameters
    ----------
    lon, lat : float
        WGS-84 degrees.
    zones : geopandas.GeoDataFrame, optional
        Zones to test; defaults to :func:`geo.zones.build_zones`.

    Returns
    -------
    tuple
        ``(park_code or None, [belt codes])``.
    """
    for value in (lon, lat):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError(f"lon/lat must be numbers, got {type(value).__name__}")
    if zones is None:
        zones = build_zones()
    zones = _check_frame(zones, "zones")
    point = gpd.GeoDataFrame(geometry=[Point(lon, lat)], crs=WGS84)
    codes = assign_zones(point, zones)[0]
    kinds = dict(zip(zones["code"], zones["kind"], strict=True))
    parks = [c for c in codes if kinds[c] == "park"]
    belts = [c for c in codes if kinds[c] == "belt"]
    return (parks[0] if parks else None), belts


def to_metric(geom: BaseGeometry) -> BaseGeometry:
    """Project a WGS-84 shapely geometry to UTM 51N metres.

    Parameters
    ----------
    geom : shapely geometry
        Lon/lat degrees (WGS-84).

    Returns
    -------
    shapely geometry
        Same geometry in EPSG:32651.
    """
    if not isinstance(geom, BaseGeometry):
        raise TypeError(f"geom must be a shapely geometry, got {type(geom).__name__}")
    transformer = _to_metric()

    def project(xy: NDArray[np.float64]) -> NDArray[np.float64]:
        x, y = transformer.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    projected: BaseGeometry = shapely.transform(geom, project)
    return projected


def area_m2(geom_wgs84: BaseGeometry) -> float:
    """Area in square metres of a WGS-84 polygon (computed in EPSG:32651).

    Parameters
    ----------
    geom_wgs84 : shapely geometry
        Polygon or multipolygon in lon/lat degrees.

    Returns
    -------
    float
        Area in m² (0 for points and lines).
    """
    return float(to_metric(geom_wgs84).area)


def _as_geometry(value: BaseGeometry | LonLat, name: str) -> BaseGeometry:
    if isinstance(value, BaseGeometry):
        return value
    if isinstance(value, tuple) and len(value) == 2:
        return Point(float(value[0]), float(value[1]))
    raise TypeError(f"{name} must be a shapely geometry or a (lon, lat) tuple")


def distance_m(a: BaseGeometry | LonLat, b: BaseGeometry | LonLat) -> float:
    """Shortest distance in metres between two WGS-84 geometries (in EPSG:32651).

    Parameters
    ----------
    a, b : shapely geometry or tuple of float
        Geometries in lon/lat degrees, or ``(lon, lat)`` tuples.

    Returns
    -------
    float
        Distance in metres (0 if they touch or overlap).
    """
    return float(to_metric(_as_geometry(a, "a")).distance(to_metric(_as_geometry(b, "b"))))

"""Policy zones (district, Shibei park, three cluster belts) and the vector context layer.

Belts are corridors ``BELT_HALF_WIDTH_M`` either side of their axis, buffered in UTM 51N
(metres) and clipped to the district outline, so every belt lies inside the district.
Results are cached per process; callers always receive a fresh copy so mutating one
frame can never corrupt another page's map.
"""

from __future__ import annotations

from contextvars import ContextVar
from functools import lru_cache

import geopandas as gpd
import pandas as pd
import shapely

from geo.crs import METRIC_CRS, WGS84
from geo.reference import axis_geometry, district_polygon, load_axes, load_context_roads

BELT_HALF_WIDTH_M = 650.0
ZONE_COLUMNS = ["code", "kind", "name_zh", "name_en", "theme_zh", "theme_en", "geometry"]
CONTEXT_COLUMNS = ["code", "name_zh", "name_en", "kind", "approximate", "geometry"]

# code -> (axis code, name_zh, name_en, theme_zh, theme_en)
BELTS: dict[str, tuple[str, str, str, str, str]] = {
    "belt_njw": (
        "nanjing_west_road",
        "南京西路商务创新集聚带",
        "Nanjing West Road Business Innovation Belt",
        "商务创新",
        "business innovation",
    ),
    "belt_szr": (
        "suzhou_river",
        "苏州河两岸文化创意集聚带",
        "Suzhou River Cultural & Creative Belt",
        "文化创意",
        "cultural and creative",
    ),
    "belt_mrr": (
        "middle_ring_road",
        "中环两侧科技创新集聚带",
        "Middle Ring Technical Innovation Belt",
        "科技创新",
        "technical innovation",
    ),
}
ZONE_CODES = ("district", "shibei", *BELTS)
BELT_CODES = tuple(BELTS)
PARK_CODES = ("shibei",)


def _to_metric(geom: shapely.Geometry) -> shapely.Geometry:
    return gpd.GeoSeries([geom], crs=WGS84).to_crs(METRIC_CRS).iloc[0]


def _to_wgs84(geom: shapely.Geometry) -> shapely.Geometry:
    return gpd.GeoSeries([geom], crs=METRIC_CRS).to_crs(WGS84).iloc[0]


@lru_cache(maxsize=1)
def _zones_cached() -> gpd.GeoDataFrame:
    district = district_polygon()
    district_m = _to_metric(district)
    rows: list[dict[str, object]] = [
        {
            "code": "district",
            "kind": "district",
            "name_zh": "静安区",
            "name_en": "Jing'an District",
            "theme_zh": "",
            "theme_en": "",
            "geometry": district,
        },
        {
            "code": "shibei",
            "kind": "park",
            "name_zh": "市北高新技术服务业园区",
            "name_en": "Shibei High-Tech Park",
            "theme_zh": "大数据与云计算",
            "theme_en": "big data and cloud computing",
            # The extent is a rough box; clipping keeps it from spilling over the boundary.
            "geometry": axis_geometry("shibei_park").intersection(district),
        },
    ]
    for code, (axis, name_zh, name_en, theme_zh, theme_en) in BELTS.items():
        # Flat caps: a corridor "either side of the road", not a disc beyond its ends.
        corridor = _to_metric(axis_geometry(axis)).buffer(BELT_HALF_WIDTH_M, cap_style="flat")
        clipped = corridor.intersection(district_m)
        rows.append(
            {
                "code": code,
                "kind": "belt",
                "name_zh": name_zh,
                "name_en": name_en,
                "theme_zh": theme_zh,
                "theme_en": theme_en,
                # Back in degrees, then clip again so float noise cannot leak outside.
                "geometry": _to_wgs84(clipped).intersection(district),
            }
        )
    return gpd.GeoDataFrame(rows, columns=ZONE_COLUMNS, geometry="geometry", crs=WGS84)


LabelPoints = tuple[tuple[str, float, float], ...]
# The zones to draw in this context instead of the shipped reference ones: the outlines
# stored in the database, which GIS staff may have replaced (import of kind "zones").
# A context variable, set by the app at the start of each script run (Streamlit runs a
# session's script in a thread of its own), so sessions and tests never see each
# other's zones; unset, the shipped reference zones are drawn.
_CURRENT: ContextVar[tuple[gpd.GeoDataFrame, LabelPoints] | None] = ContextVar(
    "current_zones", default=None
)


def use_zones(zones: gpd.GeoDataFrame | None, label_points: LabelPoints | None = None) -> None:
    """Draw ``zones`` (the stored outlines) from now on in this context; None: the shipped.

    ``label_points`` are :func:`label_points_of` the same zones, when the caller has
    them cached (computing them takes a few milliseconds).
    """
    if zones is None:
        _CURRENT.set(None)
        return
    points = label_points if label_points is not None else label_points_of(zones)
    _CURRENT.set((zones[ZONE_COLUMNS].reset_index(drop=True), points))


def build_zones() -> gpd.GeoDataFrame:
    """The policy zones of Jing'an: the stored outlines when set (:func:`use_zones`).

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326, one row per zone with columns ``code`` (``"district"``,
        ``"shibei"``, ``"belt_njw"``, ``"belt_szr"``, ``"belt_mrr"``), ``kind``
        (``"district"`` | ``"park"`` | ``"belt"``), ``name_zh``, ``name_en``,
        ``theme_zh``, ``theme_en`` and ``geometry``. A fresh copy on every call.
    """
    current = _CURRENT.get()
    return (current[0] if current is not None else _zones_cached()).copy()


def reference_zones() -> gpd.GeoDataFrame:
    """The shipped reference zones (what a new database is seeded with). A fresh copy."""
    return _zones_cached().copy()


@lru_cache(maxsize=1)
def _context_cached() -> gpd.GeoDataFrame:
    axes = load_axes()
    lines = axes[axes["code"] != "shibei_park"].copy()
    lines["kind"] = lines["code"].map(lambda c: "river" if c == "suzhou_river" else "road")
    lines["approximate"] = False
    roads = load_context_roads()
    frame = pd.concat([lines, roads], ignore_index=True)
    context = gpd.GeoDataFrame(frame, geometry="geometry", crs=WGS84)
    # Hand-drawn roads overshoot a little; trim them to the district plus a margin.
    margin = _to_wgs84(_to_metric(district_polygon()).buffer(250.0))
    context["geometry"] = context.geometry.intersection(margin)
    context = context[~context.geometry.is_empty]
    return context[CONTEXT_COLUMNS].reset_index(drop=True)


def build_context() -> gpd.GeoDataFrame:
    """Build the vector context layer drawn when no basemap tiles are used.

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326 line features with ``code``, ``name_zh``, ``name_en``, ``kind``
        (``"river"`` | ``"road"``), ``approximate`` and ``geometry``. A fresh copy.
    """
    return _context_cached().copy()


def zone_anchor(code: str) -> tuple[float, float]:
    """A point well inside a zone, as (lon, lat): the default spot for a new record.

    Raises
    ------
    KeyError
        For an unknown zone code.
    """
    zones = build_zones().set_index("code")
    point = zones.loc[code, "geometry"].representative_point()
    return round(point.x, 6), round(point.y, 6)


@lru_cache(maxsize=1)
def _label_points_cached() -> LabelPoints:
    return label_points_of(_zones_cached())


def label_points_of(zones: gpd.GeoDataFrame) -> LabelPoints:
    """:func:`zone_label_points` of the given zones (see there)."""
    metric = zones.to_crs(METRIC_CRS)
    named = metric[metric["kind"] != "district"]
    out: list[tuple[str, float, float]] = []
    for code, geom in zip(named["code"], named.geometry, strict=True):
        # Where belts and the park overlap a label would sit on two zones at once: use
        # the part of the zone no other zone covers when it is big enough to hold it.
        others = shapely.union_all(named.geometry[named["code"] != code].to_numpy())
        own = geom.difference(others.buffer(150.0))
        target = own if own.area > 0.2 * geom.area else geom
        if target.geom_type == "MultiPolygon":
            target = max(target.geoms, key=lambda g: g.area)
        point = _to_wgs84(target.representative_point())
        out.append((str(code), round(point.x, 6), round(point.y, 6)))
    return tuple(out)


def zone_label_points() -> list[tuple[str, float, float]]:
    """Where each park and belt gets its on-map name: ``(code, lon, lat)`` in WGS-84.

    The point is shapely's ``representative_point`` computed in UTM 51N (so it lies
    inside the polygon, unlike a centroid of a bent corridor), taken on the largest
    piece of the zone that no other zone overlaps when that piece is big enough.
    The district itself gets no label (it is the frame).
    """
    current = _CURRENT.get()
    return list(current[1] if current is not None else _label_points_cached())

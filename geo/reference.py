"""Project-owned reference geography: the district outline, policy axes and context roads.

The GeoJSON files live in ``data/reference/`` and are resolved relative to this package,
never the working directory, so the app, the tests and ``manage.py`` find them from
anywhere. All files are WGS-84 (EPSG:4326).
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from geo.crs import WGS84

REFERENCE_DIR = Path(__file__).resolve().parents[1] / "data" / "reference"
OUTLINE_FILE = "jingan_outline_wgs84.geojson"
AXES_FILE = "axes_wgs84.geojson"
CONTEXT_FILE = "context_wgs84.geojson"

AXIS_CODES = ("suzhou_river", "nanjing_west_road", "middle_ring_road", "shibei_park")


def reference_path(name: str) -> Path:
    """Return the absolute path of a reference file shipped with the project.

    Parameters
    ----------
    name : str
        File name inside ``data/reference/``.

    Returns
    -------
    pathlib.Path
        Absolute path; raises FileNotFoundError if the file is missing.
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, got {type(name).__name__}")
    path = REFERENCE_DIR / name
    if not path.is_file():
        raise FileNotFoundError(f"reference file missing: {path}")
    return path


def _read(name: str) -> gpd.GeoDataFrame:
    gdf = gpd.read_file(reference_path(name))
    # The files carry no CRS member (RFC 7946 implies WGS-84); say so explicitly.
    if gdf.crs is None:
        gdf = gdf.set_crs(WGS84)
    return gdf.to_crs(WGS84)


def load_outline() -> gpd.GeoDataFrame:
    """Load the Jing'an District outline (one polygon row).

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``name_zh``, ``name_en``, ``adcode``, ``geometry``; EPSG:4326.
    """
    return _read(OUTLINE_FILE)


def district_polygon() -> Polygon:
    """Return the district outline as a single valid shapely polygon (WGS-84).

    Returns
    -------
    shapely.geometry.Polygon
        The outline, repaired with ``make_valid`` if the simplification left a defect.
    """
    geom: BaseGeometry = load_outline().geometry.union_all()
    if not geom.is_valid:
        geom = geom.buffer(0)
    if not isinstance(geom, Polygon):
        raise ValueError(f"district outline should be one polygon, got {geom.geom_type}")
    return geom


def load_axes() -> gpd.GeoDataFrame:
    """Load the policy axes (river, roads) and the rough Shibei park extent.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``code`` (see ``AXIS_CODES``), ``name_zh``, ``name_en``, ``name``,
        ``confidence``, ``geometry``; EPSG:4326.
    """
    return _read(AXES_FILE)


def load_context_roads() -> gpd.GeoDataFrame:
    """Load the hand-drawn main-road context lines (all marked approximate).

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``code``, ``name_zh``, ``name_en``, ``kind``, ``approximate``,
        ``confidence``, ``geometry``; EPSG:4326.
    """
    return _read(CONTEXT_FILE)


def axis_geometry(code: str) -> BaseGeometry:
    """Return the geometry of one axis by code (e.g. ``"nanjing_west_road"``).

    Parameters
    ----------
    code : str
        One of ``AXIS_CODES``.

    Returns
    -------
    shapely geometry
        The axis line or the park extent polygon, WGS-84.
    """
    if not isinstance(code, str):
        raise TypeError(f"code must be a str, got {type(code).__name__}")
    axes = load_axes()
    match = axes.loc[axes["code"] == code, "geometry"]
    if match.empty:
        raise KeyError(f"unknown axis code {code!r}; expected one of {AXIS_CODES}")
    geom: BaseGeometry = match.iloc[0]
    return geom

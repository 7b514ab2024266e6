"""The map's layers as GeoJSON files for GIS staff: carriers, zones, conversion projects.

Always WGS-84 longitude/latitude (RFC 7946: no ``crs`` member), whatever basemap the
map shows: the GCJ-02 shift is for drawing on AMap tiles only, never for data handed
over. Properties are the stored values (codes, not translated labels; rates as
fractions by the one occupancy definition), so a file can be joined back to the app's
records by ``id`` or ``code``. Pure functions, no Streamlit.
"""

from __future__ import annotations

import json
import math
import numbers
from datetime import date, datetime
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.zones import build_zones

LAYERS = ("carriers", "zones", "projects")
DECIMALS = 7  # ~1 cm: more than any source is worth, fewer bytes than 15 digits

CARRIER_PROPERTIES = (
    "id",
    "name_zh",
    "name_en",
    "stage",
    "accreditation",
    "origin",
    "operator",
    "address",
    "focus_industry",
    "total_area_m2",
    "workstations_total",
    "opened_on",
    "park_code",
    "belt_codes",
    "report_month",
    "occupied_area_m2",
    "occupancy_rate",
    "used",
)
PROJECT_PROPERTIES = (
    "id",
    "name_zh",
    "name_en",
    "address",
    "original_use",
    "status",
    "target_stage",
    "floor_area_m2",
    "investment_mcny",
    "planned_start",
    "planned_open",
    "actual_start",
    "actual_open",
    "carrier_id",
)
ZONE_PROPERTIES = ("code", "kind", "name_zh", "name_en", "theme_zh", "theme_en")


def json_value(value: object) -> Any:
    """A frame cell as a JSON value: missing -> null, dates -> ISO text, numpy -> Python."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _properties(row: pd.Series, names: tuple[str, ...]) -> dict[str, Any]:
    return {n: json_value(row[n]) for n in names if n in row.index}


def point_features(frame: pd.DataFrame, names: tuple[str, ...]) -> dict[str, Any]:
    """A FeatureCollection of points from ``lon``/``lat`` columns (rows without both skipped)."""
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    features = []
    if not frame.empty and {"lon", "lat"} <= set(frame.columns):
        for _, row in frame.iterrows():
            lon, lat = json_value(row["lon"]), json_value(row["lat"])
            if not isinstance(lon, float | int) or not isinstance(lat, float | int):
                continue
            point = [round(float(lon), DECIMALS), round(float(lat), DECIMALS)]
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": point},
                    "properties": _properties(row, names),
                }
            )
    return {"type": "FeatureCollection", "features": features}


def zone_features(zones: gpd.GeoDataFrame | None = None) -> dict[str, Any]:
    """The district, Shibei park and the three belts as drawn on the map (polygons).

    ``zones`` as :func:`geo.zones.build_zones` returns them; taken from it when omitted
    (a download built on click runs outside the page's run: pass the run's zones).
    """
    zones = build_zones() if zones is None else zones
    features = []
    for _, row in zones.iterrows():
        geom = shapely.transform(row.geometry, lambda xy: np.round(xy, DECIMALS))
        features.append(
            {
                "type": "Feature",
                "geometry": json.loads(shapely.to_geojson(geom)),
                "properties": _properties(row, ZONE_PROPERTIES),
            }
        )
    return {"type": "FeatureCollection", "features": features}


def layer_geojson(layer: str, frame: pd.DataFrame | None = None) -> dict[str, Any]:
    """One map layer as a GeoJSON FeatureCollection (WGS-84).

    Parameters
    ----------
    layer : str
        ``"carriers"`` (rows of ``queries.carriers_frame``, as filtered on the map),
        ``"projects"`` (rows of ``queries.conversions_frame``) or ``"zones"`` (``frame``
        is the zones drawn, as :func:`geo.zones.build_zones` returns them, or None).
    frame : pandas.DataFrame, optional
        The rows to export, with ``lon`` and ``lat``.
    """
    if layer == "zones":
        return zone_features(frame if isinstance(frame, gpd.GeoDataFrame) else None)
    if layer not in LAYERS:
        raise ValueError(f"unknown layer {layer!r}; expected one of {LAYERS}")
    if frame is None:
        raise TypeError(f"the {layer} layer needs a frame of rows")
    return point_features(frame, CARRIER_PROPERTIES if layer == "carriers" else PROJECT_PROPERTIES)


def layer_geojson_bytes(layer: str, frame: pd.DataFrame | None = None) -> bytes:
    """:func:`layer_geojson` as a UTF-8 file (Chinese names readable, not ``\\u`` escapes)."""
    return json.dumps(layer_geojson(layer, frame), ensure_ascii=False).encode("utf-8")

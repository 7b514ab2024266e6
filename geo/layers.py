"""Fast, escaped point layers: innovation carriers and idle-carrier conversion projects.

One folium Marker per feature costs about a second per thousand features on every rerun,
so features are built directly as one GeoJSON FeatureCollection with numpy/shapely and
drawn by a single ``L.geoJson`` with a ``pointToLayer`` function. Every user string is
escaped (:func:`geo.escape.escape_text`) and the tooltip is a pre-escaped ``tip``
property bound with ``bindTooltip`` -- never folium's template-literal tooltips.

Clicks: streamlit-folium listens to ``click`` on every layer of the map; when the event
bubbles to the GeoJSON layer it stores ``e.layer.toGeoJSON()`` as
``last_active_drawing``, i.e. ``{"type": "Feature", "properties": {...}, "geometry":
{"type": "Point", "coordinates": [lon, lat]}}`` with the properties built here (``id``,
``kind`` ...). Coordinates are the drawn ones (GCJ-02 when shifted); use ``id``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from folium.template import Template
from folium.utilities import JsCode
from numpy.typing import NDArray

from geo.crs import WGS84, wgs84_to_gcj02, wgs84_to_gcj02_arrays
from geo.escape import escape_text
from geo.labels import label
from geo.packed import PackedGeoJson, PackedPoints, pack_collection
from geo.style import CONVERSION_COLOR, MARKER_STROKE, STAGE_COLORS, STAGES

CARRIER_COLUMNS = ("id", "name_zh", "name_en", "stage")
MARKER_RADIUS = 6
_DECIMALS = 6  # ~0.1 m: plenty for a dot and ~40% less JSON than full floats

SPREAD_PX = 2 * MARKER_RADIUS + 4  # centre-to-centre gap the spread keeps between dots
CONVERTED_RING_WEIGHT = 3
# A carrier that a conversion project produced keeps its stage fill and gets a thick
# vermillion rim: the project is marked on the carrier, not by a second marker on top.
_CARRIER_POINT_TO_LAYER = JsCode(
    "function (feature, latlng) {"
    " var conv = !!feature.properties.conv;"
    f" return L.circleMarker(latlng, {{radius: {MARKER_RADIUS},"
    f" weight: conv ? {CONVERTED_RING_WEIGHT} : 1,"
    f' color: conv ? "{CONVERSION_COLOR}" : "{MARKER_STROKE}",'
    " fillColor: feature.properties.color, fillOpacity: 0.9});"
    " }"
)
# The tip is already escaped HTML; binding a string never passes through a template
# literal, unlike folium.Tooltip / GeoJsonTooltip.
BIND_TIP = JsCode(
    "function (feature, layer) {"
    " if (feature.properties && feature.properties.tip) {"
    ' layer.bindTooltip(feature.properties.tip, {direction: "top"}); }'
    " }"
)


def check_frame(frame: object, columns: tuple[str, ...], name: str) -> gpd.GeoDataFrame:
    """Refuse non-GeoDataFrames, a missing CRS or missing columns; return it in WGS-84."""
    if not isinstance(frame, gpd.GeoDataFrame):
        raise TypeError(f"{name} must be a GeoDataFrame, got {type(frame).__name__}")
    if frame.crs is None:
        raise ValueError(f"{name} has no CRS; WGS-84 (EPSG:4326) expected")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} lacks columns {missing}")
    return frame if frame.crs.equals(WGS84) else frame.to_crs(WGS84)


def point_lonlat(frame: gpd.GeoDataFrame, gcj02: bool) -> tuple[NDArray[Any], NDArray[Any], Any]:
    """Return rounded lon and lat arrays of drawable rows, and the mask of those rows."""
    geoms = np.asarray(frame.geometry.values, dtype=object)
    keep = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    geoms = geoms[keep]
    # A footprint polygon is drawn at a point guaranteed to lie inside it.
    is_point = shapely.get_type_id(geoms) == 0
    points = np.where(is_point, geoms, shapely.point_on_surface(geoms))
    lon, lat = shapely.get_x(points), shapely.get_y(points)
    if gcj02:
        lon, lat = wgs84_to_gcj02_arrays(lon, lat)
    return np.round(lon, _DECIMALS), np.round(lat, _DECIMALS), keep


def plain_text(value: object) -> str:
    """Return ``str(value)``, or ``""`` for None, NaN and pandas.NA (not escaped)."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def pick_name(name_zh: object, name_en: object, lang: str) -> str:
    """Pick the name for ``lang``, falling back to the other language (not escaped)."""
    first, second = (name_zh, name_en) if lang == "zh" else (name_en, name_zh)
    # Fall back to the other language rather than showing an empty dot.
    return plain_text(first) or plain_text(second)


def _occ_percent(value: object) -> int | None:
    if value is None or isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if math.isnan(value) or math.isinf(value):
        return None
    return round(float(value) * 100)


def point_collection(
    rows: list[dict[str, object]], lon: NDArray[Any], lat: NDArray[Any]
) -> dict[str, Any]:
    """Zip property dicts and coordinates into a Point FeatureCollection."""
    features = [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [x, y]}, "properties": p}
        for p, x, y in zip(rows, lon.tolist(), lat.tolist(), strict=True)
    ]
    return {"type": "FeatureCollection", "features": features}


def carriers_geojson(
    carriers: gpd.GeoDataFrame,
    *,
    lang: str,
    gcj02: bool = False,
    labels: Mapping[str, str] | None = None,
    converted: Mapping[int, str] | None = None,
) -> dict[str, Any]:
    """Build the carrier FeatureCollection drawn by :func:`carrier_layer`.

    Parameters
    ----------
    carriers : geopandas.GeoDataFrame
        Points (footprints are drawn at an interior point) with a CRS and columns
        ``id``, ``name_zh``, ``name_en``, ``stage``; optional ``occupancy_rate``
        (0..1, NaN/None for unknown). Rows without geometry are skipped.
    lang : str
        ``"zh"`` picks ``name_zh``, anything else ``name_en``.
    gcj02 : bool
        Shift coordinates WGS-84 -> GCJ-02 (for AMap tiles).
    labels : Mapping, optional
        Stage labels and ``occupancy``/``no_data``/``converted_from`` words; built-in
        defaults otherwise.
    converted : Mapping, optional
        Carrier id -> name of the conversion project that produced it (plain text,
        escaped here); such carriers are drawn with a vermillion ring (see
        :func:`geo.conversion.converted_carriers`).

    Returns
    -------
    dict
        GeoJSON FeatureCollection; properties ``id``, ``kind`` (``"carrier"``),
        ``name`` (escaped), ``stage``, ``color``, ``occ`` (percent or None), ``conv``
        (escaped project name or ``""``) and ``tip`` (escaped HTML). Raises
        ValueError for a stage not in ``STAGES``.
    """
    frame = check_frame(carriers, CARRIER_COLUMNS, "carriers")
    if not isinstance(lang, str):
        raise TypeError(f"lang must be a str, got {type(lang).__name__}")
    # Accept str-valued enums from the models layer as well as plain strings.
    stages = [getattr(s, "value", s) for s in frame["stage"]]
    bad = sorted({str(s) for s in stages} - set(STAGES))
    if bad:
        raise ValueError(f"unknown carrier stages {bad}; expected {STAGES}")
    lon, lat, keep = point_lonlat(frame, gcj02)
    kept = frame.loc[keep]
    kept_stages = [s for s, k in zip(stages, keep.tolist(), strict=True) if k]
    occ_column = kept["occupancy_rate"] if "occupancy_rate" in kept.columns else None
    occupancy = occ_column.tolist() if occ_column is not None else [None] * len(kept)
    stage_words = {s: escape_text(label(labels, s, lang)) for s in STAGES}
    occ_word = escape_text(label(labels, "occupancy", lang))
    no_data = escape_text(label(labels, "no_data", lang))
    converted_word = escape_text(label(labels, "converted_from", lang))
    projects = {int(k): escape_text(plain_text(v)) for k, v in (converted or {}).items()}
    rows: list[dict[str, object]] = []
    for cid, zh, en, stage, occ_raw in zip(
        kept["id"].tolist(),
        kept["name_zh"].tolist(),
        kept["name_en"].tolist(),
        kept_stages,
        occupancy,
        strict=True,
    ):
        name = escape_text(pick_name(zh, en, lang))
        occ = _occ_percent(occ_raw)
        # One decimal, as in the detail panel and the tables ("90%" beside "89.6%", user QA).
        occ_text = f"{float(occ_raw) * 100:.1f}%" if occ is not None else no_data
        conv = projects.get(int(cid), "")
        tip = f"<b>{name}</b><br>{stage_words[stage]} · {occ_word} {occ_text}"
        tip += f"<br>{converted_word}{conv}" if conv else ""
        rows.append(
            {
                "id": int(cid),
                "kind": "carrier",
                "name": name,
                "stage": stage,
                "color": STAGE_COLORS[stage],
                "occ": occ,
                "conv": conv,
                "tip": tip,
            }
        )
    return point_collection(rows, lon, lat)


def _check_fc(fc: object) -> dict[str, Any]:
    if not isinstance(fc, dict) or fc.get("type") != "FeatureCollection":
        raise TypeError("fc must be a GeoJSON FeatureCollection dict")
    return fc


# What the browser reads of a carrier: ``kind``/``id`` (clicks, the spread, the
# highlight), ``color`` and ``conv`` (the dot), ``tip`` (the tooltip) and ``name`` (the
# tooltip is packed as a suffix after it). ``stage`` and ``occ`` stay in Python.
BROWSER_PROPERTIES = ("id", "kind", "name", "color", "conv", "tip")


def browser_collection(fc: dict[str, Any]) -> dict[str, Any]:
    """The FeatureCollection as the page ships it: only :data:`BROWSER_PROPERTIES`.

    ``conv`` becomes 1 or 0 (the script only asks whether there is a project; its
    name is in the tooltip already). Features without those properties pass unchanged.
    """
    features = []
    for f in _check_fc(fc).get("features", []):
        props = f.get("properties") or {}
        if not all(k in props for k in BROWSER_PROPERTIES):
            features.append(f)
            continue
        slim = {k: props[k] for k in BROWSER_PROPERTIES}
        slim["conv"] = 1 if props["conv"] else 0
        features.append({**f, "properties": slim})
    return {**fc, "features": features}


def pack_carriers(fc: dict[str, Any]) -> PackedPoints:
    """:func:`carriers_geojson` output as the page ships it, packed once (cacheable).

    ``carrier_layer(pack_carriers(fc), ...)`` draws exactly what ``carrier_layer(fc, ...)``
    draws; the page caches the packed form per filter, so a rerun neither slims, packs
    nor copies 5,000 features again.
    """
    return pack_collection(browser_collection(fc))


def carrier_layer(fc: dict[str, Any] | PackedPoints, *, name: str) -> folium.FeatureGroup:
    """Wrap a carrier FeatureCollection into one toggleable, click-aware layer.

    Parameters
    ----------
    fc : dict or PackedPoints
        Output of :func:`carriers_geojson`, or of :func:`pack_carriers` on it.
    name : str
        Layer name for the layer control (escaped here: Leaflet shows it as HTML).

    Returns
    -------
    folium.FeatureGroup
        Holding a single ``folium.GeoJson`` (a :class:`geo.packed.PackedGeoJson` of
        :func:`browser_collection`) drawing circle markers coloured by stage; dots
        that would overlap on screen are spread apart in the browser (``SPREAD_PX``),
        so each stays clickable.
    """
    group = folium.FeatureGroup(name=escape_text(name))
    PackedGeoJson(
        fc if isinstance(fc, PackedPoints) else browser_collection(fc),
        control=False,
        point_to_layer=_CARRIER_POINT_TO_LAYER,
        lazy_tips=True,
        spread_px=SPREAD_PX,
    ).add_to(group)
    return group


class _HighlightRing(folium.MacroElement):
    """A ring drawn with ``interactive: false`` (folium's CircleMarker drops that option,
    so its ring used to catch the clicks meant for the neighbouring dots)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (group) {
            var ring = L.circleMarker({{ this.latlng|tojson }}, {radius: 14,
                color: "#111111", weight: 3, fill: false, interactive: false,
                bubblingMouseEvents: false});
            ring.addTo(group);
            if (window.geoMap && {{ this.carrier_id|tojson }} !== null) {
                window.geoMap.highlight(ring, {{ this.carrier_id|tojson }});
            }
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, latlng: list[float], carrier_id: int | None) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "HighlightRing"
        self.latlng = latlng
        self.carrier_id = carrier_id


def highlight_layer(
    lon: float, lat: float, *, gcj02: bool = False, carrier_id: int | None = None
) -> folium.FeatureGroup:
    """A ring around the selected carrier, so the map shows what the side panel describes.

    Parameters
    ----------
    lon, lat : float
        WGS-84 location of the carrier.
    gcj02 : bool
        Shift to GCJ-02 (AMap tiles), like the carrier layer.
    carrier_id : int, optional
        The ring then follows the carrier's dot when the spread moved it.

    Returns
    -------
    folium.FeatureGroup
        Not clickable, so a click still reaches the carriers under and around it.
    """
    if gcj02:
        lon, lat = wgs84_to_gcj02(lon, lat)
    group = folium.FeatureGroup(name="selected", control=False)
    cid = None if carrier_id is None else int(carrier_id)
    _HighlightRing([round(float(lat), 6), round(float(lon), 6)], cid).add_to(group)
    return group

"""Idle-carrier conversion projects (闲置载体改造) as one escaped point layer.

Drawn as small vermillion diamonds (DivIcon markers) so they never read as a growth
stage; like the carrier layer, the features ship packed in one ``folium.GeoJson`` and
every user string is escaped before it reaches the page.
"""

from __future__ import annotations

from collections.abc import Mapping

import folium
import geopandas as gpd
from folium.utilities import JsCode

from geo.escape import escape_text
from geo.labels import label
from geo.layers import (
    BIND_TIP,
    check_frame,
    pick_name,
    plain_text,
    point_collection,
    point_lonlat,
)
from geo.packed import PackedGeoJson
from geo.style import CONVERSION_COLOR

CONVERSION_COLUMNS = ("id", "name_zh", "name_en", "status")
_CONVERSION_POINT_TO_LAYER = JsCode(
    "function (feature, latlng) {"
    ' var icon = L.divIcon({className: "geo-conversion", iconSize: [10, 10],'
    ' html: "<div style=\\"width:7px;height:7px;margin:1px;transform:rotate(45deg);'
    f"background:{CONVERSION_COLOR};border:1px solid #fff;"
    'box-shadow:0 0 0 1px #333\\"></div>"});'
    " return L.marker(latlng, {icon: icon, keyboard: false});"
    " }"
)


def conversion_geojson(
    projects: gpd.GeoDataFrame,
    *,
    lang: str,
    gcj02: bool = False,
    labels: Mapping[str, str] | None = None,
) -> dict:
    """Build the conversion-project FeatureCollection (see :func:`conversion_layer`).

    Parameters
    ----------
    projects : geopandas.GeoDataFrame
        Columns ``id``, ``name_zh``, ``name_en``, ``status``; optional
        ``original_use`` and ``address``.
    lang, gcj02, labels
        As in :func:`carriers_geojson`; status and original-use values are looked up
        in ``labels`` and shown raw when absent.

    Returns
    -------
    dict
        FeatureCollection; properties ``id``, ``kind`` (``"conversion"``), ``name``,
        ``status``, ``original_use``, ``address`` (all escaped) and ``tip``.
    """
    frame = check_frame(projects, CONVERSION_COLUMNS, "projects")
    if not isinstance(lang, str):
        raise TypeError(f"lang must be a str, got {type(lang).__name__}")
    lon, lat, keep = point_lonlat(frame, gcj02)
    kept = frame.loc[keep]
    blank = [None] * len(kept)
    uses = kept["original_use"].tolist() if "original_use" in kept.columns else blank
    addresses = kept["address"].tolist() if "address" in kept.columns else blank
    rows: list[dict[str, object]] = []
    for pid, zh, en, status, use, address in zip(
        kept["id"].tolist(),
        kept["name_zh"].tolist(),
        kept["name_en"].tolist(),
        kept["status"].tolist(),
        uses,
        addresses,
        strict=True,
    ):
        name = escape_text(pick_name(zh, en, lang))
        status_text = (
            escape_text(label(labels, plain_text(status), lang)) if plain_text(status) else ""
        )
        use_text = escape_text(label(labels, plain_text(use), lang)) if plain_text(use) else ""
        tip = f"<b>{name}</b><br>{status_text}"
        tip += f" · {use_text}" if use_text else ""
        rows.append(
            {
                "id": int(pid),
                "kind": "conversion",
                "name": name,
                "status": escape_text(plain_text(status)),
                "original_use": escape_text(plain_text(use)),
                "address": escape_text(plain_text(address)),
                "tip": tip,
            }
        )
    return point_collection(rows, lon, lat)


def conversion_layer(
    projects: gpd.GeoDataFrame,
    *,
    lang: str,
    gcj02: bool = False,
    name: str,
    labels: Mapping[str, str] | None = None,
) -> folium.FeatureGroup:
    """Draw conversion projects as vermillion diamonds with escaped tooltips.

    Parameters
    ----------
    projects : geopandas.GeoDataFrame
        See :func:`conversion_geojson`.
    lang, gcj02, labels
        As in :func:`conversion_geojson`.
    name : str
        Layer name for the layer control.

    Returns
    -------
    folium.FeatureGroup
        Holding a single ``folium.GeoJson`` of DivIcon markers.
    """
    fc = conversion_geojson(projects, lang=lang, gcj02=gcj02, labels=labels)
    group = folium.FeatureGroup(name=escape_text(name))
    PackedGeoJson(
        fc,
        control=False,
        point_to_layer=_CONVERSION_POINT_TO_LAYER,
        on_each_feature=BIND_TIP,
    ).add_to(group)
    return group

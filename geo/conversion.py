"""Idle-carrier conversion projects (闲置载体改造) as one escaped point layer.

Drawn as small vermillion diamonds (DivIcon markers) so they never read as a growth
stage; like the carrier layer, the features ship packed in one ``folium.GeoJson`` and
every user string is escaped before it reaches the page.

A project that already became a carrier (``carrier_id`` set) gets no diamond: it sat
exactly on its carrier and took the carrier's clicks. The carrier layer marks it instead
with a vermillion ring (:func:`converted_carriers` feeds :func:`geo.layers.carriers_geojson`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
from folium.utilities import JsCode

from geo.escape import escape_text
from geo.labels import label
from geo.layers import (
    SPREAD_PX,
    check_frame,
    pick_name,
    plain_text,
    point_collection,
    point_lonlat,
)
from geo.packed import PackedGeoJson, PackedPoints, pack_collection
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


def _linked(frame: pd.DataFrame) -> pd.Series:
    if "carrier_id" not in frame.columns:
        return pd.Series(False, index=frame.index)
    return frame["carrier_id"].notna()


def converted_carriers(projects: pd.DataFrame, *, lang: str) -> dict[int, str]:
    """Carrier id -> name (plain text) of the conversion project that produced it.

    Parameters
    ----------
    projects : pandas.DataFrame
        Conversion projects with ``carrier_id``, ``name_zh``, ``name_en``.
    lang : str
        Picks the name, falling back to the other language.

    Returns
    -------
    dict
        Only projects with a carrier; not escaped (the carrier layer escapes).
    """
    if not isinstance(projects, pd.DataFrame):
        raise TypeError(f"projects must be a DataFrame, got {type(projects).__name__}")
    if projects.empty or "carrier_id" not in projects.columns:
        return {}
    linked = projects[_linked(projects)]
    columns = (linked["carrier_id"], linked["name_zh"], linked["name_en"])
    return {int(cid): pick_name(zh, en, lang) for cid, zh, en in zip(*columns, strict=True)}


def conversion_geojson(
    projects: gpd.GeoDataFrame,
    *,
    lang: str,
    gcj02: bool = False,
    labels: Mapping[str, str] | None = None,
    skip_linked: bool = True,
) -> dict[str, Any]:
    """Build the conversion-project FeatureCollection (see :func:`conversion_layer`).

    Parameters
    ----------
    projects : geopandas.GeoDataFrame
        Columns ``id``, ``name_zh``, ``name_en``, ``status``; optional
        ``original_use``, ``address`` and ``carrier_id``.
    lang, gcj02, labels
        As in :func:`carriers_geojson`; status and original-use values are looked up
        in ``labels`` and shown raw when absent.
    skip_linked : bool
        Leave out projects that have a carrier (``carrier_id`` set): on a map with the
        carrier layer they are ringed there. False on a projects-only map.

    Returns
    -------
    dict
        FeatureCollection; properties ``id``, ``kind`` (``"conversion"``), ``name``,
        ``status``, ``original_use``, ``address`` (all escaped) and ``tip``.
    """
    frame = check_frame(projects, CONVERSION_COLUMNS, "projects")
    if not isinstance(lang, str):
        raise TypeError(f"lang must be a str, got {type(lang).__name__}")
    if skip_linked:
        frame = frame.loc[~_linked(frame)]
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


def pack_conversions(
    projects: gpd.GeoDataFrame,
    *,
    lang: str,
    gcj02: bool = False,
    labels: Mapping[str, str] | None = None,
) -> PackedPoints:
    """:func:`conversion_geojson` packed once, for a page to cache (see
    :func:`geo.layers.pack_carriers`); :func:`conversion_layer` draws it unchanged."""
    return pack_collection(conversion_geojson(projects, lang=lang, gcj02=gcj02, labels=labels))


def conversion_layer(
    projects: gpd.GeoDataFrame | PackedPoints,
    *,
    lang: str,
    gcj02: bool = False,
    name: str,
    labels: Mapping[str, str] | None = None,
    skip_linked: bool = True,
) -> folium.FeatureGroup:
    """Draw conversion projects as vermillion diamonds with escaped tooltips.

    Parameters
    ----------
    projects : geopandas.GeoDataFrame or PackedPoints
        See :func:`conversion_geojson`; or :func:`pack_conversions` of them (then the
        other arguments but ``name`` were used by the packing already).
    lang, gcj02, labels, skip_linked
        As in :func:`conversion_geojson`.
    name : str
        Layer name for the layer control.

    Returns
    -------
    folium.FeatureGroup
        Holding a single ``folium.GeoJson`` of DivIcon markers.
    """
    fc = (
        projects
        if isinstance(projects, PackedPoints)
        else conversion_geojson(
            projects, lang=lang, gcj02=gcj02, labels=labels, skip_linked=skip_linked
        )
    )
    group = folium.FeatureGroup(name=escape_text(name))
    PackedGeoJson(
        fc,
        control=False,
        point_to_layer=_CONVERSION_POINT_TO_LAYER,
        lazy_tips=True,
        spread_px=SPREAD_PX,
    ).add_to(group)
    return group

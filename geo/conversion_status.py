"""Conversion projects coloured by their status, for the conversion tracker's map.

Takes the escaped FeatureCollection of :func:`geo.conversion.conversion_geojson` (so
every user string is already safe) and draws each project as a circle filled with its
status colour, one ``folium.GeoJson`` for all of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import folium
import geopandas as gpd

from geo.assets import assert_local_assets
from geo.conversion import conversion_geojson
from geo.escape import escape_text
from geo.layers import BIND_TIP
from geo.maps import DISTRICT_CENTER, DISTRICT_ZOOM, build_base_map
from geo.style import MARKER_STROKE

FALLBACK_COLOR = "#9E9E9E"


def status_layer(
    fc: dict[str, Any], *, colors: Mapping[str, str], name: str
) -> folium.FeatureGroup:
    """A layer of circles filled by ``colors[feature.properties.status]``.

    Parameters
    ----------
    fc : dict
        From :func:`geo.conversion.conversion_geojson`.
    colors : Mapping
        Status value → CSS colour; unknown statuses are grey.
    name : str
        Layer name (escaped here).
    """
    if not isinstance(fc, dict) or fc.get("type") != "FeatureCollection":
        raise TypeError("fc must be a GeoJSON FeatureCollection dict")
    palette = dict(colors)

    def style(feature: dict[str, Any]) -> dict[str, object]:
        status = (feature.get("properties") or {}).get("status")
        return {"fillColor": palette.get(str(status), FALLBACK_COLOR)}

    group = folium.FeatureGroup(name=escape_text(name))
    folium.GeoJson(
        fc,
        marker=folium.CircleMarker(
            radius=7, weight=1.5, color=MARKER_STROKE, fill=True, fill_opacity=0.95
        ),
        style_function=style,
        on_each_feature=BIND_TIP,
        control=False,
    ).add_to(group)
    return group


def legend_html(colors: Mapping[str, str], labels: Mapping[str, str], title: str) -> str:
    """A one-line legend of coloured dots with status names (all text escaped)."""
    chips = " ".join(
        '<span style="white-space:nowrap;margin-right:.6em">'
        '<span style="display:inline-block;width:.8em;height:.8em;border-radius:50%;'
        f'border:1px solid {MARKER_STROKE};background:{escape_text(color)}"></span> '
        f"{escape_text(labels.get(status, status))}</span>"
        for status, color in colors.items()
    )
    return f"<div>{escape_text(title)}: {chips}</div>"


def tracker_map(
    projects: gpd.GeoDataFrame,
    *,
    colors: Mapping[str, str],
    labels: Mapping[str, str],
    lang: str,
    name: str,
) -> tuple[folium.Map, folium.FeatureGroup]:
    """The offline district base map and the projects coloured by status.

    The base map is :func:`geo.maps.build_base_map` at the district's default view (no
    tiles); the layer is meant for streamlit-folium's ``feature_group_to_add``.
    ``labels`` translates status and original-use values in the tooltips.
    """
    from geo.zones import build_context, build_zones  # zones build on maps' helpers

    base = build_base_map(
        zones=build_zones(),
        context=build_context(),
        labels=labels,
        lang=lang,
        layer_control=False,
        center=DISTRICT_CENTER,
        zoom=DISTRICT_ZOOM,
    )
    # Every project here, those that became carriers too: this map is about projects.
    fc = conversion_geojson(projects, lang=lang, labels=labels, skip_linked=False)
    layer = status_layer(fc, colors=colors, name=name)
    assert_local_assets(base, layer)
    return base, layer

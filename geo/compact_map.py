"""A small static map of the district with the park and belts shaded by occupancy.

The home page shows it beside the figures: four zones, their names and rates, and the
occupancy classes of the map page's shading (:data:`geo.style.OCCUPANCY_CLASSES`), so a
leader sees which belt is full or weak without opening the map. It is a Vega-Lite
(Altair) chart, not a Leaflet map: no tiles, no JavaScript beyond what Streamlit already
ships, a few kilobytes of simplified outlines, and it redraws instantly when the month
changes. Geometry is simplified in UTM 51N (metres), drawn in WGS-84.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import altair as alt
import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry.polygon import orient

from geo.crs import METRIC_CRS, WGS84
from geo.style import OCCUPANCY_CLASSES, OCCUPANCY_INK, ZONE_LABEL_COLOR

# Outlines drawn at ~400 px across the district: 15 m detail is invisible there.
_SIMPLIFY_M = 15.0
# Belts first, the park last: Shibei park overlaps the Middle Ring belt and its own
# figure must be the one seen where they overlap.
_ORDER = ("belt_njw", "belt_szr", "belt_mrr", "shibei")
NO_DATA_COLOR = "#FFFFFF"


def _clockwise(geom: shapely.Geometry) -> shapely.Geometry:
    """Exterior rings clockwise, as d3-geo (under Vega-Lite) wants them.

    d3 reads rings on the sphere: a counter-clockwise exterior (the GeoJSON/shapely
    convention) means "everything except this polygon", which fills the whole view.
    """
    if geom.geom_type == "Polygon":
        return orient(geom, sign=-1.0)
    if geom.geom_type == "MultiPolygon":
        return shapely.MultiPolygon([orient(g, sign=-1.0) for g in geom.geoms])
    return geom


def _for_vega(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Simplified (in metres) and d3-oriented WGS-84 geometries."""
    metric = frame.to_crs(METRIC_CRS)
    simple = metric.geometry.simplify(_SIMPLIFY_M, preserve_topology=True).to_crs(WGS84)
    return frame.to_crs(WGS84).set_geometry(simple.map(_clockwise))


def _blend(hex_ink: str, opacity: float) -> str:
    """The colour of ``hex_ink`` at ``opacity`` over white (what Leaflet's fill shows)."""
    ink = [int(hex_ink[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(255 + (c - 255) * opacity) for c in ink]
    return "#" + "".join(f"{c:02X}" for c in mixed)


def occupancy_class(rate: float | None) -> str | None:
    """The legend text of the class ``rate`` (0..1) falls in; None without a figure."""
    if rate is None or rate != rate:
        return None
    for upper, _, text in OCCUPANCY_CLASSES:
        if rate < upper:
            return text
    return None  # unreachable: the last class is open-ended


def class_colours() -> tuple[list[str], list[str]]:
    """Legend texts and their solid colours, lightest first (same ramp as the map page)."""
    texts = [text for _, _, text in OCCUPANCY_CLASSES]
    # The map page's fills are faint over a busy map; here the zones are the only ink,
    # so each class is drawn three times as strong to stay readable on white.
    colours = [_blend(OCCUPANCY_INK, min(1.0, 3 * op)) for _, op, _ in OCCUPANCY_CLASSES]
    return texts, colours


def compact_frame(
    zones: gpd.GeoDataFrame,
    rates: Mapping[str, float | None],
    names: Mapping[str, str],
    *,
    no_data: str,
) -> gpd.GeoDataFrame:
    """Zones (``code`` + geometry, any CRS) with name, rate text and class, in draw order."""
    by_code = _for_vega(zones).set_index("code")
    rows = []
    for code in _ORDER:
        if code not in by_code.index:
            continue
        value = rates.get(code)
        rate = None if value is None or value != value else float(value)
        rows.append(
            {
                "code": code,
                "name": names.get(code, code),
                "rate": no_data if rate is None else f"{rate * 100:.1f}%",
                "cls": occupancy_class(rate) or no_data,
                "geometry": by_code.loc[code, "geometry"],
            }
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=WGS84)


def _inline(frame: gpd.GeoDataFrame) -> alt.InlineData:
    """Features as inline GeoJSON: Streamlit turns a GeoDataFrame into an Arrow table,
    dropping its geometry, but leaves GeoJSON in the spec (fields: ``properties.x``)."""
    collection = json.loads(frame.to_json(drop_id=True))
    return alt.InlineData(values=collection, format=alt.DataFormat(property="features"))


def compact_map_chart(
    zones: gpd.GeoDataFrame,
    rates: Mapping[str, float | None],
    names: Mapping[str, str],
    label_points: list[tuple[str, float, float]],
    *,
    legend_title: str,
    no_data: str,
    tooltip_titles: tuple[str, str] = ("zone", "occupancy"),
    height: int = 420,
) -> alt.LayerChart:
    """District outline, zones filled by occupancy class, and a name + rate label each.

    ``zones`` is :func:`geo.zones.build_zones` (the ``district`` row draws the frame),
    ``rates`` maps zone code to occupancy (0..1 or None), ``names`` zone code to the
    name in the reader's language, ``label_points`` :func:`geo.zones.zone_label_points`.
    """
    district = _for_vega(zones[zones["code"] == "district"])
    frame = compact_frame(zones[zones["code"] != "district"], rates, names, no_data=no_data)
    texts, colours = class_colours()
    outline = (
        alt.Chart(_inline(district))
        .mark_geoshape(fill="#F4F4F1", stroke="#3C4A3E", strokeWidth=1.5)
        .project(type="mercator")
    )
    fills = (
        alt.Chart(_inline(frame))
        .mark_geoshape(stroke="#3C4A3E", strokeWidth=1, strokeDash=[4, 2], fillOpacity=0.9)
        .encode(
            fill=alt.Color(
                "properties.cls:N",
                scale=alt.Scale(domain=[*texts, no_data], range=[*colours, NO_DATA_COLOR]),
                legend=alt.Legend(
                    title=legend_title,
                    orient="bottom",
                    columns=3,
                    symbolType="square",
                    symbolStrokeColor="#3C4A3E",
                    symbolStrokeWidth=0.5,
                    labelFontSize=12,
                ),
            ),
            tooltip=[
                alt.Tooltip("properties.name:N", title=tooltip_titles[0]),
                alt.Tooltip("properties.rate:N", title=tooltip_titles[1]),
            ],
        )
        .project(type="mercator")
    )
    known = {row["code"]: row for _, row in frame.iterrows()}
    labels = pd.DataFrame(
        [
            {"lon": lon, "lat": lat, "text": f"{known[c]['name']} {known[c]['rate']}"}
            for c, lon, lat in label_points
            if c in known
        ],
        columns=["lon", "lat", "text"],
    )
    base = alt.Chart(labels).encode(longitude="lon:Q", latitude="lat:Q", text="text:N")
    # A white halo under dark text keeps each name readable over any fill.
    halo = base.mark_text(fontSize=12, fontWeight="bold", stroke="white", strokeWidth=4)
    text = base.mark_text(fontSize=12, fontWeight="bold", color=ZONE_LABEL_COLOR)
    return alt.LayerChart(layer=[outline, fills, halo, text], height=height)

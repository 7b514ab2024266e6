"""The big screen's map additions: a dark frame and zones shaded and labelled by occupancy.

The base map and the carrier/project layers come from :mod:`geo.maps`; this module only
adds what a dark wall display needs on top: a dark map background, a bright district
outline (the base map's outline is drawn for a white page) and one overlay that fills
the park and each belt by its occupancy and labels it with its name and rate, always
visible. The overlay is a separate feature group, so new figures replace it without
remounting the map.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import folium
import geopandas as gpd
from folium.template import Template

from geo.escape import escape_text

MAP_BG = "#0b1d3a"
# Occupancy ramp, low to high: dark blue to cyan (reads on the dark background and does
# not clash with the stage colours of the dots drawn on top).
_RAMP = ((0.0, (31, 59, 115)), (1.0, (40, 248, 255)))
_LOW, _HIGH = 0.6, 1.0
# Shibei park and the Middle Ring belt overlap: their labels go above and below.
_LABEL_DIRECTION = {
    "shibei": "top",
    "belt_mrr": "bottom",
}  # the range where wall viewers need to tell zones apart

DARK_FRAME_CSS = f"""
html, body {{ background: {MAP_BG} !important; }}
/* streamlit-folium gives its map div a fixed pixel height; the page sizes the frame. */
#map_div, .folium-map {{ height: 100vh !important; }}
.leaflet-container {{ background: {MAP_BG} !important; }}
.scr-zone-label {{ background: rgba(6,20,43,.82); color: #ffffff; border: 1px solid #28f8ff;
  font: 600 max(11px, 1.7vh)/1.25 "Noto Sans CJK SC", "Microsoft YaHei", sans-serif;
  padding: 0.3vh 0.6vh;
  box-shadow: none; text-align: center; }}
.scr-zone-label::before {{ display: none; }}
/* In the frame, vh is the frame's height: the legend grows with the wall. */
.geo-legend {{ background: rgba(6,20,43,.88) !important; color: #e8f1ff !important;
  font-size: max(10px, 1.35vh) !important; }}
"""


def occupancy_color(rate: float | None) -> str:
    """Fill colour for an occupancy rate (grey when there is no rate)."""
    if rate is None:
        return "#5a6b85"
    share = min(max((rate - _LOW) / (_HIGH - _LOW), 0.0), 1.0)
    (_, lo), (_, hi) = _RAMP
    r, g, b = (round(a + (c - a) * share) for a, c in zip(lo, hi, strict=True))
    return f"#{r:02x}{g:02x}{b:02x}"


class DarkFrame(folium.MacroElement):
    """Dark styles in the frame, and the district fitted whenever the frame's size changes.

    The wall's frame is sized in ``vh`` by the page's CSS, so its pixel height is only
    known in the browser: a fixed zoom leaves a small district on a 4K wall.
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function (m) {
          var b = L.latLngBounds({{ this.bounds }});
          m.options.zoomSnap = 0.25;
          function fit() { m.invalidateSize(); m.fitBounds(b, {padding: [6, 6]}); }
          window.addEventListener("resize", fit);
          setTimeout(fit, 30);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, bounds: tuple[float, float, float, float]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        minx, miny, maxx, maxy = (float(v) for v in bounds)
        self.bounds = json.dumps([[miny, minx], [maxy, maxx]])
        self.css = DARK_FRAME_CSS


def add_dark_frame(m: folium.Map, bounds: tuple[float, float, float, float]) -> folium.Map:
    """Dark background inside the map's frame and the district fitted to the frame.

    ``bounds`` is ``(minx, miny, maxx, maxy)`` in WGS-84, e.g. the zones' total bounds.
    """
    DarkFrame(bounds).add_to(m)
    return m


def zone_occupancy_layer(
    zones: gpd.GeoDataFrame,
    occupancy: Mapping[str, float | None],
    *,
    lang: str,
    rate_text: Mapping[str, str],
    name: str = "zones",
) -> folium.FeatureGroup:
    """Park and belts filled by occupancy, each with a permanent label; bright outline.

    Parameters
    ----------
    zones : geopandas.GeoDataFrame
        From :func:`geo.zones.build_zones` (WGS-84).
    occupancy : Mapping
        Zone code to rate (fraction) or None.
    lang : str
        ``"zh"`` or ``"en"``: which zone name the label shows.
    rate_text : Mapping
        Zone code to the formatted rate shown under the name (e.g. ``"85.8%"``).
    """
    if not isinstance(zones, gpd.GeoDataFrame):
        raise TypeError(f"zones must be a GeoDataFrame, got {type(zones).__name__}")
    zones = zones.to_crs("EPSG:4326")
    features = []
    for _, row in zones.iterrows():
        code = str(row["code"])
        name_text = row["name_zh"] if lang == "zh" else row["name_en"]
        if row["kind"] == "district":
            style = {"color": "#9fc6ff", "weight": 2.5, "fill": False, "opacity": 0.9}
            label = ""
        else:
            rate = occupancy.get(code)
            style = {
                "color": occupancy_color(rate),
                "weight": 2,
                "fillColor": occupancy_color(rate),
                "fillOpacity": 0.35,
                "opacity": 0.95,
            }
            label = f"{escape_text(name_text)}<br>{escape_text(rate_text.get(code, '—'))}"
        features.append(
            {
                "type": "Feature",
                "geometry": row.geometry.__geo_interface__,
                "properties": {
                    "code": code,
                    "label": label,
                    "dir": _LABEL_DIRECTION.get(code, "center"),
                    "style": style,
                },
            }
        )
    group = folium.FeatureGroup(name=escape_text(name), control=False)
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        interactive=False,
        on_each_feature=folium.JsCode(
            "function (f, l) { if (f.properties.label) { l.bindTooltip(f.properties.label,"
            " {permanent: true, direction: f.properties.dir, className: 'scr-zone-label'}); } }"
        ),
    ).add_to(group)
    return group

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
import pandas as pd
from folium.template import Template

from geo.conversion import conversion_layer
from geo.escape import escape_text
from geo.layers import carrier_layer, carriers_geojson
from geo.maps import build_base_map
from geo.selection import to_points

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

# Frame height (px) at which markers and controls keep their normal size: the map of
# a 1920×1080 wall is ~930 px high; a 3840×2160 wall doubles everything.
BASE_FRAME_PX = 900
SCALE_RANGE = (0.8, 3.0)

DARK_FRAME_CSS = f"""
:root {{ --scr-s: 1; }}
html, body {{ background: {MAP_BG} !important; }}
/* streamlit-folium gives its map div a fixed pixel height; the page sizes the frame. */
#map_div, .folium-map {{ height: 100vh !important; }}
.leaflet-container {{ background: {MAP_BG} !important; }}
.scr-zone-label {{ background: rgba(6,20,43,.82); color: #ffffff; border: 1px solid #28f8ff;
  font: 600 max(11px, 1.7vh)/1.25 "Noto Sans CJK SC", "Microsoft YaHei", sans-serif;
  padding: 0.3vh 0.6vh;
  box-shadow: none; text-align: center;
  white-space: normal; width: max-content; max-width: 22em; overflow-wrap: anywhere; }}
.scr-zone-label::before {{ display: none; }}
/* Controls and the legend grow with the wall (--scr-s is set by the frame's script);
   the legend starts at 16 px, read from across a room (user QA: 12 px drew ~9 px).
   the scale bar is left alone: zooming it would make its length lie. */
.leaflet-control:not(.leaflet-control-scale) {{ zoom: var(--scr-s); }}
.leaflet-control-scale-line {{ font-size: calc(11px * var(--scr-s)) !important;
  border-width: calc(2px * var(--scr-s)) !important; }}
.geo-legend {{ background: rgba(6,20,43,.88) !important; color: #e8f1ff !important;
  font-size: 16px !important; max-width: 330px !important; padding: 8px 11px !important; }}
.geo-legend .geo-sw {{ width: 14px !important; height: 14px !important; }}
/* Project diamonds are DivIcons: scale the drawing, not the positioned icon. */
.geo-conversion > div {{ transform: rotate(45deg) scale(var(--scr-s)) !important; }}
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
    """Dark styles in the frame; the district fitted and the marks scaled to the frame.

    The wall's frame is sized in ``vh`` by the page's CSS, so its pixel height is only
    known in the browser: a fixed zoom leaves a small district on a 4K wall, and fixed
    6 px dots and 30 px buttons become specks. On every resize the script sets
    ``s = frame height / BASE_FRAME_PX`` (clamped to ``SCALE_RANGE``), multiplies the
    radius of every circle marker and the spread distance of every spread layer by it
    (layers added later by a data refresh too), publishes it as ``--scr-s`` for the
    CSS, and re-fits the district. The legend moves to the top right, where the
    district leaves empty map (at the bottom right it hid the south end on 1366×768).
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function (m) {
          var b = L.latLngBounds({{ this.bounds }});
          var scale = 1, pending = null;
          m.options.zoomSnap = 0.25;
          function scaleMarks() {
            m.eachLayer(function (l) {
              if (l instanceof L.CircleMarker && !(l instanceof L.Circle)) {
                if (l._scrR0 === undefined) { l._scrR0 = l.options.radius; }
                if (l.options.radius !== l._scrR0 * scale) { l.setRadius(l._scrR0 * scale); }
              }
            });
            (m._geoSpreadLayers || []).forEach(function (e) {
              if (e._scrSize0 === undefined) { e._scrSize0 = e.size; }
              e.size = e._scrSize0 * scale;
            });
          }
          function moveLegend() {
            var legend = m.getContainer().querySelector(".geo-legend");
            var corner = m._controlCorners && m._controlCorners.topright;
            if (legend && corner && legend.parentNode !== corner) { corner.appendChild(legend); }
          }
          function fit() {
            m.invalidateSize();
            var h = m.getSize().y;
            scale = Math.min(Math.max(h / {{ this.base_px }}, {{ this.lo }}), {{ this.hi }});
            document.documentElement.style.setProperty("--scr-s", String(scale));
            moveLegend();
            scaleMarks();
            m.fitBounds(b, {padding: [6, 6]});
            m.fire("viewreset");  // the spread recomputes with the new distances
          }
          // A refresh replaces the carrier layer: scale its dots once it is in.
          // Only new dots count: the spread's own leader lines must not loop back here.
          m.on("layeradd", function (e) {
            var dot = e.layer instanceof L.CircleMarker && e.layer._scrR0 === undefined;
            if (dot && pending === null) {
              pending = setTimeout(function () {
                pending = null; scaleMarks(); m.fire("viewreset");
              }, 0);
            }
          });
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
        self.base_px = BASE_FRAME_PX
        self.lo, self.hi = SCALE_RANGE


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


def screen_base_map(
    zones: gpd.GeoDataFrame, context: gpd.GeoDataFrame, *, labels: Mapping[str, str], lang: str
) -> folium.Map:
    """The wall's base map: offline context, no layer control of its own, dark frame.

    The zone names come with their rates from :func:`zone_occupancy_layer` (one label
    per zone), so the base map draws none.
    """
    base = build_base_map(
        zones=zones,
        context=context,
        labels=labels,
        lang=lang,
        layer_control=False,
        zone_labels=False,
        legend_zones=False,  # each zone is named on the map, with its rate
    )
    return add_dark_frame(base, tuple(zones.total_bounds))


def screen_layers(
    zones: gpd.GeoDataFrame,
    carriers: pd.DataFrame,
    conversions: pd.DataFrame,
    *,
    rates: Mapping[str, float | None],
    rate_text: Mapping[str, str],
    lang: str,
    labels: Mapping[str, str],
) -> list[folium.FeatureGroup]:
    """The layers a refresh replaces: zones by occupancy, carriers by stage, projects.

    ``carriers`` and ``conversions`` are the app's query frames (may be empty).
    """
    layers = [zone_occupancy_layer(zones, rates, lang=lang, rate_text=rate_text)]
    if not carriers.empty:
        fc = carriers_geojson(to_points(carriers), lang=lang, gcj02=False, labels=labels)
        layers.append(carrier_layer(fc, name=labels["carriers"]))
    if not conversions.empty and "lon" in conversions:
        layers.append(
            conversion_layer(
                to_points(conversions), lang=lang, name=labels["conversion"], labels=labels
            )
        )
    return layers

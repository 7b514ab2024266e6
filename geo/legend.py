"""Own Leaflet controls and map furniture: a collapsible legend, a fullscreen button,
on-map zone names, a map that fills its frame, and "fit to what the filter leaves".

Both are plain ``L.Control`` objects written inline, so nothing is fetched from a CDN
(branca colormaps pull d3 and folium's Fullscreen plugin pulls its script remotely).
All JavaScript sits in the ``script`` macro because streamlit-folium only executes that
part; the CSS is an inline ``<style>`` in the header, which it keeps. Labels are escaped
with :func:`geo.escape.escape_text` and passed to JS as JSON strings, never spliced into
template literals.
"""

from __future__ import annotations

from collections.abc import Mapping

import folium
from folium.template import Template

from geo.escape import escape_text
from geo.style import (
    CONVERSION_COLOR,
    MARKER_STROKE,
    OCCUPANCY_CLASSES,
    OCCUPANCY_INK,
    STAGE_COLORS,
    STAGES,
    ZONE_LABEL_COLOR,
    ZONE_STYLES,
)

_LEGEND_CSS = """
.geo-legend{background:rgba(255,255,255,.93);color:#1f1f1f;padding:6px 9px;
 border-radius:4px;box-shadow:0 1px 5px rgba(0,0,0,.35);font:12px/1.45 system-ui,
 "PingFang SC","Microsoft YaHei",sans-serif;max-width:260px}
.geo-legend .geo-legend-title{font-weight:600;margin-bottom:2px}
.geo-legend .geo-sw{display:inline-block;width:11px;height:11px;margin-right:6px;
 vertical-align:-1px;box-sizing:border-box}
.geo-legend .geo-dot{border-radius:50%}
.geo-legend .geo-diamond{transform:rotate(45deg) scale(.85)}
.geo-legend .geo-ring{border-radius:50%;border-width:3px !important}
.geo-legend .geo-legend-toggle{all:unset;cursor:pointer;font-weight:600;display:block;
 width:100%}
.geo-legend .geo-legend-toggle:focus-visible{outline:2px solid #333}
.geo-legend .geo-legend-body .geo-legend-title{display:none}
.geo-legend.geo-collapsed .geo-legend-body{display:none}
.geo-fullscreen a{font-size:16px;font-weight:700;text-align:center;cursor:pointer}
@media (min-width:1800px){.geo-legend{font-size:18px;max-width:400px;padding:10px 14px}
 .geo-legend .geo-sw{width:16px;height:16px}}
"""

# Zone names: dark text on a white halo (several text-shadows), never catching a click.
# One line up to 22em, wrapped beyond: an admin's 150-character zone name ran across the
# whole map as one line (attack QA).
_ZONE_LABEL_CSS = f"""
.geo-zone-label{{background:none;border:none}}
.geo-zone-label>div{{position:absolute;left:0;top:0;transform:translate(-50%,-50%);
 width:max-content;max-width:22em;white-space:normal;overflow-wrap:anywhere;
 text-align:center;pointer-events:none;color:{ZONE_LABEL_COLOR};font-weight:600;
 font-size:var(--geo-zl-size,12px);line-height:1.2;letter-spacing:.02em;
 font-family:system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;
 text-shadow:0 0 2px #fff,0 0 3px #fff,1px 1px 0 #fff,-1px -1px 0 #fff,1px -1px 0 #fff,
 -1px 1px 0 #fff,0 0 6px #fff}}
.geo-zone-label .geo-zl-short{{display:none}}
.geo-zl-low .geo-zone-label .geo-zl-short{{display:inline}}
.geo-zl-low .geo-zone-label>div{{font-weight:700}}
.geo-zl-low .geo-zone-label .geo-zl-long{{display:none}}
"""

# The map fills its iframe; the page sizes the iframe to the viewport (see ui/page CSS).
# streamlit-folium renames folium's map div to #map_div and sets its height inline.
_FILL_FRAME_CSS = (
    "html,body{height:100%;margin:0}"
    "#map_div,.folium-map{height:100vh !important;width:100% !important}"
)


# Four corner brackets; inline SVG because the Unicode "fullscreen" glyph is missing
# from common CJK fonts. No xmlns needed (and none wanted: it would look like a URL).
_FULLSCREEN_ICON = (
    '<svg viewBox="0 0 16 16" width="16" height="16" style="vertical-align:-3px">'
    '<path d="M1 6V1h5M10 1h5v5M15 10v5h-5M6 15H1v-5" fill="none" stroke="#333" '
    'stroke-width="2"/></svg>'
)


class MapLegend(folium.MacroElement):
    """A Leaflet control listing the stage colours and zone styles.

    Parameters
    ----------
    items_html : str
        Already escaped inner HTML of the legend.
    position : str
        Leaflet control corner.
    title : str
        Text of the collapse toggle (plain text; set with ``textContent``).
    collapse_below_px : int
        The legend starts collapsed on maps narrower than this.
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function (map) {
            var legend = L.control({position: {{ this.position|tojson }}});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "geo-legend leaflet-control");
                var button = L.DomUtil.create("button", "geo-legend-toggle", div);
                button.type = "button";
                var body = L.DomUtil.create("div", "geo-legend-body", div);
                body.innerHTML = {{ this.items_html|tojson }};
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                var title = {{ this.title|tojson }};
                var set = function (collapsed) {
                    div.classList.toggle("geo-collapsed", collapsed);
                    button.textContent = title + (collapsed ? " \u25b8" : " \u25be");
                    button.setAttribute("aria-expanded", collapsed ? "false" : "true");
                };
                L.DomEvent.on(button, "click", function (e) {
                    L.DomEvent.stop(e);
                    set(!div.classList.contains("geo-collapsed"));
                });
                // Narrow maps (phones) start with the legend folded away.
                set(map.getSize().x < {{ this.collapse_below_px }});
                return div;
            };
            legend.addTo(map);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        items_html: str,
        position: str = "bottomright",
        *,
        title: str = "",
        collapse_below_px: int = 480,
    ) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "MapLegend"
        self.items_html = items_html
        self.position = position
        self.title = title
        self.collapse_below_px = int(collapse_below_px)
        self.css = " ".join(_LEGEND_CSS.split())


class FullscreenButton(folium.MacroElement):
    """A small Leaflet control that toggles fullscreen with ``requestFullscreen``.

    Parameters
    ----------
    title : str
        Button tooltip (escaped by the caller or plain text; it is set via ``title``).
    position : str
        Leaflet control corner.
    bounds : list, optional
        ``[[south, west], [north, east]]``: refit to it on entering/leaving full screen.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            var Fullscreen = L.Control.extend({
                options: {position: {{ this.position|tojson }}},
                onAdd: function () {
                    var bar = L.DomUtil.create("div", "leaflet-bar geo-fullscreen");
                    var a = L.DomUtil.create("a", "", bar);
                    a.href = "#";
                    a.setAttribute("role", "button");
                    a.title = {{ this.title|tojson }};
                    a.innerHTML = {{ this.icon|tojson }};
                    L.DomEvent.on(a, "click", function (e) {
                        L.DomEvent.stop(e);
                        var el = map.getContainer();
                        var doc = document;
                        if (doc.fullscreenElement || doc.webkitFullscreenElement) {
                            (doc.exitFullscreen || doc.webkitExitFullscreen).call(doc);
                        } else if (el.requestFullscreen) {
                            el.requestFullscreen();
                        } else if (el.webkitRequestFullscreen) {
                            el.webkitRequestFullscreen();
                        }
                    });
                    return bar;
                }
            });
            new Fullscreen().addTo(map);
            {% if this.bounds %}
            if (window.geoMap) {
                // Entering or leaving full screen shows the whole district again.
                window.geoMap.refitOnFullscreen(map, {{ this.bounds|tojson }});
            } else {
            {% endif %}
            var resize = function () { map.invalidateSize(); };
            document.addEventListener("fullscreenchange", resize);
            document.addEventListener("webkitfullscreenchange", resize);
            {% if this.bounds %}
            }
            {% endif %}
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        title: str,
        position: str = "topleft",
        *,
        bounds: list[list[float]] | None = None,
    ) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "FullscreenButton"
        self.title = title
        self.icon = _FULLSCREEN_ICON
        self.position = position
        self.bounds = bounds


def _swatch(style: Mapping[str, object], shape: str = "") -> str:
    stroke = style.get("color", MARKER_STROKE)
    fill = style.get("fillColor", "transparent") if style.get("fill", True) else "transparent"
    dashed = "dashed" if style.get("dashArray") else "solid"
    return (
        f'<span class="geo-sw {shape}" style="background:{fill};'
        f'border:2px {dashed} {stroke}"></span>'
    )


def _over_white(colour: str, alpha: float) -> str:
    rgb = [int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(alpha * v + (1 - alpha) * 255):02X}" for v in rgb)


def legend_html(
    labels: Mapping[str, str], zone_codes: list[str], *, occupancy_scale: bool = False
) -> str:
    """Build the escaped inner HTML of the legend.

    Parameters
    ----------
    labels : Mapping
        ``legend_title``, the four stage values and the zone codes (missing keys show
        the key itself); ``conversion`` adds the conversion-project row.
    zone_codes : list of str
        Zone codes to list, in order.
    occupancy_scale : bool
        Add the zone-occupancy scale (``occupancy_scale`` label, one row per class).

    Returns
    -------
    str
        HTML where every label has gone through :func:`escape_text`.
    """
    if not isinstance(labels, Mapping):
        raise TypeError(f"labels must be a mapping, got {type(labels).__name__}")
    rows = [f'<div class="geo-legend-title">{escape_text(labels.get("legend_title", ""))}</div>']
    for stage in STAGES:
        dot = _swatch({"color": MARKER_STROKE, "fillColor": STAGE_COLORS[stage]}, "geo-dot")
        rows.append(f"<div>{dot}{escape_text(labels.get(stage, stage))}</div>")
    if "converted_carrier" in labels:
        ring = _swatch({"color": CONVERSION_COLOR, "fillColor": "#FFFFFF"}, "geo-dot geo-ring")
        rows.append(f"<div>{ring}{escape_text(labels['converted_carrier'])}</div>")
    if "conversion" in labels:
        diamond = _swatch({"color": "#FFFFFF", "fillColor": CONVERSION_COLOR}, "geo-diamond")
        rows.append(f"<div>{diamond}{escape_text(labels['conversion'])}</div>")
    for code in zone_codes:
        style = ZONE_STYLES.get(code)
        if style is not None:
            # As drawn: the faint fill over white, the outline in its dash pattern.
            shown = dict(style)
            if "fillColor" in shown:
                opacity = float(shown.get("fillOpacity", 0.2))  # type: ignore[arg-type]
                shown["fillColor"] = _over_white(str(shown["fillColor"]), max(opacity, 0.12))
            rows.append(f"<div>{_swatch(shown)}{escape_text(labels.get(code, code))}</div>")
    if occupancy_scale:
        title = escape_text(labels.get("occupancy_scale", "occupancy"))
        rows.append(f'<div style="margin-top:4px;font-weight:600">{title}</div>')
        for _, opacity, text in OCCUPANCY_CLASSES:
            fill = _over_white(OCCUPANCY_INK, opacity)
            sw = _swatch({"color": "#8A8A8A", "fillColor": fill})
            rows.append(f"<div>{sw}{escape_text(text)}</div>")
    return "".join(rows)


class ZoneLabels(folium.MacroElement):
    """Permanent, non-clickable zone names on the map, sized to the zoom.

    Parameters
    ----------
    items : list of dict
        ``{"name", "short", "lat", "lon"}``; names are plain text (the browser sets
        them with ``textContent``) and are shown short below zoom 12.5.
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        if (window.geoMap) {
            window.geoMap.zoneLabels({{ this._parent.get_name() }}, {{ this.items|tojson }},
                "geoZoneLabels");
        }
        {% endmacro %}
        """
    )

    def __init__(self, items: list[dict[str, object]]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "ZoneLabels"
        self.items = items
        self.css = " ".join(_ZONE_LABEL_CSS.split())


class FillFrame(folium.MacroElement):
    """Make the Leaflet map fill its frame (the page decides the frame's height)."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "FillFrame"
        self.css = _FILL_FRAME_CSS


class FollowBounds(folium.MacroElement):
    """Fit the map to ``bounds`` when its parent layer is added, unless the user moved it.

    Add it to the swappable feature group: streamlit-folium re-adds that group after a
    filter changes, and ``geoMap.follow`` (static/js/geo_map.js) then fits the map to
    what the filter leaves -- but leaves the view alone once the person dragged or
    zoomed the map.

    Parameters
    ----------
    bounds : list
        ``[[south, west], [north, east]]`` in the drawn datum.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        if (window.geoMap) {
            window.geoMap.follow({{ this._parent.get_name() }}, {{ this.bounds|tojson }});
        }
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "FollowBounds"
        self.bounds = bounds


class MetricScale(folium.MacroElement):
    """A metric-only scale bar (Leaflet's default adds miles and feet)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        L.control.scale({imperial: false, metric: true, position: "bottomleft"})
            .addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "MetricScale"

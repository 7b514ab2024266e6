"""Own Leaflet controls: an always-visible legend and a fullscreen button.

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
from geo.style import CONVERSION_COLOR, MARKER_STROKE, STAGE_COLORS, STAGES, ZONE_STYLES

_LEGEND_CSS = """
.geo-legend{background:rgba(255,255,255,.93);color:#1f1f1f;padding:6px 9px;
 border-radius:4px;box-shadow:0 1px 5px rgba(0,0,0,.35);font:12px/1.45 system-ui,
 "PingFang SC","Microsoft YaHei",sans-serif;max-width:260px}
.geo-legend .geo-legend-title{font-weight:600;margin-bottom:2px}
.geo-legend .geo-sw{display:inline-block;width:11px;height:11px;margin-right:6px;
 vertical-align:-1px;box-sizing:border-box}
.geo-legend .geo-dot{border-radius:50%}
.geo-legend .geo-diamond{transform:rotate(45deg) scale(.85)}
.geo-fullscreen a{font-size:16px;font-weight:700;text-align:center;cursor:pointer}
"""


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
                div.innerHTML = {{ this.items_html|tojson }};
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            legend.addTo(map);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, items_html: str, position: str = "bottomright") -> None:
        super().__init__()
        self._name = "MapLegend"
        self.items_html = items_html
        self.position = position
        self.css = " ".join(_LEGEND_CSS.split())


class FullscreenButton(folium.MacroElement):
    """A small Leaflet control that toggles fullscreen with ``requestFullscreen``.

    Parameters
    ----------
    title : str
        Button tooltip (escaped by the caller or plain text; it is set via ``title``).
    position : str
        Leaflet control corner.
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
            var resize = function () { map.invalidateSize(); };
            document.addEventListener("fullscreenchange", resize);
            document.addEventListener("webkitfullscreenchange", resize);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, title: str, position: str = "topleft") -> None:
        super().__init__()
        self._name = "FullscreenButton"
        self.title = title
        self.icon = _FULLSCREEN_ICON
        self.position = position


def _swatch(style: Mapping[str, object], shape: str = "") -> str:
    stroke = style.get("color", MARKER_STROKE)
    fill = style.get("fillColor", "transparent") if style.get("fill", True) else "transparent"
    dashed = "dashed" if style.get("dashArray") else "solid"
    return (
        f'<span class="geo-sw {shape}" style="background:{fill};'
        f'border:2px {dashed} {stroke}"></span>'
    )


def legend_html(labels: Mapping[str, str], zone_codes: list[str]) -> str:
    """Build the escaped inner HTML of the legend.

    Parameters
    ----------
    labels : Mapping
        ``legend_title``, the four stage values and the zone codes (missing keys show
        the key itself); ``conversion`` adds the conversion-project row.
    zone_codes : list of str
        Zone codes to list, in order.

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
    if "conversion" in labels:
        diamond = _swatch({"color": "#FFFFFF", "fillColor": CONVERSION_COLOR}, "geo-diamond")
        rows.append(f"<div>{diamond}{escape_text(labels['conversion'])}</div>")
    for code in zone_codes:
        style = ZONE_STYLES.get(code)
        if style is not None:
            rows.append(f"<div>{_swatch(style)}{escape_text(labels.get(code, code))}</div>")
    return "".join(rows)

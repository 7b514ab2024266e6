"""Compact transport of a point FeatureCollection into the map page.

Plain GeoJSON repeats ``{"type":"Feature","geometry":{"type":"Point",...`` and every
property name for each of thousands of points, and folium's ``tojson`` escapes CJK text
to ``\\uXXXX``. :func:`pack_points` instead sends columns: a flat coordinate array,
dictionary-encoded repeated strings, and tooltips stored as a suffix after the feature's
name. A few lines of JS (:data:`UNPACK_JS`) rebuild the *identical* FeatureCollection
in the browser before ``L.geoJson().addData`` -- so tooltips, styling and
streamlit-folium's ``last_active_drawing`` see exactly the Python-side properties.
:func:`unpack_points` is the Python mirror used by the tests.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import folium
from folium.template import Template
from folium.utilities import get_bounds

_DICT_MIN_ROWS = 8
# JSON is safe inside <script> once these are escaped; U+2028/9 for pre-ES2019 parsers.
_HTML_SAFE = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("'", "\\u0027"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)

# Events from a point bubble up to its L.geoJson; the point's own handlers have run by
# then, so a tooltip bound now is opened by hand, and its own handlers close it later.
LAZY_TIP_JS = """function (e) {
    var layer = e.layer, props = layer && layer.feature && layer.feature.properties;
    if (props && props.tip && !layer.getTooltip()) {
        layer.bindTooltip(props.tip, {direction: "top"});
        layer.openTooltip();
    }
}"""

_JINJA_OPENERS = (("{{", "{\\u007b"), ("{%", "{\\u0025"), ("{#", "{\\u0023"))

UNPACK_JS = """function (p) {
    if (p.fc) { return p.fc; }
    var getters = p.keys.map(function (k) {
        var c = p.cols[k];
        if (c.d) { return function (i) { return c.d[c.i[i]]; }; }
        if (c.t) {
            return function (i, props) {
                return c.t[0] + props[c.t[1]] + c.t[2] + c.t[3][c.i[i]];
            };
        }
        return function (i) { return c.v[i]; };
    });
    var features = new Array(p.n), q = p.q, x, y;
    for (var i = 0; i < p.n; i++) {
        var props = {};
        for (var k = 0; k < p.keys.length; k++) { props[p.keys[k]] = getters[k](i, props); }
        // Integer micro-degrees from an origin: one correctly rounded division gives
        // back exactly the double the six-decimal coordinate was.
        x = q ? (q[0] + p.xy[2 * i]) / 1e6 : p.xy[2 * i];
        y = q ? (q[1] + p.xy[2 * i + 1]) / 1e6 : p.xy[2 * i + 1];
        features[i] = {type: "Feature", properties: props,
            geometry: {type: "Point", coordinates: [x, y]}};
    }
    return {type: "FeatureCollection", features: features};
}"""


def _dictionary(values: list[Any]) -> dict[str, list[Any]] | None:
    if len(values) < _DICT_MIN_ROWS or not all(isinstance(v, str) for v in values):
        return None
    table: dict[str, int] = {}
    index = [table.setdefault(v, len(table)) for v in values]
    # Only worth it for low-cardinality columns (stage, colour, kind ...).
    return {"d": list(table), "i": index} if len(table) * 4 <= len(values) else None


def _tip_column(values: list[Any], names: list[Any]) -> dict[str, Any] | None:
    # Tooltips built as "<b>NAME</b><br>REST": send REST via a dictionary, NAME once.
    pre, mid = "<b>", "</b><br>"
    rests: list[str] = []
    for tip, name in zip(values, names, strict=True):
        head = f"{pre}{name}{mid}"
        if not (isinstance(tip, str) and isinstance(name, str) and tip.startswith(head)):
            return None
        rests.append(tip[len(head) :])
    table: dict[str, int] = {}
    index = [table.setdefault(r, len(table)) for r in rests]
    return {"t": [pre, "name", mid, list(table)], "i": index}


def pack_points(fc: dict[str, Any]) -> dict[str, Any]:
    """Pack a FeatureCollection of Point features into a columnar form (lossless).

    Parameters
    ----------
    fc : dict
        GeoJSON FeatureCollection. If any feature is not a Point or the features do not
        share the same property keys, it is passed through as ``{"fc": fc}``.

    Returns
    -------
    dict
        ``{"n", "xy", "keys", "cols"}`` (or ``{"fc": fc}``), plus ``"q"`` (the origin)
        when ``xy`` holds integer micro-degree offsets; see :data:`UNPACK_JS`.
    """
    if not isinstance(fc, dict) or fc.get("type") != "FeatureCollection":
        raise TypeError("fc must be a GeoJSON FeatureCollection dict")
    features = fc.get("features", [])
    keys = list(features[0].get("properties") or {}) if features else []
    uniform = all(
        f.get("geometry", {})
        and f["geometry"].get("type") == "Point"
        and list(f.get("properties") or {}) == keys
        for f in features
    )
    if not uniform or "fc" in keys:
        return {"fc": fc}
    xy: list[float] = []
    for f in features:
        xy.extend(f["geometry"]["coordinates"][:2])
    origin, offsets = _micro_degrees(xy)
    cols: dict[str, dict[str, Any]] = {}
    for position, key in enumerate(keys):
        values = [f["properties"][key] for f in features]
        column = None
        # The tooltip references "name", so it must come after it in key order.
        if key == "tip" and "name" in keys[:position]:
            column = _tip_column(values, [f["properties"]["name"] for f in features])
        cols[key] = column or _dictionary(values) or {"v": values}
    if offsets is not None:
        return {"n": len(features), "q": origin, "xy": offsets, "keys": keys, "cols": cols}
    return {"n": len(features), "xy": xy, "keys": keys, "cols": cols}


def _micro_degrees(xy: list[float]) -> tuple[list[int], list[int] | None]:
    """Coordinates as integer micro-degrees from the south-west corner, when lossless.

    ``121.445678`` costs 10 characters of JSON; its offset from the corner of the
    district, ``5678``-ish, half as many. Used only when every coordinate has at most six
    decimals (the layers round to that), so the browser gets back the very same doubles.
    """
    if not xy:
        return [0, 0], None
    scaled = [round(v * 1_000_000) for v in xy]
    if any(s / 1_000_000 != v for s, v in zip(scaled, xy, strict=True)):
        return [0, 0], None
    origin = [min(scaled[0::2]), min(scaled[1::2])]
    return origin, [s - origin[i % 2] for i, s in enumerate(scaled)]


def unpack_points(packed: dict[str, Any]) -> dict[str, Any]:
    """Python mirror of :data:`UNPACK_JS` (for tests and debugging).

    Parameters
    ----------
    packed : dict
        Output of :func:`pack_points`.

    Returns
    -------
    dict
        The original FeatureCollection.
    """
    if "fc" in packed:
        fc: dict[str, Any] = packed["fc"]
        return fc
    features = []
    for i in range(packed["n"]):
        props: dict[str, Any] = {}
        for key in packed["keys"]:
            c = packed["cols"][key]
            if "d" in c:
                props[key] = c["d"][c["i"][i]]
            elif "t" in c:
                pre, ref, mid, rests = c["t"]
                props[key] = f"{pre}{props[ref]}{mid}{rests[c['i'][i]]}"
            else:
                props[key] = c["v"][i]
        coords = [packed["xy"][2 * i], packed["xy"][2 * i + 1]]
        if "q" in packed:
            q = packed["q"]
            coords = [(q[0] + coords[0]) / 1_000_000, (q[1] + coords[1]) / 1_000_000]
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": coords},
                "properties": props,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def packed_json(packed: dict[str, Any]) -> str:
    """Serialise packed data compactly (UTF-8 text, no spaces), safe inside ``<script>``.

    Parameters
    ----------
    packed : dict
        Output of :func:`pack_points`.

    Returns
    -------
    str
        JSON text with ``< > & '``, U+2028/U+2029 and Jinja openers escaped.
    """
    text = json.dumps(packed, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for raw, safe in _HTML_SAFE:
        text = text.replace(raw, safe)
    # folium re-renders element output as a Jinja template; JSON structure never
    # contains these openers, so any occurrence is inside a string: defuse it there.
    for opener, safe in _JINJA_OPENERS:
        text = text.replace(opener, safe)
    return text


Bounds = tuple[tuple[float | None, float | None], tuple[float | None, float | None]]


@dataclass(frozen=True)
class PackedPoints:
    """A point FeatureCollection packed for the browser once: cache it, draw it many times.

    ``json`` is :func:`packed_json` of :func:`pack_points`; ``bounds`` are folium's
    ``[[south, west], [north, east]]``; ``count`` the number of features. A plain
    string and numbers, so a cache copies it for almost nothing (the FeatureCollection
    it replaces took 12 ms to unpickle at 5,000 points, and packing it 40 ms more).
    """

    json: str
    bounds: Bounds
    count: int


def pack_collection(fc: dict[str, Any]) -> PackedPoints:
    """Pack ``fc`` (see :class:`PackedPoints`); :class:`PackedGeoJson` draws the result."""
    (south, west), (north, east) = get_bounds(fc, lonlat=True)  # what folium would say
    return PackedPoints(
        json=packed_json(pack_points(fc)),
        bounds=((south, west), (north, east)),
        count=len(fc.get("features", [])),
    )


class PackedGeoJson(folium.GeoJson):
    """A ``folium.GeoJson`` that ships its point features packed (see module doc).

    It renders one ``L.geoJson`` with the given ``pointToLayer``/``onEachFeature`` and
    keeps ``self.data`` as the full FeatureCollection, so ``get_bounds`` and
    streamlit-folium's handling are unchanged. With ``spread_px`` the layer registers
    with ``geoMap.spread`` (static/js/geo_map.js): points closer than that many pixels
    on screen are pushed apart, jointly with every other registered layer on the map.
    With ``lazy_tips`` each point's ``properties.tip`` (escaped HTML) becomes its tooltip
    the first time the pointer reaches it (or a finger taps it): binding 5,040 tooltips
    up front cost ~85 ms of a cold map draw in Chromium (measured 2026-11-28), for
    tips most people never open.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJson(null, {{ this.options|tojavascript }});
        {{ this.get_name() }}.addData(({{ this.unpack_js }})({{ this.packed_json }}));
        {% if this.lazy_tips %}
        {{ this.get_name() }}.on("mouseover click", {{ this.lazy_tip_js }});
        {% endif %}
        {% if this.spread_px %}
        if (window.geoMap) { window.geoMap.spread({{ this.get_name() }}, {{ this.spread_px }}); }
        {% endif %}
        {% endmacro %}
        """
    )

    def __init__(
        self,
        data: dict[str, Any] | PackedPoints,
        *,
        spread_px: int | None = None,
        lazy_tips: bool = False,
        **kwargs: Any,
    ) -> None:
        on_each_feature = kwargs.pop("on_each_feature", None)
        self._ahead = data if isinstance(data, PackedPoints) else None
        # Packed ahead (and cached by the page): folium keeps an empty collection of its
        # own, the bounds come from the packing; nothing walks the features again.
        empty = {"type": "FeatureCollection", "features": []}
        super().__init__(empty if self._ahead else data, **kwargs)
        self._name = "GeoJson"
        if on_each_feature is not None:
            self.options["on_each_feature"] = on_each_feature
        if spread_px is not None and (isinstance(spread_px, bool) or spread_px <= 0):
            raise ValueError("spread_px must be a positive int")
        self.spread_px = int(spread_px) if spread_px is not None else None
        self.unpack_js = UNPACK_JS
        self.lazy_tips = lazy_tips
        self.lazy_tip_js = LAZY_TIP_JS
        self.packed_json = self._ahead.json if self._ahead else packed_json(pack_points(self.data))

    def features(self) -> list[dict[str, Any]]:
        """The features as the browser rebuilds them (unpacked when packed ahead)."""
        if self._ahead is None:
            return list(self.data.get("features", []))
        return list(unpack_points(json.loads(self.packed_json))["features"])

    def get_bounds(self) -> list[list[float | None]]:
        """``[[south, west], [north, east]]`` of the points (folium's convention)."""
        if self._ahead is not None:
            return [list(corner) for corner in self._ahead.bounds]
        bounds: list[list[float | None]] = super().get_bounds()
        return bounds

"""folium map building: an offline base map with zones, context, legend and controls.

The base map has no tiles by default (the vector context layer orients the viewer), uses
the canvas renderer, links Leaflet from the app's own static folder and fits the
district. Tiles are optional: OSM, AMap (GCJ-02, so every overlay is shifted) or an
intranet XYZ template. The point layers live in :mod:`geo.layers` and are re-exported.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, get_args

import folium
import geopandas as gpd

from geo import template_cache
from geo.assets import STATIC_URL, assert_local_assets, use_local_assets
from geo.conversion import conversion_geojson, conversion_layer
from geo.crs import to_gcj02_gdf, wgs84_to_gcj02
from geo.escape import escape_text
from geo.labels import label
from geo.layers import carrier_layer, carriers_geojson, highlight_layer
from geo.legend import (
    FillFrame,
    FollowBounds,
    FullscreenButton,
    MapLegend,
    MetricScale,
    ZoneLabels,
    legend_html,
)
from geo.packed import PackedPoints
from geo.style import CONTEXT_STYLES, ZONE_STYLES, occupancy_fill

__all__ = [
    "BASEMAP_CHOICES",
    "BasemapChoice",
    "add_layers",
    "basemap_needs_gcj02",
    "basemap_tiles_url",
    "build_base_map",
    "carrier_layer",
    "carriers_geojson",
    "conversion_geojson",
    "conversion_layer",
    "render_html",
]

BasemapChoice = Literal["none", "osm", "amap", "custom"]
BASEMAP_CHOICES: tuple[str, ...] = get_args(BasemapChoice)
MAX_ZOOM = 19  # explicit: with tiles=None Leaflet has no max zoom and clustering breaks

# choice -> (url template, plain-text attribution, subdomains, max native zoom).
# Attributions are plain text on purpose: a link would be one more remote URL.
_TILES: dict[str, tuple[str, str, str, int]] = {
    "osm": (
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "© OpenStreetMap contributors",
        "abc",
        19,
    ),
    "amap": (
        "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8"
        "&x={x}&y={y}&z={z}",
        "© 高德地图 AutoNavi",
        "1234",
        18,
    ),
}
_ZONE_DRAW_ORDER = {"belt": 0, "park": 1, "district": 2}  # outline on top of fills

template_cache.install()  # folium compiles the same small templates on every render


def _check_choice(choice: str) -> str:
    if not isinstance(choice, str):
        raise TypeError(f"basemap must be a str, got {type(choice).__name__}")
    if choice not in BASEMAP_CHOICES:
        raise ValueError(f"unknown basemap {choice!r}; expected one of {BASEMAP_CHOICES}")
    return choice


def basemap_needs_gcj02(choice: str) -> bool:
    """Tell whether overlays must be shifted WGS-84 -> GCJ-02 for this basemap.

    Parameters
    ----------
    choice : str
        One of ``BASEMAP_CHOICES``.

    Returns
    -------
    bool
        True only for ``"amap"``; custom tiles are assumed to be WGS-84/Web Mercator.
    """
    return _check_choice(choice) == "amap"


def basemap_tiles_url(choice: str, custom_tiles_url: str | None = None) -> str | None:
    """Return the XYZ URL template a basemap choice loads (None for ``"none"``).

    Parameters
    ----------
    choice : str
        One of ``BASEMAP_CHOICES``.
    custom_tiles_url : str, optional
        Required for ``"custom"``; must contain ``{z}``, ``{x}`` and ``{y}``.

    Returns
    -------
    str or None
        Pass it to :func:`geo.assets.assert_offline` as allowed.
    """
    if _check_choice(choice) == "none":
        return None
    if choice == "custom":
        if not isinstance(custom_tiles_url, str) or not all(
            part in custom_tiles_url for part in ("{z}", "{x}", "{y}")
        ):
            raise ValueError("custom basemap needs a tile URL template with {z}, {x} and {y}")
        return custom_tiles_url
    return _TILES[choice][0]


def _zone_layer(
    row: gpd.GeoSeries, lang: str, shade: Mapping[str, float | None] | None, occ_word: str
) -> folium.GeoJson:
    code = str(row["code"])
    name = escape_text(row["name_zh"] if lang == "zh" else row["name_en"])
    theme = escape_text(row.get("theme_zh" if lang == "zh" else "theme_en") or "")
    tip = f"<b>{name}</b>" + (f"<br>{theme}" if theme else "")
    style = dict(ZONE_STYLES.get(code, ZONE_STYLES["district"]))
    rate = (shade or {}).get(code)
    fill = occupancy_fill(rate) if row["kind"] != "district" else None
    if fill is not None and rate is not None:
        style |= fill
        tip += f"<br>{escape_text(occ_word)} {rate * 100:.1f}%"  # as the tables show it
    feature = {
        "type": "Feature",
        "geometry": row.geometry.__geo_interface__,
        "properties": {
            "code": code,
            "kind": str(row["kind"]),
            "name": name,
            "tip": tip,
            "style": style,
        },
    }
    # The district outline is a frame, not a target: clicks and hovers pass through it.
    interactive = row["kind"] != "district"
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": [feature]},
        name=name,
        interactive=interactive,
        on_each_feature=folium.JsCode(
            "function (f, l) { l.bindTooltip(f.properties.tip, {sticky: true}); }"
        )
        if interactive
        else None,
    )


def _context_layer(context: gpd.GeoDataFrame, name: str) -> folium.GeoJson:
    features = [
        {
            "type": "Feature",
            "geometry": geom.__geo_interface__,
            "properties": {"style": dict(CONTEXT_STYLES.get(str(kind), CONTEXT_STYLES["road"]))},
        }
        for geom, kind in zip(context.geometry, context["kind"], strict=True)
        if geom is not None and not geom.is_empty
    ]
    # Context lines only orient the viewer; non-interactive so they never eat clicks.
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": features}, name=name, interactive=False
    )


def zone_label_items(
    labels: Mapping[str, str] | None, lang: str, gcj02: bool
) -> list[dict[str, Any]]:
    """Name, short name and position of each park/belt label (plain text, drawn datum)."""
    from geo.zones import zone_label_points  # zones build on maps' helpers

    items: list[dict[str, Any]] = []
    for code, lon, lat in zone_label_points():
        if gcj02:
            lon, lat = wgs84_to_gcj02(lon, lat)
        items.append(
            {
                "code": code,
                "name": label(labels, f"{code}_map", lang),
                "short": label(labels, f"{code}_short", lang),
                "lat": round(lat, 6),
                "lon": round(lon, 6),
            }
        )
    return items


def build_base_map(
    *,
    zones: gpd.GeoDataFrame,
    context: gpd.GeoDataFrame,
    labels: Mapping[str, str],
    lang: str,
    basemap: str = "none",
    custom_tiles_url: str | None = None,
    center: tuple[float, float] | None = None,
    zoom: int | None = None,
    asset_base_url: str = STATIC_URL,
    layer_control: bool = True,
    fill_frame: bool = False,
    zone_occupancy: Mapping[str, float | None] | None = None,
    zone_labels: bool = True,
    legend_zones: bool = True,
) -> folium.Map:
    """Build the offline base map of Jing'an.

    Parameters
    ----------
    zones, context : geopandas.GeoDataFrame
        From :func:`geo.zones.build_zones` and :func:`geo.zones.build_context`.
    labels : Mapping
        Legend and layer labels: ``legend_title``, stage values, zone codes and
        optionally ``conversion``, ``context``, ``fullscreen``.
    lang : str
        ``"zh"`` or ``"en"``; picks zone names and themes.
    basemap : str
        One of ``BASEMAP_CHOICES``; ``"amap"`` shifts zones and context to GCJ-02.
    custom_tiles_url : str, optional
        XYZ template for ``basemap="custom"``.
    center : tuple of float, optional
        ``(lat, lon)`` in folium order; with neither center nor zoom the map fits the
        district.
    zoom : int, optional
        Initial zoom (default 13 when only a center is given).
    asset_base_url : str
        Where Leaflet is served (``/app/static`` in the app).
    layer_control : bool
        Add a LayerControl; keep it last with :func:`add_layers`.
    fill_frame : bool
        Let the map fill its frame's height (the page sizes the frame to the viewport).
    zone_occupancy : Mapping, optional
        Zone code -> occupancy rate (0..1 or None): shades the park and belts on a
        sequential neutral scale (:data:`geo.style.OCCUPANCY_CLASSES`) with its own
        legend rows. Plain numbers, e.g. from ``models.queries.zone_summary``.
    zone_labels : bool
        Draw the park and belt names on the map (default). A caller that draws its own
        labels (the big screen, with each zone's rate) turns them off.
    legend_zones : bool
        List the zones in the legend (default); off where they are named on the map.

    Returns
    -------
    folium.Map
        With the zones, their on-map names (:class:`geo.legend.ZoneLabels`), the
        context lines, a collapsible legend and a fullscreen button that re-fits the
        district.
    """
    for value, kind in ((zones, "zones"), (context, "context")):
        if not isinstance(value, gpd.GeoDataFrame):
            raise TypeError(f"{kind} must be a GeoDataFrame, got {type(value).__name__}")
    if not isinstance(labels, Mapping):
        raise TypeError(f"labels must be a mapping, got {type(labels).__name__}")
    if not isinstance(lang, str):
        raise TypeError(f"lang must be a str, got {type(lang).__name__}")
    tiles_url = basemap_tiles_url(basemap, custom_tiles_url)
    if basemap_needs_gcj02(basemap):
        zones, context = to_gcj02_gdf(zones), to_gcj02_gdf(context)
    else:
        zones, context = zones.to_crs("EPSG:4326"), context.to_crs("EPSG:4326")
    minx, miny, maxx, maxy = zones.total_bounds
    location = center if center is not None else ((miny + maxy) / 2, (minx + maxx) / 2)
    m = folium.Map(
        location=location,
        zoom_start=zoom if zoom is not None else 13,
        tiles=None,
        max_zoom=MAX_ZOOM,
        prefer_canvas=True,
        control_scale=False,  # folium's scale shows miles too; MetricScale below
        # Quarter zoom steps: fitting the district to a 1366 px screen lands between
        # whole zooms, and a whole-zoom fit would waste a third of the map.
        zoom_snap=0.25,
        zoom_delta=0.5,
    )
    use_local_assets(m, base_url=asset_base_url)
    if tiles_url is not None:
        _, attr, subdomains, native = _TILES.get(basemap, ("", "custom tiles", "abc", 19))
        folium.TileLayer(
            tiles=tiles_url,
            attr=attr,
            # The layer control lists this name: words, not the setting ("osm").
            name=escape_text(label(labels, f"basemap_{basemap}", lang)),
            max_zoom=MAX_ZOOM,
            max_native_zoom=native,
            subdomains=subdomains,
        ).add_to(m)
    order = sorted(range(len(zones)), key=lambda i: _ZONE_DRAW_ORDER.get(zones["kind"].iloc[i], 9))
    for i in order:
        occ_word = label(labels, "occupancy", lang)
        _zone_layer(zones.iloc[i], lang, zone_occupancy, occ_word).add_to(m)
    _context_layer(context, escape_text(label(labels, "context", lang))).add_to(m)
    MetricScale().add_to(m)
    if zone_labels:  # the big screen draws its own labels, with each zone's rate
        ZoneLabels(zone_label_items(labels, lang, basemap_needs_gcj02(basemap))).add_to(m)
    # Without zone rows where the zones carry their names on the map (the big screen):
    # five long names widened the legend over the labels it repeats (admin QA).
    codes = [str(c) for c in zones["code"]] if legend_zones else []
    legend = legend_html(labels, codes, occupancy_scale=zone_occupancy is not None)
    MapLegend(legend, title=label(labels, "legend_title", lang)).add_to(m)
    district = [[float(miny), float(minx)], [float(maxy), float(maxx)]]
    FullscreenButton(label(labels, "fullscreen", lang), bounds=district).add_to(m)
    if fill_frame:
        FillFrame().add_to(m)
    if center is None and zoom is None:
        m.fit_bounds([[miny, minx], [maxy, maxx]])
    if layer_control:
        folium.LayerControl(collapsed=True).add_to(m)
    return m


def add_layers(m: folium.Map, *layers: folium.MacroElement) -> folium.Map:
    """Add overlay layers to a map, keeping any LayerControl after them.

    folium's LayerControl script references layer variables, so a layer added after
    the control would be undefined when the control is built.

    Parameters
    ----------
    m : folium.Map
        Map from :func:`build_base_map`.
    *layers : folium.MacroElement
        Layers such as :func:`carrier_layer` results.

    Returns
    -------
    folium.Map
        The same map.
    """
    if not isinstance(m, folium.Map):
        raise TypeError(f"m must be a folium.Map, got {type(m).__name__}")
    for layer in layers:
        m.add_child(layer)
    controls = [k for k, v in m._children.items() if isinstance(v, folium.LayerControl)]
    for key in controls:
        m._children.move_to_end(key)
    return m


def render_html(m: folium.Map) -> str:
    """Render a map to a complete standalone HTML page.

    Parameters
    ----------
    m : folium.Map

    Returns
    -------
    str
        The page, e.g. for :func:`geo.assets.assert_offline` or a file export.
    """
    if not isinstance(m, folium.Map):
        raise TypeError(f"m must be a folium.Map, got {type(m).__name__}")
    html: str = m.get_root().render()
    return html


# The whole district (~12 km north to south) fills a ~760 px tall map at zoom 13. An
# explicit view, because streamlit-folium sizes its iframe after Leaflet's fitBounds ran.
DISTRICT_CENTER = (31.2695, 121.4465)
DISTRICT_ZOOM = 13


def explorer_map(
    *,
    carriers_fc: dict[str, Any] | PackedPoints,
    conversions: gpd.GeoDataFrame | PackedPoints,
    labels: Mapping[str, str],
    lang: str,
    basemap: str = "none",
    custom_tiles_url: str | None = None,
    selected: tuple[float, float] | None = None,
    selected_id: int | None = None,
    fit_to: tuple[float, float, float, float] | None = None,
    zone_occupancy: Mapping[str, float | None] | None = None,
) -> tuple[folium.Map, list[folium.FeatureGroup]]:
    """The map explorer's base map and its swappable overlay layers.

    The base map (zones, context, legend) stays identical while filters change, so
    streamlit-folium keeps it mounted; only the returned layers are replaced.

    Parameters
    ----------
    carriers_fc : dict or PackedPoints
        From :func:`carriers_geojson` (already filtered, escaped and shifted), or
        :func:`geo.layers.pack_carriers` of it (what the page caches).
    conversions : geopandas.GeoDataFrame or PackedPoints
        Conversion projects as points (WGS-84), or
        :func:`geo.conversion.pack_conversions` of them (what the page caches).
    labels, lang, basemap, custom_tiles_url
        As for :func:`build_base_map`.
    selected : tuple of float, optional
        ``(lon, lat)`` of the selected carrier, drawn as a ring.
    selected_id : int, optional
        Its id, so the ring follows the dot when the spread moved it.
    fit_to : tuple of float, optional
        WGS-84 ``(minx, miny, maxx, maxy)`` of what the filters leave (see
        :func:`geo.selection.view_bounds`); the map fits it when the layers are
        (re)added, unless the person has moved the map. None fits the district.
    zone_occupancy : Mapping, optional
        Shade zones by occupancy, see :func:`build_base_map`.

    Returns
    -------
    tuple
        ``(base_map, [carrier_layer, conversion_layer])``.
    """
    from geo.zones import build_context, build_zones  # zones build on maps' helpers

    base = build_base_map(
        zones=build_zones(),
        context=build_context(),
        labels=labels,
        lang=lang,
        basemap=basemap,
        custom_tiles_url=custom_tiles_url,
        layer_control=False,
        center=DISTRICT_CENTER,
        zoom=DISTRICT_ZOOM,
        fill_frame=True,
        zone_occupancy=zone_occupancy,
    )
    gcj02 = basemap_needs_gcj02(basemap)
    carriers = carrier_layer(carriers_fc, name=label(labels, "carriers", lang))
    FollowBounds(_drawn_bounds(fit_to, gcj02)).add_to(carriers)
    layers = [
        carriers,
        conversion_layer(
            conversions,
            lang=lang,
            gcj02=basemap_needs_gcj02(basemap),
            name=label(labels, "conversion", lang),
            labels=labels,
        ),
    ]
    if selected is not None:
        layers.append(highlight_layer(*selected, gcj02=gcj02, carrier_id=selected_id))
    assert_local_assets(base, *layers)
    return base, layers


def _drawn_bounds(
    fit_to: tuple[float, float, float, float] | None, gcj02: bool
) -> list[list[float]]:
    from geo.zones import build_zones  # zones build on maps' helpers

    if fit_to is None:
        zones = build_zones()
        fit_to = tuple(float(v) for v in zones[zones["code"] == "district"].total_bounds)  # type: ignore[assignment]
    assert fit_to is not None
    minx, miny, maxx, maxy = fit_to
    if gcj02:
        minx, miny = wgs84_to_gcj02(minx, miny)
        maxx, maxy = wgs84_to_gcj02(maxx, maxy)
    return [[round(miny, 6), round(minx, 6)], [round(maxy, 6), round(maxx, 6)]]


def picker_map(
    *, lon: float, lat: float, labels: Mapping[str, str], lang: str
) -> tuple[folium.Map, folium.FeatureGroup]:
    """A small base map and a pin at ``(lon, lat)`` for placing a new record by clicking.

    The pin is a separate feature group, so moving it does not remount the map.
    """
    from geo.zones import build_context, build_zones  # zones build on maps' helpers

    # An explicit view: streamlit-folium sizes its iframe after Leaflet's fitBounds ran,
    # which then fits the district into the wrong box.
    base = build_base_map(
        zones=build_zones(),
        context=build_context(),
        labels=labels,
        lang=lang,
        layer_control=False,
        center=(lat, lon),
        zoom=14,
    )
    pin = folium.FeatureGroup(name="pin", control=False)
    folium.CircleMarker([lat, lon], radius=9, color="#D55E00", fill=True).add_to(pin)
    assert_local_assets(base, pin)
    return base, pin

"""Map explorer: Shibei park, the three belts and every carrier by stage.

Filters and the selected carrier live in the URL, so a shared link opens the same view.
Carriers are drawn as one GeoJSON layer added with feature_group_to_add: changing a
filter swaps that layer without remounting the map; the map then zooms to what the
filter leaves, unless the person has dragged or zoomed it (static/js/geo_map.js).
Filters apply to the conversion projects and the zone table as well.
"""

from __future__ import annotations

from typing import Any

import folium
import streamlit as st
from streamlit_folium import st_folium

import ui
from geo.maps import basemap_needs_gcj02, explorer_map
from geo.selection import (
    filter_carriers,
    filter_conversions,
    filter_to_params,
    follow_extent,
)
from models.chain_format import fmt_month
from models.settings import get_settings
from page_parts.map_data import carrier_points, month_carriers, project_points, zone_rows
from page_parts.map_sidebar import forget_missing_carrier, restore_from_url, sidebar_filters

MAP_HEIGHT = 600  # st_folium's own height; MAP_CSS below sizes it to the viewport
# The map iframe fills the window below the header, title and caption (measured in
# Chromium at 1366x768, 1920x1080 and 3840x2160), but never shrinks below a usable map.
# On a phone a map that fills the screen traps every swipe (it pans the map, never the
# page) and hides the details below it: there it takes 60% of the height.
MAP_CSS = (
    "<style>.st-key-map_box iframe{height:max(380px,calc(100vh - 190px)) !important}"
    "@media (max-width:640px){.st-key-map_box iframe{height:max(300px,60vh) !important}}"
    "</style>"
)


ZONE_KINDS = ("park", "belt")


def apply_click(value: dict[str, Any] | None) -> None:
    """Act on a new click: a carrier opens its details, a zone (the map around the dots)
    closes them, as a click beside a pin does on any web map. A project changes nothing."""
    props = ((value or {}).get("last_active_drawing") or {}).get("properties") or {}
    click = (props.get("kind"), props.get("id"))
    if click != st.session_state.get("_last_click"):
        st.session_state["_last_click"] = click
        if click[0] == "carrier" and click[1] is not None:
            st.session_state["selected_carrier"] = int(click[1])
        elif click[0] in ZONE_KINDS:
            st.session_state.pop("selected_carrier", None)


def close_details() -> None:
    """The details panel's close button: back to the zone table."""
    st.session_state.pop("selected_carrier", None)
    # The URL still names the carrier until the end of this run, and the URL is where a
    # run restores missing state from (restore_from_url): drop it here first.
    st.query_params.pop("carrier", None)


def main() -> None:
    ui.setup_page("map")
    ui.require_viewer_access()
    lang = ui.lang()
    restore_from_url(lang)
    if forget_missing_carrier():
        st.warning(ui.tr("map_carrier_gone"))
    flt, month, basemap, shade = sidebar_filters(lang)
    gcj02 = basemap_needs_gcj02(basemap)
    version = ui.data_version()
    points = carrier_points(version, flt, lang, gcj02, month)
    carriers = month_carriers(month)
    past = month < (ui.cached_query("latest_month") or month)
    if past:
        st.info(ui.tr("ov_time_machine", month=fmt_month(month, lang)))
    filtered = filter_carriers(carriers, flt)
    projects = filter_conversions(ui.cached_query("conversions_frame", as_of=month), flt)
    # Shading follows the filter, as the zone table beside it (one rate per zone on screen).
    summary = zone_rows(version, flt, month) if shade else None
    rates = None if summary is None else summary.set_index("zone")["occupancy"].to_dict()
    left, right = st.columns([0.68, 0.32])
    with left:
        st.caption(ui.tr("shown_count", shown=points.count, total=len(carriers)))
        key = f"map_{basemap}_{lang}"
        apply_click(st.session_state.get(key))  # the click that caused this rerun
        chosen = carriers[carriers["id"] == st.session_state.get("selected_carrier")]
        base, layers = explorer_map(
            carriers_fc=points,
            conversions=project_points(version, flt, lang, gcj02, month),
            labels=ui.map_labels(),
            lang=lang,
            basemap=basemap,
            custom_tiles_url=get_settings().custom_tiles_url,
            selected=None if chosen.empty else (chosen.iloc[0]["lon"], chosen.iloc[0]["lat"]),
            selected_id=st.session_state.get("selected_carrier"),
            fit_to=follow_extent(filtered, projects, flt),
            zone_occupancy=rates,
        )
        st.html(MAP_CSS)
        with st.container(key="map_box"):
            # No center/zoom here: the map fits itself (geo_map.js) and keeps the user's view.
            out = st_folium(
                base,
                key=key,
                height=MAP_HEIGHT,
                use_container_width=True,
                feature_group_to_add=layers,
                layer_control=folium.LayerControl(collapsed=True),
                returned_objects=["last_active_drawing"],
            )
    apply_click(out)
    wanted = filter_to_params(flt, st.session_state.get("selected_carrier")) | ui.lang_params()
    wanted |= ({"shade": "1"} if shade else {}) | {"month": f"{month:%Y-%m}"}
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)
    with right:
        selected = st.session_state.get("selected_carrier")
        if selected is None:
            st.info(ui.tr("click_hint"))
            ui.zone_table(with_area=False, summary=zone_rows(version, flt, month))
        else:
            st.button(ui.tr("details_close"), key="close_details", on_click=close_details)
            if past:  # the panel describes the carrier now, the map the chosen month
                st.caption(ui.tr("map_details_now", month=fmt_month(month, lang)))
            ui.carrier_details(int(selected))
        st.caption(ui.tr("share_hint"))
        ui.download_layers(filtered, projects)  # GeoJSON (WGS-84) of the layers as filtered


ui.run_page(main)

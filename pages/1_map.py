"""Map explorer: Shibei park, the three belts and every carrier by stage.

Filters and the selected carrier live in the URL, so a shared link opens the same view.
Carriers are drawn as one GeoJSON layer added with feature_group_to_add: changing a
filter swaps that layer without remounting the map; the map then zooms to what the
filter leaves, unless the person has dragged or zoomed it (static/js/geo_map.js).
Filters apply to the conversion projects and the zone table as well.
"""

from __future__ import annotations

import folium
import streamlit as st
from streamlit_folium import st_folium

import ui
from geo.conversion import converted_carriers
from geo.layers import carriers_geojson
from geo.maps import basemap_needs_gcj02, explorer_map
from geo.selection import (
    CarrierFilter,
    filter_carriers,
    filter_conversions,
    filter_from_params,
    filter_to_params,
    follow_extent,
    to_points,
)
from geo.style import STAGES
from models import queries
from models.enums import Industry
from models.settings import get_settings

ZONES = ["shibei", "belt_njw", "belt_szr", "belt_mrr"]
MAP_HEIGHT = 600  # st_folium's own height; MAP_CSS below sizes it to the viewport
# The map iframe fills the window below the header, title and caption (measured in
# Chromium at 1366x768, 1920x1080 and 3840x2160), but never shrinks below a usable map.
MAP_CSS = "<style>.st-key-map_box iframe{height:max(380px,calc(100vh - 190px)) !important}</style>"


def restore_from_url(lang: str) -> None:
    """Fill missing widget state from the URL (a shared link, or coming back to the page).

    The URL always mirrors the current view, so it is the one place state comes from.
    Widget keys carry the language: the browser keeps showing old option labels when
    only their format changes, so a language switch draws fresh widgets from the URL.
    """
    flt, carrier = filter_from_params(dict(st.query_params))
    wanted = {
        "f_stage": sorted(flt.stages),
        "f_zone": sorted(flt.zones),
        "f_ind": sorted(flt.industries),
        "f_occ": flt.occupancy_pct,
        "f_q": flt.text,
    }
    for key, value in wanted.items():
        st.session_state.setdefault(f"{key}_{lang}", value)
    if carrier is not None:
        st.session_state.setdefault("selected_carrier", carrier)
    st.session_state.setdefault("f_shade", st.query_params.get("shade") == "1")


def sidebar_filters(lang: str) -> tuple[CarrierFilter, str, bool]:
    """Filter widgets (their state mirrors the URL), the basemap and zone shading."""
    with st.sidebar:
        st.subheader(ui.tr("filters"))
        lists = [
            ("f_stage", "f_stages", STAGES),
            ("f_zone", "f_zones", ZONES),
            ("f_ind", "f_industries", [i.value for i in Industry]),
        ]
        chosen = [
            frozenset(
                st.multiselect(
                    ui.tr(label),
                    options,
                    format_func=ui.tr,
                    key=f"{key}_{lang}",
                    placeholder=ui.tr("choose"),
                    select_all=False,  # Streamlit's "Select all" cannot be translated
                )
            )
            for key, label, options in lists
        ]
        occ = st.slider(ui.tr("f_occupancy"), 0, 100, step=5, key=f"f_occ_{lang}")
        text = st.text_input(ui.tr("f_search"), key=f"f_q_{lang}")
        st.caption(ui.tr("map_filter_projects_note"))
        shade = st.toggle(ui.tr("shade_by_occupancy"), key="f_shade")
        # An intranet tile server is offered only when the deployment configured one.
        options = ["none", "osm", "amap"] + (["custom"] if get_settings().custom_tiles_url else [])
        current = st.session_state.get("basemap", get_settings().basemap)
        basemap = st.radio(
            ui.tr("basemap"),
            options,
            key=f"basemap_{lang}",
            index=options.index(current if current in options else "none"),
            format_func=lambda b: ui.tr(f"basemap_{b}"),
        )
        st.session_state["basemap"] = basemap
    flt = CarrierFilter(chosen[0], chosen[1], chosen[2], (occ[0], occ[1]), text)  # type: ignore[index]
    return flt, str(basemap), bool(shade)


@st.cache_data(show_spinner=False, max_entries=32)
def carrier_fc(version: int, flt: CarrierFilter, lang: str, gcj02: bool) -> tuple[dict, int]:
    """Finished GeoJSON for the filtered carriers, cached per data version."""
    df = filter_carriers(ui.cached_query("carriers_frame"), flt)
    rings = converted_carriers(ui.cached_query("conversions_frame"), lang=lang)
    fc = carriers_geojson(
        to_points(df), lang=lang, gcj02=gcj02, labels=ui.map_labels(), converted=rings
    )
    return fc, len(df)


def apply_click(value: dict | None) -> None:
    """Select the carrier of a new click (clicks on zones or projects select nothing)."""
    props = ((value or {}).get("last_active_drawing") or {}).get("properties") or {}
    click = (props.get("kind"), props.get("id"))
    if click != st.session_state.get("_last_click"):
        st.session_state["_last_click"] = click
        if click[0] == "carrier" and click[1] is not None:
            st.session_state["selected_carrier"] = int(click[1])


def main() -> None:
    ui.setup_page("map")
    ui.require_viewer_access()
    lang = ui.lang()
    restore_from_url(lang)
    flt, basemap, shade = sidebar_filters(lang)
    fc, shown = carrier_fc(ui.data_version(), flt, lang, basemap_needs_gcj02(basemap))
    carriers = ui.cached_query("carriers_frame")
    filtered = filter_carriers(carriers, flt)
    projects = filter_conversions(ui.cached_query("conversions_frame"), flt)
    summary = queries.zone_summary(carriers) if shade else None  # plain numbers for geo/
    rates = None if summary is None else summary.set_index("zone")["occupancy"].to_dict()
    left, right = st.columns([0.68, 0.32])
    with left:
        st.caption(ui.tr("shown_count", shown=shown, total=len(carriers)))
        key = f"map_{basemap}_{lang}"
        apply_click(st.session_state.get(key))  # the click that caused this rerun
        chosen = carriers[carriers["id"] == st.session_state.get("selected_carrier")]
        base, layers = explorer_map(
            carriers_fc=fc,
            conversions=to_points(projects),
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
    wanted |= {"shade": "1"} if shade else {}
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)
    with right:
        selected = st.session_state.get("selected_carrier")
        if selected is None:
            st.info(ui.tr("click_hint"))
            ui.zone_table(with_area=False, carriers=filtered)
        else:
            ui.carrier_details(int(selected))
        st.caption(ui.tr("share_hint"))
        ui.download_layers(filtered, projects)  # GeoJSON (WGS-84) of the layers as filtered


ui.run_page(main)

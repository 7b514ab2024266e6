"""Map explorer: Shibei park, the three belts and every carrier by stage.

Filters and the selected carrier live in the URL, so a shared link opens the same view.
Carriers are drawn as one GeoJSON layer added with feature_group_to_add: changing a
filter swaps that layer without remounting the map, so the view stays where it was.
"""

from __future__ import annotations

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

import ui
from geo.conversion import conversion_layer
from geo.layers import carrier_layer, carriers_geojson
from geo.maps import basemap_needs_gcj02, build_base_map
from geo.selection import (
    CarrierFilter,
    filter_carriers,
    filter_from_params,
    filter_to_params,
    to_points,
)
from geo.style import STAGES
from geo.zones import build_context, build_zones
from models.enums import Industry
from models.settings import get_settings

ZONES = ["shibei", "belt_njw", "belt_szr", "belt_mrr"]


def restore_from_url() -> None:
    """Fill missing widget state from the URL (a shared link, or coming back to the page).

    The URL always mirrors the current view, so it is the one place state comes from.
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
        st.session_state.setdefault(key, value)
    if carrier is not None:
        st.session_state.setdefault("selected_carrier", carrier)


def sidebar_filters() -> CarrierFilter:
    with st.sidebar:
        st.subheader(ui.tr("filters"))
        stages = st.multiselect(ui.tr("f_stages"), STAGES, format_func=ui.tr, key="f_stage")
        zones = st.multiselect(ui.tr("f_zones"), ZONES, format_func=ui.tr, key="f_zone")
        inds = st.multiselect(
            ui.tr("f_industries"), [i.value for i in Industry], format_func=ui.tr, key="f_ind"
        )
        occ: tuple[int, int] = st.slider(ui.tr("f_occupancy"), 0, 100, step=5, key="f_occ")  # type: ignore[assignment]
        text = st.text_input(ui.tr("f_search"), key="f_q")
        # An intranet tile server is offered only when the deployment configured one.
        options = ["none", "osm", "amap"] + (["custom"] if get_settings().custom_tiles_url else [])
        default = get_settings().basemap if get_settings().basemap in options else "none"
        st.radio(
            ui.tr("basemap"),
            options,
            key="basemap",
            index=options.index(default),
            format_func=lambda b: ui.tr(f"basemap_{b}"),
        )
    low, high = occ  # a range slider always returns a pair
    return CarrierFilter(frozenset(stages), frozenset(zones), frozenset(inds), (low, high), text)


@st.cache_data(show_spinner=False, max_entries=32)
def carrier_fc(version: int, flt: CarrierFilter, lang: str, gcj02: bool) -> tuple[dict, int]:
    """Finished GeoJSON for the filtered carriers, cached per data version."""
    df = filter_carriers(ui.cached_query("carriers_frame"), flt)
    return carriers_geojson(to_points(df), lang=lang, gcj02=gcj02, labels=ui.map_labels()), len(df)


def details(carrier_id: int) -> None:
    """The side panel for one carrier: facts, 36-month trend, current tenants."""
    df = ui.cached_query("carriers_frame")
    rows = df[df["id"] == carrier_id]
    if rows.empty:
        st.info(ui.tr("click_hint"))
        return
    c = rows.iloc[0]
    en = ui.lang() == "en"
    st.subheader(c["name_en"] if en and c["name_en"] else c["name_zh"])
    st.caption(c["name_zh"] if en else c["name_en"])
    zones = [c["park_code"], *str(c["belt_codes"] or "").split(",")]
    facts = {
        ui.tr("stage"): ui.tr(c["stage"]),
        ui.tr("operator"): c["operator"],
        ui.tr("address"): c["address"],
        ui.tr("accreditation"): ui.tr(c["accreditation"]),
        ui.tr("origin"): ui.tr(c["origin"]),
        ui.tr("total_area"): f"{c['total_area_m2']:,.0f} m²",
        ui.tr("workstations"): f"{c['workstations_total']:,}",
        ui.tr("park_belt"): " · ".join(ui.tr(z) for z in zones if z and not pd.isna(z)) or "—",
    }
    st.table(pd.Series(facts, name=" ").astype(str))
    st.metric(ui.tr("occupancy_now"), ui.fmt_pct(c["occupancy_rate"]))
    if not pd.isna(c["report_month"]):
        st.caption(
            ui.tr("report_of", month=c["report_month"].strftime("%Y-%m"), who=c["reported_by"])
        )
    trend = ui.cached_query("occupancy_trend", carrier_id=carrier_id)
    if not trend.empty:
        st.caption(ui.tr("trend_36"))
        st.line_chart(trend.assign(pct=trend["rate"] * 100).set_index("month")[["pct"]], height=180)
    tenants = ui.cached_query("current_tenants", carrier_id=carrier_id)
    st.caption(f"{ui.tr('current_tenants')} ({len(tenants)})")
    if not tenants.empty:
        show = tenants[["name_en" if en else "name", "industry", "area_m2", "start_on"]].copy()
        show["industry"] = show["industry"].map(ui.tr)
        st.dataframe(show, hide_index=True, height=220)


def main() -> None:
    ui.setup_page("map")
    ui.require_viewer_access()
    restore_from_url()
    flt = sidebar_filters()
    basemap, lang = st.session_state["basemap"], ui.lang()
    gcj02 = basemap_needs_gcj02(basemap)
    version = ui.data_version()
    fc, shown = carrier_fc(version, flt, lang, gcj02)
    total = len(ui.cached_query("carriers_frame"))
    left, right = st.columns([0.68, 0.32])
    with left:
        st.caption(ui.tr("shown_count", shown=shown, total=total))
        base = build_base_map(
            zones=build_zones(),
            context=build_context(),
            labels=ui.map_labels(),
            lang=lang,
            basemap=basemap,
            custom_tiles_url=get_settings().custom_tiles_url,
            layer_control=False,
        )
        layers = [
            carrier_layer(fc, name=ui.tr("layer_carriers")),
            conversion_layer(
                to_points(ui.cached_query("conversions_frame")),
                lang=lang,
                gcj02=gcj02,
                name=ui.tr("layer_conversions"),
                labels=ui.map_labels(),
            ),
        ]
        out = st_folium(
            base,
            key=f"map_{basemap}_{lang}",
            height=640,
            use_container_width=True,
            feature_group_to_add=layers,
            layer_control=folium.LayerControl(collapsed=True),
            returned_objects=["last_active_drawing"],
        )
    clicked = (out or {}).get("last_active_drawing") or {}
    props = clicked.get("properties") or {}
    if props.get("kind") == "carrier" and props.get("id") is not None:
        st.session_state["selected_carrier"] = int(props["id"])
    wanted = filter_to_params(flt, st.session_state.get("selected_carrier"))
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)
    with right:
        selected = st.session_state.get("selected_carrier")
        if selected is None:
            st.info(ui.tr("click_hint"))
        else:
            details(int(selected))
        st.caption(ui.tr("share_hint"))


main()

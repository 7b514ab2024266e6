"""The map page's sidebar: filters, month, shading and basemap, mirrored in the URL.

Widget code only (it reads and writes ``st.session_state``); what the filters mean is
:mod:`geo.selection`. Kept out of ``pages/1_map.py`` so the page stays a short script.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

import ui
from geo.selection import CarrierFilter, filter_from_params
from geo.style import STAGES
from models.enums import Industry
from models.settings import get_settings

ZONES = ["shibei", "belt_njw", "belt_szr", "belt_mrr"]


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


def forget_missing_carrier() -> bool:
    """Drop a selected carrier that does not exist: a mistyped or old link, or one deleted
    since it was opened. True when one was dropped (the page says so).

    ``/map?carrier=999999`` used to show an empty details panel and keep the id in the
    URL, with nothing saying the carrier was not there (attack QA).
    """
    selected = st.session_state.get("selected_carrier")
    if selected is None or selected in set(ui.cached_query("carriers_frame")["id"]):
        return False
    st.session_state.pop("selected_carrier", None)
    st.query_params.pop("carrier", None)
    return True


def sidebar_filters(lang: str) -> tuple[CarrierFilter, date, str, bool]:
    """Filter widgets (their state mirrors the URL), the month, basemap and zone shading."""
    with st.sidebar:
        st.subheader(ui.tr("filters"))
        month = ui.month_picker("map_month")
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
    return flt, month, str(basemap), bool(shade)

"""Big screen (大屏) at /screen: a dark, chrome-free, rotating view of the district.

The map sits in the middle and is drawn by the full run only, so a scene change (a
fragment rerun) never remounts it. The fragment draws the header and the two side panels
of the current scene, advances the scene every ``interval`` seconds and refreshes the
figures every ``screen_refresh`` seconds. When the database fails, the last good figures
stay on screen (session state) with a discreet notice, and the next refresh recovers.
URL: ``/screen?lang=en&interval=20&scenes=overview,chain,belts,conversions``.
"""

from __future__ import annotations

import contextlib
import time
from datetime import datetime

import folium
import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.logger import get_logger
from streamlit_folium import st_folium

import ui
from geo.conversion import conversion_layer
from geo.layers import carrier_layer, carriers_geojson
from geo.maps import build_base_map
from geo.screen_map import add_dark_frame, zone_occupancy_layer
from geo.selection import to_points
from geo.zones import build_context, build_zones
from models import screen
from models.db import session_scope
from models.screen_html import SCREEN_CSS, fmt_pct, header_html, panels
from models.settings import get_settings

_log = get_logger("jingan")


@st.cache_data(show_spinner=False, max_entries=4)
def figures(version: int) -> screen.ScreenFigures:
    """The screen's figures for one data version (every session shares them)."""
    del version  # the cache key only
    with session_scope(ui.engine()) as session:
        return screen.load_figures(session)


def refresh(*, force: bool) -> None:
    """Fetch new figures when due; on failure keep the last good ones and note the outage."""
    state = st.session_state
    due = time.monotonic() - float(state.get("scr_tried", 0.0)) >= get_settings().screen_refresh - 1
    if not (force or due or "scr_figs" not in state):
        return
    state["scr_tried"] = time.monotonic()
    try:
        version = ui.data_version()
        state["scr_figs"] = figures(version)
    except Exception as exc:  # noqa: BLE001 - keep showing the last good figures
        _log.warning("big screen: figures not refreshed (%s)", type(exc).__name__)
        state["scr_down"] = True
        return
    state["scr_version"] = version
    state["scr_down"] = False
    state["scr_ok_at"] = datetime.now().astimezone().strftime("%H:%M")


def draw_map(lang: str) -> None:
    """The district map with carriers, projects and zones shaded by occupancy."""
    state = st.session_state
    zones = build_zones()
    try:
        carriers = ui.cached_query("carriers_frame")
        conversions = ui.cached_query("conversions_frame")
        state["scr_map_data"] = (carriers, conversions)
        state["scr_map_version"] = state.get("scr_version")
    except Exception:  # noqa: BLE001 - outage: last good layers (or none yet)
        carriers, conversions = state.get("scr_map_data", (pd.DataFrame(), pd.DataFrame()))
        if "scr_map_data" not in state:
            state["scr_map_version"] = None  # drawn without data: redraw once it is back
    labels = ui.map_labels()
    base = build_base_map(
        zones=zones,
        context=build_context(),
        labels=labels,
        lang=lang,
        layer_control=False,
        zone_labels=False,  # its own labels carry the rate: one label per zone
    )
    add_dark_frame(base, tuple(zones.total_bounds))
    figs: screen.ScreenFigures | None = state.get("scr_figs")
    rates = {z.zone: z.occupancy for z in figs.ranking} if figs else {}
    layers = [
        zone_occupancy_layer(
            zones, rates, lang=lang, rate_text={k: fmt_pct(v) for k, v in rates.items()}
        )
    ]
    if not carriers.empty:
        fc = carriers_geojson(to_points(carriers), lang=lang, gcj02=False, labels=labels)
        layers.append(carrier_layer(fc, name=labels["carriers"]))
    if not conversions.empty and "lon" in conversions:
        layers.append(
            conversion_layer(
                to_points(conversions), lang=lang, name=labels["conversion"], labels=labels
            )
        )
    with st.container(key="scr_map"):
        st_folium(
            base,
            key=f"scr_map_{lang}",
            height=700,
            use_container_width=True,
            feature_group_to_add=layers,
            layer_control=folium.LayerControl(collapsed=True),
            returned_objects=[],
        )


def _step(step: int) -> None:
    options = st.session_state["scr_options"]
    index = int(st.session_state.get("scr_scene", 0))
    st.session_state["scr_scene"] = screen.step_scene(index, len(options.scenes), step)
    st.session_state["scr_scene_at"] = time.time()


def _toggle_pause() -> None:
    st.session_state["scr_paused"] = not st.session_state.get("scr_paused", False)
    st.session_state["scr_scene_at"] = time.time()


def scene_body(head: DeltaGenerator, left: DeltaGenerator, right: DeltaGenerator) -> None:
    """Advance the scene when due, refresh figures when due, draw header and panels."""
    state = st.session_state
    options: screen.ScreenOptions = state["scr_options"]
    count = len(options.scenes)
    now = time.time()
    index, state["scr_scene_at"] = screen.advance(
        int(state.get("scr_scene", 0)),
        count,
        since=float(state.setdefault("scr_scene_at", now)),
        now=now,
        interval=options.interval,
        paused=bool(state.get("scr_paused")),
    )
    state["scr_scene"] = index
    refresh(force=False)
    if state.get("scr_version") != state.get("scr_map_version") and "scr_map_version" in state:
        st.rerun(scope="app")  # new data: the full run redraws the map's layers in place
    lang = ui.lang()
    figs: screen.ScreenFigures | None = state.get("scr_figs")
    scene = options.scenes[index]
    month = figs.month.strftime("%Y-%m") if figs and figs.month else None
    head.html(
        header_html(
            lang=lang,
            month=month,
            refreshed=state.get("scr_ok_at"),
            outage_since=state.get("scr_ok_at") if state.get("scr_down") and figs else None,
            scene=scene,
            position=(index + 1, count),
            paused=bool(state.get("scr_paused")),
        )
    )
    if figs is not None:
        left_html, right_html = panels(scene, figs, lang)
        left.html(left_html)
        right.html(right_html)
    with st.container(key="scr_controls", horizontal=True):
        if figs is not None and figs.sample:
            st.badge(ui.tr("sample_badge"), icon=":material/science:", color="orange")
        st.button(ui.tr("scr_prev"), key="scr_prev", on_click=_step, args=(-1,), shortcut="Left")
        label = ui.tr("scr_resume") if state.get("scr_paused") else ui.tr("scr_pause")
        st.button(label, key="scr_pause", on_click=_toggle_pause, shortcut="Space")
        st.button(ui.tr("scr_next"), key="scr_next", on_click=_step, args=(1,), shortcut="Right")


def main() -> None:
    ui.setup_bare_page("screen_page")
    st.html(SCREEN_CSS)
    # During an outage the login check cannot run; the screen keeps its last figures.
    with contextlib.suppress(Exception):
        ui.require_viewer_access()
    settings = get_settings()
    options = screen.parse_options(
        dict(st.query_params),
        default_scenes=settings.screen_scenes,
        default_interval=settings.screen_interval,
    )
    st.session_state["scr_options"] = options
    refresh(force=True)
    head = st.container(key="scr_head")
    left, middle, right = st.columns([0.27, 0.46, 0.27], gap=None)
    with middle:
        draw_map(ui.lang())
    tick = min(options.interval, settings.screen_refresh)
    st.fragment(run_every=tick)(scene_body)(head, left, right)


ui.run_page(main)

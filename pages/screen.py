"""Big screen (大屏) at /screen: a dark, chrome-free, rotating view of the district.

The map is drawn by the full run only, so a scene change (a fragment rerun) never
remounts it. The fragment turns the scenes, refreshes the figures when due and draws the
header and side panels; in an outage the last good figures stay, with a notice. Options:
URL (``?lang=en&scenes=overview,spotlight&interval=20&refresh=60&spotlight=12,40``) over
the stored settings (admin page 大屏设置) over the environment (models.settings).
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
from geo.screen_map import screen_base_map, screen_layers
from geo.zones import build_context, build_zones
from models import screen
from models.common import SHANGHAI
from models.db import session_scope
from models.screen_html import (
    SCREEN_CSS,
    fmt_pct,
    key_hint_css,
    panels,
    scene_header,
    spotlight_ring,
)
from models.services.screen_settings import ScreenDefaults, screen_defaults, screen_options
from models.settings import get_settings
from page_parts.screen_controls import controls

_log = get_logger("jingan")


@st.cache_data(show_spinner=False, max_entries=8)
def figures(version: int, pinned: tuple[int, ...]) -> screen.ScreenFigures:
    """The screen's figures for one data version and spotlight choice (sessions share them)."""
    del version  # the cache key only
    with session_scope(ui.engine()) as session:
        return screen.load_figures(session, spotlight_ids=pinned)


@st.cache_data(show_spinner=False, max_entries=4)
def stored_defaults(version: int) -> ScreenDefaults:
    """The stored screen settings (else the environment's) for one data version."""
    del version
    with session_scope(ui.engine()) as session:
        return screen_defaults(session, env=get_settings())


def options() -> screen.ScreenOptions:
    """URL over stored settings over environment; in an outage, the last stored ones."""
    with contextlib.suppress(Exception):  # outage: keep what was read last
        st.session_state["scr_defaults"] = stored_defaults(ui.data_version())
    stored = st.session_state.get("scr_defaults")
    return screen_options(dict(st.query_params), stored, env=get_settings())


def refresh(*, force: bool) -> None:
    """Fetch new figures when due; on failure keep the last good ones and note the outage."""
    state, opts = st.session_state, st.session_state["scr_options"]
    due = time.monotonic() - float(state.get("scr_tried", 0.0)) >= opts.refresh - 1
    if not (force or due or "scr_figs" not in state):
        return
    state["scr_tried"] = time.monotonic()
    try:
        version = ui.data_version()
        state["scr_figs"] = figures(version, opts.spotlight)
    except Exception as exc:  # noqa: BLE001 - keep showing the last good figures
        _log.warning("big screen: figures not refreshed (%s)", type(exc).__name__)
        state["scr_down"] = True
        return
    state["scr_version"], state["scr_down"] = version, False
    state["scr_ok_at"] = datetime.now(SHANGHAI).strftime("%H:%M")  # the wall's own clock


def draw_map(lang: str) -> None:
    """The district map with carriers, projects and zones shaded by occupancy."""
    state = st.session_state
    with contextlib.suppress(Exception):  # outage: the outlines drawn last (or shipped)
        ui.use_stored_zones(state.get("scr_version"))
    zones = build_zones()
    try:
        frames = (ui.cached_query("carriers_frame"), ui.cached_query("conversions_frame"))
        state["scr_map_data"], state["scr_map_version"] = frames, state.get("scr_version")
    except Exception:  # noqa: BLE001 - outage: last good layers (or none yet)
        frames = state.get("scr_map_data", (pd.DataFrame(), pd.DataFrame()))
        if "scr_map_data" not in state:
            state["scr_map_version"] = None  # drawn without data: redraw once it is back
    labels = ui.map_labels()
    figs: screen.ScreenFigures | None = state.get("scr_figs")
    rates = {z.zone: z.occupancy for z in figs.ranking} if figs else {}
    text = {k: fmt_pct(v) for k, v in rates.items()}
    layers = screen_layers(zones, *frames, rates=rates, rate_text=text, lang=lang, labels=labels)
    with st.container(key="scr_map"):
        st_folium(
            screen_base_map(zones, build_context(), labels=labels, lang=lang),
            key=f"scr_map_{lang}",
            height=700,
            use_container_width=True,
            feature_group_to_add=layers,
            layer_control=folium.LayerControl(collapsed=True),
            returned_objects=[],
        )


def scene_body(head: DeltaGenerator, left: DeltaGenerator, right: DeltaGenerator) -> None:
    """Advance the scene when due, refresh figures when due, draw header and panels."""
    state, opts = st.session_state, st.session_state["scr_options"]
    screen.turn(state, opts, now=time.time())
    refresh(force=False)
    if state.get("scr_version") != state.get("scr_map_version") and "scr_map_version" in state:
        st.rerun(scope="app")  # new data: the full run redraws the map's layers in place
    head.html(scene_header(state, opts, ui.lang()))
    figs: screen.ScreenFigures | None = state.get("scr_figs")
    scene, spot = opts.scenes[state["scr_scene"]], int(state.get("scr_spot", 0))
    if figs is not None:
        for where, html in zip((left, right), panels(scene, figs, ui.lang(), spot), strict=True):
            where.html(html)
    st.html(spotlight_ring(scene, figs, spot), unsafe_allow_javascript=True)  # numbers only


def main() -> None:
    ui.setup_bare_page("screen_page")
    st.html(SCREEN_CSS + key_hint_css(ui.tr("scr_space_key")))
    # During an outage the login check cannot run; the screen keeps its last figures.
    with contextlib.suppress(Exception):
        ui.require_viewer_access()
    opts = st.session_state["scr_options"] = options()
    refresh(force=True)
    head = st.container(key="scr_head")
    left, middle, right = st.columns([0.27, 0.46, 0.27], gap=None)
    with middle:
        draw_map(ui.lang())
    st.fragment(run_every=min(opts.interval, opts.refresh))(scene_body)(head, left, right)
    controls()


ui.run_page(main)

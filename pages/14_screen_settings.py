"""Big-screen settings (admins only): scenes and their order, timing, spotlight carriers.

Walls whose URL names no options use what is stored here (models.services.screen_settings);
a URL option wins, the environment is the fallback. A save is audited and reaches every
wall at its next live refresh.
"""

from __future__ import annotations

import streamlit as st

import ui
from models.db import session_scope
from models.screen import MAX_INTERVAL, MAX_REFRESH, SCENES, ids_of, scenes_of
from models.services.screen_settings import (
    MIN_INTERVAL,
    MIN_REFRESH,
    clear_screen_settings,
    save_screen_settings,
    screen_defaults,
)
from models.settings import get_settings

KIND = "screen_settings"  # the version pin's name (one record: id 0)


def main() -> None:
    ui.setup_page("screen_settings_page")
    st.title(ui.tr("screen_settings_page"))
    actor = ui.current_actor()
    if actor is None or not actor.is_admin:
        st.info(ui.tr("admin_only"))
        st.stop()
    env = get_settings()
    with session_scope(ui.engine()) as session:
        now = screen_defaults(session, env=env)
    st.caption(ui.tr("scr_set_intro"))
    source = "scr_set_source_stored" if now.stored else "scr_set_source_env"
    st.caption(ui.tr(source, version=now.version))
    carriers = ui.cached_query("carriers_frame")
    names = {int(r.id): ui.label_name(r._asdict()) for r in carriers.itertuples()}
    with st.form("scr_settings"):
        scenes = st.multiselect(
            ui.tr("f_scr_scenes"),
            list(SCENES),
            default=list(scenes_of(now.scenes)),
            format_func=lambda s: ui.tr(f"scene_{s}"),
            help=ui.tr("scr_set_scenes_help"),
            key="scr_set_scenes",
            select_all=False,
            placeholder=ui.tr("choose"),
        )
        interval = st.number_input(
            ui.tr("f_scr_interval"),
            min_value=MIN_INTERVAL,
            max_value=MAX_INTERVAL,
            value=min(max(now.interval, MIN_INTERVAL), MAX_INTERVAL),
            step=5,
            key="scr_set_interval",
        )
        refresh = st.number_input(
            ui.tr("f_scr_refresh"),
            min_value=MIN_REFRESH,
            max_value=MAX_REFRESH,
            value=min(max(now.refresh, MIN_REFRESH), MAX_REFRESH),
            step=10,
            key="scr_set_refresh",
        )
        spotlight = st.multiselect(
            ui.tr("f_scr_spotlight"),
            list(names),
            default=[i for i in ids_of(now.spotlight) if i in names],
            format_func=names.__getitem__,
            help=ui.tr("scr_set_spot_help"),
            key="scr_set_spotlight",
            select_all=False,
            placeholder=ui.tr("choose"),
        )
        submitted = st.form_submit_button(ui.tr("save"), type="primary")
    if submitted:
        ui.save_versioned(
            save_screen_settings,
            kind=KIND,
            obj_id=0,
            current_version=now.version,
            actor=actor,
            scenes=scenes,
            interval=int(interval),
            refresh=int(refresh),
            spotlight=spotlight,
            env=env,
        )
    if now.stored and st.button(ui.tr("scr_set_reset"), key="scr_set_reset"):
        for key in ("scr_set_scenes", "scr_set_interval", "scr_set_refresh", "scr_set_spotlight"):
            st.session_state.pop(key, None)  # the form then shows the defaults
        ui.save_versioned(
            clear_screen_settings,
            kind=KIND,
            obj_id=0,
            current_version=now.version,
            actor=actor,
            env=env,
        )
    st.page_link(
        "pages/screen.py", label=ui.tr("scr_set_open"), query_params=ui.lang_params() or None
    )


ui.run_page(main)

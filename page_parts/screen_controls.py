"""The big screen's controls: previous, pause, next, the sample badge and the way back.

Widget code only; what a turn or a pause does is :mod:`models.screen`. Kept out of
``pages/screen.py`` so the page stays a short script.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

import ui
from models import screen


def _turn(step: int) -> None:
    screen.turn(st.session_state, st.session_state["scr_options"], step=step)


def controls() -> None:
    """Previous, pause and next (also ←, space, →), the sample badge and 返回.

    Drawn by the full run, not by the scene fragment: the timer's reruns then send four
    elements fewer each time. A click reruns the app, which leaves the map mounted.
    """
    state, figs = st.session_state, st.session_state.get("scr_figs")
    with st.container(key="scr_controls", horizontal=True):
        if figs is not None and figs.sample:
            st.badge(ui.tr("sample_badge"), icon=":material/science:", color="orange")
        st.button(ui.tr("scr_prev"), key="scr_prev", on_click=_turn, args=(-1,), shortcut="Left")
        label = ui.tr("scr_resume") if state.get("scr_paused") else ui.tr("scr_pause")
        pause: dict[str, Any] = {"on_click": screen.toggle_pause, "args": (state,)}
        st.button(label, key="scr_pause", shortcut="Space", **pause)
        st.button(ui.tr("scr_next"), key="scr_next", on_click=_turn, args=(1,), shortcut="Right")
        # The way back to the app: the screen has no sidebar (user QA: no way out).
        st.page_link("app.py", label=ui.tr("scr_back"), query_params=ui.lang_params() or None)

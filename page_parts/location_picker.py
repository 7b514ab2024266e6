"""A small map to place a record: clicking it moves the marker and the coordinate inputs.

Widget code split out of ``pages/3_carriers.py``; the map itself is
:func:`geo.maps.picker_map`.
"""

from __future__ import annotations

import streamlit as st
import streamlit_folium

import ui
from geo.maps import picker_map


def pick_location(lon: float, lat: float) -> tuple[float, float]:
    """A small map: clicking it moves the marker and fills the coordinate inputs."""
    m, marker = picker_map(lon=lon, lat=lat, labels=ui.map_labels(), lang=ui.lang())
    # Looked up at call time (not imported by name): tests stand in for st_folium.
    out = streamlit_folium.st_folium(
        m,
        center=(lat, lon),
        zoom=14,
        key="carrier_pick_map",
        height=380,
        use_container_width=True,
        feature_group_to_add=marker,
        returned_objects=["last_clicked"],
    )
    clicked = (out or {}).get("last_clicked")
    if clicked and (clicked["lng"], clicked["lat"]) != st.session_state.get("_last_pick"):
        st.session_state["_last_pick"] = (clicked["lng"], clicked["lat"])
        # Widgets can't change after they are drawn: apply on the rerun, before them.
        st.session_state["_pending_pick"] = (clicked["lng"], clicked["lat"])
        st.rerun()
    return lon, lat

"""Create and edit carriers; place a new one by clicking the map or typing coordinates.

Park and belts are never entered: the service layer derives them from the location.
The opening date and focus industry are optional: leaving them empty clears them.
"""

from __future__ import annotations

import streamlit as st

import ui
import ui_edits
from models.services.carriers import delete_carrier
from page_parts.carrier_form import NEW, carrier_form


def main() -> None:
    ui.setup_page("carriers_page")
    st.title(ui.tr("carriers_page"))
    actor = ui.require_editor()
    if actor is None:
        st.stop()
    df = ui.cached_query("editable_carriers", actor=actor)
    options = [NEW, *df["id"].tolist()] if not df.empty else [NEW]
    names = (
        {row.id: ui.label_name(row._asdict()) for row in df.itertuples()} if not df.empty else {}
    )
    ui_edits.show_note()
    ui_edits.gone_notice("carrier", options)
    if "_c_next_pick" in st.session_state:
        st.session_state["c_pick"] = st.session_state.pop("_c_next_pick")
    names = ui_edits.stable_labels("c_pick", names)  # a rename elsewhere keeps the pick
    pick = st.selectbox(
        ui.tr("choose_carrier"),
        options,
        key="c_pick",
        format_func=lambda i: ui.tr("new_carrier") if i == NEW else f"#{i} {names[i]}",
    )
    row = None if pick == NEW else df[df["id"] == pick].iloc[0].to_dict()
    current = None if row is None else ui_edits.open_record("carrier", pick, row)
    if current is None:
        ui_edits.leave("carrier")
    if pick != st.session_state.get("_c_loaded"):
        # A different record: reset the coordinate inputs to its stored location.
        st.session_state["_c_loaded"] = pick
        for k in ("c_lon", "c_lat"):
            st.session_state.pop(k, None)
    carrier_form(actor, current)
    if current is not None and actor.is_admin and st.button(ui.tr("delete"), key="c_delete"):
        version = ui.pinned_version("carrier", current["id"], int(current["version"]))
        if (
            ui.save(delete_carrier, actor=actor, carrier_id=current["id"], expected_version=version)
            is None
        ):
            return
        st.session_state["_c_next_pick"] = NEW
        st.rerun()


ui.run_page(main)

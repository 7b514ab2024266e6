"""The carrier form of 载体管理 (new and existing carriers), and what it says after a
dated change of stage, area or workstations."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

import streamlit as st

import ui
import ui_edits
from geo.zones import zone_anchor
from models.common import shanghai_today
from models.enums import Accreditation, CarrierOrigin, Industry, Stage
from models.services.carriers import create_carrier, update_carrier
from models.services.core import Actor
from models.validation import MIN_DATE, blank_to_none
from page_parts.location_picker import pick_location

NEW = -1  # the picker's "new carrier"


def dated_notice(changes: Mapping[str, Any], since: date | None) -> str | None:
    """After a dated change of stage, area or workstations: from which month it counts,
    and how to correct it instead (user QA: a typo fixed "from today" left October at
    the old area, unseen). ``since`` None: it was saved as a correction."""
    if not {"stage", "total_area_m2", "workstations_total"} & set(changes):
        return None
    if since is None:
        return ui.tr("dated_saved_fixed")
    return ui.tr("dated_saved_since", day=since)


def carrier_form(actor: Actor, current: dict[str, Any] | None) -> None:
    """One form for new and existing carriers; the service validates everything."""
    c = current or {}
    if pending := st.session_state.pop("_pending_pick", None):
        st.session_state["c_lon"], st.session_state["c_lat"] = pending
    # A new carrier starts inside the manager's own scope, where they may create it.
    anchor = zone_anchor(min(actor.zone_codes) if actor.zone_codes else "district")
    st.session_state.setdefault("c_lon", float(c.get("lon", anchor[0])))
    st.session_state.setdefault("c_lat", float(c.get("lat", anchor[1])))
    lon = st.number_input(ui.tr("lon"), format="%.6f", key="c_lon")
    lat = st.number_input(ui.tr("lat"), format="%.6f", key="c_lat")
    st.caption(ui.tr("place_hint"))
    pick_location(lon, lat)
    # Per-record widget keys (another record gets a fresh form; so does the newer
    # version after a conflict, see ui_edits.form_suffix).
    k = ui_edits.form_suffix("carrier", c["id"]) if current else f"_{NEW}"
    with st.form(f"carrier_form{k}"):
        name_zh = st.text_input(ui.tr("f_name_zh"), c.get("name_zh", ""), key="c_name_zh" + k)
        name_en = st.text_input(ui.tr("name_en_label"), c.get("name_en", ""))
        address = st.text_input(ui.tr("address"), c.get("address", ""))
        operator = st.text_input(ui.tr("operator"), c.get("operator", ""))
        cols = st.columns(3)
        stage = ui.enum_select(cols[0], "stage", Stage, c.get("stage", "public_space"))
        accr = ui.enum_select(
            cols[1], "accreditation", Accreditation, c.get("accreditation", "none")
        )
        origin = ui.enum_select(cols[2], "origin", CarrierOrigin, c.get("origin", "new"))
        cols = st.columns(3)
        area = cols[0].number_input(
            ui.tr("f_total_area_m2"),
            value=float(c.get("total_area_m2", 0.0)),
            step=100.0,
            key="c_area" + k,
        )
        ws = cols[1].number_input(
            ui.tr("f_workstations_total"),
            value=int(c.get("workstations_total", 0)),
            step=10,
            key="c_ws" + k,
        )
        opened = cols[2].date_input(
            ui.tr("opened_on"),
            blank_to_none(c.get("opened_on")),
            min_value=MIN_DATE,
            max_value=shanghai_today() + timedelta(days=365),
        )
        industries = ["", *(i.value for i in Industry)]
        industry = st.selectbox(
            ui.tr("f_industries"),
            industries,
            industries.index(blank_to_none(c.get("focus_industry")) or ""),
            format_func=lambda v: ui.tr(v) if v else "—",
        )
        since, fix = None, False
        if current is not None:  # dates the history rows a stage or size change adds
            # Today, or the opening of a carrier not open yet (a change before it opens
            # is a correction of what it opens with). No maximum: Streamlit swaps a typed
            # later date for it silently; the service refuses one with a message.
            latest = max(shanghai_today(), blank_to_none(c.get("opened_on")) or date.min)
            since = st.date_input(
                ui.tr("stage_since"), latest, key="c_since" + k, help=ui.tr("stage_since_help")
            )
            fix = st.checkbox(
                ui.tr("c_correction"), key="c_fix" + k, help=ui.tr("c_correction_help")
            )
        reason = st.text_input(ui.tr("reason_optional"))
        submitted = st.form_submit_button(ui.tr("save"), type="primary", key="c_save" + k)
    if not submitted:
        return
    values = {
        "name_zh": name_zh,
        "name_en": name_en,
        "address": address,
        "operator": operator,
        "stage": stage,
        "accreditation": accr,
        "origin": origin,
        "total_area_m2": area,
        "workstations_total": ws,
        "opened_on": opened,
        "focus_industry": industry,
        "lon": lon,
        "lat": lat,
    }
    if current is not None:
        ui_edits.save_edits(
            update_carrier,
            kind="carrier",
            obj_id=c["id"],
            entered=values,
            also_reset=("c_lon", "c_lat"),  # outside the form; they restart from the record
            actor=actor,
            carrier_id=c["id"],
            reason=reason,
            stage_changed_on=since,
            size_changed_on=since,
            correction=fix,
            notice=lambda changes: dated_notice(changes, None if fix else since),
        )
    elif (saved := ui.save(create_carrier, actor=actor, data=values, reason=reason)) is not None:
        st.session_state["_c_next_pick"] = saved.id  # open the new carrier for editing
        st.rerun()

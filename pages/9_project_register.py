"""Project register: add a conversion project or correct one (editors only).

An idle commercial building or old factory enters the pipeline here as "identified";
status changes happen on the conversion projects page. Only projects the user may edit
are offered for correction.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

import ui
import ui_edits
from models.common import shanghai_today
from models.db import session_scope
from models.enums import OriginalUse, Stage
from models.services.conversions import (
    create_conversion,
    editable_project_ids,
    update_conversion,
)
from models.services.core import Actor

NEW = -1


def project_form(actor: Actor, current: dict[str, Any] | None) -> None:
    """New project or corrections to one; location is fixed once a project exists."""
    p = current or {}
    k = ui_edits.form_suffix("project_register", p["id"]) if current else f"_{NEW}"
    with st.form(f"project_form{k}"):
        name_zh = st.text_input(ui.tr("f_name_zh"), p.get("name_zh", ""))
        name_en = st.text_input(ui.tr("name_en_label"), p.get("name_en", ""))
        address = st.text_input(ui.tr("address"), p.get("address", ""))
        left, right = st.columns(2)
        lon = left.number_input(
            ui.tr("lon"),
            value=float(p.get("lon", 121.4465)),
            format="%.6f",
            disabled=current is not None,
        )
        lat = right.number_input(
            ui.tr("lat"),
            value=float(p.get("lat", 31.27)),
            format="%.6f",
            disabled=current is not None,
        )
        cols = st.columns(3)
        uses, stages = [u.value for u in OriginalUse], [s.value for s in Stage]
        use = cols[0].selectbox(
            ui.tr("original_use"),
            uses,
            format_func=ui.tr,
            index=uses.index(p.get("original_use", "old_factory")),
        )
        stage = cols[1].selectbox(
            ui.tr("target_stage"),
            stages,
            format_func=ui.tr,
            index=stages.index(p.get("target_stage", "incubator")),
        )
        area = cols[2].number_input(ui.tr("floor_area"), value=float(p.get("floor_area_m2", 0.0)))
        left, right = st.columns(2)
        invest = left.number_input(ui.tr("investment"), value=float(p.get("investment_mcny", 0.0)))
        planned = right.date_input(ui.tr("planned_open"), _day(p.get("planned_open")))
        submitted = st.form_submit_button(ui.tr("save"), type="primary")
    if not submitted:
        return
    data = {
        "name_zh": name_zh,
        "name_en": name_en,
        "address": address,
        "original_use": use,
        "floor_area_m2": area,
        "target_stage": stage,
        "investment_mcny": invest,
        "planned_open": planned,
    }
    if current is None:
        placed = {**data, "lon": lon, "lat": lat}
        ui.save_and_rerun(create_conversion, actor=actor, data=placed, on=shanghai_today())
    else:
        ui_edits.save_edits(
            update_conversion,
            kind="project_register",
            obj_id=p["id"],
            entered=data,
            actor=actor,
            project_id=p["id"],
        )


def _day(value: Any) -> date | None:
    return None if value is None or pd.isna(value) else value


def main() -> None:
    ui.setup_page("project_register")
    st.title(ui.tr("project_register"))
    actor = ui.require_editor()
    if actor is None:
        st.stop()
    projects = ui.cached_query("conversions_frame")
    with session_scope(ui.engine()) as session:
        editable = editable_project_ids(session, actor=actor)
    names = {
        int(r.id): ui.label_name(r._asdict())
        for r in projects.itertuples()
        if int(r.id) in editable
    }
    ui_edits.show_note()
    ui_edits.gone_notice("project_register", [NEW, *names])
    names = ui_edits.stable_labels("pr_pick", names)  # a rename elsewhere keeps the pick
    pick = st.selectbox(
        ui.tr("choose_project"),
        [NEW, *names],
        key="pr_pick",
        format_func=lambda i: ui.tr("new_project") if i == NEW else f"#{i} {names[i]}",
    )
    row = None if pick == NEW else projects[projects["id"] == pick].iloc[0].to_dict()
    current = None if row is None else ui_edits.open_record("project_register", pick, row)
    if current is None:
        ui_edits.leave("project_register")
    project_form(actor, current)


ui.run_page(main)

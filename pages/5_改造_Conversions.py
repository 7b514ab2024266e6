"""Conversion projects: idle buildings and old factories becoming innovation space.

Statuses only move forward (or to cancelled), each change dated in the history; an
operating project is linked to the carrier it became.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

import ui
from geo.escape import escape_markdown
from models import queries
from models.db import session_scope
from models.enums import ConversionStatus, OriginalUse, Stage
from models.services.conversions import allowed_next, change_status, create_conversion
from models.services.core import Actor

NEW = -1


def new_project_form(actor: Actor) -> None:
    with st.form("project_form"):
        name_zh = st.text_input(ui.tr("f_name_zh"), key="p_name_zh")
        name_en = st.text_input(ui.tr("name_en_label"), key="p_name_en")
        address = st.text_input(ui.tr("address"), key="p_address")
        left, right = st.columns(2)
        lon = left.number_input(ui.tr("lon"), value=121.4465, format="%.6f", key="p_lon")
        lat = right.number_input(ui.tr("lat"), value=31.2700, format="%.6f", key="p_lat")
        cols = st.columns(3)
        use = cols[0].selectbox(
            ui.tr("original_use"), [u.value for u in OriginalUse], format_func=ui.tr, key="p_use"
        )
        stage = cols[1].selectbox(
            ui.tr("target_stage"), [s.value for s in Stage], format_func=ui.tr, key="p_stage"
        )
        area = cols[2].number_input(ui.tr("floor_area"), 0.0, step=100.0, key="p_area")
        left, right = st.columns(2)
        invest = left.number_input(ui.tr("investment"), 0.0, step=1.0, key="p_invest")
        planned = right.date_input(ui.tr("planned_open"), None, key="p_planned")
        if st.form_submit_button(ui.tr("save"), type="primary"):
            data = {
                "name_zh": name_zh,
                "name_en": name_en,
                "address": address,
                "original_use": use,
                "lon": lon,
                "lat": lat,
                "floor_area_m2": area,
                "target_stage": stage,
                "investment_mcny": invest,
                "planned_open": planned,
            }
            if ui.save(create_conversion, actor=actor, data=data, on=date.today()) is not None:
                st.rerun()


def status_form(actor: Actor, project: dict) -> None:
    options = allowed_next(ConversionStatus(project["status"]))
    if not options:
        st.caption(ui.tr("no_next_status"))
        return
    carriers = ui.cached_query("carriers_frame")
    names: dict[int | None, str] = {None: "—"}
    names |= {int(r.id): ui.label_name(r._asdict()) for r in carriers.itertuples()}
    with st.form(f"status_form_{project['id']}"):
        status = st.selectbox(
            ui.tr("new_status"), [s.value for s in options], format_func=ui.tr, key="p_new_status"
        )
        on = st.date_input(ui.tr("status_date"), date.today(), key="p_on")
        carrier = st.selectbox(
            ui.tr("resulting_carrier"), list(names), format_func=names.__getitem__, key="p_carrier"
        )
        note = st.text_input(ui.tr("note"), key="p_note")
        if st.form_submit_button(ui.tr("change_status"), type="primary"):
            version = ui.pinned_version("conversion", project["id"], int(project["version"]))
            if (
                ui.save(
                    change_status,
                    actor=actor,
                    project_id=project["id"],
                    expected_version=version,
                    status=status,
                    on=on,
                    carrier_id=carrier,
                    note=note,
                )
                is not None
            ):
                ui.unpin("conversion", project["id"])
                st.rerun()


def main() -> None:
    ui.setup_page("conversions_page")
    st.title(ui.tr("conversions_page"))
    ui.require_viewer_access()
    projects = ui.cached_query("conversions_frame")
    if not projects.empty:
        view = projects[
            ["id", "name_zh", "name_en", "original_use", "status", "floor_area_m2", "target_stage"]
        ]
        st.dataframe(
            view.assign(
                original_use=view["original_use"].map(ui.tr),
                status=view["status"].map(ui.tr),
                target_stage=view["target_stage"].map(ui.tr),
            ),
            hide_index=True,
            width="stretch",
        )
    actor = ui.current_actor()
    options = [int(i) for i in projects["id"]] if not projects.empty else []
    if actor is not None and actor.role != "viewer":
        options = [NEW, *options]
    if not options:
        return
    names = {int(r.id): ui.label_name(r._asdict()) for r in projects.itertuples()}
    pick = st.selectbox(
        ui.tr("choose_project"),
        options,
        key="p_pick",
        format_func=lambda i: ui.tr("new_project") if i == NEW else f"#{i} {names[i]}",
    )
    if pick == NEW and actor is not None:
        new_project_form(actor)
        return
    project = projects[projects["id"] == pick].iloc[0].to_dict()
    st.subheader(escape_markdown(f"{names[pick]} · {ui.tr(project['status'])}"))
    with session_scope(ui.engine()) as session:
        history = queries.status_history(session, project_id=pick)
    st.caption(ui.tr("history"))
    st.dataframe(
        history[["changed_on", "status", "changed_by", "note"]].assign(
            status=history["status"].map(ui.tr)
        ),
        hide_index=True,
    )
    if actor is not None and actor.role != "viewer":
        status_form(actor, project)


main()

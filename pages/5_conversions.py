"""Conversion projects: idle buildings and old factories becoming innovation space.

Everyone sees the projects and their dated status history; editors move a project
forward (or cancel it) and link an operating project to the carrier it became. The
status form appears only for projects the user may edit, and offers only carriers in
their scope. New projects and corrections are on the "project register" page.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

import ui
from geo.escape import escape_markdown
from models import queries
from models.db import session_scope
from models.enums import ConversionStatus
from models.services.conversions import (
    allowed_next,
    change_status,
    editable_project_ids,
)
from models.services.core import Actor


def status_form(actor: Actor, project: dict) -> None:
    options = allowed_next(ConversionStatus(project["status"]))
    if not options:
        st.caption(ui.tr("no_next_status"))
        return
    carriers = ui.cached_query("editable_carriers", actor=actor)
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
            ui.save_versioned(
                change_status,
                kind="conversion",
                obj_id=project["id"],
                current_version=int(project["version"]),
                actor=actor,
                project_id=project["id"],
                status=status,
                on=on,
                carrier_id=carrier,
                note=note,
            )


def main() -> None:
    ui.setup_page("conversions_page")
    st.title(ui.tr("conversions_page"))
    ui.require_viewer_access()
    projects = ui.cached_query("conversions_frame")
    if not projects.empty:
        name_col = "name_en" if ui.lang() == "en" else "name_zh"
        columns = ["id", name_col, "original_use", "status", "floor_area_m2", "target_stage"]
        view = projects[columns]
        st.dataframe(
            view.assign(
                original_use=view["original_use"].map(ui.tr),
                status=view["status"].map(ui.tr),
                target_stage=view["target_stage"].map(ui.tr),
            ),
            hide_index=True,
            width="stretch",
            column_config={
                **ui.headers(columns),
                name_col: ui.tr("name"),
                "floor_area_m2": st.column_config.NumberColumn(ui.tr("floor_area"), format="%.0f"),
            },
            placeholder="—",
        )
    actor = ui.current_actor()
    options = [int(i) for i in projects["id"]] if not projects.empty else []
    if not options:
        return
    names = {int(r.id): ui.label_name(r._asdict()) for r in projects.itertuples()}
    pick = st.selectbox(
        ui.tr("choose_project"), options, key="p_pick", format_func=lambda i: f"#{i} {names[i]}"
    )
    project = projects[projects["id"] == pick].iloc[0].to_dict()
    st.subheader(escape_markdown(f"{names[pick]} · {ui.tr(project['status'])}"))
    with session_scope(ui.engine()) as session:
        history = queries.status_history(session, project_id=pick)
        editable = editable_project_ids(session, actor=actor) if actor is not None else set()
    st.caption(ui.tr("history"))
    history_columns = ["changed_on", "status", "changed_by", "note"]
    st.dataframe(
        history.reindex(columns=history_columns).assign(
            status=history["status"].map(ui.tr),
            changed_by=history["changed_by"].map(ui.username_label),
        ),
        hide_index=True,
        column_config=ui.headers(history_columns),
        placeholder="—",
    )
    if actor is not None and pick in editable:
        ui.pinned_version("conversion", project["id"], int(project["version"]))
        status_form(actor, project)


ui.run_page(main)

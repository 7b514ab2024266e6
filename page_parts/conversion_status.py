"""The conversion page's lower half: one project's status history and, for editors in
scope, the form that moves it forward (or cancels it) and links the carrier it became.

Widget code split out of ``pages/5_conversions.py``; the rules (which status may follow,
who may edit) are :mod:`models.services.conversions`.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

import ui
from geo.escape import escape_markdown
from models import conversion_charts as charts
from models import queries
from models.common import shanghai_today
from models.db import session_scope
from models.enums import ConversionStatus
from models.services.conversions import (
    allowed_next,
    change_status,
    editable_project_ids,
    link_carrier,
)
from models.services.core import Actor


def carrier_names(actor: Actor) -> dict[int | None, str]:
    """The carriers this editor may link, "—" (none) first."""
    carriers = ui.cached_query("editable_carriers", actor=actor)
    names: dict[int | None, str] = {None: "—"}
    return names | {int(r.id): ui.label_name(r._asdict()) for r in carriers.itertuples()}


def link_form(actor: Actor, project: dict[str, Any]) -> None:
    """Link the carrier an operating project became (its status form has ended)."""
    names = carrier_names(actor)
    linked = project.get("carrier_id")
    linked = int(linked) if linked is not None and linked == linked else None  # NaN: none
    if linked is not None and linked not in names:
        st.caption(ui.tr("ct_linked_elsewhere", id=linked))  # outside this editor's scope
        return
    with st.form(f"link_form_{project['id']}"):
        carrier = st.selectbox(
            ui.tr("resulting_carrier"),
            list(names),
            index=list(names).index(linked),
            format_func=names.__getitem__,
            key=f"p_link_{project['id']}",
        )
        if st.form_submit_button(ui.tr("ct_link_carrier"), type="primary"):
            ui.save_versioned(
                link_carrier,
                kind="conversion",
                obj_id=project["id"],
                current_version=int(project["version"]),
                actor=actor,
                project_id=project["id"],
                carrier_id=carrier,
            )


def status_form(actor: Actor, project: dict[str, Any]) -> None:
    options = allowed_next(ConversionStatus(project["status"]))
    if not options:
        st.caption(ui.tr("no_next_status"))
        if project["status"] == ConversionStatus.OPERATING.value:
            link_form(actor, project)
        return
    names = carrier_names(actor)
    with st.form(f"status_form_{project['id']}"):
        status = st.selectbox(
            ui.tr("new_status"), [s.value for s in options], format_func=ui.tr, key="p_new_status"
        )
        on = st.date_input(ui.tr("status_date"), shanghai_today(), key="p_on")
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


def project_details() -> None:
    """Pick a project, see its dated status history, and change its status if allowed."""
    projects = ui.cached_query("conversions_frame")
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
            changed_on=[charts.fmt_day(d, ui.lang()) for d in history["changed_on"]],
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

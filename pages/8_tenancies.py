"""Tenancies: move a tenant in, move it out with a reason, or graduate it in one step.

A manager works on the carriers in their scope; scope, dates and the graduation rule
(a later-stage carrier) are checked by the service layer.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

import ui
import ui_edits
from models.chain_format import fmt_month
from models.common import shanghai_today
from models.display import tenant_choices
from models.enums import Stage
from models.overview import month_end
from models.services.core import Actor
from models.services.tenants import move_in
from page_parts.tenancy_exits import graduate_form, move_out_form


def moved_in_message(start: date) -> None:
    """Say when a move-in reaches the monthly figures, if not in the month shown now."""
    latest = ui.cached_query("latest_month")
    if latest is not None and start > month_end(latest):
        st.session_state["_flash"] = ui.tr(
            "moved_in_counts_from",
            latest=fmt_month(latest, ui.lang()),
            month=fmt_month(start, ui.lang()),
        )


def tenancy_actions(
    actor: Actor, carrier_id: int, carriers: dict[int, str], later_stage: list[int]
) -> None:
    tenants = ui.cached_query("current_tenants", carrier_id=carrier_id)
    if not tenants.empty:
        show = tenants[["tenancy_id", "name", "credit_code", "industry", "area_m2", "start_on"]]
        labels = {
            "tenancy_id": ui.tr("id"),
            "name": ui.tr("tenant"),
            "credit_code": ui.tr("credit_code"),
            "industry": ui.tr("f_industry"),
            "area_m2": ui.tr("f_area_m2"),
            "start_on": ui.tr("start_on"),
        }
        show = show.assign(industry=show["industry"].map(ui.tr))
        st.dataframe(show, hide_index=True, column_config=labels)
        ui.download_table(
            show, name=f"tenancies_{carrier_id}", key="dl_tenancies", column_config=labels
        )
    in_tab, out_tab, grad_tab = st.tabs([ui.tr("move_in"), ui.tr("move_out"), ui.tr("graduate")])
    g = ui_edits.new_form_suffix("move_in")  # new keys after each move-in (see renew)
    with in_tab, st.form("move_in_form"):
        names = tenant_choices(
            ui.cached_query("tenants_frame"),
            ui.cached_query("open_tenancy_places"),
            carrier_id=carrier_id,
            lang=ui.lang(),
        )
        # Starts empty: a preselected firm was moved in by mistake (user QA).
        tenant = st.selectbox(
            ui.tr("tenant"),
            list(names),
            format_func=names.__getitem__,
            key="mi_tenant" + g,
            index=None,
            placeholder=ui.tr("choose"),
        )
        # No minimum: the browser's own range check blocked the form without a word;
        # the service refuses a negative number naming the field (user QA).
        area = st.number_input(ui.tr("f_area_m2"), value=0.0, step=10.0, key="mi_area" + g)
        ws = st.number_input(ui.tr("f_workstations"), value=0, step=1, key="mi_ws" + g)
        today = shanghai_today()
        start = st.date_input(ui.tr("start_on"), today, key="mi_start" + g)
        both = st.checkbox(
            ui.tr("also_elsewhere"), key="mi_both" + g, help=ui.tr("also_elsewhere_help")
        )
        if st.form_submit_button(ui.tr("move_in"), type="primary"):
            data = {
                "tenant_id": tenant,
                "carrier_id": carrier_id,
                "area_m2": area,
                "workstations": ws,
                "start_on": start,
            }
            if tenant is None:  # not "企业编号须为数字（输入：None）" (recheck QA)
                st.error(ui.tr("choose_tenant_first"))
            elif ui.save(move_in, actor=actor, data=data, also_elsewhere=both) is not None:
                moved_in_message(start)
                # The next move-in starts empty (a kept firm and area were saved twice).
                ui_edits.renew("move_in")
                st.rerun()
    if tenants.empty:
        return
    rows = {int(r.tenancy_id): r for r in tenants.itertuples()}
    with out_tab:
        move_out_form(actor, rows)
    with grad_tab:
        graduate_form(actor, rows, carriers, later_stage)


def main() -> None:
    ui.setup_page("tenancies_page")
    st.title(ui.tr("tenancies_page"))
    actor = ui.require_editor()
    if actor is None:
        st.stop()
    editable = ui.cached_query("editable_carriers", actor=actor)
    everything = ui.cached_query("carriers_frame")
    stage_of = dict(zip(everything["id"], everything["stage"], strict=True))
    carriers = {
        int(r.id): f"{ui.label_name(r._asdict())} · {ui.tr(stage_of[r.id])}"
        for r in everything.itertuples()
    }
    if editable.empty:
        st.info(ui.tr("no_carriers_in_scope"))
        return
    carrier_id = st.selectbox(
        ui.tr("choose_carrier"),
        editable["id"].tolist(),
        format_func=carriers.__getitem__,
        key="t_carrier",
    )
    # Graduation goes to a later growth stage only (the service refuses anything else).
    rank = {s.value: s.rank for s in Stage}
    # ... and to carriers this user may move a firm into (user QA recheck: an
    # accelerator of another zone was offered, then refused).
    mine = {int(i) for i in editable["id"]}
    later = [
        int(c)
        for c, s in stage_of.items()
        if rank[s] > rank[stage_of[carrier_id]] and int(c) in mine
    ]
    tenancy_actions(actor, int(carrier_id), carriers, later)


ui.run_page(main)

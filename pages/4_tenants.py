"""Tenants (enterprises): register one, or correct an existing record.

The credit code's check digit and uniqueness are checked by the service layer; the code
is a tenant's identity and cannot be changed once registered. A manager may correct only
tenants currently resident in their scope; an empty founding date clears it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import streamlit as st

import ui
import ui_edits
from geo.escape import escape_markdown
from models.common import shanghai_today
from models.db import session_scope
from models.enums import Industry
from models.services.core import Actor
from models.services.tenants import create_tenant, editable_tenant_ids, update_tenant
from models.validation import MIN_DATE, blank_to_none

NEW = -1
FLAGS = ("registered_in_district", "tax_in_district", "high_tech_certified", "five_year_commitment")


def tenant_form(actor: Actor, current: dict[str, Any] | None) -> None:
    """One form for a new tenant and for corrections; the service validates it all."""
    t = current or {}
    industries = [i.value for i in Industry]
    # Per-record widget keys, new after a conflict too (ui_edits.form_suffix).
    k = (
        ui_edits.form_suffix("tenant", t["id"])
        if current
        else f"_{NEW}{ui_edits.new_form_suffix('tenant')}"
    )
    with st.form(f"tenant_form{k}"):
        name = st.text_input(ui.tr("f_name"), t.get("name", ""), key="t_name" + k)
        name_en = st.text_input(ui.tr("name_en_label"), t.get("name_en", ""), key="t_name_en" + k)
        code = st.text_input(
            ui.tr("credit_code"),
            t.get("credit_code", ""),
            max_chars=20,
            disabled=current is not None,
            key="t_code" + k,
        )
        cols = st.columns(3)
        industry = cols[0].selectbox(
            ui.tr("f_industry"),
            industries,
            format_func=ui.tr,
            index=industries.index(t.get("industry", "ai")),
            key="t_industry" + k,
        )
        founded = cols[1].date_input(
            ui.tr("founded_on"),
            blank_to_none(t.get("founded_on")),
            min_value=MIN_DATE,
            max_value=shanghai_today() + timedelta(days=365),
            key="t_founded" + k,
        )
        employees = cols[2].number_input(
            ui.tr("employees"), value=int(t.get("employees", 0)), key="t_employees" + k
        )
        flags = {f: st.checkbox(ui.tr(f), bool(t.get(f, False)), key=f"t_{f}{k}") for f in FLAGS}
        # Every field keyed by the record, so a saved new firm leaves a blank form (user
        # QA: the unkeyed ones kept the last firm's values under 登记企业).
        note = st.text_input(
            ui.tr("fiscal_support_note"), t.get("fiscal_support_note", ""), key="t_note" + k
        )
        reason = st.text_input(ui.tr("reason_optional"), key="t_reason" + k)
        submitted = st.form_submit_button(ui.tr("save"), type="primary", key="t_save" + k)
    if not submitted:
        return
    data = {
        "name": name,
        "name_en": name_en,
        "industry": industry,
        "founded_on": founded,
        "employees": employees,
        "fiscal_support_note": note,
        **flags,
    }
    if current is None:
        saved = ui.save(
            create_tenant, actor=actor, data={**data, "credit_code": code}, reason=reason
        )
        if saved is not None:
            # A blank form for the next firm, and the way to this one's carrier: a firm
            # with no tenancy yet is in no manager's scope, so it leaves this page's list.
            ui_edits.renew("tenant")
            st.session_state["_t_next_step"] = saved.name
            st.rerun()
    else:
        ui_edits.save_edits(
            update_tenant,
            kind="tenant",
            obj_id=t["id"],
            entered=data,
            actor=actor,
            tenant_id=t["id"],
            reason=reason,
        )


def main() -> None:
    ui.setup_page("tenants_page")
    st.title(ui.tr("tenants_page"))
    actor = ui.require_editor()
    if actor is None:
        st.stop()
    if name := st.session_state.pop("_t_next_step", None):
        st.info(ui.tr("tenant_next_step", name=escape_markdown(name)))
        st.page_link(
            "pages/8_tenancies.py", label=ui.tr("tenancies_page"), query_params=ui.lang_params()
        )
    tenants = ui.cached_query("tenants_frame")
    with session_scope(ui.engine()) as session:
        editable = editable_tenant_ids(session, actor=actor)
    names = {
        int(r.id): f"{r.name} · {r.credit_code}"
        for r in tenants.itertuples()
        if int(r.id) in editable
    }
    ui_edits.show_note()
    ui_edits.gone_notice("tenant", [NEW, *names])
    names = ui_edits.stable_labels("t_pick", names)  # a rename elsewhere keeps the pick
    pick = st.selectbox(
        ui.tr("choose_tenant"),
        [NEW, *names],
        key="t_pick",
        format_func=lambda i: ui.tr("new_tenant") if i == NEW else names[i],
    )
    row = None if pick == NEW else tenants[tenants["id"] == pick].iloc[0].to_dict()
    current = None if row is None else ui_edits.open_record("tenant", pick, row)
    if current is None:
        ui_edits.leave("tenant")
    tenant_form(actor, current)
    if not tenants.empty:
        columns = ["name", "credit_code", "industry", "employees", *FLAGS]
        view = tenants[columns].assign(industry=tenants["industry"].map(ui.tr))
        config = ui.headers(columns)
        st.dataframe(view, hide_index=True, width="stretch", column_config=config, placeholder="—")
        ui.download_table(view, name="tenants", key="dl_tenants", column_config=config)


ui.run_page(main)

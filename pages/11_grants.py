"""Support grants: record the funds paid to tenants, correct them, delete (admin).

Admins edit every grant; a manager the grants of tenants resident in their scope. An
edit is saved against the version the grant had when it was opened, so a change made
by someone else in between is a conflict, not an overwrite. A second grant from the
same fund is recorded and flagged on the policy page, not refused.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

import ui
import ui_edits
from models import policy
from models.common import shanghai_today
from models.db import session_scope
from models.services.core import Actor
from models.services.support import create_grant, delete_grant, update_grant
from models.services.tenants import editable_tenant_ids
from models.support import SupportLevel

NEW = -1


@st.cache_data(show_spinner=False, max_entries=4)
def grants(version: int) -> pd.DataFrame:
    """Live grants with tenant names, re-read only when the data version moves."""
    del version
    with session_scope(ui.engine()) as session:
        return policy.grants_frame(session)


def grant_form(actor: Actor, current: dict[str, Any] | None, tenants: dict[int, str]) -> None:
    """One form for a new grant and for corrections; the service validates it all."""
    g = current or {}
    # Per-record keys, new after a conflict too (ui_edits.form_suffix).
    # A new grant's form gets new keys after each save, so it comes back empty: a second
    # press of 保存 used to store the same grant twice (user QA).
    k = (
        ui_edits.form_suffix("grant", int(g["id"]))
        if current
        else f"_{NEW}" + ui_edits.new_form_suffix("grant_new")
    )
    levels = [lv.value for lv in SupportLevel]
    with st.form(f"grant_form{k}"):
        tenant_id = st.selectbox(
            ui.tr("choose_tenant"),
            list(tenants),
            # No firm preselected for a new grant: an untouched picker saved the grant
            # for whichever firm sorted first.
            index=list(tenants).index(g["tenant_id"]) if current else None,
            placeholder=ui.tr("choose"),
            format_func=lambda i: tenants.get(i, str(i)),
            disabled=current is not None,
            key="g_tenant" + k,
        )
        fund_name = st.text_input(ui.tr("f_fund_name"), g.get("fund_name", ""), key="g_fund" + k)
        cols = st.columns(4)
        fund_code = cols[0].text_input(
            ui.tr("f_fund_code"), g.get("fund_code", ""), key="g_code" + k
        )
        level = cols[1].selectbox(
            ui.tr("f_level"),
            levels,
            index=levels.index(g.get("level", SupportLevel.DISTRICT.value)),
            format_func=lambda v: ui.tr(f"lvl_{v}"),
            key="g_level" + k,
        )
        year = cols[2].number_input(
            ui.tr("f_year"),
            value=int(g.get("year", shanghai_today().year)),
            step=1,
            key="g_year" + k,
        )
        amount = cols[3].number_input(
            ui.tr("f_amount_10k_cny"),
            value=float(g.get("amount_10k_cny", 0.0)),
            key="g_amount" + k,
        )
        note = st.text_input(ui.tr("f_note"), g.get("note", ""), key="g_note" + k)
        reason = st.text_input(ui.tr("reason_optional"), key="g_reason" + k)
        submitted = st.form_submit_button(ui.tr("save"), type="primary", key="g_save" + k)
    if not submitted:
        return
    data = dict(fund_name=fund_name, fund_code=fund_code, level=level, year=int(year))
    data |= {"amount_10k_cny": amount, "note": note}
    if current is None:
        if tenant_id is None:
            st.error(ui.tr("choose_tenant_first"))
            return
        saved = ui.save(
            create_grant, actor=actor, data={**data, "tenant_id": tenant_id}, reason=reason
        )
        if saved is not None:
            ui_edits.renew("grant_new")
            st.rerun()
    else:
        ui_edits.save_edits(
            update_grant,
            kind="grant",
            obj_id=int(g["id"]),
            entered=data,
            actor=actor,
            grant_id=int(g["id"]),
            reason=reason,
        )


def versioned(fn: Callable[..., Any], actor: Actor, g: dict[str, Any], **kwargs: Any) -> None:
    """An edit or delete saved against the version pinned when the grant was opened."""
    gid = int(g["id"])
    ui.save_versioned(
        fn, kind="grant", obj_id=gid, current_version=int(g["version"]), actor=actor,
        grant_id=gid, **kwargs
    )  # fmt: skip


def main() -> None:
    ui.setup_page("grants_page")
    st.title(ui.tr("grants_page"))
    actor = ui.require_editor()
    if actor is None:
        st.stop()
    with session_scope(ui.engine()) as session:
        editable = editable_tenant_ids(session, actor=actor)
    tenant_rows = ui.cached_query("tenants_frame")
    rows = tenant_rows[tenant_rows["id"].isin(editable)] if editable else tenant_rows.head(0)
    tenants = {int(r.id): f"{r.name} · {r.credit_code}" for r in rows.itertuples()}
    frame = grants(ui.data_version())
    mine = frame[frame["tenant_id"].isin(editable)] if not frame.empty else frame
    labels = {int(r.id): f"{r.name} · {r.fund_name} · {r.year}" for r in mine.itertuples()}
    ui_edits.show_note()
    ui_edits.gone_notice("grant", [NEW, *labels])
    labels = ui_edits.stable_labels("g_pick", labels)  # an edit elsewhere keeps the pick
    pick = st.selectbox(
        ui.tr("grants_choose"),
        [NEW, *labels],
        key="g_pick",
        format_func=lambda i: ui.tr("grants_new") if i == NEW else labels[i],
    )
    row = None if pick == NEW else mine[mine["id"] == pick].iloc[0].to_dict()
    current = None if row is None else ui_edits.open_record("grant", pick, row)
    if current is None:
        ui_edits.leave("grant")
    elif current["double"]:
        same = mine[(mine["tenant_id"] == current["tenant_id"]) & mine["double"]]
        st.warning(ui.tr("grants_double_warning", n=len(same)))
    if not tenants:
        st.info(ui.tr("grants_no_tenant"))
    else:
        grant_form(actor, current, tenants)
    if current is not None and actor.is_admin:  # deleting is for admins only
        why = st.text_input(ui.tr("grants_delete_reason"), key=f"g_del_reason_{current['id']}")
        if st.button(ui.tr("delete"), key=f"g_delete_{current['id']}"):
            versioned(delete_grant, actor, current, reason=why)
    if mine.empty:
        st.info(ui.tr("grants_none"))
        return
    view = mine[["name", "fund_name", "fund_code", "level", "year", "amount_10k_cny", "double"]]
    view = view.assign(
        level=view["level"].map(lambda v: ui.tr(f"lvl_{v}")), year=view["year"].astype(str)
    )
    config: ui.Columns = {
        **{c: ui.tr(f"f_{c}") for c in ("fund_name", "fund_code", "level", "year")},
        "name": ui.tr("tenant"),
        "amount_10k_cny": st.column_config.NumberColumn(ui.tr("f_amount_10k_cny")),
        "double": ui.tr("flag_double_support"),
    }
    key = f"grants_list_{ui.lang()}"
    st.dataframe(view, hide_index=True, width="stretch", key=key, column_config=config)
    ui.download_table(view, name="support_grants", key="dl_grants", column_config=config)


ui.run_page(main)

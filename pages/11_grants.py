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
from models.db import session_scope
from models.services.core import Actor
from models.services.support import delete_grant
from models.services.tenants import editable_tenant_ids
from page_parts.grant_form import NEW, grant_form


@st.cache_data(show_spinner=False, max_entries=4)
def grants(version: int) -> pd.DataFrame:
    """Live grants with tenant names, re-read only when the data version moves."""
    del version
    with session_scope(ui.engine()) as session:
        return policy.grants_frame(session)


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

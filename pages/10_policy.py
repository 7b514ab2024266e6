"""Policy checks: how the tenant base measures against the 2018 sci-tech policy.

For everyone (read-only). Figures per park/belt and per carrier, and the list of
tenants behind every number. The rules and how each is decided live in models.policy.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

import ui
from models import policy
from models.conversion_charts import fmt_day
from models.db import session_scope
from models.policy import FLAGS, ZONE_ROWS, PolicyReport
from page_parts.policy_list import tenant_table

# The recipients failing a rule, then its three parts (one firm can break several).
SHOWN = (
    "recipient",
    "recipient_fails",
    "support_ineligible",
    "support_five_years",
    "double_support",
)


@st.cache_data(show_spinner=False, max_entries=4)
def report(version: int) -> tuple[PolicyReport, pd.DataFrame, pd.DataFrame]:
    """Checks and counts, recomputed only when the data version moves."""
    del version
    with session_scope(ui.engine()) as session:
        rep = policy.policy_report(session)
    return rep, policy.zone_table(rep), policy.carrier_table(rep)


def counts_config() -> dict[str, Any]:
    """Column labels shared by the zone and carrier tables."""
    return {
        "tenants": ui.tr("col_tenants"),
        **{f: ui.tr(f"flag_{f}") for f in FLAGS},
        "grants": ui.tr("col_grants"),
        "amount_10k_cny": st.column_config.NumberColumn(ui.tr("col_amount"), format="%.1f"),
    }


def zone_label(code: str) -> str:
    return ui.tr("district_total") if code == "district" else ui.tr(code)


def main() -> None:
    ui.setup_page("policy_page")
    ui.require_viewer_access()
    st.title(ui.tr("policy_page"))
    st.caption(ui.tr("policy_intro"))
    with st.expander(ui.tr("policy_rules_title")):
        st.markdown(ui.tr("policy_rules"))
    rep, zones, carriers = report(ui.data_version())
    st.caption(ui.tr("policy_as_of", day=fmt_day(rep.as_of, ui.lang())))
    district = zones[zones["zone"] == "district"].iloc[0]
    # Bottom-aligned: a label on two lines must not lift its number out of the row.
    columns = st.columns(len(SHOWN), vertical_alignment="bottom")
    for col, shown in zip(columns, SHOWN, strict=True):
        col.metric(ui.tr(f"flag_{shown}"), int(district[shown]))
    by_zone, by_carrier = st.tabs([ui.tr("policy_by_zone"), ui.tr("policy_by_carrier")])
    with by_zone:
        shown, config = zones.assign(zone=zones["zone"].map(zone_label)), counts_config()
        config = {"zone": ui.tr("f_zones"), **config}
        st.dataframe(
            shown,
            hide_index=True,
            width="stretch",
            key=f"policy_zones_{ui.lang()}",
            column_config=config,
        )
        st.caption(ui.tr("policy_overlap_note"))  # park and belt rows overlap; the total does not
        ui.download_table(shown, name="policy_zones", key="dl_policy_zones", column_config=config)
    en = ui.lang() == "en"
    names = {
        int(r.carrier_id): (r.name_en or r.name_zh) if en else r.name_zh
        for r in carriers.itertuples()
    }
    with by_carrier:
        shown = carriers.assign(name=carriers["carrier_id"].map(names))
        shown = shown[["name", "tenants", *FLAGS, "grants", "amount_10k_cny"]]
        config = {"name": ui.tr("carrier_name"), **counts_config()}
        st.dataframe(
            shown,
            hide_index=True,
            width="stretch",
            key=f"policy_carriers_{ui.lang()}",
            column_config=config,
        )
        ui.download_table(shown, name="policy_carriers", key="dl_policy_cars", column_config=config)
    st.subheader(ui.tr("policy_lists"))
    left, right = st.columns(2)
    scopes: list[str | int] = [*ZONE_ROWS[::-1], *names]
    scope = left.selectbox(
        ui.tr("policy_scope"),
        scopes,
        key="p_scope",
        format_func=lambda s: names[s] if isinstance(s, int) else zone_label(s),
    )
    flag = right.selectbox(
        ui.tr("policy_flag"),
        [*FLAGS[1:5], *FLAGS[:1], *FLAGS[5:], None],
        key="p_flag",
        format_func=lambda f: ui.tr(f"flag_{f or 'all'}"),
    )
    rows = (
        policy.tenant_list(rep, carrier_id=scope, flag=flag)
        if isinstance(scope, int)
        else policy.tenant_list(rep, zone=scope, flag=flag)
    )
    st.caption(ui.tr("policy_list_count", what=ui.tr(f"flag_{flag or 'all'}"), n=len(rows)))
    tenant_table(rep, rows, key=f"policy_list_{ui.lang()}")


ui.run_page(main)

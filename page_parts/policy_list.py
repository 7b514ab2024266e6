"""The list behind a number of the policy page: who is flagged, why, and their grants."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import ui
from models.policy import PolicyReport

RULES = ("not_registered_taxed", "five_years_unmet", "double_support")  # the rules broken


def tenant_table(rep: PolicyReport, rows: pd.DataFrame, key: str) -> None:
    """The list behind a number: who, why flagged, and the grants they received."""
    en = ui.lang() == "en"
    g = rep.grants.sort_values(["tenant_id", "year"])
    labels = g["fund_name"].astype(str) + " (" + g["year"].astype(str) + ")"
    funds = labels.groupby(g["tenant_id"]).agg("; ".join) if not g.empty else pd.Series()
    show = pd.DataFrame(
        {
            "name": rows["name_en"].where(rows["name_en"] != "", rows["name"])
            if en
            else rows["name"],
            "why": [
                # Each firm's own reasons, without the column headers' "(all tenants)".
                ui.join_list(ui.tr(f"why_{f}") for f in RULES if r[f])
                for _, r in rows.iterrows()
            ],
            "industry": rows["industry"].map(ui.tr),
            "tier": rows["tier"].map(lambda v: ui.tr(v) if v else "—"),
            "registered_in_district": rows["registered_in_district"],
            "tax_in_district": rows["tax_in_district"],
            "five_year_commitment": rows["five_year_commitment"],
            "years": rows["years_in_district"],
            "funds": rows["id"].map(funds).fillna(""),
            "amount_10k_cny": rows["amount_10k_cny"],
        }
    )
    config: ui.Columns = {
        "name": ui.tr("tenant"),
        "why": st.column_config.TextColumn(ui.tr("col_why"), width="large"),  # user QA: cut
        "industry": ui.tr("f_industry"),
        "tier": ui.tr("col_tier"),
        "registered_in_district": ui.tr("f_registered_in_district"),
        "tax_in_district": ui.tr("f_tax_in_district"),
        "five_year_commitment": ui.tr("f_five_year_commitment"),
        "years": st.column_config.NumberColumn(ui.tr("col_years"), format="%.1f"),
        "funds": st.column_config.TextColumn(ui.tr("col_funds"), width="large"),
        "amount_10k_cny": st.column_config.NumberColumn(ui.tr("col_amount"), format="%.1f"),
    }
    st.dataframe(show, hide_index=True, width="stretch", key=key, column_config=config)
    ui.download_table(show, name="policy_tenants", key="dl_policy_list", column_config=config)

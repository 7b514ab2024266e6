"""Shibei park and the three belts side by side, and each belt against its theme.

Figures come from models.zones_compare as of the chosen month; the theme of each belt
and the industries under each theme are defined once, in models.themes.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

import ui
from models import chain_charts as charts
from models import zones_compare
from models.chain_format import fmt_month, fmt_share
from models.themes import Theme, theme_industries
from page_parts.chain_rows import chain_data


@st.cache_data(show_spinner=False, max_entries=32)
def comparison(version: int, month: date) -> zones_compare.Comparison:
    """The comparison as of ``month``, recomputed only after a write."""
    return zones_compare.compare(chain_data(version, month))


def overview(data: zones_compare.Comparison) -> None:
    st.subheader(ui.tr("cmp_overview_title"))
    table = charts.compare_table(ui.tr, data.zones)
    st.dataframe(table, hide_index=True, width="stretch", key="cmp_table")
    # The rows add up to more than the district total: say why (user QA: 130 ≠ 120).
    st.caption(ui.tr("zone_overlap_note"))
    st.caption(ui.tr("ch_available_help"), help=ui.occupancy_help())
    ui.download_table(table, name="zones_compared", key="dl_cmp_table")
    parts = data.zones[data.zones["zone"] != "district"]
    st.caption(ui.tr("cmp_stage_chart"))
    long = charts.zone_stage_long(parts)
    ui.show_chart(charts.stages_chart(ui.tr, long))
    st.caption(ui.tr("cmp_occ_chart"))
    chart = charts.share_chart(ui.tr, data.zones, column="occupancy", title_key="cmp_occ_chart")
    ui.show_chart(chart)


def themes(data: zones_compare.Comparison) -> None:
    st.subheader(ui.tr("cmp_theme_title"))
    belts = data.zones[data.zones["theme"].map(lambda t: isinstance(t, str))]
    chart = charts.share_chart(ui.tr, belts, column="theme_share", title_key="cmp_theme_axis")
    ui.show_chart(chart)
    shares = pd.DataFrame(
        {
            ui.tr("f_zones"): [ui.tr(z) for z in belts["zone"]],
            ui.tr("cmp_theme"): [ui.tr(t) for t in belts["theme"]],
            ui.tr("cmp_theme_tenants"): belts["theme_tenants"].astype(int),
            ui.tr("ch_tenants"): belts["tenants"].astype(int),
            ui.tr("cmp_theme_share"): [fmt_share(v) for v in belts["theme_share"]],
        }
    )
    st.dataframe(shares, hide_index=True, width="stretch", key="cmp_theme_table")
    ui.download_table(shares, name="belt_theme_share", key="dl_cmp_theme")
    st.caption(ui.tr("cmp_theme_note"))
    with st.expander(ui.tr("cmp_mapping_title")):
        mapping = pd.DataFrame(
            {
                ui.tr("cmp_theme"): [ui.tr(t) for t in Theme],
                ui.tr("f_industry"): [
                    ui.tr("ch_list_sep").join(ui.tr(i) for i in theme_industries(t)) for t in Theme
                ],
            }
        )
        st.dataframe(mapping, hide_index=True, width="stretch", key="cmp_mapping")
        ui.download_table(mapping, name="theme_industries", key="dl_cmp_mapping")


def industries(data: zones_compare.Comparison) -> None:
    st.subheader(ui.tr("cmp_industry_title"))
    frame = charts.industry_frame(ui.tr, data.industries)
    if frame.empty:
        st.info(ui.tr("no_data"))
        return
    order = [ui.tr(t) for t in Theme]
    ui.show_chart(charts.industry_chart(ui.tr, frame, order))
    pivot = frame.pivot_table(
        index=ui.tr("f_industry"),
        columns=ui.tr("f_zones"),
        values=ui.tr("cmp_industry_axis"),
        aggfunc="sum",
        fill_value=0,
        sort=False,
    ).reset_index()
    st.dataframe(pivot, hide_index=True, width="stretch", key="cmp_industries")
    ui.download_table(frame, name="tenants_by_industry", key="dl_cmp_industries")


def main() -> None:
    ui.setup_page("compare_page")
    ui.require_viewer_access()
    st.title(ui.tr("compare_page"))
    month = ui.month_picker("compare_month")
    data = comparison(ui.data_version(), month)
    st.caption(ui.tr("ch_as_of", month=fmt_month(data.month, ui.lang())))
    overview(data)
    themes(data)
    industries(data)


ui.run_page(main)

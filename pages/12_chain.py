"""The growth-stage chain: stages per park and belt, graduations over time, stays, gaps.

Every figure is as of the chosen month (models.chain); charts and tables come from
models.chain_charts in the stage palette, with text in the reader's language.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

import ui
from models import chain
from models import chain_charts as charts
from models.chain_format import fmt_month, fmt_year
from page_parts.chain_rows import chain_data


@st.cache_data(show_spinner=False, max_entries=32)
def chain_figures(version: int, month: date) -> chain.ChainView:
    """The chain as of ``month``, recomputed only after a write (``version`` changes)."""
    return chain.chain_view(chain_data(version, month))


def headline(view: chain.ChainView) -> None:
    """This year's graduations: incubator → accelerator, and all paths."""
    year = view.month.year
    label = fmt_year(year, ui.lang())
    ia = chain.count_in_year(view.events, year=year, from_stage="incubator", to_stage="accelerator")
    total = int((view.events["year"] == year).sum()) if not view.events.empty else 0
    left, right = st.columns(2)
    left.metric(
        ui.tr("ch_grad_ia", year=label), ui.tr("ch_grad_unit", n=ia), help=ui.tr("ch_grad_help")
    )
    right.metric(
        ui.tr("ch_grad_all", year=label),
        ui.tr("ch_grad_unit", n=total),
        help=ui.tr("ch_grad_help"),
    )


def gaps(view: chain.ChainView) -> None:
    """Which park or belt lacks a stage of the chain."""
    st.subheader(ui.tr("ch_missing_title"), help=ui.tr("ch_missing_help"))
    columns = st.columns(len(view.missing))
    for column, (zone, missing) in zip(columns, view.missing.items(), strict=True):
        # The maps' short names: a quarter of a 1366-px row broke "苏州河两岸文化创意集聚带"
        # before its last character (recheck QA).
        name = charts.short_zone_label(ui.tr, zone)
        if missing:
            stages = ui.tr("ch_list_sep").join(ui.tr(s) for s in missing)
            column.warning(ui.tr("ch_missing", zone=name, stages=stages))
        else:
            column.success(ui.tr("ch_complete", zone=name))


def stages_by_zone(view: chain.ChainView) -> None:
    st.subheader(ui.tr("ch_by_zone_title"))
    parts = view.table[view.table["zone"] != "district"]
    ui.show_chart(charts.stages_chart(ui.tr, parts))
    table = charts.stage_zone_table(ui.tr, view.table)
    st.dataframe(table, hide_index=True, width="stretch", key="chain_table")
    st.caption(ui.tr("ch_available_help"), help=ui.occupancy_help())
    ui.download_table(table, name="chain_stages", key="dl_chain_stages")


def graduation_flow(view: chain.ChainView) -> None:
    st.subheader(ui.tr("ch_flow_title"), help=ui.tr("ch_grad_help"))
    flow = charts.flow_frame(ui.tr, ui.lang(), view.counts)
    if flow.empty:
        st.info(ui.tr("no_data"))
    else:
        ui.show_chart(charts.flow_chart(ui.tr, flow))
        ui.download_table(
            flow.drop(columns=["_to", "_from"]), name="chain_graduations", key="dl_chain_flow"
        )
    if view.unmatched:
        st.caption(ui.tr("ch_unmatched", n=view.unmatched))
    events, en = view.events, ui.lang() == "en"
    # Thousands of events at ten years of data: translate the four stages once, not per row.
    stage = {s: ui.tr(s) for s in {*events["from_stage"], *events["to_stage"]}}
    with st.expander(ui.tr("ch_events", n=len(events))):
        listing = pd.DataFrame(
            {
                ui.tr("tenant"): [
                    name_en if en and name_en else zh
                    for zh, name_en in zip(
                        events["tenant_name"], events["tenant_name_en"], strict=True
                    )
                ],
                ui.tr("ch_from_stage"): events["from_stage"].map(stage).to_list(),
                ui.tr("ch_to_stage"): events["to_stage"].map(stage).to_list(),
                ui.tr("ch_on"): [d.isoformat() for d in events["on"]],
            }
        )
        st.dataframe(listing, hide_index=True, width="stretch", key="chain_events")
        ui.download_table(listing, name="chain_graduation_list", key="dl_chain_events")


def stays(view: chain.ChainView) -> None:
    st.subheader(ui.tr("ch_stay_title"), help=ui.tr("ch_stay_help"))
    st.caption(ui.tr("ch_stay_basis"))  # why its counts differ from the composition's
    ui.show_chart(charts.stays_chart(ui.tr, ui.lang(), view.stays))
    table = charts.stays_table(ui.tr, ui.lang(), view.stays)
    st.dataframe(table, hide_index=True, width="stretch", key="chain_stays")
    ui.download_table(table, name="chain_stays", key="dl_chain_stays")


def main() -> None:
    ui.setup_page("chain_page")
    ui.require_viewer_access()
    st.title(ui.tr("chain_page"))
    st.caption(ui.tr("stage_chain"))
    month = ui.month_picker("chain_month")
    view = chain_figures(ui.data_version(), month)
    st.caption(ui.tr("ch_as_of", month=fmt_month(view.month, ui.lang())))
    headline(view)
    gaps(view)
    stages_by_zone(view)
    graduation_flow(view)
    stays(view)


ui.run_page(main)

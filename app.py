"""Home page: headline figures for Jing'an's innovation spaces and the shared sidebar.

Run with ``streamlit run app.py`` (``make run`` does it for you). Other pages live in
pages/ and share the sidebar through ui.setup_page.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

import ui
from geo.style import STAGE_COLORS, STAGES
from models import queries
from models.enums import ConversionStatus


def stage_chart(by_stage: dict[str, int]) -> alt.Chart:
    """Bars of carriers per stage, in growth order and the map's stage colours."""
    df = pd.DataFrame(
        {
            "stage": [ui.tr(s) for s in STAGES],
            "count": [int(by_stage.get(s, 0)) for s in STAGES],
        }
    )
    scale = alt.Scale(domain=df["stage"].tolist(), range=[STAGE_COLORS[s] for s in STAGES])
    return (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X("stage:N", sort=None, title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("count:Q", title=ui.tr("count")),
            color=alt.Color("stage:N", scale=scale, legend=None),
            tooltip=[
                alt.Tooltip("stage:N", title=ui.tr("stage")),
                alt.Tooltip("count:Q", title=ui.tr("count")),
            ],
        )
        .properties(height=260)
    )


def trend_chart(trend: pd.DataFrame) -> alt.Chart:
    """District occupancy per month, in percent, with year-month labels in any language."""
    df = trend.assign(
        pct=trend["rate"] * 100,
        month=pd.to_datetime(trend["month"]),
        coverage=[
            f"{u}/{n}" for u, n in zip(trend["carriers_used"], trend["carriers_total"], strict=True)
        ],
    )
    return (
        alt.Chart(df)
        .mark_line(point=True)
        .encode(
            x=alt.X("month:T", title=None, axis=alt.Axis(format="%Y-%m", labelAngle=0)),
            y=alt.Y("pct:Q", title=ui.tr("occupancy") + " %", scale=alt.Scale(domain=[0, 100])),
            tooltip=[
                alt.Tooltip("month:T", format="%Y-%m", title=ui.tr("month")),
                alt.Tooltip("pct:Q", format=".1f", title=ui.tr("occupancy") + " %"),
                alt.Tooltip("coverage:N", title=ui.tr("f_coverage")),
            ],
        )
        .properties(height=300)
    )


def main() -> None:
    ui.setup_page("home")
    ui.require_viewer_access()
    st.title(ui.tr("app_title"))
    st.caption(ui.tr("app_subtitle"))

    k = ui.cached_query("kpis")
    cols = st.columns(5)
    cols[0].metric(ui.tr("kpi_carriers"), f"{k['carriers']}")
    cols[1].metric(ui.tr("kpi_total_area"), f"{k['total_area_m2'] / 10_000:,.1f}")
    trend = ui.cached_query("occupancy_trend")
    change = queries.occupancy_change(trend)
    delta = ui.pp_delta(change)
    figure = k["occupancy"]
    cols[2].metric(
        ui.tr("kpi_avg_occupancy"),
        ui.fmt_pct(k["avg_occupancy"]),
        delta=delta,
        help=ui.occupancy_help() + "\n\n" + ui.tr("mom_help"),
    )
    if figure is not None:
        cols[2].caption(ui.fmt_coverage(figure.carriers_used, figure.carriers_total))
    cols[3].metric(ui.tr("kpi_tenants"), f"{k['tenants']}")
    cols[4].metric(ui.tr("kpi_conversions"), f"{k['conversions']}")
    if k["month"] and figure is not None:
        month = k["month"].strftime("%Y-%m")
        st.caption(
            ui.tr("kpi_month", month=month)
            + " · "
            + ui.tr("stale_count", n=len(figure.not_reported_ids), month=month)
        )
        ui.not_reported_expander(figure)

    left, right = st.columns(2)
    with left:
        st.subheader(ui.tr("carriers_by_stage"))
        st.caption(ui.tr("stage_chain"))
        st.altair_chart(stage_chart(k["by_stage"]), width="stretch")
    with right:
        st.subheader(ui.tr("occupancy_trend_all"))
        if trend.empty:
            st.info(ui.tr("no_data"))
        else:
            st.altair_chart(trend_chart(trend), width="stretch")
            last = trend.iloc[-1]
            st.caption(
                ui.tr(
                    "trend_last_point",
                    month=pd.Timestamp(last["month"]).strftime("%Y-%m"),
                    rate=ui.fmt_pct(last["rate"]),
                    coverage=ui.fmt_coverage(last["carriers_used"], last["carriers_total"]),
                ),
                help=ui.occupancy_help(),
            )

    st.subheader(ui.tr("zone_comparison"))
    ui.zone_table()

    st.subheader(ui.tr("conversions_by_status"))
    conv = ui.cached_query("conversions_frame")
    counts = conv["status"].value_counts() if not conv.empty else pd.Series(dtype=int)
    status_cols = st.columns(len(ConversionStatus))
    for col, status in zip(status_cols, ConversionStatus, strict=True):
        col.metric(ui.tr(status.value), int(counts.get(status.value, 0)))


ui.run_page(main)

"""The home page's trend section: occupancy, tenants or area by stage and by zone."""

from __future__ import annotations

import streamlit as st

import ui
from models import home_charts as hc
from models.chain_format import fmt_month
from models.overview import OverviewView, trend_window


def trends(view: OverviewView) -> None:
    """Occupancy, tenants or area by stage and by zone over 12 or 36 months up to M."""
    st.subheader(ui.tr("ov_trends"))
    lang = ui.lang()
    left, right = st.columns(2)
    months = left.radio(
        ui.tr("ov_window"),
        (12, 36),
        horizontal=True,
        key=f"ov_window_{lang}",  # relabelled per language: a new widget each
        # Labels fixed now: a lazy ui.tr would relabel the old widget after a switch.
        format_func={n: ui.tr("ov_months", n=n) for n in (12, 36)}.__getitem__,
    )
    measure = right.radio(
        ui.tr("ov_measure"),
        hc.MEASURES,
        horizontal=True,
        key=f"ov_measure_{lang}",
        format_func={m: ui.tr(f"ov_measure_{m}") for m in hc.MEASURES}.__getitem__,
    )
    window = trend_window(ui.overview_trend(), as_of=view.month, months=months)
    for col, kind in zip(st.columns(2), ("stage", "zone"), strict=True):
        with col:
            st.caption(ui.tr(f"ov_by_{kind}"))
            frame = hc.trend_frame(ui.tr, lang, window, kind=kind, measure=measure)
            if frame.empty:
                st.info(ui.tr("no_data"))
                continue
            ui.show_chart(hc.trend_chart(ui.tr, frame, kind=kind, measure=measure))
            ui.download_table(
                hc.csv_frame(ui.tr, frame, measure=measure),
                name=f"trend_{kind}_{measure}_{view.month:%Y-%m}",
                key=f"ov_csv_{kind}",
            )
    rate = hc.fmt_value("occupancy", hc.cell(view.kpis, "occupancy:district"), lang)
    month, coverage = fmt_month(view.month, lang), hc.coverage_text(ui.tr, view.kpis)
    text = ui.tr("trend_last_point", month=month, rate=rate, coverage=coverage)
    st.caption(text, help=ui.occupancy_help())

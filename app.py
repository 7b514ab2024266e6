"""Home page: the overview as it stood at a chosen month, and the shared sidebar.

Run with ``streamlit run app.py`` (``make run`` does it for you). Other pages live in
pages/ and share the sidebar through ui.setup_page. Every figure comes from
models.overview (KPIs with changes, attention list, trends), cached per data version and
month; the month slider keeps ``?month=YYYY-MM`` in the URL.
"""

from __future__ import annotations

import streamlit as st

import ui
from models import home_charts as hc
from models.chain_format import fmt_month
from models.overview import OverviewView
from page_parts.home_trends import trends

# (label key, figure key, unit key) of the headline metrics. The labels stay those of
# earlier versions: browser tests and bookmarks find the figures by them.
HEADLINE = (
    ("kpi_carriers", "carriers", "ov_unit_count"),
    ("ov_total_area", "area_m2", "ov_unit_area_short"),
    ("kpi_avg_occupancy", "occupancy:district", "ov_unit_pct"),
    ("ov_available", "available_m2:district", "ov_unit_area_short"),
    ("kpi_tenants", "tenants", "ov_unit_firms"),
    ("ov_graduations", "graduations", "ov_unit_grad"),
)
ATTENTION = ("lowest", "falls", "not_reported", "late")


def headline(view: OverviewView) -> None:
    """The six headline figures, each with unit, period, and changes (month and year)."""
    lang, month = ui.lang(), view.month
    cols = st.columns(len(HEADLINE))
    for col, (label, key, unit) in zip(cols, HEADLINE, strict=True):
        row = view.kpis.loc[key]
        col.metric(
            ui.tr(label),
            hc.fmt_headline(key, row["value"], lang),
            delta=hc.headline_delta(ui.tr, key, row["mom"], lang),
            delta_description=ui.tr("ov_mom"),
            # Less area to let means fuller carriers: a fall is the good direction.
            delta_color="off"
            if hc.headline_zero(key, row["mom"], lang)
            else "inverse"
            if key.startswith("available")
            else "normal",
            delta_arrow="off" if hc.headline_zero(key, row["mom"], lang) else "auto",
            help=ui.tr("ov_mom_help") + ("\n\n" + ui.occupancy_help() if "occ" in key else ""),
        )
        period = hc.period_text(ui.tr, lang, key, month)
        col.caption(ui.tr("ov_unit_period", unit=ui.tr(unit), period=period))
        yoy = "ov_yoy_period_short" if key == "graduations" else "ov_yoy_short"
        col.caption(ui.tr(yoy, change=hc.fmt_headline_change(ui.tr, key, row["yoy"], lang)))
        if key == "occupancy:district":
            # In words, beside the "not reported this month" list: user QA read
            # "覆盖 120/120" above "本月未填报（12）" as a contradiction.
            col.caption(hc.coverage_text(ui.tr, view.kpis, long=True))


def details(view: OverviewView) -> None:
    """Zones, stages and conversion projects, each figure with both changes."""
    lang = ui.lang()
    zones, stages, projects = st.tabs(
        [ui.tr("ov_tab_zones"), ui.tr("ov_tab_stages"), ui.tr("ov_tab_projects")]
    )
    with zones:
        config: ui.Columns = hc.zone_table_columns(ui.tr) | {
            "occupancy": st.column_config.TextColumn(ui.tr("occupancy"), help=ui.occupancy_help())
        }
        frame = hc.zone_table_frame(ui.tr, lang, view.kpis)
        st.dataframe(
            frame, hide_index=True, width="stretch", key=f"ov_zones_{lang}", column_config=config
        )
        st.caption(ui.tr("zone_overlap_note"))
        ui.download_table(
            frame, name=f"zones_{view.month:%Y-%m}", key="ov_dl_zones", column_config=config
        )
    for tab, kind, rows in (
        (stages, "stages", hc.stage_rows),
        (projects, "projects", hc.project_rows),
    ):
        with tab:
            frame = hc.kpi_frame(ui.tr, lang, view.kpis, rows(ui.tr))
            st.dataframe(frame, hide_index=True, width="stretch", key=f"ov_{kind}_{lang}")
            if kind == "projects":
                st.caption(ui.tr("ov_projects_note"))
            ui.download_table(frame, name=f"{kind}_{view.month:%Y-%m}", key=f"ov_dl_{kind}")


def attention(view: OverviewView) -> None:
    """Carriers and projects that need a look this month, one tab per reason."""
    st.subheader(ui.tr("ov_attention"))
    lang = ui.lang()
    tabs = st.tabs([ui.tr(f"ov_att_{w}", n=len(view.attention[w])) for w in ATTENTION])
    for tab, which in zip(tabs, ATTENTION, strict=True):
        with tab:
            frame = view.attention[which]
            st.caption(ui.tr(f"ov_att_{which}_note"))
            if frame.empty:
                st.info(ui.tr("ov_att_none"))
                continue
            shown = hc.attention_frame(ui.tr, lang, frame, which=which)
            st.dataframe(shown, hide_index=True, width="stretch", key=f"ov_att_{which}_{lang}")
            ui.download_table(shown, name=f"{which}_{view.month:%Y-%m}", key=f"ov_dl_{which}")


def main() -> None:
    ui.setup_page("home")
    ui.require_viewer_access()
    st.title(ui.tr("app_title"))
    st.caption(ui.tr("app_subtitle"))
    month = ui.month_picker("home_month")
    ui.report_download(month)  # the monthly report for leadership, for the chosen month
    if month < (ui.cached_query("latest_month") or month):
        st.info(ui.tr("ov_time_machine", month=fmt_month(month, ui.lang())))
    view: OverviewView = ui.overview_view(month)
    headline(view)
    left, right = st.columns([0.6, 0.4])
    with left:
        details(view)
    with right:
        ui.zone_occupancy_map(view.kpis, view.month)
    attention(view)
    trends(view)


ui.run_page(main)

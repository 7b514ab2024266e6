"""Conversion tracker: idle buildings and old factories becoming innovation space.

Above the status form, every figure is as of the chosen month (models.conversion_tracker).
Editors move a project forward (or cancel it) and link it to the carrier it became; the
form shows only for projects they may edit and pins the version they opened.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st
from streamlit_folium import st_folium

import ui
from geo.conversion_status import legend_html, tracker_map
from geo.escape import escape_markdown
from geo.maps import DISTRICT_CENTER, DISTRICT_ZOOM
from geo.selection import to_points
from models import conversion_charts as charts
from models import conversion_tracker as ct
from models.chain_format import fmt_int, fmt_month
from models.db import session_scope
from models.enums import Role
from page_parts.conversion_status import project_details

MAP_ARGS = {
    "height": 520,
    "center": DISTRICT_CENTER,
    "zoom": DISTRICT_ZOOM,
    "use_container_width": True,
    "returned_objects": [],
}


@st.cache_data(show_spinner=False, max_entries=32)
def tracker_figures(version: int, month: date) -> ct.TrackerView:
    """The tracker as of ``month``, recomputed only after a write (``version`` changes)."""
    del version
    with session_scope(ui.engine()) as session:
        return ct.tracker(session, as_of=month)


def board(view: ct.TrackerView) -> None:
    st.subheader(ui.tr("ct_board_title"), help=ui.tr("ct_board_help"))
    for column, row in zip(st.columns(len(view.board)), view.board.itertuples(), strict=True):
        column.metric(ui.tr(row.status), ui.tr("ct_board_value", n=int(row.projects)))
        column.caption(ui.tr("ct_board_area", area=fmt_int(row.floor_area_m2)))


def schedule(view: ct.TrackerView, lang: str) -> None:
    st.subheader(ui.tr("ct_timeline_title"), help=ui.tr("ct_late_help"))
    late = charts.late_table(ui.tr, lang, view.projects)
    if late.empty:
        st.success(ui.tr("ct_late_none"))
    else:
        now = int(ct.overdue(view.projects).sum())
        earlier = len(late) - now  # started or opened late, done now
        key = "ct_late_count" if earlier else "ct_late_now"
        st.warning(ui.tr(key, n=now, m=earlier))
        st.dataframe(late, hide_index=True, width="stretch", key="ct_late_table")
    frame = charts.timeline_frame(ui.tr, lang, view.projects, as_of=view.month)
    if not frame.empty:
        ui.show_chart(charts.timeline_chart(ui.tr, lang, frame))
        data = charts.timeline_download(ui.tr, frame)
        ui.download_table(data, name="conversion_timeline", key="dl_ct_timeline")


def areas(view: ct.TrackerView) -> None:
    st.subheader(ui.tr("ct_area_title"), help=ui.tr("ct_area_help"))
    parts = [("ct_by_zone", view.by_zone, "zone"), ("ct_by_use", view.by_use, "original_use")]
    for column, (title, table, key) in zip(st.columns(2), parts, strict=True):
        column.markdown(f"**{ui.tr(title)}**")
        chart = charts.area_chart(ui.tr, charts.area_frame(ui.tr, table, key))
        ui.show_chart(chart, column)
    # The tables take the full width: half a 1366-px screen cannot hold five columns.
    for title, table, key in parts:
        shown = charts.area_table(ui.tr, table, key, title)
        st.dataframe(shown, hide_index=True, width="stretch", key=f"ct_{key}_table")
        ui.download_table(shown, name=f"conversion_area_{key}", key=f"dl_ct_{key}")


def project_map(view: ct.TrackerView, lang: str) -> None:
    st.subheader(ui.tr("ct_map_title"))
    name = ui.tr("conversions_page")
    colors, labels = ct.STATUS_COLORS, ui.map_labels()
    base, layer = tracker_map(
        to_points(view.projects), colors=colors, labels=labels, lang=lang, name=name
    )
    # No returned objects: panning or zooming the map must not rerun the page.
    st_folium(base, key=f"ct_map_{lang}", feature_group_to_add=[layer], **MAP_ARGS)
    st.html(legend_html(colors, {s: ui.tr(s) for s in colors}, ui.tr("ct_legend")))


def carrier_occupancy(view: ct.TrackerView, lang: str) -> None:
    st.subheader(ui.tr("ct_occ_title"), help=ui.tr("ct_occ_help"))
    unlinked = ct.operating_unlinked(view.projects)
    if not unlinked.empty:  # named, not silently missing from the chart (user QA)
        names = ui.join_list(charts.project_name(r, lang) for r in unlinked.itertuples())
        # Only an editor is told how to link it: a viewer found no form there (user QA).
        actor = ui.current_actor()
        how = ui.tr("ct_occ_unlinked_how") if actor and actor.role != Role.VIEWER else ""
        st.caption(escape_markdown(ui.tr("ct_occ_unlinked", names=names) + how))
    if view.occupancy.empty:
        st.info(ui.tr("ct_occ_none"))
        return
    frame = charts.occupancy_frame(lang, view.occupancy, view.projects)
    ui.show_chart(charts.occupancy_chart(ui.tr, lang, frame))
    data = charts.occupancy_download(ui.tr, frame)
    ui.download_table(data, name="conversion_occupancy", key="dl_ct_occ")


def project_table(view: ct.TrackerView, lang: str) -> None:
    st.subheader(ui.tr("ct_table_title"))
    table = charts.projects_table(ui.tr, lang, view.projects)
    heads = charts.translated_headers(ui.tr)
    area = st.column_config.NumberColumn(heads["floor_area_m2"], format="localized", width=80)
    config: dict[str, Any] = charts.table_config(ui.tr) | {"floor_area_m2": area}
    st.dataframe(table, hide_index=True, width="stretch", key="ct_projects", column_config=config)
    ui.download_table(table.rename(columns=heads), name="conversion_projects", key="dl_ct_projects")


def main() -> None:
    ui.setup_page("conversions_page")
    ui.require_viewer_access()
    st.title(ui.tr("conversions_page"))
    st.caption(ui.tr("ct_intro"))
    lang = ui.lang()
    view = tracker_figures(ui.data_version(), ui.month_picker("conv_month"))
    st.caption(ui.tr("ch_as_of", month=fmt_month(view.month, lang)))
    board(view)
    schedule(view, lang)
    areas(view)
    project_map(view, lang)
    carrier_occupancy(view, lang)
    project_table(view, lang)
    project_details()


ui.run_page(main)

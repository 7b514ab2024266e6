"""Monthly occupancy update: a manager's carriers in one editable table, saved together.

The table is frozen in session state when loaded (with each report's version), so a
save made meanwhile by someone else is detected as a conflict instead of overwritten.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
import streamlit as st

import ui
from models import queries
from models.common import add_months, default_end_month
from models.db import session_scope
from models.services.core import Actor
from models.services.occupancy import save_month

EDITABLE = ["occupied_area_m2", "occupied_workstations", "tenant_count"]


def load_sheet(actor: Actor, month: date) -> pd.DataFrame:
    """Fresh (uncached) sheet from the database, with a freshness column."""
    with session_scope(ui.engine()) as session:
        sheet = queries.month_sheet(session, actor=actor, month=month)
    now = datetime.now(UTC)
    days = (pd.Timestamp(now) - pd.to_datetime(sheet["reported_at"], utc=True)).dt.days
    sheet["freshness"] = [
        ui.tr("stale") if v is None or pd.isna(v) else ui.tr("updated_days_ago", days=int(d))
        for v, d in zip(sheet["version"], days.fillna(0), strict=True)
    ]
    return sheet


def main() -> None:
    ui.setup_page("occupancy_page")
    st.title(ui.tr("occupancy_page"))
    actor = ui.require_editor()
    if actor is None:
        st.stop()
    latest = default_end_month()
    months = [add_months(latest, -i) for i in range(-1, 12)]
    month = st.selectbox(
        ui.tr("report_month"),
        months,
        index=1,
        key="occ_month",
        format_func=lambda m: m.strftime("%Y-%m"),
    )
    key = f"occ_sheet_{month.isoformat()}"
    if st.button(ui.tr("reload"), key="occ_reload") or key not in st.session_state:
        st.session_state[key] = load_sheet(actor, month)
        # A fresh editor key per load: popping the old key made the grid send one more
        # value and rerun, wiping the "saved" message.
        st.session_state["occ_gen"] = st.session_state.get("occ_gen", 0) + 1
    sheet: pd.DataFrame = st.session_state[key]
    if sheet.empty:
        st.info(ui.tr("no_carriers_in_scope"))
        st.stop()
    stale = int(sheet["version"].isna().sum())
    if stale:
        st.warning(ui.tr("stale_count", n=stale, month=month.strftime("%Y-%m")))
    st.caption(ui.tr("sheet_help"))
    name_col = "name_en" if ui.lang() == "en" else "name_zh"
    edited = st.data_editor(
        sheet[
            ["carrier_id", name_col, "total_area_m2", "workstations_total", *EDITABLE, "freshness"]
        ],
        key=f"occ_editor_{month.isoformat()}_{st.session_state.get('occ_gen', 0)}",
        hide_index=True,
        width="stretch",
        disabled=["carrier_id", name_col, "total_area_m2", "workstations_total", "freshness"],
        column_config={
            "carrier_id": st.column_config.NumberColumn("ID", width="small"),
            name_col: ui.tr("name"),
            "total_area_m2": st.column_config.NumberColumn(ui.tr("f_total_area_m2"), format="%.0f"),
            "workstations_total": ui.tr("f_workstations_total"),
            "occupied_area_m2": st.column_config.NumberColumn(
                ui.tr("f_occupied_area_m2"), format="%.1f"
            ),
            "occupied_workstations": st.column_config.NumberColumn(
                ui.tr("f_occupied_workstations")
            ),
            "tenant_count": st.column_config.NumberColumn(ui.tr("f_tenant_count")),
            "freshness": ui.tr("freshness"),
        },
    )
    reason = st.text_input(ui.tr("reason_optional"), key="occ_reason")
    if st.button(ui.tr("save_all"), type="primary", key="occ_save"):
        rows = [
            {
                "carrier_id": int(r.carrier_id),
                "month": month,
                "version": _version(v),
                "occupied_area_m2": r.occupied_area_m2,
                "occupied_workstations": r.occupied_workstations,
                "tenant_count": r.tenant_count,
            }
            for r, v in zip(edited.itertuples(), sheet["version"], strict=True)
        ]
        if ui.save(save_month, actor=actor, rows=rows, today=date.today(), reason=reason):
            st.session_state.pop(key, None)
            st.rerun()


def _version(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)  # type: ignore[call-overload]


ui.run_page(main)

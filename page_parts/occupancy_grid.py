"""The desktop grid of 出租率填报: last month's figures beside this month's, editable."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

import ui
from models import sheet as sheets

# Last month's figures stand beside this month's, read-only, so each pair is compared
# at a glance; "rate" follows what is typed, with ⚠ on figures that need a confirmation.
# The tick comes first, beside the name: last in the row, 1366 px cut it off (user QA).
SHOWN = ["carrier_id", sheets.SAME, "total_area_m2", "workstations_total"]
SHOWN += ["prev_occupied_area_m2", "occupied_area_m2", "rate", "prev_occupied_workstations"]
SHOWN += ["occupied_workstations", "prev_tenant_count", "tenant_count"]
GRID_ROWS = 15
READ_ONLY = [c for c in SHOWN if c not in (*sheets.FIGURES, sheets.SAME)]


def _columns(name_col: str) -> dict[str, Any]:
    def num(label: str, fmt: str, width: int = 64, full: str = "", **kw: Any) -> Any:
        # Grid headers are short pairs (上月/本月) wide enough to read whole at 1366 px;
        # the field's full name is the header's tooltip (admin QA: "已出租面" cut off).
        kw |= {"help": ui.tr(full)} if full else {}
        return st.column_config.NumberColumn(ui.tr(label), format=fmt, width=width, **kw)

    return {
        "carrier_id": st.column_config.NumberColumn(ui.tr("id"), width=40, pinned=True),
        # Wide enough for "数智谷启航孵化器（2号）" (at 120 px two rows read the same),
        # and pinned (after the ID), so it stays in view while the figures scroll.
        name_col: st.column_config.TextColumn(ui.tr("name"), disabled=True, width=180, pinned=True),
        "total_area_m2": num("f_total_area_m2", "%.0f"),
        "workstations_total": num("f_workstations_total", "%d"),
        "prev_occupied_area_m2": num("g_prev_area", "%.1f", 84, "prev_area"),
        "occupied_area_m2": num("g_area", "%.1f", 96, "f_occupied_area_m2"),
        "rate": st.column_config.TextColumn(ui.tr("rate_this_month"), width=64),
        "prev_occupied_workstations": num("g_prev_ws", "%d", 84, "prev_ws"),
        # No minimum (as the cards): the grid dropped a negative entry without a word;
        # the save names it ("不能为负数").
        "occupied_workstations": num("g_ws", "%d", 96, "f_occupied_workstations", step=1),
        "prev_tenant_count": num("g_prev_tenants", "%d", 84, "prev_tenants"),
        "tenant_count": num("g_tenants", "%d", 96, "f_tenant_count", step=1),
        sheets.SAME: st.column_config.CheckboxColumn(
            ui.tr("same_as_last_month"), help=ui.tr("same_as_last_month_help"), width=104
        ),
    }


def grid(loaded: pd.DataFrame, editor_key: str, name_col: str) -> pd.DataFrame:
    """The desktop grid; returns the sheet with the figures and ticks as edited."""
    # The grid keeps its edits across reruns; apply them first so each row's rate and
    # warning mark follow what the manager has typed so far. Only the rate column
    # changes with the edits: the grid overlays its own edits on the figures, and new
    # figures in the data would make it drop them.
    pending = sheets.apply_edits(loaded, st.session_state.get(editor_key))
    view = loaded.assign(rate=sheets.rate_labels(loaded, pending))
    edited = st.data_editor(
        view[[SHOWN[0], name_col, *SHOWN[1:]]],
        key=editor_key,
        hide_index=True,
        width="stretch",
        # Up to 15 rows at once: a park manager has ~40 carriers (7 rows hid most of them).
        height=min(35 * (len(view) + 1) + 3, 35 * (GRID_ROWS + 1) + 3),
        disabled=[*READ_ONLY, name_col],
        column_config=_columns(name_col),
        placeholder="—",
    )
    if len(view) > GRID_ROWS:  # say that more rows scroll inside the grid (user QA)
        st.caption(ui.tr("sheet_rows_scroll", n=len(view)))
    return loaded.assign(**{c: edited[c].to_numpy() for c in [sheets.SAME, *sheets.FIGURES]})

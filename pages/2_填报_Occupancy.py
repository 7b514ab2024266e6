"""Monthly occupancy update: a manager's carriers in one editable table.

Only rows the manager fills in, changes or ticks "same as last month" are saved; last
month's figures sit beside them, read-only. The table is frozen in session state when
loaded (with each report's version), so a save made meanwhile by someone else is a
conflict instead of an overwrite; "reload" fetches the newer versions.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

import ui
from geo.escape import escape_markdown
from models import queries
from models import sheet as sheets
from models.common import add_months, default_end_month
from models.db import session_scope
from models.i18n import t
from models.services.core import Actor
from models.services.occupancy import save_month

READ_ONLY = ["carrier_id", "total_area_m2", "workstations_total", "prev_month"]
READ_ONLY += [*sheets.PREV.values(), "rate_pct", "check"]


def load_sheet(actor: Actor, month: date) -> pd.DataFrame:
    """Fresh (uncached) sheet from the database, with the tick column."""
    with session_scope(ui.engine()) as session:
        return sheets.prepare(queries.month_sheet(session, actor=actor, month=month))


def _columns(name_col: str) -> dict[str, Any]:
    num = st.column_config.NumberColumn
    return {
        "carrier_id": num("ID", width="small"),
        name_col: st.column_config.TextColumn(ui.tr("name"), disabled=True),
        "total_area_m2": num(ui.tr("f_total_area_m2"), format="%.0f"),
        "workstations_total": num(ui.tr("f_workstations_total"), format="%d"),
        "prev_month": st.column_config.DateColumn(ui.tr("prev_month"), format="YYYY-MM"),
        "prev_occupied_area_m2": num(ui.tr("prev_area"), format="%.1f"),
        "prev_occupied_workstations": num(ui.tr("prev_ws"), format="%d"),
        "prev_tenant_count": num(ui.tr("prev_tenants"), format="%d"),
        sheets.SAME: st.column_config.CheckboxColumn(
            ui.tr("same_as_last_month"), help=ui.tr("same_as_last_month_help")
        ),
        "occupied_area_m2": num(ui.tr("f_occupied_area_m2"), format="%.1f", min_value=0),
        "occupied_workstations": num(ui.tr("f_occupied_workstations"), format="%d", step=1),
        "tenant_count": num(ui.tr("f_tenant_count"), format="%d", step=1),
        "rate_pct": num(ui.tr("rate_this_month"), format="%.1f%%"),
        "check": st.column_config.TextColumn("⚠", width="small"),
    }


def main() -> None:
    ui.setup_page("occupancy_page")
    st.title(ui.tr("occupancy_page"))
    actor = ui.require_editor()
    if actor is None:
        st.stop()
    latest = default_end_month()
    months = [add_months(latest, -i) for i in range(-1, 12)]
    top = st.columns([2, 1, 5], vertical_alignment="bottom")
    month = top[0].selectbox(
        ui.tr("report_month"), months, index=1, key="occ_month", format_func=lambda m: f"{m:%Y-%m}"
    )
    key = f"occ_sheet_{month.isoformat()}"
    if top[1].button(ui.tr("reload"), key="occ_reload") or key not in st.session_state:
        st.session_state[key] = load_sheet(actor, month)
        # A fresh editor key per load: popping the old key made the grid send one more
        # value and rerun, wiping the "saved" message.
        st.session_state["occ_gen"] = st.session_state.get("occ_gen", 0) + 1
    loaded: pd.DataFrame = st.session_state[key]
    if loaded.empty:
        st.info(ui.tr("no_carriers_in_scope"))
        st.stop()
    missing = int(loaded["version"].isna().sum())
    if missing:
        top[2].warning(ui.tr("stale_count", n=missing, month=f"{month:%Y-%m}"))
    st.caption(ui.tr("sheet_help_entered"))
    name_col = "name_en" if ui.lang() == "en" else "name_zh"
    editor_key = f"occ_editor_{month.isoformat()}_{st.session_state.get('occ_gen', 0)}"
    # The grid keeps its edits across reruns; apply them first so each row's rate and
    # warning mark follow what the manager has typed so far.
    pending = sheets.apply_edits(loaded, st.session_state.get(editor_key))
    view = sheets.with_rate(pending)
    view["check"] = ["⚠" if p in sheets.flags(loaded, pending) else "" for p in range(len(view))]
    shown = ["carrier_id", name_col, "total_area_m2", "workstations_total", "prev_month"]
    shown += [*sheets.PREV.values(), sheets.SAME, *sheets.FIGURES, "rate_pct", "check"]
    edited = st.data_editor(
        view[shown],
        key=editor_key,
        hide_index=True,
        width="stretch",
        height=min(36 * (len(view) + 1) + 3, 330),
        disabled=[*READ_ONLY, name_col],
        column_config=_columns(name_col),
    )
    edited = loaded.assign(**{c: edited[c].to_numpy() for c in [sheets.SAME, *sheets.FIGURES]})
    # Messages sit right under the table, where a 1366×768 screen still shows them.
    messages = st.container()
    confirmed = _confirmation(messages, loaded, edited, name_col)
    bottom = st.columns([4, 1], vertical_alignment="bottom")
    reason = bottom[0].text_input(ui.tr("reason_optional"), key="occ_reason")
    if bottom[1].button(ui.tr("save_all"), type="primary", key="occ_save", width="stretch"):
        rows = sheets.rows_to_save(loaded, edited, month)
        with messages:
            if not rows:
                st.info(ui.tr("nothing_to_save"))
                return
            saved = ui.save(
                save_month,
                actor=actor,
                rows=rows,
                today=date.today(),
                reason=reason,
                confirm_implausible=confirmed,
            )
        if saved is not None:
            st.session_state.pop(key, None)
            st.rerun()


def _confirmation(
    where: st.delta_generator.DeltaGenerator,
    loaded: pd.DataFrame,
    edited: pd.DataFrame,
    name_col: str,
) -> bool:
    """List implausible rows by carrier and ask for an explicit tick before saving."""
    found = sheets.flags(loaded, edited)
    if not found:
        return False
    lines = [
        f"- **{escape_markdown(str(edited.iloc[p][name_col]))}**: "
        + escape_markdown(t("warn_join", ui.lang()).join(ui.tr(r.key, **r.params) for r in rs))
        for p, rs in found.items()
    ]
    where.warning(ui.tr("implausible_title") + "\n\n" + "\n".join(lines))
    # A new set of suspect figures needs a new confirmation.
    fingerprint = hash(tuple((p, *sheets.figures_shown(edited.iloc[p]).values()) for p in found))
    return bool(where.checkbox(ui.tr("confirm_implausible"), key=f"occ_confirm_{fingerprint}"))


main()

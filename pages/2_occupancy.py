"""Monthly occupancy update: a manager's carriers in one editable table.

Only rows the manager fills in, changes or ticks "same as last month" are saved; last
month's figures sit beside them, read-only. The table is frozen in session state when
loaded (with each report's version), so a save made meanwhile by someone else is a
conflict instead of an overwrite; "reload" fetches the newer versions. On a phone the
same sheet shows as one card per carrier (ui_cards); both views save the same way.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

import ui
import ui_cards
import ui_edits
from geo.escape import escape_markdown
from models import queries
from models import sheet as sheets
from models.common import add_months, default_end_month, shanghai_today
from models.db import session_scope
from models.services.core import Actor
from models.services.occupancy import save_month

# Last month's figures stand beside this month's, read-only, so each pair is compared
# at a glance; "rate" follows what is typed, with ⚠ on figures that need a confirmation.
# The tick comes first, beside the name: last in the row, 1366 px cut it off (user QA).
SHOWN = ["carrier_id", sheets.SAME, "total_area_m2", "workstations_total"]
SHOWN += ["prev_occupied_area_m2", "occupied_area_m2", "rate", "prev_occupied_workstations"]
SHOWN += ["occupied_workstations", "prev_tenant_count", "tenant_count"]
GRID_ROWS = 15
READ_ONLY = [c for c in SHOWN if c not in (*sheets.FIGURES, sheets.SAME)]


def load_sheet(actor: Actor, month: date) -> pd.DataFrame:
    """Fresh (uncached) sheet from the database, with the tick column, the carriers
    still to report first."""
    with session_scope(ui.engine()) as session:
        sheet = sheets.prepare(queries.month_sheet(session, actor=actor, month=month))
    return sheets.missing_first(sheet)


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
        "occupied_area_m2": num("g_area", "%.1f", 96, "f_occupied_area_m2", min_value=0),
        "rate": st.column_config.TextColumn(ui.tr("rate_this_month"), width=64),
        "prev_occupied_workstations": num("g_prev_ws", "%d", 84, "prev_ws"),
        "occupied_workstations": num(
            "g_ws", "%d", 96, "f_occupied_workstations", min_value=0, step=1
        ),
        "prev_tenant_count": num("g_prev_tenants", "%d", 84, "prev_tenants"),
        "tenant_count": num("g_tenants", "%d", 96, "f_tenant_count", min_value=0, step=1),
        sheets.SAME: st.column_config.CheckboxColumn(
            ui.tr("same_as_last_month"), help=ui.tr("same_as_last_month_help"), width=104
        ),
    }


def _grid(loaded: pd.DataFrame, editor_key: str, name_col: str) -> pd.DataFrame:
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


def main() -> None:
    ui.setup_page("occupancy_page")
    st.title(ui.tr("occupancy_page"))
    actor = ui.require_editor()
    if actor is None:
        st.stop()
    latest = default_end_month()
    months = [add_months(latest, -i) for i in range(-1, 12)]
    top = st.columns([2, 1, 5], vertical_alignment="bottom")
    month = ui.month_select(top[0], "report_month", months, key="occ_month", default=1)
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
    name_col = "name_en" if ui.lang() == "en" else "name_zh"
    # Named, and first on the sheet ("show only these" lost typed figures: recheck QA).
    if warning := sheets.missing_warning(loaded, month=month, name_col=name_col, lang=ui.lang()):
        st.warning(escape_markdown(warning))
    generation = f"{month.isoformat()}_{st.session_state.get('occ_gen', 0)}"
    cards = ui_cards.choose_view() == "cards"
    st.caption(ui.tr("card_help" if cards else "sheet_help_entered"))
    if cards:
        edited = ui_cards.cards(loaded, prefix=f"occ_c_{generation}", name_col=name_col)
    else:
        edited = _grid(loaded, f"occ_editor_{generation}", name_col)
    # Messages sit right under the table, where a 1366×768 screen still shows them; on
    # a phone the whole bar sticks to the bottom of the screen (see ui_cards).
    bar = st.container(key="occ_savebar")
    messages = bar.container()
    confirmed = ui_cards.confirmation(messages, loaded, edited, name_col)
    for check in (sheets.tenant_count_note, sheets.area_note):
        if note := check(loaded, edited, name_col=name_col, lang=ui.lang()):
            messages.caption(escape_markdown(note))
    bottom = bar.columns([4, 1], vertical_alignment="bottom", wrap=False)
    # New key after each save: popping it left the old reason in the browser, unsaved.
    reason_key = "occ_reason" + ui_edits.new_form_suffix("occ_reason")
    reason = bottom[0].text_input(ui.tr("reason_optional"), key=reason_key)
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
                today=shanghai_today(),
                reason=reason,
                confirm_implausible=confirmed,
                # Newer versions in, the grid's typed figures kept: the next save can succeed.
                on_conflict=lambda: st.session_state.update({key: load_sheet(actor, month)}),
            )
        if saved is not None:
            ids = [int(r["carrier_id"]) for r in rows]
            msg = sheets.saved_message(loaded, ids, month=month, name_col=name_col, lang=ui.lang())
            st.session_state["_flash"] = escape_markdown(msg)  # carrier names are typed in
            # A new save starts with a new reason (an old one was filed again, user QA).
            st.session_state.pop(key, None)
            ui_edits.renew("occ_reason")
            st.rerun()


ui.run_page(main)

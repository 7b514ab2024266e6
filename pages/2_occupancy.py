"""Monthly occupancy update: a manager's carriers in one editable table.

Only rows the manager fills in, changes or ticks "same as last month" are saved; last
month's figures sit beside them, read-only. The table is frozen in session state when
loaded (with each report's version), so a save made meanwhile by someone else is a
conflict instead of an overwrite; "reload" fetches the newer versions. On a phone the
same sheet shows as one card per carrier (ui_cards); both views save the same way.
"""

from __future__ import annotations

from datetime import date

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
from page_parts.occupancy_grid import grid


def load_sheet(actor: Actor, month: date) -> pd.DataFrame:
    """Fresh (uncached) sheet from the database, with the tick column, the carriers
    still to report first."""
    with session_scope(ui.engine()) as session:
        sheet = sheets.prepare(queries.month_sheet(session, actor=actor, month=month))
    return sheets.missing_first(sheet)


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
        edited = grid(loaded, f"occ_editor_{generation}", name_col)
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

"""The move-out and graduation forms of the tenancies page (入驻与毕业).

Both end a current tenancy, and the service refuses a date after today (a move-out
dated ahead took the firm off every current list at once; attack QA). The date fields
have no maximum: Streamlit silently swaps a typed later date for the maximum, and the
stay was saved on another day than the one shown (attack QA recheck). A date before
this month changes months already reported: it needs a tick, and the warning names
those months (user QA: a move-out backdated to February silently took two firms off
October's figure).

No firm is preselected: an untouched picker moved out whichever firm sorted first.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import streamlit as st

import ui
import ui_edits
from geo.escape import escape_markdown
from models.chain_format import fmt_month
from models.common import shanghai_today
from models.enums import ExitReason
from models.services.core import Actor
from models.services.tenants import graduate, move_out


def backdate_ok(day: date, confirmed: bool, key: str) -> bool:
    """True unless ``day`` is before this month and the user has not confirmed the
    warning shown for that very day; else the warning names the months whose figures
    the entry changes.

    The tick counts only for the date the warning named (``key`` remembers it):
    ticked, then moved to a date a year earlier, the entry was saved with the warning
    never naming those months (recheck QA).
    """
    this_month = shanghai_today().replace(day=1)
    if day >= this_month:
        return True
    if confirmed and st.session_state.get(key) == day:
        st.session_state.pop(key, None)
        return True
    st.session_state[key] = day
    lang, last = ui.lang(), this_month - timedelta(days=1)
    first_month, last_month = fmt_month(day, lang), fmt_month(last, lang)
    months = (
        first_month
        if first_month == last_month
        else ui.tr("months_range", first=first_month, last=last_month)
    )
    st.warning(ui.tr("backdate_warning", day=day, months=months))
    return False


def _pick(rows: dict[int, Any], key: str) -> Any:
    """The tenancy picker, empty until a firm is chosen."""
    return st.selectbox(
        ui.tr("tenancy"),
        list(rows),
        format_func=lambda i: rows[i].name,
        key=key,
        index=None,
        placeholder=ui.tr("choose"),
    )


def move_out_form(actor: Actor, rows: dict[int, Any]) -> None:
    """End one of ``rows`` (current tenancies by id) with a date and a chosen reason."""
    g = ui_edits.new_form_suffix("move_out")  # new keys after each move-out (see renew)
    with st.form("move_out_form"):
        tid = _pick(rows, "mo_id" + g)
        today = shanghai_today()
        end = st.date_input(ui.tr("end_on"), today, key="mo_end" + g)
        confirmed = st.checkbox(ui.tr("backdate_confirm"), key="mo_back" + g)
        reasons = [r.value for r in ExitReason if r != ExitReason.GRADUATED]
        # No default: a preset 区内迁移 was saved untouched and skewed the exit figures.
        why = st.selectbox(
            ui.tr("exit_reason"),
            reasons,
            format_func=ui.tr,
            key="mo_reason" + g,
            index=None,
            placeholder=ui.tr("choose"),
        )
        if st.form_submit_button(ui.tr("move_out"), type="primary"):
            if tid is None:
                st.error(ui.tr("choose_tenant_first"))
                return
            if why is None:
                st.error(ui.tr("choose_exit_reason"))
                return
            if not backdate_ok(end, confirmed, "_mo_warned"):
                return
            ui.save_versioned(
                move_out,
                kind="tenancy",
                obj_id=tid,
                current_version=int(rows[tid].tenancy_version),
                on_saved=lambda: ui_edits.renew("move_out"),
                saved_message=ui.tr(
                    "moved_out_saved",
                    name=escape_markdown(rows[tid].name),
                    end=end,
                    reason=ui.tr(why),
                ),
                actor=actor,
                tenancy_id=tid,
                end_on=end,
                exit_reason=why,
            )


def graduate_form(
    actor: Actor, rows: dict[int, Any], carriers: dict[int, str], later_stage: list[int]
) -> None:
    """End one of ``rows`` as graduated and open it in a later-stage carrier."""
    g = ui_edits.new_form_suffix("graduate")  # new keys after each graduation (see renew)
    with st.form("graduate_form"):
        tid = _pick(rows, "gr_id" + g)
        target = st.selectbox(
            ui.tr("target_carrier"),
            later_stage,
            format_func=carriers.__getitem__,
            key="gr_target" + g,
        )
        today = shanghai_today()
        on = st.date_input(ui.tr("start_on"), today, key="gr_on" + g)
        confirmed = st.checkbox(ui.tr("backdate_confirm"), key="gr_back" + g)
        # Empty: the area it had (a graduate may take less space in its new carrier).
        area = st.number_input(ui.tr("gr_area"), value=None, step=10.0, key="gr_area" + g)
        # No later-stage carrier exists (an accelerator): nothing to graduate into.
        if st.form_submit_button(ui.tr("graduate"), type="primary") and target is not None:
            if tid is None:
                st.error(ui.tr("choose_tenant_first"))
                return
            if not backdate_ok(on, confirmed, "_gr_warned"):
                return
            ui.save_versioned(
                graduate,
                kind="tenancy",
                obj_id=tid,
                current_version=int(rows[tid].tenancy_version),
                on_saved=lambda: ui_edits.renew("graduate"),
                actor=actor,
                tenancy_id=tid,
                to_carrier_id=target,
                on=on,
                area_m2=float(rows[tid].area_m2) if area is None else float(area),
                workstations=int(rows[tid].workstations),
            )

"""The support-grant form of 扶持资金登记: a new grant, or the correction of one."""

from __future__ import annotations

from typing import Any

import streamlit as st

import ui
import ui_edits
from geo.escape import escape_markdown
from models.common import shanghai_today
from models.services.core import Actor
from models.services.support import create_grant, update_grant
from models.support import LARGE_GRANT_10K_CNY, SupportLevel

NEW = -1  # the picker's "new grant"


def grant_form(actor: Actor, current: dict[str, Any] | None, tenants: dict[int, str]) -> None:
    """One form for a new grant and for corrections; the service validates it all."""
    g = current or {}
    # Per-record keys, new after a conflict too (ui_edits.form_suffix).
    # A new grant's form gets new keys after each save, so it comes back empty: a second
    # press of 保存 used to store the same grant twice (user QA).
    k = (
        ui_edits.form_suffix("grant", int(g["id"]))
        if current
        else f"_{NEW}" + ui_edits.new_form_suffix("grant_new")
    )
    levels = [lv.value for lv in SupportLevel]
    with st.form(f"grant_form{k}"):
        tenant_id = st.selectbox(
            ui.tr("choose_tenant"),
            list(tenants),
            # No firm preselected for a new grant: an untouched picker saved the grant
            # for whichever firm sorted first.
            index=list(tenants).index(g["tenant_id"]) if current else None,
            placeholder=ui.tr("choose"),
            format_func=lambda i: tenants.get(i, str(i)),
            disabled=current is not None,
            key="g_tenant" + k,
        )
        fund_name = st.text_input(ui.tr("f_fund_name"), g.get("fund_name", ""), key="g_fund" + k)
        cols = st.columns(4)
        fund_code = cols[0].text_input(
            ui.tr("f_fund_code"), g.get("fund_code", ""), key="g_code" + k
        )
        level = cols[1].selectbox(
            ui.tr("f_level"),
            levels,
            index=levels.index(g.get("level", SupportLevel.DISTRICT.value)),
            format_func=lambda v: ui.tr(f"lvl_{v}"),
            key="g_level" + k,
        )
        year = cols[2].number_input(
            ui.tr("f_year"),
            value=int(g.get("year", shanghai_today().year)),
            step=1,
            key="g_year" + k,
        )
        amount = cols[3].number_input(
            ui.tr("f_amount_10k_cny"),
            value=float(g.get("amount_10k_cny", 0.0)),
            key="g_amount" + k,
        )
        note = st.text_input(ui.tr("f_note"), g.get("note", ""), key="g_note" + k)
        reason = st.text_input(ui.tr("reason_optional"), key="g_reason" + k)
        # Asked for by the service above the limit; untouched for ordinary amounts.
        large = st.checkbox(
            ui.tr("grant_confirm_large", limit=f"{LARGE_GRANT_10K_CNY:,.0f}"), key="g_large" + k
        )
        submitted = st.form_submit_button(ui.tr("save"), type="primary", key="g_save" + k)
    if not submitted:
        return
    data = dict(fund_name=fund_name, fund_code=fund_code, level=level, year=int(year))
    data |= {"amount_10k_cny": amount, "note": note}
    # The saved grant is named, so a slip (another firm, an extra zero) shows at once.
    named = ui.tr(
        "grant_saved",
        tenant=escape_markdown(tenants.get(int(tenant_id), "")) if tenant_id is not None else "",
        fund=escape_markdown(fund_name.strip()),
        year=int(year),
        amount=f"{amount:,.2f}".rstrip("0").rstrip("."),
    )
    # The tick confirms the amount its refusal named, no other: ticked, then changed to
    # 99,999 万元, a grant was saved that no one had been asked about (recheck QA).
    warned = "_g_large_for" + k
    large = large and st.session_state.get(warned) == amount
    if current is None:
        if tenant_id is None:
            st.error(ui.tr("choose_tenant_first"))
            return
        saved = ui.save(
            create_grant,
            actor=actor,
            data={**data, "tenant_id": tenant_id},
            reason=reason,
            confirm_large=large,
        )
        if saved is not None:
            st.session_state["_flash"] = named
            ui_edits.renew("grant_new")
            st.rerun()
    else:
        ui_edits.save_edits(
            update_grant,
            kind="grant",
            obj_id=int(g["id"]),
            entered=data,
            actor=actor,
            grant_id=int(g["id"]),
            reason=reason,
            confirm_large=large,
            notice=lambda _changes: named,
        )
    # Still here: not saved. An amount above the limit was named; its tick counts next.
    if amount > LARGE_GRANT_10K_CNY:
        st.session_state[warned] = amount

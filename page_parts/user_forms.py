"""The users page's forms: a new account, an existing account's role and scope, and a
password reset. The service layer (models.services.users / accounts) checks everything.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

import ui
import ui_edits
from geo.escape import escape_markdown
from models.enums import Role
from models.services.accounts import reset_password, update_user
from models.services.core import Actor
from models.services.users import create_user

ZONES = ["shibei", "belt_njw", "belt_szr", "belt_mrr"]


def scope_inputs(
    key: str, names: dict[int, str], zones: list[str], carriers: list[int]
) -> tuple[list[str], list[int]]:
    """The zone and carrier pickers of a manager's scope, sorted for comparison."""
    # select_all=False: Streamlit's "Select all" entry cannot be translated.
    picked_zones = st.multiselect(
        ui.tr("scope_zones"),
        ZONES,
        default=[z for z in zones if z in ZONES],
        format_func=ui.tr,
        key=f"{key}_zones",
        select_all=False,
        placeholder=ui.tr("choose"),
    )
    picked = st.multiselect(
        ui.tr("scope_carriers"),
        list(names),
        default=[c for c in carriers if c in names],
        format_func=names.__getitem__,
        key=f"{key}_carriers",
        select_all=False,
        placeholder=ui.tr("choose"),
    )
    return sorted(picked_zones), sorted(picked)


def role_select(key: str, current: str = Role.VIEWER.value) -> str:
    roles = [r.value for r in Role]
    return str(
        st.selectbox(ui.tr("role"), roles, index=roles.index(current), format_func=ui.tr, key=key)
    )


def new_user_form(actor: Actor, names: dict[int, str]) -> None:
    with st.form("user_form"):
        username = st.text_input(ui.tr("username"), key="u_name", help=ui.tr("username_help"))
        display = st.text_input(ui.tr("display_name"), key="u_display")
        role = role_select("u_role")
        password = st.text_input(
            ui.tr("password"), type="password", key="u_password", help=ui.tr("password_help")
        )
        zones, picked = scope_inputs("u", names, [], [])
        submitted = st.form_submit_button(ui.tr("save"), type="primary")
    if submitted:
        ui.save_and_rerun(
            create_user,
            actor=actor,
            username=username,
            password=password,
            role=Role(role),
            display_name=display,
            zone_codes=zones,
            carrier_ids=picked,
        )


def edit_user_form(actor: Actor, rows: list[dict[str, Any]], names: dict[int, str]) -> None:
    """Display name, role, active and scope of one account; saves only what changed."""
    ui_edits.show_note()
    labels = {int(r["id"]): f"{r['username']}（{r['display_name']}）" for r in rows}
    # A rename changes the label: the picker must keep the account, not fall back to its
    # first option (recheck QA: the next reset went silently to admin's form).
    labels = ui_edits.stable_labels("ue_pick", labels)
    pick = st.selectbox(
        ui.tr("choose_user"), list(labels), format_func=labels.__getitem__, key="ue_pick"
    )
    if pick is None:
        return
    row = next(r for r in rows if r["id"] == pick)
    u = ui_edits.open_record("user", pick, row)
    k = ui_edits.form_suffix("user", pick)
    with st.form(f"user_edit{k}"):
        display = st.text_input(ui.tr("display_name"), u["display_name"], key=f"ue_display{k}")
        role = role_select(f"ue_role{k}", u["role"])
        active = st.checkbox(ui.tr("user_active"), bool(u["is_active"]), key=f"ue_active{k}")
        zones, picked = scope_inputs(f"ue{k}", names, u["zone_codes"], u["carrier_ids"])
        reason = st.text_input(ui.tr("reason"), key=f"ue_reason{k}")
        submitted = st.form_submit_button(ui.tr("save"), type="primary", key=f"ue_save{k}")
    if submitted:
        entered = {
            "display_name": display,
            "role": role,
            "is_active": active,
            "zone_codes": zones,
            "carrier_ids": picked,
        }
        ui_edits.save_edits(
            update_user,
            kind="user",
            obj_id=pick,
            entered=entered,
            actor=actor,
            user_id=pick,
            reason=reason,
        )
    password_form(actor, row)


def password_form(actor: Actor, row: dict[str, Any]) -> None:
    """A new password for the account picked above (the account's current version)."""
    with st.form(f"user_password_{row['id']}", clear_on_submit=True):
        # Usernames are [a-z0-9._@-] only; escaped all the same.
        st.markdown(f"**{ui.tr('reset_password_for', user=escape_markdown(row['username']))}**")
        password = st.text_input(
            ui.tr("new_password"),
            type="password",
            key=f"up_password_{row['id']}",
            help=ui.tr("reset_password_help"),
        )
        submitted = st.form_submit_button(ui.tr("reset_password"), key=f"up_save_{row['id']}")
    if not submitted:
        return
    done = ui.save(
        reset_password,
        actor=actor,
        user_id=int(row["id"]),
        expected_version=int(row["version"]),
        password=password,
    )
    if done is not None:
        ui_edits.forget("user", int(row["id"]))  # the edit form reopens on the new version
        st.session_state["_flash"] = ui.tr("password_reset_done", user=row["username"])
        st.rerun()

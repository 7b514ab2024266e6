"""User administration (admins only): accounts, roles and a manager's editing scope."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlmodel import select

import ui
from models.db import session_scope
from models.enums import Role
from models.services.users import create_user
from models.user import User, UserScope

ZONES = ["shibei", "belt_njw", "belt_szr", "belt_mrr"]


def users_table() -> pd.DataFrame:
    with session_scope(ui.engine()) as session:
        users = session.exec(select(User).order_by(User.id)).all()  # type: ignore[arg-type]
        scopes = session.exec(select(UserScope)).all()
    scope_text: dict[int, list[str]] = {}
    for s in scopes:
        scope_text.setdefault(s.user_id, []).append(
            ui.tr(s.zone_code) if s.zone_code else f"#{s.carrier_id}"
        )
    return pd.DataFrame(
        [
            {
                "username": u.username,
                "display_name": u.display_name,
                "role": ui.tr(u.role),
                "scope": ", ".join(scope_text.get(u.id or 0, [])),
                "active": u.is_active,
            }
            for u in users
        ]
    )


def main() -> None:
    ui.setup_page("users_page")
    st.title(ui.tr("users_page"))
    actor = ui.current_actor()
    if actor is None or not actor.is_admin:
        st.info(ui.tr("admin_only"))
        st.stop()
    users = users_table()
    users = users.assign(active=users["active"].map(lambda a: ui.tr("yes" if a else "no")))
    config = ui.headers(users.columns)
    st.dataframe(users, hide_index=True, width="stretch", column_config=config, placeholder="—")
    ui.download_table(users, name="users", key="dl_users", column_config=config)
    carriers = ui.cached_query("carriers_frame")
    names = {int(r.id): ui.label_name(r._asdict()) for r in carriers.itertuples()}
    st.subheader(ui.tr("new_user"))
    with st.form("user_form"):
        username = st.text_input(ui.tr("username"), key="u_name", help=ui.tr("username_help"))
        display = st.text_input(ui.tr("display_name"), key="u_display")
        role = st.selectbox(ui.tr("role"), [r.value for r in Role], format_func=ui.tr, key="u_role")
        password = st.text_input(
            ui.tr("password"), type="password", key="u_password", help=ui.tr("password_help")
        )
        # select_all=False: Streamlit's "Select all" entry cannot be translated.
        zones = st.multiselect(
            ui.tr("scope_zones"),
            ZONES,
            format_func=ui.tr,
            key="u_zones",
            select_all=False,
            placeholder=ui.tr("choose"),
        )
        picked = st.multiselect(
            ui.tr("scope_carriers"),
            list(names),
            format_func=names.__getitem__,
            key="u_carriers",
            select_all=False,
            placeholder=ui.tr("choose"),
        )
        submitted = st.form_submit_button(ui.tr("save"), type="primary")
    if not submitted:
        return
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


ui.run_page(main)

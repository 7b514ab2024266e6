"""User administration (admins only): accounts, roles, a manager's editing scope,
deactivation and password resets. Accounts are never deleted: the audit trail names them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pandas as pd
import streamlit as st

import ui
from models.db import session_scope
from models.services.accounts import account_rows
from models.services.core import format_shanghai_time
from page_parts.user_forms import edit_user_form, new_user_form


def accounts() -> list[dict[str, Any]]:
    with session_scope(ui.engine()) as session:
        return account_rows(session, now=datetime.now(UTC))


def users_table(rows: list[dict[str, Any]], names: dict[int, str]) -> pd.DataFrame:
    """The accounts as a table a person reads: translated roles, scope by name."""
    return pd.DataFrame(
        [
            {
                "username": r["username"],
                "display_name": r["display_name"],
                "role": ui.tr(r["role"]),
                "scope": ui.join_list(
                    [ui.tr(z) for z in r["zone_codes"]]
                    + [names.get(c, f"#{c}") for c in r["carrier_ids"]]
                ),
                "active": ui.tr("yes" if r["is_active"] else "no"),
                "delayed_until": (
                    format_shanghai_time(r["delayed_until"]) if r["delayed_until"] else None
                ),
            }
            for r in rows
        ]
    )


def main() -> None:
    ui.setup_page("users_page")
    st.title(ui.tr("users_page"))
    actor = ui.current_actor()
    if actor is None or not actor.is_admin:
        st.info(ui.tr("admin_only"))
        st.stop()
    ui.flash()
    rows = accounts()
    carriers = ui.cached_query("carriers_frame")
    names = {int(r.id): ui.label_name(r._asdict()) for r in carriers.itertuples()}
    users = users_table(rows, names)
    config = ui.headers(users.columns)
    st.dataframe(users, hide_index=True, width="stretch", column_config=config, placeholder="—")
    ui.download_table(users, name="users", key="dl_users", column_config=config)
    edit, new = st.tabs([ui.tr("edit_user"), ui.tr("new_user")])
    with edit:
        edit_user_form(actor, rows, names)
    with new:
        new_user_form(actor, names)


ui.run_page(main)

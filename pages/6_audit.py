"""Audit trail: who changed what, when, before and after — filtered by user, entity, date.

Admins see everything; managers see the events of records in their scope.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pandas as pd
import streamlit as st

import ui
from geo.escape import escape_markdown
from models import queries
from models.common import SHANGHAI, shanghai_today
from models.db import session_scope
from models.display import field_label, field_value_text, reason_text, username_label

ENTITIES = ["carrier", "occupancy", "tenant", "tenancy", "conversion", "support_grant", "user"]
ENTITIES += ["dataset", "database"]


def changes(row: pd.Series, lang: str) -> list[tuple[str, str, str]]:
    """Field-level changes in words of ``lang``: (field, before, after)."""
    return [
        (field_label(f, lang), field_value_text(f, b, lang), field_value_text(f, a, lang))
        for f, b, a in queries.change_summary(row["before"], row["after"])
    ]


def describe(row: pd.Series, lang: str) -> str:
    """One line of field-level changes: field: before → after; ..."""
    return "; ".join(f"{f}: {b} → {a}" for f, b, a in changes(row, lang))[:500]


def event_label(r: Any) -> str:
    """'#12 · 2026-11-29 14:27 · admin · 新建 用户 #5' (no record number for a dataset)."""
    record = f" #{int(r.entity_id)}" if pd.notna(r.entity_id) else ""  # a dataset: none
    return f"#{r.id} · {r.at:%Y-%m-%d %H:%M} · {r.username} · {r.action} {r.entity}{record}"


def main() -> None:
    ui.setup_page("audit_page")
    st.title(ui.tr("audit_page"))
    actor = ui.require_editor()
    if actor is None:
        st.stop()
    cols = st.columns(4)
    user = cols[0].text_input(ui.tr("who"), key="a_user")
    entity = cols[1].selectbox(
        ui.tr("entity"),
        ["", *ENTITIES],
        key="a_entity",
        format_func=lambda e: ui.tr("all") if not e else ui.tr(f"e_{e}"),
    )
    since = cols[2].date_input(
        ui.tr("date_from"), shanghai_today() - timedelta(days=90), key="a_from"
    )
    until = cols[3].date_input(ui.tr("date_to"), shanghai_today(), key="a_to")
    with session_scope(ui.engine()) as session:
        scope = None if actor.is_admin else queries.scope_entity_ids(session, actor=actor)
        events = queries.audit_frame(
            session,
            username=user.strip() or None,
            entity=entity or None,
            since=since,
            until=until,
            entity_ids=scope,
        )
    if events.empty:
        st.info(ui.tr("no_data"))
        return
    lang = ui.lang()
    events["changes"] = events.apply(describe, axis=1, lang=lang)
    # Shanghai wall-clock time to the second, and whole ids: the CSV had
    # "2026-11-29 23:03:30.240637+08:00" and "5.0" (admin QA).
    at = pd.to_datetime(events["at"], utc=True).dt.tz_convert(SHANGHAI)
    events["at"] = at.dt.tz_localize(None).dt.floor("s")
    events["entity_id"] = events["entity_id"].astype("Int64")
    events["username"] = events["username"].map(lambda u: username_label(u, lang))
    events["reason"] = events["reason"].map(lambda r: reason_text(r, lang))
    events["action"] = events["action"].map(lambda a: ui.tr(f"a_{a}"))
    events["entity"] = events["entity"].map(lambda e: ui.tr(f"e_{e}"))
    shown = events[["at", "username", "action", "entity", "entity_id", "changes", "reason"]]
    config: ui.Columns = {
        "at": st.column_config.DatetimeColumn(ui.tr("when"), format="YYYY-MM-DD HH:mm:ss"),
        "username": ui.tr("who"),
        "action": ui.tr("action"),
        "entity": ui.tr("entity"),
        "entity_id": ui.tr("id"),
        "changes": st.column_config.TextColumn(ui.tr("changes"), width="large"),
        "reason": ui.tr("reason"),
    }
    st.dataframe(shown, hide_index=True, width="stretch", column_config=config, placeholder="—")
    ui.download_table(shown, name="audit", key="dl_audit", column_config=config)
    # "#9" alone told the reader nothing: the picker names when, who and what.
    label = {int(r.id): event_label(r) for r in events.itertuples()}
    picked = st.selectbox(
        ui.tr("event"), events["id"].tolist(), key="a_pick", format_func=label.__getitem__
    )
    row = events[events["id"] == picked].iloc[0]
    # st.table renders its cells as markdown: values are user input, so escape them.
    diff = pd.DataFrame(
        [tuple(escape_markdown(v) for v in c) for c in changes(row, lang)],
        columns=[ui.tr("field"), ui.tr("before"), ui.tr("after")],
    )
    st.table(diff.set_index(ui.tr("field")))


ui.run_page(main)

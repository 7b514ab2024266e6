"""Backup and restore (admins only): download the whole database, or replace it from a file.

The same service functions as ``manage.py backup`` / ``manage.py restore``; the file
format is described in models/backup.py.
"""

from __future__ import annotations

import io
from datetime import datetime

import streamlit as st

import ui
from models.backup import BackupFile
from models.common import SHANGHAI
from models.errors import ServiceError
from models.services.backup import backup_database, restore_database
from models.services.core import Actor


def backup_section() -> None:
    """A button that builds the backup, then the download of what it built."""
    st.subheader(ui.tr("bk_make"))
    st.caption(ui.tr("bk_intro"))
    if st.button(ui.tr("bk_make"), key="bk_make", icon=":material/archive:"):
        # A backup holds password hashes: the login is checked now, not 30 s ago.
        checked = ui.current_actor(fresh=True)
        if checked is None or not checked.is_admin:
            st.rerun()  # the page now says it is for administrators; no backup is made
        buffer = io.BytesIO()
        try:
            manifest = backup_database(ui.engine(), buffer, actor=checked)
        except ServiceError as exc:
            ui.show_error(exc)
            return
        # Shanghai time, as the audit trail shows the same backup (admin QA: UTC here).
        stamp = datetime.now(SHANGHAI).strftime("%Y%m%d-%H%M%S")
        st.session_state["_backup"] = (
            buffer.getvalue(),
            f"jingan-backup-{stamp}.zip",
            ui.tr(
                "bk_made",
                tables=len(manifest.tables),
                rows=f"{manifest.total_rows:,}",
                revision=manifest.schema_revision,
            ),
        )
    made = st.session_state.get("_backup")
    if made is None:
        return
    data, name, summary = made
    st.success(summary)
    st.download_button(
        ui.tr("bk_download"),
        data=data,
        file_name=name,
        mime="application/zip",
        key="bk_download",
        on_click="ignore",
        icon=":material/download:",
    )


def restore_section(actor: Actor) -> None:
    """Upload, confirm, restore in one transaction; then everyone logs in again."""
    st.subheader(ui.tr("bk_restore_title"))
    st.warning(ui.tr("bk_restore_warning"))
    upload = ui.upload_file(ui.tr("bk_upload"), key="bk_file", types=["zip"])
    force = st.checkbox(ui.tr("bk_force"), key="bk_force")
    reason = st.text_input(ui.tr("bk_reason"), key="bk_reason", max_chars=500)
    if not st.button(ui.tr("bk_restore_button"), key="bk_restore", type="primary"):
        return
    if upload is None:
        st.error(ui.tr("bk_no_file"))
        return
    try:
        backup = BackupFile(io.BytesIO(upload.getvalue()), name=upload.name)
    except ServiceError as exc:
        ui.show_error(exc)
        return
    summary = ui.save(restore_database, actor=actor, backup=backup, force=force, reason=reason)
    if summary is None:
        return
    # The restore ended every login session, and this account may not even exist in
    # the restored data: log out here too, and say so after the rerun.
    ui.logout()
    st.session_state.pop("_backup", None)
    st.session_state["_flash"] = ui.tr(
        "bk_restored",
        rows=summary.rows,
        tables=summary.tables,
        replaced=summary.replaced_rows,
    )
    st.rerun()


def main() -> None:
    ui.setup_page("backup_page")
    st.title(ui.tr("backup_page"))
    actor = ui.current_actor()
    if actor is None or not actor.is_admin:
        st.session_state.pop("_backup", None)  # a backup built before the login ended
        st.info(ui.tr("admin_only"))
        st.stop()
    backup_section()
    st.divider()
    restore_section(actor)


ui.run_page(main)

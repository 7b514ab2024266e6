"""Import: spreadsheets of carriers, tenants, tenancies, occupancy and projects (editors),
and zone outlines from GIS files (administrators).

Choose a kind, download its template, upload a filled .xlsx or .csv (or a GIS file), read
the preview (rows to create, update, leave, and the rejected ones with their reasons),
then confirm.
Nothing is written before the confirmation, and nothing at all while a row is rejected
unless "only the valid rows" is ticked. The work is in models.importing.
"""

from __future__ import annotations

import hashlib
from typing import Any

import streamlit as st

import ui
from geo.escape import escape_markdown
from models.errors import ServiceError
from models.importing import KINDS, ImportResult, preview_import
from models.importing.engine import import_checked
from models.importing.registry import wording
from models.settings import get_settings
from page_parts.import_choices import choose_crs, choose_kind, template_button


def preview(params: dict[str, Any]) -> ImportResult | None:
    """The preview of this upload, kept per file, kind, system and data version."""
    key = (
        params["kind"],
        params["crs"],
        hashlib.sha256(params["data"]).hexdigest(),
        ui.data_version(),
    )
    cached = st.session_state.get("_imp_preview")
    if cached is not None and cached[0] == key:
        return cached[1]  # type: ignore[no-any-return]
    bar = st.progress(0.0)

    def progress(done: int, total: int) -> None:
        # Every 50 rows: each update is a message to the browser.
        if done % 50 == 0 or done == total:
            bar.progress(done / total, text=ui.tr("imp_progress", done=done, total=total))

    try:
        result = preview_import(ui.engine(), progress=progress, **params)
    except ServiceError as exc:
        ui.show_error(exc)
        return None
    finally:
        bar.empty()
    st.session_state["_imp_preview"] = (key, result)
    return result


def reasons(frame: Any, key: str, kind: str) -> None:
    """Rows and their reasons: a wrapping table when short (a grid cuts long reasons off)."""
    labels = {c: ui.tr(wording(kind, f"imp_col_{c}")) for c in frame.columns}
    labelled = frame.rename(columns=labels)
    if len(frame) <= 20:
        st.table(labelled, hide_index=True)
    else:
        st.dataframe(labelled, hide_index=True, width="stretch", key=key)


def show(result: ImportResult) -> None:
    """Counts, the rejected rows with their reasons, and the rows to write."""
    st.subheader(escape_markdown(ui.tr("imp_preview_title", file=result.filename)))
    for col, (action, n) in zip(st.columns(4), result.counts.items(), strict=True):
        col.metric(ui.tr(f"imp_action_{action}"), n)
    if result.ignored:
        st.caption(escape_markdown(ui.tr("imp_ignored", columns=ui.join_list(result.ignored))))
    problems = result.problem_frame(ui.lang())
    if not problems.empty:
        st.markdown(f"**{ui.tr(wording(result.kind, 'imp_rejected_title'))}**")
        reasons(problems, "imp_rejected", result.kind)
    warnings = result.warning_frame(ui.lang())
    if not warnings.empty:
        st.warning(ui.tr("imp_warnings_title"))
        reasons(warnings, "imp_warn", result.kind)
    rows = result.row_frame(ui.lang())
    rows = rows[rows["action"] != ui.tr("imp_action_unchanged")]
    if not rows.empty:
        with st.expander(ui.tr(wording(result.kind, "imp_rows_title")), expanded=problems.empty):
            labels = {c: ui.tr(wording(result.kind, f"imp_col_{c}")) for c in rows.columns}
            st.dataframe(rows, hide_index=True, key="imp_rows", column_config=labels)


def confirm(result: ImportResult, params: dict[str, Any]) -> None:
    """The confirmation: blocked while rows are rejected, unless only valid rows go in."""
    rejected = result.counts["rejected"]
    offer = bool(rejected) and KINDS[params["kind"]].partial  # zones: whole or not at all
    only_valid = offer and st.checkbox(ui.tr("imp_only_valid"), key="imp_only_valid")
    if rejected and not only_valid:
        st.warning(ui.tr("imp_blocked" if offer else "imp_blocked_whole"))
    if not result.written:
        st.info(ui.tr("imp_nothing"))
    blocked = (bool(rejected) and not only_valid) or not result.written
    if not st.button(ui.tr("imp_confirm"), type="primary", disabled=blocked, key="imp_go"):
        return
    done = ui.save(import_checked, expected=result.counts, only_valid=only_valid, **params)
    if done is None:
        st.session_state.pop("_imp_preview", None)  # the next run previews afresh
        return
    st.session_state.pop("_imp_preview", None)
    counts = done.counts
    st.session_state["_flash"] = ui.tr(
        wording(done.kind, "imp_done"), created=counts["create"], updated=counts["update"]
    )
    st.session_state["imp_upload_n"] = st.session_state.get("imp_upload_n", 0) + 1
    st.rerun()


def main() -> None:
    ui.setup_page("import_page")
    st.title(ui.tr("import_page"))
    actor = ui.require_editor()
    if actor is None:
        st.stop()
    kind = choose_kind(actor)
    template_button(kind)
    crs = choose_crs(kind)
    limit = f"{get_settings().import_max_mb:g}"
    # A new key after a successful import empties the uploader for the next file.
    upload = ui.file_uploader(
        ui.tr("imp_upload", mb=limit),
        types=[suffix.lstrip(".") for suffix in KINDS[kind].suffixes],
        hint=ui.tr("imp_drop_hint", mb=limit, types=" ".join(KINDS[kind].suffixes)),
        key=f"imp_file_{st.session_state.get('imp_upload_n', 0)}",
    )
    if upload is None:
        return
    params = {
        "actor": actor,
        "kind": kind,
        "filename": upload.name,
        "data": upload.getvalue(),
        "crs": crs,
    }
    result = preview(params)
    if result is not None:
        show(result)
        confirm(result, params)


ui.run_page(main)

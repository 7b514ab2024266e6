"""The import page's first choices: what to import, its template, its coordinate system.

Zones (GIS files, administrators only) differ from the spreadsheet kinds in all three:
their "template" is the current outlines as GeoJSON, and their coordinate system
defaults to the file's own.
"""

from __future__ import annotations

import streamlit as st

import ui
from models.db import session_scope
from models.importing import KINDS
from models.importing.templates import export_bytes, file_name, mime, template_bytes
from models.services.core import Actor

TABLE_CRS = ["wgs84", "gcj02", "bd09", "epsg"]
# A GIS file usually says what it is in; DataV GeoAtlas files do not (they are GCJ-02).
FILE_CRS = ["file", *TABLE_CRS]


def choose_kind(actor: Actor) -> str:
    """The kinds this actor may import (zones are reference data: administrators only)."""
    kinds = [k for k, spec in KINDS.items() if actor.is_admin or not spec.admin_only]
    kind = ui.keep_choice(st, "imp_kind", kinds, "imp_kind_")
    if KINDS[kind].read is None:  # GIS files get their own hint with the template
        st.caption(ui.tr("imp_intro"))
    return kind


def template_button(kind: str) -> None:
    """The template download; for zones the outlines stored now, to edit in a GIS."""
    spec = KINDS[kind]
    if spec.pack is not None:
        st.caption(ui.tr("imp_zones_hint"))
        with session_scope(ui.engine()) as session:
            data = export_bytes(session, kind, ui.lang())
        label = ui.tr("imp_template_zones")
        name = file_name(kind, ui.lang(), "xlsx", template=False)
    else:
        data, label = template_bytes(kind, ui.lang()), ui.tr("imp_template")
        name = file_name(kind, ui.lang(), "xlsx")
    st.download_button(
        label,
        data=data,
        file_name=name,
        mime=mime(kind, "xlsx"),
        key="imp_template",
        on_click="ignore",
        icon=":material/download:",
    )


def choose_crs(kind: str) -> str | None:
    """The coordinate system of the file (None: as the file says), for kinds with one."""
    spec = KINDS[kind]
    if not spec.has_position and spec.read is None:
        return None
    options = FILE_CRS if spec.read is not None else TABLE_CRS
    left, right = st.columns(2)
    name = "imp_crs_gis" if spec.read is not None else "imp_crs"
    choice = ui.keep_choice(left, name, options, "imp_crs_", help_key=f"{name}_help")
    if choice == "file":
        return None
    if choice != "epsg":
        return str(choice)
    code = right.text_input(ui.tr("imp_epsg"), "EPSG:4490", max_chars=12, key="imp_epsg")
    return str(code)

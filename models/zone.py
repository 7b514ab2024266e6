"""Zones: the district outline, Shibei park and the three cluster belts."""

from __future__ import annotations

from typing import Annotated

from annotated_types import MaxLen
from pydantic import BeforeValidator
from sqlalchemy import CheckConstraint, Text
from sqlmodel import Field, SQLModel

from models.enums import ZoneKind, sql_in
from models.validation import Name200, OptName200, Text200, strip

# An official outline from GIS staff can be far more detailed than a footprint. The
# service caps the vertex count (what costs time, and what its message names); this cap
# on the text only stops absurd input before it is parsed, well above 25,000 vertices.
ZoneWkt = Annotated[str, BeforeValidator(strip), MaxLen(20_000_000)]


class ZoneBase(SQLModel):
    kind: str = Field(max_length=16)
    code: str = Field(max_length=32, unique=True, index=True)
    name_zh: str = Field(max_length=200)
    name_en: str = Field(max_length=200)
    theme_zh: str = Field(default="", max_length=200)
    theme_en: str = Field(default="", max_length=200)
    # WGS-84 polygon as WKT: portable text, no spatial extension needed.
    geometry_wkt: str = Field(sa_type=Text)


class Zone(ZoneBase, table=True):
    __table_args__ = (CheckConstraint(f"kind IN {sql_in(ZoneKind)}", name="ck_zone_kind"),)

    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1)


class ZoneUpdate(SQLModel):
    """What an admin may change on a zone: its names, themes and outline (WGS-84 WKT).

    Code and kind are the zone's identity (figures, scopes and labels refer to them), so
    they are not editable.
    """

    name_zh: Name200 | None = None
    name_en: OptName200 | None = None
    theme_zh: Text200 | None = None
    theme_en: Text200 | None = None
    geometry_wkt: ZoneWkt | None = None
